/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#ifdef HAVE_MALLOC_TRIM
#include <malloc.h>
#endif

#include "vigil-memory.h"
#include "vigil-json.h"
#include "vigil-soak-memory.h"
#include "vigil-stats.h"

/* How vigil-soak follows memory (README "vigil-soak").  Each sample is
 * taken after malloc_trim (0) has handed glibc's free heap pages back, so
 * the series follows what the process holds rather than the allocator's
 * high-water mark: with four cameras' sessions overlapping at random, the
 * most ever live at once creeps up over a run and its pages would stay.
 * The untrimmed figure and malloc's bytes in use are kept beside it, for
 * whoever reads the report: the last one tells live growth from pages.
 * The trend is judged over the later half of the samples, as the history
 * judges memory: the heap settles for the first thousands of cycles, and a
 * real leak still climbs in the later half. */

typedef struct
{
  gdouble values[VIGIL_SOAK_MEMORY_HEAP_IN_USE + 1];   /* -1 unknown */
  gdouble cycle;
} Point;

struct _VigilSoakMemory
{
  Point *points;               /* VIGIL_SOAK_MEMORY_MAX, committed */
  guint  n;
  guint  stride;               /* keep every stride-th offered sample */
  guint  skip;
};

VigilSoakMemory *
vigil_soak_memory_new (void)
{
  VigilSoakMemory *self = g_new0 (VigilSoakMemory, 1);

  /* Written through now, so that filling it is not growth. */
  self->points = vigil_new_committed (Point, VIGIL_SOAK_MEMORY_MAX);
  self->stride = 1;
  return self;
}

void
vigil_soak_memory_free (VigilSoakMemory *self)
{
  if (self == NULL)
    return;
  g_free (self->points);
  g_free (self);
}

/**
 * vigil_soak_memory_sample:
 * @cycle: cycles since the baseline
 *
 * Offers a sample point; the caller offers only comparable states.  Every
 * stride-th offer is taken; when the series is full, every other point is
 * dropped and the stride doubles.
 */
void
vigil_soak_memory_sample (VigilSoakMemory *self,
                          VigilProbe      *probe,
                          guint64          cycle)
{
  g_autoptr(VigilProbeSample) before = NULL;
  g_autoptr(VigilProbeSample) sample = NULL;
  Point *point;

  if (self->skip++ % self->stride != 0)
    return;
  before = vigil_probe_sample (probe, VIGIL_PROBE_PRIVATE);
#ifdef HAVE_MALLOC_TRIM
  malloc_trim (0);
#endif
  sample = vigil_probe_sample (probe, VIGIL_PROBE_PRIVATE | VIGIL_PROBE_THREADS);
  if (sample->private_bytes < 0 || sample->rss_bytes < 0 || before->private_bytes < 0)
    return;

  point = &self->points[self->n++];
  point->cycle = (gdouble) cycle;
  point->values[VIGIL_SOAK_MEMORY_PRIVATE] = (gdouble) sample->private_bytes;
  point->values[VIGIL_SOAK_MEMORY_RESIDENT] = (gdouble) sample->rss_bytes;
  point->values[VIGIL_SOAK_MEMORY_UNTRIMMED] = (gdouble) before->private_bytes;
  point->values[VIGIL_SOAK_MEMORY_HEAP_IN_USE] = (gdouble) vigil_memory_heap_in_use ();
  if (self->n == VIGIL_SOAK_MEMORY_MAX)
    {
      for (guint i = 0; i < self->n / 2; i++)
        self->points[i] = self->points[2 * i];
      self->n /= 2;
      self->stride *= 2;
    }
}

guint
vigil_soak_memory_get_n (VigilSoakMemory *self)
{
  return self->n;
}

/**
 * vigil_soak_memory_get_trend:
 * @trend: (out caller-allocates): Theil–Sen slope per cycle over the later
 *   half, its 95 % lower bound, the one-sided Mann–Kendall p of an upward
 *   trend, the samples and cycles the half covers, and whether one step
 *   fits it better than a line; the slope is NaN when fewer than 4 points
 *   or the figure is unknown
 */
void
vigil_soak_memory_get_trend (VigilSoakMemory       *self,
                             VigilSoakMemoryFigure  figure,
                             VigilTrend            *trend)
{
  guint start = self->n >= 8 ? self->n / 2 : 0;
  guint n = self->n - start;
  g_autofree gdouble *x = g_new (gdouble, MAX (n, 1));
  g_autofree gdouble *y = g_new (gdouble, MAX (n, 1));
  VigilMannKendall mk = { 0 };

  *trend = (VigilTrend) { NAN, NAN, 1, 0, 0, FALSE };
  for (guint i = 0; i < n; i++)
    {
      x[i] = self->points[start + i].cycle;
      y[i] = self->points[start + i].values[figure];
      if (y[i] < 0)
        return;
    }
  if (n < 4)
    return;
  trend->slope = vigil_stats_theil_sen (x, y, n, 0.95, &trend->lower, NULL);
  vigil_stats_mann_kendall (y, n, &mk);
  trend->mk_p = mk.p_increasing;
  trend->n = n;
  trend->span = x[n - 1] - x[0];
  trend->step = vigil_stats_is_single_step (x, y, n);
}

/**
 * vigil_soak_memory_trend:
 * @slope: (out): Theil–Sen slope per cycle over the later half, NaN when
 *   fewer than 4 points or the figure is unknown
 * @lower: (out): its 95 % lower bound
 * @mk_p: (out): the one-sided Mann–Kendall p of an upward trend (1 when unknown)
 */
void
vigil_soak_memory_trend (VigilSoakMemory       *self,
                         VigilSoakMemoryFigure  figure,
                         gdouble               *slope,
                         gdouble               *lower,
                         gdouble               *mk_p)
{
  VigilTrend trend;

  vigil_soak_memory_get_trend (self, figure, &trend);
  *slope = trend.slope;
  *lower = trend.lower;
  *mk_p = trend.mk_p;
}

/* The "memory_series" member of the soak report (docs/snapshot.md). */
void
vigil_soak_memory_add_json (VigilSoakMemory *self,
                            JsonBuilder     *builder)
{
  static const char * const names[] = {
    [VIGIL_SOAK_MEMORY_PRIVATE] = "private_bytes",
    [VIGIL_SOAK_MEMORY_RESIDENT] = "resident_bytes",
    [VIGIL_SOAK_MEMORY_UNTRIMMED] = "private_bytes_untrimmed",
    [VIGIL_SOAK_MEMORY_HEAP_IN_USE] = "heap_in_use_bytes",
  };

  json_builder_set_member_name (builder, "memory_series");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->n; i++)
    {
      const Point *point = &self->points[i];

      json_builder_begin_object (builder);
      vigil_json_add_int (builder, "cycle", (gint64) point->cycle);
      for (guint f = 0; f < G_N_ELEMENTS (names); f++)
        vigil_json_add_figure (builder, names[f], point->values[f] >= 0 ? (gint64) point->values[f] : -1);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}
