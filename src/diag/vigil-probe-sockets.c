/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-probe-sockets"

#include "config.h"

#include <arpa/inet.h>
#include <string.h>

#include "vigil-probe-ids.h"

/* The process's sockets by inode, from /proc/self/net/{udp,udp6,tcp,
 * tcp6,unix,packet,netlink}: what names a socket orphan.  Nothing read is
 * trusted: a line that does not parse is skipped, a table that cannot be
 * read leaves its sockets unnamed ("socket:[N]"). */

#define MAX_LINE_FIELDS 16

struct _VigilSocketTable
{
  GHashTable *by_inode;                 /* guint64* → SocketEntry */
};

typedef struct
{
  const char *protocol;                 /* static */
  char       *local;
  char       *remote;                   /* (nullable): unconnected */
} SocketEntry;

static char *
path_in (const char *root,
         const char *a,
         const char *b)
{
  return g_build_filename (root != NULL ? root : "/proc/self", a, b, NULL);
}

static void
socket_entry_free (gpointer data)
{
  SocketEntry *entry = data;

  g_free (entry->local);
  g_free (entry->remote);
  g_free (entry);
}

/* "0100007F:0F74" (IPv4, the kernel's u32 in host order) or 32 hex digits
 * (IPv6, four such u32) and a big-endian port.  NULL when it does not
 * parse; *is_any when the address and port are all zero. */
static char *
parse_address (const char *text,
               gboolean   *is_any)
{
  const char *colon = strchr (text, ':');
  gsize hex_len = colon != NULL ? (gsize) (colon - text) : 0;
  char buf[INET6_ADDRSTRLEN];
  guint32 words[4] = { 0 };
  char *end = NULL;
  guint64 port;
  gboolean zero = TRUE;

  if (hex_len != 8 && hex_len != 32)
    return NULL;
  for (gsize w = 0; w < hex_len / 8; w++)
    {
      char word[9];

      memcpy (word, text + w * 8, 8);
      word[8] = '\0';
      words[w] = (guint32) g_ascii_strtoull (word, &end, 16);
      if (*end != '\0')
        return NULL;
      zero = zero && words[w] == 0;
    }
  port = g_ascii_strtoull (colon + 1, &end, 16);
  if (end == colon + 1 || port > 65535)
    return NULL;
  *is_any = zero && port == 0;
  if (inet_ntop (hex_len == 8 ? AF_INET : AF_INET6, words, buf, sizeof buf) == NULL)
    return NULL;
  if (hex_len == 8)
    return g_strdup_printf ("%s:%u", buf, (guint) port);
  return g_strdup_printf ("[%s]:%u", buf, (guint) port);
}

static void
add_inet_line (GHashTable  *table,
               const char  *protocol,
               char       **fields,
               guint        n)
{
  g_autofree char *local = NULL;
  g_autofree char *remote = NULL;
  gboolean local_any = FALSE, remote_any = FALSE;
  SocketEntry *entry;
  guint64 inode, *key;
  char *end = NULL;

  if (n < 10 || !(local = parse_address (fields[1], &local_any)) ||
      !(remote = parse_address (fields[2], &remote_any)))
    return;
  inode = g_ascii_strtoull (fields[9], &end, 10);
  if (end == fields[9] || *end != '\0' || inode == 0)
    return;
  entry = g_new0 (SocketEntry, 1);
  entry->protocol = protocol;
  entry->local = g_steal_pointer (&local);
  entry->remote = remote_any ? NULL : g_steal_pointer (&remote);
  key = g_new (guint64, 1);
  *key = inode;
  g_hash_table_replace (table, key, entry);
}

/* unix: "Num RefCount Protocol Flags Type St Inode [Path]"; packet:
 * inode is field 8, netlink field 9. */
static void
add_other_line (GHashTable  *table,
                const char  *protocol,
                guint        inode_field,
                char       **fields,
                guint        n)
{
  SocketEntry *entry;
  guint64 inode, *key;
  char *end = NULL;

  if (n <= inode_field)
    return;
  inode = g_ascii_strtoull (fields[inode_field], &end, 10);
  if (end == fields[inode_field] || *end != '\0' || inode == 0)
    return;
  entry = g_new0 (SocketEntry, 1);
  entry->protocol = protocol;
  if (strcmp (protocol, "unix") == 0 && n > 7)
    entry->local = g_utf8_make_valid (fields[7], MIN (strlen (fields[7]), 256));
  key = g_new (guint64, 1);
  *key = inode;
  g_hash_table_replace (table, key, entry);
}

static void
load_one (GHashTable *table,
          const char *root,
          const char *file,
          const char *protocol)
{
  g_autofree char *path = path_in (root, "net", file);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return;                             /* unreadable: its sockets stay "socket:[N]" */
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      char *fields[MAX_LINE_FIELDS];
      char *save = NULL;
      guint n = 0;

      for (char *tok = strtok_r (lines[i], " \t", &save); tok != NULL && n < MAX_LINE_FIELDS;
           tok = strtok_r (NULL, " \t", &save))
        fields[n++] = tok;
      if (strcmp (protocol, "unix") == 0)
        add_other_line (table, protocol, 6, fields, n);
      else if (strcmp (protocol, "packet") == 0)
        add_other_line (table, protocol, 8, fields, n);
      else if (strcmp (protocol, "netlink") == 0)
        add_other_line (table, protocol, 9, fields, n);
      else
        add_inet_line (table, protocol, fields, n);
    }
}

/**
 * vigil_socket_table_load:
 *
 * Reads net/{udp,udp6,tcp,tcp6,unix,packet,netlink}.  Never fails: an
 * unreadable table leaves its sockets unnamed.
 *
 * Returns: (transfer full): the sockets of the process's network namespace
 */
VigilSocketTable *
vigil_socket_table_load (const char *root)
{
  static const struct { const char *file; const char *protocol; } files[] = {
    { "udp", "UDP" }, { "udp6", "UDP6" }, { "tcp", "TCP" }, { "tcp6", "TCP6" },
    { "unix", "unix" }, { "packet", "packet" }, { "netlink", "netlink" },
  };
  VigilSocketTable *table = g_new0 (VigilSocketTable, 1);

  table->by_inode = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, socket_entry_free);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    load_one (table->by_inode, root, files[i].file, files[i].protocol);
  return table;
}

/**
 * vigil_socket_table_lookup:
 * @protocol: (out) (transfer none): "UDP", "TCP6", "unix", "packet", …
 * @local: (out) (transfer none) (nullable): "127.0.0.1:41234", a unix path
 * @remote: (out) (transfer none) (nullable): the peer, NULL when unconnected
 *
 * Returns: whether @inode is in a table
 */
gboolean
vigil_socket_table_lookup (VigilSocketTable  *table,
                           guint64            inode,
                           const char       **protocol,
                           const char       **local,
                           const char       **remote)
{
  SocketEntry *entry;

  g_return_val_if_fail (table != NULL, FALSE);

  if ((entry = g_hash_table_lookup (table->by_inode, &inode)) == NULL)
    return FALSE;
  *protocol = entry->protocol;
  *local = entry->local;
  *remote = entry->remote;
  return TRUE;
}

void
vigil_socket_table_free (VigilSocketTable *table)
{
  if (table == NULL)
    return;
  g_hash_table_unref (table->by_inode);
  g_free (table);
}
