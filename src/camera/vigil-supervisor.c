/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-supervisor"

#include "config.h"

#include <inttypes.h>
#ifdef HAVE_MALLOC_TRIM
#include <malloc.h>
#endif

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-post.h"
#include "vigil-session.h"
#include "vigil-supervisor.h"

/* The reconnect state machine of one camera (DESIGN.md "Threads").
 *
 * Its API, properties and signals belong to the main thread.  Every call
 * that can touch the camera runs on its session worker thread, which runs a
 * main context of its own; results come back to the main context as idles.
 * When a session is lost (watchdog or control-lost), its consumer and
 * watchdog stop at once on the worker and the rest of its teardown — up to
 * 7.5 s on a frozen camera — goes to the reaper thread, so the worker can
 * try the camera again right away.  A new attempt waits up to
 * REAP_GRACE_MS for the reaper, which is plenty when the camera answers:
 * then the old session is fully closed before the new one opens.  When the
 * camera does not answer, the old session no longer holds it (the camera
 * dropped its control when its heartbeat stopped), and the writes of its
 * teardown are refused by the camera once a new session has control. */

#define REAP_GRACE_MS 300
#define STREAM_STATS_INTERVAL_MS 1000

typedef struct _Shared Shared;

struct _Shared
{
  GMainContext     *main_context;
  GMainContext     *worker_context;
  GMainLoop        *worker_loop;
  GWeakRef          supervisor;
  VigilFrameSink   *sink;
  VigilStreamStats *stream_stats;    /* read on the worker, every STREAM_STATS_INTERVAL_MS */
  GSource          *stream_watch;
  VigilDiagnostics *diagnostics;
  GCancellable     *cancellable;     /* cancelled by shutdown */
  GThreadPool      *reaper;

  /* Settings: atomics written by the main thread. */
  guint             watchdog_intervals;
  guint             watchdog_margin_ms;
  guint             backoff_initial_ms;
  guint             backoff_max_ms;
  guint             probe_interval_ms;

  gint              plain_udp;       /* atomic */
  guint64           reconnects;      /* atomic */
  guint64           stream_restarts; /* atomic: streams restarted, all sessions */
  guint64           triggers;        /* atomic: software triggers the camera took */
  gint              trigger_queued;  /* atomic: a trigger job waits or runs */
  gint              reaping;         /* atomic: sessions in the reaper */
  GMutex            reap_lock;
  GCond             reaped;          /* signalled when reaping drops */

  GMutex            done_lock;
  GCond             done_cond;
  gboolean          worker_done;     /* under done_lock */

  /* Worker thread only. */
  VigilSession     *session;
  VigilFeatureLog  *replay;          /* the user's writes, for the next session */
  guint64           restarts_base;   /* stream restarts of ended sessions */
  char             *camera_id;
  gboolean          wanted;
  gboolean          recovering;
  guint             attempt;
  guint             backoff_ms;
  GSource          *retry;
  GRand            *rand;
};

static void
shared_clear (Shared *shared)
{
  g_clear_object (&shared->session);
  g_clear_pointer (&shared->replay, vigil_feature_log_free);
  g_clear_object (&shared->sink);
  if (shared->stream_watch != NULL)
    g_source_destroy (shared->stream_watch);
  g_clear_pointer (&shared->stream_watch, g_source_unref);
  g_clear_pointer (&shared->stream_stats, vigil_stream_stats_unref);
  g_clear_object (&shared->diagnostics);
  g_clear_object (&shared->cancellable);
  g_weak_ref_clear (&shared->supervisor);
  g_clear_pointer (&shared->worker_loop, g_main_loop_unref);
  g_clear_pointer (&shared->worker_context, g_main_context_unref);
  g_clear_pointer (&shared->main_context, g_main_context_unref);
  g_clear_pointer (&shared->rand, g_rand_free);
  g_free (shared->camera_id);
  g_mutex_clear (&shared->reap_lock);
  g_cond_clear (&shared->reaped);
  g_mutex_clear (&shared->done_lock);
  g_cond_clear (&shared->done_cond);
}

static Shared *
shared_ref (Shared *shared)
{
  return g_atomic_rc_box_acquire (shared);
}

static void
shared_unref (Shared *shared)
{
  g_atomic_rc_box_release_full (shared, (GDestroyNotify) shared_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Shared, shared_unref)

struct _VigilSupervisor
{
  GObject               parent_instance;

  Shared               *shared;
  GThread              *worker;
  VigilSupervisorState  state;
  char                 *camera_id;
  char                 *message;
  guint64               reconnects;
  VigilControls        *controls;
  GError               *last_error;
  VigilLivenessState    liveness;
  guint64               stream_restarts;
  guint64               triggers;
  gint64                last_frame_us;   /* monotonic, 0 before the first shown */
  guint64               frames_shown;
};

G_DEFINE_FINAL_TYPE (VigilSupervisor, vigil_supervisor, G_TYPE_OBJECT)
G_DEFINE_ENUM_TYPE (VigilSupervisorState, vigil_supervisor_state,
  G_DEFINE_ENUM_VALUE (VIGIL_SUPERVISOR_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (VIGIL_SUPERVISOR_OPENING, "opening"),
  G_DEFINE_ENUM_VALUE (VIGIL_SUPERVISOR_STREAMING, "streaming"),
  G_DEFINE_ENUM_VALUE (VIGIL_SUPERVISOR_RECOVERING, "recovering"),
  G_DEFINE_ENUM_VALUE (VIGIL_SUPERVISOR_CLOSING, "closing"))

enum {
  PROP_0,
  PROP_STATE,
  PROP_CAMERA_ID,
  PROP_MESSAGE,
  PROP_RECONNECTS,
  PROP_LIVENESS,
  PROP_STREAM_RESTARTS,
  PROP_TRIGGERS,
  N_PROPS
};

enum {
  CONTROLS_CHANGED,
  ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The states in words: untranslated for logs and reports, marked for
 * translation so vigil_supervisor_state_to_label () can show them. */
static const char * const state_names[] = {
  [VIGIL_SUPERVISOR_IDLE] = N_("Idle"),
  [VIGIL_SUPERVISOR_OPENING] = N_("Opening"),
  [VIGIL_SUPERVISOR_STREAMING] = N_("Streaming"),
  [VIGIL_SUPERVISOR_RECOVERING] = N_("Recovering"),
  [VIGIL_SUPERVISOR_CLOSING] = N_("Closing"),
};

/* The state's name, untranslated (logs, snapshots, vigil-soak reports). */
const char *
vigil_supervisor_state_to_string (VigilSupervisorState state)
{
  if ((guint) state >= G_N_ELEMENTS (state_names))
    return N_("Unknown");
  return state_names[state];
}

/* The state's name in the user's language, for a label. */
const char *
vigil_supervisor_state_to_label (VigilSupervisorState state)
{
  return _(vigil_supervisor_state_to_string (state));
}

/* ---- Main thread: updates from the worker ----------------------------- */

typedef struct
{
  Shared               *shared;
  gboolean              has_state;
  VigilSupervisorState  state;
  char                 *message;
  VigilControls        *controls;
  GError               *error;
  gboolean              feature_error;
  gboolean              has_liveness;
  VigilLivenessState    liveness;
} Update;

static void
update_free (Update *update)
{
  g_clear_pointer (&update->shared, shared_unref);
  g_free (update->message);
  g_clear_pointer (&update->controls, vigil_controls_free);
  g_clear_error (&update->error);
  g_free (update);
}

/* Main thread: the counters the worker keeps in atomics. */
static void
update_counters (VigilSupervisor *self,
                 Shared          *shared)
{
  guint64 restarts = __atomic_load_n (&shared->stream_restarts, __ATOMIC_RELAXED);
  guint64 triggers = __atomic_load_n (&shared->triggers, __ATOMIC_RELAXED);

  if (restarts != self->stream_restarts)
    {
      self->stream_restarts = restarts;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STREAM_RESTARTS]);
    }
  if (triggers != self->triggers)
    {
      self->triggers = triggers;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRIGGERS]);
    }
}

static gboolean
update_on_main (gpointer data)
{
  Update *update = data;
  g_autoptr(VigilSupervisor) self = g_weak_ref_get (&update->shared->supervisor);
  guint64 reconnects;

  if (self == NULL || self->worker == NULL)
    return G_SOURCE_REMOVE;

  g_object_freeze_notify (G_OBJECT (self));

  reconnects = __atomic_load_n (&update->shared->reconnects, __ATOMIC_RELAXED);
  if (reconnects != self->reconnects)
    {
      self->reconnects = reconnects;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECONNECTS]);
    }

  update_counters (self, update->shared);
  if (update->has_liveness && self->liveness != update->liveness)
    {
      self->liveness = update->liveness;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIVENESS]);
    }

  if (update->error != NULL)
    {
      g_clear_error (&self->last_error);
      self->last_error = g_error_copy (update->error);
      g_signal_emit (self, signals[ERROR], 0, update->error);
    }

  if (update->controls != NULL)
    {
      g_clear_pointer (&self->controls, vigil_controls_free);
      self->controls = g_steal_pointer (&update->controls);
      g_signal_emit (self, signals[CONTROLS_CHANGED], 0, self->controls);
    }

  if (update->has_state)
    {
      if (g_strcmp0 (self->message, update->message) != 0)
        {
          g_free (self->message);
          self->message = g_strdup (update->message);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
        }
      if (self->state != update->state)
        {
          g_debug ("State %s → %s", vigil_supervisor_state_to_string (self->state),
                   vigil_supervisor_state_to_string (update->state));
          self->state = update->state;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
        }
    }

  g_object_thaw_notify (G_OBJECT (self));
  return G_SOURCE_REMOVE;
}

/* Worker: publishes a state (and optionally more) on the main thread. */
static void
publish (Shared               *shared,
         VigilSupervisorState  state,
         const char           *message,
         VigilControls        *controls,
         const GError         *error)
{
  Update *update = g_new0 (Update, 1);

  update->shared = shared_ref (shared);
  update->has_state = TRUE;
  update->state = state;
  update->message = g_strdup (message);
  update->controls = controls;
  update->error = error ? g_error_copy (error) : NULL;
  update->has_liveness = TRUE;
  update->liveness = shared->session ? vigil_session_get_liveness (shared->session) : VIGIL_LIVENESS_STREAMING;
  vigil_post (shared->main_context, update_on_main, update, (GDestroyNotify) update_free);
}

/* Worker: the session's liveness changed (or its stream was restarted). */
static void
on_session_state (VigilSession       *session,
                  VigilLivenessState  state,
                  gpointer            user_data)
{
  Shared *shared = user_data;
  Update *update;

  if (session != shared->session)
    return;
  __atomic_store_n (&shared->stream_restarts,
                    shared->restarts_base + vigil_session_get_stream_restarts (session), __ATOMIC_RELAXED);
  update = g_new0 (Update, 1);
  update->shared = shared_ref (shared);
  update->has_liveness = TRUE;
  update->liveness = state;
  vigil_post (shared->main_context, update_on_main, update, (GDestroyNotify) update_free);
}

static void
publish_result (Shared        *shared,
                VigilControls *controls,
                const GError  *error)
{
  Update *update = g_new0 (Update, 1);

  update->shared = shared_ref (shared);
  update->controls = controls;
  update->error = error ? g_error_copy (error) : NULL;
  vigil_post (shared->main_context, update_on_main, update, (GDestroyNotify) update_free);
}

/* ---- The reaper: closing lost sessions off the worker ------------------ */

static void
reap (gpointer data,
      gpointer user_data)
{
  g_autoptr(VigilSession) session = data;
  Shared *shared = user_data;

  vigil_session_close (session);
  g_clear_object (&session);

  g_mutex_lock (&shared->reap_lock);
  if (g_atomic_int_dec_and_test (&shared->reaping))
    g_cond_broadcast (&shared->reaped);
  g_mutex_unlock (&shared->reap_lock);
}

static gboolean
wait_reaper (Shared *shared,
             guint   timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  gboolean idle;

  g_mutex_lock (&shared->reap_lock);
  while (g_atomic_int_get (&shared->reaping) > 0)
    if (!g_cond_wait_until (&shared->reaped, &shared->reap_lock, deadline))
      break;
  idle = g_atomic_int_get (&shared->reaping) == 0;
  g_mutex_unlock (&shared->reap_lock);
  return idle;
}

/* ---- Worker thread ------------------------------------------------------- */

/* Worker: the stream statistics' read of the current session's stream. */
static gboolean
read_stream (gpointer           data,
             guint64           *session,
             guint64           *stream,
             VigilStreamCounts *counts)
{
  Shared *shared = data;

  if (shared->session == NULL)
    return FALSE;
  *session = vigil_session_get_id (shared->session);
  *stream = vigil_session_get_stream_restarts (shared->session);
  return vigil_session_read_stream_counts (shared->session, counts);
}

static void try_open (Shared *shared);

/* One sample per reconnect, at its start, when the lost session is closed
 * and no new one is open, so every sample is taken in the same state (a
 * reconnect whose teardown is still under way has no sample). */
static void
history_sample (Shared *shared)
{
  VigilProbe *probe = vigil_diagnostics_get_probe (shared->diagnostics);
  g_autoptr(VigilProbeSample) sample = NULL;

  /* As vigil-soak does (vigil-soak-memory.c): free heap pages go back
   * first, so the sample follows what the process holds, not glibc's
   * high-water mark.  On this worker, at a quiesce point. */
#ifdef HAVE_MALLOC_TRIM
  malloc_trim (0);
#endif
  sample = vigil_probe_sample (probe, VIGIL_PROBE_DEFAULT);
  VigilLedger *ledger = vigil_diagnostics_get_ledger (shared->diagnostics);
  VigilHistory *history = vigil_diagnostics_get_history (shared->diagnostics);

  vigil_history_note_records_full (history, vigil_diagnostics_records_full (shared->diagnostics));
  vigil_history_add_reconnect_sample (history, sample, vigil_ledger_count_open (ledger));
}

static void
cancel_retry (Shared *shared)
{
  if (shared->retry != NULL)
    {
      g_source_destroy (shared->retry);
      g_clear_pointer (&shared->retry, g_source_unref);
    }
}

/* Worker: a session ends; its stream restarts stay counted. */
static void
fold_restarts (Shared       *shared,
               VigilSession *session)
{
  shared->restarts_base += vigil_session_get_stream_restarts (session);
  __atomic_store_n (&shared->stream_restarts, shared->restarts_base, __ATOMIC_RELAXED);
}

static void
close_session (Shared *shared)
{
  g_autoptr(VigilSession) session = g_steal_pointer (&shared->session);

  if (session != NULL)
    {
      fold_restarts (shared, session);
      vigil_session_close (session);
    }
}

static gboolean
retry_now (gpointer data)
{
  Shared *shared = data;

  g_clear_pointer (&shared->retry, g_source_unref);
  try_open (shared);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (Shared *shared)
{
  guint delay = shared->backoff_ms;

  /* ±20 % jitter, so cameras that dropped together do not retry together. */
  delay = (guint) (delay * g_rand_double_range (shared->rand, 0.8, 1.2));
  shared->backoff_ms = MIN (shared->backoff_ms * 2, (guint) g_atomic_int_get (&shared->backoff_max_ms));

  cancel_retry (shared);
  shared->retry = g_timeout_source_new (delay);
  g_source_set_callback (shared->retry, retry_now, shared, NULL);
  g_source_set_static_name (shared->retry, "[vigil] reconnect backoff");
  g_source_attach (shared->retry, shared->worker_context);
}

static void
post_event (Shared       *shared,
            VigilPhase    phase,
            const char   *operation,
            guint64       session,
            const GError *error)
{
  vigil_diagnostics_post (shared->diagnostics, VIGIL_EVENT_CAMERA_SESSION, session,
                          shared->camera_id, operation, phase, error);
}

static void
cancel_attempt (GCancellable *shutdown,
                GCancellable *attempt)
{
  g_cancellable_cancel (attempt);
}

static void on_session_lost (VigilSession *session,
                             VigilPhase    reason,
                             gpointer      user_data);

static void
try_open (Shared *shared)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSession) session = NULL;
  g_autofree char *message = NULL;
  VigilSessionConfig config = {
    .camera_id = shared->camera_id,
    .sink = shared->sink,
    .diagnostics = shared->diagnostics,
    .watchdog_intervals = g_atomic_int_get (&shared->watchdog_intervals),
    .watchdog_margin_ms = g_atomic_int_get (&shared->watchdog_margin_ms),
    .first_frame_timeout_ms = VIGIL_FIRST_FRAME_TIMEOUT_MS,
    .cancellable = NULL,
    .plain_udp_on_loopback = g_atomic_int_get (&shared->plain_udp),
    .probe_interval_ms = g_atomic_int_get (&shared->probe_interval_ms),
    .replay = shared->replay,
    .state_func = on_session_state,
  };
  g_autoptr(GCancellable) attempt = g_cancellable_new ();
  gulong chained;
  VigilControls *controls;

  if (!shared->wanted || g_cancellable_is_cancelled (shared->cancellable))
    return;

  if (shared->recovering)
    {
      __atomic_add_fetch (&shared->reconnects, 1, __ATOMIC_RELAXED);
      vigil_events_set_reconnects (vigil_diagnostics_get_events (shared->diagnostics),
                                   (gint64) __atomic_load_n (&shared->reconnects, __ATOMIC_RELAXED));
      shared->attempt++;
      post_event (shared, VIGIL_PHASE_RECONNECT_START, "reconnect", 0, NULL);
    }

  /* Give the reaper a moment: when the camera answers it is done by now.
   * The verdict's sample is taken only then, at a quiesce point (the lost
   * session closed, its threads joined), as vigil-soak does: a sample
   * taken mid-teardown (a storm of control-lost, a frozen camera) counts
   * threads and memory that are on their way out, and read as growth. */
  if (wait_reaper (shared, REAP_GRACE_MS) && shared->recovering)
    history_sample (shared);

  /* This attempt's own cancellable, cancelled by shutdown too: the fault
   * shutdown.during-open cancels one open, not the supervisor. */
  chained = g_cancellable_connect (shared->cancellable, G_CALLBACK (cancel_attempt), attempt, NULL);
  config.cancellable = attempt;
  session = vigil_session_open (&config, on_session_lost, shared, &error);
  g_cancellable_disconnect (shared->cancellable, chained);
  if (session == NULL)
    {
      /* Shut down: this supervisor opens nothing more, so say it is idle
       * rather than recovering. */
      if (g_cancellable_is_cancelled (shared->cancellable))
        {
          shared->recovering = FALSE;
          publish (shared, VIGIL_SUPERVISOR_IDLE, NULL, NULL, NULL);
          return;
        }

      shared->recovering = TRUE;
      message = g_strdup_printf (_("Could not open the camera — trying again (attempt %u): %s"),
                                 shared->attempt + 1, error->message);
      publish (shared, VIGIL_SUPERVISOR_RECOVERING, message, NULL, error);
      schedule_retry (shared);
      return;
    }

  shared->session = g_steal_pointer (&session);
  controls = vigil_session_read_controls (shared->session, NULL);

  if (shared->recovering)
    post_event (shared, VIGIL_PHASE_RECONNECT_DONE, "reconnect", vigil_session_get_id (shared->session), NULL);
  else
    vigil_history_mark_session_opened (vigil_diagnostics_get_history (shared->diagnostics));

  shared->recovering = FALSE;
  shared->attempt = 0;
  shared->backoff_ms = g_atomic_int_get (&shared->backoff_initial_ms);
  publish (shared, VIGIL_SUPERVISOR_STREAMING, NULL, controls, NULL);
}

/* Worker: the session stopped (watchdog) or lost control. */
static void
on_session_lost (VigilSession *session,
                 VigilPhase    reason,
                 gpointer      user_data)
{
  Shared *shared = user_data;
  const char *message;

  if (session != shared->session)
    return;

  post_event (shared, reason, "lost", vigil_session_get_id (session), NULL);
  fold_restarts (shared, session);
  message = reason == VIGIL_PHASE_TIMEOUT_DETECTED
    ? _("Camera stopped sending frames — reconnecting")
    : _("Camera connection lost — reconnecting");

  vigil_session_stop_watching (session);
  g_atomic_int_inc (&shared->reaping);
  g_thread_pool_push (shared->reaper, g_steal_pointer (&shared->session), NULL);

  shared->recovering = TRUE;
  shared->attempt = 0;
  shared->backoff_ms = g_atomic_int_get (&shared->backoff_initial_ms);
  publish (shared, VIGIL_SUPERVISOR_RECOVERING, message, NULL, NULL);
  try_open (shared);
}

typedef enum
{
  JOB_OPEN,
  JOB_CLOSE,
  JOB_SET_FEATURE,
  JOB_INJECT_LOSS,
  JOB_TRIGGER,
  JOB_ACQUIRE,
  JOB_CALL,
  JOB_QUIT,
} JobKind;

typedef struct
{
  Shared   *shared;
  JobKind   kind;
  char     *camera_id;
  char     *feature;
  GVariant *value;
  VigilSupervisorWorkerFunc func;   /* JOB_CALL */
  gpointer        data;
  GDestroyNotify  destroy;
} Job;

static void
job_free (Job *job)
{
  g_clear_pointer (&job->shared, shared_unref);
  g_free (job->camera_id);
  g_free (job->feature);
  g_clear_pointer (&job->value, g_variant_unref);
  if (job->destroy != NULL)
    job->destroy (job->data);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

/* Worker: a software trigger, or the next acquisition. */
static void
run_acquisition_job (Shared  *shared,
                     JobKind  kind)
{
  g_autoptr(GError) error = NULL;

  if (shared->session == NULL)
    g_set_error (&error, VIGIL_ERROR, VIGIL_ERROR_NO_CAMERA, _("No camera is streaming"));
  else if (kind == JOB_TRIGGER)
    {
      if (vigil_session_trigger (shared->session, &error))
        __atomic_add_fetch (&shared->triggers, 1, __ATOMIC_RELAXED);
    }
  if (kind == JOB_TRIGGER)
    g_atomic_int_set (&shared->trigger_queued, FALSE);
  else
    vigil_session_acquire_again (shared->session, &error);
  publish_result (shared, NULL, error);
}

static gboolean
job_run_on_worker (gpointer data)
{
  g_autoptr(Job) job = data;
  Shared *shared = job->shared;
  g_autoptr(GError) error = NULL;

  switch (job->kind)
    {
    case JOB_OPEN:
      cancel_retry (shared);
      close_session (shared);
      g_free (shared->camera_id);
      shared->camera_id = g_strdup (job->camera_id);
      shared->wanted = TRUE;
      shared->recovering = FALSE;
      shared->attempt = 0;
      shared->backoff_ms = g_atomic_int_get (&shared->backoff_initial_ms);
      publish (shared, VIGIL_SUPERVISOR_OPENING, NULL, NULL, NULL);
      try_open (shared);
      break;

    case JOB_CLOSE:
      shared->wanted = FALSE;
      cancel_retry (shared);
      close_session (shared);
      publish (shared, VIGIL_SUPERVISOR_IDLE, NULL, NULL, NULL);
      break;

    case JOB_SET_FEATURE:
      if (shared->session == NULL)
        g_set_error (&error, VIGIL_ERROR, VIGIL_ERROR_NO_CAMERA, _("No camera is streaming"));
      else
        {
          if (vigil_session_set_feature (shared->session, job->feature, job->value, &error))
            vigil_feature_log_set (shared->replay, job->feature, job->value);
          /* A restart that failed (the camera stopped answering meanwhile)
           * leaves no stream: recover as from any other loss. */
          if (!vigil_session_is_streaming (shared->session))
            vigil_session_inject_loss (shared->session);
        }
      /* Re-read so the controls show what the camera really took. */
      publish_result (shared,
                      shared->session ? vigil_session_read_controls (shared->session, NULL) : NULL,
                      error);
      break;

    case JOB_TRIGGER:
    case JOB_ACQUIRE:
      run_acquisition_job (shared, job->kind);
      break;

    case JOB_INJECT_LOSS:
      if (shared->session != NULL)
        vigil_session_inject_loss (shared->session);
      else
        publish_result (shared, NULL, NULL);
      break;

    case JOB_CALL:
      job->func (shared->session, shared->replay, job->data);
      break;

    case JOB_QUIT:
    default:
      shared->wanted = FALSE;
      cancel_retry (shared);
      close_session (shared);
      g_main_loop_quit (shared->worker_loop);
      break;
    }

  return G_SOURCE_REMOVE;
}

static gpointer
worker_thread (gpointer data)
{
  g_autoptr(Shared) shared = data;

  g_main_context_push_thread_default (shared->worker_context);
  g_main_loop_run (shared->worker_loop);
  /* Run what was queued after the quit, so every job is released here. */
  while (g_main_context_iteration (shared->worker_context, FALSE))
    ;
  cancel_retry (shared);
  g_main_context_pop_thread_default (shared->worker_context);

  g_mutex_lock (&shared->done_lock);
  shared->worker_done = TRUE;
  g_cond_broadcast (&shared->done_cond);
  g_mutex_unlock (&shared->done_lock);

  return NULL;
}

static void
submit (VigilSupervisor *self,
        JobKind          kind,
        const char      *camera_id,
        const char      *feature,
        GVariant        *value)
{
  Job *job;

  if (self->worker == NULL)
    return;

  job = g_new0 (Job, 1);
  job->shared = shared_ref (self->shared);
  job->kind = kind;
  job->camera_id = g_strdup (camera_id);
  job->feature = g_strdup (feature);
  job->value = value ? g_variant_ref_sink (value) : NULL;
  /* Owned by job_run_on_worker (), which always runs: the worker drains
   * its context before it ends. */
  vigil_post (self->shared->worker_context, job_run_on_worker, job, NULL);
}

/* ---- GObject ------------------------------------------------------------- */

static void
vigil_supervisor_dispose (GObject *object)
{
  VigilSupervisor *self = (VigilSupervisor *) object;

  vigil_supervisor_shutdown (self, 10000);

  G_OBJECT_CLASS (vigil_supervisor_parent_class)->dispose (object);
}

static void
vigil_supervisor_finalize (GObject *object)
{
  VigilSupervisor *self = (VigilSupervisor *) object;

  g_clear_pointer (&self->shared, shared_unref);
  g_clear_pointer (&self->controls, vigil_controls_free);
  g_clear_error (&self->last_error);
  g_free (self->camera_id);
  g_free (self->message);

  G_OBJECT_CLASS (vigil_supervisor_parent_class)->finalize (object);
}

static void
vigil_supervisor_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  VigilSupervisor *self = VIGIL_SUPERVISOR (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_CAMERA_ID:
      g_value_set_string (value, self->camera_id);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_RECONNECTS:
      g_value_set_uint64 (value, self->reconnects);
      break;
    case PROP_LIVENESS:
      g_value_set_enum (value, self->liveness);
      break;
    case PROP_STREAM_RESTARTS:
      g_value_set_uint64 (value, self->stream_restarts);
      break;
    case PROP_TRIGGERS:
      g_value_set_uint64 (value, self->triggers);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_supervisor_class_init (VigilSupervisorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_supervisor_dispose;
  object_class->finalize = vigil_supervisor_finalize;
  object_class->get_property = vigil_supervisor_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       VIGIL_TYPE_SUPERVISOR_STATE, VIGIL_SUPERVISOR_IDLE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAMERA_ID] =
    g_param_spec_string ("camera-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* What is going on, in words, while recovering (else NULL). */
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECONNECTS] =
    g_param_spec_uint64 ("reconnects", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* What the streaming session's liveness says (DESIGN.md "Liveness"). */
  properties[PROP_LIVENESS] =
    g_param_spec_enum ("liveness", NULL, NULL,
                       VIGIL_TYPE_LIVENESS_STATE, VIGIL_LIVENESS_STREAMING,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* Streams made anew within a session, counted apart from reconnects. */
  properties[PROP_STREAM_RESTARTS] =
    g_param_spec_uint64 ("stream-restarts", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRIGGERS] =
    g_param_spec_uint64 ("triggers", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VigilSupervisor::controls-changed:
   * @controls: what the camera reports now
   *
   * Main thread.
   */
  signals[CONTROLS_CHANGED] =
    g_signal_new ("controls-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  VIGIL_TYPE_CONTROLS | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * VigilSupervisor::error:
   * @error: what failed, in words
   *
   * Main thread: an open or a feature write failed.
   */
  signals[ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
vigil_supervisor_init (VigilSupervisor *self)
{
}

/* Main thread: a frame reached the display. */
static void
on_frame_shown (VigilSupervisor *self)
{
  self->last_frame_us = g_get_monotonic_time ();
  self->frames_shown++;
}

/**
 * vigil_supervisor_new:
 * @diagnostics: (transfer none): where sessions record their resources
 *   and events
 *
 * Creates a supervisor whose signals are emitted on the thread-default
 * main context of the caller, and starts its worker thread.
 *
 * Returns: (transfer full): a new supervisor
 */
VigilSupervisor *
vigil_supervisor_new (VigilDiagnostics *diagnostics)
{
  VigilSupervisor *self;
  Shared *shared;

  g_return_val_if_fail (VIGIL_IS_DIAGNOSTICS (diagnostics), NULL);

  self = g_object_new (VIGIL_TYPE_SUPERVISOR, NULL);
  shared = g_atomic_rc_box_new0 (Shared);
  shared->main_context = g_main_context_ref_thread_default ();
  shared->worker_context = g_main_context_new ();
  shared->worker_loop = g_main_loop_new (shared->worker_context, FALSE);
  shared->sink = vigil_frame_sink_new (shared->main_context);
  shared->stream_stats = vigil_stream_stats_new ();
  shared->stream_watch = vigil_stream_stats_watch (shared->stream_stats, shared->worker_context,
                                                   STREAM_STATS_INTERVAL_MS, read_stream, shared);
  shared->diagnostics = g_object_ref (diagnostics);
  shared->cancellable = g_cancellable_new ();
  shared->watchdog_intervals = VIGIL_WATCHDOG_INTERVALS_DEFAULT;
  shared->watchdog_margin_ms = VIGIL_WATCHDOG_MARGIN_MS_DEFAULT;
  shared->backoff_initial_ms = VIGIL_BACKOFF_INITIAL_MS_DEFAULT;
  shared->backoff_max_ms = VIGIL_BACKOFF_MAX_MS_DEFAULT;
  shared->probe_interval_ms = VIGIL_LIVENESS_PROBE_INTERVAL_MS_DEFAULT;
  shared->replay = vigil_feature_log_new ();
  shared->rand = g_rand_new ();
  g_mutex_init (&shared->reap_lock);
  g_cond_init (&shared->reaped);
  g_mutex_init (&shared->done_lock);
  g_cond_init (&shared->done_cond);
  g_weak_ref_init (&shared->supervisor, self);
  /* One reaper thread, so lost sessions are released one after another. */
  shared->reaper = g_thread_pool_new (reap, shared, 1, FALSE, NULL);
  self->shared = shared;
  g_signal_connect_object (shared->sink, "frame", G_CALLBACK (on_frame_shown), self, G_CONNECT_SWAPPED);

  self->worker = g_thread_new ("vigil-session", worker_thread, shared_ref (shared));
  return self;
}

/**
 * vigil_supervisor_open:
 * @camera_id: (nullable): an Aravis device id or an IP address; %NULL for
 *   the first camera found
 *
 * Closes the current session, if any, and opens @camera_id, retrying with
 * backoff until it streams.  Returns at once; watch
 * #VigilSupervisor:state and #VigilSupervisor::error.
 */
void
vigil_supervisor_open (VigilSupervisor *self,
                       const char      *camera_id)
{
  g_return_if_fail (VIGIL_IS_SUPERVISOR (self));

  if (g_strcmp0 (self->camera_id, camera_id) != 0)
    {
      g_free (self->camera_id);
      self->camera_id = g_strdup (camera_id);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAMERA_ID]);
    }
  submit (self, JOB_OPEN, camera_id, NULL, NULL);
}

/* Stops streaming and retrying; the state becomes Idle. */
void
vigil_supervisor_close (VigilSupervisor *self)
{
  g_return_if_fail (VIGIL_IS_SUPERVISOR (self));

  if (self->worker == NULL)
    return;
  self->state = VIGIL_SUPERVISOR_CLOSING;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  submit (self, JOB_CLOSE, NULL, NULL, NULL);
}

/**
 * vigil_supervisor_set_feature:
 * @value: (transfer none): the new value (a floating reference is sunk)
 *
 * Writes a feature on the worker; a refusal comes back as
 * #VigilSupervisor::error and the controls are re-read either way.
 */
void
vigil_supervisor_set_feature (VigilSupervisor *self,
                              const char      *feature,
                              GVariant        *value)
{
  g_return_if_fail (VIGIL_IS_SUPERVISOR (self));
  g_return_if_fail (feature != NULL && value != NULL);

  submit (self, JOB_SET_FEATURE, NULL, feature, value);
}

/**
 * vigil_supervisor_run_on_worker:
 * @func: called on the session worker with the streaming session (or
 *   %NULL) and the log of the user's writes, which it may add to
 * @destroy: (nullable): frees @data, on the worker after @func, or at once
 *   when the worker has ended
 *
 * Runs @func after the jobs already queued (feature reads and writes of
 * the feature tree, vigil-feature-client.c).
 */
void
vigil_supervisor_run_on_worker (VigilSupervisor           *self,
                                VigilSupervisorWorkerFunc  func,
                                gpointer                   data,
                                GDestroyNotify             destroy)
{
  Job *job;

  g_return_if_fail (VIGIL_IS_SUPERVISOR (self));
  g_return_if_fail (func != NULL);

  if (self->worker == NULL)
    {
      if (destroy != NULL)
        destroy (data);
      return;
    }
  job = g_new0 (Job, 1);
  job->shared = shared_ref (self->shared);
  job->kind = JOB_CALL;
  job->func = func;
  job->data = data;
  job->destroy = destroy;
  vigil_post (self->shared->worker_context, job_run_on_worker, job, NULL);
}

/* As if the camera had reported control-lost: also for real cameras. */
void
vigil_supervisor_inject_loss (VigilSupervisor *self)
{
  g_return_if_fail (VIGIL_IS_SUPERVISOR (self));
  submit (self, JOB_INJECT_LOSS, NULL, NULL, NULL);
}

/* Applies to the next session opened. */
void
vigil_supervisor_set_watchdog (VigilSupervisor *self,
                               guint            frame_intervals,
                               guint            margin_ms)
{
  g_return_if_fail (VIGIL_IS_SUPERVISOR (self));
  g_atomic_int_set (&self->shared->watchdog_intervals, MAX (1, frame_intervals));
  g_atomic_int_set (&self->shared->watchdog_margin_ms, margin_ms);
}

void
vigil_supervisor_set_backoff (VigilSupervisor *self,
                              guint            initial_ms,
                              guint            max_ms)
{
  g_return_if_fail (VIGIL_IS_SUPERVISOR (self));
  g_atomic_int_set (&self->shared->backoff_initial_ms, MAX (1, initial_ms));
  g_atomic_int_set (&self->shared->backoff_max_ms, MAX (initial_ms, max_ms));
}

/**
 * vigil_supervisor_shutdown:
 * @timeout_ms: how long to wait for the camera to close
 *
 * Cancels an open in flight, closes the session and ends the worker.
 * Waits at most @timeout_ms (a frozen camera takes about 7.5 s to close);
 * past that the worker is left to finish on its own and %FALSE is
 * returned.  Idempotent.
 *
 * Returns: whether everything was closed in time
 */
gboolean
vigil_supervisor_shutdown (VigilSupervisor *self,
                           guint            timeout_ms)
{
  Shared *shared;
  gint64 deadline;
  gboolean done;

  g_return_val_if_fail (VIGIL_IS_SUPERVISOR (self), FALSE);

  if (self->worker == NULL)
    return TRUE;

  shared = self->shared;
  deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  g_cancellable_cancel (shared->cancellable);
  submit (self, JOB_QUIT, NULL, NULL, NULL);

  g_mutex_lock (&shared->done_lock);
  while (!shared->worker_done)
    if (!g_cond_wait_until (&shared->done_cond, &shared->done_lock, deadline))
      break;
  done = shared->worker_done;
  g_mutex_unlock (&shared->done_lock);

  if (done)
    g_thread_join (g_steal_pointer (&self->worker));
  else
    {
      g_debug ("The session worker did not end within %u ms; leaving it", timeout_ms);
      g_thread_unref (g_steal_pointer (&self->worker));
    }

  done = wait_reaper (shared, (guint) MAX (0, (deadline - g_get_monotonic_time ()) / 1000)) && done;
  /* Finished tasks are gone; one still running keeps its own references. */
  g_thread_pool_free (g_steal_pointer (&shared->reaper), FALSE, done);

  self->state = VIGIL_SUPERVISOR_IDLE;
  return done;
}

void
vigil_supervisor_get_watchdog (VigilSupervisor *self,
                               guint           *frame_intervals,
                               guint           *margin_ms)
{
  g_return_if_fail (VIGIL_IS_SUPERVISOR (self));
  *frame_intervals = g_atomic_int_get (&self->shared->watchdog_intervals);
  *margin_ms = g_atomic_int_get (&self->shared->watchdog_margin_ms);
}

void
vigil_supervisor_get_backoff (VigilSupervisor *self,
                              guint           *initial_ms,
                              guint           *max_ms)
{
  g_return_if_fail (VIGIL_IS_SUPERVISOR (self));
  *initial_ms = g_atomic_int_get (&self->shared->backoff_initial_ms);
  *max_ms = g_atomic_int_get (&self->shared->backoff_max_ms);
}

/* For many simulated cameras at once (vigil-soak): stream over plain UDP
 * on loopback, without a packet socket.  Applies to the next session. */
void
vigil_supervisor_set_plain_udp (VigilSupervisor *self,
                                gboolean         plain_udp)
{
  g_return_if_fail (VIGIL_IS_SUPERVISOR (self));
  g_atomic_int_set (&self->shared->plain_udp, !!plain_udp);
}

/* Whether no lost session is still being torn down. */
gboolean
vigil_supervisor_is_quiescent (VigilSupervisor *self)
{
  g_return_val_if_fail (VIGIL_IS_SUPERVISOR (self), FALSE);
  return g_atomic_int_get (&self->shared->reaping) == 0;
}

VigilSupervisorState
vigil_supervisor_get_state (VigilSupervisor *self)
{
  g_return_val_if_fail (VIGIL_IS_SUPERVISOR (self), VIGIL_SUPERVISOR_IDLE);
  return self->state;
}

const char *
vigil_supervisor_get_camera_id (VigilSupervisor *self)
{
  g_return_val_if_fail (VIGIL_IS_SUPERVISOR (self), NULL);
  return self->camera_id;
}

/**
 * vigil_supervisor_get_message:
 *
 * Returns: (nullable): what is going on, in words, while recovering
 */
const char *
vigil_supervisor_get_message (VigilSupervisor *self)
{
  g_return_val_if_fail (VIGIL_IS_SUPERVISOR (self), NULL);
  return self->message;
}

guint64
vigil_supervisor_get_reconnects (VigilSupervisor *self)
{
  g_return_val_if_fail (VIGIL_IS_SUPERVISOR (self), 0);
  return self->reconnects;
}

/**
 * vigil_supervisor_get_controls:
 *
 * Returns: (transfer none) (nullable): the controls of the open camera
 */
VigilControls *
vigil_supervisor_get_controls (VigilSupervisor *self)
{
  g_return_val_if_fail (VIGIL_IS_SUPERVISOR (self), NULL);
  return self->controls;
}

/**
 * vigil_supervisor_get_last_error:
 *
 * Returns: (transfer none) (nullable): the newest error
 */
const GError *
vigil_supervisor_get_last_error (VigilSupervisor *self)
{
  g_return_val_if_fail (VIGIL_IS_SUPERVISOR (self), NULL);
  return self->last_error;
}

/**
 * vigil_supervisor_get_sink:
 *
 * Returns: (transfer none): where the frames of every session arrive
 */
VigilFrameSink *
vigil_supervisor_get_sink (VigilSupervisor *self)
{
  g_return_val_if_fail (VIGIL_IS_SUPERVISOR (self), NULL);
  return self->shared->sink;
}

/**
 * vigil_supervisor_get_stream_stats:
 *
 * Returns: (transfer none): Aravis's statistics of the current stream,
 *   read on the worker every second; any thread
 */
VigilStreamStats *
vigil_supervisor_get_stream_stats (VigilSupervisor *self)
{
  g_return_val_if_fail (VIGIL_IS_SUPERVISOR (self), NULL);
  return self->shared->stream_stats;
}

/**
 * vigil_supervisor_get_diagnostics:
 *
 * Returns: (transfer none): the diagnostics the sessions record into
 */
VigilDiagnostics *
vigil_supervisor_get_diagnostics (VigilSupervisor *self)
{
  g_return_val_if_fail (VIGIL_IS_SUPERVISOR (self), NULL);
  return self->shared->diagnostics;
}

/* Executes the camera's software trigger; a refusal comes back as
 * #VigilSupervisor::error in the camera's own words.  A trigger asked for
 * while the previous one has not run yet is dropped: on a frozen camera
 * each blocks the worker 2.5 s, and a queue of them would keep the
 * liveness monitor from noticing the freeze. */
void
vigil_supervisor_trigger (VigilSupervisor *self)
{
  g_return_if_fail (VIGIL_IS_SUPERVISOR (self));
  if (self->worker == NULL || !g_atomic_int_compare_and_exchange (&self->shared->trigger_queued, FALSE, TRUE))
    return;
  submit (self, JOB_TRIGGER, NULL, NULL, NULL);
}

/* Starts the next acquisition after a SingleFrame/MultiFrame one completed. */
void
vigil_supervisor_acquire (VigilSupervisor *self)
{
  g_return_if_fail (VIGIL_IS_SUPERVISOR (self));
  submit (self, JOB_ACQUIRE, NULL, NULL, NULL);
}

/* How often the control channel is probed; applies to the next session. */
void
vigil_supervisor_set_probe_interval (VigilSupervisor *self,
                                     guint            interval_ms)
{
  g_return_if_fail (VIGIL_IS_SUPERVISOR (self));
  g_atomic_int_set (&self->shared->probe_interval_ms, MAX (50, interval_ms));
}

guint
vigil_supervisor_get_probe_interval (VigilSupervisor *self)
{
  g_return_val_if_fail (VIGIL_IS_SUPERVISOR (self), 0);
  return g_atomic_int_get (&self->shared->probe_interval_ms);
}

VigilLivenessState
vigil_supervisor_get_liveness (VigilSupervisor *self)
{
  g_return_val_if_fail (VIGIL_IS_SUPERVISOR (self), VIGIL_LIVENESS_STREAMING);
  return self->liveness;
}

guint64
vigil_supervisor_get_stream_restarts (VigilSupervisor *self)
{
  g_return_val_if_fail (VIGIL_IS_SUPERVISOR (self), 0);
  return self->stream_restarts;
}

guint64
vigil_supervisor_get_triggers (VigilSupervisor *self)
{
  g_return_val_if_fail (VIGIL_IS_SUPERVISOR (self), 0);
  return self->triggers;
}

/* Main thread: frames shown so far, and the monotonic time of the newest
 * (0 before the first). */
guint64
vigil_supervisor_get_frames_shown (VigilSupervisor *self,
                                   gint64          *last_us)
{
  g_return_val_if_fail (VIGIL_IS_SUPERVISOR (self), 0);
  if (last_us != NULL)
    *last_us = self->last_frame_us;
  return self->frames_shown;
}

/**
 * vigil_supervisor_dup_liveness_label:
 *
 * The streaming session's liveness in words: "Waiting for trigger (last
 * frame 42 s ago)", "Acquisition complete", …; %NULL while it is simply
 * streaming or no session streams.  Main thread.
 *
 * Returns: (transfer full) (nullable): the words
 */
char *
vigil_supervisor_dup_liveness_label (VigilSupervisor *self)
{
  g_return_val_if_fail (VIGIL_IS_SUPERVISOR (self), NULL);

  if (self->state != VIGIL_SUPERVISOR_STREAMING)
    return NULL;
  switch (self->liveness)
    {
    case VIGIL_LIVENESS_WAITING_FOR_TRIGGER:
      if (self->last_frame_us == 0)
        return g_strdup (_("Waiting for trigger (no frame yet)"));
      /* Translators: how long ago the newest frame came, in seconds. */
      return g_strdup_printf (_("Waiting for trigger (last frame %" PRId64 " s ago)"),
                              (g_get_monotonic_time () - self->last_frame_us) / G_USEC_PER_SEC);
    case VIGIL_LIVENESS_ACQUISITION_COMPLETE:
      return g_strdup (_("Acquisition complete"));
    case VIGIL_LIVENESS_STREAM_STALLED:
      return g_strdup (_("Stream stalled — checking the camera"));
    case VIGIL_LIVENESS_STREAMING:
    case VIGIL_LIVENESS_LOST:
    default:
      return NULL;
    }
}
