/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-history"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "vigil-history.h"
#include "vigil-memory.h"
#include "vigil-stats.h"

#define DEFAULT_WARMUP_RECONNECTS 2
#define DEFAULT_PERSISTENCE       3        /* reconnects */
#define TREND_WINDOW              512      /* points for Theil–Sen and Mann–Kendall */

#define USEC_PER_DAY              (86400.0 * G_USEC_PER_SEC)

typedef struct
{
  VigilHistoryPoint *points;
  guint              capacity;
  guint              head;
  guint              len;
} Ring;

/* Probe samples in time and per reconnect, and the leak verdict of
 * DESIGN.md "Leak verdict".  Thread-safe; the verdict is computed when asked
 * and kept until the next per-reconnect sample. */
struct _VigilHistory
{
  GObject            parent_instance;

  GMutex             lock;
  Ring               periodic;
  Ring               per_reconnect;
  guint64            reconnects;

  gboolean           need_session;
  guint              warmup_reconnects;
  gboolean           session_opened;
  guint              warm_reconnects;       /* counted once the session condition holds */
  gboolean           has_baseline;
  VigilHistoryPoint  baseline;

  VigilMemoryBudget  memory_budget;
  guint              persistence;
  gint64             fd_soft_limit;
  gint64             open_fds;
  gboolean           records_full;          /* as last noted; TRUE until told */

  VigilVerdict      *verdict;               /* cached, NULL when stale */
};

G_DEFINE_FINAL_TYPE (VigilHistory, vigil_history, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (VigilVerdict, vigil_verdict, vigil_verdict_copy, vigil_verdict_free)

static void
ring_init (Ring  *ring,
           guint  capacity)
{
  g_free (ring->points);
  ring->points = vigil_new_committed (VigilHistoryPoint, capacity);
  ring->capacity = capacity;
  ring->head = 0;
  ring->len = 0;
}

static void
ring_push (Ring                    *ring,
           const VigilHistoryPoint *point)
{
  if (ring->len == ring->capacity)
    {
      ring->points[ring->head] = *point;
      ring->head = (ring->head + 1) % ring->capacity;
      return;
    }
  ring->points[(ring->head + ring->len) % ring->capacity] = *point;
  ring->len++;
}

static const VigilHistoryPoint *
ring_get (const Ring *ring,
          guint       i)
{
  return &ring->points[(ring->head + i) % ring->capacity];
}

static void
point_from_sample (VigilHistoryPoint      *point,
                   const VigilProbeSample *sample,
                   gint64                  ledger_open,
                   guint64                 reconnects)
{
  point->monotonic_us = sample->monotonic_us;
  point->wall_us = sample->wall_us;
  point->values[VIGIL_METRIC_OPEN_FDS] = sample->open_fds;
  point->values[VIGIL_METRIC_THREADS] = sample->threads;
  point->values[VIGIL_METRIC_LEDGER_OPEN] = ledger_open;
  point->values[VIGIL_METRIC_PRIVATE_BYTES] = sample->private_bytes;
  /* A heap in use of 0 is never real in a running GLib process: a sample
   * zeroed by a caller that did not ask for it reads unknown. */
  point->values[VIGIL_METRIC_HEAP_BYTES] = sample->heap_bytes > 0 ? sample->heap_bytes : -1;
  point->reconnects = reconnects;
  point->records_filling = FALSE;
}

/* Whether every point of y[b, b + w) lies above every point of y[a, a + w). */
static gboolean
window_above (const gdouble *y,
              guint          a,
              guint          b,
              guint          w)
{
  gdouble low_max = y[a], high_min = y[b];

  for (guint i = 0; i < w; i++)
    {
      low_max = MAX (low_max, y[a + i]);
      high_min = MIN (high_min, y[b + i]);
    }
  return high_min > low_max;
}

/* The exact rule: three windows of w points (w = max (persistence, n/4)) --
 * the first, the middle and the last -- each lie wholly above the one
 * before, and the robust slope grows.  Two windows are not enough: a single
 * step (one thread that a library starts once and keeps, 11 -> 12 after the
 * 11th reconnect) puts the last window above the first for ever, and is a
 * process-lifetime singleton, not a leak; it stays WATCH. */
static void
judge_exact (VigilMetricVerdict *v,
             const gdouble      *y,
             guint               n,
             guint               persistence)
{
  guint w = MAX (persistence, n / 4);
  gboolean separated = FALSE;
  gboolean grew = FALSE;

  if (n >= 3 * w)
    {
      guint middle = (n - w) / 2;

      grew = window_above (y, 0, n - w, w);
      separated = window_above (y, 0, middle, w) && window_above (y, middle, n - w, w);
      v->valid = TRUE;
    }

  if (separated && v->theil_sen > 0)
    v->status = VIGIL_VERDICT_LEAK;
  else if (grew ||
           (v->mk_p < VIGIL_VERDICT_TREND_ALPHA && v->theil_sen > 0) ||
           (!v->valid && v->current > v->baseline))
    v->status = VIGIL_VERDICT_WATCH;
}

static void
judge_metric (VigilHistory       *self,
              VigilMetric         metric,
              GArray             *points,
              VigilMetricVerdict *v)
{
  g_autofree gdouble *x = g_new (gdouble, MAX (points->len, 1));
  g_autofree gdouble *y = g_new (gdouble, MAX (points->len, 1));
  VigilMannKendall mk;
  guint n = 0, start;

  for (guint i = 0; i < points->len; i++)
    {
      const VigilHistoryPoint *p = &g_array_index (points, VigilHistoryPoint, i);

      if (p->values[metric] < 0)
        continue;
      x[n] = p->reconnects;
      y[n] = p->values[metric];
      n++;
    }

  memset (v, 0, sizeof *v);
  v->slope = v->theil_sen = v->theil_sen_lower = NAN;
  v->mk_p = 1;
  v->n = n;
  if (n < 2)
    return;

  v->baseline = y[0];
  v->current = y[n - 1];
  if (x[n - 1] > x[0])
    v->slope = (y[n - 1] - y[0]) / (x[n - 1] - x[0]);
  start = n > TREND_WINDOW ? n - TREND_WINDOW : 0;
  /* Memory settles for a while after start: judge its trend on the later
   * half of the series, where warm-up growth has dropped out and a real
   * leak still climbs. */
  if (metric == VIGIL_METRIC_PRIVATE_BYTES || metric == VIGIL_METRIC_HEAP_BYTES)
    start = MAX (start, n / 2);
  v->theil_sen = vigil_stats_theil_sen (x + start, y + start, n - start, 0.95,
                                        &v->theil_sen_lower, NULL);
  vigil_stats_mann_kendall (y + start, n - start, &mk);
  v->step = vigil_stats_is_single_step (x + start, y + start, n - start);
  v->filling = FALSE;
  for (guint i = 0, k = 0; i < points->len; i++)
    {
      const VigilHistoryPoint *p = &g_array_index (points, VigilHistoryPoint, i);

      if (p->values[metric] < 0)
        continue;
      if (k++ >= start && p->records_filling)
        v->filling = TRUE;
    }
  v->span = x[n - 1] - x[start];
  v->mk_z = mk.z;
  v->mk_p = mk.p_increasing;

  /* Memory is judged by vigil_memory_judge () in compute_verdict (). */
  if (metric == VIGIL_METRIC_PRIVATE_BYTES || metric == VIGIL_METRIC_HEAP_BYTES)
    v->valid = n >= 2 * self->persistence;
  else
    judge_exact (v, y, n, self->persistence);
}

static void
trend_of_metric (const VigilMetricVerdict *v,
                 VigilTrend               *trend)
{
  trend->slope = v->valid ? v->theil_sen : NAN;
  trend->lower = v->theil_sen_lower;
  trend->mk_p = v->mk_p;
  trend->n = v->n;
  trend->step = v->step;
  trend->filling = v->filling;
  trend->span = v->span;
}

/* The memory rule of vigil-verdict.c: the heap in use decides; private
 * pages that grow while it is flat are named, not judged; without a heap
 * figure, private memory is judged per reconnect as before.  Memory settles
 * for a while after start (arenas, Aravis's GenICam caches, our bounded
 * rings): private memory needs VIGIL_HISTORY_MEMORY_MIN_SAMPLES reconnects
 * before it can read LEAK. */
static void
judge_memory (VigilHistory *self,
              VigilVerdict *verdict)
{
  VigilTrend heap, pages;
  VigilMetric decided = VIGIL_N_METRICS;

  trend_of_metric (&verdict->metrics[VIGIL_METRIC_HEAP_BYTES], &heap);
  trend_of_metric (&verdict->metrics[VIGIL_METRIC_PRIVATE_BYTES], &pages);
  vigil_memory_judge (&heap, &pages, verdict->reconnects_per_day, &self->memory_budget,
                      VIGIL_HISTORY_DEFAULT_MEMORY_BUDGET, VIGIL_HISTORY_MEMORY_MIN_SAMPLES,
                      &verdict->memory);
  if (verdict->memory.signal == VIGIL_MEMORY_SIGNAL_HEAP)
    decided = VIGIL_METRIC_HEAP_BYTES;
  else if (verdict->memory.signal == VIGIL_MEMORY_SIGNAL_PAGES)
    decided = VIGIL_METRIC_PRIVATE_BYTES;
  if (decided != VIGIL_N_METRICS)
    verdict->metrics[decided].status = verdict->memory.status;
}

/* Locked. */
static VigilVerdict *
compute_verdict (VigilHistory *self)
{
  g_autoptr(VigilVerdict) verdict = g_new0 (VigilVerdict, 1);
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (VigilHistoryPoint));
  const VigilHistoryPoint *last;

  verdict->reconnects = self->reconnects;
  verdict->reconnects_per_day = -1;
  verdict->fd_soft_limit = self->fd_soft_limit;
  verdict->open_fds = self->open_fds;
  verdict->time_to_exhaustion_days = -1;
  for (guint m = 0; m < VIGIL_N_METRICS; m++)
    {
      verdict->metrics[m].slope = verdict->metrics[m].theil_sen = NAN;
      verdict->metrics[m].theil_sen_lower = NAN;
      verdict->metrics[m].mk_p = 1;
    }
  if (!self->has_baseline)
    return g_steal_pointer (&verdict);

  verdict->has_baseline = TRUE;
  verdict->baseline_reconnects = self->baseline.reconnects;
  verdict->baseline_wall_us = self->baseline.wall_us;

  g_array_append_val (points, self->baseline);
  for (guint i = 0; i < self->per_reconnect.len; i++)
    {
      const VigilHistoryPoint *p = ring_get (&self->per_reconnect, i);

      if (p->reconnects > self->baseline.reconnects)
        g_array_append_vals (points, p, 1);
    }

  last = &g_array_index (points, VigilHistoryPoint, points->len - 1);
  if (last->reconnects > self->baseline.reconnects &&
      last->monotonic_us > self->baseline.monotonic_us)
    verdict->reconnects_per_day = (last->reconnects - self->baseline.reconnects) * USEC_PER_DAY /
                                  (last->monotonic_us - self->baseline.monotonic_us);

  for (guint m = 0; m < VIGIL_N_METRICS; m++)
    judge_metric (self, m, points, &verdict->metrics[m]);
  judge_memory (self, verdict);
  for (guint m = 0; m < VIGIL_N_METRICS; m++)
    verdict->status = MAX (verdict->status, verdict->metrics[m].status);
  verdict->time_to_exhaustion_days =
    vigil_time_to_exhaustion_days (self->fd_soft_limit, self->open_fds,
                                   verdict->metrics[VIGIL_METRIC_OPEN_FDS].slope,
                                   verdict->reconnects_per_day);
  return g_steal_pointer (&verdict);
}

static void
vigil_history_finalize (GObject *object)
{
  VigilHistory *self = VIGIL_HISTORY (object);

  g_clear_pointer (&self->periodic.points, g_free);
  g_clear_pointer (&self->per_reconnect.points, g_free);
  g_clear_pointer (&self->verdict, vigil_verdict_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (vigil_history_parent_class)->finalize (object);
}

static void
vigil_history_class_init (VigilHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vigil_history_finalize;
}

static void
vigil_history_init (VigilHistory *self)
{
  g_mutex_init (&self->lock);
  ring_init (&self->periodic, VIGIL_HISTORY_DEFAULT_CAPACITY);
  ring_init (&self->per_reconnect, VIGIL_HISTORY_DEFAULT_RECONNECT_CAPACITY);
  self->need_session = TRUE;
  self->warmup_reconnects = DEFAULT_WARMUP_RECONNECTS;
  self->memory_budget.bytes = VIGIL_MEMORY_DEFAULT_BUDGET_BYTES;
  self->memory_budget.days = VIGIL_MEMORY_DEFAULT_BUDGET_DAYS;
  self->persistence = DEFAULT_PERSISTENCE;
  self->fd_soft_limit = -1;
  self->open_fds = -1;
  self->records_full = TRUE;
}

/**
 * vigil_history_new:
 *
 * Returns: (transfer full): an empty history with the default warm-up
 *   (first successful session, then 2 reconnects)
 */
VigilHistory *
vigil_history_new (void)
{
  return g_object_new (VIGIL_TYPE_HISTORY, NULL);
}

/**
 * vigil_history_set_capacity:
 * @periodic: points kept of the time series (at least 1)
 * @per_reconnect: per-reconnect points kept (at least 1)
 *
 * Clears both series (not the baseline or the reconnect count).
 */
void
vigil_history_set_capacity (VigilHistory *self,
                            guint         periodic,
                            guint         per_reconnect)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (VIGIL_IS_HISTORY (self));
  g_return_if_fail (periodic > 0 && per_reconnect > 0);

  locker = g_mutex_locker_new (&self->lock);
  ring_init (&self->periodic, periodic);
  ring_init (&self->per_reconnect, per_reconnect);
  g_clear_pointer (&self->verdict, vigil_verdict_free);
}

/**
 * vigil_history_set_warmup:
 * @need_session: whether the baseline waits for
 *   vigil_history_mark_session_opened()
 * @reconnects: reconnects after that before the baseline is taken
 *
 * Takes effect while no baseline was taken yet.
 */
void
vigil_history_set_warmup (VigilHistory *self,
                          gboolean      need_session,
                          guint         reconnects)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (VIGIL_IS_HISTORY (self));

  locker = g_mutex_locker_new (&self->lock);
  self->need_session = !!need_session;
  self->warmup_reconnects = reconnects;
}

/**
 * vigil_history_set_memory_budget:
 * @bytes: memory growth that matters (default 100 MB) …
 * @days: … when reached within this many days at the observed reconnect
 *   rate (default 365)
 */
void
vigil_history_set_memory_budget (VigilHistory *self,
                                 gdouble       bytes,
                                 gdouble       days)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (VIGIL_IS_HISTORY (self));
  g_return_if_fail (bytes > 0 && days > 0);

  locker = g_mutex_locker_new (&self->lock);
  self->memory_budget.bytes = bytes;
  self->memory_budget.days = days;
  g_clear_pointer (&self->verdict, vigil_verdict_free);
}

/**
 * vigil_history_note_records_full:
 * @full: whether the diagnostics' bounded records (the event ring, the
 *   ended sessions the ledger keeps) are full, so that what they hold no
 *   longer grows
 *
 * Noted for the next reconnect samples.  While they fill, the heap in use
 * grows with them by a few kB a reconnect -- the records of the
 * reconnects themselves -- and the memory verdict does not judge the heap
 * (vigil_memory_judge ()).  Thread: any.
 */
void
vigil_history_note_records_full (VigilHistory *self,
                                 gboolean      full)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (VIGIL_IS_HISTORY (self));

  locker = g_mutex_locker_new (&self->lock);
  self->records_full = !!full;
}

/**
 * vigil_history_mark_session_opened:
 *
 * A session opened successfully (the first one ends the first half of the
 * warm-up).  Thread: any.
 */
void
vigil_history_mark_session_opened (VigilHistory *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (VIGIL_IS_HISTORY (self));

  locker = g_mutex_locker_new (&self->lock);
  self->session_opened = TRUE;
}

static void
note_figures (VigilHistory           *self,
              const VigilProbeSample *sample)
{
  if (sample->fd_soft_limit >= 0)
    self->fd_soft_limit = sample->fd_soft_limit;
  if (sample->open_fds >= 0)
    self->open_fds = sample->open_fds;
}

/**
 * vigil_history_add_sample:
 * @sample: a periodic probe sample
 * @ledger_open: the ledger's open count then, or -1
 *
 * Thread: any.
 */
void
vigil_history_add_sample (VigilHistory           *self,
                          const VigilProbeSample *sample,
                          gint64                  ledger_open)
{
  g_autoptr(GMutexLocker) locker = NULL;
  VigilHistoryPoint point;

  g_return_if_fail (VIGIL_IS_HISTORY (self));
  g_return_if_fail (sample != NULL);

  locker = g_mutex_locker_new (&self->lock);
  point_from_sample (&point, sample, ledger_open, self->reconnects);
  ring_push (&self->periodic, &point);
  note_figures (self, sample);
}

/**
 * vigil_history_add_reconnect_sample:
 * @sample: a probe sample taken after the reconnect quiesced (the old
 *   session closed and its threads joined)
 * @ledger_open: the ledger's open count then, or -1
 *
 * Counts one reconnect and records its sample; the first one after the
 * warm-up becomes the baseline.  Thread: any.
 */
void
vigil_history_add_reconnect_sample (VigilHistory           *self,
                                    const VigilProbeSample *sample,
                                    gint64                  ledger_open)
{
  g_autoptr(GMutexLocker) locker = NULL;
  VigilHistoryPoint point;

  g_return_if_fail (VIGIL_IS_HISTORY (self));
  g_return_if_fail (sample != NULL);

  locker = g_mutex_locker_new (&self->lock);
  self->reconnects++;
  point_from_sample (&point, sample, ledger_open, self->reconnects);
  point.records_filling = !self->records_full;
  ring_push (&self->periodic, &point);
  ring_push (&self->per_reconnect, &point);
  note_figures (self, sample);

  if (self->session_opened || !self->need_session)
    self->warm_reconnects++;
  if (!self->has_baseline && (self->session_opened || !self->need_session) &&
      self->warm_reconnects >= self->warmup_reconnects)
    {
      self->baseline = point;
      self->has_baseline = TRUE;
    }
  g_clear_pointer (&self->verdict, vigil_verdict_free);
}

guint64
vigil_history_get_reconnects (VigilHistory *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (VIGIL_IS_HISTORY (self), 0);

  locker = g_mutex_locker_new (&self->lock);
  return self->reconnects;
}

/**
 * vigil_history_list_points:
 * @per_reconnect: the per-reconnect series instead of the time series
 *
 * Returns: (transfer full) (element-type VigilHistoryPoint): a copy, oldest
 *   first
 */
GArray *
vigil_history_list_points (VigilHistory *self,
                           gboolean      per_reconnect)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GArray) points = NULL;
  const Ring *ring;

  g_return_val_if_fail (VIGIL_IS_HISTORY (self), NULL);

  locker = g_mutex_locker_new (&self->lock);
  ring = per_reconnect ? &self->per_reconnect : &self->periodic;
  points = g_array_sized_new (FALSE, FALSE, sizeof (VigilHistoryPoint), ring->len);
  for (guint i = 0; i < ring->len; i++)
    g_array_append_vals (points, ring_get (ring, i), 1);
  return g_steal_pointer (&points);
}

/**
 * vigil_history_get_verdict:
 *
 * Thread: any.  Costs O(n²) in the trend window (512 points) the first
 * time after a reconnect sample, nothing after.
 *
 * Returns: (transfer full): the verdict now; PASS without a baseline
 */
VigilVerdict *
vigil_history_get_verdict (VigilHistory *self)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(VigilVerdict) verdict = NULL;

  g_return_val_if_fail (VIGIL_IS_HISTORY (self), NULL);

  locker = g_mutex_locker_new (&self->lock);
  if (self->verdict == NULL)
    self->verdict = compute_verdict (self);
  verdict = vigil_verdict_copy (self->verdict);
  /* The latest figures, even between reconnects. */
  verdict->open_fds = self->open_fds;
  verdict->fd_soft_limit = self->fd_soft_limit;
  verdict->time_to_exhaustion_days =
    vigil_time_to_exhaustion_days (self->fd_soft_limit, self->open_fds,
                                   verdict->metrics[VIGIL_METRIC_OPEN_FDS].slope,
                                   verdict->reconnects_per_day);
  return g_steal_pointer (&verdict);
}

const char *
vigil_metric_to_string (VigilMetric metric)
{
  switch (metric)
    {
    case VIGIL_METRIC_OPEN_FDS:      return "open_fds";
    case VIGIL_METRIC_THREADS:       return "threads";
    case VIGIL_METRIC_LEDGER_OPEN:   return "ledger_open";
    case VIGIL_METRIC_PRIVATE_BYTES: return "private_bytes";
    case VIGIL_METRIC_HEAP_BYTES:    return "heap_bytes";
    case VIGIL_N_METRICS:
    default:                         return NULL;
    }
}

/**
 * vigil_verdict_copy:
 *
 * Returns: (transfer full): a copy
 */
VigilVerdict *
vigil_verdict_copy (const VigilVerdict *verdict)
{
  g_return_val_if_fail (verdict != NULL, NULL);
  return g_memdup2 (verdict, sizeof *verdict);
}

void
vigil_verdict_free (VigilVerdict *verdict)
{
  g_free (verdict);
}

/**
 * vigil_time_to_exhaustion_days:
 *
 * (soft limit − open fds) / (slope × reconnects per day).
 *
 * Returns: days; INFINITY when @slope <= 0 or the limit is unlimited, -1
 *   when a figure is unknown
 */
gdouble
vigil_time_to_exhaustion_days (gint64  fd_soft_limit,
                               gint64  open_fds,
                               gdouble slope,
                               gdouble reconnects_per_day)
{
  if (fd_soft_limit < 0 || open_fds < 0 || isnan (slope))
    return -1;
  if (slope <= 0 || fd_soft_limit == G_MAXINT64)
    return INFINITY;
  if (!(reconnects_per_day > 0))
    return -1;
  return MAX (0, fd_soft_limit - open_fds) / (slope * reconnects_per_day);
}

/**
 * vigil_duration_days_to_string:
 * @days: from vigil_time_to_exhaustion_days()
 *
 * Returns: (transfer full): the duration in units a person plans with:
 *   minutes under two hours, hours under two days, then days
 */
char *
vigil_duration_days_to_string (gdouble days)
{
  gdouble minutes = days * 24 * 60;

  if (isnan (days) || days < 0)
    return g_strdup (_("unknown"));
  if (isinf (days))
    return g_strdup (_("not expected"));
  if (minutes < 1)
    return g_strdup (_("less than a minute"));
  if (minutes < 120)
    return g_strdup_printf (_("about %.0f minutes"), minutes);
  if (days < 2)
    return g_strdup_printf (_("about %.1f hours"), minutes / 60);
  return g_strdup_printf (_("about %.1f days"), days);
}
