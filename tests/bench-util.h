/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <time.h>

#include <glib.h>

#include "vigil-stats.h"

/* The clock and the median of the benchmark programs. */

static inline gint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* The median of @values (reordered), as the benchmarks print it. */
static inline gdouble
median (gdouble *values,
        guint    n)
{
  return vigil_stats_select (values, n, n / 2);
}
