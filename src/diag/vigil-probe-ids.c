/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-probe-ids"

#include "config.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-probe-ids.h"

/* Linux: /proc/self/{fd,fdinfo,task,net}.  Nothing here trusts what it
 * reads: a field that does not parse is "unknown", never a made-up value. */

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

/* Reads "key:\tvalue" from fdinfo text; -1 when absent. */
static gint64
fdinfo_field (const char *text,
              const char *key)
{
  gsize key_len = strlen (key);

  for (const char *line = text; line != NULL && *line != '\0';)
    {
      const char *next = strchr (line, '\n');

      if (strncmp (line, key, key_len) == 0 && line[key_len] == ':')
        {
          char *end = NULL;
          guint64 value = g_ascii_strtoull (line + key_len + 1, &end, 10);

          if (end != line + key_len + 1 && value <= G_MAXINT64)
            return (gint64) value;
          return -1;
        }
      line = next != NULL ? next + 1 : NULL;
    }
  return -1;
}

static char *
read_fdinfo (const char *root,
             int         fd)
{
  g_autofree char *name = g_strdup_printf ("%d", fd);
  g_autofree char *path = path_in (root, "fdinfo", name);
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  return text;
}

/**
 * vigil_probe_ids_identify_fd:
 * @target: the fd's link target, to know whether fdinfo is worth a read
 *
 * Live: fstat of our own fd (st_dev, st_ino), plus eventfd-id for an
 * eventfd.  Test root: ino (and eventfd-id) from fdinfo/N.
 *
 * Returns: FALSE when the fd is not open (any more)
 */
gboolean
vigil_probe_ids_identify_fd (const char      *root,
                             int              fd,
                             const char      *target,
                             VigilFdIdentity *identity)
{
  g_autofree char *info = NULL;
  gboolean eventfd = g_strcmp0 (target, "anon_inode:[eventfd]") == 0;

  g_return_val_if_fail (identity != NULL, FALSE);

  identity->dev = 0;
  identity->ino = 0;
  identity->extra = -1;
  if (root == NULL)
    {
      struct stat st;

      if (fstat (fd, &st) != 0)
        return FALSE;
      identity->dev = st.st_dev;
      identity->ino = st.st_ino;
      if (!eventfd)
        return TRUE;
    }
  info = read_fdinfo (root, fd);
  if (info == NULL)
    return root == NULL;                /* live: fstat said it is open */
  if (root != NULL)
    identity->ino = (guint64) MAX (fdinfo_field (info, "ino"), 0);
  if (eventfd)
    identity->extra = fdinfo_field (info, "eventfd-id");
  return TRUE;
}

/**
 * vigil_probe_ids_read_target:
 *
 * Returns: (transfer full) (nullable): the link target of fd/@fd, or %NULL
 *   when it is not open
 */
char *
vigil_probe_ids_read_target (const char *root,
                             int         fd)
{
  g_autofree char *name = g_strdup_printf ("%d", fd);
  g_autofree char *path = path_in (root, "fd", name);
  char target[PATH_MAX];
  ssize_t len = readlink (path, target, sizeof target - 1);

  if (len < 0)
    return NULL;
  target[len] = '\0';
  return g_utf8_make_valid (target, len);
}

static int
compare_int (gconstpointer a,
             gconstpointer b)
{
  int ia = *(const int *) a, ib = *(const int *) b;

  return (ia > ib) - (ia < ib);
}

/**
 * vigil_probe_ids_list_tids:
 *
 * Returns: (transfer full) (element-type int) (nullable): the process's
 *   thread ids, sorted, or %NULL with @error set
 */
GArray *
vigil_probe_ids_list_tids (const char  *root,
                           GError     **error)
{
  g_autofree char *path = path_in (root, "task", NULL);
  g_autoptr(GArray) tids = g_array_new (FALSE, FALSE, sizeof (int));
  DIR *dir = opendir (path);
  struct dirent *ent;

  if (dir == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_PROBE, _("Could not open %s: %s"), path,
                   g_strerror (saved_errno));
      return NULL;
    }
  while ((ent = readdir (dir)) != NULL)
    {
      char *end = NULL;
      gint64 tid;

      if (ent->d_name[0] < '0' || ent->d_name[0] > '9')
        continue;
      tid = g_ascii_strtoll (ent->d_name, &end, 10);
      if (*end == '\0' && tid > 0 && tid <= G_MAXINT)
        {
          int value = (int) tid;

          g_array_append_val (tids, value);
        }
    }
  closedir (dir);
  g_array_sort (tids, compare_int);
  return g_steal_pointer (&tids);
}

/* Field 22 of a stat line: counted after the last ')' (comm may hold
 * spaces and parentheses). */
static gboolean
parse_starttime (const char *stat,
                 guint64    *starttime)
{
  const char *p = strrchr (stat, ')');
  int field = 2;

  if (p == NULL)
    return FALSE;
  p++;
  while (*p != '\0')
    {
      while (*p == ' ')
        p++;
      if (*p == '\0')
        break;
      field++;
      if (field == 22)
        {
          char *end = NULL;

          *starttime = g_ascii_strtoull (p, &end, 10);
          return end != p;
        }
      while (*p != '\0' && *p != ' ')
        p++;
    }
  return FALSE;
}

/**
 * vigil_probe_ids_read_task:
 *
 * Fills @entry (which the caller clears) with the thread's start time and
 * comm.  A thread that ended while it was read gives FALSE.
 *
 * Returns: whether task/@tid exists and its start time could be read
 */
gboolean
vigil_probe_ids_read_task (const char     *root,
                           int             tid,
                           VigilTaskEntry *entry)
{
  g_autofree char *dir = g_strdup_printf ("%d", tid);
  g_autofree char *task = path_in (root, "task", dir);
  g_autofree char *stat_path = g_build_filename (task, "stat", NULL);
  g_autofree char *comm_path = g_build_filename (task, "comm", NULL);
  g_autofree char *stat = NULL;
  g_autofree char *comm = NULL;
  gsize len = 0;

  g_return_val_if_fail (entry != NULL, FALSE);

  entry->tid = tid;
  entry->starttime = 0;
  entry->comm = NULL;
  if (!g_file_get_contents (stat_path, &stat, NULL, NULL) || !parse_starttime (stat, &entry->starttime))
    return FALSE;
  if (g_file_get_contents (comm_path, &comm, &len, NULL))
    {
      len = MIN (len, 64);
      while (len > 0 && (comm[len - 1] == '\n' || comm[len - 1] == '\0'))
        len--;
      entry->comm = g_utf8_make_valid (comm, len);
    }
  return TRUE;
}

void
vigil_task_entry_clear (VigilTaskEntry *entry)
{
  g_clear_pointer (&entry->comm, g_free);
}

/**
 * vigil_probe_ids_socket_inode:
 *
 * Returns: N of "socket:[N]", 0 for anything else
 */
guint64
vigil_probe_ids_socket_inode (const char *target)
{
  char *end = NULL;
  guint64 inode;

  if (target == NULL || !g_str_has_prefix (target, "socket:["))
    return 0;
  inode = g_ascii_strtoull (target + 8, &end, 10);
  return end != target + 8 && *end == ']' ? inode : 0;
}

/**
 * vigil_probe_ids_describe:
 * @kind: (out) (transfer full): "eventfd", "pipe", "file", …
 * @name: (out) (transfer full): what an engineer searches for
 *
 * The kind and name of a non-socket fd from its link target alone (a
 * socket's gets "socket" and its target; the socket table does better).
 */
void
vigil_probe_ids_describe (const char  *target,
                          char       **kind,
                          char       **name)
{
  static const struct { const char *target; const char *kind; } anon[] = {
    { "anon_inode:[eventfd]", "eventfd" },
    { "anon_inode:[timerfd]", "timerfd" },
    { "anon_inode:[signalfd]", "signalfd" },
    { "anon_inode:[eventpoll]", "epoll" },
    { "anon_inode:inotify", "inotify" },
    { "anon_inode:[pidfd]", "pidfd" },
  };
  const char *t = target != NULL ? target : "";

  for (guint i = 0; i < G_N_ELEMENTS (anon); i++)
    if (strcmp (t, anon[i].target) == 0)
      {
        *kind = g_strdup (anon[i].kind);
        *name = g_strdup (anon[i].kind);
        return;
      }
  if (g_str_has_prefix (t, "socket:"))
    *kind = g_strdup ("socket");
  else if (g_str_has_prefix (t, "pipe:"))
    *kind = g_strdup ("pipe");
  else if (g_str_has_prefix (t, "/memfd:"))
    {
      const char *end = g_strrstr (t, " (deleted)");

      *kind = g_strdup ("memfd");
      *name = g_strndup (t + 7, end != NULL ? (gsize) (end - t - 7) : strlen (t + 7));
      return;
    }
  else if (g_str_has_prefix (t, "/dev/"))
    *kind = g_strdup ("device");
  else if (t[0] == '/')
    *kind = g_strdup ("file");
  else
    *kind = g_strdup ("other");
  *name = g_strdup (t[0] != '\0' ? t : "?");
}

/* ---- Sockets by inode ---------------------------------------------------- */

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
