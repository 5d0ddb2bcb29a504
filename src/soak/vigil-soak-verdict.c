/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-soak-verdict"

#include "config.h"

#include <math.h>

#include "vigil-faults.h"
#include "vigil-history.h"
#include "vigil-soak-runner-private.h"

/* The result of a finished VigilSoakRunner run and its verdict, from the
 * quiesce points (vigil-soak-quiesce.c); vigil-soak-result.c puts it in
 * words. */

/* The memory series' trends and the memory word (vigil-verdict.c): the
 * heap in use decides; resident memory growing while the heap is flat is
 * named, not judged.  Resident rather than private memory is the pages
 * figure: private memory counts the pages of shared libraries (and of
 * vigil-soak itself) as private while no other process maps them, so it
 * jumped by 1.6 MB when another process using them ended (a respawned
 * camera, a parallel test), with nothing changed here.  The budget is
 * judged at the run's own rate: a soak compresses months of reconnects,
 * and growth per cycle that would pass the budget within its days at that
 * rate is what a leak per reconnect means. */
static void
measure_memory (VigilSoakRunner *self,
                VigilSoakResult *r)
{
  VigilTrend heap, resident;
  gdouble lower;

  vigil_soak_memory_trend (self->memory, VIGIL_SOAK_MEMORY_RESIDENT, &r->memory_slope, &r->memory_lower,
                           &r->memory_mk_p);
  vigil_soak_memory_trend (self->memory, VIGIL_SOAK_MEMORY_PRIVATE, &r->private_slope, &lower,
                           &r->private_mk_p);
  vigil_soak_memory_trend (self->memory, VIGIL_SOAK_MEMORY_UNTRIMMED, &r->untrimmed_slope, &lower,
                           &r->untrimmed_mk_p);
  vigil_soak_memory_trend (self->memory, VIGIL_SOAK_MEMORY_HEAP_IN_USE, &r->heap_slope, &lower,
                           &r->heap_mk_p);
  r->memory_n = vigil_soak_memory_get_n (self->memory);

  vigil_soak_memory_get_trend (self->memory, VIGIL_SOAK_MEMORY_HEAP_IN_USE, &heap);
  vigil_soak_memory_get_trend (self->memory, VIGIL_SOAK_MEMORY_RESIDENT, &resident);
  /* The pages figure may read LEAK only with as many samples as the
   * history asks for (where the heap is unknown). */
  resident.n = r->memory_n;
  vigil_memory_judge (&heap, &resident, r->rate * 86400, &self->memory_budget, VIGIL_HISTORY_DEFAULT_MEMORY_BUDGET,
                      VIGIL_HISTORY_MEMORY_MIN_SAMPLES, &r->memory);
}

/* The run's verdict comes from its quiesce points, as DESIGN.md's verdict
 * asks.  The history's own verdict (printed and kept in the report) is
 * over per-reconnect samples taken with the other cameras' sessions open:
 * after a sim.* step their buffers are those of a respawned 512x512
 * camera, and its private memory read LEAK at +7.7 kB a reconnect in a
 * 200-cycle --faults all run whose quiesced samples were flat until that
 * step.  It still confirms a quiesced growth of fds or threads below. */
static VigilVerdictStatus
judge (const VigilSoakResult *r)
{
  const VigilMetricVerdict *fds = &r->verdict->metrics[VIGIL_METRIC_OPEN_FDS];
  const VigilMetricVerdict *threads = &r->verdict->metrics[VIGIL_METRIC_THREADS];
  VigilVerdictStatus status = VIGIL_VERDICT_PASS;

  /* Exact resources after a quiesce point: a resource the ledger says was
   * never closed is a leak, named by its phase and kind; growth of fds or
   * threads is one when the per-reconnect series agrees, else worth a
   * look. */
  if (r->unpaired->len > 0 || r->dropped.n_unpaired > 0)
    status = VIGIL_VERDICT_LEAK;
  if (r->fd_delta > 0)
    status = MAX (status, fds->status != VIGIL_VERDICT_PASS ? VIGIL_VERDICT_LEAK : VIGIL_VERDICT_WATCH);
  if (r->thread_delta > 0)
    status = MAX (status, threads->status != VIGIL_VERDICT_PASS ? VIGIL_VERDICT_LEAK : VIGIL_VERDICT_WATCH);

  return MAX (status, r->memory.status);
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

/* Fills the result of the run that just ended. */
void
_vigil_soak_verdict_finish (VigilSoakRunner *self)
{
  VigilSoakResult *r = &self->result;
  VigilLedger *ledger = vigil_diagnostics_get_ledger (self->diagnostics);
  VigilHistory *history = vigil_diagnostics_get_history (self->diagnostics);

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
  vigil_ledger_get_dropped (ledger, &r->dropped);
  r->fired = vigil_faults_list (_vigil_soak_arming_get_faults (self));
  r->ledger_open = vigil_ledger_count_open (ledger);

  if (self->baseline != NULL && self->final != NULL)
    {
      r->fd_delta = self->final->open_fds - self->baseline->open_fds;
      r->thread_delta = self->final->threads - self->baseline->threads;
      r->fd_slope = r->measured_cycles ? (gdouble) r->fd_delta / r->measured_cycles : 0;
    }
  measure_memory (self, r);
  r->status = judge (r);
  judge_orphans (self, r);
}
