/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-probe-linux"

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-probe.h"

/* The Linux backend: /proc/self (or a test directory laid out like it).
 * The fd directory is read with getdents64 and readlinkat on its own
 * descriptor, which is skipped; no allocation unless a list is asked for. */
typedef struct
{
  char     *root;
  gboolean  live;
} LinuxState;

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
  return state;
}

static void
linux_destroy (gpointer data)
{
  LinuxState *state = data;

  g_free (state->root);
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
          ssize_t len;
          VigilFdKind kind;

          pos += ent->d_reclen;
          if (ent->d_name[0] < '0' || ent->d_name[0] > '9')
            continue;
          number = g_ascii_strtoll (ent->d_name, &end, 10);
          if (*end != '\0' || number < 0 || number > G_MAXINT)
            continue;
          if (state->live && number == dirfd)
            continue;

          len = readlinkat (dirfd, ent->d_name, target, sizeof target - 1);
          if (len < 0 && errno == ENOENT)
            continue;                       /* closed while we listed */
          target[MAX (len, 0)] = '\0';
          kind = len > 0 ? vigil_fd_kind_from_target (target) : VIGIL_FD_KIND_OTHER;
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
