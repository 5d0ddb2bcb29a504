/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Robust trend statistics for the leak verdict.  Pure functions, any
 * thread; cost O(n²) time and memory in the number of points. */

/* Mann–Kendall trend test with the tie correction of the variance and the
 * normal approximation (continuity-corrected). */
typedef struct
{
  gint64  s;              /* Σ sign (y_j − y_i), i < j */
  gdouble variance;       /* of s under "no trend", ties removed */
  gdouble z;
  gdouble p_increasing;   /* one-sided p-value of an upward trend */
} VigilMannKendall;

gdouble  vigil_stats_theil_sen     (const gdouble      *x,
                                    const gdouble      *y,
                                    guint               n,
                                    gdouble             confidence,
                                    gdouble            *lower,
                                    gdouble            *upper);
void     vigil_stats_mann_kendall  (const gdouble      *y,
                                    guint               n,
                                    VigilMannKendall   *result);
gdouble  vigil_stats_select        (gdouble            *values,
                                    guint               n,
                                    guint               k);
gdouble  vigil_stats_normal_quantile (gdouble           p);
gboolean vigil_stats_is_single_step (const gdouble     *x,
                                    const gdouble      *y,
                                    guint               n);

G_END_DECLS
