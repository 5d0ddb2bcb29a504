/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-liveness-monitor"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-control-probe.h"
#include "vigil-error.h"
#include "vigil-liveness-monitor.h"

#define TICK_MS 20

struct _VigilLivenessMonitor
{
  VigilControlProbe         *probe;
  VigilLiveness             *liveness;
  VigilLivenessMonitorFuncs  funcs;
  gpointer                   user_data;
  GSource                   *source;
  guint64                    frames_seen;  /* of the current stream */
  guint64                    probes;
  VigilLivenessState         state;
  GError                    *lost_error;
  gboolean                   lost;
};

static VigilPhase
lost_phase (VigilLivenessLost reason)
{
  switch (reason)
    {
    case VIGIL_LIVENESS_LOST_NO_FRAMES:
    case VIGIL_LIVENESS_LOST_RESTART_FAILED:
      return VIGIL_PHASE_TIMEOUT_DETECTED;
    case VIGIL_LIVENESS_LOST_NO_ANSWER:
    case VIGIL_LIVENESS_LOST_NOT_CONTROLLER:
    case VIGIL_LIVENESS_LOST_CONTROL_LOST:
    case VIGIL_LIVENESS_LOST_NONE:
    default:
      return VIGIL_PHASE_CONTROL_LOST;
    }
}

static void
feed_frames (VigilLivenessMonitor *self)
{
  gint64 last = 0;
  guint64 frames = self->funcs.frames (self->user_data, &last);

  for (; self->frames_seen < frames; self->frames_seen++)
    vigil_liveness_frame (self->liveness, last);
}

static void
notice_state (VigilLivenessMonitor *self)
{
  VigilLivenessState state = vigil_liveness_get_state (self->liveness);

  if (state == self->state)
    return;
  self->state = state;
  if (self->funcs.state_changed != NULL)
    self->funcs.state_changed (self->user_data, state);
}

static void
run_probe (VigilLivenessMonitor *self)
{
  g_autoptr(GError) error = NULL;
  VigilProbeResult result = vigil_control_probe_run (self->probe, &error);

  self->probes++;
  if (result != VIGIL_PROBE_ANSWERED && self->lost_error == NULL)
    self->lost_error = g_steal_pointer (&error);
  vigil_liveness_probe_done (self->liveness, result, g_get_monotonic_time ());
}

static void
run_restart (VigilLivenessMonitor *self)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = self->funcs.restart_stream (self->user_data, &error);

  self->frames_seen = 0;
  if (!ok && self->lost_error == NULL)
    self->lost_error = g_steal_pointer (&error);
  vigil_liveness_stream_restarted (self->liveness, ok, g_get_monotonic_time ());
}

static gboolean
monitor_tick (gpointer data)
{
  VigilLivenessMonitor *self = data;
  VigilLivenessAction action;

  feed_frames (self);
  action = vigil_liveness_tick (self->liveness, g_get_monotonic_time ());
  notice_state (self);

  switch (action)
    {
    case VIGIL_LIVENESS_ACTION_PROBE:
      run_probe (self);
      break;
    case VIGIL_LIVENESS_ACTION_RESTART_STREAM:
      run_restart (self);
      break;
    case VIGIL_LIVENESS_ACTION_STOP_ACQUISITION:
      self->funcs.stop_acquisition (self->user_data);
      break;
    case VIGIL_LIVENESS_ACTION_RECONNECT:
      if (!self->lost)
        {
          self->lost = TRUE;
          if (self->lost_error == NULL &&
              vigil_liveness_get_lost_reason (self->liveness) == VIGIL_LIVENESS_LOST_NO_FRAMES)
            g_set_error_literal (&self->lost_error, VIGIL_ERROR, VIGIL_ERROR_TIMEOUT,
                                 _("No frames after the stream was restarted"));
          self->funcs.lost (self->user_data, lost_phase (vigil_liveness_get_lost_reason (self->liveness)),
                            self->lost_error);
        }
      return G_SOURCE_REMOVE;
    case VIGIL_LIVENESS_ACTION_NONE:
    default:
      break;
    }
  notice_state (self);
  return G_SOURCE_CONTINUE;
}

/**
 * vigil_liveness_monitor_new:
 * @camera: (transfer none): the session's camera, which outlives the monitor
 * @funcs: what the session does; copied
 *
 * Starts ticking on the thread-default main context (the session
 * worker's).
 *
 * Returns: (transfer full) (nullable): the monitor (free it before the
 *   camera), or %NULL with @error when its probe socket could not be made
 */
VigilLivenessMonitor *
vigil_liveness_monitor_new (ArvCamera                       *camera,
                            const VigilLivenessConfig       *config,
                            const VigilAcquisitionMode      *mode,
                            const VigilLivenessMonitorFuncs *funcs,
                            gpointer                         user_data,
                            GError                         **error)
{
  VigilLivenessMonitor *self;
  VigilControlProbe *probe;

  g_return_val_if_fail (ARV_IS_CAMERA (camera), NULL);
  g_return_val_if_fail (config != NULL && mode != NULL && funcs != NULL, NULL);
  g_return_val_if_fail (funcs->frames != NULL && funcs->restart_stream != NULL &&
                        funcs->stop_acquisition != NULL && funcs->lost != NULL, NULL);

  if (!(probe = vigil_control_probe_new (camera, error)))
    return NULL;
  self = g_new0 (VigilLivenessMonitor, 1);
  self->probe = probe;
  self->funcs = *funcs;
  self->user_data = user_data;
  self->liveness = vigil_liveness_new (config, mode, g_get_monotonic_time ());
  self->state = vigil_liveness_get_state (self->liveness);

  /* The monitor owns the source and destroys it before it is freed. */
  self->source = g_timeout_source_new (TICK_MS);
  g_source_set_callback (self->source, monitor_tick, self, NULL);
  g_source_set_static_name (self->source, "[vigil] liveness");
  g_source_attach (self->source, g_main_context_get_thread_default ());
  return self;
}

void
vigil_liveness_monitor_free (VigilLivenessMonitor *self)
{
  if (self == NULL)
    return;
  g_source_destroy (self->source);
  g_source_unref (self->source);
  vigil_liveness_free (self->liveness);
  vigil_control_probe_free (self->probe);
  g_clear_error (&self->lost_error);
  g_free (self);
}

/* The camera's acquisition mode changed (a feature written). */
void
vigil_liveness_monitor_set_mode (VigilLivenessMonitor       *self,
                                 const VigilAcquisitionMode *mode)
{
  g_return_if_fail (self != NULL && mode != NULL);
  vigil_liveness_set_mode (self->liveness, mode, g_get_monotonic_time ());
  notice_state (self);
}

/* A new acquisition started in the same stream (Play after Acquisition
 * complete). */
void
vigil_liveness_monitor_rearm (VigilLivenessMonitor *self)
{
  g_return_if_fail (self != NULL);
  vigil_liveness_rearm (self->liveness, g_get_monotonic_time ());
  notice_state (self);
}

/* The session made its stream anew by itself (a feature write that
 * changes the payload): its frame count starts again. */
void
vigil_liveness_monitor_stream_replaced (VigilLivenessMonitor *self)
{
  g_return_if_fail (self != NULL);
  self->frames_seen = 0;
  vigil_liveness_rearm (self->liveness, g_get_monotonic_time ());
}

VigilLivenessState
vigil_liveness_monitor_get_state (VigilLivenessMonitor *self)
{
  g_return_val_if_fail (self != NULL, VIGIL_LIVENESS_LOST);
  return self->state;
}

/**
 * vigil_liveness_monitor_probe_now:
 *
 * Runs one probe at once (the first-frame phase of a camera that is not
 * free-running: "first frame or camera answered").
 *
 * Returns: whether the camera answered (and still takes us as its
 *   controller), else %FALSE with @error
 */
gboolean
vigil_liveness_monitor_probe_now (VigilLivenessMonitor  *self,
                                  GError               **error)
{
  VigilProbeResult result;

  g_return_val_if_fail (self != NULL, FALSE);

  result = vigil_control_probe_run (self->probe, error);
  self->probes++;
  vigil_liveness_probe_done (self->liveness, result, g_get_monotonic_time ());
  return result == VIGIL_PROBE_ANSWERED;
}

/* The fd of the probe's socket, -1 when it has none. */
int
vigil_liveness_monitor_get_fd (VigilLivenessMonitor *self)
{
  g_return_val_if_fail (self != NULL, -1);
  return vigil_control_probe_get_fd (self->probe);
}

guint64
vigil_liveness_monitor_get_probes (VigilLivenessMonitor *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->probes;
}
