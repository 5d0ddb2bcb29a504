/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "vigil-chart-model.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_CHART (vigil_chart_get_type ())

G_DECLARE_FINAL_TYPE (VigilChart, vigil_chart, VIGIL, CHART, GtkWidget)

/* A count with its unit, in the grammatical number of @count: a printf
 * format whose one %s is the number ("%s fd" for 1, "%s fds" else). */
typedef const char *(*VigilChartUnitFunc) (gulong count);

VigilChart      *vigil_chart_new               (void);
void             vigil_chart_set_model         (VigilChart          *self,
                                                VigilChartModel     *model);
void             vigil_chart_set_series_names  (VigilChart          *self,
                                                const char * const  *names);
const char      *vigil_chart_get_series        (VigilChart          *self,
                                                guint                series,
                                                GdkRGBA             *colour);
void             vigil_chart_get_marker_colour (VigilChartMarkerKind kind,
                                                GdkRGBA             *colour);
void             vigil_chart_set_unit_func     (VigilChart          *self,
                                                VigilChartUnitFunc   func);
void             vigil_chart_format_value      (VigilChart          *self,
                                                gdouble              value,
                                                char                *buffer,
                                                gsize                size);

const char      *vigil_chart_unit_fds          (gulong               count);
const char      *vigil_chart_unit_threads      (gulong               count);
const char      *vigil_chart_unit_reconnects   (gulong               count);

G_END_DECLS
