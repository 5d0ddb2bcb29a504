/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "vigil-controls.h"
#include "vigil-defaults.h"
#include "vigil-diagnostics.h"
#include "vigil-frame-sink.h"
#include "vigil-feature-log.h"
#include "vigil-liveness.h"
#include "vigil-stream-stats.h"
#include "vigil-types.h"

G_BEGIN_DECLS

typedef enum
{
  VIGIL_SUPERVISOR_IDLE,
  VIGIL_SUPERVISOR_OPENING,
  VIGIL_SUPERVISOR_STREAMING,
  VIGIL_SUPERVISOR_RECOVERING,
  VIGIL_SUPERVISOR_CLOSING,
} VigilSupervisorState;

#define VIGIL_TYPE_SUPERVISOR_STATE (vigil_supervisor_state_get_type ())
#define VIGIL_TYPE_SUPERVISOR (vigil_supervisor_get_type ())

G_DECLARE_FINAL_TYPE (VigilSupervisor, vigil_supervisor, VIGIL, SUPERVISOR, GObject)

/* The watchdog and backoff defaults are in vigil-defaults.h. */
#define VIGIL_FIRST_FRAME_TIMEOUT_MS       3000

/* Runs on the session worker thread (vigil_supervisor_run_on_worker ()). */
typedef void (*VigilSupervisorWorkerFunc) (VigilSession    *session,
                                           VigilFeatureLog *replay,
                                           gpointer         data);

GType                 vigil_supervisor_state_get_type   (void) G_GNUC_CONST;
const char           *vigil_supervisor_state_to_string  (VigilSupervisorState  state);
const char           *vigil_supervisor_state_to_label   (VigilSupervisorState  state);

VigilSupervisor      *vigil_supervisor_new              (VigilDiagnostics     *diagnostics);
void                  vigil_supervisor_open             (VigilSupervisor      *self,
                                                         const char           *camera_id);
void                  vigil_supervisor_close            (VigilSupervisor      *self);
void                  vigil_supervisor_set_feature      (VigilSupervisor      *self,
                                                         const char           *feature,
                                                         GVariant             *value);
void                  vigil_supervisor_inject_loss      (VigilSupervisor      *self);
void                  vigil_supervisor_run_on_worker    (VigilSupervisor      *self,
                                                         VigilSupervisorWorkerFunc func,
                                                         gpointer              data,
                                                         GDestroyNotify        destroy);
void                  vigil_supervisor_set_watchdog     (VigilSupervisor      *self,
                                                         guint                 frame_intervals,
                                                         guint                 margin_ms);
void                  vigil_supervisor_set_backoff      (VigilSupervisor      *self,
                                                         guint                 initial_ms,
                                                         guint                 max_ms);
void                  vigil_supervisor_get_watchdog     (VigilSupervisor      *self,
                                                         guint                *frame_intervals,
                                                         guint                *margin_ms);
void                  vigil_supervisor_get_backoff      (VigilSupervisor      *self,
                                                         guint                *initial_ms,
                                                         guint                *max_ms);
void                  vigil_supervisor_set_plain_udp    (VigilSupervisor      *self,
                                                         gboolean              plain_udp);
gboolean              vigil_supervisor_shutdown         (VigilSupervisor      *self,
                                                         guint                 timeout_ms);
gboolean              vigil_supervisor_is_quiescent     (VigilSupervisor      *self);
VigilSupervisorState  vigil_supervisor_get_state        (VigilSupervisor      *self);
const char           *vigil_supervisor_get_camera_id    (VigilSupervisor      *self);
const char           *vigil_supervisor_get_message      (VigilSupervisor      *self);
guint64               vigil_supervisor_get_reconnects   (VigilSupervisor      *self);
VigilControls        *vigil_supervisor_get_controls     (VigilSupervisor      *self);
const GError         *vigil_supervisor_get_last_error   (VigilSupervisor      *self);
VigilFrameSink       *vigil_supervisor_get_sink         (VigilSupervisor      *self);
VigilStreamStats     *vigil_supervisor_get_stream_stats (VigilSupervisor      *self);
VigilDiagnostics     *vigil_supervisor_get_diagnostics  (VigilSupervisor      *self);
void                  vigil_supervisor_trigger          (VigilSupervisor      *self);
void                  vigil_supervisor_acquire          (VigilSupervisor      *self);
void                  vigil_supervisor_set_probe_interval (VigilSupervisor    *self,
                                                         guint                 interval_ms);
guint                 vigil_supervisor_get_probe_interval (VigilSupervisor    *self);
VigilLivenessState    vigil_supervisor_get_liveness     (VigilSupervisor      *self);
guint64               vigil_supervisor_get_stream_restarts (VigilSupervisor   *self);
guint64               vigil_supervisor_get_triggers     (VigilSupervisor      *self);
guint64               vigil_supervisor_get_frames_shown (VigilSupervisor      *self,
                                                         gint64               *last_us);
char                 *vigil_supervisor_dup_liveness_label (VigilSupervisor    *self);

G_END_DECLS
