/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-histogram-view"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "vigil-histogram-view.h"

/* Draws a histogram: one bar per bin for each channel (colour channels
 * over each other, translucent), linear or logarithmic.  The bars are
 * scaled to the tallest bar between the ends, so a frame clipped at 0 or
 * at the top of its range does not flatten the rest; an end bin with
 * clipped samples is drawn full height in the warning colour with a mark
 * above it.  snapshot() only reads the copy it holds.  Main thread. */

#define MARK_HEIGHT 6.0f

struct _VigilHistogramView
{
  GtkWidget       parent_instance;

  VigilHistogram *histogram;   /* (nullable) a copy */
  gboolean        log_scale;
  double          scale_max;   /* the count a full-height bar stands for */
};

G_DEFINE_FINAL_TYPE (VigilHistogramView, vigil_histogram_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LOG_SCALE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GdkRGBA
channel_colour (VigilHistogramColour colour,
                const GdkRGBA       *foreground)
{
  switch (colour)
    {
    case VIGIL_HISTOGRAM_RED:
      return (GdkRGBA) { 0.88f, 0.11f, 0.14f, 0.55f };
    case VIGIL_HISTOGRAM_GREEN:
      return (GdkRGBA) { 0.18f, 0.76f, 0.49f, 0.55f };
    case VIGIL_HISTOGRAM_BLUE:
      return (GdkRGBA) { 0.21f, 0.52f, 0.89f, 0.55f };
    case VIGIL_HISTOGRAM_GREY:
    case VIGIL_HISTOGRAM_LUMA:
    default:
      return (GdkRGBA) { foreground->red, foreground->green, foreground->blue, 0.7f };
    }
}

/* The count a full-height bar stands for: the tallest bar between the ends
 * (or at the ends, when that is all there is). */
static double
compute_scale (const VigilHistogram *histogram)
{
  guint64 inner = 0, ends = 0;

  for (guint c = 0; c < histogram->n_channels; c++)
    for (guint i = 0; i < VIGIL_HISTOGRAM_BINS; i++)
      {
        guint64 n = histogram->channels[c].bins[i];

        if (i == 0 || i == VIGIL_HISTOGRAM_BINS - 1)
          ends = MAX (ends, n);
        else
          inner = MAX (inner, n);
      }
  return (double) (inner > 0 ? inner : ends);
}

static double
bar_fraction (VigilHistogramView *self,
              guint64             count)
{
  double f;

  if (count == 0 || self->scale_max <= 0)
    return 0.0;
  f = self->log_scale ? log1p ((double) count) / log1p (self->scale_max) : count / self->scale_max;
  return MIN (f, 1.0);
}

static void
draw_channel (VigilHistogramView *self,
              GtkSnapshot        *snapshot,
              guint               channel,
              const GdkRGBA      *colour,
              const GdkRGBA      *clipped,
              float               width,
              float               height)
{
  const VigilHistogramChannel *c = &self->histogram->channels[channel];
  float bar = width / VIGIL_HISTOGRAM_BINS;

  for (guint i = 0; i < VIGIL_HISTOGRAM_BINS; i++)
    {
      gboolean end = i == 0 || i == VIGIL_HISTOGRAM_BINS - 1;
      gboolean is_clipped = (i == 0 && c->low_clipped > 0) ||
                            (i == VIGIL_HISTOGRAM_BINS - 1 && c->high_clipped > 0);
      float h = (float) (end && is_clipped ? 1.0 : bar_fraction (self, c->bins[i])) * height;

      if (h <= 0)
        continue;
      gtk_snapshot_append_color (snapshot, is_clipped ? clipped : colour,
                                 &GRAPHENE_RECT_INIT (i * bar, MARK_HEIGHT + height - h, MAX (bar, 1.0f), h));
      if (is_clipped)
        gtk_snapshot_append_color (snapshot, clipped,
                                   &GRAPHENE_RECT_INIT (i == 0 ? 0 : width - 3 * MAX (bar, 1.0f), 0,
                                                        3 * MAX (bar, 1.0f), MARK_HEIGHT - 1));
    }
}

static void
vigil_histogram_view_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  VigilHistogramView *self = VIGIL_HISTOGRAM_VIEW (widget);
  float width = gtk_widget_get_width (widget);
  float height = gtk_widget_get_height (widget) - MARK_HEIGHT;
  GdkRGBA foreground, frame, clipped = { 0.96f, 0.47f, 0.0f, 1.0f };

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &foreground);
  frame = (GdkRGBA) { foreground.red, foreground.green, foreground.blue, 0.15f };
  gtk_snapshot_append_color (snapshot, &frame, &GRAPHENE_RECT_INIT (0, MARK_HEIGHT + height - 1, width, 1));
  if (self->histogram == NULL || height <= 0)
    return;

  for (guint c = 0; c < self->histogram->n_channels; c++)
    {
      GdkRGBA colour = channel_colour (self->histogram->channels[c].colour, &foreground);

      draw_channel (self, snapshot, c, &colour, &clipped, width, height);
    }
}

static void
vigil_histogram_view_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? VIGIL_HISTOGRAM_BINS : 96;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 2 * VIGIL_HISTOGRAM_BINS : 160;
}

static void
vigil_histogram_view_finalize (GObject *object)
{
  VigilHistogramView *self = VIGIL_HISTOGRAM_VIEW (object);

  g_clear_pointer (&self->histogram, vigil_histogram_free);
  G_OBJECT_CLASS (vigil_histogram_view_parent_class)->finalize (object);
}

static void
vigil_histogram_view_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  VigilHistogramView *self = VIGIL_HISTOGRAM_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOG_SCALE:
      g_value_set_boolean (value, self->log_scale);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_histogram_view_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  VigilHistogramView *self = VIGIL_HISTOGRAM_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOG_SCALE:
      vigil_histogram_view_set_log (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_histogram_view_class_init (VigilHistogramViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = vigil_histogram_view_finalize;
  object_class->get_property = vigil_histogram_view_get_property;
  object_class->set_property = vigil_histogram_view_set_property;
  widget_class->snapshot = vigil_histogram_view_snapshot;
  widget_class->measure = vigil_histogram_view_measure;

  properties[PROP_LOG_SCALE] =
    g_param_spec_boolean ("log-scale", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "vigil-histogram");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
vigil_histogram_view_init (VigilHistogramView *self)
{
}

GtkWidget *
vigil_histogram_view_new (void)
{
  return g_object_new (VIGIL_TYPE_HISTOGRAM_VIEW, NULL);
}

/* Shows a copy of @histogram (%NULL: nothing). */
void
vigil_histogram_view_set_histogram (VigilHistogramView   *self,
                                    const VigilHistogram *histogram)
{
  g_return_if_fail (VIGIL_IS_HISTOGRAM_VIEW (self));

  g_clear_pointer (&self->histogram, vigil_histogram_free);
  self->histogram = vigil_histogram_copy (histogram);
  self->scale_max = histogram ? compute_scale (histogram) : 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
vigil_histogram_view_set_log (VigilHistogramView *self,
                              gboolean            log_scale)
{
  g_return_if_fail (VIGIL_IS_HISTOGRAM_VIEW (self));

  log_scale = !!log_scale;
  if (self->log_scale == log_scale)
    return;
  self->log_scale = log_scale;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG_SCALE]);
}

gboolean
vigil_histogram_view_get_log (VigilHistogramView *self)
{
  g_return_val_if_fail (VIGIL_IS_HISTOGRAM_VIEW (self), FALSE);
  return self->log_scale;
}
