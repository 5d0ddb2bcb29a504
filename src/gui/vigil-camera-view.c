/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-camera-view"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-camera-view.h"
#include "vigil-frame.h"

/* The live picture.  Frames arrive already converted to the size they are
 * shown at (the consumer thread scales them), so the renderer only copies;
 * this widget tells the sink that size after each frame.  A message over
 * the picture says why there is none (connecting, unsupported format…). */
struct _VigilCameraView
{
  GtkWidget       parent_instance;

  GtkPicture     *picture;
  GtkWidget      *message_box;
  GtkImage       *message_icon;
  GtkLabel       *message_title;
  GtkLabel       *message_detail;

  VigilFrameSink *sink;
  guint64         n_shown;
};

G_DEFINE_FINAL_TYPE (VigilCameraView, vigil_camera_view, GTK_TYPE_WIDGET)

static void
update_display_size (VigilCameraView *self)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  int w = gtk_widget_get_width (GTK_WIDGET (self)) * scale;
  int h = gtk_widget_get_height (GTK_WIDGET (self)) * scale;

  if (self->sink != NULL && w > 0 && h > 0)
    vigil_frame_sink_set_display_size (self->sink, (guint) w, (guint) h);
}

static void
on_sink_frame (VigilFrameSink  *sink,
               VigilFrame      *frame,
               VigilCameraView *self)
{
  g_autoptr(GdkTexture) texture = NULL;
  GBytes *rgb;
  guint w, h;

  rgb = vigil_frame_get_display (frame, &w, &h);
  if (rgb == NULL)
    return;

  texture = gdk_memory_texture_new ((int) w, (int) h, GDK_MEMORY_R8G8B8, rgb, (gsize) w * 3);
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (self->message_box, FALSE);
  self->n_shown++;

  update_display_size (self);
}

static void
on_sink_frame_error (VigilFrameSink  *sink,
                     const GError    *error,
                     VigilCameraView *self)
{
  gtk_picture_set_paintable (self->picture, NULL);
  vigil_camera_view_show_message (self, "dialog-warning-symbolic",
                                  _("This picture cannot be shown"), error->message);
}

static void
vigil_camera_view_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  VigilCameraView *self = VIGIL_CAMERA_VIEW (widget);

  GTK_WIDGET_CLASS (vigil_camera_view_parent_class)->size_allocate (widget, width, height, baseline);
  update_display_size (self);
}

static void
vigil_camera_view_dispose (GObject *object)
{
  VigilCameraView *self = (VigilCameraView *) object;

  vigil_camera_view_set_sink (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_CAMERA_VIEW);

  G_OBJECT_CLASS (vigil_camera_view_parent_class)->dispose (object);
}

static void
vigil_camera_view_class_init (VigilCameraViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_camera_view_dispose;
  widget_class->size_allocate = vigil_camera_view_size_allocate;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vigilcam/Vigil/vigil-camera-view.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilCameraView, picture);
  gtk_widget_class_bind_template_child (widget_class, VigilCameraView, message_box);
  gtk_widget_class_bind_template_child (widget_class, VigilCameraView, message_icon);
  gtk_widget_class_bind_template_child (widget_class, VigilCameraView, message_title);
  gtk_widget_class_bind_template_child (widget_class, VigilCameraView, message_detail);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "cameraview");
}

static void
vigil_camera_view_init (VigilCameraView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_add_css_class (GTK_WIDGET (self), "camera-view");
  vigil_camera_view_show_message (self, "camera-web-symbolic", _("No camera"), NULL);
}

/**
 * vigil_camera_view_set_sink:
 * @sink: (nullable): where frames come from
 */
void
vigil_camera_view_set_sink (VigilCameraView *self,
                            VigilFrameSink  *sink)
{
  g_return_if_fail (VIGIL_IS_CAMERA_VIEW (self));

  if (self->sink == sink)
    return;

  if (self->sink != NULL)
    g_signal_handlers_disconnect_by_data (self->sink, self);
  g_set_object (&self->sink, sink);
  if (sink != NULL)
    {
      g_signal_connect_object (sink, "frame", G_CALLBACK (on_sink_frame), self, 0);
      g_signal_connect_object (sink, "frame-error", G_CALLBACK (on_sink_frame_error), self, 0);
      update_display_size (self);
    }
}

/**
 * vigil_camera_view_show_message:
 * @detail: (nullable): a second line
 *
 * Shows a message over the picture until the next frame arrives.
 */
void
vigil_camera_view_show_message (VigilCameraView *self,
                                const char      *icon_name,
                                const char      *title,
                                const char      *detail)
{
  g_return_if_fail (VIGIL_IS_CAMERA_VIEW (self));

  gtk_image_set_from_icon_name (self->message_icon, icon_name);
  gtk_label_set_text (self->message_title, title);
  gtk_label_set_text (self->message_detail, detail ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_detail), detail != NULL);
  gtk_widget_set_visible (self->message_box, TRUE);
}

/* Drops the picture, e.g. when the camera is closed. */
void
vigil_camera_view_clear (VigilCameraView *self)
{
  g_return_if_fail (VIGIL_IS_CAMERA_VIEW (self));
  gtk_picture_set_paintable (self->picture, NULL);
}

