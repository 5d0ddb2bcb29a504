/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-camera-view"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "vigil-camera-view-private.h"

/* The picture's geometry from the user's side: fit, 1:1 and zoom (keys,
 * Ctrl+wheel about the pointer), pan (drag, wheel, scroll bars), rotate
 * and flip (kept in the settings), and the readout of the raw pixel under
 * the pointer.  The arithmetic is vigil-view-geometry.c's. */

#define ZOOM_STEP G_SQRT2
#define WHEEL_PAN_PX 48.0

static void
set_adjustment (GtkWidget *scrollbar,
                double     extent,
                double     page,
                double     center)
{
  GtkAdjustment *adjustment = gtk_scrollbar_get_adjustment (GTK_SCROLLBAR (scrollbar));
  gboolean needed = page < extent - 0.5;

  gtk_widget_set_visible (scrollbar, needed);
  if (needed)
    gtk_adjustment_configure (adjustment, center - page / 2, 0, extent, page / 10, page * 0.9, page);
}

/* Scroll bars after a change of geometry; %FALSE-safe against their own
 * value-changed. */
static void
sync_scrollbars (VigilCameraView *self)
{
  VigilViewGeometry *g = &self->geometry;
  double s = vigil_view_geometry_scale (g), cx, cy;
  guint ow, oh;

  vigil_orientation_size (&g->orientation, g->frame_width, g->frame_height, &ow, &oh);
  vigil_view_geometry_center (g, &cx, &cy);
  self->syncing = TRUE;
  if (g->zoom <= 0 || g->frame_width == 0)
    {
      gtk_widget_set_visible (self->hscroll, FALSE);
      gtk_widget_set_visible (self->vscroll, FALSE);
    }
  else
    {
      set_adjustment (self->hscroll, ow, g->view_width / s, cx);
      set_adjustment (self->vscroll, oh, g->view_height / s, cy);
    }
  self->syncing = FALSE;
}

/* After any change of zoom, centre, orientation or size: clamps the
 * geometry, tells the sink, moves the scroll bars, redraws. */
void
vigil_camera_view_sync_geometry (VigilCameraView *self)
{
  if (self->geometry.frame_width > 0)
    vigil_view_geometry_clamp (&self->geometry);
  if (self->sink != NULL)
    {
      vigil_frame_sink_set_display_size (self->sink, self->geometry.view_width, self->geometry.view_height);
      vigil_frame_sink_set_geometry (self->sink, &self->geometry);
    }
  sync_scrollbars (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify (G_OBJECT (self), "geometry");
}

static void
on_scroll_value (GtkAdjustment   *adjustment,
                 VigilCameraView *self)
{
  double center = gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) / 2;

  if (self->syncing)
    return;
  if (adjustment == gtk_scrollbar_get_adjustment (GTK_SCROLLBAR (self->hscroll)))
    self->geometry.center_x = center;
  else
    self->geometry.center_y = center;
  vigil_camera_view_sync_geometry (self);
}

/* Zoom to @zoom (0: fit) keeping the point under the pointer, or the
 * view's centre, in place. */
static void
zoom_to (VigilCameraView *self,
         double           zoom,
         gboolean         at_pointer)
{
  VigilViewGeometry *g = &self->geometry;
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  double x = g->view_width / 2.0, y = g->view_height / 2.0;

  if (g->frame_width == 0)
    {
      g->zoom = zoom;
      return;
    }
  if (at_pointer && self->pointer_in)
    {
      x = self->pointer_x * scale;
      y = self->pointer_y * scale;
    }
  if (g->zoom <= 0)
    vigil_view_geometry_center (g, &g->center_x, &g->center_y);
  vigil_view_geometry_zoom_at (g, zoom, x, y);
  vigil_camera_view_sync_geometry (self);
}

static void
zoom_by (VigilCameraView *self,
         double           factor,
         gboolean         at_pointer)
{
  double now = vigil_view_geometry_scale (&self->geometry) * factor;

  /* Snap to 1:1 when a step passes close to it. */
  if (fabs (now - 1.0) < 0.05)
    now = 1.0;
  zoom_to (self, now, at_pointer);
}

static void
save_orientation (VigilCameraView *self)
{
  const VigilOrientation *o = &self->geometry.orientation;

  if (self->settings == NULL)
    return;
  g_settings_set_int (self->settings, "picture-rotation", (int) (o->quarter_turns % 4) * 90);
  g_settings_set_boolean (self->settings, "picture-flip-horizontal", o->flip_h);
  g_settings_set_boolean (self->settings, "picture-flip-vertical", o->flip_v);
}

static void
turn (VigilCameraView *self,
      guint            quarter_turns,
      gboolean         flip_h,
      gboolean         flip_v)
{
  VigilOrientation *o = &self->geometry.orientation;

  o->quarter_turns = (o->quarter_turns + quarter_turns) % 4;
  o->flip_h ^= flip_h;
  o->flip_v ^= flip_v;
  save_orientation (self);
  vigil_camera_view_sync_geometry (self);
}

static void
view_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VigilCameraView *self = VIGIL_CAMERA_VIEW (widget);
  const char *what = action_name + strlen ("view.");

  vigil_camera_view_zoom (self, what);
}

static void
on_drag_begin (GtkGestureDrag  *gesture,
               double           x,
               double           y,
               VigilCameraView *self)
{
  self->drag_x = self->drag_y = 0;
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
on_drag_update (GtkGestureDrag  *gesture,
                double           dx,
                double           dy,
                VigilCameraView *self)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));

  vigil_view_geometry_pan (&self->geometry, (dx - self->drag_x) * scale, (dy - self->drag_y) * scale);
  self->drag_x = dx;
  self->drag_y = dy;
  vigil_camera_view_sync_geometry (self);
}

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           VigilCameraView          *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if (state & GDK_CONTROL_MASK)
    {
      if (dy != 0)
        zoom_by (self, pow (ZOOM_STEP, -dy), TRUE);
      return TRUE;
    }
  if (self->geometry.zoom <= 0)
    return FALSE;
  vigil_view_geometry_pan (&self->geometry, -dx * WHEEL_PAN_PX, -dy * WHEEL_PAN_PX);
  vigil_camera_view_sync_geometry (self);
  return TRUE;
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           VigilCameraView          *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
  self->pointer_in = TRUE;
  if (self->show_readout)
    vigil_camera_view_update_readout (self);
}

static void
on_leave (GtkEventControllerMotion *controller,
          VigilCameraView          *self)
{
  self->pointer_in = FALSE;
  if (self->show_readout)
    vigil_camera_view_update_readout (self);
}

/* The raw value(s) under the pointer, from the frame shown (which keeps
 * its pixels while the readout is on). */
void
vigil_camera_view_update_readout (VigilCameraView *self)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  g_autofree char *text = NULL;
  guint x, y;

  if (self->show_readout && self->frame != NULL && self->pointer_in &&
      vigil_view_geometry_pixel_at (&self->geometry, self->pointer_x * scale, self->pointer_y * scale, &x, &y))
    text = vigil_frame_describe_pixel (self->frame, x, y);
  gtk_widget_set_visible (GTK_WIDGET (self->readout_label), text != NULL);
  if (text != NULL)
    gtk_label_set_text (self->readout_label, text);
}

static void
readout_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  VigilCameraView *self = VIGIL_CAMERA_VIEW (widget);

  vigil_camera_view_set_readout (self, !self->show_readout);
}

void
vigil_camera_view_class_init_input (GtkWidgetClass *widget_class)
{
  static const char *actions[] = {
    "view.fit", "view.one", "view.in", "view.out",
    "view.rotate-right", "view.rotate-left", "view.flip-horizontal", "view.flip-vertical",
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i], NULL, view_action);
  gtk_widget_class_install_action (widget_class, "view.readout", NULL, readout_action);
}

static void
add_shortcut (GtkShortcutController *controller,
              const char            *accelerator,
              const char            *action)
{
  gtk_shortcut_controller_add_shortcut (controller,
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string (accelerator),
                                                          gtk_named_action_new (action)));
}

static void
load_orientation (VigilCameraView *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE) : NULL;
  VigilOrientation *o = &self->geometry.orientation;

  if (schema == NULL || !g_settings_schema_has_key (schema, "picture-rotation"))
    return;
  self->settings = g_settings_new_full (schema, NULL, NULL);
  o->quarter_turns = (guint) (g_settings_get_int (self->settings, "picture-rotation") / 90) % 4;
  o->flip_h = g_settings_get_boolean (self->settings, "picture-flip-horizontal");
  o->flip_v = g_settings_get_boolean (self->settings, "picture-flip-vertical");
}

void
vigil_camera_view_init_input (VigilCameraView *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES |
                                                                GTK_EVENT_CONTROLLER_SCROLL_DISCRETE);
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), self);
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  /* Global: the keys work wherever the focus is in the window. */
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "<Control>0", "view.fit");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "<Control>1", "view.one");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "<Control>plus|<Control>equal|<Control>KP_Add", "view.in");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "<Control>minus|<Control>KP_Subtract", "view.out");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "<Control>r", "view.rotate-right");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "<Control><Shift>r", "view.rotate-left");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "<Control>i", "view.readout");
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  g_signal_connect (gtk_scrollbar_get_adjustment (GTK_SCROLLBAR (self->hscroll)), "value-changed",
                    G_CALLBACK (on_scroll_value), self);
  g_signal_connect (gtk_scrollbar_get_adjustment (GTK_SCROLLBAR (self->vscroll)), "value-changed",
                    G_CALLBACK (on_scroll_value), self);
  load_orientation (self);
}

/**
 * vigil_camera_view_zoom:
 * @what: "fit", "one" (1:1), "in", "out", "rotate-right", "rotate-left",
 *   "flip-horizontal" or "flip-vertical"
 *
 * Returns: %FALSE for an unknown @what
 */
gboolean
vigil_camera_view_zoom (VigilCameraView *self,
                        const char      *what)
{
  g_return_val_if_fail (VIGIL_IS_CAMERA_VIEW (self), FALSE);

  if (g_str_equal (what, "fit"))
    zoom_to (self, 0, FALSE);
  else if (g_str_equal (what, "one") || g_str_equal (what, "1"))
    zoom_to (self, gtk_widget_get_scale_factor (GTK_WIDGET (self)), TRUE);
  else if (g_str_equal (what, "in"))
    zoom_by (self, ZOOM_STEP, TRUE);
  else if (g_str_equal (what, "out"))
    zoom_by (self, 1 / ZOOM_STEP, TRUE);
  else if (g_str_equal (what, "rotate-right"))
    turn (self, 1, FALSE, FALSE);
  else if (g_str_equal (what, "rotate-left"))
    turn (self, 3, FALSE, FALSE);
  else if (g_str_equal (what, "flip-horizontal"))
    turn (self, 0, TRUE, FALSE);
  else if (g_str_equal (what, "flip-vertical"))
    turn (self, 0, FALSE, TRUE);
  else
    return FALSE;
  return TRUE;
}

/* Moves the picture by (dx, dy) widget units, as a drag does. */
void
vigil_camera_view_pan (VigilCameraView *self,
                       double           dx,
                       double           dy)
{
  int scale;

  g_return_if_fail (VIGIL_IS_CAMERA_VIEW (self));

  scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  vigil_view_geometry_pan (&self->geometry, dx * scale, dy * scale);
  vigil_camera_view_sync_geometry (self);
}

/* Turns the pixel readout on or off; while on, shown frames keep their
 * raw pixels. */
void
vigil_camera_view_set_readout (VigilCameraView *self,
                               gboolean         show)
{
  g_return_if_fail (VIGIL_IS_CAMERA_VIEW (self));

  self->show_readout = !!show;
  if (self->sink != NULL)
    vigil_frame_sink_set_keep_pixels (self->sink, self->show_readout);
  vigil_camera_view_update_readout (self);
}

/**
 * vigil_camera_view_get_zoom_text:
 *
 * Returns: (transfer full): the zoom for the status line, "Fit (44 %)"
 *   or "200 %"
 */
char *
vigil_camera_view_get_zoom_text (VigilCameraView *self)
{
  double percent;

  g_return_val_if_fail (VIGIL_IS_CAMERA_VIEW (self), NULL);

  /* Frame pixels to screen pixels: device pixels over the scale factor. */
  percent = 100.0 * vigil_view_geometry_scale (&self->geometry) / gtk_widget_get_scale_factor (GTK_WIDGET (self));
  if (self->geometry.zoom <= 0)
    /* Translators: the picture fits the window, shown at this percentage. */
    return g_strdup_printf (_("Fit (%.0f %%)"), percent);
  /* Translators: the picture's zoom in percent. */
  return g_strdup_printf (_("%.0f %%"), percent);
}

/**
 * vigil_camera_view_describe_geometry:
 *
 * Returns: (transfer full): the geometry in words for tests and the
 *   window's read-only `picture-geometry` action, e.g. "frame 1024x1024
 *   view 800x600 zoom 1.000 center 512.0,512.0 turns 0 flip 0,0"
 */
char *
vigil_camera_view_describe_geometry (VigilCameraView *self)
{
  const VigilViewGeometry *g = &self->geometry;
  double cx = 0, cy = 0;

  if (g->frame_width > 0)
    vigil_view_geometry_center (g, &cx, &cy);
  return g_strdup_printf ("frame %ux%u view %ux%u zoom %.3f center %.1f,%.1f turns %u flip %d,%d",
                          g->frame_width, g->frame_height, g->view_width, g->view_height,
                          vigil_view_geometry_scale (g), cx, cy, g->orientation.quarter_turns,
                          g->orientation.flip_h, g->orientation.flip_v);
}
