/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-atomic-file"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vigil-atomic-file.h"

/* Atomic file writes for snapshots and saved frames: a temp file in the
 * target folder, fsync, rename, fsync of the folder.  On failure neither
 * the target nor the temp file is left changed or behind, and the errno
 * is handed back for the caller to put in words, with
 * vigil_atomic_file_describe_errno ().  Any thread. */

#define FAIL_AFTER_ENV "VIGIL_SNAPSHOT_FAIL_AFTER_BYTES"

/* The injected write failure for tests (vigil_atomic_file_set_write_fault). */
G_LOCK_DEFINE_STATIC (write_fault);
static gssize write_fault = -1;   /* -1 = off */
static gboolean write_fault_set;

/* The temp file of an atomic write: closed and removed on every path
 * unless it was renamed into place. */
typedef struct
{
  char *path;
  int   fd;
} TempFile;

static void
temp_file_free (TempFile *temp)
{
  if (temp->fd >= 0)
    g_close (temp->fd, NULL);
  if (temp->path != NULL)
    g_unlink (temp->path);
  g_free (temp->path);
  g_free (temp);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TempFile, temp_file_free)

static gssize
get_write_fault (void)
{
  const char *env;
  gint64 value;

  G_LOCK (write_fault);
  if (write_fault_set)
    {
      gssize fault = write_fault;

      G_UNLOCK (write_fault);
      return fault;
    }
  G_UNLOCK (write_fault);

  env = g_getenv (FAIL_AFTER_ENV);
  if (env == NULL || *env == '\0' || !g_ascii_string_to_signed (env, 10, 0, G_MAXSSIZE, &value, NULL))
    return -1;
  return (gssize) value;
}

static gboolean
write_all (int           fd,
           const char   *data,
           gsize         length,
           int          *saved_errno)
{
  gssize fail_after = get_write_fault ();
  gsize written = 0;

  while (written < length)
    {
      gsize chunk = length - written;
      gssize n;

      if (fail_after >= 0 && written + chunk > (gsize) fail_after)
        {
          chunk = (gsize) fail_after - written;
          if (chunk == 0)
            {
              *saved_errno = ENOSPC;          /* the injected failure */
              return FALSE;
            }
        }
      n = write (fd, data + written, chunk);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          *saved_errno = errno;
          return FALSE;
        }
      written += (gsize) n;
    }
  return TRUE;
}

/**
 * vigil_atomic_file_write:
 * @saved_errno: (out): why not, on failure
 *
 * Writes @data to @path atomically.
 *
 * Returns: whether @path now holds @data
 */
gboolean
vigil_atomic_file_write (const char *path,
                         const char *data,
                         gsize       length,
                         int        *saved_errno)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *template = g_strdup_printf (".%s.XXXXXX", base);
  g_autoptr(TempFile) temp = g_new0 (TempFile, 1);
  int dir_fd;

  *saved_errno = 0;
  temp->path = g_build_filename (folder, template, NULL);
  temp->fd = g_mkstemp_full (temp->path, O_WRONLY | O_CLOEXEC, 0644);
  if (temp->fd < 0)
    {
      *saved_errno = errno;
      g_clear_pointer (&temp->path, g_free);  /* nothing was created */
      return FALSE;
    }

  if (!write_all (temp->fd, data, length, saved_errno))
    return FALSE;
  if (fsync (temp->fd) != 0 || !g_close (g_steal_fd (&temp->fd), NULL))
    {
      *saved_errno = errno;
      return FALSE;
    }
  if (g_rename (temp->path, path) != 0)
    {
      *saved_errno = errno;
      return FALSE;
    }
  g_clear_pointer (&temp->path, g_free);     /* renamed: nothing to remove */

  /* Make the rename itself durable; failing here loses nothing written. */
  dir_fd = g_open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  if (dir_fd >= 0)
    {
      fsync (dir_fd);
      g_close (dir_fd, NULL);
    }
  return TRUE;
}

/**
 * vigil_atomic_file_set_write_fault:
 * @fail_after_bytes: fail every write with ENOSPC after this many bytes;
 *   -1 turns the fault off
 *
 * For tests.  Overrides VIGIL_SNAPSHOT_FAIL_AFTER_BYTES.
 */
void
vigil_atomic_file_set_write_fault (gssize fail_after_bytes)
{
  G_LOCK (write_fault);
  write_fault = fail_after_bytes;
  write_fault_set = TRUE;
  G_UNLOCK (write_fault);
}

/**
 * vigil_atomic_file_describe_errno:
 * @saved_errno: an errno met writing @path (vigil_atomic_file_write ())
 * @path: the file that was to be written
 *
 * Why @path could not be written, in words, for messages such as "Could
 * not save the frame “%s”: %s": the folder missing, not writable, the
 * disk full, @path a folder, or the system's words for other errors.
 *
 * Returns: (transfer full): the reason
 */
char *
vigil_atomic_file_describe_errno (int         saved_errno,
                                  const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *display_folder = g_filename_display_name (folder);

  switch (saved_errno)
    {
    case ENOENT:
    case ENOTDIR:
      /* Translators: why a file could not be written. */
      return g_strdup_printf (_("the folder “%s” does not exist or is not a folder"), display_folder);
    case EACCES:
    case EPERM:
    case EROFS:
      /* Translators: why a file could not be written; then the system's words. */
      return g_strdup_printf (_("the folder “%s” is not writable (%s)"), display_folder, g_strerror (saved_errno));
    case EISDIR:
      /* Translators: why a file could not be written. */
      return g_strdup (_("it is a folder; give a file name"));
    case ENOSPC:
    case EDQUOT:
      /* Translators: why a file could not be written; then the system's words. */
      return g_strdup_printf (_("the disk is full (%s)"), g_strerror (saved_errno));
    default:
      return g_strdup (g_strerror (saved_errno));
    }
}
