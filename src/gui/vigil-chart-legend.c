/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-chart-legend"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-chart-legend.h"

/* A chart's legend (issue 19: the fd chart stacked seven colours with no
 * key): one swatch and name per named series, in the chart's own colours,
 * and the time-axis markers (a dashed line for a reconnect, a solid red
 * one for a fault).  Items flow onto as many lines as the panel's width
 * needs.  Main thread. */

#define SWATCH_SIZE 10

typedef struct
{
  GdkRGBA  colour;
  gboolean marker;
  gboolean dashed;
} Swatch;

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        data)
{
  const Swatch *swatch = data;
  static const double dash[] = { 3, 2 };

  gdk_cairo_set_source_rgba (cr, &swatch->colour);
  if (!swatch->marker)
    {
      cairo_rectangle (cr, 0, (height - SWATCH_SIZE) / 2.0, SWATCH_SIZE, SWATCH_SIZE);
      cairo_fill (cr);
      return;
    }
  cairo_set_line_width (cr, 2);
  cairo_set_dash (cr, dash, swatch->dashed ? G_N_ELEMENTS (dash) : 0, 0);
  cairo_move_to (cr, width / 2.0, 1);
  cairo_line_to (cr, width / 2.0, height - 1);
  cairo_stroke (cr);
}

static void
add_item (GtkFlowBox    *box,
          const char    *name,
          const GdkRGBA *colour,
          gboolean       marker,
          gboolean       dashed)
{
  Swatch *swatch = g_new0 (Swatch, 1);
  GtkWidget *item = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *area = gtk_drawing_area_new ();
  GtkWidget *label = gtk_label_new (name);

  swatch->colour = *colour;
  swatch->marker = marker;
  swatch->dashed = dashed;
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), SWATCH_SIZE);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), SWATCH_SIZE + 4);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_swatch, swatch, g_free);
  gtk_widget_set_valign (area, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (item), area);
  gtk_box_append (GTK_BOX (item), label);
  gtk_flow_box_append (box, item);
}

/**
 * vigil_chart_legend_fill:
 * @box: an empty flow box
 * @chart: the chart whose series (named with vigil_chart_set_series_names ())
 *   the legend names
 * @with_markers: also name the reconnect and fault markers
 *
 * Fills @box with the legend of @chart.
 */
void
vigil_chart_legend_fill (GtkFlowBox *box,
                         VigilChart *chart,
                         gboolean    with_markers)
{
  GdkRGBA colour;
  const char *name;

  g_return_if_fail (GTK_IS_FLOW_BOX (box));
  g_return_if_fail (VIGIL_IS_CHART (chart));

  for (guint s = 0; (name = vigil_chart_get_series (chart, s, &colour)) != NULL; s++)
    add_item (box, name, &colour, FALSE, FALSE);
  if (!with_markers)
    return;
  vigil_chart_get_marker_colour (VIGIL_CHART_MARKER_RECONNECT, &colour);
  /* Translators: in the fd chart's legend: the dashed line marks a reconnect. */
  add_item (box, C_("legend", "reconnect"), &colour, TRUE, TRUE);
  vigil_chart_get_marker_colour (VIGIL_CHART_MARKER_FAULT, &colour);
  /* Translators: in the fd chart's legend: the red line marks an injected fault. */
  add_item (box, C_("legend", "fault"), &colour, TRUE, FALSE);
}
