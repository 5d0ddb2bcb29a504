/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-widget-png"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-widget-png.h"

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
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer;
  int w = gtk_widget_get_width (widget);
  int h = gtk_widget_get_height (widget);

  renderer = gtk_widget_get_native (widget) ? gtk_native_get_renderer (gtk_widget_get_native (widget)) : NULL;
  if (renderer == NULL || w <= 0 || h <= 0 || !gtk_widget_get_mapped (widget))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_FAILED, _("The window is not shown yet"));
      return FALSE;
    }

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_FAILED, _("The window has nothing to draw yet"));
      return FALSE;
    }
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_IO, _("Could not write the picture to %s"), display);
      return FALSE;
    }
  return TRUE;
}
