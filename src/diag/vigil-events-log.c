/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-events-log"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-events-log-private.h"

/* The --log-file: one JSON object per line, for readers that trip on a
 * partial line.  So a record is written whole or not at all: a write that
 * stopped half-way (a full disk) is cut off again with ftruncate (), and
 * where that is impossible (a pipe, a device) the next record that gets
 * through starts on a new line.  A failing file is tried again at most once
 * per VIGIL_EVENTS_LOG_RETRY_US; what could not be written in between is
 * counted.  The caller (VigilEvents) holds its lock around every call. */
struct _VigilEventsLog
{
  char    *path;
  int      fd;
  dev_t    dev;
  ino_t    ino;

  gboolean failing;
  gint64   retry_at_us;
  guint64  dropped;             /* records not written in this episode */
  gboolean need_newline;        /* a partial record is left in the file */
  gint64   fault_max_bytes;     /* tests: the file is "full" at this size; -1 off */
};

static int
open_fd (const char  *path,
         dev_t       *dev,
         ino_t       *ino,
         GError     **error)
{
  struct stat st;
  int fd = open (path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);

  if (fd < 0 || fstat (fd, &st) != 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (path);

      if (fd >= 0)
        close (fd);
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_IO,
                   _("Could not open the event log %s: %s"), display, g_strerror (saved_errno));
      return -1;
    }
  *dev = st.st_dev;
  *ino = st.st_ino;
  return fd;
}

/* Reopens the file when it was removed or replaced (rotation). */
static void
check_rotated (VigilEventsLog *self)
{
  g_autoptr(GError) local_error = NULL;
  struct stat st;
  int fd;

  if (fstat (self->fd, &st) == 0 && st.st_nlink > 0 &&
      stat (self->path, &st) == 0 &&
      st.st_dev == self->dev && st.st_ino == self->ino)
    return;

  fd = open_fd (self->path, &self->dev, &self->ino, &local_error);
  if (fd < 0)
    {
      g_debug ("%s", local_error->message);
      return;
    }
  close (self->fd);
  self->fd = fd;
  self->need_newline = FALSE;           /* a new file */
}

/* write (2), or the injected full disk of the tests. */
static gssize
write_some (VigilEventsLog *self,
            const char     *data,
            gsize           len)
{
  struct stat st;

  if (self->fault_max_bytes >= 0 && fstat (self->fd, &st) == 0)
    {
      if (st.st_size >= self->fault_max_bytes)
        {
          errno = ENOSPC;
          return -1;
        }
      len = MIN (len, (gsize) (self->fault_max_bytes - st.st_size));
    }
  return write (self->fd, data, len);
}

/* Writes all of @line or takes back what got through. */
static gboolean
write_whole (VigilEventsLog  *self,
             const char      *line,
             gsize            len,
             int             *error_number)
{
  off_t start = lseek (self->fd, 0, SEEK_END);
  gsize done = 0;

  while (done < len)
    {
      gssize n = write_some (self, line + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          *error_number = n < 0 ? errno : ENOSPC;
          if (done > 0 && (start < 0 || ftruncate (self->fd, start) != 0))
            self->need_newline = TRUE;
          return FALSE;
        }
      done += n;
    }
  return TRUE;
}

/**
 * vigil_events_log_write:
 * @record: one JSON object, without its newline
 * @now_us: the monotonic time, for the retry rate
 * @dropped: (out): on %VIGIL_EVENTS_LOG_RECOVERED, how many records the
 *   failure cost
 * @error: set on %VIGIL_EVENTS_LOG_FAILED only: why the file cannot be written
 *
 * Returns: what happened to the record
 */
VigilEventsLogOutcome
vigil_events_log_write (VigilEventsLog  *self,
                        const char      *record,
                        gint64           now_us,
                        guint64         *dropped,
                        GError         **error)
{
  g_autofree char *line = NULL;
  int error_number = 0;

  g_return_val_if_fail (self != NULL && record != NULL, VIGIL_EVENTS_LOG_SKIPPED);

  if (self->failing && now_us < self->retry_at_us)
    {
      self->dropped++;
      return VIGIL_EVENTS_LOG_SKIPPED;
    }
  check_rotated (self);
  line = g_strconcat (self->need_newline ? "\n" : "", record, "\n", NULL);
  if (write_whole (self, line, strlen (line), &error_number))
    {
      gboolean recovered = self->failing;

      *dropped = self->dropped;
      self->dropped = 0;
      self->need_newline = FALSE;
      self->failing = FALSE;
      return recovered ? VIGIL_EVENTS_LOG_RECOVERED : VIGIL_EVENTS_LOG_WRITTEN;
    }

  self->dropped++;
  self->retry_at_us = now_us + VIGIL_EVENTS_LOG_RETRY_US;
  if (self->failing)
    return VIGIL_EVENTS_LOG_STILL_FAILING;
  self->failing = TRUE;
  {
    g_autofree char *display = g_filename_display_name (self->path);

    g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_IO,
                 _("Could not write the event log %s: %s; trying again every second"),
                 display, g_strerror (error_number));
  }
  return VIGIL_EVENTS_LOG_FAILED;
}

/* Tests: writes fail with ENOSPC once the file has @max_file_bytes (a
 * write that would cross it stops there); -1 turns it off. */
void
vigil_events_log_set_fault (VigilEventsLog *self,
                            gint64          max_file_bytes)
{
  g_return_if_fail (self != NULL);

  self->fault_max_bytes = max_file_bytes;
}

/**
 * vigil_events_log_open:
 *
 * Opens @path to append, close-on-exec.
 *
 * Returns: (transfer full) (nullable): the log
 */
VigilEventsLog *
vigil_events_log_open (const char  *path,
                       GError     **error)
{
  g_autoptr(VigilEventsLog) self = g_new0 (VigilEventsLog, 1);

  g_return_val_if_fail (path != NULL, NULL);

  self->fd = -1;
  self->fault_max_bytes = -1;
  self->path = g_strdup (path);
  if ((self->fd = open_fd (path, &self->dev, &self->ino, error)) < 0)
    return NULL;
  return g_steal_pointer (&self);
}

void
vigil_events_log_free (VigilEventsLog *self)
{
  if (self->fd >= 0)
    close (self->fd);
  g_free (self->path);
  g_free (self);
}
