/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "vigil-diagnostics.h"
#include "vigil-metrics-collector.h"
#include "vigil-metrics-server.h"
#include "vigil-supervisor.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_METRICS (vigil_metrics_get_type ())

G_DECLARE_FINAL_TYPE (VigilMetrics, vigil_metrics, VIGIL, METRICS, GObject)

VigilMetrics          *vigil_metrics_new                  (VigilDiagnostics            *diagnostics);
VigilMetricsCollector *vigil_metrics_get_collector        (VigilMetrics                *self);
VigilMetricsServer    *vigil_metrics_get_server           (VigilMetrics                *self);
VigilMetricsBoard     *vigil_metrics_get_board            (VigilMetrics                *self);
gboolean               vigil_metrics_start                (VigilMetrics                *self,
                                                           const char                  *address,
                                                           GError                     **error);
void                   vigil_metrics_stop                 (VigilMetrics                *self);

G_END_DECLS
