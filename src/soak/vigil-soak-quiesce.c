/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-soak-quiesce"

#include "config.h"

#include "vigil-faults.h"
#include "vigil-soak-runner-private.h"

/* Quiesce points of VigilSoakRunner (DESIGN.md "Leak verdict"): the rounds
 * stop, every supervisor is closed and its threads joined
 * (vigil_supervisor_is_quiescent), and only then is the process sampled --
 * the baseline after the warm-up, memory at about CHECKPOINTS checkpoints
 * over the run, the final sample after the last cycle.  The cameras are
 * then opened again (opens that are not counted as cycles). */

#define SETTLE_STABLE_US      (100 * 1000)
#define SETTLE_MAX_US         (3 * G_USEC_PER_SEC)
#define CHECKPOINTS           100     /* memory samples over a run */
#define CHECKPOINT_MIN_CYCLES 10      /* at most one per this many cycles a camera */

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

gboolean
_vigil_soak_quiesce_rounds_running (VigilSoakRunner *self)
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
  if (_vigil_soak_quiesce_rounds_running (self))
    return FALSE;

  for (guint i = 0; i < self->slots->len; i++)
    {
      Slot *slot = g_ptr_array_index (self->slots, i);

      if (slot->state == SLOT_READY)
        {
          vigil_supervisor_close (slot->supervisor);
          _vigil_soak_slot_set_state (slot, SLOT_CLOSING);
        }
      if (slot->state == SLOT_CLOSING &&
          vigil_supervisor_get_state (slot->supervisor) == VIGIL_SUPERVISOR_IDLE &&
          vigil_supervisor_is_quiescent (slot->supervisor))
        _vigil_soak_slot_set_state (slot, SLOT_CLOSED);
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
      _vigil_soak_slot_set_state (slot, SLOT_STARTING);
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

/* RUN_QUIESCE_BASELINE: the baseline once all is quiet, then measuring
 * starts (or, interrupted in the warm-up, the run ends there). */
void
_vigil_soak_quiesce_baseline (VigilSoakRunner *self)
{
  if (!quiesce (self))
    return;
  self->baseline = settled_sample (self);
  self->baseline_ledger = vigil_ledger_count_open (vigil_diagnostics_get_ledger (self->diagnostics));
  self->baseline_cycles = self->cycles;
  if (self->interrupted)
    {
      self->final = vigil_probe_sample_copy (self->baseline);
      self->phase = RUN_DONE;
      return;
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
}

/* RUN_CHECKPOINT: a memory sample once all is quiet, then the rounds go
 * on (or, interrupted, the final quiesce point follows). */
void
_vigil_soak_quiesce_checkpoint (VigilSoakRunner *self)
{
  /* From the end of the last round to the reopening no cycle is made:
   * that pause is measuring, not cycling, and is left out of the rate. */
  if (self->pause_since_us == 0 && !_vigil_soak_quiesce_rounds_running (self))
    self->pause_since_us = g_get_monotonic_time ();
  if (!quiesce (self))
    return;
  sample_memory (self);
  self->paused_us += g_get_monotonic_time () - self->pause_since_us;
  self->pause_since_us = 0;
  if (self->interrupted)
    {
      self->phase = RUN_QUIESCE_FINAL;
      vigil_faults_disarm_all (_vigil_soak_arming_get_faults (self));
      return;
    }
  while (self->next_checkpoint <= self->cycles - self->baseline_cycles)
    self->next_checkpoint += self->checkpoint_every;
  self->phase = RUN_MEASURE;
  _vigil_soak_arming_follow_step (self);
  reopen_all (self);
}

/* RUN_QUIESCE_FINAL: the last memory sample and the final probe sample
 * once all is quiet; the run is done. */
void
_vigil_soak_quiesce_final (VigilSoakRunner *self)
{
  if (!quiesce (self))
    return;
  sample_memory (self);
  self->final = settled_sample (self);
  self->phase = RUN_DONE;
}
