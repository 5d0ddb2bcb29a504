/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-metrics"

#include "config.h"

#include "vigil-metrics.h"

/* The metrics endpoint of one process, as the entries use it: the board of
 * published figures, the collector that fills it from the periodic
 * sampler's samples (main thread) and the server that reads it (its own
 * thread).  vigil and vigil-soak make one when --metrics-address is given:
 *
 *   metrics = vigil_metrics_new (diagnostics);
 *   vigil_metrics_collector_add_supervisor (vigil_metrics_get_collector (metrics), supervisor);
 *   vigil_metrics_start (metrics, "127.0.0.1:9464", &error);
 *   …
 *   vigil_metrics_stop (metrics);
 */
struct _VigilMetrics
{
  GObject                parent_instance;

  VigilMetricsBoard     *board;
  VigilMetricsCollector *collector;
  VigilMetricsServer    *server;
};

G_DEFINE_FINAL_TYPE (VigilMetrics, vigil_metrics, G_TYPE_OBJECT)

static void
vigil_metrics_dispose (GObject *object)
{
  VigilMetrics *self = (VigilMetrics *) object;

  if (self->server != NULL)
    vigil_metrics_server_stop (self->server);
  g_clear_object (&self->server);
  g_clear_object (&self->collector);
  g_clear_pointer (&self->board, vigil_metrics_board_unref);

  G_OBJECT_CLASS (vigil_metrics_parent_class)->dispose (object);
}

static void
vigil_metrics_class_init (VigilMetricsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vigil_metrics_dispose;
}

static void
vigil_metrics_init (VigilMetrics *self)
{
  self->board = vigil_metrics_board_new ();
  self->server = vigil_metrics_server_new (self->board);
}

/**
 * vigil_metrics_new:
 *
 * Main thread.  Nothing is served before vigil_metrics_start ().
 *
 * Returns: (transfer full)
 */
VigilMetrics *
vigil_metrics_new (VigilDiagnostics *diagnostics)
{
  VigilMetrics *self;

  g_return_val_if_fail (VIGIL_IS_DIAGNOSTICS (diagnostics), NULL);

  self = g_object_new (VIGIL_TYPE_METRICS, NULL);
  self->collector = vigil_metrics_collector_new (diagnostics, self->board);
  return self;
}

/** vigil_metrics_get_collector: Returns: (transfer none): */
VigilMetricsCollector *
vigil_metrics_get_collector (VigilMetrics *self)
{
  g_return_val_if_fail (VIGIL_IS_METRICS (self), NULL);
  return self->collector;
}

/** vigil_metrics_get_server: Returns: (transfer none): */
VigilMetricsServer *
vigil_metrics_get_server (VigilMetrics *self)
{
  g_return_val_if_fail (VIGIL_IS_METRICS (self), NULL);
  return self->server;
}

/** vigil_metrics_get_board: Returns: (transfer none): the published figures */
VigilMetricsBoard *
vigil_metrics_get_board (VigilMetrics *self)
{
  g_return_val_if_fail (VIGIL_IS_METRICS (self), NULL);
  return self->board;
}

/**
 * vigil_metrics_start:
 * @address: "ADDR:PORT", ":PORT" or "PORT" (loopback)
 *
 * Returns: %FALSE with @error set when the address is wrong or taken
 */
gboolean
vigil_metrics_start (VigilMetrics  *self,
                     const char    *address,
                     GError       **error)
{
  g_return_val_if_fail (VIGIL_IS_METRICS (self), FALSE);
  return vigil_metrics_server_start (self->server, address, error);
}

/* Stops serving (the server thread is joined).  Idempotent. */
void
vigil_metrics_stop (VigilMetrics *self)
{
  g_return_if_fail (VIGIL_IS_METRICS (self));
  vigil_metrics_server_stop (self->server);
}
