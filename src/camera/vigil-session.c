/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-session"

#include "config.h"

#include <sys/eventfd.h>

#include <glib/gi18n.h>

#include "vigil-aravis-lock.h"
#include "vigil-aravis-string.h"
#include "vigil-consumer.h"
#include "vigil-error.h"
#include "vigil-feature-value.h"
#include "vigil-liveness-monitor.h"
#include "vigil-post.h"
#include "vigil-resource.h"
#include "vigil-session.h"
#include "vigil-trigger-controls.h"
#include "vigil-utf8.h"

#define N_BUFFERS 8
#define GVCP_PORT 3956                  /* GigE Vision control, on the camera */

/* One camera session, opened phase by phase (DESIGN.md "Phases and the
 * session lifecycle").  Each phase makes its resources as VigilResource
 * autoptr locals registered in the ledger; only when the whole open
 * succeeded are they stolen into the session.  A failure at any phase
 * returns, and the autoptrs close what was made so far, recording the
 * Close with the phase of the failure.  Closing runs in reverse order and
 * always completes, also on a dead camera. */
struct _VigilSession
{
  GObject               parent_instance;

  VigilDiagnostics     *diagnostics;
  VigilLedger          *ledger;        /* borrowed from diagnostics */
  guint64               id;
  char                 *camera_id;
  VigilFrameSink       *sink;
  gboolean              plain_udp;
  guint                 watchdog_intervals;
  guint                 watchdog_margin_ms;
  guint                 probe_interval_ms;
  GArray               *fds_before;    /* of the phase in progress */

  VigilSessionLostFunc  lost_func;
  VigilSessionStateFunc state_func;
  gpointer              lost_data;
  struct _LostRelay    *relay;

  /* Worker thread. */
  VigilAcquisitionMode *mode;
  gboolean              muted;         /* fault frame.timeout: kept across stream restarts */

  /* Any thread. */
  gint                  liveness;      /* atomic VigilLivenessState */
  guint64               stream_restarts; /* atomic */

  ArvCamera            *camera;        /* borrowed from `device` */
  VigilConsumer        *consumer_obj;  /* borrowed from `consumer` */
  VigilLivenessMonitor *monitor_obj;   /* borrowed from `monitor` */

  /* Owned, released in this order by vigil_session_close (). */
  VigilResource        *monitor;
  VigilResource        *consumer;
  struct _Acquisition  *acquisition;
  VigilResource        *buffers;
  VigilResource        *handler;
  VigilResource        *stream;
  VigilResource        *device;

  gboolean              ended;
};

G_DEFINE_FINAL_TYPE (VigilSession, vigil_session, G_TYPE_OBJECT)

/* ---- Losing the camera ------------------------------------------------
 *
 * control-lost comes on Aravis's heartbeat thread and the watchdog on the
 * session's own context; both end up here, on that context, once. */

typedef struct _LostRelay
{
  GMainContext *context;
  GWeakRef      session;
  gint          fired;        /* atomic */
  VigilPhase    reason;
} LostRelay;

static void
lost_relay_clear (LostRelay *relay)
{
  g_weak_ref_clear (&relay->session);
  g_main_context_unref (relay->context);
}

static LostRelay *
lost_relay_ref (LostRelay *relay)
{
  return g_atomic_rc_box_acquire (relay);
}

static void
lost_relay_unref (LostRelay *relay)
{
  g_atomic_rc_box_release_full (relay, (GDestroyNotify) lost_relay_clear);
}

static gboolean
lost_on_context (gpointer data)
{
  LostRelay *relay = data;
  g_autoptr(VigilSession) self = g_weak_ref_get (&relay->session);

  if (self != NULL && !self->ended && self->lost_func != NULL)
    self->lost_func (self, relay->reason, self->lost_data);
  return G_SOURCE_REMOVE;
}

/* Any thread. */
static void
lost_relay_fire (LostRelay  *relay,
                 VigilPhase  reason)
{
  if (!g_atomic_int_compare_and_exchange (&relay->fired, FALSE, TRUE))
    return;
  relay->reason = reason;
  vigil_post (relay->context, lost_on_context, lost_relay_ref (relay), (GDestroyNotify) lost_relay_unref);
}

/* Aravis heartbeat thread: only queue. */
static void
on_control_lost (ArvDevice *device,
                 LostRelay *relay)
{
  lost_relay_fire (relay, VIGIL_PHASE_CONTROL_LOST);
}

typedef struct
{
  GObject *instance;
  gulong   id;
} Handler;

static void
handler_release (gpointer data)
{
  Handler *handler = data;

  g_signal_handler_disconnect (handler->instance, handler->id);
  g_object_unref (handler->instance);
  g_free (handler);
}

/* ---- Acquisition: a running acquisition as an owned value -------------- */

typedef struct _Acquisition
{
  ArvCamera        *camera;
  VigilDiagnostics *diagnostics;
  guint64           session;
} Acquisition;

static void
acquisition_stop (Acquisition *acquisition)
{
  g_autoptr(GError) error = NULL;

  if (acquisition == NULL)
    return;

  if (vigil_faults_fire (vigil_diagnostics_get_faults (acquisition->diagnostics),
                         "close.stop-acquisition", &error))
    vigil_diagnostics_post (acquisition->diagnostics, VIGIL_EVENT_ERROR, acquisition->session,
                            NULL, "stop-acquisition", VIGIL_PHASE_CLOSE_START, error);
  else
    {
      arv_camera_stop_acquisition (acquisition->camera, &error);
      if (error != NULL)
        vigil_diagnostics_post (acquisition->diagnostics, VIGIL_EVENT_ERROR, acquisition->session,
                                NULL, "stop-acquisition", VIGIL_PHASE_CLOSE_START, error);
    }
  g_object_unref (acquisition->camera);
  g_object_unref (acquisition->diagnostics);
  g_free (acquisition);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Acquisition, acquisition_stop)

/* ---- Releases of the tracked resources --------------------------------- */

static void
stream_release (gpointer data)
{
  ArvStream *stream = data;

  arv_stream_set_emit_signals (stream, FALSE);
  g_object_unref (stream);
}

static void
monitor_release (gpointer data)
{
  vigil_liveness_monitor_free (data);
}

static void
consumer_release (gpointer data)
{
  vigil_consumer_stop (data);
}

/* ---- Phases -------------------------------------------------------------- */

static void
post (VigilSession *self,
      VigilPhase    phase,
      const char   *operation,
      const GError *error)
{
  vigil_diagnostics_post (self->diagnostics, error ? VIGIL_EVENT_ERROR : VIGIL_EVENT_CAMERA_SESSION,
                          self->id, self->camera_id, operation, phase, error);
}

/* Starts a phase: the ledger's current phase (which a Close made during it
 * records) and the fd list to attribute new fds against. */
static void
phase_begin (VigilSession *self,
             VigilPhase    phase)
{
  vigil_ledger_set_phase (self->ledger, self->id, phase);
  g_clear_pointer (&self->fds_before, g_array_unref);
  self->fds_before = vigil_probe_list_fds (vigil_diagnostics_get_probe (self->diagnostics), NULL);
  vigil_orphans_phase_begin (vigil_diagnostics_get_orphans (self->diagnostics), self->id, phase,
                             self->fds_before);
}

/* After a failed phase's autoptrs closed what it made: what is left is
 * claimed for the phase too (a leak on a failure path is the classic). */
static void
phase_abandon (VigilSession *self)
{
  g_autoptr(GArray) after = NULL;

  if (self->fds_before == NULL)
    return;
  after = vigil_probe_list_fds (vigil_diagnostics_get_probe (self->diagnostics), NULL);
  vigil_orphans_phase_end (vigil_diagnostics_get_orphans (self->diagnostics), self->id,
                           vigil_ledger_get_phase (self->ledger, self->id), self->fds_before, after);
  g_clear_pointer (&self->fds_before, g_array_unref);
}

/* Ends a phase that succeeded: attributes the fds it added and, when it
 * made @resource, names the first new fd whose target starts with
 * @target_prefix as the resource's OS handle. */
static void
phase_end (VigilSession  *self,
           VigilPhase     phase,
           VigilResource *resource,
           const char    *target_prefix)
{
  g_autoptr(GArray) after = vigil_probe_list_fds (vigil_diagnostics_get_probe (self->diagnostics), NULL);

  if (self->fds_before != NULL && after != NULL)
    {
      vigil_ledger_attribute_fds (self->ledger, self->id, phase, self->fds_before, after);
      vigil_orphans_phase_end (vigil_diagnostics_get_orphans (self->diagnostics), self->id, phase,
                               self->fds_before, after);

      for (guint i = 0; resource != NULL && target_prefix != NULL && i < after->len; i++)
        {
          VigilFdEntry *entry = &g_array_index (after, VigilFdEntry, i);
          gboolean old = FALSE;

          if (!g_str_has_prefix (entry->target, target_prefix))
            continue;
          for (guint j = 0; j < self->fds_before->len && !old; j++)
            old = g_array_index (self->fds_before, VigilFdEntry, j).fd == entry->fd &&
                  g_strcmp0 (g_array_index (self->fds_before, VigilFdEntry, j).target, entry->target) == 0;
          if (!old)
            {
              vigil_resource_set_os_handle (resource, entry->fd, entry->target);
              break;
            }
        }
    }
  g_clear_pointer (&self->fds_before, g_array_unref);
  post (self, phase, "open", NULL);
}

static gboolean
check_cancelled (VigilSession        *self,
                 const VigilSessionConfig *config,
                 GError             **error)
{
  return !g_cancellable_set_error_if_cancelled (config->cancellable, error);
}

static gboolean
fault (VigilSession  *self,
       const char    *point,
       GError       **error)
{
  return vigil_faults_fire (vigil_diagnostics_get_faults (self->diagnostics), point, error);
}

static gboolean
is_loopback (const char *camera_id)
{
  g_autoptr(GInetAddress) address = camera_id ? g_inet_address_new_from_string (camera_id) : NULL;

  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* Aravis sends GVCP to the camera's port 3956 with sendto on an unconnected
 * socket: the kernel's tables show no peer, so tell the orphans. */
static void
name_gvcp_peer (VigilSession *self,
                ArvGvDevice  *device)
{
  GSocketAddress *local = arv_gv_device_get_interface_address (device);    /* (transfer none) */
  GSocketAddress *remote = arv_gv_device_get_device_address (device);      /* (transfer none) */
  g_autofree char *local_ip = NULL;
  g_autofree char *remote_ip = NULL;
  g_autofree char *peer = NULL;
  guint port;

  if (!G_IS_INET_SOCKET_ADDRESS (local) || !G_IS_INET_SOCKET_ADDRESS (remote))
    return;
  local_ip = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (local)));
  remote_ip = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote)));
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (remote));
  peer = g_strdup_printf ("%s:%u", remote_ip, port != 0 ? port : GVCP_PORT);
  vigil_orphans_set_udp_peer (vigil_diagnostics_get_orphans (self->diagnostics), self->id,
                              VIGIL_PHASE_DEVICE_OPENED, local_ip, peer);
}

static VigilResource *
open_device (VigilSession  *self,
             const char    *camera_id,
             GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(VigilResource) device = NULL;
  g_autoptr(GError) name_error = NULL;
  g_autofree char *model = NULL;
  const char *model_value;
  ArvCamera *camera;

  phase_begin (self, VIGIL_PHASE_DEVICE_OPENED);
  if (fault (self, "open.device", error))
    return NULL;

  vigil_aravis_lock ();
  camera = arv_camera_new (camera_id, &local_error);
  vigil_aravis_unlock ();
  if (camera == NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_NO_CAMERA,
                   _("Could not open camera “%s”: %s"), camera_id ? camera_id : _("(first found)"),
                   local_error ? local_error->message : _("not found"));
      return NULL;
    }
  /* A broken XML gives an error *and* a pointer to garbage (vigil-aravis-string.c). */
  model_value = arv_camera_get_model_name (camera, &name_error);
  model = vigil_aravis_string (model_value, name_error);
  device = vigil_resource_new (self->ledger, self->id, VIGIL_RESOURCE_DEVICE,
                               model ? model : "ArvCamera", "vigil-session",
                               -1, g_object_unref, camera);

  /* Many cameras on loopback (vigil-soak): a packet socket on lo would see
   * every camera's packets, so its cost grows with the square of their
   * number.  One camera keeps it: plain UDP drops packets under load. */
  if (self->plain_udp && arv_camera_is_gv_device (camera) && is_loopback (camera_id))
    arv_camera_gv_set_stream_options (camera, ARV_GV_STREAM_OPTION_PACKET_SOCKET_DISABLED);

  /* Without control a GigE camera streams nothing and never reports
   * control-lost: refuse it plainly. */
  if (arv_camera_is_gv_device (camera) &&
      !arv_gv_device_is_controller (ARV_GV_DEVICE (arv_camera_get_device (camera))))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_NOT_CONTROLLER,
                   _("Camera “%s” is controlled by another application (or by a session of ours that has not timed out yet)"),
                   camera_id ? camera_id : "");
      return NULL;
    }
  if (arv_camera_is_gv_device (camera))
    name_gvcp_peer (self, ARV_GV_DEVICE (arv_camera_get_device (camera)));
  if (fault (self, "open.after-device", error))
    return NULL;

  phase_end (self, VIGIL_PHASE_DEVICE_OPENED, device, "socket:");
  return g_steal_pointer (&device);
}

static VigilResource *
create_stream (VigilSession  *self,
               ArvCamera     *camera,
               GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(VigilResource) stream = NULL;
  ArvStream *arv_stream;

  phase_begin (self, VIGIL_PHASE_STREAM_CREATED);
  if (fault (self, "stream.create", error))
    return NULL;

  arv_stream = arv_camera_create_stream (camera, NULL, NULL, &local_error);
  if (arv_stream == NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), _("Could not create the stream: "));
      return NULL;
    }
  stream = vigil_resource_new (self->ledger, self->id, VIGIL_RESOURCE_STREAM, "GVSP stream",
                               "vigil-session", -1, stream_release, arv_stream);

  phase_end (self, VIGIL_PHASE_STREAM_CREATED, stream, "socket:");
  return g_steal_pointer (&stream);
}

/* The leak demonstration (DESIGN.md "Fault points"): the classic defect,
 * on purpose.  An event fd is made and recorded, and the failure path
 * returns without closing it. */
static void
leak_demo (VigilSession *self)
{
  int fd = eventfd (0, EFD_CLOEXEC);
  g_autofree char *target = g_strdup ("anon_inode:[eventfd]");

  if (fd < 0)
    return;
  vigil_ledger_record_create (self->ledger, self->id, VIGIL_RESOURCE_EVENT, "wake-up eventfd (leak demonstration)",
                              "vigil-session", VIGIL_ACTION_CREATE, VIGIL_ACTION_CLOSE, fd, target);
}

static VigilResource *
register_callbacks (VigilSession  *self,
                    ArvCamera     *camera,
                    GError       **error)
{
  g_autoptr(VigilResource) handler = NULL;
  Handler *data = g_new0 (Handler, 1);
  ArvDevice *device = arv_camera_get_device (camera);

  phase_begin (self, VIGIL_PHASE_CALLBACK_REGISTERED);

  data->instance = g_object_ref (G_OBJECT (device));
  data->id = g_signal_connect_data (device, "control-lost", G_CALLBACK (on_control_lost),
                                    lost_relay_ref (self->relay),
                                    (GClosureNotify) (void (*) (void)) lost_relay_unref, 0);
  handler = vigil_resource_new (self->ledger, self->id, VIGIL_RESOURCE_SIGNAL_HANDLER, "control-lost",
                                "vigil-session", -1, handler_release, data);

  if (fault (self, "callback.register", error))
    {
      if (vigil_faults_get_leak_demo (vigil_diagnostics_get_faults (self->diagnostics)))
        leak_demo (self);
      return NULL;                      /* `handler` disconnects itself */
    }

  phase_end (self, VIGIL_PHASE_CALLBACK_REGISTERED, NULL, NULL);
  return g_steal_pointer (&handler);
}

static VigilResource *
queue_buffers (VigilSession  *self,
               ArvCamera     *camera,
               ArvStream     *stream,
               GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) buffers = NULL;
  g_autofree char *name = NULL;
  guint payload;

  phase_begin (self, VIGIL_PHASE_BUFFERS_QUEUED);
  if (fault (self, "buffers.alloc", error))
    return NULL;

  payload = arv_camera_get_payload (camera, &local_error);
  if (local_error != NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), _("Could not read the payload size: "));
      return NULL;
    }

  /* The stream owns what is pushed; we keep a reference of our own so the
   * buffers are a resource with a Close like the others. */
  buffers = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < N_BUFFERS; i++)
    {
      ArvBuffer *buffer = arv_buffer_new_allocate (payload);

      g_ptr_array_add (buffers, g_object_ref (buffer));
      arv_stream_push_buffer (stream, buffer);
    }

  name = g_strdup_printf ("%u × %u bytes", N_BUFFERS, payload);
  phase_end (self, VIGIL_PHASE_BUFFERS_QUEUED, NULL, NULL);
  return vigil_resource_new (self->ledger, self->id, VIGIL_RESOURCE_BUFFERS, name, "vigil-session", -1,
                             (GDestroyNotify) g_ptr_array_unref, g_steal_pointer (&buffers));
}

static Acquisition *
start_acquisition (VigilSession  *self,
                   ArvCamera     *camera,
                   GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(Acquisition) acquisition = NULL;

  phase_begin (self, VIGIL_PHASE_ACQUISITION_START);
  if (fault (self, "acquisition.start", error))
    return NULL;

  /* A camera left acquiring (a close whose stop failed, another
   * application) would not start afresh: stop it first. */
  arv_camera_stop_acquisition (camera, NULL);
  /* The camera's own AcquisitionMode is kept (DESIGN.md "Liveness"). */
  arv_camera_start_acquisition (camera, &local_error);
  if (local_error != NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), _("Could not start acquisition: "));
      return NULL;
    }
  acquisition = g_new0 (Acquisition, 1);
  acquisition->camera = g_object_ref (camera);
  acquisition->diagnostics = g_object_ref (self->diagnostics);
  acquisition->session = self->id;

  phase_end (self, VIGIL_PHASE_ACQUISITION_START, NULL, NULL);
  return g_steal_pointer (&acquisition);
}

static VigilResource *
start_consumer (VigilSession  *self,
                ArvStream     *stream,
                GError       **error)
{
  VigilConsumer *consumer = vigil_consumer_start (stream, self->sink, error);

  if (consumer == NULL)
    return NULL;
  vigil_consumer_set_muted (consumer, self->muted);
  vigil_consumer_set_frame_limit (consumer, self->mode ? self->mode->frame_limit : 0);
  return vigil_resource_new (self->ledger, self->id, VIGIL_RESOURCE_THREAD, "vigil-consumer",
                             "vigil-session", -1, consumer_release, consumer);
}

/* The running part of a stream: made by start_streaming (), released in
 * the stop order by streaming_clear () when it was not adopted. */
typedef struct
{
  VigilResource *buffers;
  Acquisition   *acquisition;
  VigilResource *consumer;
} Streaming;

static void
streaming_clear (Streaming *streaming)
{
  g_clear_pointer (&streaming->consumer, vigil_resource_close);
  g_clear_pointer (&streaming->acquisition, acquisition_stop);
  g_clear_pointer (&streaming->buffers, vigil_resource_close);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Streaming, streaming_clear)

/* The phases from the buffers to the consumer thread, for an open and for
 * a stream made anew.  Returns FALSE with @error at the first failure;
 * @streaming then holds what was made, for its cleanup to close. */
static gboolean
start_streaming (VigilSession  *self,
                 ArvCamera     *camera,
                 ArvStream     *stream,
                 GCancellable  *cancellable,
                 Streaming     *streaming,
                 GError       **error)
{
  if (!(streaming->buffers = queue_buffers (self, camera, stream, error)))
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (!(streaming->acquisition = start_acquisition (self, camera, error)))
    return FALSE;
  if (!(streaming->consumer = start_consumer (self, stream, error)))
    return FALSE;
  return TRUE;
}

/* ---- Liveness (DESIGN.md "Liveness") --------------------------------------
 *
 * The liveness monitor ticks on the worker's context; these are what it
 * asks of the session, on the worker. */

static void restart_notify (VigilSession *self);
static gboolean restart_streaming (VigilSession  *self,
                                   GError       **error);

typedef enum
{
  TEARDOWN_STREAM,     /* consumer, acquisition, buffers and stream; the monitor goes on */
  TEARDOWN_WATCHING,   /* the liveness monitor and the consumer thread */
  TEARDOWN_ALL,        /* everything: monitor, stream, the control-lost handler and the device */
} Teardown;

static void teardown (VigilSession *self,
                      Teardown      depth);

static guint64
monitor_frames (gpointer  data,
                gint64   *last_us)
{
  VigilSession *self = data;

  *last_us = self->consumer_obj ? vigil_consumer_get_last_frame (self->consumer_obj) : 0;
  return self->consumer_obj ? vigil_consumer_get_frames (self->consumer_obj) : 0;
}

/* Free-running, no frames, the camera answers: the stream is made anew in
 * this session (counted apart from reconnects). */
static gboolean
monitor_restart_stream (gpointer   data,
                        GError   **error)
{
  VigilSession *self = data;
  g_autoptr(GError) local_error = NULL;

  __atomic_add_fetch (&self->stream_restarts, 1, __ATOMIC_RELAXED);
  post (self, VIGIL_PHASE_TIMEOUT_DETECTED, "stream-restart", NULL);
  teardown (self, TEARDOWN_STREAM);
  if (!restart_streaming (self, &local_error))
    {
      post (self, vigil_ledger_get_phase (self->ledger, self->id), "stream-restart", local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  post (self, VIGIL_PHASE_ACQUISITION_START, "stream-restart", NULL);
  restart_notify (self);
  return TRUE;
}

/* A SingleFrame/MultiFrame acquisition got its frames: a real camera has
 * stopped by itself, the simulated one is told to. */
static void
monitor_stop_acquisition (gpointer data)
{
  VigilSession *self = data;

  g_clear_pointer (&self->acquisition, acquisition_stop);
  post (self, VIGIL_PHASE_ACQUISITION_START, "acquisition-complete", NULL);
}

/* The session takes a stream that started; the liveness monitor watches
 * it (the monitor outlives a stream made anew). */
static void
adopt_streaming (VigilSession   *self,
                 VigilResource **stream,
                 Streaming      *streaming)
{
  self->stream = g_steal_pointer (stream);
  self->buffers = g_steal_pointer (&streaming->buffers);
  self->acquisition = g_steal_pointer (&streaming->acquisition);
  self->consumer_obj = vigil_resource_get_data (streaming->consumer);
  self->consumer = g_steal_pointer (&streaming->consumer);
}

/* Releases the session's resources in the stop order (STYLE.md "Threads"):
 * liveness monitor (unless only the stream is made anew), consumer,
 * acquisition, buffers, handler, stream, device, down to @depth. */
static void
teardown (VigilSession *self,
          Teardown      depth)
{
  if (depth != TEARDOWN_STREAM)
    {
      self->monitor_obj = NULL;
      g_clear_pointer (&self->monitor, vigil_resource_close);
    }
  g_clear_pointer (&self->consumer, vigil_resource_close);
  self->consumer_obj = NULL;
  if (depth == TEARDOWN_WATCHING)
    return;
  g_clear_pointer (&self->acquisition, acquisition_stop);
  g_clear_pointer (&self->buffers, vigil_resource_close);
  if (depth == TEARDOWN_ALL)
    g_clear_pointer (&self->handler, vigil_resource_close);
  g_clear_pointer (&self->stream, vigil_resource_close);
  if (depth == TEARDOWN_STREAM)
    return;
  self->camera = NULL;
  g_clear_pointer (&self->device, vigil_resource_close);
}

static void
monitor_lost (gpointer      data,
              VigilPhase    reason,
              const GError *error)
{
  VigilSession *self = data;

  if (error != NULL)
    post (self, reason, "liveness", error);
  lost_relay_fire (self->relay, reason);
}

static void
monitor_state (gpointer           data,
               VigilLivenessState state)
{
  VigilSession *self = data;

  g_atomic_int_set (&self->liveness, state);
  /* The frame watchdog fired: the same event as before liveness knew
   * more (the probe then says restart or reconnect). */
  if (state == VIGIL_LIVENESS_STREAM_STALLED)
    post (self, VIGIL_PHASE_TIMEOUT_DETECTED, "watchdog", NULL);
  if (self->state_func != NULL && !self->ended)
    self->state_func (self, state, self->lost_data);
}

static void
restart_notify (VigilSession *self)
{
  if (self->state_func != NULL && !self->ended)
    self->state_func (self, g_atomic_int_get (&self->liveness), self->lost_data);
}

static VigilLivenessConfig
liveness_config (VigilSession *self)
{
  VigilLivenessConfig config = {
    .watchdog_intervals = self->watchdog_intervals,
    .watchdog_margin_ms = self->watchdog_margin_ms,
    .probe_interval_ms = self->probe_interval_ms,
  };

  return config;
}

static VigilResource *
start_monitor (VigilSession  *self,
               ArvCamera     *camera,
               GError       **error)
{
  static const VigilLivenessMonitorFuncs funcs = {
    .frames = monitor_frames,
    .restart_stream = monitor_restart_stream,
    .stop_acquisition = monitor_stop_acquisition,
    .lost = monitor_lost,
    .state_changed = monitor_state,
  };
  VigilLivenessConfig config = liveness_config (self);
  VigilLivenessMonitor *monitor = vigil_liveness_monitor_new (camera, &config, self->mode, &funcs, self, error);

  if (monitor == NULL)
    return NULL;
  return vigil_resource_new (self->ledger, self->id, VIGIL_RESOURCE_TIMER, "liveness monitor (probe socket)",
                             "vigil-session", vigil_liveness_monitor_get_fd (monitor), monitor_release, monitor);
}

/* The frame watchdog's limit in ms, for a free-running camera. */
static guint
watchdog_ms (VigilSession *self)
{
  if (!vigil_acquisition_mode_is_free_running (self->mode))
    return 0;
  return (guint) (self->watchdog_intervals * 1000.0 / self->mode->frame_rate) + self->watchdog_margin_ms;
}

/* "First frame or camera answered": a free-running camera must deliver a
 * frame (within the first-frame timeout, or the watchdog's limit for a
 * slow one); any other answers the control-channel probe. */
static gboolean
first_frame_or_answer (VigilSession              *self,
                       const VigilSessionConfig  *config,
                       VigilConsumer             *consumer,
                       VigilLivenessMonitor      *monitor,
                       GError                   **error)
{
  g_autoptr(GError) local_error = NULL;
  guint timeout_ms = MAX (config->first_frame_timeout_ms, watchdog_ms (self));

  if (!vigil_acquisition_mode_is_free_running (self->mode))
    {
      if (vigil_liveness_monitor_probe_now (monitor, &local_error))
        return TRUE;
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("The camera did not answer after acquisition started: "));
      return FALSE;
    }
  if (vigil_consumer_wait_first_frame (consumer, (gint64) timeout_ms * 1000))
    return TRUE;
  g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_TIMEOUT,
               _("No frame arrived within %u ms of starting acquisition"), timeout_ms);
  return FALSE;
}

static void
replay_one (const char *feature,
            GVariant   *value,
            gpointer    data);

typedef struct
{
  VigilSession *session;
  ArvCamera    *camera;
} Replay;

/* The features the user wrote in this run, written again before the
 * stream exists (a size changes the payload); a refusal is an event, not
 * a failed open. */
static void
replay_features (VigilSession    *self,
                 ArvCamera       *camera,
                 VigilFeatureLog *replay)
{
  Replay data = { self, camera };

  if (replay != NULL)
    vigil_feature_log_foreach (replay, replay_one, &data);
}

static gboolean
apply_feature (ArvCamera   *camera,
               const char  *feature,
               GVariant    *value,
               GError     **error)
{
  if (vigil_trigger_controls_is_feature (feature) || g_strcmp0 (feature, VIGIL_FEATURE_ACQUISITION_MODE) == 0)
    {
      if (!g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
        {
          g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                       _("%s takes a value of type %s, not %s"), feature, "s", g_variant_get_type_string (value));
          return FALSE;
        }
      return vigil_trigger_controls_apply (camera, feature, g_variant_get_string (value, NULL), error);
    }
  /* Any feature of the tree, by its value in words (vigil-feature-write.c). */
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    return vigil_feature_value_write_text (arv_device_get_genicam (arv_camera_get_device (camera)), feature,
                                           g_variant_get_string (value, NULL), error);
  return vigil_controls_apply (camera, feature, value, error);
}

static void
replay_one (const char *feature,
            GVariant   *value,
            gpointer    data)
{
  Replay *replay = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = g_variant_is_of_type (value, G_VARIANT_TYPE_STRING)
    ? g_strdup (g_variant_get_string (value, NULL)) : g_variant_print (value, FALSE);
  g_autofree char *what = g_strdup_printf ("replay %s=%s", feature, shown);
  g_autofree char *operation = vigil_utf8_sanitize_bounded (what, -1, VIGIL_UTF8_NAME_MAX);

  /* Each re-applied write is an event, a refused one an error event. */
  apply_feature (replay->camera, feature, value, &error);
  post (replay->session, VIGIL_PHASE_DEVICE_OPENED, operation, error);
}

static gboolean
read_mode (VigilSession  *self,
           ArvCamera     *camera,
           GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  VigilAcquisitionMode *mode = vigil_acquisition_mode_read (camera, &local_error);

  if (mode == NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("Could not read the acquisition mode: "));
      return FALSE;
    }
  g_clear_pointer (&self->mode, vigil_acquisition_mode_free);
  self->mode = mode;
  return TRUE;
}

/* The phases of an open.  Returns FALSE with @error at the first failure;
 * then the autoptr locals close what was made so far. */
static gboolean
open_phases (VigilSession              *self,
             const VigilSessionConfig  *config,
             GError                   **error)
{
  g_autoptr(VigilResource) device = NULL;
  g_autoptr(VigilResource) stream = NULL;
  g_autoptr(VigilResource) handler = NULL;
  g_auto(Streaming) streaming = { NULL };
  g_autoptr(VigilResource) monitor = NULL;
  ArvCamera *camera;
  ArvStream *arv_stream;

  if (!(device = open_device (self, config->camera_id, error)))
    return FALSE;
  camera = vigil_resource_get_data (device);
  replay_features (self, camera, config->replay);
  if (!read_mode (self, camera, error))
    return FALSE;
  if (!check_cancelled (self, config, error))
    return FALSE;
  if (!(stream = create_stream (self, camera, error)))
    return FALSE;
  arv_stream = vigil_resource_get_data (stream);
  if (!(handler = register_callbacks (self, camera, error)))
    return FALSE;
  if (!start_streaming (self, camera, arv_stream, config->cancellable, &streaming, error))
    return FALSE;

  phase_begin (self, VIGIL_PHASE_FIRST_FRAME);
  if (!(monitor = start_monitor (self, camera, error)))
    return FALSE;
  if (!first_frame_or_answer (self, config, vigil_resource_get_data (streaming.consumer),
                              vigil_resource_get_data (monitor), error))
    return FALSE;
  phase_end (self, VIGIL_PHASE_FIRST_FRAME, monitor, "socket:");

  self->camera = camera;
  self->monitor_obj = vigil_resource_get_data (monitor);
  self->device = g_steal_pointer (&device);
  self->handler = g_steal_pointer (&handler);
  self->monitor = g_steal_pointer (&monitor);
  adopt_streaming (self, &stream, &streaming);
  return TRUE;
}

static void
vigil_session_dispose (GObject *object)
{
  VigilSession *self = (VigilSession *) object;

  if (!self->ended && self->id != 0)
    vigil_session_close (self);
  g_clear_pointer (&self->relay, lost_relay_unref);
  g_clear_object (&self->sink);
  g_clear_object (&self->diagnostics);

  G_OBJECT_CLASS (vigil_session_parent_class)->dispose (object);
}

static void
vigil_session_finalize (GObject *object)
{
  VigilSession *self = (VigilSession *) object;

  g_clear_pointer (&self->fds_before, g_array_unref);
  g_clear_pointer (&self->mode, vigil_acquisition_mode_free);
  g_free (self->camera_id);

  G_OBJECT_CLASS (vigil_session_parent_class)->finalize (object);
}

static void
vigil_session_class_init (VigilSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_session_dispose;
  object_class->finalize = vigil_session_finalize;
}

static void
vigil_session_init (VigilSession *self)
{
}

/**
 * vigil_session_open:
 * @lost_func: (scope notified) (nullable): called once when the session is
 *   lost, on the caller's thread-default main context
 *
 * Opens the camera phase by phase and waits for its first frame.  The
 * session's events and resources go to @config's diagnostics.
 *
 * Returns: (transfer full) (nullable): the streaming session, or %NULL
 *   with @error set; every resource made on the way is then closed again
 */
VigilSession *
vigil_session_open (const VigilSessionConfig  *config,
                    VigilSessionLostFunc       lost_func,
                    gpointer                   user_data,
                    GError                   **error)
{
  g_autoptr(VigilSession) self = g_object_new (VIGIL_TYPE_SESSION, NULL);
  g_autoptr(GError) local_error = NULL;
  LostRelay *relay;

  g_return_val_if_fail (config != NULL && VIGIL_IS_DIAGNOSTICS (config->diagnostics), NULL);

  self->diagnostics = g_object_ref (config->diagnostics);
  self->ledger = vigil_diagnostics_get_ledger (self->diagnostics);
  self->camera_id = g_strdup (config->camera_id);
  self->sink = g_object_ref (config->sink);
  self->lost_func = lost_func;
  self->lost_data = user_data;
  self->state_func = config->state_func;
  self->plain_udp = config->plain_udp_on_loopback;
  self->watchdog_intervals = MAX (1, config->watchdog_intervals);
  self->watchdog_margin_ms = config->watchdog_margin_ms;
  self->probe_interval_ms = config->probe_interval_ms;
  self->liveness = VIGIL_LIVENESS_STREAMING;

  relay = g_atomic_rc_box_new0 (LostRelay);
  relay->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&relay->session, self);
  self->relay = relay;

  self->id = vigil_ledger_begin_session (self->ledger, config->camera_id ? config->camera_id : "");
  vigil_ledger_set_phase (self->ledger, self->id, VIGIL_PHASE_OPEN_START);
  post (self, VIGIL_PHASE_OPEN_START, "open", NULL);

  if (vigil_faults_fire (vigil_diagnostics_get_faults (self->diagnostics), "shutdown.during-open", NULL))
    g_cancellable_cancel (config->cancellable);

  if (!open_phases (self, config, &local_error))
    {
      /* The error with the phase it happened in, then the session's end. */
      post (self, vigil_ledger_get_phase (self->ledger, self->id), "open", local_error);
      phase_abandon (self);
      vigil_ledger_set_phase (self->ledger, self->id, VIGIL_PHASE_OPEN_FAILED);
      post (self, VIGIL_PHASE_OPEN_FAILED, "open", NULL);
      vigil_ledger_end_session (self->ledger, self->id);
      vigil_orphans_session_closed (vigil_diagnostics_get_orphans (self->diagnostics), self->id);
      self->ended = TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  vigil_ledger_set_phase (self->ledger, self->id, VIGIL_PHASE_OPEN_DONE);
  post (self, VIGIL_PHASE_OPEN_DONE, "open", NULL);

  g_atomic_int_set (&self->liveness, vigil_liveness_monitor_get_state (self->monitor_obj));

  /* Faults of a running session: a camera that stops delivering (also
   * after a stream restart: the restart does not help, so a free-running
   * session ends in a reconnect; a triggered one drops its frames and goes
   * on waiting), and a loss of control. */
  if (fault (self, "frame.timeout", NULL))
    {
      self->muted = TRUE;
      vigil_consumer_set_muted (self->consumer_obj, TRUE);
    }
  if (fault (self, "control.lost", NULL))
    vigil_session_inject_loss (self);

  return g_steal_pointer (&self);
}

/**
 * vigil_session_stop_watching:
 *
 * Stops the liveness monitor and the consumer thread.  Cheap, and never talks to
 * the camera: call it on the worker before handing a lost session to the
 * reaper, which closes the rest (stopping acquisition too: a camera that
 * only stopped sending must not go on acquiring).
 */
void
vigil_session_stop_watching (VigilSession *self)
{
  g_return_if_fail (VIGIL_IS_SESSION (self));

  if (self->ended)
    return;
  vigil_ledger_set_phase (self->ledger, self->id, VIGIL_PHASE_CLOSE_START);
  vigil_orphans_session_closing (vigil_diagnostics_get_orphans (self->diagnostics), self->id);
  teardown (self, TEARDOWN_WATCHING);
}

/**
 * vigil_session_close:
 *
 * Stops streaming and releases everything in reverse order of opening.
 * Always completes; on a dead camera each call waits for its timeout.
 */
void
vigil_session_close (VigilSession *self)
{
  g_return_if_fail (VIGIL_IS_SESSION (self));

  if (self->ended)
    return;

  vigil_ledger_set_phase (self->ledger, self->id, VIGIL_PHASE_CLOSE_START);
  vigil_orphans_session_closing (vigil_diagnostics_get_orphans (self->diagnostics), self->id);
  post (self, VIGIL_PHASE_CLOSE_START, "close", NULL);

  teardown (self, TEARDOWN_ALL);

  vigil_ledger_set_phase (self->ledger, self->id, VIGIL_PHASE_CLOSE_DONE);
  post (self, VIGIL_PHASE_CLOSE_DONE, "close", NULL);
  vigil_ledger_end_session (self->ledger, self->id);
  vigil_orphans_session_closed (vigil_diagnostics_get_orphans (self->diagnostics), self->id);
  self->ended = TRUE;
}

/* Any thread: behave as if Aravis had reported control-lost. */
void
vigil_session_inject_loss (VigilSession *self)
{
  g_return_if_fail (VIGIL_IS_SESSION (self));
  lost_relay_fire (self->relay, VIGIL_PHASE_CONTROL_LOST);
}

/**
 * vigil_session_read_controls:
 *
 * Returns: (transfer full) (nullable): the camera's quick controls
 */
VigilControls *
vigil_session_read_controls (VigilSession  *self,
                             GError       **error)
{
  g_return_val_if_fail (VIGIL_IS_SESSION (self), NULL);

  if (self->camera == NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_NO_CAMERA, _("The session is closed"));
      return NULL;
    }
  return vigil_controls_read (self->camera, self->camera_id, error);
}

/* Makes stream, buffers, acquisition and consumer anew (around a feature
 * write that changes the payload, or a stalled stream); the liveness
 * monitor goes on. */
static gboolean
restart_streaming (VigilSession  *self,
                   GError       **error)
{
  g_autoptr(VigilResource) stream = NULL;
  g_auto(Streaming) streaming = { NULL };

  if (!(stream = create_stream (self, self->camera, error)))
    return FALSE;
  if (!start_streaming (self, self->camera, vigil_resource_get_data (stream), NULL, &streaming, error))
    return FALSE;

  adopt_streaming (self, &stream, &streaming);
  return TRUE;
}

static gboolean
affects_mode (const char *feature)
{
  return vigil_trigger_controls_is_feature (feature) ||
         g_strcmp0 (feature, VIGIL_FEATURE_ACQUISITION_MODE) == 0 ||
         g_strcmp0 (feature, VIGIL_FEATURE_FRAME_RATE) == 0;
}

/* Reads the acquisition mode again and hands it to the liveness monitor
 * and the consumer; a camera that does not answer now is the monitor's
 * business. */
static void
refresh_mode (VigilSession *self)
{
  if (!read_mode (self, self->camera, NULL))
    return;
  if (self->consumer_obj != NULL)
    vigil_consumer_set_frame_limit (self->consumer_obj, self->mode->frame_limit);
  if (self->monitor_obj != NULL)
    vigil_liveness_monitor_set_mode (self->monitor_obj, self->mode);
}

/* Writes one feature; around features that change the payload size the
 * stream is made anew, also when the write failed. */
gboolean
vigil_session_set_feature (VigilSession  *self,
                           const char    *feature,
                           GVariant      *value,
                           GError       **error)
{
  g_autoptr(GError) write_error = NULL;
  gboolean restart;

  g_return_val_if_fail (VIGIL_IS_SESSION (self), FALSE);

  if (self->camera == NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_NO_CAMERA, _("The session is closed"));
      return FALSE;
    }

  restart = vigil_controls_needs_restart (feature);
  if (restart)
    teardown (self, TEARDOWN_STREAM);

  apply_feature (self->camera, feature, value, &write_error);

  if (restart && !restart_streaming (self, error))
    return FALSE;
  if (restart && self->monitor_obj != NULL)
    vigil_liveness_monitor_stream_replaced (self->monitor_obj);
  /* Trigger, acquisition mode, frame rate: the liveness follows. */
  if (affects_mode (feature))
    refresh_mode (self);

  if (write_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&write_error));
      return FALSE;
    }
  return TRUE;
}

guint64
vigil_session_get_id (VigilSession *self)
{
  g_return_val_if_fail (VIGIL_IS_SESSION (self), 0);
  return self->id;
}

/**
 * vigil_session_get_camera:
 *
 * Session worker thread only, as every call on the camera.
 *
 * Returns: (transfer none) (nullable): the camera, %NULL once closed
 */
ArvCamera *
vigil_session_get_camera (VigilSession *self)
{
  g_return_val_if_fail (VIGIL_IS_SESSION (self), NULL);
  return self->camera;
}

/* Whether frames are being received: false after a failed stream restart. */
gboolean
vigil_session_is_streaming (VigilSession *self)
{
  g_return_val_if_fail (VIGIL_IS_SESSION (self), FALSE);
  return !self->ended && self->consumer != NULL;
}

/**
 * vigil_session_trigger:
 *
 * Executes the camera's TriggerSoftware.  Worker thread.
 *
 * Returns: %TRUE, or %FALSE with the camera's own words in @error
 */
gboolean
vigil_session_trigger (VigilSession  *self,
                       GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (VIGIL_IS_SESSION (self), FALSE);

  if (self->camera == NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_NO_CAMERA, _("The session is closed"));
      return FALSE;
    }
  if (!vigil_trigger_software (self->camera, &local_error))
    {
      /* An event in the session's phase, and the words for the banner;
       * the session goes on (a refused trigger is not a lost camera). */
      post (self, vigil_ledger_get_phase (self->ledger, self->id), "trigger", local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/**
 * vigil_session_acquire_again:
 *
 * Starts the next SingleFrame/MultiFrame acquisition (Play after
 * Acquisition complete); for a continuous one, restarts acquisition.
 * Worker thread.
 *
 * Returns: %TRUE, or %FALSE with @error
 */
gboolean
vigil_session_acquire_again (VigilSession  *self,
                             GError       **error)
{
  Acquisition *acquisition;

  g_return_val_if_fail (VIGIL_IS_SESSION (self), FALSE);

  if (self->camera == NULL || self->consumer_obj == NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_NO_CAMERA, _("The session is closed"));
      return FALSE;
    }
  g_clear_pointer (&self->acquisition, acquisition_stop);
  if (!(acquisition = start_acquisition (self, self->camera, error)))
    return FALSE;
  self->acquisition = acquisition;
  vigil_consumer_set_frame_limit (self->consumer_obj, self->mode->frame_limit);
  vigil_liveness_monitor_rearm (self->monitor_obj);
  return TRUE;
}

/**
 * vigil_session_dup_mode:
 *
 * Worker thread.
 *
 * Returns: (transfer full) (nullable): how the camera acquires
 */
VigilAcquisitionMode *
vigil_session_dup_mode (VigilSession *self)
{
  g_return_val_if_fail (VIGIL_IS_SESSION (self), NULL);
  return self->mode ? vigil_acquisition_mode_copy (self->mode) : NULL;
}

/* Any thread. */
VigilLivenessState
vigil_session_get_liveness (VigilSession *self)
{
  g_return_val_if_fail (VIGIL_IS_SESSION (self), VIGIL_LIVENESS_LOST);
  return g_atomic_int_get (&self->liveness);
}

/* Any thread: streams made anew because frames stopped. */
guint64
vigil_session_get_stream_restarts (VigilSession *self)
{
  g_return_val_if_fail (VIGIL_IS_SESSION (self), 0);
  return __atomic_load_n (&self->stream_restarts, __ATOMIC_RELAXED);
}

/* Worker: Aravis's counts of the current stream; FALSE between streams. */
gboolean
vigil_session_read_stream_counts (VigilSession      *self,
                                  VigilStreamCounts *counts)
{
  g_return_val_if_fail (VIGIL_IS_SESSION (self), FALSE);

  if (self->stream == NULL)
    return FALSE;
  vigil_stream_counts_read (vigil_resource_get_data (self->stream), counts);
  return TRUE;
}
