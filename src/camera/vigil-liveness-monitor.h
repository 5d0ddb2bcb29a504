/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <arv.h>

#include "vigil-acquisition-mode.h"
#include "vigil-liveness.h"
#include "vigil-phase.h"

G_BEGIN_DECLS

/* What a session does for its liveness monitor, all on the worker thread. */
typedef struct
{
  /* Frames the current stream delivered so far, and when the newest came
   * (monotonic µs); a new stream starts again at 0. */
  guint64  (*frames)           (gpointer      user_data,
                                gint64       *last_us);
  gboolean (*restart_stream)   (gpointer      user_data,
                                GError      **error);
  void     (*stop_acquisition) (gpointer      user_data);
  /* Once: the session is lost (@reason TimeoutDetected or ControlLost). */
  void     (*lost)             (gpointer      user_data,
                                VigilPhase    reason,
                                const GError *error);
  /* The liveness state changed; also says when a stall began. */
  void     (*state_changed)    (gpointer      user_data,
                                VigilLivenessState state);
} VigilLivenessMonitorFuncs;

/* The session's side of the liveness state machine: a 20 ms tick on the
 * worker's main context that feeds it frames, runs the control-channel
 * probe it asks for, and restarts the stream, stops a completed
 * acquisition or reports the loss. */
typedef struct _VigilLivenessMonitor VigilLivenessMonitor;

VigilLivenessMonitor *vigil_liveness_monitor_new        (ArvCamera                       *camera,
                                                         const VigilLivenessConfig       *config,
                                                         const VigilAcquisitionMode      *mode,
                                                         const VigilLivenessMonitorFuncs *funcs,
                                                         gpointer                         user_data,
                                                         GError                         **error);
void                  vigil_liveness_monitor_free       (VigilLivenessMonitor            *self);
void                  vigil_liveness_monitor_set_mode   (VigilLivenessMonitor            *self,
                                                         const VigilAcquisitionMode      *mode);
void                  vigil_liveness_monitor_rearm      (VigilLivenessMonitor            *self);
void                  vigil_liveness_monitor_stream_replaced (VigilLivenessMonitor       *self);
VigilLivenessState    vigil_liveness_monitor_get_state  (VigilLivenessMonitor            *self);
guint64               vigil_liveness_monitor_get_probes (VigilLivenessMonitor            *self);
int                   vigil_liveness_monitor_get_fd     (VigilLivenessMonitor            *self);
gboolean              vigil_liveness_monitor_probe_now  (VigilLivenessMonitor            *self,
                                                         GError                         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilLivenessMonitor, vigil_liveness_monitor_free)

G_END_DECLS
