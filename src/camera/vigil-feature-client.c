/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-feature-client"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-feature-client.h"
#include "vigil-feature-settings.h"
#include "vigil-session.h"

/* Feature jobs on the session worker (DESIGN.md "Threads").  Each job
 * holds its GTask; the worker returns the task, and GTask takes the result
 * to the main context the task was made on.  A job the worker never ran
 * (the supervisor shut down) returns "cancelled" when it is freed. */

static guint64 reads;   /* atomic: feature reads made on the worker */

typedef struct
{
  GTask  *task;
  GStrv   names;        /* to read (after the write, for a write) */
  char   *name;         /* to write */
  char   *text;
  gboolean returned;
} Job;

static void
job_free (Job *job)
{
  if (!job->returned)
    g_task_return_new_error (job->task, VIGIL_ERROR, VIGIL_ERROR_CANCELLED, _("The camera was closed"));
  g_clear_object (&job->task);
  g_strfreev (job->names);
  g_free (job->name);
  g_free (job->text);
  g_free (job);
}

static Job *
job_new (GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data,
         gpointer             tag)
{
  Job *job = g_new0 (Job, 1);

  job->task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, tag);
  g_task_set_check_cancellable (job->task, FALSE);
  return job;
}

static ArvGc *
genicam_of (VigilSession  *session,
            GError       **error)
{
  ArvCamera *camera = session ? vigil_session_get_camera (session) : NULL;

  if (camera == NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_NO_CAMERA, _("No camera is streaming"));
      return NULL;
    }
  return arv_device_get_genicam (arv_camera_get_device (camera));
}

static void
job_return_error (Job    *job,
                  GError *error)
{
  job->returned = TRUE;
  g_task_return_error (job->task, error);
}

/* Worker: reads @names in order.  After the first read the camera did not
 * answer, the rest are not tried (each would block the worker 2.5 s): they
 * come back unread, with the reason. */
static GPtrArray *
read_all (ArvGc              *genicam,
          const char * const *names,
          GCancellable       *cancellable)
{
  GPtrArray *values = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_feature_value_free);
  const char *stopped = NULL;

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      VigilFeatureValue *value;

      if (stopped == NULL && g_cancellable_is_cancelled (cancellable))
        stopped = _("Not read: the view no longer shows it");
      if (stopped != NULL)
        {
          value = g_new0 (VigilFeatureValue, 1);
          value->name = g_strdup (names[i]);
          value->error = g_strdup (stopped);
        }
      else
        {
          value = vigil_feature_value_read (genicam, names[i]);
          __atomic_add_fetch (&reads, 1, __ATOMIC_RELAXED);
          if (value->timed_out)
            stopped = _("Not read: the camera did not answer");
        }
      g_ptr_array_add (values, value);
    }
  return values;
}

static void
tree_on_worker (VigilSession    *session,
                VigilFeatureLog *replay,
                gpointer         data)
{
  Job *job = data;
  GError *error = NULL;
  gint64 start = g_get_monotonic_time ();
  ArvGc *genicam = genicam_of (session, &error);
  VigilFeatureTree *tree = genicam ? vigil_feature_tree_build (genicam, &error) : NULL;

  g_debug ("Feature tree built in %" G_GINT64_FORMAT " µs", g_get_monotonic_time () - start);
  if (tree == NULL)
    return job_return_error (job, error);
  job->returned = TRUE;
  g_task_return_pointer (job->task, tree, (GDestroyNotify) vigil_feature_tree_unref);
}

static void
read_on_worker (VigilSession    *session,
                VigilFeatureLog *replay,
                gpointer         data)
{
  Job *job = data;
  GError *error = NULL;
  ArvGc *genicam = genicam_of (session, &error);

  if (genicam == NULL)
    return job_return_error (job, error);
  job->returned = TRUE;
  g_task_return_pointer (job->task, read_all (genicam, (const char * const *) job->names,
                                              g_task_get_cancellable (job->task)),
                         (GDestroyNotify) g_ptr_array_unref);
}

/* Worker: a command is executed, not remembered; any other write goes
 * through the session (which remakes the stream around a size change) and
 * is remembered for the next session when the camera took it. */
static void
write_on_worker (VigilSession    *session,
                 VigilFeatureLog *replay,
                 gpointer         data)
{
  Job *job = data;
  GError *error = NULL;
  g_autoptr(GError) refusal = NULL;
  g_autoptr(GVariant) value = g_variant_ref_sink (g_variant_new_string (job->text));
  ArvGc *genicam = genicam_of (session, &error);
  GPtrArray *values;

  if (genicam == NULL)
    return job_return_error (job, error);
  if (ARV_IS_GC_COMMAND (arv_gc_get_node (genicam, job->name)))
    vigil_feature_value_write_text (genicam, job->name, job->text, &refusal);
  else if (vigil_session_set_feature (session, job->name, value, &refusal))
    vigil_feature_log_set (replay, job->name, value);

  values = read_all (genicam, (const char * const *) job->names, NULL);
  if (refusal != NULL && values->len > 0)
    {
      VigilFeatureValue *written = values->pdata[0];

      written->refusal = g_strdup (refusal->message);
    }
  job->returned = TRUE;
  g_task_return_pointer (job->task, values, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * vigil_feature_client_load_tree_async:
 *
 * Builds the streaming camera's feature tree on the worker.
 */
void
vigil_feature_client_load_tree_async (VigilSupervisor     *supervisor,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  Job *job;

  g_return_if_fail (VIGIL_IS_SUPERVISOR (supervisor));

  job = job_new (cancellable, callback, user_data, vigil_feature_client_load_tree_async);
  vigil_supervisor_run_on_worker (supervisor, tree_on_worker, job, (GDestroyNotify) job_free);
}

/**
 * vigil_feature_client_load_tree_finish:
 *
 * Returns: (transfer full) (nullable): the tree, or %NULL with @error
 */
VigilFeatureTree *
vigil_feature_client_load_tree_finish (GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * vigil_feature_client_read_async:
 * @names: the features to read, in this order
 * @cancellable: (nullable): once cancelled, the names not read yet are
 *   skipped
 */
void
vigil_feature_client_read_async (VigilSupervisor     *supervisor,
                                 const char * const  *names,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  Job *job;

  g_return_if_fail (VIGIL_IS_SUPERVISOR (supervisor));
  g_return_if_fail (names != NULL);

  job = job_new (cancellable, callback, user_data, vigil_feature_client_read_async);
  job->names = g_strdupv ((char **) names);
  vigil_supervisor_run_on_worker (supervisor, read_on_worker, job, (GDestroyNotify) job_free);
}

/**
 * vigil_feature_client_read_finish:
 *
 * Returns: (transfer full) (element-type VigilFeatureValue): one value per
 *   name, in order; %NULL with @error when no camera streams
 */
GPtrArray *
vigil_feature_client_read_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * vigil_feature_client_write_async:
 * @name: the feature to write (or the command to execute)
 * @text: its value in words
 * @reread: (nullable): more features to read after the write (those the
 *   XML says it invalidates)
 */
void
vigil_feature_client_write_async (VigilSupervisor     *supervisor,
                                  const char          *name,
                                  const char          *text,
                                  const char * const  *reread,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  Job *job;

  g_return_if_fail (VIGIL_IS_SUPERVISOR (supervisor));
  g_return_if_fail (name != NULL && text != NULL);

  job = job_new (cancellable, callback, user_data, vigil_feature_client_write_async);
  job->name = g_strdup (name);
  job->text = g_strdup (text);
  g_strv_builder_add (names, name);
  for (guint i = 0; reread != NULL && reread[i] != NULL; i++)
    if (g_strcmp0 (reread[i], name) != 0)
      g_strv_builder_add (names, reread[i]);
  job->names = g_strv_builder_end (names);
  vigil_supervisor_run_on_worker (supervisor, write_on_worker, job, (GDestroyNotify) job_free);
}

/**
 * vigil_feature_client_write_finish:
 *
 * Returns: (transfer full) (element-type VigilFeatureValue): the written
 *   feature read back first (its refusal, in the camera's words, when the
 *   write failed), then the others; %NULL with @error when no camera
 *   streams
 */
GPtrArray *
vigil_feature_client_write_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
save_on_worker (VigilSession    *session,
                VigilFeatureLog *replay,
                gpointer         data)
{
  Job *job = data;
  GError *error = NULL;
  ArvGc *genicam = genicam_of (session, &error);
  g_autoptr(VigilFeatureTree) tree = genicam ? vigil_feature_tree_build (genicam, &error) : NULL;
  guint saved = 0;

  if (tree == NULL ||
      !vigil_feature_settings_save (vigil_session_get_camera (session), tree, job->name, &saved, &error))
    return job_return_error (job, error);
  job->returned = TRUE;
  g_task_return_int (job->task, saved);
}

static void
load_on_worker (VigilSession    *session,
                VigilFeatureLog *replay,
                gpointer         data)
{
  Job *job = data;
  GError *error = NULL;
  GPtrArray *problems;

  if (genicam_of (session, &error) == NULL)
    return job_return_error (job, error);
  if (!(problems = vigil_feature_settings_load (session, replay, job->name, &error)))
    return job_return_error (job, error);
  job->returned = TRUE;
  g_task_return_pointer (job->task, problems, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * vigil_feature_client_save_async:
 * @path: the settings file to write (atomically)
 */
void
vigil_feature_client_save_async (VigilSupervisor     *supervisor,
                                 const char          *path,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  Job *job;

  g_return_if_fail (VIGIL_IS_SUPERVISOR (supervisor));
  g_return_if_fail (path != NULL);

  job = job_new (cancellable, callback, user_data, vigil_feature_client_save_async);
  job->name = g_strdup (path);
  vigil_supervisor_run_on_worker (supervisor, save_on_worker, job, (GDestroyNotify) job_free);
}

/**
 * vigil_feature_client_save_finish:
 * @n_saved: (out) (optional): how many features the file holds
 */
gboolean
vigil_feature_client_save_finish (GAsyncResult  *result,
                                  guint         *n_saved,
                                  GError       **error)
{
  gssize saved;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  saved = g_task_propagate_int (G_TASK (result), error);
  if (saved < 0)
    return FALSE;
  if (n_saved != NULL)
    *n_saved = (guint) saved;
  return TRUE;
}

/**
 * vigil_feature_client_load_async:
 * @path: a settings file, not trusted
 */
void
vigil_feature_client_load_async (VigilSupervisor     *supervisor,
                                 const char          *path,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  Job *job;

  g_return_if_fail (VIGIL_IS_SUPERVISOR (supervisor));
  g_return_if_fail (path != NULL);

  job = job_new (cancellable, callback, user_data, vigil_feature_client_load_async);
  job->name = g_strdup (path);
  vigil_supervisor_run_on_worker (supervisor, load_on_worker, job, (GDestroyNotify) job_free);
}

/**
 * vigil_feature_client_load_finish:
 *
 * Returns: (transfer full) (element-type utf8): what could not be set, in
 *   words (empty when everything was); %NULL with @error when the file
 *   could not be read or no camera streams
 */
GPtrArray *
vigil_feature_client_load_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  char     *name;
  GVariant *value;
} Remember;

static void
remember_free (Remember *remember)
{
  g_free (remember->name);
  g_variant_unref (remember->value);
  g_free (remember);
}

/* Worker: written now when a camera streams (the camera's refusal is an
 * event), and before acquisition in every session opened from now on. */
static void
remember_on_worker (VigilSession    *session,
                    VigilFeatureLog *replay,
                    gpointer         data)
{
  Remember *remember = data;
  g_autoptr(GError) error = NULL;

  vigil_feature_log_set (replay, remember->name, remember->value);
  if (session != NULL && !vigil_session_set_feature (session, remember->name, remember->value, &error))
    g_debug ("%s: %s", remember->name, error->message);
}

/**
 * vigil_feature_client_remember:
 * @value: (transfer none): the value, of the type the feature log takes
 *   (a floating reference is sunk)
 *
 * Adds a feature to those written again at every open (`vigil --feature`),
 * in order, after the writes already queued.
 */
void
vigil_feature_client_remember (VigilSupervisor *supervisor,
                               const char      *name,
                               GVariant        *value)
{
  Remember *remember;

  g_return_if_fail (VIGIL_IS_SUPERVISOR (supervisor));
  g_return_if_fail (name != NULL && value != NULL);

  remember = g_new0 (Remember, 1);
  remember->name = g_strdup (name);
  remember->value = g_variant_ref_sink (value);
  vigil_supervisor_run_on_worker (supervisor, remember_on_worker, remember, (GDestroyNotify) remember_free);
}

/* Feature reads made so far in this process (tests count them). */
guint64
vigil_feature_client_get_reads (void)
{
  return __atomic_load_n (&reads, __ATOMIC_RELAXED);
}
