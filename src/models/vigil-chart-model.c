/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-chart-model"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "vigil-chart-model.h"
#include "vigil-memory.h"

#define MARKER_CAPACITY 1024

typedef struct
{
  gint64               time_us;
  VigilChartMarkerKind kind;
} Marker;

/* The series of one chart: a ring of time-stamped points of n_series
 * values each, and their normalised form for the time window shown.
 * Normalising happens when a point is pushed or the window changes, into
 * arrays allocated once, so a widget drawing the chart only reads.  x is 0
 * at the start of the window and 1 at its newest point; y is the stacked
 * (cumulative) value between the y axis' bottom (0) and top (1), so series
 * 0 is the bottom band and series n − 1 the total.  The axis starts at 0
 * when the model is zero-based; otherwise it spans the totals in the
 * window with a margin, so a step of one handle on top of a hundred shows.  Main thread only (like any GObject that a
 * widget reads). */
struct _VigilChartModel
{
  GObject  parent_instance;

  guint    n_series;
  guint    capacity;
  gint64   window_us;
  gint64   range_end_us;                /* 0: the newest point */

  /* The ring, oldest at head. */
  gint64  *times;
  gdouble *values;                     /* capacity × n_series */
  guint    head;
  guint    len;

  Marker   markers[MARKER_CAPACITY];
  guint    marker_head;
  guint    marker_len;

  /* Normalised view. */
  guint    first;                      /* ring offset of the first visible point */
  guint    n_visible;
  gint64   start_us;
  gint64   end_us;
  gboolean zero_based;
  gdouble  y_min;
  gdouble  y_max;
  gdouble *norm_x;                     /* capacity */
  gdouble *norm_y;                     /* capacity × n_series, stacked */
  gdouble *series_max;                 /* n_series, in the window */
  guint    n_visible_markers;
  gdouble  marker_x[MARKER_CAPACITY];
  guint    marker_index[MARKER_CAPACITY];
};

G_DEFINE_FINAL_TYPE (VigilChartModel, vigil_chart_model, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static guint
ring_index (VigilChartModel *self,
            guint            offset)
{
  return (self->head + offset) % self->capacity;
}

static gdouble
x_for_time (VigilChartModel *self,
            gint64           time_us)
{
  gint64 span = MAX (self->end_us - self->start_us, 1);

  return (gdouble) (time_us - self->start_us) / (gdouble) span;
}

static void
normalise_markers (VigilChartModel *self)
{
  self->n_visible_markers = 0;
  if (self->len == 0)
    return;

  for (guint m = 0; m < self->marker_len; m++)
    {
      guint index = (self->marker_head + m) % MARKER_CAPACITY;
      const Marker *marker = &self->markers[index];

      if (marker->time_us < self->start_us || marker->time_us > self->end_us)
        continue;
      self->marker_x[self->n_visible_markers] = x_for_time (self, marker->time_us);
      self->marker_index[self->n_visible_markers] = index;
      self->n_visible_markers++;
    }
}

/* A 1, 2 or 5 × 10ⁿ range around [low, high] with about four steps. */
static void
nice_range (gdouble   low,
            gdouble   high,
            gboolean  zero_based,
            gdouble  *y_min,
            gdouble  *y_max)
{
  gdouble span, step;

  if (zero_based)
    {
      *y_min = 0;
      *y_max = vigil_chart_nice_ceiling (high);
      return;
    }

  span = MAX (high - low, MAX (high * 0.05, 4));
  step = vigil_chart_nice_ceiling (span / 4);
  *y_min = MAX (0, floor ((low - span * 0.1) / step) * step);
  *y_max = ceil ((high + span * 0.1) / step) * step;
  if (*y_max <= *y_min)
    *y_max = *y_min + step;
}

static void
normalise (VigilChartModel *self)
{
  gdouble top = 0, bottom = G_MAXDOUBLE;

  self->first = 0;
  self->n_visible = 0;
  if (self->len == 0)
    {
      self->start_us = self->end_us = 0;
      self->y_min = 0;
      self->y_max = 1;
      self->n_visible_markers = 0;
      return;
    }

  /* The window, but no further back than the oldest point: until the
   * window is full the chart uses its whole width. */
  self->end_us = self->times[ring_index (self, self->len - 1)];
  self->start_us = self->times[self->head];
  if (self->range_end_us > 0)
    self->end_us = CLAMP (self->range_end_us, self->start_us, self->end_us);
  if (self->window_us > 0)
    self->start_us = MAX (self->start_us, self->end_us - self->window_us);
  if (self->end_us == self->start_us)
    self->start_us = self->end_us - G_USEC_PER_SEC;

  while (self->first < self->len && self->times[ring_index (self, self->first)] < self->start_us)
    self->first++;
  self->n_visible = self->len - self->first;
  while (self->n_visible > 0 && self->times[ring_index (self, self->first + self->n_visible - 1)] > self->end_us)
    self->n_visible--;

  for (guint s = 0; s < self->n_series; s++)
    self->series_max[s] = 0;
  for (guint i = 0; i < self->n_visible; i++)
    {
      const gdouble *values = &self->values[ring_index (self, self->first + i) * self->n_series];
      gdouble total = 0;

      for (guint s = 0; s < self->n_series; s++)
        {
          total += values[s];
          self->series_max[s] = MAX (self->series_max[s], values[s]);
        }
      top = MAX (top, total);
      bottom = MIN (bottom, total);
    }
  nice_range (bottom, top, self->zero_based, &self->y_min, &self->y_max);

  for (guint i = 0; i < self->n_visible; i++)
    {
      guint index = ring_index (self, self->first + i);
      const gdouble *values = &self->values[index * self->n_series];
      gdouble sum = 0;

      self->norm_x[i] = x_for_time (self, self->times[index]);
      for (guint s = 0; s < self->n_series; s++)
        {
          sum += values[s];
          self->norm_y[i * self->n_series + s] = (sum - self->y_min) / (self->y_max - self->y_min);
        }
    }

  normalise_markers (self);
}

static void
vigil_chart_model_finalize (GObject *object)
{
  VigilChartModel *self = (VigilChartModel *) object;

  g_free (self->times);
  g_free (self->values);
  g_free (self->norm_x);
  g_free (self->norm_y);
  g_free (self->series_max);

  G_OBJECT_CLASS (vigil_chart_model_parent_class)->finalize (object);
}

static void
vigil_chart_model_class_init (VigilChartModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_chart_model_finalize;

  /**
   * VigilChartModel::changed:
   *
   * The normalised view changed (a point was pushed or the window
   * changed).  Emitted on the thread that made the change: the main
   * thread.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
vigil_chart_model_init (VigilChartModel *self)
{
  self->y_max = 1;
}

/**
 * vigil_chart_model_new:
 * @n_series: values per point (stacked bands), at least 1
 * @capacity: points kept; older ones drop
 *
 * Returns: (transfer full): an empty chart model showing every point
 */
VigilChartModel *
vigil_chart_model_new (guint n_series,
                       guint capacity)
{
  VigilChartModel *self;

  g_return_val_if_fail (n_series > 0, NULL);
  g_return_val_if_fail (capacity > 0, NULL);

  self = g_object_new (VIGIL_TYPE_CHART_MODEL, NULL);
  self->n_series = n_series;
  self->capacity = capacity;
  self->times = vigil_new_committed (gint64, capacity);
  self->values = vigil_new_committed (gdouble, (gsize) capacity * n_series);
  self->norm_x = vigil_new_committed (gdouble, capacity);
  self->norm_y = vigil_new_committed (gdouble, (gsize) capacity * n_series);
  self->series_max = g_new0 (gdouble, n_series);
  return self;
}

guint
vigil_chart_model_get_n_series (VigilChartModel *self)
{
  g_return_val_if_fail (VIGIL_IS_CHART_MODEL (self), 0);
  return self->n_series;
}

/**
 * vigil_chart_model_set_window:
 * @window_us: how far back from the newest point the chart shows, or
 *   %VIGIL_CHART_WINDOW_ALL for every point kept
 */
void
vigil_chart_model_set_window (VigilChartModel *self,
                              gint64           window_us)
{
  g_return_if_fail (VIGIL_IS_CHART_MODEL (self));
  g_return_if_fail (window_us >= 0);

  if (self->window_us == window_us)
    return;
  self->window_us = window_us;
  normalise (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * vigil_chart_model_set_range_end:
 * @end_us: the newest instant shown (same clock as the points), or 0 for
 *   the newest point; the window reaches back from it
 *
 * For a series that no longer grows (a snapshot's): shows the time range
 * that ends at @end_us.
 */
void
vigil_chart_model_set_range_end (VigilChartModel *self,
                                 gint64           end_us)
{
  g_return_if_fail (VIGIL_IS_CHART_MODEL (self));
  g_return_if_fail (end_us >= 0);

  if (self->range_end_us == end_us)
    return;
  self->range_end_us = end_us;
  normalise (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * vigil_chart_model_push:
 * @time_us: when the values were taken (any clock, increasing)
 * @values: (array): n_series values; unknown (negative) ones count as 0
 *
 * Appends one point, dropping the oldest when full, and emits
 * #VigilChartModel::changed once.
 */
static void
append (VigilChartModel *self,
        gint64           time_us,
        const gdouble   *values)
{
  guint index;

  if (self->len == self->capacity)
    {
      index = self->head;
      self->head = (self->head + 1) % self->capacity;
    }
  else
    index = ring_index (self, self->len++);

  self->times[index] = time_us;
  for (guint s = 0; s < self->n_series; s++)
    self->values[index * self->n_series + s] = values[s] > 0 ? values[s] : 0;
}

void
vigil_chart_model_push (VigilChartModel *self,
                        gint64           time_us,
                        const gdouble   *values)
{
  g_return_if_fail (VIGIL_IS_CHART_MODEL (self));
  g_return_if_fail (values != NULL);

  append (self, time_us, values);
  normalise (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * vigil_chart_model_push_many:
 * @times: (array length=n_points): increasing
 * @values: (array): n_points × n_series values, point after point
 *
 * Appends @n_points points at once (a snapshot's series), normalising and
 * emitting #VigilChartModel::changed once.
 */
void
vigil_chart_model_push_many (VigilChartModel *self,
                             guint            n_points,
                             const gint64    *times,
                             const gdouble   *values)
{
  g_return_if_fail (VIGIL_IS_CHART_MODEL (self));
  g_return_if_fail (n_points == 0 || (times != NULL && values != NULL));

  for (guint i = 0; i < n_points; i++)
    append (self, times[i], &values[(gsize) i * self->n_series]);
  normalise (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * vigil_chart_model_add_marker:
 *
 * Marks an instant on the time axis (same clock as the points).  Shown
 * from now on; does not emit #VigilChartModel::changed, so a chart still
 * redraws once per point.
 */
void
vigil_chart_model_add_marker (VigilChartModel      *self,
                              gint64                time_us,
                              VigilChartMarkerKind  kind)
{
  guint index;

  g_return_if_fail (VIGIL_IS_CHART_MODEL (self));

  if (self->marker_len == MARKER_CAPACITY)
    {
      index = self->marker_head;
      self->marker_head = (self->marker_head + 1) % MARKER_CAPACITY;
    }
  else
    index = (self->marker_head + self->marker_len++) % MARKER_CAPACITY;

  self->markers[index].time_us = time_us;
  self->markers[index].kind = kind;
  normalise_markers (self);
}

/* Points in the window, oldest first. */
guint
vigil_chart_model_get_n_points (VigilChartModel *self)
{
  g_return_val_if_fail (VIGIL_IS_CHART_MODEL (self), 0);
  return self->n_visible;
}

/* x of visible point @i, 0 (window start) … 1 (newest point). */
gdouble
vigil_chart_model_get_x (VigilChartModel *self,
                         guint            i)
{
  g_return_val_if_fail (VIGIL_IS_CHART_MODEL (self), 0);
  g_return_val_if_fail (i < self->n_visible, 0);
  return self->norm_x[i];
}

/* Top of band @series of visible point @i over the y axis' top, 0 … 1. */
gdouble
vigil_chart_model_get_y (VigilChartModel *self,
                         guint            i,
                         guint            series)
{
  g_return_val_if_fail (VIGIL_IS_CHART_MODEL (self), 0);
  g_return_val_if_fail (i < self->n_visible && series < self->n_series, 0);
  return self->norm_y[i * self->n_series + series];
}

gint64
vigil_chart_model_get_time (VigilChartModel *self,
                            guint            i)
{
  g_return_val_if_fail (VIGIL_IS_CHART_MODEL (self), 0);
  g_return_val_if_fail (i < self->n_visible, 0);
  return self->times[ring_index (self, self->first + i)];
}

/* The value of @series at visible point @i, as pushed. */
gdouble
vigil_chart_model_get_value (VigilChartModel *self,
                             guint            i,
                             guint            series)
{
  g_return_val_if_fail (VIGIL_IS_CHART_MODEL (self), 0);
  g_return_val_if_fail (i < self->n_visible && series < self->n_series, 0);
  return self->values[ring_index (self, self->first + i) * self->n_series + series];
}

/* The largest value of @series in the window (0 when it is empty). */
gdouble
vigil_chart_model_get_series_max (VigilChartModel *self,
                                  guint            series)
{
  g_return_val_if_fail (VIGIL_IS_CHART_MODEL (self), 0);
  g_return_val_if_fail (series < self->n_series, 0);
  return self->series_max[series];
}

gdouble
vigil_chart_model_get_total (VigilChartModel *self,
                             guint            i)
{
  g_return_val_if_fail (VIGIL_IS_CHART_MODEL (self), 0);
  g_return_val_if_fail (i < self->n_visible, 0);
  return self->y_min + self->norm_y[i * self->n_series + self->n_series - 1] * (self->y_max - self->y_min);
}

/* The value at the top of the y axis: a multiple of a 1, 2 or 5 × 10ⁿ
 * step at or above the largest total in the window. */
gdouble
vigil_chart_model_get_y_max (VigilChartModel *self)
{
  g_return_val_if_fail (VIGIL_IS_CHART_MODEL (self), 1);
  return self->y_max;
}

/* The value at the bottom of the y axis (0 when zero-based). */
gdouble
vigil_chart_model_get_y_min (VigilChartModel *self)
{
  g_return_val_if_fail (VIGIL_IS_CHART_MODEL (self), 0);
  return self->y_min;
}

/**
 * vigil_chart_model_set_zero_based:
 *
 * Whether the y axis starts at 0 (right for stacked bands and counts from
 * 0) or spans the window's totals.  Default: %FALSE.
 */
void
vigil_chart_model_set_zero_based (VigilChartModel *self,
                                  gboolean         zero_based)
{
  g_return_if_fail (VIGIL_IS_CHART_MODEL (self));

  zero_based = !!zero_based;
  if (self->zero_based == zero_based)
    return;
  self->zero_based = zero_based;
  normalise (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
vigil_chart_model_get_time_range (VigilChartModel *self,
                                  gint64          *start_us,
                                  gint64          *end_us)
{
  g_return_if_fail (VIGIL_IS_CHART_MODEL (self));

  if (start_us != NULL)
    *start_us = self->start_us;
  if (end_us != NULL)
    *end_us = self->end_us;
}

/* x of an instant; outside 0 … 1 when it is outside the window. */
gdouble
vigil_chart_model_x_for_time (VigilChartModel *self,
                              gint64           time_us)
{
  g_return_val_if_fail (VIGIL_IS_CHART_MODEL (self), 0);
  return x_for_time (self, time_us);
}

/* The visible point nearest to @x, or -1 when there is none. */
gint
vigil_chart_model_index_at (VigilChartModel *self,
                            gdouble          x)
{
  guint lo = 0, hi;

  g_return_val_if_fail (VIGIL_IS_CHART_MODEL (self), -1);

  if (self->n_visible == 0)
    return -1;

  hi = self->n_visible - 1;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (self->norm_x[mid] < x)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo > 0 && fabs (self->norm_x[lo - 1] - x) <= fabs (self->norm_x[lo] - x))
    lo--;
  return (gint) lo;
}

/* Markers in the window, oldest first. */
guint
vigil_chart_model_get_n_markers (VigilChartModel *self)
{
  g_return_val_if_fail (VIGIL_IS_CHART_MODEL (self), 0);
  return self->n_visible_markers;
}

/**
 * vigil_chart_model_get_marker:
 * @kind: (out) (optional):
 * @time_us: (out) (optional):
 *
 * Returns: the x of visible marker @i, 0 … 1
 */
gdouble
vigil_chart_model_get_marker (VigilChartModel      *self,
                              guint                 i,
                              VigilChartMarkerKind *kind,
                              gint64               *time_us)
{
  const Marker *marker;

  g_return_val_if_fail (VIGIL_IS_CHART_MODEL (self), 0);
  g_return_val_if_fail (i < self->n_visible_markers, 0);

  marker = &self->markers[self->marker_index[i]];
  if (kind != NULL)
    *kind = marker->kind;
  if (time_us != NULL)
    *time_us = marker->time_us;
  return self->marker_x[i];
}

/* The smallest 1, 2 or 5 × 10ⁿ (n ≥ 0) at or above @value; 1 for 0. */
gdouble
vigil_chart_nice_ceiling (gdouble value)
{
  gdouble scale = 1;

  if (!(value > 1))
    return 1;
  while (scale * 10 < value)
    scale *= 10;
  if (value <= scale)
    return scale;
  if (value <= 2 * scale)
    return 2 * scale;
  if (value <= 5 * scale)
    return 5 * scale;
  return 10 * scale;
}
