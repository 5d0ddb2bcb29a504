/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "vigil-defaults.h"
#include "vigil-probe.h"
#include "vigil-verdict.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_HISTORY (vigil_history_get_type ())
#define VIGIL_TYPE_VERDICT (vigil_verdict_get_type ())

#define VIGIL_HISTORY_DEFAULT_CAPACITY          (VIGIL_HISTORY_WINDOW_S_DEFAULT * 1000 / VIGIL_SAMPLE_INTERVAL_MS_DEFAULT)
#define VIGIL_HISTORY_DEFAULT_RECONNECT_CAPACITY 4096
#define VIGIL_HISTORY_MEMORY_MIN_SAMPLES         30  /* samples before memory can be LEAK */
#define VIGIL_HISTORY_DEFAULT_MEMORY_BUDGET   1024.0   /* bytes per step above which memory is LEAK
                                                          when neither the heap nor the rate is known */

G_DECLARE_FINAL_TYPE (VigilHistory, vigil_history, VIGIL, HISTORY, GObject)

/* Exact metrics first, then the noisy one.  Appended, never inserted. */
typedef enum
{
  VIGIL_METRIC_OPEN_FDS,
  VIGIL_METRIC_THREADS,
  VIGIL_METRIC_LEDGER_OPEN,
  VIGIL_METRIC_PRIVATE_BYTES,
  VIGIL_METRIC_HEAP_BYTES,        /* malloc's bytes in use; judged with private bytes */
  VIGIL_N_METRICS,
} VigilMetric;

/* One point of the series.  A figure of -1 is unknown. */
typedef struct
{
  gint64   monotonic_us;
  gint64   wall_us;
  gint64   values[VIGIL_N_METRICS];
  guint64  reconnects;            /* reconnects counted when taken */
  gboolean records_filling;       /* the diagnostics' bounded records were still filling */
} VigilHistoryPoint;

typedef struct
{
  VigilVerdictStatus status;
  gboolean           valid;       /* enough known points after the baseline */
  guint              n;           /* points used, baseline included */
  gdouble            baseline;
  gdouble            current;
  gdouble            slope;       /* (current − baseline) / reconnects since baseline */
  gdouble            theil_sen;   /* per reconnect, over the window */
  gdouble            theil_sen_lower;  /* 95 % bound */
  gdouble            mk_z;
  gdouble            mk_p;        /* one-sided p of an upward trend */
  gboolean           step;        /* the window is one step, not a trend */
  gdouble            span;        /* reconnects the trend window covers */
  gboolean           filling;     /* the diagnostics' records were filling in the window */
} VigilMetricVerdict;

/* A plain boxed struct; time_to_exhaustion_days is INFINITY when the fd
 * slope is <= 0 and -1 when unknown (no rate or no limit). */
typedef struct
{
  VigilVerdictStatus status;      /* the worst of the metrics */
  gboolean           has_baseline;
  guint64            reconnects;
  guint64            baseline_reconnects;
  gint64             baseline_wall_us;
  VigilMetricVerdict metrics[VIGIL_N_METRICS];
  gdouble            reconnects_per_day;     /* -1 unknown */
  gint64             fd_soft_limit;          /* -1 unknown */
  gint64             open_fds;               /* latest, -1 unknown */
  gdouble            time_to_exhaustion_days;
  VigilMemoryJudgement memory;    /* what decided the memory metrics' words */
} VigilVerdict;

VigilHistory       *vigil_history_new                      (void);
void                vigil_history_set_capacity             (VigilHistory            *self,
                                                            guint                    periodic,
                                                            guint                    per_reconnect);
void                vigil_history_set_warmup               (VigilHistory            *self,
                                                            gboolean                 need_session,
                                                            guint                    reconnects);
void                vigil_history_set_memory_budget        (VigilHistory            *self,
                                                            gdouble                  bytes,
                                                            gdouble                  days);
void                vigil_history_mark_session_opened      (VigilHistory            *self);
void                vigil_history_note_records_full        (VigilHistory            *self,
                                                            gboolean                 full);
void                vigil_history_add_sample               (VigilHistory            *self,
                                                            const VigilProbeSample  *sample,
                                                            gint64                   ledger_open);
void                vigil_history_add_reconnect_sample     (VigilHistory            *self,
                                                            const VigilProbeSample  *sample,
                                                            gint64                   ledger_open);
guint64             vigil_history_get_reconnects           (VigilHistory            *self);
GArray             *vigil_history_list_points              (VigilHistory            *self,
                                                            gboolean                 per_reconnect);
VigilVerdict       *vigil_history_get_verdict              (VigilHistory            *self);

GType               vigil_verdict_get_type                 (void) G_GNUC_CONST;
VigilVerdict       *vigil_verdict_copy                     (const VigilVerdict      *verdict);
void                vigil_verdict_free                     (VigilVerdict            *verdict);
const char         *vigil_metric_to_string                 (VigilMetric              metric);
gdouble             vigil_time_to_exhaustion_days          (gint64                   fd_soft_limit,
                                                            gint64                   open_fds,
                                                            gdouble                  slope,
                                                            gdouble                  reconnects_per_day);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilVerdict, vigil_verdict_free)

char               *vigil_duration_days_to_string          (gdouble                  days);

G_END_DECLS
