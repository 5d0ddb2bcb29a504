/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-application-save-frame"

#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vigil-application-private.h"
#include "vigil-error.h"
#include "vigil-frame-save.h"
#include "vigil-window.h"

/* Save Frame (app.save-frame, Ctrl+S): the picture as shown is rendered
 * now, on the main thread; the consumer is asked for a full-resolution
 * copy of the next frame (it copies none otherwise); when the copy comes,
 * the files are encoded and written atomically on a GTask thread
 * (vigil-frame-save.c).  A failure reaches the banner and the event log
 * in words. */

/* How long to wait for a frame before saying none came. */
#define COPY_TIMEOUT_MS 5000

typedef struct
{
  VigilApplication *self;
  VigilFrameSink   *sink;
  char             *path;
  char             *camera_id;
  GBytes           *shown;
  guint             shown_width;
  guint             shown_height;
  gsize             shown_stride;
  gulong            copied_handler;
  guint             timeout_source;
  guint             render_tries;
  gboolean          rendering;       /* a tick callback of the window owns it */
} SaveRequest;

/* Frames to wait for the window's layout before saving without the
 * picture as shown. */
#define RENDER_MAX_TRIES 30

static void
save_request_free (SaveRequest *request)
{
  g_clear_signal_handler (&request->copied_handler, request->sink);
  g_clear_handle_id (&request->timeout_source, g_source_remove);
  g_clear_object (&request->sink);
  g_clear_object (&request->self);
  g_clear_pointer (&request->shown, g_bytes_unref);
  g_free (request->path);
  g_free (request->camera_id);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SaveRequest, save_request_free)

static void
report_failure (VigilApplication *self,
                const GError     *error)
{
  vigil_application_report (self, error);
  vigil_diagnostics_post (vigil_application_get_diagnostics (self), VIGIL_EVENT_ERROR, 0,
                          vigil_supervisor_get_camera_id (vigil_application_get_supervisor (self)), "save-frame",
                          VIGIL_PHASE_NONE, error);
}

/* @path itself when absolute; a relative one inside the snapshot folder
 * (created), refused when it climbs out; a new name there when empty. */
static char *
frame_path (VigilApplication  *self,
            const char        *path,
            GError           **error)
{
  g_autofree char *folder = NULL;
  g_autofree char *name = NULL;

  if (*path != '\0' && g_path_is_absolute (path))
    return g_strdup (path);
  if (vigil_application_path_climbs_up (path))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                   _("Could not save the frame “%s”: a relative path must stay inside the snapshot folder"), display);
      return NULL;
    }
  folder = vigil_application_dup_snapshot_dir (self);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (folder);

      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_IO, _("Could not create the snapshot folder “%s”: %s"),
                   display, g_strerror (saved_errno));
      return NULL;
    }
  name = *path != '\0' ? g_strdup (path) : vigil_frame_save_default_name ();
  return g_build_filename (folder, name, NULL);
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SaveRequest) request = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *display = NULL;
  g_autofree char *message = NULL;
  GtkWindow *window;

  if (!vigil_frame_save_finish (result, &error))
    {
      report_failure (request->self, error);
      return;
    }
  display = g_filename_display_name (request->path);
  /* Translators: where a saved frame went; the raw buffer and its side-car are beside it. */
  message = g_strdup_printf (_("Frame saved to “%s”, with the picture as shown, the raw buffer and a JSON side-car beside it"),
                             display);
  window = gtk_application_get_active_window (GTK_APPLICATION (request->self));
  if (VIGIL_IS_WINDOW (window))
    vigil_window_show_banner (VIGIL_WINDOW (window), message, FALSE);
  g_message ("Frame saved to %s", request->path);
}

static void
on_frame_copied (VigilFrameSink *sink,
                 SaveRequest    *request)
{
  g_autoptr(VigilFrame) frame = vigil_frame_sink_take_copy (sink);
  VigilFrameSaveSource source = { 0 };

  /* Another save took this copy: ask for the next frame. */
  if (frame == NULL)
    {
      vigil_frame_sink_request_copy (sink);
      return;
    }
  g_clear_signal_handler (&request->copied_handler, request->sink);
  g_clear_handle_id (&request->timeout_source, g_source_remove);
  source.frame = frame;
  source.shown = request->shown;
  source.shown_width = request->shown_width;
  source.shown_height = request->shown_height;
  source.shown_stride = request->shown_stride;
  source.camera_id = request->camera_id;
  vigil_frame_save_async (&source, request->path, NULL, on_saved, request);
}

static gboolean
on_copy_timeout (gpointer data)
{
  g_autoptr(SaveRequest) request = data;
  g_autoptr(GError) error = NULL;

  request->timeout_source = 0;
  g_set_error (&error, VIGIL_ERROR, VIGIL_ERROR_TIMEOUT,
               _("Could not save a frame: none arrived within %u s (the camera is paused, waiting for a trigger or not sending)"),
               COPY_TIMEOUT_MS / 1000);
  report_failure (request->self, error);
  return G_SOURCE_REMOVE;
}

/* Takes @request: asks the consumer for the next frame at full resolution. */
static void
start_copy (SaveRequest *request)
{
  request->copied_handler = g_signal_connect (request->sink, "frame-copied", G_CALLBACK (on_frame_copied), request);
  vigil_frame_sink_request_copy (request->sink);
  /* The timeout owns the request until the copy comes or the time is up. */
  request->timeout_source = g_timeout_add (COPY_TIMEOUT_MS, on_copy_timeout, request);
}

static gboolean
render_shown_tick (GtkWidget     *widget,
                   GdkFrameClock *clock,
                   gpointer       data)
{
  SaveRequest *request = data;
  g_autoptr(GError) error = NULL;

  request->shown = vigil_window_render_picture (VIGIL_WINDOW (widget), &request->shown_width,
                                                &request->shown_height, &request->shown_stride, &error);
  if (request->shown == NULL && g_error_matches (error, VIGIL_ERROR, VIGIL_ERROR_TIMEOUT) &&
      ++request->render_tries < RENDER_MAX_TRIES)
    {
      gtk_widget_queue_draw (widget);
      return G_SOURCE_CONTINUE;
    }
  request->rendering = FALSE;
  start_copy (request);
  return G_SOURCE_REMOVE;
}

/* The window went away while it still owned the request. */
static void
render_shown_destroy (gpointer data)
{
  SaveRequest *request = data;

  if (request->rendering)
    save_request_free (request);
}

/**
 * vigil_application_save_frame:
 * @path: the PNG to write ("" for a new name in the snapshot folder); the
 *   other files go beside it
 *
 * Saves the next frame (see the file's comment).  Returns at once.
 */
void
vigil_application_save_frame (VigilApplication *self,
                              const char       *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SaveRequest) request = g_new0 (SaveRequest, 1);
  VigilSupervisor *supervisor = vigil_application_get_supervisor (self);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  request->path = frame_path (self, path, &error);
  if (request->path == NULL)
    {
      report_failure (self, error);
      return;
    }
  request->self = g_object_ref (self);
  request->sink = g_object_ref (vigil_supervisor_get_sink (supervisor));
  request->camera_id = g_strdup (vigil_supervisor_get_controls (supervisor) &&
                                 vigil_supervisor_get_controls (supervisor)->device_id
                                 ? vigil_supervisor_get_controls (supervisor)->device_id
                                 : vigil_supervisor_get_camera_id (supervisor));
  if (VIGIL_IS_WINDOW (window) && gtk_widget_get_mapped (GTK_WIDGET (window)))
    {
      /* The picture as shown, once the window can be drawn (a banner that
       * just appeared leaves its layout pending for a frame). */
      request->rendering = TRUE;
      gtk_widget_add_tick_callback (GTK_WIDGET (window), render_shown_tick, g_steal_pointer (&request),
                                    render_shown_destroy);
      gtk_widget_queue_draw (GTK_WIDGET (window));
      return;
    }
  start_copy (g_steal_pointer (&request));
}
