/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-snapshot"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <arv.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vigil-atomic-file.h"
#include "vigil-error.h"
#include "vigil-json.h"
#include "vigil-snapshot-private.h"
#include "vigil-snapshot.h"

/* The diagnostic snapshot (DESIGN.md "Snapshot", docs/snapshot.md): one
 * JSON document built from the diagnostics objects and the values the
 * caller hands in, and written atomically.  The human summary lives in
 * vigil-snapshot-explain.c. */


/* A limit: an integer, "unlimited", or null when unknown. */
static void
add_limit (JsonBuilder *builder,
           const char  *key,
           gint64       value)
{
  if (value == G_MAXINT64)
    {
      json_builder_set_member_name (builder, key);
      json_builder_add_string_value (builder, "unlimited");
    }
  else
    vigil_json_add_figure (builder, key, value);
}

static char *
format_utc (gint64 wall_us)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (wall_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) precise = NULL;

  if (time == NULL)
    return NULL;
  precise = g_date_time_add (time, wall_us % G_USEC_PER_SEC);
  return g_date_time_format (precise, "%Y-%m-%dT%H:%M:%S.%fZ");
}

/* ---- Sections --------------------------------------------------------- */

static void
add_app (JsonBuilder               *builder,
         const VigilSnapshotSource *source)
{
  g_autofree char *glib = g_strdup_printf ("%u.%u.%u", glib_major_version, glib_minor_version,
                                           glib_micro_version);
  g_autofree char *aravis = g_strdup_printf ("%u.%u.%u", arv_get_major_version (),
                                             arv_get_minor_version (), arv_get_micro_version ());

  json_builder_set_member_name (builder, "app");
  json_builder_begin_object (builder);
  vigil_json_add_string (builder, "name", "vigil");
  vigil_json_add_string (builder, "version", PACKAGE_VERSION);
  vigil_json_add_string (builder, "gtk", source->gtk_version);
  vigil_json_add_string (builder, "glib", glib);
  vigil_json_add_string (builder, "aravis", aravis);
  vigil_json_add_string (builder, "json_glib", JSON_VERSION_S);
  json_builder_end_object (builder);
}

static void
add_host (JsonBuilder *builder)
{
  struct utsname names;
  gboolean have_uname = uname (&names) == 0;

  json_builder_set_member_name (builder, "host");
  json_builder_begin_object (builder);
  vigil_json_add_string (builder, "hostname", g_get_host_name ());
  vigil_json_add_string (builder, "os", have_uname ? names.sysname : NULL);
  vigil_json_add_string (builder, "kernel", have_uname ? names.release : NULL);
  vigil_json_add_string (builder, "kernel_build", have_uname ? names.version : NULL);
  vigil_json_add_string (builder, "machine", have_uname ? names.machine : NULL);
  vigil_json_add_int (builder, "pid", getpid ());
  json_builder_end_object (builder);
}

static void
add_process (JsonBuilder *builder,
             VigilProbe  *probe)
{
  g_autoptr(VigilProbeSample) sample = vigil_probe_sample (probe, VIGIL_PROBE_ALL);

  json_builder_set_member_name (builder, "process");
  json_builder_begin_object (builder);
  vigil_json_add_string (builder, "backend", vigil_probe_get_backend_name (probe));
  vigil_json_add_int (builder, "sampled_us", sample->wall_us);
  vigil_json_add_figure (builder, "open_fds", sample->open_fds);
  json_builder_set_member_name (builder, "fds_by_kind");
  json_builder_begin_object (builder);
  for (guint kind = 0; kind < VIGIL_N_FD_KINDS; kind++)
    vigil_json_add_figure (builder, vigil_fd_kind_to_string (kind), sample->fds_by_kind[kind]);
  json_builder_end_object (builder);
  vigil_json_add_figure (builder, "threads", sample->threads);
  vigil_json_add_figure (builder, "private_bytes", sample->private_bytes);
  vigil_json_add_figure (builder, "rss_bytes", sample->rss_bytes);
  vigil_json_add_figure (builder, "rss_anon_bytes", sample->rss_anon_bytes);
  add_limit (builder, "fd_soft_limit", sample->fd_soft_limit);
  add_limit (builder, "fd_hard_limit", sample->fd_hard_limit);

  json_builder_set_member_name (builder, "fds");
  json_builder_begin_array (builder);
  for (guint i = 0; sample->fds != NULL && i < sample->fds->len; i++)
    {
      const VigilFdEntry *entry = &g_array_index (sample->fds, VigilFdEntry, i);

      json_builder_begin_object (builder);
      vigil_json_add_int (builder, "fd", entry->fd);
      vigil_json_add_string (builder, "kind", vigil_fd_kind_to_string (vigil_fd_kind_from_target (entry->target)));
      vigil_json_add_string (builder, "target", entry->target);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
add_settings (JsonBuilder *builder,
              GVariant    *settings)
{
  json_builder_set_member_name (builder, "settings");
  if (settings != NULL && g_variant_is_of_type (settings, G_VARIANT_TYPE_VARDICT))
    {
      g_autoptr(JsonNode) node = json_gvariant_serialize (settings);

      json_builder_add_value (builder, vigil_json_sanitize_node (node));
    }
  else
    {
      if (settings != NULL)
        g_debug ("Settings of type %s are not a{sv}; written as {}", g_variant_get_type_string (settings));
      json_builder_begin_object (builder);
      json_builder_end_object (builder);
    }
}

static void
add_camera (JsonBuilder               *builder,
            const VigilSnapshotSource *source)
{
  const VigilControls *controls = source->controls;
  const VigilFrameCounts *counts = source->counts;
  const char *id = source->camera_id;

  if (id == NULL && controls != NULL)
    id = controls->device_id;

  json_builder_set_member_name (builder, "camera");
  json_builder_begin_object (builder);
  vigil_json_add_string (builder, "id", id);
  vigil_json_add_string (builder, "device_id", controls ? controls->device_id : NULL);
  vigil_json_add_string (builder, "vendor", controls ? controls->vendor : NULL);
  vigil_json_add_string (builder, "model", controls ? controls->model : NULL);
  vigil_json_add_string (builder, "serial", controls ? controls->serial : NULL);
  vigil_json_add_string (builder, "pixel_format", controls ? controls->pixel_format : NULL);
  vigil_json_add_figure (builder, "width", controls ? controls->width : -1);
  vigil_json_add_figure (builder, "height", controls ? controls->height : -1);
  vigil_json_add_double (builder, "frame_rate", controls && controls->has_frame_rate ? controls->frame_rate : NAN);

  json_builder_set_member_name (builder, "stream");
  if (counts != NULL)
    {
      json_builder_begin_object (builder);
      vigil_json_add_int (builder, "received", (gint64) counts->received);
      vigil_json_add_int (builder, "received_bytes", (gint64) counts->received_bytes);
      vigil_json_add_int (builder, "failed", (gint64) counts->failed);
      vigil_json_add_int (builder, "displayed", (gint64) counts->displayed);
      vigil_json_add_int (builder, "dropped", (gint64) counts->dropped);
      vigil_json_add_int (builder, "missing_packets", (gint64) counts->missing_packets);
      vigil_json_add_int (builder, "resent_packets", (gint64) counts->resent_packets);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  vigil_snapshot_add_stream_stats (builder, source->stream_stats);
  json_builder_end_object (builder);
}

static void
add_error (JsonBuilder  *builder,
           const char   *key,
           const GError *error)
{
  json_builder_set_member_name (builder, key);
  if (error == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  vigil_json_add_string (builder, "domain", g_quark_to_string (error->domain));
  vigil_json_add_int (builder, "code", error->code);
  vigil_json_add_string (builder, "message", error->message);
  json_builder_end_object (builder);
}

static void
add_supervisor (JsonBuilder               *builder,
                const VigilSnapshotSource *source)
{
  json_builder_set_member_name (builder, "supervisor");
  json_builder_begin_object (builder);
  vigil_json_add_string (builder, "state", source->state);
  vigil_json_add_int (builder, "reconnects", (gint64) source->reconnects);
  vigil_json_add_string (builder, "liveness", source->liveness);
  vigil_json_add_figure (builder, "stream_restarts",
                         source->liveness != NULL ? (gint64) MIN (source->stream_restarts, G_MAXINT64) : -1);
  vigil_json_add_figure (builder, "triggers",
                         source->liveness != NULL ? (gint64) MIN (source->triggers, G_MAXINT64) : -1);
  add_error (builder, "last_error", source->last_error);
  json_builder_end_object (builder);
}

static void
add_metric (JsonBuilder              *builder,
            const VigilMetricVerdict *metric)
{
  json_builder_begin_object (builder);
  vigil_json_add_string (builder, "status", vigil_verdict_status_to_string (metric->status));
  vigil_json_add_bool (builder, "valid", metric->valid);
  vigil_json_add_int (builder, "n", metric->n);
  vigil_json_add_double (builder, "baseline", metric->baseline);
  vigil_json_add_double (builder, "current", metric->current);
  vigil_json_add_double (builder, "slope", metric->slope);
  vigil_json_add_double (builder, "theil_sen", metric->theil_sen);
  vigil_json_add_double (builder, "theil_sen_lower", metric->theil_sen_lower);
  vigil_json_add_double (builder, "mann_kendall_z", metric->mk_z);
  vigil_json_add_double (builder, "mann_kendall_p", metric->mk_p);
  json_builder_end_object (builder);
}

static gdouble
days_or_nan (gdouble days)
{
  return days >= 0 && !isinf (days) ? days : NAN;
}

/**
 * vigil_snapshot_add_memory_judgement:
 * @pages: the name of the pages figure, translated ("private", "resident")
 * @step: what one step is, translated ("reconnect", "cycle")
 * @steps: steps the trend covers
 *
 * The "memory" member of a verdict (docs/snapshot.md): which signal decided
 * the memory word, the figures and the reason in words.  Also for
 * vigil-soak's report.
 */
void
vigil_snapshot_add_memory_judgement (JsonBuilder                *builder,
                      const VigilMemoryJudgement *judgement,
                      const char                 *pages,
                      const char                 *step,
                      guint64                     steps)
{
  g_autofree char *reason = vigil_memory_judgement_describe (judgement, pages, step, steps);

  json_builder_set_member_name (builder, "memory");
  json_builder_begin_object (builder);
  vigil_json_add_string (builder, "status", vigil_verdict_status_to_string (judgement->status));
  vigil_json_add_string (builder, "decided_by", vigil_memory_signal_to_string (judgement->signal));
  vigil_json_add_string (builder, "reason", reason);
  vigil_json_add_double (builder, "heap_bytes_per_step", judgement->heap.slope);
  vigil_json_add_double (builder, "heap_mann_kendall_p", judgement->heap.mk_p);
  vigil_json_add_bool (builder, "heap_single_step", judgement->heap.step);
  vigil_json_add_double (builder, "pages_bytes_per_step", judgement->pages.slope);
  vigil_json_add_double (builder, "pages_mann_kendall_p", judgement->pages.mk_p);
  vigil_json_add_double (builder, "steps_per_day", judgement->steps_per_day > 0 ? judgement->steps_per_day : NAN);
  vigil_json_add_double (builder, "heap_days_to_budget", days_or_nan (judgement->heap_days_to_budget));
  vigil_json_add_double (builder, "budget_bytes", judgement->budget_bytes);
  vigil_json_add_double (builder, "budget_days", judgement->budget_days);
  json_builder_end_object (builder);
}

static void
add_verdict (JsonBuilder  *builder,
             VigilHistory *history)
{
  g_autoptr(VigilVerdict) verdict = vigil_history_get_verdict (history);

  json_builder_set_member_name (builder, "verdict");
  json_builder_begin_object (builder);
  vigil_json_add_string (builder, "status", vigil_verdict_status_to_string (verdict->status));
  vigil_json_add_int (builder, "reconnects", (gint64) verdict->reconnects);
  json_builder_set_member_name (builder, "baseline");
  if (verdict->has_baseline)
    {
      json_builder_begin_object (builder);
      vigil_json_add_int (builder, "reconnects", (gint64) verdict->baseline_reconnects);
      vigil_json_add_int (builder, "wall_us", verdict->baseline_wall_us);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  vigil_json_add_double (builder, "reconnects_per_day", verdict->reconnects_per_day >= 0 ? verdict->reconnects_per_day : NAN);
  add_limit (builder, "fd_soft_limit", verdict->fd_soft_limit);
  vigil_json_add_figure (builder, "open_fds", verdict->open_fds);
  vigil_json_add_double (builder, "time_to_exhaustion_days",
              verdict->time_to_exhaustion_days >= 0 ? verdict->time_to_exhaustion_days : NAN);
  json_builder_set_member_name (builder, "metrics");
  json_builder_begin_object (builder);
  for (guint m = 0; m < VIGIL_N_METRICS; m++)
    {
      json_builder_set_member_name (builder, vigil_metric_to_string (m));
      add_metric (builder, &verdict->metrics[m]);
    }
  json_builder_end_object (builder);
  vigil_snapshot_add_memory_judgement (builder, &verdict->memory, _("private"), _("reconnect"), verdict->reconnects);
  json_builder_end_object (builder);
}

static void
add_points (JsonBuilder  *builder,
            const char   *key,
            VigilHistory *history,
            gboolean      per_reconnect)
{
  g_autoptr(GArray) points = vigil_history_list_points (history, per_reconnect);

  json_builder_set_member_name (builder, key);
  json_builder_begin_array (builder);
  for (guint i = 0; i < points->len; i++)
    {
      const VigilHistoryPoint *point = &g_array_index (points, VigilHistoryPoint, i);

      json_builder_begin_object (builder);
      vigil_json_add_int (builder, "wall_us", point->wall_us);
      vigil_json_add_int (builder, "reconnects", (gint64) point->reconnects);
      for (guint m = 0; m < VIGIL_N_METRICS; m++)
        vigil_json_add_figure (builder, vigil_metric_to_string (m), point->values[m]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_series (JsonBuilder  *builder,
            VigilHistory *history)
{
  json_builder_set_member_name (builder, "series");
  json_builder_begin_object (builder);
  add_points (builder, "periodic", history, FALSE);
  add_points (builder, "per_reconnect", history, TRUE);
  json_builder_end_object (builder);
}

static void
add_resource (JsonBuilder             *builder,
              const VigilResourceInfo *info)
{
  json_builder_begin_object (builder);
  vigil_json_add_int (builder, "id", (gint64) info->id);
  vigil_json_add_string (builder, "kind", vigil_resource_kind_to_string (info->kind));
  vigil_json_add_string (builder, "name", info->name);
  vigil_json_add_string (builder, "owner", info->owner);
  vigil_json_add_string (builder, "create_action", vigil_action_to_string (info->create_action));
  vigil_json_add_string (builder, "close_action", vigil_action_to_string (info->close_action));
  vigil_json_add_string (builder, "create_phase", vigil_phase_to_string (info->create_phase));
  vigil_json_add_int (builder, "created_us", info->created_us);
  vigil_json_add_bool (builder, "closed", info->closed);
  vigil_json_add_string (builder, "close_phase", info->closed ? vigil_phase_to_string (info->close_phase) : NULL);
  vigil_json_add_figure (builder, "closed_us", info->closed ? info->closed_us : -1);
  vigil_json_add_figure (builder, "os_handle", info->os_handle);
  vigil_json_add_string (builder, "os_target", info->os_target);
  json_builder_end_object (builder);
}

static void
add_session (JsonBuilder            *builder,
             VigilLedger            *ledger,
             GPtrArray              *orphans,
             const VigilSessionInfo *session)
{
  g_autoptr(GPtrArray) resources = vigil_ledger_list_resources (ledger, session->id);
  g_autoptr(GArray) pairs = vigil_ledger_get_pairs (ledger, session->id);
  g_autoptr(GArray) fds = vigil_ledger_list_attributed_fds (ledger, session->id);

  json_builder_begin_object (builder);
  vigil_json_add_int (builder, "id", (gint64) session->id);
  vigil_json_add_string (builder, "camera", session->camera);
  vigil_json_add_int (builder, "opened_us", session->opened_us);
  vigil_json_add_figure (builder, "closed_us", session->ended ? session->closed_us : -1);
  vigil_json_add_string (builder, "state", session->ended ? "ended" : "open");
  vigil_json_add_string (builder, "phase", vigil_phase_to_string (session->phase));
  vigil_json_add_int (builder, "open", session->n_open);

  json_builder_set_member_name (builder, "resources");
  json_builder_begin_array (builder);
  for (guint i = 0; i < resources->len; i++)
    add_resource (builder, g_ptr_array_index (resources, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "pairs");
  json_builder_begin_object (builder);
  for (guint i = 0; i < pairs->len; i++)
    {
      const VigilKindPairs *entry = &g_array_index (pairs, VigilKindPairs, i);

      json_builder_set_member_name (builder, vigil_resource_kind_to_string (entry->kind));
      json_builder_begin_object (builder);
      vigil_json_add_int (builder, "created", entry->created);
      vigil_json_add_int (builder, "closed", entry->closed);
      vigil_json_add_int (builder, "open", entry->open);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  /* Still open although the session ended: the leak, by phase and kind. */
  json_builder_set_member_name (builder, "unpaired");
  json_builder_begin_array (builder);
  for (guint i = 0; session->ended && i < resources->len; i++)
    {
      const VigilResourceInfo *info = g_ptr_array_index (resources, i);

      if (!info->closed)
        add_resource (builder, info);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "attributed_fds");
  json_builder_begin_array (builder);
  for (guint i = 0; i < fds->len; i++)
    {
      const VigilFdAttribution *fd = &g_array_index (fds, VigilFdAttribution, i);

      json_builder_begin_object (builder);
      vigil_json_add_string (builder, "phase", vigil_phase_to_string (fd->phase));
      vigil_json_add_int (builder, "fd", fd->fd);
      vigil_json_add_string (builder, "target", fd->target);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  vigil_snapshot_add_session_orphans (builder, orphans, session->id);
  json_builder_end_object (builder);
}

static void
add_sessions (JsonBuilder  *builder,
              VigilLedger  *ledger,
              VigilOrphans *orphans)
{
  g_autoptr(GPtrArray) sessions = vigil_ledger_list_sessions (ledger);
  g_autoptr(GPtrArray) all_orphans = vigil_orphans_list (orphans, 0);

  json_builder_set_member_name (builder, "sessions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sessions->len; i++)
    add_session (builder, ledger, all_orphans, g_ptr_array_index (sessions, i));
  json_builder_end_array (builder);
}

static void
add_faults (JsonBuilder *builder,
            VigilFaults *faults)
{
  g_autoptr(GArray) states = vigil_faults_list (faults);

  json_builder_set_member_name (builder, "faults");
  json_builder_begin_object (builder);
  vigil_json_add_bool (builder, "leak_demo", vigil_faults_get_leak_demo (faults));
  vigil_json_add_int (builder, "seed", vigil_faults_get_seed (faults));
  json_builder_set_member_name (builder, "points");
  json_builder_begin_array (builder);
  for (guint i = 0; i < states->len; i++)
    {
      const VigilFaultState *state = &g_array_index (states, VigilFaultState, i);
      g_autofree char *mode = NULL;

      /* Points that were never armed and never reached say nothing. */
      if (state->mode == VIGIL_FAULT_OFF && state->hits == 0 && state->fired == 0)
        continue;
      mode = vigil_fault_mode_to_string (state);
      json_builder_begin_object (builder);
      vigil_json_add_string (builder, "point", state->point);
      vigil_json_add_string (builder, "mode", mode);
      vigil_json_add_bool (builder, "armed", state->mode != VIGIL_FAULT_OFF);
      vigil_json_add_int (builder, "hits", (gint64) state->hits);
      vigil_json_add_int (builder, "fired", (gint64) state->fired);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
add_events (JsonBuilder *builder,
            VigilEvents *events)
{
  g_autoptr(GPtrArray) ring = vigil_events_list (events);

  json_builder_set_member_name (builder, "events");
  json_builder_begin_array (builder);
  for (guint i = 0; i < ring->len; i++)
    {
      g_autoptr(JsonNode) node = vigil_event_to_json_node (g_ptr_array_index (ring, i));

      json_builder_add_value (builder, vigil_json_sanitize_node (node));
    }
  json_builder_end_array (builder);
}

/* ---- Writing ---------------------------------------------------------- */

/* Sets @error in words for @saved_errno, an errno met while writing. */
static void
set_io_error (int          saved_errno,
              const char  *path,
              GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *reason = vigil_atomic_file_describe_errno (saved_errno, path);

  g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_IO, _("Could not write the snapshot “%s”: %s"), display, reason);
}

/* Writes @data to @path atomically (vigil-atomic-file.c).  Any thread. */
static gboolean
write_data (const char  *path,
            const char  *data,
            gsize        length,
            GError     **error)
{
  int saved_errno = 0;

  if (g_file_test (path, G_FILE_TEST_IS_DIR) || g_str_has_suffix (path, G_DIR_SEPARATOR_S))
    {
      set_io_error (EISDIR, path, error);
      return FALSE;
    }
  if (!vigil_atomic_file_write (path, data, length, &saved_errno))
    {
      set_io_error (saved_errno, path, error);
      return FALSE;
    }
  return TRUE;
}

static char *
to_text (JsonNode *document,
         gsize    *length)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, document);
  return json_generator_to_data (generator, length);
}

typedef struct
{
  char  *path;
  char  *data;
  gsize  length;
} WriteJob;

static void
write_job_free (WriteJob *job)
{
  g_free (job->path);
  g_free (job->data);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WriteJob, write_job_free)

static void
write_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  WriteJob *job = task_data;
  g_autoptr(GError) error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (write_data (job->path, job->data, job->length, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/* ---- Public API ------------------------------------------------------- */

/* The verdict names a leak that the orphans hold (a phase and kind whose
 * handles or threads outlive session after session), as the panel and
 * vigil-soak do: the history's own metrics may not have turned yet (the
 * exact rule waits for three rising windows), and "PASS" beside a named
 * leak would contradict the document. */
static void
raise_verdict_for_orphans (JsonObject *root)
{
  JsonObject *verdict = vigil_json_get_object (root, "verdict");

  if (verdict == NULL || !vigil_snapshot_orphans_leak (root))
    return;
  json_object_set_string_member (verdict, "status", "LEAK");
  json_object_set_string_member (verdict, "raised_by", "orphans");
}

/**
 * vigil_snapshot_build:
 * @source: what to build it from; only @source->diagnostics is required
 *
 * Builds the snapshot document (docs/snapshot.md).  Reads the diagnostics
 * objects and @source only, never the camera.  Any thread, though the
 * values in @source usually come from the main thread.
 *
 * Returns: (transfer full): a JSON object, every string valid UTF-8
 */
JsonNode *
vigil_snapshot_build (const VigilSnapshotSource *source)
{
  JsonNode *document;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *created = NULL;
  VigilDiagnostics *diagnostics;
  gint64 now = g_get_real_time ();

  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (VIGIL_IS_DIAGNOSTICS (source->diagnostics), NULL);

  diagnostics = source->diagnostics;
  created = format_utc (now);

  json_builder_begin_object (builder);
  vigil_json_add_string (builder, "schema", VIGIL_SNAPSHOT_SCHEMA);
  vigil_json_add_string (builder, "created", created);
  vigil_json_add_int (builder, "created_us", now);
  add_app (builder, source);
  add_host (builder);
  add_process (builder, vigil_diagnostics_get_probe (diagnostics));
  add_settings (builder, source->settings);
  add_camera (builder, source);
  add_supervisor (builder, source);
  add_verdict (builder, vigil_diagnostics_get_history (diagnostics));
  add_series (builder, vigil_diagnostics_get_history (diagnostics));
  add_sessions (builder, vigil_diagnostics_get_ledger (diagnostics), vigil_diagnostics_get_orphans (diagnostics));
  vigil_snapshot_add_sessions_dropped (builder, vigil_diagnostics_get_ledger (diagnostics));
  vigil_snapshot_add_orphans (builder, vigil_diagnostics_get_orphans (diagnostics));
  add_faults (builder, vigil_diagnostics_get_faults (diagnostics));
  add_events (builder, vigil_diagnostics_get_events (diagnostics));
  json_builder_end_object (builder);

  document = json_builder_get_root (builder);
  raise_verdict_for_orphans (json_node_get_object (document));
  return document;
}

/**
 * vigil_snapshot_write:
 * @document: a snapshot from vigil_snapshot_build()
 * @path: the file to write, in an existing folder
 *
 * Writes @document atomically: a temp file in the target folder, fsync,
 * rename.  On failure neither @path nor the temp file is left changed or
 * behind, and @error (VIGIL_ERROR_IO) says what happened in words.
 * Blocks; see vigil_snapshot_write_async().
 */
gboolean
vigil_snapshot_write (JsonNode    *document,
                      const char  *path,
                      GError     **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (document != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = to_text (document, &length);
  return write_data (path, data, length, error);
}

/**
 * vigil_snapshot_write_async:
 * @document: a snapshot; serialised before this returns, so the caller may
 *   drop it at once
 * @cancellable: (nullable): cancels the write if it has not started
 *
 * Writes @document like vigil_snapshot_write() on a GTask thread.
 * @callback runs on the caller's thread-default main context.
 */
void
vigil_snapshot_write_async (JsonNode            *document,
                            const char          *path,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(WriteJob) job = g_new0 (WriteJob, 1);

  g_return_if_fail (document != NULL);
  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vigil_snapshot_write_async);
  g_task_set_name (task, "vigil-snapshot-write");
  job->path = g_strdup (path);
  job->data = to_text (document, &job->length);
  g_task_set_task_data (task, g_steal_pointer (&job), (GDestroyNotify) write_job_free);
  g_task_run_in_thread (task, write_in_thread);
}

gboolean
vigil_snapshot_write_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vigil_snapshot_write_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * vigil_snapshot_default_name:
 *
 * Returns: (transfer full): "vigil-snapshot-<host>-<YYYYmmddTHHMMSSZ>.json",
 *   the host name reduced to letters, digits, '-', '_' and '.'
 */
char *
vigil_snapshot_default_name (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  g_autofree char *host = g_strdup (g_get_host_name ());

  for (char *p = host; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      *p = '_';
  return g_strdup_printf ("vigil-snapshot-%s-%s.json", host, stamp);
}

/**
 * vigil_snapshot_default_dir:
 *
 * Returns: (transfer full): $XDG_STATE_HOME/vigil/snapshots (not created)
 */
char *
vigil_snapshot_default_dir (void)
{
  return g_build_filename (g_get_user_state_dir (), "vigil", "snapshots", NULL);
}

/**
 * vigil_snapshot_set_write_fault:
 * @fail_after_bytes: fail every write with ENOSPC after this many bytes;
 *   -1 turns the fault off
 *
 * For tests.  Overrides VIGIL_SNAPSHOT_FAIL_AFTER_BYTES.
 */
void
vigil_snapshot_set_write_fault (gssize fail_after_bytes)
{
  vigil_atomic_file_set_write_fault (fail_after_bytes);
}
