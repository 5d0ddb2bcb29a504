/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-snapshot-path"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vigil-atomic-file.h"
#include "vigil-error.h"
#include "vigil-snapshot-path.h"

/* Where a snapshot may go, checked before a long run rather than after it
 * (a vigil-soak report to "/", a read-only file system or /proc was found
 * out only when the run was over and its report lost). */

/* Makes a scratch file in @dir, writes it one byte and removes it.
 * Returns: 0, or the errno met */
static int
try_write_in (const char *dir)
{
  g_autofree char *scratch = g_build_filename (dir, ".vigil-write-check-XXXXXX", NULL);
  int fd = g_mkstemp_full (scratch, O_WRONLY | O_CLOEXEC, 0600);
  int saved_errno = 0;

  if (fd < 0)
    return errno;
  if (write (fd, "{", 1) != 1)
    saved_errno = errno != 0 ? errno : ENOSPC;
  if (close (fd) != 0 && saved_errno == 0)
    saved_errno = errno;
  g_unlink (scratch);
  return saved_errno;
}

/**
 * vigil_snapshot_check_target:
 * @path: where a snapshot is to be written
 *
 * Refuses a folder, anything but a regular file, a missing folder, and a
 * folder in which no file can be made and written (read-only file
 * systems, /proc, missing permissions, a full disk): a scratch file is
 * made there, written one byte and removed.
 *
 * Returns: whether a snapshot can be written to @path now
 */
gboolean
vigil_snapshot_check_target (const char  *path,
                             GError     **error)
{
  g_autofree char *display = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *reason = NULL;
  int saved_errno;

  g_return_val_if_fail (path != NULL, FALSE);

  display = g_filename_display_name (path);
  if (*path == '\0' || g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                   _("Could not write the snapshot “%s”: it is a folder; give a file name"), display);
      return FALSE;
    }
  if (g_file_test (path, G_FILE_TEST_EXISTS) && !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                   _("Could not write the snapshot “%s”: it exists and is not a regular file"), display);
      return FALSE;
    }
  dir = g_path_get_dirname (path);
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    reason = vigil_atomic_file_describe_errno (ENOENT, path);
  else if ((saved_errno = try_write_in (dir)) == ENOSPC || saved_errno == EDQUOT)
    reason = vigil_atomic_file_describe_errno (saved_errno, path);
  else if (saved_errno != 0)
    {
      g_autofree char *dir_display = g_filename_display_name (dir);

      /* Whatever the errno (ENOENT in /proc): the folder is there. */
      reason = g_strdup_printf (_("the folder “%s” is not writable (%s)"), dir_display, g_strerror (saved_errno));
    }
  if (reason != NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_IO, _("Could not write the snapshot “%s”: %s"), display, reason);
      return FALSE;
    }
  return TRUE;
}

/**
 * vigil_snapshot_fallback_path:
 * @stem: the start of the file name, e.g. "vigil-soak-report"
 *
 * Where a snapshot goes when its own path failed at the end of a run: the
 * temporary folder, named by @stem, the pid and the time.
 *
 * Returns: (transfer full): the path
 */
char *
vigil_snapshot_fallback_path (const char *stem)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *when = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  g_autofree char *name = g_strdup_printf ("%s-%d-%s.json", stem, (int) getpid (), when);

  return g_build_filename (g_get_tmp_dir (), name, NULL);
}
