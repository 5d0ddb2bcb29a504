/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <arv.h>
#include <glib-object.h>

#include "vigil-acquisition-mode.h"
#include "vigil-controls.h"
#include "vigil-diagnostics.h"
#include "vigil-feature-log.h"
#include "vigil-frame-sink.h"
#include "vigil-liveness.h"
#include "vigil-phase.h"
#include "vigil-stream-stats.h"
#include "vigil-types.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_SESSION (vigil_session_get_type ())

G_DECLARE_FINAL_TYPE (VigilSession, vigil_session, VIGIL, SESSION, GObject)

/* Called on the thread that opened the session (its thread-default main
 * context), once, when the session is lost: @reason is
 * VIGIL_PHASE_TIMEOUT_DETECTED (the frame watchdog) or
 * VIGIL_PHASE_CONTROL_LOST (Aravis's heartbeat, or an injected loss). */
typedef void (*VigilSessionLostFunc) (VigilSession *session,
                                      VigilPhase    reason,
                                      gpointer      user_data);

/* Called on the same context as #VigilSessionLostFunc whenever the
 * session's liveness changes (Streaming, WaitingForTrigger,
 * AcquisitionComplete, StreamStalled), and after a stream restart. */
typedef void (*VigilSessionStateFunc) (VigilSession       *session,
                                       VigilLivenessState  state,
                                       gpointer            user_data);

typedef struct
{
  const char       *camera_id;          /* (nullable) id or IP address */
  VigilFrameSink   *sink;
  VigilDiagnostics *diagnostics;
  guint             watchdog_intervals; /* frame intervals without a frame … */
  guint             watchdog_margin_ms; /* … plus this, before TimeoutDetected */
  guint             first_frame_timeout_ms;
  GCancellable     *cancellable;        /* (nullable) checked between phases */
  gboolean          plain_udp_on_loopback; /* no packet socket for 127.x cameras */
  guint             probe_interval_ms;  /* control-channel probe; 0: the default */
  VigilFeatureLog  *replay;             /* (nullable) written after DeviceOpened */
  VigilSessionStateFunc state_func;     /* (nullable) with the lost func's user data */
} VigilSessionConfig;

/* Every function here that talks to the camera runs on the session worker
 * thread, or (closing a lost session) on the reaper thread: a frozen
 * camera blocks each call about 2.5 s. */
VigilSession  *vigil_session_open               (const VigilSessionConfig  *config,
                                                 VigilSessionLostFunc       lost_func,
                                                 gpointer                   user_data,
                                                 GError                   **error);
void           vigil_session_stop_watching      (VigilSession              *self);
void           vigil_session_close              (VigilSession              *self);
void           vigil_session_inject_loss        (VigilSession              *self);
VigilControls *vigil_session_read_controls      (VigilSession              *self,
                                                 GError                   **error);
gboolean       vigil_session_set_feature        (VigilSession              *self,
                                                 const char                *feature,
                                                 GVariant                  *value,
                                                 GError                   **error);
guint64        vigil_session_get_id             (VigilSession              *self);
ArvCamera     *vigil_session_get_camera         (VigilSession              *self);
gboolean       vigil_session_is_streaming       (VigilSession              *self);
gboolean       vigil_session_trigger            (VigilSession              *self,
                                                 GError                   **error);
gboolean       vigil_session_acquire_again      (VigilSession              *self,
                                                 GError                   **error);
VigilAcquisitionMode *vigil_session_dup_mode    (VigilSession              *self);
VigilLivenessState vigil_session_get_liveness   (VigilSession              *self);
guint64        vigil_session_get_stream_restarts (VigilSession             *self);
gboolean       vigil_session_read_stream_counts (VigilSession              *self,
                                                 VigilStreamCounts         *counts);

G_END_DECLS
