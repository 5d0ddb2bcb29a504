/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gtk/gtk.h>

#include "vigil-chart-legend.h"
#include "vigil-chart.h"

/* The fd chart's legend (issue 19): one item per named series in the
 * chart's colours, then the reconnect and fault markers.  Needs a display
 * (isolate.sh --gui). */

static const char *
item_text (GtkWidget *flow_child)
{
  GtkWidget *item = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (flow_child));
  GtkWidget *label = gtk_widget_get_last_child (item);

  g_assert_true (GTK_IS_LABEL (label));
  g_assert_true (GTK_IS_DRAWING_AREA (gtk_widget_get_first_child (item)));
  return gtk_label_get_text (GTK_LABEL (label));
}

static guint
count_items (GtkWidget *box)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL; child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

static void
test_fd_legend (void)
{
  static const char * const kinds[] = { "socket", "eventfd", "timerfd", "pipe", "file", "device", "other", NULL };
  VigilChart *chart = g_object_ref_sink (vigil_chart_new ());
  GtkWidget *box = g_object_ref_sink (gtk_flow_box_new ());
  GtkWidget *child;
  GdkRGBA colour, other;
  guint i = 0;

  vigil_chart_set_series_names (chart, kinds);
  vigil_chart_legend_fill (GTK_FLOW_BOX (box), chart, TRUE);
  g_assert_cmpuint (count_items (box), ==, G_N_ELEMENTS (kinds) - 1 + 2);
  for (child = gtk_widget_get_first_child (box); kinds[i] != NULL; child = gtk_widget_get_next_sibling (child), i++)
    g_assert_cmpstr (item_text (child), ==, kinds[i]);
  g_assert_cmpstr (item_text (child), ==, "reconnect");
  g_assert_cmpstr (item_text (gtk_widget_get_next_sibling (child)), ==, "fault");

  /* The colours are the chart's: distinct per series, markers apart. */
  g_assert_cmpstr (vigil_chart_get_series (chart, 0, &colour), ==, "socket");
  g_assert_nonnull (vigil_chart_get_series (chart, 1, &other));
  g_assert_false (gdk_rgba_equal (&colour, &other));
  g_assert_null (vigil_chart_get_series (chart, 7, &other));
  g_assert_null (vigil_chart_get_series (chart, 1000, &other));
  vigil_chart_get_marker_colour (VIGIL_CHART_MARKER_RECONNECT, &colour);
  vigil_chart_get_marker_colour (VIGIL_CHART_MARKER_FAULT, &other);
  g_assert_false (gdk_rgba_equal (&colour, &other));

  g_assert_finalize_object (box);
  g_assert_finalize_object (chart);
}

/* A chart with no named series has only the markers, or nothing. */
static void
test_unnamed (void)
{
  VigilChart *chart = g_object_ref_sink (vigil_chart_new ());
  GtkWidget *with_markers = g_object_ref_sink (gtk_flow_box_new ());
  GtkWidget *without = g_object_ref_sink (gtk_flow_box_new ());

  vigil_chart_legend_fill (GTK_FLOW_BOX (with_markers), chart, TRUE);
  vigil_chart_legend_fill (GTK_FLOW_BOX (without), chart, FALSE);
  g_assert_cmpuint (count_items (with_markers), ==, 2);
  g_assert_cmpuint (count_items (without), ==, 0);
  g_assert_finalize_object (with_markers);
  g_assert_finalize_object (without);
  g_assert_finalize_object (chart);
}

/* Axis values and tooltips in the grammatical number of the count: the
 * panel's reconnect axis read "1 reconnects". */
static void
test_count_units (void)
{
  VigilChart *chart = g_object_ref_sink (vigil_chart_new ());
  VigilChart *memory = g_object_ref_sink (vigil_chart_new ());
  char text[64];

  vigil_chart_set_unit_func (chart, vigil_chart_unit_reconnects);
  vigil_chart_format_value (chart, 1, text, sizeof text);
  g_assert_cmpstr (text, ==, "1 reconnect");
  vigil_chart_format_value (chart, 0.6, text, sizeof text);
  g_assert_cmpstr (text, ==, "1 reconnect");
  vigil_chart_format_value (chart, 0, text, sizeof text);
  g_assert_cmpstr (text, ==, "0 reconnects");
  vigil_chart_format_value (chart, 2, text, sizeof text);
  g_assert_cmpstr (text, ==, "2 reconnects");
  vigil_chart_set_unit_func (chart, vigil_chart_unit_threads);
  vigil_chart_format_value (chart, 1, text, sizeof text);
  g_assert_cmpstr (text, ==, "1 thread");
  vigil_chart_set_unit_func (chart, vigil_chart_unit_fds);
  vigil_chart_format_value (chart, 30, text, sizeof text);
  g_assert_cmpstr (text, ==, "30 fds");

  g_object_set (memory, "unit", "MiB", "divisor", 1048576.0, NULL);
  vigil_chart_format_value (memory, 2.5 * 1048576, text, sizeof text);
  g_assert_cmpstr (text, ==, "2.5 MiB");

  g_assert_finalize_object (memory);
  g_assert_finalize_object (chart);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      return g_test_run ();
    }

  g_test_add_func ("/vigil/chart-legend/fd-legend", test_fd_legend);
  g_test_add_func ("/vigil/chart-legend/unnamed", test_unnamed);
  g_test_add_func ("/vigil/chart-legend/count-units", test_count_units);
  return g_test_run ();
}
