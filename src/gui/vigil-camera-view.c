/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-camera-view"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "vigil-camera-view-private.h"

/* The live picture.  Frames arrive converted on the consumer thread to the
 * size and orientation they are shown at, only the part that shows, as
 * B G R 255; this widget draws them 1:1 on whole device pixels — for the
 * cairo renderer as an image surface on the frame's own memory (a plain
 * copy, no conversion, no scaling), for the others as a memory texture —
 * and paints black only around them.  It tells the sink the view's size
 * and geometry.  A message over the picture says why there is none
 * (connecting, unsupported format…).  Zoom, pan, turning and the pixel
 * readout are in vigil-camera-view-input.c. */

G_DEFINE_FINAL_TYPE (VigilCameraView, vigil_camera_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_GEOMETRY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static cairo_user_data_key_t bytes_key;

/* The cairo renderer records what a widget draws in a recording surface,
 * and cairo protects a surface painted into a recording by a "snapshot":
 * when the surface is destroyed, it is copied (a memset and a memcpy of the
 * whole picture, 6 % of Vigil's CPU at 512² Mono8 by perf), even after the
 * recording is gone — cairo 1.16 only steals the memory of a surface that
 * owns it, which ours, over the frame's buffer, does not.  So the picture
 * is painted through a raster-source pattern instead: the recording keeps
 * the pattern, each copy of the pattern holds a reference to the surface
 * (and through it to the frame's buffer), and the surface is handed over
 * as it is whenever the recording is drawn.  No snapshot, no copy; the
 * buffer goes back to the pool when the last render node that drew it
 * does. */
static cairo_surface_t *
raster_acquire (cairo_pattern_t             *pattern,
                void                        *surface,
                cairo_surface_t             *target,
                const cairo_rectangle_int_t *extents)
{
  return cairo_surface_reference (surface);
}

static void
raster_release (cairo_pattern_t *pattern,
                void            *surface,
                cairo_surface_t *acquired)
{
  cairo_surface_destroy (acquired);
}

static cairo_status_t
raster_copy (cairo_pattern_t       *pattern,
             void                  *surface,
             const cairo_pattern_t *other)
{
  cairo_surface_reference (surface);
  return CAIRO_STATUS_SUCCESS;
}

static void
raster_finish (cairo_pattern_t *pattern,
               void            *surface)
{
  cairo_surface_destroy (surface);
}

/* A pattern that paints @surface (an opaque image) and keeps it alive. */
static cairo_pattern_t *
raster_pattern_new (cairo_surface_t *surface)
{
  cairo_pattern_t *pattern = cairo_pattern_create_raster_source (cairo_surface_reference (surface),
                                                                 CAIRO_CONTENT_COLOR,
                                                                 cairo_image_surface_get_width (surface),
                                                                 cairo_image_surface_get_height (surface));

  cairo_raster_source_pattern_set_acquire (pattern, raster_acquire, raster_release);
  cairo_raster_source_pattern_set_copy (pattern, raster_copy);
  cairo_raster_source_pattern_set_finish (pattern, raster_finish);
  return pattern;
}

static void
drop_images (VigilCameraView *self)
{
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  g_clear_object (&self->texture);
}

static void
on_sink_frame (VigilFrameSink  *sink,
               VigilFrame      *frame,
               VigilCameraView *self)
{
  VigilFrameView view;
  gboolean resized;

  if (!vigil_frame_get_view (frame, &view) || vigil_frame_get_display (frame, NULL, NULL) == NULL)
    return;

  resized = vigil_frame_get_width (frame) != self->geometry.frame_width ||
            vigil_frame_get_height (frame) != self->geometry.frame_height;
  drop_images (self);
  g_clear_pointer (&self->frame, vigil_frame_unref);
  self->frame = vigil_frame_ref (frame);
  self->view = view;
  self->n_shown++;
  gtk_widget_set_visible (self->message_box, FALSE);

  if (resized)
    {
      self->geometry.frame_width = vigil_frame_get_width (frame);
      self->geometry.frame_height = vigil_frame_get_height (frame);
      vigil_camera_view_sync_geometry (self);
    }
  if (self->show_readout)
    vigil_camera_view_update_readout (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_sink_frame_error (VigilFrameSink  *sink,
                     const GError    *error,
                     VigilCameraView *self)
{
  vigil_camera_view_clear (self);
  vigil_camera_view_show_message (self, "dialog-warning-symbolic",
                                  _("This picture cannot be shown"), error->message);
}

static gboolean
renderer_is_cairo (VigilCameraView *self)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  GskRenderer *renderer = native ? gtk_native_get_renderer (native) : NULL;

  return renderer != NULL && GSK_IS_CAIRO_RENDERER (renderer);
}

/* The frame's display image at (x, y) of size w × h, widget units. */
static void
append_image (VigilCameraView       *self,
              GtkSnapshot           *snapshot,
              const graphene_rect_t *rect)
{
  guint w = 0, h = 0;
  GBytes *bytes = vigil_frame_get_display (self->frame, &w, &h);

  if (renderer_is_cairo (self))
    {
      cairo_pattern_t *pattern;
      cairo_t *cr;

      if (self->surface == NULL)
        {
          self->surface = cairo_image_surface_create_for_data ((guchar *) g_bytes_get_data (bytes, NULL),
                                                               CAIRO_FORMAT_RGB24, (int) w, (int) h, (int) w * 4);
          cairo_surface_set_user_data (self->surface, &bytes_key, g_bytes_ref (bytes),
                                       (cairo_destroy_func_t) g_bytes_unref);
        }
      pattern = raster_pattern_new (self->surface);
      cr = gtk_snapshot_append_cairo (snapshot, rect);
      cairo_translate (cr, rect->origin.x, rect->origin.y);
      cairo_scale (cr, rect->size.width / w, rect->size.height / h);
      cairo_set_source (cr, pattern);
      cairo_rectangle (cr, 0, 0, w, h);
      cairo_fill (cr);
      cairo_destroy (cr);
      cairo_pattern_destroy (pattern);
      return;
    }

  if (self->texture == NULL)
    self->texture = gdk_memory_texture_new ((int) w, (int) h, GDK_MEMORY_B8G8R8A8_PREMULTIPLIED,
                                            bytes, (gsize) w * 4);
  gtk_snapshot_append_texture (snapshot, self->texture, rect);
}

static void
append_black (GtkSnapshot *snapshot,
              double       x,
              double       y,
              double       w,
              double       h)
{
  static const GdkRGBA black = { 0, 0, 0, 1 };

  if (w > 0 && h > 0)
    gtk_snapshot_append_color (snapshot, &black, &GRAPHENE_RECT_INIT (x, y, w, h));
}

/* The picture where the geometry puts it, on whole device pixels and 1:1
 * when its size is the size it was converted at; black around it. */
static void
snapshot_picture (VigilCameraView *self,
                  GtkSnapshot     *snapshot)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  double x, y, w, h;

  if (self->frame == NULL)
    {
      append_black (snapshot, 0, 0, width, height);
      return;
    }

  vigil_view_geometry_rect_in_view (&self->geometry, &self->view.region, &x, &y, &w, &h);
  if (fabs (w - self->view.width) <= 2 && fabs (h - self->view.height) <= 2)
    {
      w = self->view.width;
      h = self->view.height;
    }
  x = round (x) / scale;
  y = round (y) / scale;
  w /= scale;
  h /= scale;

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  append_black (snapshot, 0, 0, width, y);
  append_black (snapshot, 0, y + h, width, height - (y + h));
  append_black (snapshot, 0, y, x, h);
  append_black (snapshot, x + w, y, width - (x + w), h);
  append_image (self, snapshot, &GRAPHENE_RECT_INIT (x, y, w, h));
  gtk_snapshot_pop (snapshot);
}

/* The display's refresh rate caps the frames converted for it: the
 * monitor the window is on says it (millihertz); none known (0, as under
 * some X servers) keeps the sink's default. */
static void
update_refresh_rate (VigilCameraView *self)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  GdkSurface *surface = native ? gtk_native_get_surface (native) : NULL;
  GdkMonitor *monitor = NULL;
  int millihertz = 0;

  if (surface != NULL)
    monitor = gdk_display_get_monitor_at_surface (gtk_widget_get_display (GTK_WIDGET (self)), surface);
  if (monitor != NULL)
    millihertz = gdk_monitor_get_refresh_rate (monitor);
  self->refresh_hz = millihertz > 0 ? (guint) ((millihertz + 500) / 1000) : VIGIL_FRAME_SINK_DEFAULT_RATE;
  /* Some drivers report nonsense: keep it within what a screen shows. */
  self->refresh_hz = CLAMP (self->refresh_hz, 10, 500);
  if (self->sink != NULL)
    vigil_frame_sink_set_max_rate (self->sink, self->refresh_hz);
  g_debug ("display refresh rate %d mHz: converting at most %u frames a second", millihertz, self->refresh_hz);
}

static void
on_enter_monitor (GdkSurface      *surface,
                  GdkMonitor      *monitor,
                  VigilCameraView *self)
{
  update_refresh_rate (self);
}

static void
vigil_camera_view_map (GtkWidget *widget)
{
  VigilCameraView *self = VIGIL_CAMERA_VIEW (widget);
  GdkSurface *surface = gtk_native_get_surface (gtk_widget_get_native (widget));

  GTK_WIDGET_CLASS (vigil_camera_view_parent_class)->map (widget);
  if (surface != NULL)
    g_signal_connect_object (surface, "enter-monitor", G_CALLBACK (on_enter_monitor), self, 0);
  update_refresh_rate (self);
}

static void
vigil_camera_view_unmap (GtkWidget *widget)
{
  GdkSurface *surface = gtk_native_get_surface (gtk_widget_get_native (widget));

  if (surface != NULL)
    g_signal_handlers_disconnect_by_func (surface, on_enter_monitor, widget);
  GTK_WIDGET_CLASS (vigil_camera_view_parent_class)->unmap (widget);
}

static gboolean
sync_on_idle (gpointer data)
{
  VigilCameraView *self = data;

  self->sync_source = 0;
  vigil_camera_view_sync_geometry (self);
  return G_SOURCE_REMOVE;
}

static void
vigil_camera_view_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  VigilCameraView *self = VIGIL_CAMERA_VIEW (widget);
  int scale = gtk_widget_get_scale_factor (widget);
  guint w = (guint) (gtk_widget_get_width (widget) * scale);
  guint h = (guint) (gtk_widget_get_height (widget) * scale);

  /* The allocation is known here without a layout manager of our own;
   * the scroll bars follow from an idle (no child may change its
   * visibility while the widget is being drawn). */
  if (w != self->geometry.view_width || h != self->geometry.view_height)
    {
      self->geometry.view_width = w;
      self->geometry.view_height = h;
      if (self->sink != NULL)
        vigil_frame_sink_set_display_size (self->sink, w, h);
      if (self->sync_source == 0)
        self->sync_source = g_idle_add_full (G_PRIORITY_DEFAULT, sync_on_idle, self, NULL);
    }

  snapshot_picture (self, snapshot);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    gtk_widget_snapshot_child (widget, child, snapshot);
}

static void
vigil_camera_view_dispose (GObject *object)
{
  VigilCameraView *self = (VigilCameraView *) object;

  vigil_camera_view_set_sink (self, NULL);
  g_clear_handle_id (&self->sync_source, g_source_remove);
  drop_images (self);
  g_clear_pointer (&self->frame, vigil_frame_unref);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_CAMERA_VIEW);

  G_OBJECT_CLASS (vigil_camera_view_parent_class)->dispose (object);
}

static void
vigil_camera_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VigilCameraView *self = VIGIL_CAMERA_VIEW (object);

  switch (prop_id)
    {
    case PROP_GEOMETRY:
      g_value_take_string (value, vigil_camera_view_describe_geometry (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_camera_view_class_init (VigilCameraViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_camera_view_dispose;
  object_class->get_property = vigil_camera_view_get_property;

  /* The geometry in words (vigil_camera_view_describe_geometry ()),
   * notified on the main thread after every change. */
  properties[PROP_GEOMETRY] =
    g_param_spec_string ("geometry", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  widget_class->snapshot = vigil_camera_view_snapshot;
  widget_class->map = vigil_camera_view_map;
  widget_class->unmap = vigil_camera_view_unmap;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vigilcam/Vigil/vigil-camera-view.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilCameraView, hscroll);
  gtk_widget_class_bind_template_child (widget_class, VigilCameraView, vscroll);
  gtk_widget_class_bind_template_child (widget_class, VigilCameraView, readout_label);
  gtk_widget_class_bind_template_child (widget_class, VigilCameraView, message_box);
  gtk_widget_class_bind_template_child (widget_class, VigilCameraView, message_icon);
  gtk_widget_class_bind_template_child (widget_class, VigilCameraView, message_title);
  gtk_widget_class_bind_template_child (widget_class, VigilCameraView, message_detail);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "cameraview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  vigil_camera_view_class_init_input (widget_class);
}

static void
vigil_camera_view_init (VigilCameraView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_add_css_class (GTK_WIDGET (self), "camera-view");
  vigil_camera_view_init_input (self);
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
      if (self->refresh_hz > 0)
        vigil_frame_sink_set_max_rate (sink, self->refresh_hz);
      vigil_camera_view_sync_geometry (self);
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

  drop_images (self);
  g_clear_pointer (&self->frame, vigil_frame_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Frames shown so far. */
guint64
vigil_camera_view_get_n_shown (VigilCameraView *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMERA_VIEW (self), 0);
  return self->n_shown;
}
