/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "vigil-chart-model.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_CHART (vigil_chart_get_type ())

G_DECLARE_FINAL_TYPE (VigilChart, vigil_chart, VIGIL, CHART, GtkWidget)

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

G_END_DECLS
