/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-soak-runner"

#include "config.h"

#include <math.h>

#include <arv.h>
#include <glib/gi18n.h>

#include "vigil-aravis-lock.h"
#include "vigil-controls.h"
#include "vigil-error.h"
#include "vigil-json.h"
#include "vigil-loopback.h"
#include "vigil-memory.h"
#include "vigil-sim-camera.h"
#include "vigil-snapshot.h"
#include "vigil-soak-memory.h"
#include "vigil-soak-runner.h"
#include "vigil-stats.h"
#include "vigil-supervisor.h"

/* The engine of vigil-soak: K supervisors (the same code the viewer runs)
 * on K cameras, disturbed round after round while the fault registry arms
 * the failure path of each cycle (see vigil-soak-plan.c).  A cycle is one
 * reconnect: a supervisor opening its camera again after a loss, whether
 * that open succeeds or fails at a fault.  A round is one disturbance of a
 * camera (an injected loss, a freeze, an unplug, packet loss) until its
 * supervisor streams again.
 *
 * Measuring (DESIGN.md "Leak verdict"): after the warm-up every supervisor
 * is closed and its threads joined (vigil_supervisor_is_quiescent); the
 * probe sample then is the baseline.  The same is done after the last
 * cycle; the difference of the two, the ledger's unpaired resources and
 * the history's verdict over the per-reconnect samples (which the
 * supervisors take themselves) make the verdict.  Memory is sampled at
 * such quiesce points too: about CHECKPOINTS times a run the rounds stop,
 * every session is closed, memory is sampled against the cycle count, and
 * the cameras are opened again (opens that are not counted as cycles).
 *
 * Everything here runs on the main context of vigil_soak_runner_run ();
 * the supervisors call the cameras on their own threads. */

#define BACKOFF_INITIAL_MS   10
#define BACKOFF_MAX_MS       40
#define WATCHDOG_INTERVALS   3
#define WATCHDOG_MARGIN_MS   50
#define FREEZE_HOLD_MS       500     /* frozen this long after the loss was seen */
#define LOSS_PER_THOUSAND    10 
#define STALL_US             (60 * G_USEC_PER_SEC)
#define TICK_MS              200
#define SETTLE_STABLE_US     (100 * 1000)
#define SETTLE_MAX_US        (3 * G_USEC_PER_SEC)
#define SIM_SIZE             128     /* width and height of simulated frames */
#define EVENTS_KEPT          512     /* the event ring, full within the warm-up */
#define ENDED_SESSIONS_KEPT  16      /* ended sessions the ledger keeps, likewise */
#define MAX_ROUNDS_KEPT      10000
#define CHECKPOINTS          100     /* memory samples over a run */
#define CHECKPOINT_MIN_CYCLES 10     /* at most one per this many cycles a camera */

typedef enum
{
  RUN_WARMUP,
  RUN_QUIESCE_BASELINE,
  RUN_MEASURE,
  RUN_CHECKPOINT,
  RUN_QUIESCE_FINAL,
  RUN_DONE,
} RunPhase;

typedef enum
{
  SLOT_STARTING,     /* opened, waiting for its first Streaming */
  SLOT_READY,        /* streaming, no round in progress */
  SLOT_ROUND,        /* disturbed, waiting for Streaming again */
  SLOT_FROZEN,       /* camera stopped, waiting for the loss to be seen */
  SLOT_UNPLUGGED,    /* camera killed, waiting for the loss to be seen */
  SLOT_CLOSING,
  SLOT_CLOSED,
} SlotState;

typedef struct
{
  const char *point;
  guint64     target;         /* total fired count that means "it fired" */
} Target;

typedef struct
{
  VigilSoakRunner *runner;     /* owns the slot */
  guint            index;
  char            *address;
  VigilSimCamera  *camera;     /* (nullable) */
  VigilSupervisor *supervisor;
  SlotState        state;
  gboolean         seen_active;
  guint64          reconnects_seen;
  guint64          attempts;   /* reconnects and replacements this round */
  guint64          need_attempts;
  GArray          *targets;
  guint64          fired_before[VIGIL_SOAK_MAX_DRAW + 1];
  guint64          round;
  VigilSoakSim     sim;
  guint            loss_stage; /* 1: lossy link, 2: clean again */
  gint64           since_us;
  gint64           frozen_seen_us;
  gboolean         configure;  /* the camera was respawned: set its rate */
  guint            writes;     /* feature writes not answered yet */
} Slot;

typedef struct
{
  guint64 round;
  guint   camera;              /* 1-based */
  guint32 points;              /* bit i: the plan's point i fired */
} FiredRound;

G_STATIC_ASSERT (VIGIL_SOAK_MAX_DRAW <= 32);

struct _VigilSoakRunner
{
  GObject                parent_instance;

  guint64                cycles_wanted;
  char                  *camera_id;
  guint                  n_cameras;
  gdouble                frame_rate;
  gboolean               leak_demo;
  VigilSoakPlan         *plan;
  VigilDiagnostics      *diagnostics;
  VigilLoopback         *loopback;
  GPtrArray             *slots;
  GMainLoop             *loop;
  GHashTable            *pending;    /* point → target of its once arming */

  RunPhase               phase;
  const VigilSoakStep   *step;
  guint64                cycles;
  guint64                rounds;
  guint64                replacements;
  guint64                baseline_cycles;
  guint64                checkpoint_every;
  guint64                next_checkpoint;  /* cycles since the baseline */
  gint64                 pause_since_us;   /* checkpoint: all rounds ended */
  gint64                 paused_us;        /* all checkpoints so far */
  gint64                 start_us;
  gint64                 end_us;
  VigilProbeSample      *start_sample;
  VigilProbeSample      *baseline;
  gint64                 baseline_ledger;
  VigilProbeSample      *final;
  VigilSoakMemory       *memory;
  FiredRound            *fired_rounds; /* MAX_ROUNDS_KEPT, committed */
  guint                  n_fired_rounds;
  guint                  progress_id;
  guint                  evaluate_id;
  gboolean               interrupted;
  GError                *error;
  VigilSoakResult        result;

  VigilSoakProgressFunc  progress_func;
  VigilSoakRoundFunc     round_func;
  gpointer               progress_data;
};

G_DEFINE_FINAL_TYPE (VigilSoakRunner, vigil_soak_runner, G_TYPE_OBJECT)

static void queue_evaluate (VigilSoakRunner *self);

/* ---- Slots --------------------------------------------------------------- */

static void
on_supervisor_state (VigilSupervisor *supervisor,
                     GParamSpec      *pspec,
                     Slot            *slot)
{
  if (vigil_supervisor_get_state (supervisor) != VIGIL_SUPERVISOR_IDLE)
    slot->seen_active = TRUE;
  /* Writes to a lost session are answered with an error only. */
  if (vigil_supervisor_get_state (supervisor) != VIGIL_SUPERVISOR_STREAMING)
    slot->writes = 0;
  queue_evaluate (slot->runner);
}

/* One per feature write the worker has done (its controls re-read). */
static void
on_supervisor_controls (VigilSupervisor *supervisor,
                        gpointer         controls,
                        Slot            *slot)
{
  if (slot->writes > 0)
    slot->writes--;
  queue_evaluate (slot->runner);
}

static void
on_supervisor_reconnects (VigilSupervisor *supervisor,
                          GParamSpec      *pspec,
                          Slot            *slot)
{
  queue_evaluate (slot->runner);
}

static void
slot_start_supervisor (Slot *slot)
{
  slot->supervisor = vigil_supervisor_new (slot->runner->diagnostics);
  slot->seen_active = FALSE;
  slot->reconnects_seen = 0;
  vigil_supervisor_set_backoff (slot->supervisor, BACKOFF_INITIAL_MS, BACKOFF_MAX_MS);
  /* Small frames from several cameras on lo: plain UDP keeps up, and a
   * packet socket per stream would see every camera's packets. */
  vigil_supervisor_set_plain_udp (slot->supervisor, TRUE);
  vigil_supervisor_set_watchdog (slot->supervisor, WATCHDOG_INTERVALS, WATCHDOG_MARGIN_MS);
  g_signal_connect (slot->supervisor, "notify::state", G_CALLBACK (on_supervisor_state), slot);
  g_signal_connect (slot->supervisor, "notify::reconnects", G_CALLBACK (on_supervisor_reconnects), slot);
  g_signal_connect (slot->supervisor, "controls-changed", G_CALLBACK (on_supervisor_controls), slot);
  vigil_supervisor_open (slot->supervisor, slot->address);
}

static void
slot_stop_supervisor (Slot *slot)
{
  g_autoptr(VigilSupervisor) supervisor = g_steal_pointer (&slot->supervisor);

  if (supervisor == NULL)
    return;
  g_signal_handlers_disconnect_by_data (supervisor, slot);
  vigil_supervisor_shutdown (supervisor, 20000);
}

static void
slot_free (Slot *slot)
{
  slot_stop_supervisor (slot);
  g_clear_object (&slot->camera);
  g_clear_pointer (&slot->targets, g_array_unref);
  g_free (slot->address);
  g_free (slot);
}

static void
slot_set_state (Slot      *slot,
                SlotState  state)
{
  slot->state = state;
  slot->since_us = g_get_monotonic_time ();
}

/* ---- Fault arming --------------------------------------------------------- */

static VigilFaults *
faults (VigilSoakRunner *self)
{
  return vigil_diagnostics_get_faults (self->diagnostics);
}

/* Arms @point once for @slot's round, unless an earlier once arming has not
 * fired yet (another camera's round): then that one serves both. */
static void
arm_once (VigilSoakRunner *self,
          Slot            *slot,
          const char      *point)
{
  guint64 total = vigil_faults_get_total_fired (faults (self), point);
  guint64 target = GPOINTER_TO_SIZE (g_hash_table_lookup (self->pending, point));
  Target t = { point, 0 };

  if (target <= total)
    {
      target = total + 1;
      g_hash_table_insert (self->pending, (gpointer) point, GSIZE_TO_POINTER (target));
      if (!vigil_faults_arm (faults (self), point, "once", &self->error))
        return;
    }
  t.target = target;
  g_array_append_val (slot->targets, t);
  if (vigil_soak_point_is_post_open (point))
    slot->need_attempts = MAX (slot->need_attempts, 2);
}

static gboolean
targets_fired (VigilSoakRunner *self,
               Slot            *slot)
{
  for (guint i = 0; i < slot->targets->len; i++)
    {
      Target *t = &g_array_index (slot->targets, Target, i);

      if (vigil_faults_get_total_fired (faults (self), t->point) < t->target)
        return FALSE;
    }
  return TRUE;
}

/* Moves the systematic plan to the step of the current cycle. */
static void
follow_step (VigilSoakRunner *self)
{
  const VigilSoakStep *step = NULL;

  if (self->phase == RUN_MEASURE && vigil_soak_plan_get_mode (self->plan) == VIGIL_SOAK_SYSTEMATIC)
    step = vigil_soak_plan_get_step (self->plan, self->cycles);
  if (step == self->step)
    return;

  if (self->step != NULL && self->step->persistent && self->step->point != NULL)
    vigil_faults_arm (faults (self), self->step->point, "off", NULL);
  self->step = step;
  if (step != NULL && step->persistent && step->point != NULL)
    vigil_faults_arm (faults (self), step->point, "persistent", &self->error);
  g_debug ("Cycle %" G_GUINT64_FORMAT ": step %s %s", self->cycles,
           step ? (step->point ? step->point : vigil_soak_sim_to_string (step->sim)) : "none",
           step && step->persistent ? "persistent" : "once");
}

/* ---- The simulated camera ------------------------------------------------ */

/* Sets the simulated camera's frame rate and a small frame size (cycles
 * cost less CPU: 128x128 instead of 512x512 at 200 fps) with a connection
 * of our own; its registers persist in the camera process for every later
 * session. */
static gboolean
configure_camera (VigilSoakRunner  *self,
                  const char       *address,
                  GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(ArvCamera) camera = NULL;

  if (self->frame_rate <= 0)
    return TRUE;
  vigil_aravis_lock ();
  camera = arv_camera_new (address, &local_error);
  vigil_aravis_unlock ();
  if (camera != NULL)
    arv_camera_set_region (camera, 0, 0, SIM_SIZE, SIM_SIZE, &local_error);
  if (camera != NULL && local_error == NULL)
    arv_camera_set_frame_rate (camera, self->frame_rate, &local_error);
  if (local_error != NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_SIMULATOR,
                   _("Could not set up the simulated camera on %s: %s"), address, local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* After a respawn the camera is back at its defaults: set the rate through
 * the supervisor, on its worker, once it streams.  The next round waits
 * for the writes: a disturbance while Width restarts the stream was not
 * detected (the frame watchdog waits for a first frame of the restarted
 * stream that never comes). */
static void
reconfigure_slot (VigilSoakRunner *self,
                  Slot            *slot)
{
  slot->configure = FALSE;
  if (self->frame_rate <= 0)
    return;
  slot->writes = 3;
  vigil_supervisor_set_feature (slot->supervisor, VIGIL_FEATURE_WIDTH, g_variant_new_int32 (SIM_SIZE));
  vigil_supervisor_set_feature (slot->supervisor, VIGIL_FEATURE_HEIGHT, g_variant_new_int32 (SIM_SIZE));
  vigil_supervisor_set_feature (slot->supervisor, VIGIL_FEATURE_FRAME_RATE,
                                g_variant_new_double (self->frame_rate));
}

static void
fail (VigilSoakRunner *self,
      GError          *error)
{
  if (self->error == NULL)
    self->error = error;
  else
    g_error_free (error);
  g_main_loop_quit (self->loop);
}

/* ---- Rounds -------------------------------------------------------------- */

static void
begin_round (VigilSoakRunner *self,
             Slot            *slot)
{
  const char * const *points;
  VigilSoakSim sim = VIGIL_SOAK_SIM_NONE;
  g_autoptr(GError) error = NULL;
  guint i;

  g_array_set_size (slot->targets, 0);
  slot->attempts = 0;
  slot->need_attempts = 1;
  slot->round = ++self->rounds;
  points = vigil_soak_plan_get_points (self->plan);
  for (i = 0; points[i] && i < VIGIL_SOAK_MAX_DRAW; i++)
    slot->fired_before[i] = g_str_has_prefix (points[i], "sim.") ? 0
                            : vigil_faults_get_total_fired (faults (self), points[i]);

  if (self->phase == RUN_MEASURE && vigil_soak_plan_get_mode (self->plan) == VIGIL_SOAK_RANDOM)
    {
      VigilSoakDraw draw;

      vigil_soak_plan_draw (self->plan, &draw);
      for (i = 0; i < draw.n_points; i++)
        arm_once (self, slot, draw.points[i]);
      sim = draw.sim;
    }
  else if (self->step != NULL)
    {
      if (self->step->point != NULL && !self->step->persistent)
        arm_once (self, slot, self->step->point);
      sim = self->step->sim;
    }
  if (slot->camera == NULL)
    sim = VIGIL_SOAK_SIM_NONE;
  slot->sim = sim;

  switch (sim)
    {
    case VIGIL_SOAK_SIM_FREEZE:
      if (!vigil_sim_camera_freeze (slot->camera, &error))
        return fail (self, g_steal_pointer (&error));
      slot->frozen_seen_us = 0;
      slot_set_state (slot, SLOT_FROZEN);
      break;

    case VIGIL_SOAK_SIM_UNPLUG:
      if (!vigil_sim_camera_unplug (slot->camera, &error))
        return fail (self, g_steal_pointer (&error));
      slot_set_state (slot, SLOT_UNPLUGGED);
      break;

    case VIGIL_SOAK_SIM_LOSS:
      slot->loss_stage = 1;
      if (!vigil_sim_camera_set_loss (slot->camera, LOSS_PER_THOUSAND, &error))
        return fail (self, g_steal_pointer (&error));
      slot->configure = TRUE;
      slot_set_state (slot, SLOT_ROUND);
      break;

    case VIGIL_SOAK_SIM_NONE:
    default:
      vigil_supervisor_inject_loss (slot->supervisor);
      slot_set_state (slot, SLOT_ROUND);
      break;
    }
}

static char *
fired_points_to_string (VigilSoakRunner *self,
                        guint32          mask)
{
  const char * const *points = vigil_soak_plan_get_points (self->plan);
  GString *out = g_string_new (NULL);

  for (guint i = 0; points[i] && i < VIGIL_SOAK_MAX_DRAW; i++)
    if (mask & (1u << i))
      g_string_append_printf (out, "%s%s", out->len ? ", " : "", points[i]);
  return g_string_free (out, FALSE);
}

static void
end_round (VigilSoakRunner *self,
           Slot            *slot)
{
  const char * const *points = vigil_soak_plan_get_points (self->plan);
  guint32 mask = 0;

  for (guint i = 0; points[i] && i < VIGIL_SOAK_MAX_DRAW; i++)
    {
      gboolean did;

      if (g_str_has_prefix (points[i], "sim."))
        did = g_str_equal (points[i], vigil_soak_sim_to_string (slot->sim));
      else
        did = vigil_faults_get_total_fired (faults (self), points[i]) > slot->fired_before[i];
      if (did)
        mask |= 1u << i;
    }
  /* Kept as a mask in a table taken at the start, so that a fault-heavy
   * run's record of itself does not grow the memory it measures. */
  if (mask != 0 && self->n_fired_rounds < MAX_ROUNDS_KEPT)
    self->fired_rounds[self->n_fired_rounds++] = (FiredRound) { slot->round, slot->index + 1, mask };
  if (mask != 0 && self->round_func != NULL)
    {
      g_autofree char *names = fired_points_to_string (self, mask);
      VigilSoakRound round = { slot->round, slot->index + 1, names };

      self->round_func (self, &round, self->progress_data);
    }
  slot->sim = VIGIL_SOAK_SIM_NONE;
  slot_set_state (slot, SLOT_READY);
}

/* Counts the reconnects a supervisor made since we last looked. */
static void
count_reconnects (VigilSoakRunner *self,
                  Slot            *slot)
{
  guint64 reconnects;

  if (slot->supervisor == NULL)
    return;
  reconnects = vigil_supervisor_get_reconnects (slot->supervisor);
  if (reconnects > slot->reconnects_seen)
    {
      slot->attempts += reconnects - slot->reconnects_seen;
      self->cycles += reconnects - slot->reconnects_seen;
      slot->reconnects_seen = reconnects;
    }
}

/* shutdown.during-open cancels a supervisor for good: it says Idle.  A new
 * one takes its place, as an application would make after a shutdown; that
 * counts as a cycle. */
static void
replace_if_cancelled (VigilSoakRunner *self,
                      Slot            *slot)
{
  if (slot->state == SLOT_CLOSING || slot->state == SLOT_CLOSED || !slot->seen_active ||
      vigil_supervisor_get_state (slot->supervisor) != VIGIL_SUPERVISOR_IDLE)
    return;

  g_debug ("Camera %u: the supervisor was cancelled; starting a new one", slot->index + 1);
  slot_stop_supervisor (slot);
  slot_start_supervisor (slot);
  slot->attempts++;
  self->cycles++;
  self->replacements++;
}

static void
step_slot (VigilSoakRunner *self,
           Slot            *slot)
{
  VigilSupervisorState state;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_monotonic_time ();

  if (slot->state == SLOT_CLOSED)
    return;
  count_reconnects (self, slot);
  replace_if_cancelled (self, slot);
  state = vigil_supervisor_get_state (slot->supervisor);

  switch (slot->state)
    {
    case SLOT_STARTING:
      if (state == VIGIL_SUPERVISOR_STREAMING && slot->attempts >= slot->need_attempts &&
          targets_fired (self, slot))
        slot_set_state (slot, SLOT_READY);
      break;

    case SLOT_FROZEN:
      if (state == VIGIL_SUPERVISOR_RECOVERING && slot->frozen_seen_us == 0)
        slot->frozen_seen_us = now;
      if (slot->frozen_seen_us != 0 && now - slot->frozen_seen_us >= FREEZE_HOLD_MS * 1000)
        {
          if (!vigil_sim_camera_thaw (slot->camera, &error))
            return fail (self, g_steal_pointer (&error));
          slot_set_state (slot, SLOT_ROUND);
        }
      break;

    case SLOT_UNPLUGGED:
      if (state == VIGIL_SUPERVISOR_RECOVERING)
        {
          if (!vigil_sim_camera_replug (slot->camera, &error))
            return fail (self, g_steal_pointer (&error));
          slot->configure = TRUE;
          slot_set_state (slot, SLOT_ROUND);
        }
      break;

    case SLOT_ROUND:
      if (state != VIGIL_SUPERVISOR_STREAMING || slot->attempts < slot->need_attempts ||
          (self->phase != RUN_QUIESCE_FINAL && !targets_fired (self, slot)))
        break;
      if (slot->configure)
        reconfigure_slot (self, slot);
      if (slot->loss_stage == 1)
        {
          /* It streams through a lossy link; now make the link clean again. */
          slot->loss_stage = 2;
          slot->attempts = 0;
          if (!vigil_sim_camera_set_loss (slot->camera, 0, &error))
            return fail (self, g_steal_pointer (&error));
          slot->configure = TRUE;
          slot_set_state (slot, SLOT_ROUND);
          break;
        }
      slot->loss_stage = 0;
      end_round (self, slot);
      break;

    case SLOT_READY:
    case SLOT_CLOSING:
    case SLOT_CLOSED:
    default:
      break;
    }

  if (slot->state != SLOT_READY && slot->state != SLOT_CLOSED && now - slot->since_us > STALL_US)
    fail (self, g_error_new (VIGIL_ERROR, VIGIL_ERROR_TIMEOUT,
                             _("Camera %u (%s) made no progress for %d s (supervisor %s: %s)"),
                             slot->index + 1, slot->address, (int) (STALL_US / G_USEC_PER_SEC),
                             vigil_supervisor_state_to_string (state),
                             vigil_supervisor_get_message (slot->supervisor)
                               ? vigil_supervisor_get_message (slot->supervisor) : _("no message")));
}

/* ---- Quiescing and measuring --------------------------------------------- */

static gint64
count_threads (VigilSoakRunner *self)
{
  g_autoptr(VigilProbeSample) sample =
    vigil_probe_sample (vigil_diagnostics_get_probe (self->diagnostics), VIGIL_PROBE_THREADS);

  return sample->threads;
}

/* The sample once threads that just ended are gone: the thread count has
 * not changed for SETTLE_STABLE_US. */
static VigilProbeSample *
settled_sample (VigilSoakRunner *self)
{
  gint64 deadline = g_get_monotonic_time () + SETTLE_MAX_US;
  gint64 threads = count_threads (self), stable_since = g_get_monotonic_time ();

  while (g_get_monotonic_time () < deadline &&
         g_get_monotonic_time () - stable_since < SETTLE_STABLE_US)
    {
      gint64 now_threads;

      g_usleep (5000);
      if ((now_threads = count_threads (self)) != threads)
        {
          threads = now_threads;
          stable_since = g_get_monotonic_time ();
        }
    }
  return vigil_probe_sample (vigil_diagnostics_get_probe (self->diagnostics), VIGIL_PROBE_DEFAULT);
}

static gboolean
all_slots_in (VigilSoakRunner *self,
              SlotState        state)
{
  for (guint i = 0; i < self->slots->len; i++)
    if (((Slot *) g_ptr_array_index (self->slots, i))->state != state)
      return FALSE;
  return TRUE;
}

static gboolean
rounds_running (VigilSoakRunner *self)
{
  for (guint i = 0; i < self->slots->len; i++)
    {
      Slot *slot = g_ptr_array_index (self->slots, i);

      if (slot->state != SLOT_READY && slot->state != SLOT_CLOSING && slot->state != SLOT_CLOSED)
        return TRUE;
    }
  return FALSE;
}

/* Closes every supervisor once every round has ended; returns TRUE when
 * all are Idle and quiescent. */
static gboolean
quiesce (VigilSoakRunner *self)
{
  if (rounds_running (self))
    return FALSE;

  for (guint i = 0; i < self->slots->len; i++)
    {
      Slot *slot = g_ptr_array_index (self->slots, i);

      if (slot->state == SLOT_READY)
        {
          vigil_supervisor_close (slot->supervisor);
          slot_set_state (slot, SLOT_CLOSING);
        }
      if (slot->state == SLOT_CLOSING &&
          vigil_supervisor_get_state (slot->supervisor) == VIGIL_SUPERVISOR_IDLE &&
          vigil_supervisor_is_quiescent (slot->supervisor))
        slot_set_state (slot, SLOT_CLOSED);
    }
  return all_slots_in (self, SLOT_CLOSED);
}

static void
reopen_all (VigilSoakRunner *self)
{
  for (guint i = 0; i < self->slots->len; i++)
    {
      Slot *slot = g_ptr_array_index (self->slots, i);

      slot->seen_active = FALSE;
      slot->attempts = 0;
      slot->need_attempts = 0;
      g_array_set_size (slot->targets, 0);
      slot_set_state (slot, SLOT_STARTING);
      vigil_supervisor_open (slot->supervisor, slot->address);
    }
}

/* A memory sample (vigil-soak-memory.c) at a quiesce point: every
 * session closed and its threads joined, as at the baseline.  Sampled
 * while the cameras stream instead, the series rose and fell by 300 kB
 * with what the other sessions were doing at that moment (opening, torn
 * down by the reaper, streaming 512x512 after a respawn) -- noise that
 * hid or made a trend. */
static void
sample_memory (VigilSoakRunner *self)
{
  vigil_soak_memory_sample (self->memory, vigil_diagnostics_get_probe (self->diagnostics),
                            self->cycles - self->baseline_cycles);
}

/* What phases left that nobody tracked: a phase and kind that leaves
 * orphans session after session is a leak like an unpaired resource. */
static void
judge_orphans (VigilSoakRunner *self,
               VigilSoakResult *r)
{
  VigilOrphans *orphans = vigil_diagnostics_get_orphans (self->diagnostics);

  r->orphans = vigil_orphans_list_groups (orphans);
  r->growth = vigil_orphans_list_growth (orphans);
  for (guint i = 0; i < r->orphans->len; i++)
    if (((VigilOrphanGroup *) g_ptr_array_index (r->orphans, i))->leak)
      r->status = VIGIL_VERDICT_LEAK;
}

static void
finish (VigilSoakRunner *self)
{
  VigilSoakResult *r = &self->result;
  VigilLedger *ledger = vigil_diagnostics_get_ledger (self->diagnostics);
  VigilHistory *history = vigil_diagnostics_get_history (self->diagnostics);
  VigilMetricVerdict *fds, *threads;
  VigilVerdictStatus memory = VIGIL_VERDICT_PASS;

  r->cycles = self->cycles;
  r->rounds = self->rounds;
  r->replacements = self->replacements;
  r->interrupted = self->interrupted;
  r->seconds = (self->end_us - self->start_us) / (gdouble) G_USEC_PER_SEC;
  r->checkpoint_seconds = self->paused_us / (gdouble) G_USEC_PER_SEC;
  r->rate = r->seconds > r->checkpoint_seconds ? self->cycles / (r->seconds - r->checkpoint_seconds) : 0;
  r->measured_cycles = self->cycles > self->baseline_cycles ? self->cycles - self->baseline_cycles : 0;
  r->verdict = vigil_history_get_verdict (history);
  r->unpaired = vigil_ledger_list_unpaired (ledger);
  r->fired = vigil_faults_list (faults (self));
  r->ledger_open = vigil_ledger_count_open (ledger);
  /* The run's verdict comes from its quiesce points, as DESIGN.md's
   * verdict asks.  The history's own verdict (printed and kept in the
   * report) is over per-reconnect samples taken with the other cameras'
   * sessions open: after a sim.* step their buffers are those of a
   * respawned 512x512 camera, and its private memory read LEAK at
   * +7.7 kB a reconnect in a 200-cycle --faults all run whose quiesced
   * samples were flat until that step.  It still confirms a quiesced
   * growth of fds or threads below. */
  r->status = VIGIL_VERDICT_PASS;

  if (self->baseline != NULL && self->final != NULL)
    {
      r->fd_delta = self->final->open_fds - self->baseline->open_fds;
      r->thread_delta = self->final->threads - self->baseline->threads;
      r->fd_slope = r->measured_cycles ? (gdouble) r->fd_delta / r->measured_cycles : 0;
    }
  /* Resident memory is judged, not private: private memory counts the
   * pages of shared libraries (and of vigil-soak itself) as private while
   * no other process maps them, so it jumped by 1.6 MB when another
   * process using them ended (a respawned camera, a parallel test), with
   * nothing changed here.  Resident memory counts those pages the same
   * whoever else maps them. */
  vigil_soak_memory_trend (self->memory, VIGIL_SOAK_MEMORY_RESIDENT, &r->memory_slope, &r->memory_lower,
                           &r->memory_mk_p);
  {
    gdouble lower;

    vigil_soak_memory_trend (self->memory, VIGIL_SOAK_MEMORY_PRIVATE, &r->private_slope, &lower,
                             &r->private_mk_p);
    vigil_soak_memory_trend (self->memory, VIGIL_SOAK_MEMORY_UNTRIMMED, &r->untrimmed_slope, &lower,
                             &r->untrimmed_mk_p);
    vigil_soak_memory_trend (self->memory, VIGIL_SOAK_MEMORY_HEAP_IN_USE, &r->heap_slope, &lower,
                             &r->heap_mk_p);
  }
  r->memory_n = vigil_soak_memory_get_n (self->memory);

  /* Exact resources after a quiesce point: a resource the ledger says was
   * never closed is a leak, named by its phase and kind; growth of fds or
   * threads is one when the per-reconnect series agrees, else worth a
   * look. */
  fds = &r->verdict->metrics[VIGIL_METRIC_OPEN_FDS];
  threads = &r->verdict->metrics[VIGIL_METRIC_THREADS];
  if (r->unpaired->len > 0)
    r->status = VIGIL_VERDICT_LEAK;
  if (r->fd_delta > 0)
    r->status = MAX (r->status, fds->status != VIGIL_VERDICT_PASS ? VIGIL_VERDICT_LEAK : VIGIL_VERDICT_WATCH);
  if (r->thread_delta > 0)
    r->status = MAX (r->status, threads->status != VIGIL_VERDICT_PASS ? VIGIL_VERDICT_LEAK : VIGIL_VERDICT_WATCH);

  /* Memory over the later half of the run, the noisy rule of the verdict:
   * LEAK only with as many samples as the history asks for. */
  if (!isnan (r->memory_slope))
    memory = vigil_verdict_judge_trend (r->memory_slope, r->memory_lower, r->memory_mk_p,
                                        VIGIL_HISTORY_DEFAULT_MEMORY_BUDGET,
                                        r->memory_n >= VIGIL_HISTORY_MEMORY_MIN_SAMPLES);
  r->status = MAX (r->status, memory);
  judge_orphans (self, r);
}

static void
report_progress (VigilSoakRunner *self)
{
  g_autoptr(VigilProbeSample) sample =
    vigil_probe_sample (vigil_diagnostics_get_probe (self->diagnostics),
                        VIGIL_PROBE_HANDLES | VIGIL_PROBE_THREADS | VIGIL_PROBE_PRIVATE);
  const VigilProbeSample *from = self->baseline ? self->baseline : self->start_sample;
  VigilSoakProgress progress = { 0 };

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
  queue_evaluate (self);
  return G_SOURCE_CONTINUE;
}

/* ---- The loop ------------------------------------------------------------ */

static void
evaluate (VigilSoakRunner *self)
{
  for (guint i = 0; i < self->slots->len && self->error == NULL; i++)
    step_slot (self, g_ptr_array_index (self->slots, i));
  if (self->error != NULL)
    return;

  switch (self->phase)
    {
    case RUN_WARMUP:
      if (self->cycles >= vigil_soak_plan_get_warmup (self->plan) || self->interrupted)
        self->phase = RUN_QUIESCE_BASELINE;
      break;

    case RUN_QUIESCE_BASELINE:
      if (!quiesce (self))
        break;
      self->baseline = settled_sample (self);
      self->baseline_ledger = vigil_ledger_count_open (vigil_diagnostics_get_ledger (self->diagnostics));
      self->baseline_cycles = self->cycles;
      if (self->interrupted)
        {
          self->final = vigil_probe_sample_copy (self->baseline);
          self->phase = RUN_DONE;
          break;
        }
      /* A checkpoint stops every camera's rounds: with K cameras it costs
       * K times the cycles, so short runs with many cameras take fewer
       * (300 cycles on 4 cameras ran at 24 instead of 34 cycles/s with one
       * every 10 cycles). */
      self->checkpoint_every = MAX ((guint64) CHECKPOINT_MIN_CYCLES * self->slots->len,
                                    (self->cycles_wanted - MIN (self->cycles, self->cycles_wanted)) / CHECKPOINTS);
      self->next_checkpoint = self->checkpoint_every;
      sample_memory (self);
      self->phase = RUN_MEASURE;
      reopen_all (self);
      break;

    case RUN_MEASURE:
      if (self->cycles >= self->cycles_wanted || self->interrupted)
        {
          self->phase = RUN_QUIESCE_FINAL;
          follow_step (self);
          vigil_faults_disarm_all (faults (self));
        }
      else if (self->cycles - self->baseline_cycles >= self->next_checkpoint)
        {
          /* No new rounds; the persistent step is off until it resumes. */
          self->phase = RUN_CHECKPOINT;
          follow_step (self);
        }
      else
        follow_step (self);
      break;

    case RUN_CHECKPOINT:
      /* From the end of the last round to the reopening no cycle is made:
       * that pause is measuring, not cycling, and is left out of the rate. */
      if (self->pause_since_us == 0 && !rounds_running (self))
        self->pause_since_us = g_get_monotonic_time ();
      if (!quiesce (self))
        break;
      sample_memory (self);
      self->paused_us += g_get_monotonic_time () - self->pause_since_us;
      self->pause_since_us = 0;
      if (self->interrupted)
        {
          self->phase = RUN_QUIESCE_FINAL;
          vigil_faults_disarm_all (faults (self));
          break;
        }
      while (self->next_checkpoint <= self->cycles - self->baseline_cycles)
        self->next_checkpoint += self->checkpoint_every;
      self->phase = RUN_MEASURE;
      follow_step (self);
      reopen_all (self);
      break;

    case RUN_QUIESCE_FINAL:
      if (!quiesce (self))
        break;
      sample_memory (self);
      self->final = settled_sample (self);
      self->phase = RUN_DONE;
      break;

    case RUN_DONE:
    default:
      break;
    }

  if (self->phase == RUN_DONE)
    {
      g_main_loop_quit (self->loop);
      return;
    }

  if (self->phase == RUN_WARMUP || self->phase == RUN_MEASURE)
    for (guint i = 0; i < self->slots->len && self->error == NULL; i++)
      {
        Slot *slot = g_ptr_array_index (self->slots, i);

        if (slot->state == SLOT_READY)
          {
            if (slot->configure)
              reconfigure_slot (self, slot);
            if (slot->writes == 0)
              begin_round (self, slot);
          }
      }
}

static gboolean
evaluate_idle (gpointer data)
{
  VigilSoakRunner *self = data;

  self->evaluate_id = 0;
  evaluate (self);
  return G_SOURCE_REMOVE;
}

static void
queue_evaluate (VigilSoakRunner *self)
{
  if (self->evaluate_id == 0 && self->phase != RUN_DONE)
    self->evaluate_id = g_idle_add (evaluate_idle, self);
}

/* ---- GObject ------------------------------------------------------------- */

static void
vigil_soak_runner_dispose (GObject *object)
{
  VigilSoakRunner *self = (VigilSoakRunner *) object;

  g_clear_handle_id (&self->progress_id, g_source_remove);
  g_clear_handle_id (&self->evaluate_id, g_source_remove);
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
  self->slots = g_ptr_array_new_with_free_func ((GDestroyNotify) slot_free);
  self->pending = g_hash_table_new (NULL, NULL);
  /* The runner's own records take their memory now (see vigil-memory.c). */
  self->memory = vigil_soak_memory_new ();
  self->fired_rounds = vigil_new_committed (FiredRound, MAX_ROUNDS_KEPT);
}

/**
 * vigil_soak_runner_new:
 *
 * Checks @config and makes the plan; nothing is started yet.
 *
 * Returns: (transfer full) (nullable): the runner, or %NULL with @error
 *   (VIGIL_ERROR_INVALID_ARGUMENT) saying what is wrong
 */
VigilSoakRunner *
vigil_soak_runner_new (const VigilSoakConfig  *config,
                       GError                **error)
{
  g_autoptr(VigilSoakRunner) self = g_object_new (VIGIL_TYPE_SOAK_RUNNER, NULL);
  guint64 warmup;

  g_return_val_if_fail (config != NULL, NULL);

  if (config->cycles == 0)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT, _("--cycles must be at least 1"));
      return NULL;
    }
  if (config->cameras < 1 || config->cameras > 200)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                   _("--cameras must be between 1 and 200, got %u"), config->cameras);
      return NULL;
    }
  if (config->camera_id != NULL && config->cameras > 1)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                   _("--cameras works with the simulated camera only, not with --camera"));
      return NULL;
    }
  if (config->probability < 0 || config->probability > 1)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                   _("--probability must be between 0 and 1, got %g"), config->probability);
      return NULL;
    }

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
  self->frame_rate = config->frame_rate;
  self->leak_demo = config->leak_demo;
  self->diagnostics = vigil_diagnostics_new ();
  vigil_events_set_journal (vigil_diagnostics_get_events (self->diagnostics), FALSE);
  /* Bounded rings grow until they are full: small ones fill during the
   * warm-up, so their growth is not taken for a trend.  Sessions with
   * unpaired resources stay in the ledger whatever the bound. */
  vigil_events_set_capacity (vigil_diagnostics_get_events (self->diagnostics), EVENTS_KEPT);
  vigil_ledger_set_max_ended_sessions (vigil_diagnostics_get_ledger (self->diagnostics), ENDED_SESSIONS_KEPT);
  vigil_faults_set_leak_demo (faults (self), config->leak_demo);
  vigil_history_set_warmup (vigil_diagnostics_get_history (self->diagnostics), TRUE, (guint) warmup);
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

/* Starts the cameras: K simulated ones on 127.0.0.1 … 127.0.0.K. */
static gboolean
start_cameras (VigilSoakRunner  *self,
               GError          **error)
{
  if (self->camera_id == NULL && vigil_sim_camera_find_program () == NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_SIMULATOR,
                   _("%s is not installed (Debian package aravis-tools)"), VIGIL_FAKE_CAMERA_PROGRAM);
      return FALSE;
    }

  self->loopback = vigil_loopback_new ();
  for (guint i = 0; i < self->n_cameras; i++)
    {
      Slot *slot = g_new0 (Slot, 1);
      g_autofree char *serial = g_strdup_printf ("SOAK%u", i + 1);

      slot->runner = self;
      slot->index = i;
      slot->targets = g_array_new (FALSE, FALSE, sizeof (Target));
      g_ptr_array_add (self->slots, slot);
      if (self->camera_id != NULL)
        {
          slot->address = g_strdup (self->camera_id);
          continue;
        }

      slot->address = g_strdup_printf ("127.0.0.%u", i + 1);
      if (!vigil_loopback_ensure (self->loopback, slot->address, error))
        return FALSE;
      slot->camera = vigil_sim_camera_new (slot->address, serial);
      if (!vigil_sim_camera_start (slot->camera, error) ||
          !configure_camera (self, slot->address, error))
        return FALSE;
    }
  return TRUE;
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
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();
  g_autoptr(VigilProbeSample) sample = NULL;

  g_return_val_if_fail (VIGIL_IS_SOAK_RUNNER (self), FALSE);
  g_return_val_if_fail (self->loop == NULL, FALSE);

  self->loop = g_main_loop_new (context, FALSE);
  self->start_us = g_get_monotonic_time ();
  self->start_sample = vigil_probe_sample (vigil_diagnostics_get_probe (self->diagnostics), VIGIL_PROBE_DEFAULT);

  if (!start_cameras (self, error))
    return FALSE;

  self->start_us = g_get_monotonic_time ();
  for (guint i = 0; i < self->slots->len; i++)
    {
      Slot *slot = g_ptr_array_index (self->slots, i);

      slot_set_state (slot, SLOT_STARTING);
      slot_start_supervisor (slot);
    }
  self->progress_id = g_timeout_add (TICK_MS, on_tick, self);
  queue_evaluate (self);
  g_main_loop_run (self->loop);
  g_clear_handle_id (&self->progress_id, g_source_remove);
  self->end_us = g_get_monotonic_time ();

  if (self->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->error));
      return FALSE;
    }

  report_progress (self);
  finish (self);
  return TRUE;
}

/* Ends the run early (SIGINT): the rounds in progress finish, then it is
 * measured as usual. */
void
vigil_soak_runner_interrupt (VigilSoakRunner *self)
{
  g_return_if_fail (VIGIL_IS_SOAK_RUNNER (self));
  self->interrupted = TRUE;
  queue_evaluate (self);
}

VigilSoakPlan *
vigil_soak_runner_get_plan (VigilSoakRunner *self)
{
  return self->plan;
}

VigilDiagnostics *
vigil_soak_runner_get_diagnostics (VigilSoakRunner *self)
{
  return self->diagnostics;
}

const char *
vigil_soak_runner_get_camera_id (VigilSoakRunner *self)
{
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
  return &self->result;
}

/**
 * vigil_soak_runner_build_report:
 *
 * After a run: the vigil-snapshot/1 document of the diagnostics, with a
 * "soak" member for the run itself (its verdict, figures, the fault counts
 * of the whole run and the rounds in which faults fired).
 *
 * Returns: (transfer full): the document
 */
JsonNode *
vigil_soak_runner_build_report (VigilSoakRunner *self)
{
  const VigilSoakResult *r = &self->result;
  g_autofree char *summary = vigil_soak_result_format_summary (r);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) soak = NULL;
  VigilSoakPlan *plan = self->plan;
  VigilSnapshotSource source = {
    .diagnostics = self->diagnostics,
    .state = "Idle",
    .camera_id = vigil_soak_runner_get_camera_id (self),
    .reconnects = r->cycles,
  };
  JsonNode *document;
  const char * const *points = vigil_soak_plan_get_points (plan);

  g_return_val_if_fail (VIGIL_IS_SOAK_RUNNER (self), NULL);

  document = vigil_snapshot_build (&source);

  json_builder_begin_object (builder);
  vigil_json_add_string (builder, "status", vigil_verdict_status_to_string (r->status));
  vigil_json_add_string (builder, "summary", summary);
  vigil_json_add_string (builder, "mode",
                             vigil_soak_plan_get_mode (plan) == VIGIL_SOAK_RANDOM ? "random" : "systematic");
  vigil_json_add_int (builder, "seed", vigil_soak_plan_get_seed (plan));
  vigil_json_add_int (builder, "cameras", self->slots->len);
  vigil_json_add_bool (builder, "leak_demo", self->leak_demo);
  vigil_json_add_int (builder, "cycles", (gint64) r->cycles);
  vigil_json_add_int (builder, "measured_cycles", (gint64) r->measured_cycles);
  vigil_json_add_int (builder, "rounds", (gint64) r->rounds);
  vigil_json_add_int (builder, "supervisor_replacements", (gint64) r->replacements);
  vigil_json_add_double (builder, "seconds", r->seconds);
  vigil_json_add_double (builder, "checkpoint_seconds", r->checkpoint_seconds);
  vigil_json_add_double (builder, "cycles_per_second", r->rate);
  vigil_json_add_int (builder, "fd_delta", r->fd_delta);
  vigil_json_add_double (builder, "fd_per_reconnect", r->fd_slope);
  vigil_json_add_int (builder, "thread_delta", r->thread_delta);
  vigil_json_add_double (builder, "resident_bytes_per_cycle", r->memory_slope);
  vigil_json_add_double (builder, "resident_bytes_mann_kendall_p", r->memory_mk_p);
  vigil_json_add_double (builder, "private_bytes_per_cycle", r->private_slope);
  vigil_json_add_double (builder, "private_bytes_mann_kendall_p", r->private_mk_p);
  vigil_json_add_double (builder, "private_bytes_untrimmed_per_cycle", r->untrimmed_slope);
  vigil_json_add_double (builder, "private_bytes_untrimmed_mann_kendall_p", r->untrimmed_mk_p);
  vigil_json_add_double (builder, "heap_in_use_bytes_per_cycle", r->heap_slope);
  vigil_json_add_double (builder, "heap_in_use_bytes_mann_kendall_p", r->heap_mk_p);
  vigil_soak_memory_add_json (self->memory, builder);

  json_builder_set_member_name (builder, "faults");
  json_builder_begin_array (builder);
  for (guint i = 0; points[i]; i++)
    {
      json_builder_begin_object (builder);
      vigil_json_add_string (builder, "point", points[i]);
      if (!g_str_has_prefix (points[i], "sim."))
        vigil_json_add_int (builder, "fired", (gint64) vigil_faults_get_total_fired (faults (self), points[i]));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "fired_rounds");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->n_fired_rounds; i++)
    {
      const FiredRound *fired = &self->fired_rounds[i];
      g_autofree char *names = fired_points_to_string (self, fired->points);
      g_autofree char *line = g_strdup_printf ("round %" G_GUINT64_FORMAT " camera %u: %s",
                                               fired->round, fired->camera, names);

      json_builder_add_string_value (builder, line);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  soak = json_builder_get_root (builder);
  json_object_set_member (json_node_get_object (document), "soak", g_steal_pointer (&soak));
  return document;
}
