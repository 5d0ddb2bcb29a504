/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-controls-popover"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-controls-popover.h"

/* Quick camera controls: a row per feature the camera has.  Shows what the
 * supervisor last read; an edit becomes ::feature-changed, and the camera's
 * answer comes back as new controls (or an error shown by the window). */
struct _VigilControlsPopover
{
  GtkPopover     parent_instance;

  GtkLabel      *identity_label;
  GtkDropDown   *pixel_format;
  GtkStringList *pixel_formats;
  GtkSpinButton *width;
  GtkSpinButton *height;
  GtkSpinButton *frame_rate;
  GtkSpinButton *exposure;
  GtkSpinButton *gain;
  GtkSwitch     *gain_auto;
  GtkWidget     *pixel_format_label;
  GtkWidget     *width_label;
  GtkWidget     *height_label;
  GtkWidget     *frame_rate_label;
  GtkWidget     *exposure_label;
  GtkWidget     *gain_label;
  GtkWidget     *gain_auto_label;

  gboolean       updating;
};

G_DEFINE_FINAL_TYPE (VigilControlsPopover, vigil_controls_popover, GTK_TYPE_POPOVER)

enum {
  FEATURE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
emit_feature (VigilControlsPopover *self,
              const char           *feature,
              GVariant             *value)
{
  g_autoptr(GVariant) owned = g_variant_ref_sink (value);

  if (!self->updating)
    g_signal_emit (self, signals[FEATURE_CHANGED], 0, feature, owned);
}

static void
on_pixel_format_selected (VigilControlsPopover *self)
{
  guint i = gtk_drop_down_get_selected (self->pixel_format);
  const char *format;

  if (i == GTK_INVALID_LIST_POSITION)
    return;
  format = gtk_string_list_get_string (self->pixel_formats, i);
  emit_feature (self, VIGIL_FEATURE_PIXEL_FORMAT, g_variant_new_string (format));
}

static void
on_spin_value_changed (GtkSpinButton        *spin,
                       VigilControlsPopover *self)
{
  double v = gtk_spin_button_get_value (spin);

  if (spin == self->width)
    emit_feature (self, VIGIL_FEATURE_WIDTH, g_variant_new_int32 ((gint32) v));
  else if (spin == self->height)
    emit_feature (self, VIGIL_FEATURE_HEIGHT, g_variant_new_int32 ((gint32) v));
  else if (spin == self->frame_rate)
    emit_feature (self, VIGIL_FEATURE_FRAME_RATE, g_variant_new_double (v));
  else if (spin == self->exposure)
    emit_feature (self, VIGIL_FEATURE_EXPOSURE, g_variant_new_double (v));
  else if (spin == self->gain)
    emit_feature (self, VIGIL_FEATURE_GAIN, g_variant_new_double (v));
}

static void
on_gain_auto_active (VigilControlsPopover *self)
{
  emit_feature (self, VIGIL_FEATURE_GAIN_AUTO, g_variant_new_boolean (gtk_switch_get_active (self->gain_auto)));
}

static void
set_row (GtkWidget     *label,
         GtkSpinButton *spin,
         gboolean       present,
         double         lower,
         double         upper,
         double         value)
{
  gtk_widget_set_visible (label, present);
  gtk_widget_set_visible (GTK_WIDGET (spin), present);
  if (!present)
    return;
  gtk_spin_button_set_range (spin, lower, MAX (lower, upper));
  gtk_spin_button_set_value (spin, value);
}

static void
vigil_controls_popover_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), VIGIL_TYPE_CONTROLS_POPOVER);
  G_OBJECT_CLASS (vigil_controls_popover_parent_class)->dispose (object);
}

static void
vigil_controls_popover_class_init (VigilControlsPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_controls_popover_dispose;

  /**
   * VigilControlsPopover::feature-changed:
   * @feature: a VIGIL_FEATURE_* name
   * @value: the value the person chose
   *
   * Main thread.
   */
  signals[FEATURE_CHANGED] =
    g_signal_new ("feature-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_VARIANT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vigilcam/Vigil/vigil-controls-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilControlsPopover, identity_label);
  gtk_widget_class_bind_template_child (widget_class, VigilControlsPopover, pixel_format);
  gtk_widget_class_bind_template_child (widget_class, VigilControlsPopover, pixel_formats);
  gtk_widget_class_bind_template_child (widget_class, VigilControlsPopover, width);
  gtk_widget_class_bind_template_child (widget_class, VigilControlsPopover, height);
  gtk_widget_class_bind_template_child (widget_class, VigilControlsPopover, frame_rate);
  gtk_widget_class_bind_template_child (widget_class, VigilControlsPopover, exposure);
  gtk_widget_class_bind_template_child (widget_class, VigilControlsPopover, gain);
  gtk_widget_class_bind_template_child (widget_class, VigilControlsPopover, gain_auto);
  gtk_widget_class_bind_template_child (widget_class, VigilControlsPopover, pixel_format_label);
  gtk_widget_class_bind_template_child (widget_class, VigilControlsPopover, width_label);
  gtk_widget_class_bind_template_child (widget_class, VigilControlsPopover, height_label);
  gtk_widget_class_bind_template_child (widget_class, VigilControlsPopover, frame_rate_label);
  gtk_widget_class_bind_template_child (widget_class, VigilControlsPopover, exposure_label);
  gtk_widget_class_bind_template_child (widget_class, VigilControlsPopover, gain_label);
  gtk_widget_class_bind_template_child (widget_class, VigilControlsPopover, gain_auto_label);
}

static void
vigil_controls_popover_init (VigilControlsPopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->pixel_format, "notify::selected", G_CALLBACK (on_pixel_format_selected), self);
  g_signal_connect (self->width, "value-changed", G_CALLBACK (on_spin_value_changed), self);
  g_signal_connect (self->height, "value-changed", G_CALLBACK (on_spin_value_changed), self);
  g_signal_connect (self->frame_rate, "value-changed", G_CALLBACK (on_spin_value_changed), self);
  g_signal_connect (self->exposure, "value-changed", G_CALLBACK (on_spin_value_changed), self);
  g_signal_connect (self->gain, "value-changed", G_CALLBACK (on_spin_value_changed), self);
  g_signal_connect_swapped (self->gain_auto, "notify::active", G_CALLBACK (on_gain_auto_active), self);

  vigil_controls_popover_set_controls (self, NULL);
}

/**
 * vigil_controls_popover_set_controls:
 * @controls: (nullable): what the camera reports; %NULL when none is open
 */
void
vigil_controls_popover_set_controls (VigilControlsPopover *self,
                                     const VigilControls  *controls)
{
  g_autofree char *identity = NULL;
  gboolean has_formats;
  guint selected = GTK_INVALID_LIST_POSITION;

  g_return_if_fail (VIGIL_IS_CONTROLS_POPOVER (self));

  self->updating = TRUE;

  if (controls == NULL)
    {
      gtk_label_set_text (self->identity_label, _("No camera is open"));
      has_formats = FALSE;
      set_row (self->width_label, self->width, FALSE, 0, 0, 0);
      set_row (self->height_label, self->height, FALSE, 0, 0, 0);
      set_row (self->frame_rate_label, self->frame_rate, FALSE, 0, 0, 0);
      set_row (self->exposure_label, self->exposure, FALSE, 0, 0, 0);
      set_row (self->gain_label, self->gain, FALSE, 0, 0, 0);
      gtk_widget_set_visible (self->gain_auto_label, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->gain_auto), FALSE);
    }
  else
    {
      identity = g_strdup_printf ("%s %s · %s", controls->vendor ? controls->vendor : "",
                                  controls->model ? controls->model : "",
                                  controls->serial ? controls->serial : _("no serial"));
      gtk_label_set_text (self->identity_label, identity);

      gtk_string_list_splice (self->pixel_formats, 0,
                              g_list_model_get_n_items (G_LIST_MODEL (self->pixel_formats)),
                              (const char * const *) controls->pixel_formats);
      for (guint i = 0; controls->pixel_formats && controls->pixel_formats[i]; i++)
        if (g_strcmp0 (controls->pixel_formats[i], controls->pixel_format) == 0)
          selected = i;
      gtk_drop_down_set_selected (self->pixel_format, selected);
      has_formats = controls->pixel_formats && controls->pixel_formats[0];

      set_row (self->width_label, self->width, TRUE, controls->width_min, controls->width_max, controls->width);
      set_row (self->height_label, self->height, TRUE, controls->height_min, controls->height_max, controls->height);
      set_row (self->frame_rate_label, self->frame_rate, controls->has_frame_rate,
               controls->frame_rate_min, controls->frame_rate_max, controls->frame_rate);
      set_row (self->exposure_label, self->exposure, controls->has_exposure,
               controls->exposure_min, controls->exposure_max, controls->exposure);
      set_row (self->gain_label, self->gain, controls->has_gain,
               controls->gain_min, controls->gain_max, controls->gain);
      gtk_widget_set_visible (self->gain_auto_label, controls->has_gain_auto);
      gtk_widget_set_visible (GTK_WIDGET (self->gain_auto), controls->has_gain_auto);
      gtk_switch_set_active (self->gain_auto, controls->gain_auto);
      /* The camera sets the gain itself while automatic gain is on. */
      gtk_widget_set_sensitive (GTK_WIDGET (self->gain), !controls->gain_auto);
    }

  gtk_widget_set_visible (self->pixel_format_label, has_formats);
  gtk_widget_set_visible (GTK_WIDGET (self->pixel_format), has_formats);

  self->updating = FALSE;
}
