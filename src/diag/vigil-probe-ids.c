/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-probe-ids"

#include "config.h"

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
