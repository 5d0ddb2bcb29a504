/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "vigil-metrics-board.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_METRICS_SERVER (vigil_metrics_server_get_type ())

#define VIGIL_METRICS_REQUEST_TIMEOUT_MS_DEFAULT 10000
#define VIGIL_METRICS_MAX_CONNECTIONS_DEFAULT    32

G_DECLARE_FINAL_TYPE (VigilMetricsServer, vigil_metrics_server, VIGIL, METRICS_SERVER, GObject)

VigilMetricsServer *vigil_metrics_server_new                 (VigilMetricsBoard   *board);
void                vigil_metrics_server_set_request_timeout (VigilMetricsServer  *self,
                                                              guint                timeout_ms);
gboolean            vigil_metrics_server_start               (VigilMetricsServer  *self,
                                                              const char          *address,
                                                              GError             **error);
void                vigil_metrics_server_stop                (VigilMetricsServer  *self);
guint16             vigil_metrics_server_get_port            (VigilMetricsServer  *self);
char               *vigil_metrics_server_dup_url             (VigilMetricsServer  *self);
guint64             vigil_metrics_server_get_scrapes         (VigilMetricsServer  *self);
guint64             vigil_metrics_server_get_dropped         (VigilMetricsServer  *self);

GInetSocketAddress *vigil_metrics_parse_address              (const char          *text,
                                                              GError             **error);

G_END_DECLS
