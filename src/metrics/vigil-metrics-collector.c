/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-metrics-collector"

#include "config.h"

#include <arv.h>
#include <math.h>
#include <string.h>

#include "vigil-metrics-collector.h"
#include "vigil-metrics-process.h"

#define MAX_CAMERAS 64        /* label values kept; more go to camera="other" */

/* Turns each sample the periodic sampler publishes (vigil_diagnostics_
 * publish_sample) into VigilMetricsFigures and puts them on the board.
 * Main thread only: it reads the supervisors' published state, which is
 * the main thread's, and the thread-safe ledger, history and faults; it
 * never samples the process again and never calls a camera.
 *
 * Counters are kept per camera label and summed over every supervisor
 * that served that camera, from the differences between two publications,
 * so a supervisor replaced by vigil-soak does not reset them. */

typedef struct
{
  guint64               reconnects;
  guint64               sessions;
  guint64               stream_restarts;
  guint64               triggers;
  gboolean              has_state;
  VigilSupervisorState  state;
} CameraTotals;

typedef struct
{
  GWeakRef          supervisor;
  guint64           reconnects;
  guint64           stream_restarts;
  guint64           triggers;
  VigilFrameCounts  counts;
} Source;

struct _VigilMetricsCollector
{
  GObject                      parent_instance;

  VigilDiagnostics            *diagnostics;
  VigilMetricsBoard           *board;
  GPtrArray                   *sources;        /* (element-type Source) */
  GPtrArray                   *added;          /* (element-type GWeakRef) */
  GHashTable                  *cameras;        /* label → CameraTotals */
  VigilMetricsSupervisorsFunc  supervisors_func;
  gpointer                     supervisors_data;
  guint64                      frames_received;
  guint64                      frames_shown;
  guint64                      failed_buffers;
  guint64                      missing_packets;
  guint64                      resent_packets;
  gdouble                      start_time;
  char                        *aravis_version;
};

G_DEFINE_FINAL_TYPE (VigilMetricsCollector, vigil_metrics_collector, G_TYPE_OBJECT)

static void
source_free (gpointer data)
{
  Source *source = data;

  g_weak_ref_clear (&source->supervisor);
  g_free (source);
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/* A label value: valid UTF-8, at most VIGIL_METRICS_LABEL_MAX bytes. */
static char *
make_label (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text ? text : "", -1);
  const char *end = valid;

  while (*end != '\0')
    {
      const char *next = g_utf8_next_char (end);

      if (next - valid > VIGIL_METRICS_LABEL_MAX)
        break;
      end = next;
    }
  return g_strndup (valid, end - valid);
}

static CameraTotals *
camera_totals (VigilMetricsCollector *self,
               const char            *camera)
{
  g_autofree char *label = make_label (camera);
  CameraTotals *totals = g_hash_table_lookup (self->cameras, label);

  if (totals != NULL)
    return totals;
  if (g_hash_table_size (self->cameras) >= MAX_CAMERAS)
    {
      g_free (label);
      label = g_strdup ("other");
      if ((totals = g_hash_table_lookup (self->cameras, label)) != NULL)
        return totals;
    }
  totals = g_new0 (CameraTotals, 1);
  g_hash_table_insert (self->cameras, g_steal_pointer (&label), totals);
  return totals;
}

/* Sessions are counted from their OpenStart events, every one of them. */
static void
on_event_added (VigilMetricsCollector *self,
                VigilEvent            *event)
{
  if (event->event == VIGIL_EVENT_CAMERA_SESSION && event->phase == VIGIL_PHASE_OPEN_START)
    camera_totals (self, event->camera)->sessions++;
}

static void
on_sample (VigilDiagnostics       *diagnostics,
           const VigilProbeSample *sample,
           gpointer                user_data)
{
  g_autoptr(VigilMetricsCollector) self = g_weak_ref_get (user_data);

  if (self != NULL)
    vigil_metrics_collector_publish (self, sample);
}

static Source *
find_source (VigilMetricsCollector *self,
             VigilSupervisor       *supervisor)
{
  Source *source;

  for (guint i = 0; i < self->sources->len; i++)
    {
      g_autoptr(VigilSupervisor) known = g_weak_ref_get (&((Source *) g_ptr_array_index (self->sources, i))->supervisor);

      if (known == supervisor)
        return g_ptr_array_index (self->sources, i);
    }
  source = g_new0 (Source, 1);
  g_weak_ref_init (&source->supervisor, supervisor);
  g_ptr_array_add (self->sources, source);
  return source;
}

static guint64
delta (guint64 now,
       guint64 before)
{
  return now >= before ? now - before : now;   /* a reset counts from 0 */
}

/* Adds what @supervisor did since the last publication to its camera. */
static void
account_supervisor (VigilMetricsCollector *self,
                    VigilSupervisor       *supervisor)
{
  Source *source = find_source (self, supervisor);
  const char *camera = vigil_supervisor_get_camera_id (supervisor);
  guint64 reconnects = vigil_supervisor_get_reconnects (supervisor);
  guint64 restarts = vigil_supervisor_get_stream_restarts (supervisor);
  guint64 triggers = vigil_supervisor_get_triggers (supervisor);
  VigilFrameCounts counts = { 0 };
  CameraTotals *totals;

  vigil_frame_sink_get_counts (vigil_supervisor_get_sink (supervisor), &counts);
  self->frames_received += delta (counts.received, source->counts.received);
  self->frames_shown += delta (counts.displayed, source->counts.displayed);
  self->failed_buffers += delta (counts.failed, source->counts.failed);
  self->missing_packets += delta (counts.missing_packets, source->counts.missing_packets);
  self->resent_packets += delta (counts.resent_packets, source->counts.resent_packets);
  source->counts = counts;
  if (camera == NULL)
    return;

  totals = camera_totals (self, camera);
  totals->reconnects += delta (reconnects, source->reconnects);
  source->reconnects = reconnects;
  totals->stream_restarts += delta (restarts, source->stream_restarts);
  source->stream_restarts = restarts;
  totals->triggers += delta (triggers, source->triggers);
  source->triggers = triggers;
  totals->has_state = TRUE;
  totals->state = vigil_supervisor_get_state (supervisor);
}

static GPtrArray *
list_supervisors (VigilMetricsCollector *self)
{
  g_autoptr(GPtrArray) supervisors = NULL;

  if (self->supervisors_func != NULL)
    supervisors = self->supervisors_func (self->supervisors_data);
  if (supervisors == NULL)
    supervisors = g_ptr_array_new ();
  g_ptr_array_set_free_func (supervisors, NULL);
  for (guint i = 0; i < self->added->len; i++)
    {
      VigilSupervisor *supervisor = g_weak_ref_get (g_ptr_array_index (self->added, i));

      /* The caller keeps its supervisor alive; drop our extra ref now. */
      if (supervisor != NULL)
        {
          g_ptr_array_add (supervisors, supervisor);
          g_object_unref (supervisor);
        }
    }
  return g_steal_pointer (&supervisors);
}

static void
collect_cameras (VigilMetricsCollector *self,
                 VigilMetricsFigures   *figures)
{
  g_autoptr(GPtrArray) supervisors = list_supervisors (self);
  GHashTableIter iter;
  gpointer key, value;

  /* States are only those of supervisors serving a camera now. */
  g_hash_table_iter_init (&iter, self->cameras);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    ((CameraTotals *) value)->has_state = FALSE;
  for (guint i = 0; i < supervisors->len; i++)
    account_supervisor (self, g_ptr_array_index (supervisors, i));
  /* Forget the supervisors that are gone (their counts stay summed). */
  for (guint i = self->sources->len; i > 0; i--)
    {
      g_autoptr(VigilSupervisor) alive = g_weak_ref_get (&((Source *) g_ptr_array_index (self->sources, i - 1))->supervisor);

      if (alive == NULL)
        g_ptr_array_remove_index_fast (self->sources, i - 1);
    }

  g_hash_table_iter_init (&iter, self->cameras);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const CameraTotals *totals = value;
      VigilMetricsCamera camera = {
        .camera = g_strdup (key),
        .reconnects = totals->reconnects,
        .sessions = totals->sessions,
        .stream_restarts = totals->stream_restarts,
        .triggers = totals->triggers,
        .has_state = totals->has_state,
        .state = totals->state,
      };

      g_array_append_val (figures->cameras, camera);
    }
  figures->frames_received = self->frames_received;
  figures->frames_shown = self->frames_shown;
  figures->failed_buffers = self->failed_buffers;
  figures->missing_packets = self->missing_packets;
  figures->resent_packets = self->resent_packets;
}

static void
collect_unpaired (VigilMetricsCollector *self,
                  VigilMetricsFigures   *figures)
{
  VigilLedger *ledger = vigil_diagnostics_get_ledger (self->diagnostics);
  g_autoptr(GPtrArray) unpaired = vigil_ledger_list_unpaired (ledger);
  guint64 counts[VIGIL_N_RESOURCE_KINDS][VIGIL_N_PHASES] = { { 0 } };
  VigilLedgerDropped dropped;

  /* Sessions past the ledger's bounds are counted, not kept. */
  vigil_ledger_get_dropped (ledger, &dropped);
  memcpy (counts, dropped.unpaired, sizeof counts);
  for (guint i = 0; i < unpaired->len; i++)
    {
      const VigilResourceInfo *info = g_ptr_array_index (unpaired, i);

      if ((guint) info->kind < VIGIL_N_RESOURCE_KINDS && (guint) info->create_phase < VIGIL_N_PHASES)
        counts[info->kind][info->create_phase]++;
    }
  for (guint k = 0; k < VIGIL_N_RESOURCE_KINDS; k++)
    for (guint p = 0; p < VIGIL_N_PHASES; p++)
      if (counts[k][p] > 0)
        {
          VigilMetricsUnpaired group = { k, p, counts[k][p] };

          g_array_append_val (figures->unpaired, group);
        }
}

/* vigil_orphan_handles{kind,phase}: the OS handles (and threads) a phase
 * added that are still the same object after its session closed and that
 * no ledger entry knows (DESIGN.md, "OS handles"; src/diag/vigil-orphans.c),
 * by the probe's fd kind (or "thread") and phase -- bounded labels, never
 * a session or a name.  Always an array: zero orphans is a real zero. */
static GArray *
collect_orphans (VigilMetricsCollector *self)
{
  g_autoptr(GPtrArray) orphans = vigil_orphans_list (vigil_diagnostics_get_orphans (self->diagnostics), 0);
  guint64 counts[VIGIL_N_FD_KINDS + 1][VIGIL_N_PHASES] = { { 0 } };
  GArray *groups = g_array_new (FALSE, TRUE, sizeof (VigilMetricsOrphans));

  for (guint i = 0; i < orphans->len; i++)
    {
      const VigilOrphan *orphan = g_ptr_array_index (orphans, i);
      guint kind = orphan->thread ? VIGIL_N_FD_KINDS : (guint) vigil_fd_kind_from_target (orphan->target);

      if (kind <= VIGIL_N_FD_KINDS && (guint) orphan->phase < VIGIL_N_PHASES)
        counts[kind][orphan->phase]++;
    }
  for (guint k = 0; k <= VIGIL_N_FD_KINDS; k++)
    for (guint p = 0; p < VIGIL_N_PHASES; p++)
      if (counts[k][p] > 0)
        {
          VigilMetricsOrphans group = {
            k == VIGIL_N_FD_KINDS ? "thread" : vigil_fd_kind_to_string (k), p, counts[k][p]
          };

          g_array_append_val (groups, group);
        }
  return groups;
}

static void
collect_verdict (VigilMetricsCollector *self,
                 VigilMetricsFigures   *figures)
{
  g_autoptr(VigilVerdict) verdict = vigil_history_get_verdict (vigil_diagnostics_get_history (self->diagnostics));
  g_autoptr(GArray) faults = vigil_faults_list (vigil_diagnostics_get_faults (self->diagnostics));
  const VigilMetricVerdict *fds = &verdict->metrics[VIGIL_METRIC_OPEN_FDS];

  figures->has_verdict = TRUE;
  for (guint m = 0; m < VIGIL_N_METRICS; m++)
    figures->verdict[m] = verdict->metrics[m].status;
  if (fds->valid)
    figures->fd_slope_per_reconnect = fds->theil_sen;
  if (isinf (verdict->time_to_exhaustion_days))
    figures->time_to_exhaustion_seconds = INFINITY;
  else if (verdict->time_to_exhaustion_days >= 0)
    figures->time_to_exhaustion_seconds = verdict->time_to_exhaustion_days * 86400.0;

  for (guint i = 0; i < faults->len; i++)
    {
      const VigilFaultState *state = &g_array_index (faults, VigilFaultState, i);
      VigilMetricsFault fault = { state->point, state->total_fired };

      g_array_append_val (figures->faults, fault);
    }
}

static void
vigil_metrics_collector_dispose (GObject *object)
{
  VigilMetricsCollector *self = (VigilMetricsCollector *) object;

  if (self->diagnostics != NULL)
    vigil_diagnostics_set_sample_listener (self->diagnostics, NULL, NULL, NULL);
  g_clear_object (&self->diagnostics);
  g_clear_pointer (&self->board, vigil_metrics_board_unref);

  G_OBJECT_CLASS (vigil_metrics_collector_parent_class)->dispose (object);
}

static void
vigil_metrics_collector_finalize (GObject *object)
{
  VigilMetricsCollector *self = (VigilMetricsCollector *) object;

  g_ptr_array_unref (self->sources);
  g_ptr_array_unref (self->added);
  g_hash_table_unref (self->cameras);
  g_free (self->aravis_version);

  G_OBJECT_CLASS (vigil_metrics_collector_parent_class)->finalize (object);
}

static void
vigil_metrics_collector_class_init (VigilMetricsCollectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_metrics_collector_dispose;
  object_class->finalize = vigil_metrics_collector_finalize;
}

static void
vigil_metrics_collector_init (VigilMetricsCollector *self)
{
  self->sources = g_ptr_array_new_with_free_func (source_free);
  self->added = g_ptr_array_new_with_free_func (weak_ref_free);
  self->cameras = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->start_time = vigil_metrics_process_start_time ();
  self->aravis_version = g_strdup_printf ("%u.%u.%u", arv_get_major_version (), arv_get_minor_version (),
                                          arv_get_micro_version ());
}

/**
 * vigil_metrics_collector_new:
 * @board: where the figures are published
 *
 * Becomes the sample listener of @diagnostics and counts sessions from its
 * events.  Main thread (the one whose context receives "event-added").
 *
 * Returns: (transfer full)
 */
VigilMetricsCollector *
vigil_metrics_collector_new (VigilDiagnostics  *diagnostics,
                             VigilMetricsBoard *board)
{
  VigilMetricsCollector *self;
  GWeakRef *weak;

  g_return_val_if_fail (VIGIL_IS_DIAGNOSTICS (diagnostics), NULL);
  g_return_val_if_fail (board != NULL, NULL);

  self = g_object_new (VIGIL_TYPE_METRICS_COLLECTOR, NULL);
  self->diagnostics = g_object_ref (diagnostics);
  self->board = vigil_metrics_board_ref (board);
  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  vigil_diagnostics_set_sample_listener (diagnostics, on_sample, weak, weak_ref_free);
  g_signal_connect_object (vigil_diagnostics_get_events (diagnostics), "event-added",
                           G_CALLBACK (on_event_added), self, G_CONNECT_SWAPPED);
  return self;
}

/* A supervisor to report on (vigil's one); held weakly.  Main thread. */
void
vigil_metrics_collector_add_supervisor (VigilMetricsCollector *self,
                                        VigilSupervisor       *supervisor)
{
  GWeakRef *weak;

  g_return_if_fail (VIGIL_IS_METRICS_COLLECTOR (self));
  g_return_if_fail (VIGIL_IS_SUPERVISOR (supervisor));

  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, supervisor);
  g_ptr_array_add (self->added, weak);
}

/**
 * vigil_metrics_collector_set_supervisors_func:
 * @func: (nullable): asked for the supervisors at every publication
 *
 * For a run whose supervisors come and go (vigil-soak).  Main thread.
 */
void
vigil_metrics_collector_set_supervisors_func (VigilMetricsCollector       *self,
                                              VigilMetricsSupervisorsFunc  func,
                                              gpointer                     user_data)
{
  g_return_if_fail (VIGIL_IS_METRICS_COLLECTOR (self));

  self->supervisors_func = func;
  self->supervisors_data = user_data;
}

/**
 * vigil_metrics_collector_publish:
 * @sample: the periodic sampler's sample
 *
 * Builds the figures from @sample and the diagnostics and publishes them.
 * Called by the sample listener; main thread.
 */
void
vigil_metrics_collector_publish (VigilMetricsCollector  *self,
                                 const VigilProbeSample *sample)
{
  g_autoptr(VigilMetricsFigures) figures = vigil_metrics_figures_new ();

  g_return_if_fail (VIGIL_IS_METRICS_COLLECTOR (self));
  g_return_if_fail (sample != NULL);
  if (self->diagnostics == NULL)
    return;

  figures->sample_wall_us = sample->wall_us;
  figures->open_fds = sample->open_fds;
  memcpy (figures->fds_by_kind, sample->fds_by_kind, sizeof figures->fds_by_kind);
  figures->max_fds = sample->fd_soft_limit;
  figures->threads = sample->threads;
  figures->private_bytes = sample->private_bytes;
  figures->rss_bytes = sample->rss_bytes;
  vigil_metrics_process_read (&figures->cpu_seconds, &figures->virtual_bytes);
  figures->start_time_seconds = self->start_time;
  figures->aravis_version = g_strdup (self->aravis_version);

  collect_cameras (self, figures);
  collect_unpaired (self, figures);
  figures->orphans = collect_orphans (self);
  collect_verdict (self, figures);
  vigil_metrics_board_publish (self->board, figures);
}
