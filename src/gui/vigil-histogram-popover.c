/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-histogram-popover"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "vigil-frame.h"
#include "vigil-histogram-popover.h"
#include "vigil-histogram-view.h"

/* The histogram popover: while it is open the consumer counts every pixel
 * of a full frame up to four times a second (the tap is enabled only
 * then), and the popover shows the newest one, with min, mean and max and
 * the share of clipped pixels at each end, in the camera's units (DN,
 * digital numbers: Mono12 0 … 4095).  Main thread. */

struct _VigilHistogramPopover
{
  GtkPopover          parent_instance;

  GtkCheckButton     *log_check;
  VigilHistogramView *view;
  GtkLabel           *low_label;
  GtkLabel           *high_label;
  GtkLabel           *figures_label;
  GtkLabel           *caption_label;

  VigilHistogramTap  *tap;
  guint               poll_source;
  gboolean            has_histogram;
};

G_DEFINE_FINAL_TYPE (VigilHistogramPopover, vigil_histogram_popover, GTK_TYPE_POPOVER)

/* One line a channel: "Red: min 3 DN · mean 120.4 DN · max 255 DN · clipped 0.00 % at 0 DN, 1.25 % at 255 DN". */
static void
append_channel (GString              *text,
                const VigilHistogram *h,
                guint                 channel)
{
  const VigilHistogramChannel *c = &h->channels[channel];

  if (text->len > 0)
    g_string_append_c (text, '\n');
  /* Translators: a histogram channel's figures in the camera's digital
   * numbers (DN); then the percent of its pixels at 0 and at the top. */
  g_string_append_printf (text, _("%s: min %u DN · mean %.1f DN · max %u DN · clipped %.2f %% at 0 DN, %.2f %% at %u DN"),
                          vigil_histogram_colour_label (c->colour), c->min, c->mean, c->max,
                          100.0 * vigil_histogram_low_share (h, channel),
                          100.0 * vigil_histogram_high_share (h, channel), h->max_value);
}

static void
show_histogram (VigilHistogramPopover *self,
                const VigilHistogram  *h)
{
  g_autoptr(GString) figures = g_string_new (NULL);
  g_autofree char *low = NULL, *high = NULL, *caption = NULL;

  vigil_histogram_view_set_histogram (self->view, h);
  for (guint c = 0; c < h->n_channels; c++)
    append_channel (figures, h, c);
  gtk_label_set_text (self->figures_label, figures->str);
  low = g_strdup_printf (_("%u DN"), 0u);
  high = g_strdup_printf (_("%u DN"), h->max_value);
  gtk_label_set_text (self->low_label, low);
  gtk_label_set_text (self->high_label, high);
  /* Translators: pixel format, width×height, frame id, bits a sample, camera values a bar covers. */
  caption = g_strdup_printf (_("%s · %u×%u · frame %" PRIu64 " · %u bits · every pixel counted, a bar is %u DN wide"),
                             vigil_pixel_format_to_string (h->pixel_format), h->width, h->height, h->frame_id,
                             h->depth, h->bin_width);
  gtk_label_set_text (self->caption_label, caption);
  self->has_histogram = TRUE;
}

static gboolean
poll_tap (gpointer data)
{
  VigilHistogramPopover *self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilHistogram) h = NULL;

  if (self->tap == NULL)
    return G_SOURCE_CONTINUE;
  h = vigil_histogram_tap_take (self->tap, &error);
  if (h != NULL)
    show_histogram (self, h);
  else if (error != NULL)
    {
      vigil_histogram_view_set_histogram (self->view, NULL);
      gtk_label_set_text (self->figures_label, "");
      gtk_label_set_text (self->caption_label, error->message);
      self->has_histogram = FALSE;
    }
  return G_SOURCE_CONTINUE;
}

static void
vigil_histogram_popover_map (GtkWidget *widget)
{
  VigilHistogramPopover *self = VIGIL_HISTOGRAM_POPOVER (widget);

  GTK_WIDGET_CLASS (vigil_histogram_popover_parent_class)->map (widget);
  if (!self->has_histogram)
    gtk_label_set_text (self->caption_label, _("Waiting for a frame…"));
  if (self->tap != NULL)
    vigil_histogram_tap_set_enabled (self->tap, TRUE);
  if (self->poll_source == 0)
    self->poll_source = g_timeout_add (VIGIL_HISTOGRAM_INTERVAL_MS / 2, poll_tap, self);
}

static void
vigil_histogram_popover_unmap (GtkWidget *widget)
{
  VigilHistogramPopover *self = VIGIL_HISTOGRAM_POPOVER (widget);

  if (self->tap != NULL)
    vigil_histogram_tap_set_enabled (self->tap, FALSE);
  g_clear_handle_id (&self->poll_source, g_source_remove);
  GTK_WIDGET_CLASS (vigil_histogram_popover_parent_class)->unmap (widget);
}

static void
vigil_histogram_popover_dispose (GObject *object)
{
  VigilHistogramPopover *self = VIGIL_HISTOGRAM_POPOVER (object);

  g_clear_handle_id (&self->poll_source, g_source_remove);
  if (self->tap != NULL)
    vigil_histogram_tap_set_enabled (self->tap, FALSE);
  g_clear_pointer (&self->tap, vigil_histogram_tap_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_HISTOGRAM_POPOVER);

  G_OBJECT_CLASS (vigil_histogram_popover_parent_class)->dispose (object);
}

static void
vigil_histogram_popover_class_init (VigilHistogramPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_histogram_popover_dispose;
  widget_class->map = vigil_histogram_popover_map;
  widget_class->unmap = vigil_histogram_popover_unmap;

  g_type_ensure (VIGIL_TYPE_HISTOGRAM_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vigilcam/Vigil/vigil-histogram-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilHistogramPopover, log_check);
  gtk_widget_class_bind_template_child (widget_class, VigilHistogramPopover, view);
  gtk_widget_class_bind_template_child (widget_class, VigilHistogramPopover, low_label);
  gtk_widget_class_bind_template_child (widget_class, VigilHistogramPopover, high_label);
  gtk_widget_class_bind_template_child (widget_class, VigilHistogramPopover, figures_label);
  gtk_widget_class_bind_template_child (widget_class, VigilHistogramPopover, caption_label);
}

static void
vigil_histogram_popover_init (VigilHistogramPopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_object_bind_property (self->log_check, "active", self->view, "log-scale",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
}

/* Takes histograms from @tap while open. */
void
vigil_histogram_popover_set_tap (VigilHistogramPopover *self,
                                 VigilHistogramTap     *tap)
{
  g_return_if_fail (VIGIL_IS_HISTOGRAM_POPOVER (self));

  if (self->tap != NULL)
    vigil_histogram_tap_set_enabled (self->tap, FALSE);
  g_clear_pointer (&self->tap, vigil_histogram_tap_unref);
  self->tap = tap ? vigil_histogram_tap_ref (tap) : NULL;
  if (self->tap != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    vigil_histogram_tap_set_enabled (self->tap, TRUE);
}
