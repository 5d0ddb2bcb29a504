/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "vigil-chart-model.h"

#define SECOND G_GINT64_CONSTANT (1000000)
#define T0     (G_GINT64_CONSTANT (1700000000) * SECOND)

static void
on_changed (gpointer  model,
            guint    *count)
{
  (*count)++;
}

/* A 1 h window at 1 s holds 3,600 points; older ones drop. */
static void
test_window_hour (void)
{
  g_autoptr(VigilChartModel) model = vigil_chart_model_new (1, 3 * 3600);
  guint changed = 0;

  g_signal_connect (model, "changed", G_CALLBACK (on_changed), &changed);
  vigil_chart_model_set_window (model, 3600 * SECOND);
  g_assert_cmpuint (changed, ==, 1);

  for (guint i = 0; i < 2 * 3600; i++)
    {
      gdouble value = i;

      vigil_chart_model_push (model, T0 + (gint64) i * SECOND, &value);
    }
  /* One redraw per point. */
  g_assert_cmpuint (changed, ==, 1 + 2 * 3600);

  /* The window [newest − 1 h, newest] holds 3,601 instants; the point
   * exactly 1 h old is on the edge, so 3,600 full seconds = 3,601 points
   * with both ends, and a window of 3,599 s holds exactly 3,600. */
  vigil_chart_model_set_window (model, 3599 * SECOND);
  g_assert_cmpuint (vigil_chart_model_get_n_points (model), ==, 3600);
  g_assert_cmpint (vigil_chart_model_get_time (model, 0), ==, T0 + (gint64) 3600 * SECOND);
  g_assert_cmpfloat (vigil_chart_model_get_x (model, 0), ==, 0.0);
  g_assert_cmpfloat (vigil_chart_model_get_x (model, 3599), ==, 1.0);

  /* "All": every point kept. */
  vigil_chart_model_set_window (model, VIGIL_CHART_WINDOW_ALL);
  g_assert_cmpuint (vigil_chart_model_get_n_points (model), ==, 2 * 3600);

  g_assert_finalize_object (g_steal_pointer (&model));
}

/* A range that ends before the newest point (a snapshot's chart zoomed
 * to the hour a leak started): the window reaches back from its end, and
 * points after it are not shown. */
static void
test_range_end (void)
{
  g_autoptr(VigilChartModel) model = vigil_chart_model_new (1, 100);
  gint64 start, end;

  for (guint i = 0; i < 100; i++)
    {
      gdouble value = i < 50 ? 10 : 1000;               /* a step after the range */

      vigil_chart_model_push (model, T0 + (gint64) i * SECOND, &value);
    }
  vigil_chart_model_set_window (model, 10 * SECOND);
  vigil_chart_model_set_range_end (model, T0 + 40 * SECOND);
  g_assert_cmpuint (vigil_chart_model_get_n_points (model), ==, 11);
  g_assert_cmpint (vigil_chart_model_get_time (model, 0), ==, T0 + 30 * SECOND);
  g_assert_cmpint (vigil_chart_model_get_time (model, 10), ==, T0 + 40 * SECOND);
  vigil_chart_model_get_time_range (model, &start, &end);
  g_assert_cmpint (end, ==, T0 + 40 * SECOND);
  g_assert_cmpfloat (vigil_chart_model_get_x (model, 10), ==, 1.0);
  /* The y axis spans the range only: the later step does not flatten it. */
  g_assert_cmpfloat (vigil_chart_model_get_y_max (model), <, 100);

  /* "All" up to the end; an end past the newest point is the newest. */
  vigil_chart_model_set_window (model, VIGIL_CHART_WINDOW_ALL);
  g_assert_cmpuint (vigil_chart_model_get_n_points (model), ==, 41);
  vigil_chart_model_set_range_end (model, T0 + 1000 * SECOND);
  g_assert_cmpuint (vigil_chart_model_get_n_points (model), ==, 100);
  vigil_chart_model_set_range_end (model, 0);
  g_assert_cmpuint (vigil_chart_model_get_n_points (model), ==, 100);
}

/* Until the window is full, the chart spans the points there are. */
static void
test_window_not_full (void)
{
  g_autoptr(VigilChartModel) model = vigil_chart_model_new (1, 3600);
  gint64 start, end;

  vigil_chart_model_set_window (model, 3600 * SECOND);
  for (guint i = 0; i < 10; i++)
    {
      gdouble value = i;

      vigil_chart_model_push (model, T0 + (gint64) i * SECOND, &value);
    }
  g_assert_cmpuint (vigil_chart_model_get_n_points (model), ==, 10);
  vigil_chart_model_get_time_range (model, &start, &end);
  g_assert_cmpint (start, ==, T0);
  g_assert_cmpint (end, ==, T0 + 9 * SECOND);
  g_assert_cmpfloat (vigil_chart_model_get_x (model, 0), ==, 0.0);
  g_assert_cmpfloat (vigil_chart_model_get_x (model, 9), ==, 1.0);

  g_assert_finalize_object (g_steal_pointer (&model));
}

/* A model of capacity 3,600 at 1 s drops the oldest point per new one. */
static void
test_capacity_drops_oldest (void)
{
  g_autoptr(VigilChartModel) model = vigil_chart_model_new (1, 3600);

  for (guint i = 0; i < 3600 + 10; i++)
    {
      gdouble value = i;

      vigil_chart_model_push (model, T0 + (gint64) i * SECOND, &value);
    }
  g_assert_cmpuint (vigil_chart_model_get_n_points (model), ==, 3600);
  g_assert_cmpint (vigil_chart_model_get_time (model, 0), ==, T0 + 10 * SECOND);
  g_assert_cmpfloat (vigil_chart_model_get_value (model, 0, 0), ==, 10);
  g_assert_cmpfloat (vigil_chart_model_get_value (model, 3599, 0), ==, 3609);

  g_assert_finalize_object (g_steal_pointer (&model));
}

/* Stacked bands: y of series s is the sum of series 0 … s over the axis. */
static void
test_normalise_stacked (void)
{
  g_autoptr(VigilChartModel) model = vigil_chart_model_new (3, 100);
  const gdouble a[3] = { 10, 20, 30 };   /* total 60 */
  const gdouble b[3] = { 5, -1, 15 };    /* unknown counts as 0: total 20 */

  vigil_chart_model_set_zero_based (model, TRUE);
  vigil_chart_model_push (model, T0, a);
  vigil_chart_model_push (model, T0 + SECOND, b);

  g_assert_cmpfloat (vigil_chart_model_get_y_min (model), ==, 0);
  g_assert_cmpfloat (vigil_chart_model_get_y_max (model), ==, 100);      /* nice ceiling of 60 */
  g_assert_cmpfloat_with_epsilon (vigil_chart_model_get_y (model, 0, 0), 0.1, 1e-9);
  g_assert_cmpfloat_with_epsilon (vigil_chart_model_get_y (model, 0, 1), 0.3, 1e-9);
  g_assert_cmpfloat_with_epsilon (vigil_chart_model_get_y (model, 0, 2), 0.6, 1e-9);
  g_assert_cmpfloat_with_epsilon (vigil_chart_model_get_y (model, 1, 1), 0.05, 1e-9);
  g_assert_cmpfloat_with_epsilon (vigil_chart_model_get_total (model, 0), 60, 1e-9);
  g_assert_cmpfloat_with_epsilon (vigil_chart_model_get_total (model, 1), 20, 1e-9);

  g_assert_finalize_object (g_steal_pointer (&model));
}

/* Not zero-based: the axis spans the totals, so a step of 1 on 60 shows. */
static void
test_normalise_range (void)
{
  g_autoptr(VigilChartModel) model = vigil_chart_model_new (1, 100);
  gdouble y_min, y_max;

  for (guint i = 0; i < 10; i++)
    {
      gdouble value = 60 + i;

      vigil_chart_model_push (model, T0 + (gint64) i * SECOND, &value);
    }
  y_min = vigil_chart_model_get_y_min (model);
  y_max = vigil_chart_model_get_y_max (model);
  g_assert_cmpfloat (y_min, <=, 60);
  g_assert_cmpfloat (y_max, >=, 69);
  g_assert_cmpfloat (y_max - y_min, <=, 20);
  /* Each step of 1 is at least 1/20 of the height. */
  g_assert_cmpfloat (vigil_chart_model_get_y (model, 1, 0) - vigil_chart_model_get_y (model, 0, 0), >=, 0.05);
  g_assert_cmpfloat (vigil_chart_model_get_y (model, 0, 0), >=, 0);
  g_assert_cmpfloat (vigil_chart_model_get_y (model, 9, 0), <=, 1);

  g_assert_cmpfloat (vigil_chart_nice_ceiling (0), ==, 1);
  g_assert_cmpfloat (vigil_chart_nice_ceiling (7), ==, 10);
  g_assert_cmpfloat (vigil_chart_nice_ceiling (120), ==, 200);
  g_assert_cmpfloat (vigil_chart_nice_ceiling (200), ==, 200);
  g_assert_cmpfloat (vigil_chart_nice_ceiling (201), ==, 500);

  g_assert_finalize_object (g_steal_pointer (&model));
}

/* Markers map to the x of their instant; those outside the window are not
 * listed; the nearest point to an x is found. */
static void
test_markers (void)
{
  g_autoptr(VigilChartModel) model = vigil_chart_model_new (1, 1000);
  VigilChartMarkerKind kind;
  gint64 when;

  vigil_chart_model_set_window (model, 100 * SECOND);
  for (guint i = 0; i <= 200; i++)
    {
      gdouble value = 1;

      vigil_chart_model_push (model, T0 + (gint64) i * SECOND, &value);
    }
  /* Window: [T0 + 100 s, T0 + 200 s]. */
  vigil_chart_model_add_marker (model, T0 + 50 * SECOND, VIGIL_CHART_MARKER_RECONNECT);   /* before */
  vigil_chart_model_add_marker (model, T0 + 125 * SECOND, VIGIL_CHART_MARKER_RECONNECT);
  vigil_chart_model_add_marker (model, T0 + 190 * SECOND, VIGIL_CHART_MARKER_FAULT);
  g_assert_cmpuint (vigil_chart_model_get_n_markers (model), ==, 2);
  g_assert_cmpfloat_with_epsilon (vigil_chart_model_get_marker (model, 0, &kind, &when), 0.25, 1e-9);
  g_assert_cmpint (kind, ==, VIGIL_CHART_MARKER_RECONNECT);
  g_assert_cmpint (when, ==, T0 + 125 * SECOND);
  g_assert_cmpfloat_with_epsilon (vigil_chart_model_get_marker (model, 1, &kind, NULL), 0.9, 1e-9);
  g_assert_cmpint (kind, ==, VIGIL_CHART_MARKER_FAULT);
  g_assert_cmpfloat_with_epsilon (vigil_chart_model_x_for_time (model, T0 + 150 * SECOND), 0.5, 1e-9);

  /* A marker after the newest point shows once a newer point arrives. */
  vigil_chart_model_add_marker (model, T0 + 200 * SECOND + SECOND / 2, VIGIL_CHART_MARKER_RECONNECT);
  g_assert_cmpuint (vigil_chart_model_get_n_markers (model), ==, 2);
  {
    gdouble value = 1;

    vigil_chart_model_push (model, T0 + 201 * SECOND, &value);
  }
  g_assert_cmpuint (vigil_chart_model_get_n_markers (model), ==, 3);
  g_assert_cmpfloat_with_epsilon (vigil_chart_model_get_marker (model, 2, NULL, NULL), 0.995, 1e-9);

  /* Index at x: the nearest point. */
  g_assert_cmpint (vigil_chart_model_index_at (model, 0.0), ==, 0);
  g_assert_cmpint (vigil_chart_model_get_time (model, vigil_chart_model_index_at (model, 0.5)), ==,
                   T0 + 151 * SECOND);
  g_assert_cmpint (vigil_chart_model_index_at (model, 1.0), ==, (gint) vigil_chart_model_get_n_points (model) - 1);

  g_assert_finalize_object (g_steal_pointer (&model));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/chart-model/window-hour", test_window_hour);
  g_test_add_func ("/vigil/chart-model/window-not-full", test_window_not_full);
  g_test_add_func ("/vigil/chart-model/range-end", test_range_end);
  g_test_add_func ("/vigil/chart-model/capacity-drops-oldest", test_capacity_drops_oldest);
  g_test_add_func ("/vigil/chart-model/normalise-stacked", test_normalise_stacked);
  g_test_add_func ("/vigil/chart-model/normalise-range", test_normalise_range);
  g_test_add_func ("/vigil/chart-model/markers", test_markers);

  return g_test_run ();
}
