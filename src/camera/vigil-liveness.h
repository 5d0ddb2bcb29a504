/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "vigil-acquisition-mode.h"
#include "vigil-defaults.h"

G_BEGIN_DECLS

/* Whether a camera session is alive, decided from frame arrivals and
 * control-channel probes (DESIGN.md "Liveness").  A pure state machine: it
 * never talks to the camera and reads no clock; every input carries its
 * monotonic time in microseconds, so it is tested over synthetic
 * timelines.  The session feeds it on its worker thread and does what
 * vigil_liveness_tick () asks.
 *
 * Rules, and the bounds that follow from them:
 *
 * - Free-running (TriggerMode Off, AcquisitionMode Continuous, frame rate
 *   r known): the frame watchdog applies.  No frame for
 *   intervals / r + margin (from the newest frame, or from the start of
 *   the stream) makes the stream Stalled at once; the session then probes
 *   the control channel immediately.  The camera answers: RESTART_STREAM
 *   (the same session makes its stream anew); it does not: RECONNECT.  A
 *   restarted stream that again brings no frame before the watchdog
 *   expires, or a restart that failed, is Lost: RECONNECT.  While frames
 *   flow, no probe is asked for (a camera that sends frames answers).
 * - Triggered, frame-limited, or free-running at an unknown rate: no
 *   frame watchdog.  A probe is asked for every probe interval (counted
 *   from the newest probe result or frame).  A probe that fails, or says
 *   the camera no longer takes us as its controller, is Lost: RECONNECT.
 *   So a camera that stops answering is Lost within probe interval + the
 *   time the probe takes to fail (vigil-control-probe, GigE: 3 × 200 ms;
 *   1.6 s with the 1 s default interval, plus one 20 ms tick).
 * - Triggered and quiet: WaitingForTrigger (Streaming for
 *   VIGIL_LIVENESS_RECENT_US after each frame).  Never a reconnect for
 *   want of frames.
 * - Frame-limited (SingleFrame: 1, MultiFrame: N): once N frames came,
 *   STOP_ACQUISITION is asked for once (a real camera has stopped by
 *   itself; the simulated one ignores AcquisitionMode) and the state is
 *   AcquisitionComplete until vigil_liveness_rearm ().
 * - vigil_liveness_control_lost () (Aravis's control-lost, an injected
 *   loss) is Lost at once.
 */

/* A frame younger than this shows a triggered camera as Streaming. */
#define VIGIL_LIVENESS_RECENT_US (1 * G_USEC_PER_SEC)

#define VIGIL_TYPE_LIVENESS_STATE (vigil_liveness_state_get_type ())

typedef enum
{
  VIGIL_LIVENESS_STREAMING,
  VIGIL_LIVENESS_WAITING_FOR_TRIGGER,
  VIGIL_LIVENESS_ACQUISITION_COMPLETE,
  VIGIL_LIVENESS_STREAM_STALLED,
  VIGIL_LIVENESS_LOST,
} VigilLivenessState;

typedef enum
{
  VIGIL_LIVENESS_ACTION_NONE,
  VIGIL_LIVENESS_ACTION_PROBE,            /* probe the control channel now */
  VIGIL_LIVENESS_ACTION_RESTART_STREAM,   /* make the stream anew, same session */
  VIGIL_LIVENESS_ACTION_RECONNECT,        /* the session is lost */
  VIGIL_LIVENESS_ACTION_STOP_ACQUISITION, /* a frame-limited acquisition is complete */
} VigilLivenessAction;

typedef enum
{
  VIGIL_LIVENESS_LOST_NONE,
  VIGIL_LIVENESS_LOST_NO_ANSWER,      /* a probe failed */
  VIGIL_LIVENESS_LOST_NOT_CONTROLLER, /* the camera answered, but no longer to us */
  VIGIL_LIVENESS_LOST_NO_FRAMES,      /* free-running, no frames after a stream restart */
  VIGIL_LIVENESS_LOST_RESTART_FAILED, /* the stream restart failed */
  VIGIL_LIVENESS_LOST_CONTROL_LOST,   /* Aravis's control-lost or an injected loss */
} VigilLivenessLost;

typedef enum
{
  VIGIL_PROBE_ANSWERED,
  VIGIL_PROBE_NO_ANSWER,
  VIGIL_PROBE_NOT_CONTROLLER,
} VigilProbeResult;

typedef struct
{
  guint watchdog_intervals;   /* frame intervals without a frame … */
  guint watchdog_margin_ms;   /* … plus this: the frame watchdog */
  guint probe_interval_ms;    /* 0: the default */
  guint max_stream_restarts;  /* restarts without a frame in between before Lost; 0 means 1 */
} VigilLivenessConfig;

typedef struct _VigilLiveness VigilLiveness;

GType                vigil_liveness_state_get_type   (void) G_GNUC_CONST;
VigilLiveness       *vigil_liveness_new              (const VigilLivenessConfig  *config,
                                                      const VigilAcquisitionMode *mode,
                                                      gint64                      now_us);
void                 vigil_liveness_free             (VigilLiveness              *self);
void                 vigil_liveness_set_mode         (VigilLiveness              *self,
                                                      const VigilAcquisitionMode *mode,
                                                      gint64                      now_us);
void                 vigil_liveness_frame            (VigilLiveness              *self,
                                                      gint64                      now_us);
void                 vigil_liveness_probe_done       (VigilLiveness              *self,
                                                      VigilProbeResult            result,
                                                      gint64                      now_us);
void                 vigil_liveness_stream_restarted (VigilLiveness              *self,
                                                      gboolean                    ok,
                                                      gint64                      now_us);
void                 vigil_liveness_control_lost     (VigilLiveness              *self,
                                                      gint64                      now_us);
void                 vigil_liveness_rearm            (VigilLiveness              *self,
                                                      gint64                      now_us);
VigilLivenessAction  vigil_liveness_tick             (VigilLiveness              *self,
                                                      gint64                      now_us);
VigilLivenessState   vigil_liveness_get_state        (VigilLiveness              *self);
VigilLivenessLost    vigil_liveness_get_lost_reason  (VigilLiveness              *self);
gint64               vigil_liveness_get_last_frame   (VigilLiveness              *self);
guint64              vigil_liveness_get_frames       (VigilLiveness              *self);
gint64               vigil_liveness_get_stalled_at   (VigilLiveness              *self);
gint64               vigil_liveness_get_watchdog_us  (VigilLiveness              *self);
const char          *vigil_liveness_state_to_string  (VigilLivenessState          state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilLiveness, vigil_liveness_free)

G_END_DECLS
