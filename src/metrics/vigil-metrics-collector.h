/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "vigil-diagnostics.h"
#include "vigil-metrics-board.h"
#include "vigil-supervisor.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_METRICS_COLLECTOR (vigil_metrics_collector_get_type ())

G_DECLARE_FINAL_TYPE (VigilMetricsCollector, vigil_metrics_collector, VIGIL, METRICS_COLLECTOR, GObject)

/* The supervisors of the run now (vigil-soak replaces some as it goes).
 * Returns: (transfer container) (element-type VigilSupervisor) */
typedef GPtrArray *(*VigilMetricsSupervisorsFunc) (gpointer user_data);

VigilMetricsCollector *vigil_metrics_collector_new              (VigilDiagnostics            *diagnostics,
                                                                 VigilMetricsBoard           *board);
void                   vigil_metrics_collector_add_supervisor   (VigilMetricsCollector       *self,
                                                                 VigilSupervisor             *supervisor);
void                   vigil_metrics_collector_set_supervisors_func (VigilMetricsCollector   *self,
                                                                 VigilMetricsSupervisorsFunc  func,
                                                                 gpointer                     user_data);
void                   vigil_metrics_collector_publish          (VigilMetricsCollector       *self,
                                                                 const VigilProbeSample      *sample);

G_END_DECLS
