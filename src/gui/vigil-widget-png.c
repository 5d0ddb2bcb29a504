/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-widget-png"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vigil-error.h"
#include "vigil-widget-png.h"

/* Writes @bytes to @path atomically (a temporary file beside it, then a
 * rename: a reader never sees half a picture, even when two screenshots
 * of one path overlap); the error says why not, in the words the snapshot
 * errors use. */
static gboolean
write_bytes (const char  *path,
             GBytes      *bytes,
             GError     **error)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);
  g_autofree char *tmp = g_strconcat (path, ".XXXXXX", NULL);
  int fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0644);
  int saved_errno = 0;
  gsize done = 0;

  if (fd < 0)
    saved_errno = errno;
  while (fd >= 0 && saved_errno == 0 && done < len)
    {
      gssize n = write (fd, data + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        saved_errno = n < 0 ? errno : ENOSPC;
      else
        done += n;
    }
  if (fd >= 0 && close (fd) != 0 && saved_errno == 0)
    saved_errno = errno;
  if (fd >= 0 && saved_errno == 0 && g_rename (tmp, path) != 0)
    saved_errno = errno;
  if (saved_errno != 0)
    {
      g_autofree char *display = g_filename_display_name (path);

      if (fd >= 0)
        g_unlink (tmp);                     /* no half-written picture */
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_IO, _("Could not write the picture to %s: %s"),
                   display, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

/* Renders @widget as it is now, with the renderer of its window. */
static GdkTexture *
render_texture (GtkWidget  *widget,
                GError    **error)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer;
  int w = gtk_widget_get_width (widget);
  int h = gtk_widget_get_height (widget);

  renderer = gtk_widget_get_native (widget) ? gtk_native_get_renderer (gtk_widget_get_native (widget)) : NULL;
  if (renderer == NULL || w <= 0 || h <= 0 || !gtk_widget_get_mapped (widget))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_FAILED, _("The window is not shown yet"));
      return NULL;
    }

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    {
      /* GTK draws nothing of a widget whose layout is pending (a label
       * changed its size): vigil_widget_save_png_when_drawn () waits. */
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_TIMEOUT, _("The window has nothing to draw yet"));
      return NULL;
    }
  return gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
}

/**
 * vigil_widget_save_png:
 *
 * Renders @widget as it is now, with the renderer of its window, into a
 * PNG file: the window for app.screenshot, the panel beside a snapshot.
 */
gboolean
vigil_widget_save_png (GtkWidget   *widget,
                       const char  *path,
                       GError     **error)
{
  g_autoptr(GdkTexture) texture = render_texture (widget, error);
  g_autoptr(GBytes) png = NULL;

  if (texture == NULL)
    return FALSE;
  png = gdk_texture_save_to_png_bytes (texture);
  return write_bytes (path, png, error);
}

/**
 * vigil_widget_render_pixels:
 * @width: (out)
 * @height: (out)
 * @stride: (out): bytes from row to row
 *
 * Renders @widget as it is now into memory (GDK's ARGB32: B, G, R, A on a
 * little-endian machine), for a PNG encoded off the main thread.
 *
 * Returns: (transfer full) (nullable): the pixels
 */
GBytes *
vigil_widget_render_pixels (GtkWidget  *widget,
                            guint      *width,
                            guint      *height,
                            gsize      *stride,
                            GError    **error)
{
  g_autoptr(GdkTexture) texture = render_texture (widget, error);
  guint8 *pixels;

  if (texture == NULL)
    return NULL;
  *width = gdk_texture_get_width (texture);
  *height = gdk_texture_get_height (texture);
  *stride = (gsize) *width * 4;
  pixels = g_malloc (*stride * *height);
  gdk_texture_download (texture, pixels, *stride);
  return g_bytes_new_take (pixels, *stride * *height);
}

#define DRAWN_MAX_TRIES 30      /* frames: about half a second at 60 Hz */

typedef struct
{
  GtkWidget          *widget;
  char               *path;
  VigilWidgetPngDone  done;
  gpointer            user_data;
  guint               tries;
} WhenDrawn;

static void
when_drawn_free (WhenDrawn *data)
{
  g_object_unref (data->widget);
  g_free (data->path);
  g_free (data);
}

/* After the widget's layout and paint: try again, up to DRAWN_MAX_TRIES frames. */
static gboolean
when_drawn_tick (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  WhenDrawn *data = user_data;
  g_autoptr(GError) error = NULL;

  if (!vigil_widget_save_png (data->widget, data->path, &error) &&
      g_error_matches (error, VIGIL_ERROR, VIGIL_ERROR_TIMEOUT) && ++data->tries < DRAWN_MAX_TRIES)
    {
      gtk_widget_queue_draw (widget);
      return G_SOURCE_CONTINUE;
    }
  data->done (error, data->user_data);
  return G_SOURCE_REMOVE;
}

/**
 * vigil_widget_save_png_when_drawn:
 * @done: called once, with %NULL or the error in words
 *
 * As vigil_widget_save_png (), but when the widget cannot be drawn yet
 * (its layout is pending), waits for the frames that lay it out.
 */
void
vigil_widget_save_png_when_drawn (GtkWidget          *widget,
                                  const char         *path,
                                  VigilWidgetPngDone  done,
                                  gpointer            user_data)
{
  g_autoptr(GError) error = NULL;
  WhenDrawn *data;

  if (vigil_widget_save_png (widget, path, &error) ||
      !g_error_matches (error, VIGIL_ERROR, VIGIL_ERROR_TIMEOUT))
    {
      done (error, user_data);
      return;
    }
  data = g_new0 (WhenDrawn, 1);
  data->widget = g_object_ref (widget);
  data->path = g_strdup (path);
  data->done = done;
  data->user_data = user_data;
  gtk_widget_add_tick_callback (widget, when_drawn_tick, data, (GDestroyNotify) when_drawn_free);
  gtk_widget_queue_draw (widget);
}
