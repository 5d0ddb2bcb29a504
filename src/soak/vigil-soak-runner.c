/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-soak-runner"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-faults.h"
#include "vigil-memory.h"
#include "vigil-soak-runner-private.h"
#include "vigil-soak-trigger.h"

/* The engine of vigil-soak: K supervisors (the same code the viewer runs)
 * on K cameras, disturbed round after round while the fault registry arms
 * the failure path of each cycle (see vigil-soak-plan.c).  A cycle is one
 * reconnect: a supervisor opening its camera again after a loss, whether
 * that open succeeds or fails at a fault.  A round is one disturbance of a
 * camera until its supervisor streams again (vigil-soak-slot.c).
 *
 * Measuring (DESIGN.md "Leak verdict"): after the warm-up every supervisor
 * is closed and its threads joined; the probe sample then is the baseline.
 * The same is done after the last cycle, and memory is sampled at such
 * quiesce points during the run (vigil-soak-quiesce.c).  The difference of
 * the two samples, the ledger's unpaired resources and the history's
 * verdict over the per-reconnect samples (which the supervisors take
 * themselves) make the verdict (vigil-soak-verdict.c).
 *
 * This file holds the object, the check of its config, and the run loop:
 * everything runs on the thread-default main context of
 * vigil_soak_runner_run (), which the runner's own sources are attached
 * to; the supervisors call the cameras on their own threads. */

#define TICK_MS              200
#define EVENTS_KEPT          512     /* the event ring, full within the warm-up */
#define ENDED_SESSIONS_KEPT  16      /* ended sessions the ledger keeps, likewise */
#define UNPAIRED_SESSIONS_KEPT 64    /* and of those with resources left open */
#define MAX_CAMERAS          200
#define MAX_CYCLES           G_MAXUINT32
#define MAX_FRAME_RATE       1000

G_DEFINE_FINAL_TYPE (VigilSoakRunner, vigil_soak_runner, G_TYPE_OBJECT)

static void
clear_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

void
_vigil_soak_runner_fail (VigilSoakRunner *self,
                         GError          *error)
{
  if (self->error == NULL)
    self->error = error;
  else
    g_error_free (error);
  g_main_loop_quit (self->loop);
}

static void
report_progress (VigilSoakRunner *self)
{
  g_autoptr(VigilProbeSample) sample =
    vigil_probe_sample (vigil_diagnostics_get_probe (self->diagnostics), VIGIL_PROBE_DEFAULT);
  const VigilProbeSample *from = self->baseline ? self->baseline : self->start_sample;
  VigilSoakProgress progress = { 0 };

  /* The run's periodic sample, also for the metrics endpoint if any. */
  vigil_diagnostics_publish_sample (self->diagnostics, sample);
  if (self->progress_func == NULL)
    return;
  progress.measuring = self->baseline != NULL;
  progress.cycles = self->cycles;
  progress.target = self->cycles_wanted;
  progress.elapsed_s = (g_get_monotonic_time () - self->start_us) / (gdouble) G_USEC_PER_SEC;
  progress.rate = progress.elapsed_s * G_USEC_PER_SEC > self->paused_us
                    ? self->cycles / (progress.elapsed_s - self->paused_us / (gdouble) G_USEC_PER_SEC) : 0;
  progress.fd_delta = sample->open_fds - from->open_fds;
  progress.thread_delta = sample->threads - from->threads;
  progress.memory_delta = sample->private_bytes - from->private_bytes;
  self->progress_func (self, &progress, self->progress_data);
}

static gboolean
on_tick (gpointer data)
{
  VigilSoakRunner *self = data;

  report_progress (self);
  _vigil_soak_runner_queue_evaluate (self);
  return G_SOURCE_CONTINUE;
}

/* ---- The loop ------------------------------------------------------------ */

/* RUN_MEASURE: on to the final quiesce point after the last cycle, or to
 * a checkpoint when one is due; else the systematic step follows the
 * cycles. */
static void
step_measure (VigilSoakRunner *self)
{
  if (self->cycles >= self->cycles_wanted || self->interrupted)
    {
      self->phase = RUN_QUIESCE_FINAL;
      _vigil_soak_arming_follow_step (self);
      vigil_faults_disarm_all (_vigil_soak_arming_get_faults (self));
    }
  else if (self->cycles - self->baseline_cycles >= self->next_checkpoint)
    {
      /* No new rounds; the persistent step is off until it resumes. */
      self->phase = RUN_CHECKPOINT;
      _vigil_soak_arming_follow_step (self);
    }
  else
    _vigil_soak_arming_follow_step (self);
}

static void
step_phase (VigilSoakRunner *self)
{
  switch (self->phase)
    {
    case RUN_WARMUP:
      if (self->cycles >= vigil_soak_plan_get_warmup (self->plan) || self->interrupted)
        self->phase = RUN_QUIESCE_BASELINE;
      break;

    case RUN_QUIESCE_BASELINE:
      _vigil_soak_quiesce_baseline (self);
      break;

    case RUN_MEASURE:
      step_measure (self);
      break;

    case RUN_CHECKPOINT:
      _vigil_soak_quiesce_checkpoint (self);
      break;

    case RUN_QUIESCE_FINAL:
      _vigil_soak_quiesce_final (self);
      break;

    case RUN_DONE:
    default:
      break;
    }
}

/* Starts the next round of every ready camera, once its writes are done. */
static void
begin_rounds (VigilSoakRunner *self)
{
  for (guint i = 0; i < self->slots->len && self->error == NULL; i++)
    {
      Slot *slot = g_ptr_array_index (self->slots, i);

      if (slot->state != SLOT_READY)
        continue;
      if (slot->configure)
        _vigil_soak_slot_reconfigure (slot);
      if (slot->writes == 0)
        _vigil_soak_slot_begin_round (slot);
    }
}

static void
evaluate (VigilSoakRunner *self)
{
  for (guint i = 0; i < self->slots->len && self->error == NULL; i++)
    _vigil_soak_slot_step (g_ptr_array_index (self->slots, i));
  if (self->error != NULL)
    return;

  step_phase (self);
  if (self->phase == RUN_DONE)
    {
      g_main_loop_quit (self->loop);
      return;
    }
  if (self->phase == RUN_WARMUP || self->phase == RUN_MEASURE)
    begin_rounds (self);
}

static gboolean
evaluate_idle (gpointer data)
{
  VigilSoakRunner *self = data;

  g_clear_pointer (&self->evaluate_source, g_source_unref);
  evaluate (self);
  return G_SOURCE_REMOVE;
}

/* Evaluates once, soon, on the run's context.  The sources hold a plain
 * pointer: the runner destroys them at the end of the run and in dispose. */
void
_vigil_soak_runner_queue_evaluate (VigilSoakRunner *self)
{
  if (self->evaluate_source != NULL || self->context == NULL || self->phase == RUN_DONE)
    return;
  self->evaluate_source = g_idle_source_new ();
  g_source_set_callback (self->evaluate_source, evaluate_idle, self, NULL);
  g_source_set_static_name (self->evaluate_source, "[vigil] soak evaluate");
  g_source_attach (self->evaluate_source, self->context);
}

/* ---- GObject ------------------------------------------------------------- */

static void
vigil_soak_runner_dispose (GObject *object)
{
  VigilSoakRunner *self = (VigilSoakRunner *) object;

  clear_source (&self->tick_source);
  clear_source (&self->trigger_source);
  clear_source (&self->evaluate_source);
  g_clear_pointer (&self->slots, g_ptr_array_unref);
  if (self->loopback != NULL)
    vigil_loopback_remove_all (self->loopback);
  g_clear_object (&self->loopback);
  g_clear_object (&self->diagnostics);

  G_OBJECT_CLASS (vigil_soak_runner_parent_class)->dispose (object);
}

static void
vigil_soak_runner_finalize (GObject *object)
{
  VigilSoakRunner *self = (VigilSoakRunner *) object;

  g_clear_pointer (&self->plan, vigil_soak_plan_free);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->start_sample, vigil_probe_sample_free);
  g_clear_pointer (&self->baseline, vigil_probe_sample_free);
  g_clear_pointer (&self->final, vigil_probe_sample_free);
  g_clear_pointer (&self->memory, vigil_soak_memory_free);
  g_clear_pointer (&self->fired_rounds, g_free);
  g_clear_pointer (&self->result.verdict, vigil_verdict_free);
  g_clear_pointer (&self->result.unpaired, g_ptr_array_unref);
  g_clear_pointer (&self->result.fired, g_array_unref);
  g_clear_pointer (&self->result.orphans, g_ptr_array_unref);
  g_clear_pointer (&self->result.growth, g_ptr_array_unref);
  g_clear_error (&self->error);
  g_free (self->camera_id);

  G_OBJECT_CLASS (vigil_soak_runner_parent_class)->finalize (object);
}

static void
vigil_soak_runner_class_init (VigilSoakRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_soak_runner_dispose;
  object_class->finalize = vigil_soak_runner_finalize;
}

static void
vigil_soak_runner_init (VigilSoakRunner *self)
{
  self->slots = g_ptr_array_new_with_free_func ((GDestroyNotify) _vigil_soak_slot_free);
  self->pending = g_hash_table_new (NULL, NULL);
  /* The runner's own records take their memory now (see vigil-memory.c). */
  self->memory = vigil_soak_memory_new ();
  self->fired_rounds = vigil_new_committed (FiredRound, VIGIL_SOAK_MAX_ROUNDS_KEPT);
}

/* ---- Public API ---------------------------------------------------------- */

/* Whether @text holds nothing but white space. */
static gboolean
is_blank (const char *text)
{
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/* The one check of a config, whoever made it (vigil-soak's options, a
 * test): the ranges of its numbers and the options that exclude each
 * other.  The fault list is checked by the plan. */
static gboolean
validate_config (const VigilSoakConfig  *config,
                 GError                **error)
{
  if (config->cycles < 1 || config->cycles > MAX_CYCLES)
    g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                 _("--cycles must be between 1 and %u, got %" PRIu64),
                 (guint) MAX_CYCLES, (uint64_t) config->cycles);
  else if (config->cameras < 1 || config->cameras > MAX_CAMERAS)
    g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                 _("--cameras must be between 1 and 200, got %u"), config->cameras);
  /* An empty id was taken for "the first camera found" and retried for ever. */
  else if (config->camera_id != NULL && is_blank (config->camera_id))
    g_set_error_literal (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                         _("--camera needs a device id or an IP address; it was empty"));
  else if (config->camera_id != NULL && config->cameras > 1)
    g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                 _("--cameras works with the simulated camera only, not with --camera"));
  /* Written so that NaN fails too. */
  else if (!(config->probability >= 0 && config->probability <= 1))
    g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                 _("--probability must be between 0 and 1, got %g"), config->probability);
  else if (!(config->memory_budget_bytes >= 0 && config->memory_budget_bytes < G_MAXDOUBLE))
    g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                 _("--memory-budget must be a positive number of megabytes, got %g"),
                 config->memory_budget_bytes / 1e6);
  else if (!(config->memory_budget_days >= 0 && config->memory_budget_days <= 36500))
    g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                 _("--memory-budget-days must be between 1 and 36500, got %g"), config->memory_budget_days);
  else if (!(config->frame_rate >= 0 && config->frame_rate <= MAX_FRAME_RATE))
    g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                 _("--frame-rate must be between 0 and 1000, got %g"), config->frame_rate);
  else if (!(config->trigger_hz >= 0 && config->trigger_hz <= VIGIL_SOAK_TRIGGER_MAX_HZ))
    g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                 _("--trigger software:HZ takes a rate above 0 and at most %g per second, not “%g”"),
                 VIGIL_SOAK_TRIGGER_MAX_HZ, config->trigger_hz);
  else if (config->trigger_hz > 0 && config->camera_id != NULL)
    g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                 _("--trigger works with the simulated camera only, not with --camera"));
  else
    return TRUE;
  return FALSE;
}

/**
 * vigil_soak_runner_new:
 *
 * Checks @config and makes the plan; nothing is started yet.  With
 * @config->camera_id set, @config->frame_rate is not used.
 *
 * Returns: (transfer full) (nullable): the runner, or %NULL with @error
 *   (VIGIL_ERROR_INVALID_ARGUMENT) saying what is wrong
 */
VigilSoakRunner *
vigil_soak_runner_new (const VigilSoakConfig  *config,
                       GError                **error)
{
  g_autoptr(VigilSoakRunner) self = NULL;
  VigilDiagnostics *diagnostics;
  guint64 warmup;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!validate_config (config, error))
    return NULL;

  self = g_object_new (VIGIL_TYPE_SOAK_RUNNER, NULL);
  /* The verdict's warm-up (a first session and 2 reconnects) is too short
   * for memory: Aravis grows about 1 MB over its first sessions. */
  warmup = CLAMP (config->cycles / 4, MIN (2, config->cycles), 100);
  self->plan = vigil_soak_plan_new (config->faults, config->mode, config->probability, config->seed,
                                    config->cycles, warmup, config->camera_id == NULL,
                                    config->leak_demo, error);
  if (self->plan == NULL)
    return NULL;

  self->cycles_wanted = config->cycles;
  self->camera_id = g_strdup (config->camera_id);
  self->n_cameras = config->cameras;
  self->frame_rate = config->camera_id != NULL ? 0 : config->frame_rate;
  self->trigger_hz = config->trigger_hz;
  self->leak_demo = config->leak_demo;
  self->memory_budget.bytes = config->memory_budget_bytes > 0 ? config->memory_budget_bytes
                                                              : VIGIL_MEMORY_DEFAULT_BUDGET_BYTES;
  self->memory_budget.days = config->memory_budget_days > 0 ? config->memory_budget_days
                                                            : VIGIL_MEMORY_DEFAULT_BUDGET_DAYS;
  self->diagnostics = diagnostics = vigil_diagnostics_new ();
  vigil_events_set_journal (vigil_diagnostics_get_events (diagnostics), FALSE);
  /* Bounded rings grow until they are full: small ones fill during the
   * warm-up, so their growth is not taken for a trend.  Sessions with
   * unpaired resources are kept up to their own bound, then counted. */
  vigil_events_set_capacity (vigil_diagnostics_get_events (diagnostics), EVENTS_KEPT);
  vigil_ledger_set_max_ended_sessions (vigil_diagnostics_get_ledger (diagnostics), ENDED_SESSIONS_KEPT);
  vigil_ledger_set_max_unpaired_sessions (vigil_diagnostics_get_ledger (diagnostics), UNPAIRED_SESSIONS_KEPT);
  vigil_faults_set_leak_demo (vigil_diagnostics_get_faults (diagnostics), config->leak_demo);
  vigil_history_set_warmup (vigil_diagnostics_get_history (diagnostics), TRUE, (guint) warmup);
  return g_steal_pointer (&self);
}

void
vigil_soak_runner_set_progress_func (VigilSoakRunner       *self,
                                     VigilSoakProgressFunc  func,
                                     VigilSoakRoundFunc     round_func,
                                     gpointer               user_data)
{
  g_return_if_fail (VIGIL_IS_SOAK_RUNNER (self));
  self->progress_func = func;
  self->round_func = round_func;
  self->progress_data = user_data;
}

/**
 * vigil_soak_runner_run:
 *
 * Runs the whole soak on the caller's thread-default main context and
 * returns when it is measured.  Returns %FALSE with @error when the cameras
 * could not be started or a camera stopped making progress; the result is
 * then not valid.
 */
gboolean
vigil_soak_runner_run (VigilSoakRunner  *self,
                       GError          **error)
{
  g_return_val_if_fail (VIGIL_IS_SOAK_RUNNER (self), FALSE);
  g_return_val_if_fail (self->loop == NULL, FALSE);

  self->context = g_main_context_ref_thread_default ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->start_us = g_get_monotonic_time ();
  self->start_sample = vigil_probe_sample (vigil_diagnostics_get_probe (self->diagnostics), VIGIL_PROBE_DEFAULT);

  if (!_vigil_soak_slot_start_cameras (self, error))
    return FALSE;

  self->start_us = g_get_monotonic_time ();
  for (guint i = 0; i < self->slots->len; i++)
    {
      Slot *slot = g_ptr_array_index (self->slots, i);

      _vigil_soak_slot_set_state (slot, SLOT_STARTING);
      _vigil_soak_slot_start_supervisor (slot);
    }
  self->tick_source = g_timeout_source_new (TICK_MS);
  g_source_set_callback (self->tick_source, on_tick, self, NULL);
  g_source_set_static_name (self->tick_source, "[vigil] soak tick");
  g_source_attach (self->tick_source, self->context);
  _vigil_soak_runner_queue_evaluate (self);
  _vigil_soak_trigger_start (self);
  g_main_loop_run (self->loop);
  clear_source (&self->trigger_source);
  clear_source (&self->tick_source);
  clear_source (&self->evaluate_source);
  self->end_us = g_get_monotonic_time ();

  if (self->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->error));
      return FALSE;
    }

  report_progress (self);
  _vigil_soak_verdict_finish (self);
  return TRUE;
}

/* Ends the run early (SIGINT): the rounds in progress finish, then it is
 * measured as usual. */
void
vigil_soak_runner_interrupt (VigilSoakRunner *self)
{
  g_return_if_fail (VIGIL_IS_SOAK_RUNNER (self));
  self->interrupted = TRUE;
  _vigil_soak_runner_queue_evaluate (self);
}

VigilSoakPlan *
vigil_soak_runner_get_plan (VigilSoakRunner *self)
{
  g_return_val_if_fail (VIGIL_IS_SOAK_RUNNER (self), NULL);
  return self->plan;
}

VigilDiagnostics *
vigil_soak_runner_get_diagnostics (VigilSoakRunner *self)
{
  g_return_val_if_fail (VIGIL_IS_SOAK_RUNNER (self), NULL);
  return self->diagnostics;
}

const char *
vigil_soak_runner_get_camera_id (VigilSoakRunner *self)
{
  g_return_val_if_fail (VIGIL_IS_SOAK_RUNNER (self), NULL);
  return self->slots->len ? ((Slot *) g_ptr_array_index (self->slots, 0))->address : self->camera_id;
}

/**
 * vigil_soak_runner_get_result:
 *
 * Returns: (transfer none): the result, after a successful run
 */
const VigilSoakResult *
vigil_soak_runner_get_result (VigilSoakRunner *self)
{
  g_return_val_if_fail (VIGIL_IS_SOAK_RUNNER (self), NULL);
  return &self->result;
}

/**
 * vigil_soak_runner_list_supervisors:
 *
 * The supervisors running now (one per camera; some are replaced during
 * the run).  Main thread.
 *
 * Returns: (transfer container) (element-type VigilSupervisor)
 */
GPtrArray *
vigil_soak_runner_list_supervisors (VigilSoakRunner *self)
{
  GPtrArray *supervisors = g_ptr_array_new ();

  g_return_val_if_fail (VIGIL_IS_SOAK_RUNNER (self), supervisors);

  for (guint i = 0; self->slots != NULL && i < self->slots->len; i++)
    {
      Slot *slot = g_ptr_array_index (self->slots, i);

      if (slot->supervisor != NULL)
        g_ptr_array_add (supervisors, slot->supervisor);
    }
  return supervisors;
}
