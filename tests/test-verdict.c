/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "vigil-history.h"
#include "vigil-stats.h"
#include "vigil-verdict.h"

/* The memory rule of vigil-verdict.c on synthetic series, as vigil-soak
 * samples them: one point per checkpoint, judged over the later half. */

#define N_POINTS        100
#define CYCLES_PER_STEP 100         /* cycles between two checkpoints (10,000 cycles, 100 checkpoints) */
#define CYCLES_PER_DAY  (30.0 * 86400)   /* vigil-soak's rate on 4 cameras */

typedef gdouble (*SeriesFunc) (guint i, GRand *rand);

static void
trend_of (SeriesFunc  func,
          guint32     seed,
          VigilTrend *trend)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  gdouble x[N_POINTS], y[N_POINTS];
  guint start = N_POINTS / 2;
  VigilMannKendall mk;

  for (guint i = 0; i < N_POINTS; i++)
    {
      x[i] = (gdouble) i * CYCLES_PER_STEP;
      y[i] = func (i, rand);
    }
  trend->slope = vigil_stats_theil_sen (x + start, y + start, N_POINTS - start, 0.95, &trend->lower, NULL);
  vigil_stats_mann_kendall (y + start, N_POINTS - start, &mk);
  trend->mk_p = mk.p_increasing;
  trend->n = N_POINTS - start;
  trend->span = x[N_POINTS - 1] - x[start];
  trend->step = vigil_stats_is_single_step (x + start, y + start, N_POINTS - start);
}

static void
judge (SeriesFunc            heap,
       SeriesFunc            pages,
       guint32               seed,
       VigilMemoryJudgement *out)
{
  VigilMemoryBudget budget = { VIGIL_MEMORY_DEFAULT_BUDGET_BYTES, VIGIL_MEMORY_DEFAULT_BUDGET_DAYS };
  VigilTrend heap_trend, pages_trend;

  trend_of (heap, seed, &heap_trend);
  trend_of (pages, seed + 1000, &pages_trend);
  vigil_memory_judge (&heap_trend, &pages_trend, CYCLES_PER_DAY, &budget,
                      VIGIL_HISTORY_DEFAULT_MEMORY_BUDGET, VIGIL_HISTORY_MEMORY_MIN_SAMPLES, out);
}

/* The heap in use of a clean run: a few allocations come and go. */
static gdouble
heap_flat (guint i, GRand *rand)
{
  return 8e6 + 64 * g_rand_int_range (rand, -3, 4);
}

/* Resident pages in steps of a page every few checkpoints (+7 B/cycle on
 * average, as measured over 10,000 clean cycles), with jitter. */
static gdouble
resident_staircase (guint i, GRand *rand)
{
  return 12e6 + 4096.0 * (i * CYCLES_PER_STEP * 7 / 4096) + 4096 * g_rand_int_range (rand, 0, 2);
}

static gdouble
resident_flat (guint i, GRand *rand)
{
  return 12e6 + 4096 * g_rand_int_range (rand, -2, 3);
}

/* 64 bytes leaked per cycle, on top of the clean heap's jitter. */
static gdouble
heap_leak_64 (guint i, GRand *rand)
{
  return heap_flat (i, rand) + 64.0 * i * CYCLES_PER_STEP;
}

/* One step of 40 kB at checkpoint 70 (a cache filled once), flat around it. */
static gdouble
heap_step (guint i, GRand *rand)
{
  return heap_flat (i, rand) + (i >= 70 ? 40000 : 0);
}

/* The bounded diagnostics filling up as the plan moves on: +9 kB over the
 * judged half, steadily (measured in a clean 1,000-cycle run). */
static gdouble
heap_bounded_ramp (guint i, GRand *rand)
{
  return heap_flat (i, rand) + (i >= 50 ? 180.0 * (i - 50) : 0);
}

static void
test_verdict_bounded_ramp (void)
{
  VigilMemoryJudgement j;

  judge (heap_bounded_ramp, resident_flat, 5, &j);
  g_assert_cmpfloat (j.heap.mk_p, <, VIGIL_VERDICT_TREND_ALPHA);   /* a trend, statistically */
  g_assert_cmpint (j.status, ==, VIGIL_VERDICT_PASS);              /* but under the floor */
}

static void
test_verdict_fragmentation_is_named (void)
{
  for (guint32 seed = 1; seed <= 20; seed++)
    {
      VigilMemoryJudgement j;
      g_autofree char *text = NULL;

      judge (heap_flat, resident_staircase, seed, &j);
      text = vigil_memory_judgement_describe (&j, "resident", "cycle", N_POINTS * CYCLES_PER_STEP);
      g_test_message ("seed %u: %s", seed, text);
      g_assert_cmpint (j.status, ==, VIGIL_VERDICT_PASS);
      g_assert_true (j.heap_known);
      g_assert_cmpint (j.signal, ==, VIGIL_MEMORY_SIGNAL_PAGES_HEAP_FLAT);
      g_assert_nonnull (strstr (text, "fragmentation"));
      g_assert_nonnull (strstr (text, "heap in use is flat"));
    }
}

static void
test_verdict_heap_leak (void)
{
  VigilMemoryJudgement j;
  g_autofree char *text = NULL;

  judge (heap_leak_64, resident_flat, 3, &j);
  text = vigil_memory_judgement_describe (&j, "resident", "cycle", N_POINTS * CYCLES_PER_STEP);
  g_test_message ("%s", text);
  g_assert_cmpint (j.status, ==, VIGIL_VERDICT_LEAK);
  g_assert_cmpint (j.signal, ==, VIGIL_MEMORY_SIGNAL_HEAP);
  g_assert_cmpfloat_with_epsilon (j.heap.slope, 64, 2);
  g_assert_cmpfloat (j.heap_days_to_budget, <, 1);
  g_assert_nonnull (strstr (text, "heap in use"));
}

static void
test_verdict_single_step (void)
{
  for (guint32 seed = 1; seed <= 20; seed++)
    {
      VigilMemoryJudgement j;

      judge (heap_step, resident_flat, seed, &j);
      g_assert_cmpint (j.status, ==, VIGIL_VERDICT_PASS);
    }
}

static void
test_verdict_clean_runs_pass (void)
{
  for (guint32 seed = 1; seed <= 200; seed++)
    {
      VigilMemoryJudgement j;

      judge (heap_flat, resident_flat, seed, &j);
      g_assert_cmpint (j.status, ==, VIGIL_VERDICT_PASS);
    }
}

/* Growth far below the budget is shown, not judged: 0.5 B a reconnect at
 * 24 reconnects a day is 4 kB a year. */
static void
test_verdict_under_budget (void)
{
  VigilMemoryBudget budget = { VIGIL_MEMORY_DEFAULT_BUDGET_BYTES, VIGIL_MEMORY_DEFAULT_BUDGET_DAYS };
  VigilTrend heap = { 0.5, 0.4, 1e-9, 100, 1e6, FALSE };
  VigilMemoryJudgement j;
  g_autofree char *text = NULL;

  vigil_memory_judge (&heap, NULL, 24, &budget, VIGIL_HISTORY_DEFAULT_MEMORY_BUDGET,
                      VIGIL_HISTORY_MEMORY_MIN_SAMPLES, &j);
  text = vigil_memory_judgement_describe (&j, "private", "reconnect", 100);
  g_test_message ("%s", text);
  g_assert_cmpint (j.status, ==, VIGIL_VERDICT_PASS);
  g_assert_cmpint (j.signal, ==, VIGIL_MEMORY_SIGNAL_NONE);
  g_assert_cmpfloat (j.heap_days_to_budget, >, 365);

  /* The same growth at vigil-soak's rate passes the budget within days. */
  vigil_memory_judge (&heap, NULL, 1e7, &budget, VIGIL_HISTORY_DEFAULT_MEMORY_BUDGET,
                      VIGIL_HISTORY_MEMORY_MIN_SAMPLES, &j);
  g_assert_cmpint (j.status, ==, VIGIL_VERDICT_LEAK);
}

/* Too few samples to confirm: WATCH, not LEAK. */
static void
test_verdict_few_samples (void)
{
  VigilMemoryBudget budget = { VIGIL_MEMORY_DEFAULT_BUDGET_BYTES, VIGIL_MEMORY_DEFAULT_BUDGET_DAYS };
  VigilTrend heap = { 4096, 4000, 1e-4, VIGIL_MEMORY_HEAP_MIN_SAMPLES - 1, 100, FALSE };
  VigilMemoryJudgement j;

  vigil_memory_judge (&heap, NULL, CYCLES_PER_DAY, &budget, VIGIL_HISTORY_DEFAULT_MEMORY_BUDGET,
                      VIGIL_HISTORY_MEMORY_MIN_SAMPLES, &j);
  g_assert_cmpint (j.status, ==, VIGIL_VERDICT_WATCH);
  heap.n = VIGIL_MEMORY_HEAP_MIN_SAMPLES;
  vigil_memory_judge (&heap, NULL, CYCLES_PER_DAY, &budget, VIGIL_HISTORY_DEFAULT_MEMORY_BUDGET,
                      VIGIL_HISTORY_MEMORY_MIN_SAMPLES, &j);
  g_assert_cmpint (j.status, ==, VIGIL_VERDICT_LEAK);
}

/* The history judges the heap when its samples carry it. */
static void
test_verdict_history_heap (void)
{
  g_autoptr(VigilHistory) history = vigil_history_new ();
  g_autoptr(VigilVerdict) verdict = NULL;

  vigil_history_mark_session_opened (history);
  for (guint i = 1; i <= 60; i++)
    {
      VigilProbeSample sample = { 0 };

      /* One reconnect a second: 86,400 a day. */
      sample.monotonic_us = (gint64) i * G_USEC_PER_SEC;
      sample.wall_us = sample.monotonic_us;
      sample.open_fds = 100;
      sample.threads = 5;
      sample.private_bytes = (50 << 20) + 4096 * (gint64) (i % 3);
      sample.heap_bytes = (8 << 20) + 4096 * (gint64) i;
      sample.fd_soft_limit = 1024;
      vigil_history_add_reconnect_sample (history, &sample, 3);
    }
  verdict = vigil_history_get_verdict (history);
  g_assert_cmpint (verdict->metrics[VIGIL_METRIC_HEAP_BYTES].status, ==, VIGIL_VERDICT_LEAK);
  g_assert_cmpint (verdict->metrics[VIGIL_METRIC_PRIVATE_BYTES].status, ==, VIGIL_VERDICT_PASS);
  g_assert_cmpint (verdict->memory.signal, ==, VIGIL_MEMORY_SIGNAL_HEAP);
  g_assert_cmpint (verdict->status, ==, VIGIL_VERDICT_LEAK);
  g_assert_finalize_object (g_steal_pointer (&history));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/verdict/fragmentation-is-named", test_verdict_fragmentation_is_named);
  g_test_add_func ("/vigil/verdict/heap-leak", test_verdict_heap_leak);
  g_test_add_func ("/vigil/verdict/single-step", test_verdict_single_step);
  g_test_add_func ("/vigil/verdict/bounded-ramp", test_verdict_bounded_ramp);
  g_test_add_func ("/vigil/verdict/clean-runs-pass", test_verdict_clean_runs_pass);
  g_test_add_func ("/vigil/verdict/under-budget", test_verdict_under_budget);
  g_test_add_func ("/vigil/verdict/few-samples", test_verdict_few_samples);
  g_test_add_func ("/vigil/verdict/history-heap", test_verdict_history_heap);

  return g_test_run ();
}
