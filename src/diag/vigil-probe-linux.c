/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-probe-linux"

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
#include "vigil-probe.h"

/* The Linux backend: /proc/self (or a test directory laid out like it).
 * The fd directory is read with getdents64 on its own descriptor, which is
 * skipped.  For the live process the kind comes from one statx per fd (a
 * readlink through /proc costs 5-10 times more), and only anonymous inodes
 * (eventfd, timerfd, ...) and wanted targets need readlinkat; targets of
 * sockets, pipes and devices are cached per (fd, dev, ino).  A test root
 * is classified by link targets only.  No allocation unless a list is
 * asked for. */
#define MAX_CACHED_FD 65536

typedef struct
{
  char   *target;
  guint32 dev_major;
  guint32 dev_minor;
  guint64 ino;
} TargetCache;

typedef struct
{
  char     *root;
  gboolean  live;
  GArray   *cache;                      /* TargetCache, indexed by fd */
} LinuxState;

static void
target_cache_clear (gpointer data)
{
  TargetCache *entry = data;

  g_clear_pointer (&entry->target, g_free);
}

static int
compare_fd (gconstpointer a,
            gconstpointer b)
{
  const VigilFdEntry *ea = a, *eb = b;

  return (ea->fd > eb->fd) - (ea->fd < eb->fd);
}

static gpointer
linux_create (const char *root)
{
  LinuxState *state = g_new0 (LinuxState, 1);

  state->live = (root == NULL);
  state->root = g_strdup (root != NULL ? root : "/proc/self");
  state->cache = g_array_new (FALSE, TRUE, sizeof (TargetCache));
  g_array_set_clear_func (state->cache, target_cache_clear);
  return state;
}

static void
linux_destroy (gpointer data)
{
  LinuxState *state = data;

  g_free (state->root);
  g_array_unref (state->cache);
  g_free (state);
}

static int
open_in_root (LinuxState  *state,
              const char  *name,
              int          flags,
              GError     **error)
{
  g_autofree char *path = g_build_filename (state->root, name, NULL);
  int fd = open (path, flags | O_RDONLY | O_CLOEXEC);

  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_PROBE,
                   _("Could not open %s: %s"), path, g_strerror (saved_errno));
    }
  return fd;
}

/* The kind from the file type alone; -1 for anonymous inodes (eventfd,
 * timerfd, epoll, signalfd, ...), which need their link target. */
static int
kind_from_mode (mode_t mode)
{
  switch (mode & S_IFMT)
    {
    case S_IFSOCK: return VIGIL_FD_KIND_SOCKET;
    case S_IFIFO:  return VIGIL_FD_KIND_PIPE;
    case S_IFCHR:
    case S_IFBLK:  return VIGIL_FD_KIND_DEVICE;
    case S_IFREG:
    case S_IFDIR:
    case S_IFLNK:  return VIGIL_FD_KIND_FILE;
    default:       return -1;
    }
}

/* A cached link target of a socket, pipe or device fd: the target names the
 * inode, so it holds as long as (dev, ino) does.  Paths of files can change
 * (rename) and are never cached. */
static const char *
cached_target (LinuxState        *state,
               int                fd,
               const struct statx *stx)
{
  TargetCache *entry;

  if ((guint) fd >= state->cache->len)
    return NULL;
  entry = &g_array_index (state->cache, TargetCache, fd);
  if (entry->target == NULL || entry->dev_major != stx->stx_dev_major ||
      entry->dev_minor != stx->stx_dev_minor || entry->ino != stx->stx_ino)
    return NULL;
  return entry->target;
}

static void
cache_target (LinuxState         *state,
              int                 fd,
              const struct statx *stx,
              const char         *target)
{
  TargetCache *entry;

  if (fd >= MAX_CACHED_FD)
    return;
  if ((guint) fd >= state->cache->len)
    g_array_set_size (state->cache, fd + 1);
  entry = &g_array_index (state->cache, TargetCache, fd);
  g_free (entry->target);
  entry->target = g_strdup (target);
  entry->dev_major = stx->stx_dev_major;
  entry->dev_minor = stx->stx_dev_minor;
  entry->ino = stx->stx_ino;
}

/* Classifies one entry of fd/ and, when @list is wanted, fills @target.
 * Returns the kind, or -1 when the fd was closed meanwhile. */
static int
classify (LinuxState *state,
          int         dirfd,
          const char *name,
          int         fd,
          gboolean    want_target,
          char       *target,
          gsize       size)
{
  struct statx stx;
  const char *cached;
  ssize_t len;
  int kind = -1;

  target[0] = '\0';
  if (state->live)
    {
      /* Our own fd: one statx, which never waits for a network or FUSE
       * server (AT_STATX_DONT_SYNC), instead of a readlink through /proc. */
      if (statx (fd, "", AT_EMPTY_PATH | AT_STATX_DONT_SYNC, STATX_TYPE | STATX_INO, &stx) != 0)
        return errno == EBADF ? -1 : VIGIL_FD_KIND_OTHER;
      kind = kind_from_mode (stx.stx_mode);
      if (kind >= 0 && !want_target)
        return kind;
      if (kind >= 0 && kind != VIGIL_FD_KIND_FILE &&
          (cached = cached_target (state, fd, &stx)) != NULL)
        {
          g_strlcpy (target, cached, size);
          return kind;
        }
    }

  len = readlinkat (dirfd, name, target, size - 1);
  if (len < 0 && errno == ENOENT)
    return -1;                          /* closed while we listed */
  target[MAX (len, 0)] = '\0';
  if (kind < 0)
    return len > 0 ? vigil_fd_kind_from_target (target) : VIGIL_FD_KIND_OTHER;
  if (kind != VIGIL_FD_KIND_FILE && len > 0)
    cache_target (state, fd, &stx, target);
  return kind;
}

static gboolean
linux_read_handles (gpointer           data,
                    VigilProbeSample  *sample,
                    GArray            *list,
                    GError           **error)
{
  LinuxState *state = data;
  gint64 by_kind[VIGIL_N_FD_KINDS] = { 0 };
  gint64 total = 0;
  char buf[8192] __attribute__ ((aligned (8)));
  char target[PATH_MAX];
  ssize_t n;
  int dirfd;

  if ((dirfd = open_in_root (state, "fd", O_DIRECTORY, error)) < 0)
    return FALSE;

  while ((n = getdents64 (dirfd, buf, sizeof buf)) > 0)
    {
      for (ssize_t pos = 0; pos < n;)
        {
          const struct dirent64 *ent = (const struct dirent64 *) (buf + pos);
          char *end = NULL;
          gint64 number;
          int kind;

          pos += ent->d_reclen;
          if (ent->d_name[0] < '0' || ent->d_name[0] > '9')
            continue;
          number = g_ascii_strtoll (ent->d_name, &end, 10);
          if (*end != '\0' || number < 0 || number > G_MAXINT)
            continue;
          if (state->live && number == dirfd)
            continue;

          kind = classify (state, dirfd, ent->d_name, (int) number, list != NULL,
                           target, sizeof target);
          if (kind < 0)
            continue;
          by_kind[kind]++;
          total++;

          if (list != NULL)
            {
              VigilFdEntry entry = { (int) number, g_strdup (target) };

              g_array_append_val (list, entry);
            }
        }
    }

  if (n < 0)
    {
      int saved_errno = errno;

      close (dirfd);
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_PROBE,
                   _("Could not list %s/fd: %s"), state->root, g_strerror (saved_errno));
      if (list != NULL)
        g_array_set_size (list, 0);
      return FALSE;
    }
  close (dirfd);

  if (list != NULL)
    g_array_sort (list, compare_fd);
  sample->open_fds = total;
  memcpy (sample->fds_by_kind, by_kind, sizeof by_kind);
  return TRUE;
}

/* Reads a small /proc file (a few KiB) into @buf, NUL-terminated. */
static gboolean
read_small (LinuxState  *state,
            const char  *name,
            char        *buf,
            gsize        size,
            GError     **error)
{
  gsize len = 0;
  ssize_t n;
  int fd;

  if ((fd = open_in_root (state, name, 0, error)) < 0)
    return FALSE;
  while (len < size - 1 && (n = read (fd, buf + len, size - 1 - len)) != 0)
    {
      if (n < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;
          close (fd);
          g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_PROBE,
                       _("Could not read %s/%s: %s"), state->root, name,
                       g_strerror (saved_errno));
          return FALSE;
        }
      len += n;
    }
  close (fd);
  buf[len] = '\0';
  return TRUE;
}

/* The value of the line "@key: <number> [kB]", scaled to bytes when the unit
 * is kB; -1 when the line is missing or garbled. */
static gint64
field_value (const char *buf,
             const char *key)
{
  gsize key_len = strlen (key);
  const char *p = buf;
  char *end = NULL;
  gint64 value;

  while (p != NULL)
    {
      if (strncmp (p, key, key_len) == 0 && p[key_len] == ':')
        break;
      p = strchr (p, '\n');
      if (p != NULL)
        p++;
    }
  if (p == NULL)
    return VIGIL_PROBE_UNKNOWN;

  p += key_len + 1;
  while (*p == ' ' || *p == '\t')
    p++;
  if (*p < '0' || *p > '9')
    return VIGIL_PROBE_UNKNOWN;
  errno = 0;
  value = g_ascii_strtoll (p, &end, 10);
  if (errno != 0 || end == p || (*end != '\0' && *end != ' ' && *end != '\n'))
    return VIGIL_PROBE_UNKNOWN;
  while (*end == ' ')
    end++;
  if (strncmp (end, "kB", 2) == 0)
    {
      if (value > G_MAXINT64 / 1024)
        return VIGIL_PROBE_UNKNOWN;
      value *= 1024;
    }
  return value;
}

static gboolean
missing (GError     **error,
         LinuxState  *state,
         const char  *file,
         const char  *key)
{
  g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_PROBE,
               _("%s/%s has no readable “%s” field"), state->root, file, key);
  return FALSE;
}

static gboolean
linux_read_threads (gpointer           data,
                    VigilProbeSample  *sample,
                    GError           **error)
{
  LinuxState *state = data;
  char buf[8192];

  if (!read_small (state, "status", buf, sizeof buf, error))
    return FALSE;
  sample->threads = field_value (buf, "Threads");
  sample->rss_bytes = field_value (buf, "VmRSS");
  sample->rss_anon_bytes = field_value (buf, "RssAnon");
  if (sample->threads < 0)
    return missing (error, state, "status", "Threads");
  if (sample->rss_bytes < 0)
    return missing (error, state, "status", "VmRSS");
  if (sample->rss_anon_bytes < 0)
    return missing (error, state, "status", "RssAnon");
  return TRUE;
}

static gboolean
linux_read_private (gpointer           data,
                    VigilProbeSample  *sample,
                    GError           **error)
{
  LinuxState *state = data;
  char buf[4096];
  gint64 clean, dirty;

  if (!read_small (state, "smaps_rollup", buf, sizeof buf, error))
    return FALSE;
  clean = field_value (buf, "Private_Clean");
  dirty = field_value (buf, "Private_Dirty");
  if (clean < 0)
    return missing (error, state, "smaps_rollup", "Private_Clean");
  if (dirty < 0)
    return missing (error, state, "smaps_rollup", "Private_Dirty");
  sample->private_bytes = clean + dirty;
  return TRUE;
}

/* One column of "Max open files  <soft>  <hard>  files". */
static const char *
parse_limit (const char *p,
             gint64     *value)
{
  char *end = NULL;

  while (*p == ' ')
    p++;
  if (g_str_has_prefix (p, "unlimited"))
    {
      *value = G_MAXINT64;
      return p + strlen ("unlimited");
    }
  if (*p < '0' || *p > '9')
    return NULL;
  errno = 0;
  *value = g_ascii_strtoll (p, &end, 10);
  if (errno != 0 || (*end != ' ' && *end != '\n' && *end != '\0'))
    return NULL;
  return end;
}

static gboolean
linux_read_limits (gpointer           data,
                   VigilProbeSample  *sample,
                   GError           **error)
{
  LinuxState *state = data;
  static const char key[] = "Max open files";
  char buf[4096];
  const char *p;
  gint64 soft = VIGIL_PROBE_UNKNOWN, hard = VIGIL_PROBE_UNKNOWN;

  if (!read_small (state, "limits", buf, sizeof buf, error))
    return FALSE;
  p = strstr (buf, key);
  if (p == NULL ||
      (p = parse_limit (p + strlen (key), &soft)) == NULL ||
      parse_limit (p, &hard) == NULL)
    return missing (error, state, "limits", key);
  sample->fd_soft_limit = soft;
  sample->fd_hard_limit = hard;
  return TRUE;
}

const VigilProbeBackend vigil_probe_backend_linux = {
  .name         = "linux",
  .create       = linux_create,
  .destroy      = linux_destroy,
  .read_handles = linux_read_handles,
  .read_threads = linux_read_threads,
  .read_private = linux_read_private,
  .read_limits  = linux_read_limits,
};
