/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The words of the leak verdict (DESIGN.md "Leak verdict"): the same in
 * the panel, the snapshot, vigil-soak and the metrics. */
typedef enum
{
  VIGIL_VERDICT_PASS,
  VIGIL_VERDICT_WATCH,
  VIGIL_VERDICT_LEAK,
} VigilVerdictStatus;

#define VIGIL_VERDICT_TREND_ALPHA            0.01   /* Mann–Kendall: "growth" below this p */

/* The memory budget (README "Memory verdict"): growth matters when it would
 * reach this many bytes within this many days at the observed rate of
 * reconnects (or vigil-soak cycles). */
#define VIGIL_MEMORY_DEFAULT_BUDGET_BYTES    100e6    /* 100 MB */
#define VIGIL_MEMORY_DEFAULT_BUDGET_DAYS     365.0
/* Heap in use moves only with live data: fewer samples confirm a trend
 * than for resident pages (VIGIL_HISTORY_MEMORY_MIN_SAMPLES).  Eight is the
 * fewest with which Mann–Kendall can say p < 0.01 (eight rising samples:
 * p = 0.0004); a 200-cycle vigil-soak run judges eight. */
#define VIGIL_MEMORY_HEAP_MIN_SAMPLES        8
/* The heap in use holds bounded diagnostics (the event ring's strings, the
 * ended sessions kept) whose size follows what the run is doing: measured
 * ±20 kB over a clean 1,000-cycle `vigil-soak --faults all`, in ramps of a
 * few hundred cycles as the plan moves from fault to fault.  Growth smaller
 * than this over the judged window cannot be told from that. */
#define VIGIL_MEMORY_HEAP_FLOOR_BYTES        (32.0 * 1024)

/* A noisy series' trend per step (reconnect or cycle). */
typedef struct
{
  gdouble slope;              /* Theil–Sen, bytes per step; NaN unknown */
  gdouble lower;              /* its 95 % lower bound */
  gdouble mk_p;               /* one-sided Mann–Kendall p of an upward trend */
  guint   n;                  /* samples */
  gdouble span;               /* steps the window covers (last x − first x) */
  gboolean step;              /* one step fits better than a line (vigil_stats_is_single_step) */
} VigilTrend;

typedef struct
{
  gdouble bytes;              /* e.g. 100 MB … */
  gdouble days;               /* … within a year */
} VigilMemoryBudget;

/* What decided the memory word, or the note beside a PASS. */
typedef enum
{
  VIGIL_MEMORY_SIGNAL_NONE,             /* nothing grows that matters */
  VIGIL_MEMORY_SIGNAL_HEAP,             /* malloc's bytes in use grow */
  VIGIL_MEMORY_SIGNAL_PAGES,            /* resident/private pages grow; heap unknown */
  VIGIL_MEMORY_SIGNAL_PAGES_HEAP_FLAT,  /* pages grow, the heap does not: named, not judged */
} VigilMemorySignal;

typedef struct
{
  VigilVerdictStatus status;
  VigilMemorySignal  signal;
  gboolean           heap_known;
  VigilTrend         heap;
  VigilTrend         pages;
  gdouble            steps_per_day;     /* -1 unknown */
  gdouble            budget_bytes;
  gdouble            budget_days;
  gdouble            heap_days_to_budget;   /* INFINITY when flat, -1 unknown */
  gdouble            pages_days_to_budget;
} VigilMemoryJudgement;

void        vigil_memory_judge               (const VigilTrend          *heap,
                                              const VigilTrend          *pages,
                                              gdouble                    steps_per_day,
                                              const VigilMemoryBudget   *budget,
                                              gdouble                    fallback_per_step,
                                              guint                      pages_min_samples,
                                              VigilMemoryJudgement      *out);
char       *vigil_memory_judgement_describe  (const VigilMemoryJudgement *judgement,
                                              const char                *pages,
                                              const char                *step,
                                              guint64                    steps);
const char *vigil_memory_signal_to_string    (VigilMemorySignal          signal);
VigilVerdictStatus vigil_verdict_judge_trend (gdouble                    theil_sen,
                                              gdouble                    theil_sen_lower,
                                              gdouble                    mk_p,
                                              gdouble                    budget,
                                              gboolean                   may_leak);
const char *vigil_verdict_status_to_string   (VigilVerdictStatus         status);

G_END_DECLS
