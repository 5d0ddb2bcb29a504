/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-liveness"

#include "config.h"

#include "vigil-liveness.h"

/* All times are monotonic microseconds given by the caller. */
struct _VigilLiveness
{
  VigilLivenessConfig config;

  /* From the acquisition mode. */
  gboolean            triggered;
  guint               frame_limit;
  gint64              watchdog_us;       /* 0: no frame watchdog */
  gint64              probe_interval_us;

  gint64              now_us;            /* the newest time seen */
  gint64              started_us;        /* stream start, restart or rearm */
  gint64              last_frame_us;     /* 0 before the first */
  guint64             frames;
  guint64             frames_since_start;

  gboolean            probe_pending;
  gint64              probe_asked_us;
  gint64              last_probe_us;

  gint64              stalled_at_us;     /* 0 unless stalled */
  gboolean            answered_since_stall;
  guint               restarts_without_frames;

  gboolean            stop_asked;
  VigilLivenessLost   lost;
};

G_DEFINE_ENUM_TYPE (VigilLivenessState, vigil_liveness_state,
  G_DEFINE_ENUM_VALUE (VIGIL_LIVENESS_STREAMING, "streaming"),
  G_DEFINE_ENUM_VALUE (VIGIL_LIVENESS_WAITING_FOR_TRIGGER, "waiting-for-trigger"),
  G_DEFINE_ENUM_VALUE (VIGIL_LIVENESS_ACQUISITION_COMPLETE, "acquisition-complete"),
  G_DEFINE_ENUM_VALUE (VIGIL_LIVENESS_STREAM_STALLED, "stream-stalled"),
  G_DEFINE_ENUM_VALUE (VIGIL_LIVENESS_LOST, "lost"))

static void
see (VigilLiveness *self,
     gint64         now_us)
{
  self->now_us = MAX (self->now_us, now_us);
}

static void
apply_mode (VigilLiveness              *self,
            const VigilAcquisitionMode *mode)
{
  self->triggered = mode->triggered;
  self->frame_limit = mode->frame_limit;
  if (vigil_acquisition_mode_is_free_running (mode))
    self->watchdog_us = (gint64) (self->config.watchdog_intervals * (double) G_USEC_PER_SEC / mode->frame_rate) +
                        (gint64) self->config.watchdog_margin_ms * 1000;
  else
    self->watchdog_us = 0;
}

static void
restart_counting (VigilLiveness *self,
                  gint64         now_us)
{
  self->started_us = now_us;
  self->frames_since_start = 0;
  self->stalled_at_us = 0;
  self->answered_since_stall = FALSE;
  self->stop_asked = FALSE;
}

/**
 * vigil_liveness_new:
 * @mode: how the camera acquires now
 * @now_us: when the stream started
 *
 * Returns: (transfer full): a liveness state machine for one session
 */
VigilLiveness *
vigil_liveness_new (const VigilLivenessConfig  *config,
                    const VigilAcquisitionMode *mode,
                    gint64                      now_us)
{
  VigilLiveness *self;

  g_return_val_if_fail (config != NULL && mode != NULL, NULL);

  self = g_new0 (VigilLiveness, 1);
  self->config = *config;
  self->config.watchdog_intervals = MAX (1, config->watchdog_intervals);
  if (self->config.probe_interval_ms == 0)
    self->config.probe_interval_ms = VIGIL_LIVENESS_PROBE_INTERVAL_MS_DEFAULT;
  if (self->config.max_stream_restarts == 0)
    self->config.max_stream_restarts = 1;
  self->probe_interval_us = (gint64) self->config.probe_interval_ms * 1000;
  apply_mode (self, mode);
  self->now_us = now_us;
  self->last_probe_us = now_us;
  restart_counting (self, now_us);
  return self;
}

void
vigil_liveness_free (VigilLiveness *self)
{
  g_free (self);
}

/* The camera's mode changed (a feature write): the watchdog follows, and
 * counting starts again. */
void
vigil_liveness_set_mode (VigilLiveness              *self,
                         const VigilAcquisitionMode *mode,
                         gint64                      now_us)
{
  g_return_if_fail (self != NULL && mode != NULL);
  see (self, now_us);
  apply_mode (self, mode);
  restart_counting (self, now_us);
}

void
vigil_liveness_frame (VigilLiveness *self,
                      gint64         now_us)
{
  g_return_if_fail (self != NULL);
  see (self, now_us);
  self->last_frame_us = now_us;
  self->frames++;
  self->frames_since_start++;
  self->restarts_without_frames = 0;
  /* Frames came back (a pause shorter than the probe's timeout). */
  self->stalled_at_us = 0;
  self->answered_since_stall = FALSE;
}

void
vigil_liveness_probe_done (VigilLiveness    *self,
                           VigilProbeResult  result,
                           gint64            now_us)
{
  g_return_if_fail (self != NULL);
  see (self, now_us);
  self->probe_pending = FALSE;
  self->last_probe_us = now_us;

  switch (result)
    {
    case VIGIL_PROBE_ANSWERED:
      if (self->stalled_at_us != 0 && self->probe_asked_us >= self->stalled_at_us)
        self->answered_since_stall = TRUE;
      break;
    case VIGIL_PROBE_NOT_CONTROLLER:
      if (self->lost == VIGIL_LIVENESS_LOST_NONE)
        self->lost = VIGIL_LIVENESS_LOST_NOT_CONTROLLER;
      break;
    case VIGIL_PROBE_NO_ANSWER:
    default:
      if (self->lost == VIGIL_LIVENESS_LOST_NONE)
        self->lost = VIGIL_LIVENESS_LOST_NO_ANSWER;
      break;
    }
}

/* After RESTART_STREAM: whether the stream was made anew. */
void
vigil_liveness_stream_restarted (VigilLiveness *self,
                                 gboolean       ok,
                                 gint64         now_us)
{
  g_return_if_fail (self != NULL);
  see (self, now_us);
  if (!ok)
    {
      if (self->lost == VIGIL_LIVENESS_LOST_NONE)
        self->lost = VIGIL_LIVENESS_LOST_RESTART_FAILED;
      return;
    }
  restart_counting (self, now_us);
}

void
vigil_liveness_control_lost (VigilLiveness *self,
                             gint64         now_us)
{
  g_return_if_fail (self != NULL);
  see (self, now_us);
  if (self->lost == VIGIL_LIVENESS_LOST_NONE)
    self->lost = VIGIL_LIVENESS_LOST_CONTROL_LOST;
}

/* A new acquisition was started in the same session (Play after a
 * frame-limited acquisition completed). */
void
vigil_liveness_rearm (VigilLiveness *self,
                      gint64         now_us)
{
  g_return_if_fail (self != NULL);
  see (self, now_us);
  restart_counting (self, now_us);
}

static gboolean
complete (VigilLiveness *self)
{
  return self->frame_limit > 0 && self->frames_since_start >= self->frame_limit;
}

static VigilLivenessAction
ask_probe (VigilLiveness *self)
{
  self->probe_pending = TRUE;
  self->probe_asked_us = self->now_us;
  return VIGIL_LIVENESS_ACTION_PROBE;
}

/* Free-running: the frame watchdog, then a probe tells a stalled stream
 * (restart it) from a camera that is gone (reconnect). */
static VigilLivenessAction
tick_watchdog (VigilLiveness *self)
{
  gint64 since = MAX (self->last_frame_us, self->started_us);

  if (self->stalled_at_us == 0 && self->now_us - since > self->watchdog_us)
    {
      self->stalled_at_us = self->now_us;
      self->answered_since_stall = FALSE;
    }
  if (self->stalled_at_us == 0)
    return VIGIL_LIVENESS_ACTION_NONE;

  if (self->answered_since_stall)
    {
      if (self->restarts_without_frames >= self->config.max_stream_restarts)
        {
          self->lost = VIGIL_LIVENESS_LOST_NO_FRAMES;
          return VIGIL_LIVENESS_ACTION_RECONNECT;
        }
      self->restarts_without_frames++;
      self->answered_since_stall = FALSE;
      return VIGIL_LIVENESS_ACTION_RESTART_STREAM;
    }
  if (!self->probe_pending)
    return ask_probe (self);
  return VIGIL_LIVENESS_ACTION_NONE;
}

/**
 * vigil_liveness_tick:
 * @now_us: the time now
 *
 * Decides what the session has to do.  Call it often (the session ticks
 * every 20 ms); an action other than NONE is asked for once, except
 * RECONNECT, which stays.
 *
 * Returns: the action to take now
 */
VigilLivenessAction
vigil_liveness_tick (VigilLiveness *self,
                     gint64         now_us)
{
  VigilLivenessAction action;

  g_return_val_if_fail (self != NULL, VIGIL_LIVENESS_ACTION_NONE);
  see (self, now_us);

  if (self->lost != VIGIL_LIVENESS_LOST_NONE)
    return VIGIL_LIVENESS_ACTION_RECONNECT;

  if (complete (self) && !self->stop_asked)
    {
      self->stop_asked = TRUE;
      return VIGIL_LIVENESS_ACTION_STOP_ACQUISITION;
    }

  if (self->watchdog_us > 0 && !complete (self))
    {
      action = tick_watchdog (self);
      if (action != VIGIL_LIVENESS_ACTION_NONE || self->stalled_at_us != 0)
        return action;
    }

  /* No frame and no probe for an interval: ask the camera. */
  if (!self->probe_pending &&
      self->now_us - MAX (MAX (self->last_probe_us, self->last_frame_us), self->started_us) >= self->probe_interval_us)
    return ask_probe (self);
  return VIGIL_LIVENESS_ACTION_NONE;
}

VigilLivenessState
vigil_liveness_get_state (VigilLiveness *self)
{
  g_return_val_if_fail (self != NULL, VIGIL_LIVENESS_LOST);

  if (self->lost != VIGIL_LIVENESS_LOST_NONE)
    return VIGIL_LIVENESS_LOST;
  if (self->stalled_at_us != 0)
    return VIGIL_LIVENESS_STREAM_STALLED;
  if (complete (self))
    return VIGIL_LIVENESS_ACQUISITION_COMPLETE;
  if (self->triggered &&
      (self->last_frame_us == 0 || self->now_us - self->last_frame_us >= VIGIL_LIVENESS_RECENT_US))
    return VIGIL_LIVENESS_WAITING_FOR_TRIGGER;
  return VIGIL_LIVENESS_STREAMING;
}

VigilLivenessLost
vigil_liveness_get_lost_reason (VigilLiveness *self)
{
  g_return_val_if_fail (self != NULL, VIGIL_LIVENESS_LOST_NONE);
  return self->lost;
}

/* Monotonic time of the newest frame, 0 before the first. */
gint64
vigil_liveness_get_last_frame (VigilLiveness *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->last_frame_us;
}

guint64
vigil_liveness_get_frames (VigilLiveness *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->frames;
}

/* When the frame watchdog declared the stream stalled, 0 when it is not. */
gint64
vigil_liveness_get_stalled_at (VigilLiveness *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->stalled_at_us;
}

/* The frame watchdog's limit, 0 when it does not apply. */
gint64
vigil_liveness_get_watchdog_us (VigilLiveness *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->watchdog_us;
}

/* Stable English names, for logs and tests (the GUI words its own). */
const char *
vigil_liveness_state_to_string (VigilLivenessState state)
{
  switch (state)
    {
    case VIGIL_LIVENESS_STREAMING:            return "Streaming";
    case VIGIL_LIVENESS_WAITING_FOR_TRIGGER:  return "WaitingForTrigger";
    case VIGIL_LIVENESS_ACQUISITION_COMPLETE: return "AcquisitionComplete";
    case VIGIL_LIVENESS_STREAM_STALLED:       return "StreamStalled";
    case VIGIL_LIVENESS_LOST:                 return "Lost";
    default:                                  return "Unknown";
    }
}
