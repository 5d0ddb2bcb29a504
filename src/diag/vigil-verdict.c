/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-verdict"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "vigil-verdict.h"

/* The rules that turn trends into the verdict's words, shared by the
 * history (the panel, the snapshot, the metrics) and vigil-soak.
 *
 * Memory (README "Memory verdict"): what can leak is judged, not what the
 * allocator does with pages.  malloc's bytes in use (the heap) move only
 * with live data; resident and private pages also move with
 * fragmentation, arenas, caches and other processes' sharing of
 * libraries -- measured: resident +7 B/cycle over 10,000 clean cycles
 * while the heap in use moved +0.04 B/cycle.  So:
 *  - the heap decides: LEAK when Mann–Kendall and Theil–Sen both say it
 *    grows and, at the observed rate, it would reach the budget (100 MB)
 *    within the budget's time (a year), and it grew by more than
 *    VIGIL_MEMORY_HEAP_FLOOR_BYTES over the judged window; WATCH when only
 *    one test says so, or with too few samples to confirm; PASS below the
 *    budget, with the figure shown;
 *  - pages that grow while the heap is flat are named ("allocator
 *    fragmentation or retained pages") and do not by themselves make
 *    WATCH;
 *  - where the C library does not say what is in use, pages are judged by
 *    the noisy rule against a per-step budget, as before. */

static gboolean
trend_known (const VigilTrend *trend)
{
  return trend != NULL && trend->n >= 4 && !isnan (trend->slope);
}

/* A single step (a cache filled once) is not a trend: neither test
 * speaks for it. */
static gboolean
mk_says (const VigilTrend *trend)
{
  return !trend->step && trend->mk_p < VIGIL_VERDICT_TREND_ALPHA;
}

static gboolean
ts_says (const VigilTrend *trend)
{
  return !trend->step && trend->lower > 0;
}

/* Days until @trend's growth adds @budget_bytes at @steps_per_day;
 * INFINITY when it does not grow, -1 when the rate is unknown. */
static gdouble
days_to_budget (const VigilTrend *trend,
                gdouble           steps_per_day,
                gdouble           budget_bytes)
{
  if (!trend_known (trend))
    return -1;
  if (trend->slope <= 0)
    return INFINITY;
  if (!(steps_per_day > 0))
    return -1;
  return budget_bytes / (trend->slope * steps_per_day);
}

/* Whether @trend would pass the budget in time (or, with no rate, grows
 * faster than @fallback_per_step). */
static gboolean
over_budget (const VigilTrend *trend,
             gdouble           days,
             gdouble           budget_days,
             gdouble           fallback_per_step)
{
  if (days >= 0)
    return days <= budget_days;
  return trend_known (trend) && trend->slope > fallback_per_step;
}

/**
 * vigil_memory_judge:
 * @heap: (nullable): the trend of malloc's bytes in use; unknown when
 *   %NULL, too short or NaN
 * @pages: (nullable): the trend of resident or private memory
 * @steps_per_day: reconnects (or cycles) a day, -1 when unknown
 * @budget: what growth matters
 * @fallback_per_step: bytes per step above which growth matters when the
 *   rate is unknown, and the budget of pages when the heap is unknown
 * @pages_min_samples: samples before pages alone may read LEAK
 * @out: (out caller-allocates): the word, what decided it and the figures
 */
void
vigil_memory_judge (const VigilTrend        *heap,
                    const VigilTrend        *pages,
                    gdouble                  steps_per_day,
                    const VigilMemoryBudget *budget,
                    gdouble                  fallback_per_step,
                    guint                    pages_min_samples,
                    VigilMemoryJudgement    *out)
{
  gboolean pages_grow;

  g_return_if_fail (budget != NULL && out != NULL);

  *out = (VigilMemoryJudgement) {
    .status = VIGIL_VERDICT_PASS,
    .signal = VIGIL_MEMORY_SIGNAL_NONE,
    .heap = { NAN, NAN, 1, 0, 0, FALSE },
    .pages = { NAN, NAN, 1, 0, 0, FALSE },
    .steps_per_day = steps_per_day > 0 ? steps_per_day : -1,
    .budget_bytes = budget->bytes,
    .budget_days = budget->days,
  };
  if (heap != NULL)
    out->heap = *heap;
  if (pages != NULL)
    out->pages = *pages;
  out->heap_known = trend_known (heap);
  out->heap_days_to_budget = days_to_budget (heap, steps_per_day, budget->bytes);
  out->pages_days_to_budget = days_to_budget (pages, steps_per_day, budget->bytes);

  if (!out->heap_known)
    {
      if (!trend_known (pages))
        return;
      out->status = vigil_verdict_judge_trend (pages->slope, pages->step ? NAN : pages->lower,
                                               pages->step ? 1 : pages->mk_p,
                                               fallback_per_step, pages->n >= pages_min_samples);
      if (out->status != VIGIL_VERDICT_PASS)
        out->signal = VIGIL_MEMORY_SIGNAL_PAGES;
      return;
    }

  if (over_budget (heap, out->heap_days_to_budget, budget->days, fallback_per_step) &&
      heap->slope * heap->span > VIGIL_MEMORY_HEAP_FLOOR_BYTES &&
      (mk_says (heap) || ts_says (heap)))
    {
      out->signal = VIGIL_MEMORY_SIGNAL_HEAP;
      out->status = mk_says (heap) && ts_says (heap) && heap->n >= VIGIL_MEMORY_HEAP_MIN_SAMPLES
                      ? VIGIL_VERDICT_LEAK : VIGIL_VERDICT_WATCH;
      return;
    }

  pages_grow = trend_known (pages) && (mk_says (pages) || ts_says (pages)) && pages->slope > 0;
  if (pages_grow)
    out->signal = VIGIL_MEMORY_SIGNAL_PAGES_HEAP_FLAT;
}

static char *
format_days (gdouble days)
{
  if (days < 0)
    return g_strdup (_("unknown"));
  if (isinf (days))
    return g_strdup (_("never"));
  if (days < 1.0 / 24)
    return g_strdup_printf (_("%.0f minutes"), days * 24 * 60);
  if (days < 2)
    return g_strdup_printf (_("%.1f hours"), days * 24);
  if (days < 730)
    return g_strdup_printf (_("%.1f days"), days);
  return g_strdup_printf (_("%.0f years"), days / 365);
}

/**
 * vigil_memory_judgement_describe:
 * @pages: what the pages figure is, in words ("resident", "private"), translated
 * @step: what one step is, in words ("cycle", "reconnect"), translated
 * @steps: steps the trend covers, for the total it grew by
 *
 * Returns: (transfer full): the memory word's reason in one sentence, e.g.
 *   "resident +7 B/cycle while the heap in use is flat: allocator
 *   fragmentation or retained pages, 70 kB over the run"
 */
char *
vigil_memory_judgement_describe (const VigilMemoryJudgement *judgement,
                                 const char                *pages,
                                 const char                *step,
                                 guint64                    steps)
{
  const VigilMemoryJudgement *j = judgement;
  g_autofree char *budget = g_format_size ((guint64) j->budget_bytes);

  g_return_val_if_fail (judgement != NULL && pages != NULL && step != NULL, NULL);

  switch (j->signal)
    {
    case VIGIL_MEMORY_SIGNAL_HEAP:
      {
        g_autofree char *when = format_days (j->heap_days_to_budget);

        return g_strdup_printf (_("heap in use %+.0f B/%s (Mann–Kendall p=%.2g): %s more within %s at this rate"),
                                j->heap.slope, step, j->heap.mk_p, budget, when);
      }
    case VIGIL_MEMORY_SIGNAL_PAGES:
      return g_strdup_printf (_("%s %+.0f B/%s (Mann–Kendall p=%.2g; the C library does not say what is in use)"),
                              pages, j->pages.slope, step, j->pages.mk_p);
    case VIGIL_MEMORY_SIGNAL_PAGES_HEAP_FLAT:
      {
        g_autofree char *total = g_format_size ((guint64) MAX (0, j->pages.slope * steps));

        return g_strdup_printf (_("%s %+.0f B/%s while the heap in use is flat (%+.2f B/%s): "
                                  "allocator fragmentation or retained pages, %s over the run"),
                                pages, j->pages.slope, step, j->heap.slope, step, total);
      }
    case VIGIL_MEMORY_SIGNAL_NONE:
    default:
      if (j->heap_known && isinf (j->heap_days_to_budget))
        return g_strdup_printf (_("heap in use %+.2f B/%s: not growing (the budget: %s within %.0f days)"),
                                j->heap.slope, step, budget, j->budget_days);
      if (j->heap_known)
        {
          g_autofree char *when = format_days (j->heap_days_to_budget);

          return g_strdup_printf (_("heap in use %+.2f B/%s: %s more in %s at this rate (the budget: %s within %.0f days)"),
                                  j->heap.slope, step, budget, when, budget, j->budget_days);
        }
      if (trend_known (&j->pages))
        return g_strdup_printf (_("%s %+.0f B/%s (not significant, Mann–Kendall p=%.2g)"),
                                pages, j->pages.slope, step, j->pages.mk_p);
      return g_strdup (_("memory unknown (too few samples)"));
    }
}

/**
 * vigil_verdict_judge_trend:
 * @theil_sen: the Theil–Sen slope of a noisy series (per reconnect or cycle)
 * @theil_sen_lower: its 95 % lower bound
 * @mk_p: the one-sided Mann–Kendall p of an upward trend
 * @budget: growth per step tolerated
 * @may_leak: enough samples for LEAK
 *
 * The noisy rule of DESIGN.md "Leak verdict", for the history and
 * vigil-soak alike: WATCH when one of Mann–Kendall (p < 0.01) and Theil–Sen
 * (its lower bound above 0) says "growth", LEAK when both do and the slope
 * is above @budget.  NaN figures say nothing.
 */
VigilVerdictStatus
vigil_verdict_judge_trend (gdouble  theil_sen,
                           gdouble  theil_sen_lower,
                           gdouble  mk_p,
                           gdouble  budget,
                           gboolean may_leak)
{
  gboolean mk_says = mk_p < VIGIL_VERDICT_TREND_ALPHA;
  gboolean ts_says = theil_sen_lower > 0;

  if (mk_says && ts_says && theil_sen > budget && may_leak)
    return VIGIL_VERDICT_LEAK;
  if (mk_says || ts_says)
    return VIGIL_VERDICT_WATCH;
  return VIGIL_VERDICT_PASS;
}

const char *
vigil_verdict_status_to_string (VigilVerdictStatus status)
{
  switch (status)
    {
    case VIGIL_VERDICT_PASS:  return "PASS";
    case VIGIL_VERDICT_WATCH: return "WATCH";
    case VIGIL_VERDICT_LEAK:  return "LEAK";
    default:                  return NULL;
    }
}

const char *
vigil_memory_signal_to_string (VigilMemorySignal signal)
{
  switch (signal)
    {
    case VIGIL_MEMORY_SIGNAL_NONE:            return "none";
    case VIGIL_MEMORY_SIGNAL_HEAP:            return "heap_in_use";
    case VIGIL_MEMORY_SIGNAL_PAGES:           return "pages";
    case VIGIL_MEMORY_SIGNAL_PAGES_HEAP_FLAT: return "pages_heap_flat";
    default:                                  return NULL;
    }
}
