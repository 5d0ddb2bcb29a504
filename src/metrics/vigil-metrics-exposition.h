/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "vigil-metrics-figures.h"

G_BEGIN_DECLS

typedef enum
{
  VIGIL_METRICS_FORMAT_TEXT,         /* Prometheus text exposition 0.0.4 */
  VIGIL_METRICS_FORMAT_OPENMETRICS,  /* OpenMetrics 1.0.0, "# EOF" terminated */
} VigilMetricsFormat;

#define VIGIL_METRICS_CONTENT_TYPE_TEXT        "text/plain; version=0.0.4; charset=utf-8"
#define VIGIL_METRICS_CONTENT_TYPE_OPENMETRICS "application/openmetrics-text; version=1.0.0; charset=utf-8"

VigilMetricsFormat  vigil_metrics_format_from_accept   (const char                *accept);
const char         *vigil_metrics_format_content_type  (VigilMetricsFormat         format);
void                vigil_metrics_render               (const VigilMetricsFigures *figures,
                                                        VigilMetricsFormat         format,
                                                        GString                   *out);

G_END_DECLS
