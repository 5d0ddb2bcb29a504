/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_CHART_MODEL (vigil_chart_model_get_type ())

G_DECLARE_FINAL_TYPE (VigilChartModel, vigil_chart_model, VIGIL, CHART_MODEL, GObject)

typedef enum
{
  VIGIL_CHART_MARKER_RECONNECT,
  VIGIL_CHART_MARKER_FAULT,
} VigilChartMarkerKind;

/* The window that shows every point kept. */
#define VIGIL_CHART_WINDOW_ALL 0

VigilChartModel *vigil_chart_model_new             (guint                  n_series,
                                                    guint                  capacity);
guint            vigil_chart_model_get_n_series    (VigilChartModel       *self);
void             vigil_chart_model_set_window      (VigilChartModel       *self,
                                                    gint64                 window_us);
void             vigil_chart_model_set_range_end   (VigilChartModel       *self,
                                                    gint64                 end_us);
void             vigil_chart_model_set_zero_based  (VigilChartModel       *self,
                                                    gboolean               zero_based);
void             vigil_chart_model_push            (VigilChartModel       *self,
                                                    gint64                 time_us,
                                                    const gdouble         *values);
void             vigil_chart_model_push_many       (VigilChartModel       *self,
                                                    guint                  n_points,
                                                    const gint64          *times,
                                                    const gdouble         *values);
void             vigil_chart_model_add_marker      (VigilChartModel       *self,
                                                    gint64                 time_us,
                                                    VigilChartMarkerKind   kind);

guint            vigil_chart_model_get_n_points    (VigilChartModel       *self);
gdouble          vigil_chart_model_get_x           (VigilChartModel       *self,
                                                    guint                  i);
gdouble          vigil_chart_model_get_y           (VigilChartModel       *self,
                                                    guint                  i,
                                                    guint                  series);
gint64           vigil_chart_model_get_time        (VigilChartModel       *self,
                                                    guint                  i);
gdouble          vigil_chart_model_get_value       (VigilChartModel       *self,
                                                    guint                  i,
                                                    guint                  series);
gdouble          vigil_chart_model_get_series_max  (VigilChartModel       *self,
                                                    guint                  series);
gdouble          vigil_chart_model_get_total       (VigilChartModel       *self,
                                                    guint                  i);
gdouble          vigil_chart_model_get_y_min       (VigilChartModel       *self);
gdouble          vigil_chart_model_get_y_max       (VigilChartModel       *self);
void             vigil_chart_model_get_time_range  (VigilChartModel       *self,
                                                    gint64                *start_us,
                                                    gint64                *end_us);
gdouble          vigil_chart_model_x_for_time      (VigilChartModel       *self,
                                                    gint64                 time_us);
gint             vigil_chart_model_index_at        (VigilChartModel       *self,
                                                    gdouble                x);
guint            vigil_chart_model_get_n_markers   (VigilChartModel       *self);
gdouble          vigil_chart_model_get_marker      (VigilChartModel       *self,
                                                    guint                  i,
                                                    VigilChartMarkerKind  *kind,
                                                    gint64                *time_us);
gdouble          vigil_chart_nice_ceiling          (gdouble                value);

G_END_DECLS
