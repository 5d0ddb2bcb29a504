/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-metrics-figures"

#include "config.h"

#include <math.h>

#include "vigil-metrics-figures.h"

G_DEFINE_BOXED_TYPE (VigilMetricsFigures, vigil_metrics_figures,
                     vigil_metrics_figures_ref, vigil_metrics_figures_unref)

static void
camera_clear (gpointer data)
{
  VigilMetricsCamera *camera = data;

  g_clear_pointer (&camera->camera, g_free);
}

static void
figures_clear (gpointer data)
{
  VigilMetricsFigures *figures = data;

  g_clear_pointer (&figures->cameras, g_array_unref);
  g_clear_pointer (&figures->unpaired, g_array_unref);
  g_clear_pointer (&figures->orphans, g_array_unref);
  g_clear_pointer (&figures->faults, g_array_unref);
  g_clear_pointer (&figures->aravis_version, g_free);
}

/**
 * vigil_metrics_figures_new:
 *
 * Every figure unknown, every list empty, no verdict.  Fill it, then
 * publish it; after that it is read-only.
 *
 * Returns: (transfer full)
 */
VigilMetricsFigures *
vigil_metrics_figures_new (void)
{
  VigilMetricsFigures *figures = g_atomic_rc_box_new0 (VigilMetricsFigures);

  figures->open_fds = -1;
  for (guint k = 0; k < VIGIL_N_FD_KINDS; k++)
    figures->fds_by_kind[k] = -1;
  figures->max_fds = -1;
  figures->threads = -1;
  figures->private_bytes = -1;
  figures->rss_bytes = -1;
  figures->virtual_bytes = -1;
  figures->cpu_seconds = -1;
  figures->start_time_seconds = -1;
  figures->fd_slope_per_reconnect = NAN;
  figures->time_to_exhaustion_seconds = NAN;
  figures->cameras = g_array_new (FALSE, TRUE, sizeof (VigilMetricsCamera));
  g_array_set_clear_func (figures->cameras, camera_clear);
  figures->unpaired = g_array_new (FALSE, TRUE, sizeof (VigilMetricsUnpaired));
  figures->faults = g_array_new (FALSE, TRUE, sizeof (VigilMetricsFault));
  figures->version = PACKAGE_VERSION;
  return figures;
}

/** vigil_metrics_figures_ref: Any thread.  Returns: (transfer full): */
VigilMetricsFigures *
vigil_metrics_figures_ref (VigilMetricsFigures *figures)
{
  g_return_val_if_fail (figures != NULL, NULL);
  return g_atomic_rc_box_acquire (figures);
}

/** vigil_metrics_figures_unref: Any thread. */
void
vigil_metrics_figures_unref (VigilMetricsFigures *figures)
{
  g_return_if_fail (figures != NULL);
  g_atomic_rc_box_release_full (figures, figures_clear);
}
