/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-supervisor"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-post.h"
#include "vigil-session.h"
#include "vigil-supervisor.h"

/* The supervisor of one camera.  Its API and signals belong to the main
 * thread; every call that can touch the camera runs on its own session
 * worker thread, which has a main context of its own.  Requests go to the
 * worker and results come back as idles on the main context: the main
 * thread never waits for a camera (except in shutdown, which joins). */

/* What the worker and the main thread share.  The worker never holds the
 * supervisor itself, only a weak reference through this. */
typedef struct
{
  GMainContext   *main_context;
  GMainContext   *worker_context;
  GMainLoop      *worker_loop;
  GWeakRef        supervisor;
  VigilFrameSink *sink;
  VigilSession   *session;          /* worker thread only */
  guint           generation;       /* atomic: bumped by each open/close request */
} Shared;

static void
shared_clear (Shared *shared)
{
  g_clear_object (&shared->session);
  g_clear_object (&shared->sink);
  g_weak_ref_clear (&shared->supervisor);
  g_clear_pointer (&shared->worker_loop, g_main_loop_unref);
  g_clear_pointer (&shared->worker_context, g_main_context_unref);
  g_clear_pointer (&shared->main_context, g_main_context_unref);
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

typedef enum
{
  JOB_OPEN,
  JOB_CLOSE,
  JOB_SET_FEATURE,
  JOB_QUIT,
} JobKind;

typedef struct
{
  Shared        *shared;
  JobKind        kind;
  guint          generation;
  char          *camera_id;
  char          *feature;
  GVariant      *value;

  /* Result, filled on the worker. */
  gboolean       ok;
  VigilControls *controls;
  GError        *error;
} Job;

static void
job_free (Job *job)
{
  g_clear_pointer (&job->shared, shared_unref);
  g_free (job->camera_id);
  g_free (job->feature);
  g_clear_pointer (&job->value, g_variant_unref);
  g_clear_pointer (&job->controls, vigil_controls_free);
  g_clear_error (&job->error);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

struct _VigilSupervisor
{
  GObject               parent_instance;

  Shared               *shared;
  GThread              *worker;
  VigilSupervisorState  state;
  char                 *camera_id;
  VigilControls        *controls;
  GError               *last_error;
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
  N_PROPS
};

enum {
  CONTROLS_CHANGED,
  ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

const char *
vigil_supervisor_state_to_string (VigilSupervisorState state)
{
  switch (state)
    {
    case VIGIL_SUPERVISOR_IDLE:       return "Idle";
    case VIGIL_SUPERVISOR_OPENING:    return "Opening";
    case VIGIL_SUPERVISOR_STREAMING:  return "Streaming";
    case VIGIL_SUPERVISOR_RECOVERING: return "Recovering";
    case VIGIL_SUPERVISOR_CLOSING:    return "Closing";
    default:                          return "Unknown";
    }
}

static void
set_state (VigilSupervisor      *self,
           VigilSupervisorState  state)
{
  if (self->state == state)
    return;
  g_debug ("State %s → %s", vigil_supervisor_state_to_string (self->state),
           vigil_supervisor_state_to_string (state));
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_controls (VigilSupervisor *self,
              VigilControls   *controls)
{
  g_clear_pointer (&self->controls, vigil_controls_free);
  self->controls = controls;
  g_signal_emit (self, signals[CONTROLS_CHANGED], 0, controls);
}

static void
report_error (VigilSupervisor *self,
              const GError    *error)
{
  g_clear_error (&self->last_error);
  self->last_error = g_error_copy (error);
  g_signal_emit (self, signals[ERROR], 0, error);
}

/* Main thread: a job's result. */
static gboolean
job_done_on_main (gpointer data)
{
  Job *job = data;
  g_autoptr(VigilSupervisor) self = g_weak_ref_get (&job->shared->supervisor);
  gboolean current;

  if (self == NULL)
    return G_SOURCE_REMOVE;

  current = job->generation == (guint) g_atomic_int_get (&job->shared->generation);

  switch (job->kind)
    {
    case JOB_OPEN:
      if (!current)
        break;
      if (job->ok)
        {
          set_controls (self, g_steal_pointer (&job->controls));
          set_state (self, VIGIL_SUPERVISOR_STREAMING);
        }
      else
        {
          set_state (self, VIGIL_SUPERVISOR_IDLE);
          report_error (self, job->error);
        }
      break;

    case JOB_CLOSE:
      if (current)
        set_state (self, VIGIL_SUPERVISOR_IDLE);
      break;

    case JOB_SET_FEATURE:
      if (job->controls != NULL)
        set_controls (self, g_steal_pointer (&job->controls));
      if (!job->ok)
        report_error (self, job->error);
      break;

    case JOB_QUIT:
    default:
      break;
    }

  return G_SOURCE_REMOVE;
}

static void
close_session (Shared *shared)
{
  g_autoptr(VigilSession) session = g_steal_pointer (&shared->session);

  if (session != NULL)
    vigil_session_close (session);
}

/* Worker thread. */
static gboolean
job_run_on_worker (gpointer data)
{
  g_autoptr(Job) job = data;
  Shared *shared = job->shared;
  g_autoptr(GError) error = NULL;

  switch (job->kind)
    {
    case JOB_OPEN:
      close_session (shared);
      /* A newer request already replaced this one: do not open. */
      if (job->generation != (guint) g_atomic_int_get (&shared->generation))
        return G_SOURCE_REMOVE;
      shared->session = vigil_session_open (job->camera_id, shared->sink, &error);
      if (shared->session != NULL)
        job->controls = vigil_session_read_controls (shared->session, &error);
      job->ok = shared->session != NULL && job->controls != NULL;
      if (!job->ok)
        close_session (shared);
      break;

    case JOB_CLOSE:
      close_session (shared);
      job->ok = TRUE;
      break;

    case JOB_SET_FEATURE:
      if (shared->session == NULL)
        {
          g_set_error (&error, VIGIL_ERROR, VIGIL_ERROR_NO_CAMERA, _("No camera is open"));
          break;
        }
      job->ok = vigil_session_set_feature (shared->session, job->feature, job->value, &error);
      /* Re-read so the controls show what the camera really took. */
      job->controls = vigil_session_read_controls (shared->session, NULL);
      break;

    case JOB_QUIT:
    default:
      close_session (shared);
      g_main_loop_quit (shared->worker_loop);
      return G_SOURCE_REMOVE;
    }

  job->error = g_steal_pointer (&error);
  vigil_post (shared->main_context, job_done_on_main, g_steal_pointer (&job), (GDestroyNotify) job_free);
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
  g_main_context_pop_thread_default (shared->worker_context);

  return NULL;
}

static void
submit (VigilSupervisor *self,
        Job             *job)
{
  job->shared = shared_ref (self->shared);
  /* The job is owned by job_run_on_worker (), which always runs: the
   * worker drains its context before it ends. */
  vigil_post (self->shared->worker_context, job_run_on_worker, job, NULL);
}

static Job *
job_new (JobKind kind)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  return job;
}

static void
vigil_supervisor_dispose (GObject *object)
{
  VigilSupervisor *self = (VigilSupervisor *) object;

  vigil_supervisor_shutdown (self);

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
  self->shared = g_atomic_rc_box_new0 (Shared);
  self->shared->main_context = g_main_context_ref_thread_default ();
  self->shared->worker_context = g_main_context_new ();
  self->shared->worker_loop = g_main_loop_new (self->shared->worker_context, FALSE);
  self->shared->sink = vigil_frame_sink_new (self->shared->main_context);
  g_weak_ref_init (&self->shared->supervisor, self);

  self->worker = g_thread_new ("vigil-session", worker_thread, shared_ref (self->shared));
}

/**
 * vigil_supervisor_new:
 *
 * Creates a supervisor whose signals are emitted on the thread-default
 * main context of the caller.
 *
 * Returns: (transfer full): a new supervisor
 */
VigilSupervisor *
vigil_supervisor_new (void)
{
  return g_object_new (VIGIL_TYPE_SUPERVISOR, NULL);
}

/**
 * vigil_supervisor_open:
 * @camera_id: (nullable): an Aravis device id or an IP address; %NULL for
 *   the first camera found
 *
 * Closes the current session, if any, and opens @camera_id.  Returns at
 * once; watch #VigilSupervisor:state and #VigilSupervisor::error.
 */
void
vigil_supervisor_open (VigilSupervisor *self,
                       const char      *camera_id)
{
  Job *job;

  g_return_if_fail (VIGIL_IS_SUPERVISOR (self));

  if (g_strcmp0 (self->camera_id, camera_id) != 0)
    {
      g_free (self->camera_id);
      self->camera_id = g_strdup (camera_id);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAMERA_ID]);
    }

  job = job_new (JOB_OPEN);
  job->camera_id = g_strdup (camera_id);
  job->generation = (guint) g_atomic_int_add (&self->shared->generation, 1) + 1;
  set_state (self, VIGIL_SUPERVISOR_OPENING);
  submit (self, job);
}

void
vigil_supervisor_close (VigilSupervisor *self)
{
  Job *job;

  g_return_if_fail (VIGIL_IS_SUPERVISOR (self));

  if (self->worker == NULL)
    return;
  job = job_new (JOB_CLOSE);
  job->generation = (guint) g_atomic_int_add (&self->shared->generation, 1) + 1;
  set_state (self, VIGIL_SUPERVISOR_CLOSING);
  submit (self, job);
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
  Job *job;

  g_return_if_fail (VIGIL_IS_SUPERVISOR (self));
  g_return_if_fail (feature != NULL && value != NULL);

  if (self->worker == NULL)
    return;
  job = job_new (JOB_SET_FEATURE);
  job->feature = g_strdup (feature);
  job->value = g_variant_ref_sink (value);
  submit (self, job);
}

/**
 * vigil_supervisor_shutdown:
 *
 * Closes the session and joins the worker thread.  Blocks for as long as
 * the close takes (about 7.5 s on a frozen camera).  Idempotent.
 */
void
vigil_supervisor_shutdown (VigilSupervisor *self)
{
  g_return_if_fail (VIGIL_IS_SUPERVISOR (self));

  if (self->worker == NULL)
    return;

  g_atomic_int_inc (&self->shared->generation);
  submit (self, job_new (JOB_QUIT));
  g_thread_join (g_steal_pointer (&self->worker));
  self->state = VIGIL_SUPERVISOR_IDLE;
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
