/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-chart"

#include "config.h"

#include <inttypes.h>
#include <math.h>

#include <glib/gi18n.h>

#include "vigil-chart.h"

#define MAX_SERIES   8
#define LEFT_MARGIN  96      /* at least: wider axis labels widen it */
#define RIGHT_MARGIN 6
#define TOP_MARGIN   18
#define BOTTOM_MARGIN 16
#define MEBIBYTE     (1024.0 * 1024.0)

/* A live time-series chart: stacked bands (or one band) of a
 * VigilChartModel, markers for reconnects and faults, axis labels with
 * units and a tooltip with the value under the pointer.  snapshot () only
 * reads the model and the layouts prepared when the model changed; it
 * allocates nothing of its own.  Redrawn once per model change, and only
 * while mapped. */
struct _VigilChart
{
  GtkWidget        parent_instance;

  VigilChartModel *model;
  gulong           changed_id;
  char            *title;
  char            *unit;               /* "MiB" …, or: */
  VigilChartUnitFunc unit_func;        /* "fd"/"fds" …, by the count shown */
  int              left_margin;        /* LEFT_MARGIN, or the axis labels' width */
  gdouble          divisor;            /* value / divisor is shown */
  char            *series_names[MAX_SERIES];
  gboolean         dirty;              /* changed while unmapped */

  PangoLayout     *title_layout;
  PangoLayout     *top_layout;
  PangoLayout     *bottom_layout;
  PangoLayout     *start_layout;
  PangoLayout     *end_layout;
};

G_DEFINE_FINAL_TYPE (VigilChart, vigil_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  PROP_TITLE,
  PROP_UNIT,
  PROP_DIVISOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Bands: readable on light and dark backgrounds alike. */
static const GdkRGBA palette[MAX_SERIES] = {
  { 0.21, 0.52, 0.89, 1 },   /* blue */
  { 0.90, 0.38, 0.00, 1 },   /* orange */
  { 0.15, 0.64, 0.41, 1 },   /* green */
  { 0.57, 0.25, 0.67, 1 },   /* purple */
  { 0.75, 0.60, 0.00, 1 },   /* yellow */
  { 0.00, 0.60, 0.65, 1 },   /* teal */
  { 0.55, 0.55, 0.55, 1 },   /* grey */
  { 0.80, 0.20, 0.40, 1 },   /* pink */
};
static const GdkRGBA reconnect_colour = { 0.21, 0.52, 0.89, 0.9 };
static const GdkRGBA fault_colour = { 0.88, 0.11, 0.14, 0.9 };

/**
 * vigil_chart_format_value:
 * @value: a value of the chart's model
 * @buffer: (out caller-allocates): where the text goes, cut to @size
 *
 * @value as the chart shows it, with its unit: "1 reconnect", "2.5 MiB".
 */
void
vigil_chart_format_value (VigilChart *self,
                          gdouble     value,
                          char       *buffer,
                          gsize       size)
{
  gdouble shown = value / self->divisor;

  if (self->divisor > 1)
    g_snprintf (buffer, size, "%.1f %s", shown, self->unit ? self->unit : "");
  else if (self->unit_func != NULL)
    {
      gdouble rounded = round (shown);
      char number[32];

      g_snprintf (number, sizeof number, "%.0f", rounded);
      g_snprintf (buffer, size,
                  self->unit_func (rounded <= 0 || !isfinite (rounded) ? 0 : (gulong) MIN (rounded, (gdouble) G_MAXULONG)),
                  number);
    }
  else
    g_snprintf (buffer, size, "%.0f %s", shown, self->unit ? self->unit : "");
}

static void
format_span (gint64  span_us,
             char   *buffer,
             gsize   size)
{
  gint64 s = span_us / G_USEC_PER_SEC;

  if (s >= 3600)
    g_snprintf (buffer, size, _("−%.1f h"), s / 3600.0);
  else if (s >= 60)
    g_snprintf (buffer, size, _("−%" PRId64 " min"), (s + 30) / 60);
  else
    g_snprintf (buffer, size, _("−%" PRId64 " s"), s);
}

/* Prepares the texts drawn around the plot: done when the model changes,
 * not in snapshot (). */
static void
update_labels (VigilChart *self)
{
  char buffer[64];
  gint64 start = 0, end = 0;

  self->dirty = FALSE;
  pango_layout_set_text (self->title_layout, self->title ? self->title : "", -1);
  if (self->model == NULL || vigil_chart_model_get_n_points (self->model) == 0)
    {
      pango_layout_set_text (self->top_layout, "", -1);
      pango_layout_set_text (self->bottom_layout, "", -1);
      pango_layout_set_text (self->start_layout, "", -1);
      pango_layout_set_text (self->end_layout, _("no samples yet"), -1);
      return;
    }

  vigil_chart_format_value (self, vigil_chart_model_get_y_max (self->model), buffer, sizeof buffer);
  pango_layout_set_text (self->top_layout, buffer, -1);
  vigil_chart_format_value (self, vigil_chart_model_get_y_min (self->model), buffer, sizeof buffer);
  pango_layout_set_text (self->bottom_layout, buffer, -1);
  {
    int top_width, bottom_width;

    /* Never cut an axis label (a long unit, a translation). */
    pango_layout_get_pixel_size (self->top_layout, &top_width, NULL);
    pango_layout_get_pixel_size (self->bottom_layout, &bottom_width, NULL);
    self->left_margin = MAX (LEFT_MARGIN, MAX (top_width, bottom_width) + 8);
  }

  vigil_chart_model_get_time_range (self->model, &start, &end);
  format_span (end - start, buffer, sizeof buffer);
  pango_layout_set_text (self->start_layout, buffer, -1);
  {
    g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (end / G_USEC_PER_SEC);
    g_autofree char *now = local ? g_date_time_format (local, "%H:%M:%S") : NULL;

    pango_layout_set_text (self->end_layout, now ? now : "", -1);
  }
}

static void
on_model_changed (VigilChart *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->dirty = TRUE;
      return;
    }
  update_labels (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
plot_rect (VigilChart      *self,
           graphene_rect_t *rect)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));

  graphene_rect_init (rect, self->left_margin, TOP_MARGIN,
                      MAX (w - self->left_margin - RIGHT_MARGIN, 1),
                      MAX (h - TOP_MARGIN - BOTTOM_MARGIN, 1));
}

static void
draw_text (GtkSnapshot   *snapshot,
           PangoLayout   *layout,
           const GdkRGBA *colour,
           float          x,
           float          y,
           float          align)          /* 0 left, 1 right */
{
  int width, height;

  pango_layout_get_pixel_size (layout, &width, &height);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x - align * width, y - height / 2.0f));
  gtk_snapshot_append_layout (snapshot, layout, colour);
  gtk_snapshot_restore (snapshot);
}

/* From point @i on, finds the points in the same pixel column; sets @best
 * to the one with the largest total and returns the first point of the
 * next column. */
static guint
next_column (VigilChartModel *model,
             guint            n,
             guint            i,
             double           width,
             guint           *best)
{
  guint last_series = vigil_chart_model_get_n_series (model) - 1;
  int column = (int) (vigil_chart_model_get_x (model, i) * width);
  double top = vigil_chart_model_get_y (model, i, last_series);

  *best = i;
  for (i++; i < n && (int) (vigil_chart_model_get_x (model, i) * width) == column; i++)
    if (vigil_chart_model_get_y (model, i, last_series) > top)
      {
        top = vigil_chart_model_get_y (model, i, last_series);
        *best = i;
      }
  return i;
}

/* The titles, the axis labels, the frame and a middle grid line. */
static void
draw_frame (VigilChart            *self,
            GtkSnapshot           *snapshot,
            const graphene_rect_t *plot,
            const GdkRGBA         *fg)
{
  GdkRGBA grid = *fg, faint = *fg;

  grid.alpha = 0.15f;
  faint.alpha = 0.7f;

  draw_text (snapshot, self->title_layout, fg, 0, TOP_MARGIN / 2.0f, 0);
  draw_text (snapshot, self->top_layout, &faint, plot->origin.x - 4, plot->origin.y + 7, 1);
  draw_text (snapshot, self->bottom_layout, &faint, plot->origin.x - 4, plot->origin.y + plot->size.height - 7, 1);
  draw_text (snapshot, self->start_layout, &faint, plot->origin.x,
             plot->origin.y + plot->size.height + BOTTOM_MARGIN / 2.0f, 0);
  draw_text (snapshot, self->end_layout, &faint, plot->origin.x + plot->size.width,
             plot->origin.y + plot->size.height + BOTTOM_MARGIN / 2.0f, 1);

  gtk_snapshot_append_color (snapshot, &grid, &GRAPHENE_RECT_INIT (plot->origin.x, plot->origin.y, plot->size.width, 1));
  gtk_snapshot_append_color (snapshot, &grid, &GRAPHENE_RECT_INIT (plot->origin.x, plot->origin.y + plot->size.height / 2,
                                                                   plot->size.width, 1));
  gtk_snapshot_append_color (snapshot, &grid, &GRAPHENE_RECT_INIT (plot->origin.x, plot->origin.y + plot->size.height - 1,
                                                                   plot->size.width, 1));
}

/* One point per pixel column (the one with the largest total), so the
 * cost follows the width, not the number of points.  Bands from the top
 * down, each filled opaque from below the plot to its stacked top, over
 * the one above it. */
static void
draw_bands (VigilChart *self,
            cairo_t    *cr,
            guint       n,
            guint       n_series,
            float       width)
{
  for (guint s = n_series; s > 0; s--)
    {
      const GdkRGBA *colour = &palette[s - 1];
      guint last = 0;

      if (n_series > 1 && vigil_chart_model_get_series_max (self->model, s - 1) <= 0)
        continue;
      cairo_new_path (cr);
      cairo_move_to (cr, vigil_chart_model_get_x (self->model, 0), -0.1);
      for (guint i = 0, best = 0; i < n; last = best)
        {
          i = next_column (self->model, n, i, width, &best);
          cairo_line_to (cr, vigil_chart_model_get_x (self->model, best), vigil_chart_model_get_y (self->model, best, s - 1));
        }
      cairo_line_to (cr, vigil_chart_model_get_x (self->model, last), -0.1);
      cairo_close_path (cr);
      cairo_set_source_rgba (cr, colour->red, colour->green, colour->blue, n_series > 1 ? 1.0 : 0.3);
      cairo_fill (cr);
    }
}

/* The total as a line. */
static void
draw_total (VigilChart    *self,
            cairo_t       *cr,
            guint          n,
            guint          n_series,
            float          width,
            const GdkRGBA *fg)
{
  cairo_new_path (cr);
  for (guint i = 0, best = 0; i < n;)
    {
      i = next_column (self->model, n, i, width, &best);
      cairo_line_to (cr, vigil_chart_model_get_x (self->model, best), vigil_chart_model_get_y (self->model, best, n_series - 1));
    }
  cairo_save (cr);
  cairo_identity_matrix (cr);
  cairo_set_line_width (cr, 1.5);
  cairo_set_source_rgba (cr, palette[0].red * 0.7, palette[0].green * 0.7, palette[0].blue * 0.7, 1);
  if (n_series > 1)
    cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.8);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* Markers: reconnects (blue, dashed) and faults (red), one path and one
 * stroke for each kind.  A stroke per marker made the cairo renderer's
 * recording of every chart hold one command per marker, and grew the heap
 * by about 6 kB a reconnect over the four charts (heaptrack, issue 16). */
static void
draw_marker_kind (VigilChart           *self,
                  cairo_t              *cr,
                  VigilChartMarkerKind  wanted)
{
  static const double dash[] = { 3, 2 };
  gboolean any = FALSE;

  for (guint m = 0; m < vigil_chart_model_get_n_markers (self->model); m++)
    {
      VigilChartMarkerKind kind;
      gdouble x = vigil_chart_model_get_marker (self->model, m, &kind, NULL);

      if (kind != wanted)
        continue;
      cairo_move_to (cr, x, 0);
      cairo_line_to (cr, x, 1);
      any = TRUE;
    }
  if (!any)
    return;
  cairo_save (cr);
  cairo_identity_matrix (cr);
  cairo_set_line_width (cr, 1);
  cairo_set_dash (cr, dash, wanted == VIGIL_CHART_MARKER_FAULT ? 0 : 2, 0);
  gdk_cairo_set_source_rgba (cr, wanted == VIGIL_CHART_MARKER_FAULT ? &fault_colour : &reconnect_colour);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_markers (VigilChart *self,
              cairo_t    *cr)
{
  draw_marker_kind (self, cr, VIGIL_CHART_MARKER_RECONNECT);
  draw_marker_kind (self, cr, VIGIL_CHART_MARKER_FAULT);
}

static void
vigil_chart_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  VigilChart *self = VIGIL_CHART (widget);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  G_GNUC_END_IGNORE_DEPRECATIONS
  GdkRGBA fg;
  graphene_rect_t plot;
  guint n, n_series;
  cairo_t *cr;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (style, &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS

  plot_rect (self, &plot);
  draw_frame (self, snapshot, &plot, &fg);

  if (self->model == NULL || (n = vigil_chart_model_get_n_points (self->model)) == 0)
    return;
  n_series = MIN (vigil_chart_model_get_n_series (self->model), MAX_SERIES);

  cr = gtk_snapshot_append_cairo (snapshot, &plot);
  cairo_rectangle (cr, plot.origin.x, plot.origin.y, plot.size.width, plot.size.height);
  cairo_clip (cr);
  cairo_translate (cr, plot.origin.x, plot.origin.y + plot.size.height);
  cairo_scale (cr, plot.size.width, -plot.size.height);

  draw_bands (self, cr, n, n_series, plot.size.width);
  draw_total (self, cr, n, n_series, plot.size.width, &fg);
  draw_markers (self, cr);

  cairo_destroy (cr);
}

static gboolean
on_query_tooltip (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip)
{
  VigilChart *self = VIGIL_CHART (widget);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *when = NULL;
  graphene_rect_t plot;
  char value[64];
  gint i;
  guint n_series;

  if (self->model == NULL)
    return FALSE;
  plot_rect (self, &plot);
  i = vigil_chart_model_index_at (self->model, (x - plot.origin.x) / plot.size.width);
  if (i < 0)
    return FALSE;

  local = g_date_time_new_from_unix_local (vigil_chart_model_get_time (self->model, i) / G_USEC_PER_SEC);
  when = local ? g_date_time_format (local, "%H:%M:%S") : g_strdup ("?");
  vigil_chart_format_value (self, vigil_chart_model_get_total (self->model, i), value, sizeof value);
  /* Translators: chart title, value with unit, time of day. */
  g_string_append_printf (text, _("%s: %s at %s"), self->title ? self->title : "", value, when);

  n_series = vigil_chart_model_get_n_series (self->model);
  for (guint s = 0; n_series > 1 && s < MIN (n_series, MAX_SERIES); s++)
    {
      gdouble v = vigil_chart_model_get_value (self->model, i, s);

      if (v <= 0)
        continue;
      vigil_chart_format_value (self, v, value, sizeof value);
      g_string_append_printf (text, "\n%s: %s", self->series_names[s] ? self->series_names[s] : "?", value);
    }
  gtk_tooltip_set_text (tooltip, text->str);
  return TRUE;
}

static void
vigil_chart_map (GtkWidget *widget)
{
  VigilChart *self = VIGIL_CHART (widget);

  GTK_WIDGET_CLASS (vigil_chart_parent_class)->map (widget);
  if (self->dirty)
    {
      update_labels (self);
      gtk_widget_queue_draw (widget);
    }
}

static void
vigil_chart_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = LEFT_MARGIN + RIGHT_MARGIN + 60;
  else
    {
      *minimum = TOP_MARGIN + BOTTOM_MARGIN + 30;
      *natural = TOP_MARGIN + BOTTOM_MARGIN + 60;
    }
}

static void
vigil_chart_dispose (GObject *object)
{
  VigilChart *self = (VigilChart *) object;

  vigil_chart_set_model (self, NULL);
  g_clear_object (&self->title_layout);
  g_clear_object (&self->top_layout);
  g_clear_object (&self->bottom_layout);
  g_clear_object (&self->start_layout);
  g_clear_object (&self->end_layout);

  G_OBJECT_CLASS (vigil_chart_parent_class)->dispose (object);
}

static void
vigil_chart_finalize (GObject *object)
{
  VigilChart *self = (VigilChart *) object;

  g_free (self->title);
  g_free (self->unit);
  for (guint i = 0; i < MAX_SERIES; i++)
    g_free (self->series_names[i]);

  G_OBJECT_CLASS (vigil_chart_parent_class)->finalize (object);
}

static void
vigil_chart_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  VigilChart *self = VIGIL_CHART (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_UNIT:
      g_value_set_string (value, self->unit);
      break;
    case PROP_DIVISOR:
      g_value_set_double (value, self->divisor);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_string (VigilChart  *self,
            char       **field,
            const char  *value,
            GParamSpec  *pspec)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  update_labels (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

static void
vigil_chart_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  VigilChart *self = VIGIL_CHART (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      vigil_chart_set_model (self, g_value_get_object (value));
      break;
    case PROP_TITLE:
      set_string (self, &self->title, g_value_get_string (value), pspec);
      break;
    case PROP_UNIT:
      set_string (self, &self->unit, g_value_get_string (value), pspec);
      break;
    case PROP_DIVISOR:
      if (self->divisor != g_value_get_double (value))
        {
          self->divisor = g_value_get_double (value);
          update_labels (self);
          gtk_widget_queue_draw (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_chart_class_init (VigilChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_chart_dispose;
  object_class->finalize = vigil_chart_finalize;
  object_class->get_property = vigil_chart_get_property;
  object_class->set_property = vigil_chart_set_property;
  widget_class->snapshot = vigil_chart_snapshot;
  widget_class->measure = vigil_chart_measure;
  widget_class->map = vigil_chart_map;
  widget_class->query_tooltip = on_query_tooltip;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, VIGIL_TYPE_CHART_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNIT] =
    g_param_spec_string ("unit", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIVISOR] =
    g_param_spec_double ("divisor", NULL, NULL, 1e-9, G_MAXDOUBLE, 1,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "vigil-chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
vigil_chart_init (VigilChart *self)
{
  self->divisor = 1;
  self->left_margin = LEFT_MARGIN;
  self->title_layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  self->top_layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  self->bottom_layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  self->start_layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  self->end_layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  update_labels (self);
}

VigilChart *
vigil_chart_new (void)
{
  return g_object_new (VIGIL_TYPE_CHART, NULL);
}

void
vigil_chart_set_model (VigilChart      *self,
                       VigilChartModel *model)
{
  g_return_if_fail (VIGIL_IS_CHART (self));
  g_return_if_fail (model == NULL || VIGIL_IS_CHART_MODEL (model));

  if (self->model == model)
    return;
  if (self->model != NULL)
    g_clear_signal_handler (&self->changed_id, self->model);
  g_set_object (&self->model, model);
  if (model != NULL)
    self->changed_id = g_signal_connect_swapped (model, "changed", G_CALLBACK (on_model_changed), self);
  if (self->title_layout != NULL)
    on_model_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

/* Names of the stacked series, for the tooltip. */
void
vigil_chart_set_series_names (VigilChart         *self,
                              const char * const *names)
{
  g_return_if_fail (VIGIL_IS_CHART (self));

  for (guint i = 0; i < MAX_SERIES; i++)
    g_clear_pointer (&self->series_names[i], g_free);
  for (guint i = 0; names != NULL && names[i] != NULL && i < MAX_SERIES; i++)
    self->series_names[i] = g_strdup (names[i]);
}

/**
 * vigil_chart_get_series:
 * @series: a series index
 * @colour: (out): the colour it is drawn in
 *
 * For a legend.
 *
 * Returns: (nullable): the series' name, %NULL past the named series
 */
const char *
vigil_chart_get_series (VigilChart *self,
                        guint       series,
                        GdkRGBA    *colour)
{
  g_return_val_if_fail (VIGIL_IS_CHART (self), NULL);
  g_return_val_if_fail (colour != NULL, NULL);

  if (series >= MAX_SERIES)
    return NULL;
  *colour = palette[series];
  return self->series_names[series];
}

/* The colour of the markers of @kind on the time axis (reconnects are
 * dashed, faults solid). */
void
vigil_chart_get_marker_colour (VigilChartMarkerKind  kind,
                               GdkRGBA              *colour)
{
  g_return_if_fail (colour != NULL);
  *colour = kind == VIGIL_CHART_MARKER_FAULT ? fault_colour : reconnect_colour;
}

/**
 * vigil_chart_set_unit_func:
 * @func: (nullable): a count with its unit, in its grammatical number
 *
 * Counts are shown by @func's format instead of with #VigilChart:unit.
 */
void
vigil_chart_set_unit_func (VigilChart         *self,
                           VigilChartUnitFunc  func)
{
  g_return_if_fail (VIGIL_IS_CHART (self));

  self->unit_func = func;
  update_labels (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
