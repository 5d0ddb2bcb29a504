/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-stats"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <glib/gi18n.h>

#include "vigil-stats.h"

/**
 * vigil_stats_select:
 * @values: (inout) (array length=n): reordered in place
 * @k: 0-based rank, < @n
 *
 * Returns: the @k-th smallest of @values (quickselect, average O(n))
 */
gdouble
vigil_stats_select (gdouble *values,
                    guint    n,
                    guint    k)
{
  gssize lo = 0, hi = (gssize) n - 1;

  g_return_val_if_fail (values != NULL && k < n, NAN);

  /* Wirth's selection: Hoare partitioning around values[k], which keeps
   * runs of equal values (flat series) linear. */
  while (lo < hi)
    {
      gdouble pivot = values[k];
      gssize i = lo, j = hi;

      do
        {
          while (values[i] < pivot)
            i++;
          while (pivot < values[j])
            j--;
          if (i <= j)
            {
              gdouble tmp = values[i];

              values[i] = values[j];
              values[j] = tmp;
              i++;
              j--;
            }
        }
      while (i <= j);
      if (j < (gssize) k)
        lo = i;
      if ((gssize) k < i)
        hi = j;
    }
  return values[k];
}

/* Acklam's rational approximation of the standard normal quantile
 * (relative error < 1.2e-9), enough for confidence bounds. */
gdouble
vigil_stats_normal_quantile (gdouble p)
{
  static const gdouble a[] = { -3.969683028665376e+01, 2.209460984245205e+02,
                               -2.759285104469687e+02, 1.383577518672690e+02,
                               -3.066479806614716e+01, 2.506628277459239e+00 };
  static const gdouble b[] = { -5.447609879822406e+01, 1.615858368580409e+02,
                               -1.556989798598866e+02, 6.680131188771972e+01,
                               -1.328068155288572e+01 };
  static const gdouble c[] = { -7.784894002430293e-03, -3.223964580411365e-01,
                               -2.400758277161838e+00, -2.549732539343734e+00,
                               4.374664141464968e+00, 2.938163982698783e+00 };
  static const gdouble d[] = { 7.784695709041462e-03, 3.224671290700398e-01,
                               2.445134137142996e+00, 3.754408661907416e+00 };
  gdouble q, r;

  if (p <= 0)
    return -INFINITY;
  if (p >= 1)
    return INFINITY;
  if (p < 0.02425)
    {
      q = sqrt (-2 * log (p));
      return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
             ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
  if (p > 1 - 0.02425)
    return -vigil_stats_normal_quantile (1 - p);
  q = p - 0.5;
  r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

static int
compare_double (const void *a,
                const void *b)
{
  gdouble da = *(const gdouble *) a, db = *(const gdouble *) b;

  return (da > db) - (da < db);
}

/**
 * vigil_stats_mann_kendall:
 * @y: (array length=n): the series in time order
 * @result: (out caller-allocates): the test
 */
void
vigil_stats_mann_kendall (const gdouble    *y,
                          guint             n,
                          VigilMannKendall *result)
{
  g_autofree gdouble *sorted = NULL;
  gdouble ties = 0;
  gint64 s = 0;

  g_return_if_fail (result != NULL);

  *result = (VigilMannKendall) { 0, 0, 0, 1.0 };
  if (n < 3)
    return;

  for (guint i = 0; i + 1 < n; i++)
    for (guint j = i + 1; j < n; j++)
      s += (y[j] > y[i]) - (y[j] < y[i]);

  sorted = g_memdup2 (y, sizeof (gdouble) * n);
  qsort (sorted, n, sizeof (gdouble), compare_double);
  for (guint i = 0; i < n;)
    {
      guint t = 1;

      while (i + t < n && sorted[i + t] == sorted[i])
        t++;
      ties += (gdouble) t * (t - 1) * (2.0 * t + 5);
      i += t;
    }

  result->s = s;
  result->variance = ((gdouble) n * (n - 1) * (2.0 * n + 5) - ties) / 18.0;
  if (result->variance <= 0)
    return;
  if (s > 0)
    result->z = (s - 1) / sqrt (result->variance);
  else if (s < 0)
    result->z = (s + 1) / sqrt (result->variance);
  result->p_increasing = 0.5 * erfc (result->z / G_SQRT2);
}

/**
 * vigil_stats_theil_sen:
 * @x: (array length=n): abscissae (need not be distinct)
 * @y: (array length=n): ordinates
 * @confidence: two-sided level of the bounds, e.g. 0.95
 * @lower: (out) (optional): Sen's lower confidence bound of the slope
 * @upper: (out) (optional): the upper bound
 *
 * Returns: the median of the pairwise slopes (pairs with equal x are
 *   skipped), or NAN with fewer than two distinct x
 */
gdouble
vigil_stats_theil_sen (const gdouble *x,
                       const gdouble *y,
                       guint          n,
                       gdouble        confidence,
                       gdouble       *lower,
                       gdouble       *upper)
{
  g_autofree gdouble *slopes = NULL;
  VigilMannKendall mk;
  gsize m = 0;
  gdouble median, c;

  if (lower != NULL)
    *lower = NAN;
  if (upper != NULL)
    *upper = NAN;
  if (n < 2)
    return NAN;

  slopes = g_new (gdouble, (gsize) n * (n - 1) / 2);
  for (guint i = 0; i + 1 < n; i++)
    for (guint j = i + 1; j < n; j++)
      if (x[j] != x[i])
        slopes[m++] = (y[j] - y[i]) / (x[j] - x[i]);
  if (m == 0)
    return NAN;

  if (m % 2 == 1)
    median = vigil_stats_select (slopes, m, m / 2);
  else
    median = (vigil_stats_select (slopes, m, m / 2 - 1) +
              vigil_stats_select (slopes, m, m / 2)) / 2;

  if (lower == NULL && upper == NULL)
    return median;

  /* Sen (1968): ranks (m ∓ C)/2 with C = z(1−α/2) √Var(S). */
  vigil_stats_mann_kendall (y, n, &mk);
  c = vigil_stats_normal_quantile (1 - (1 - confidence) / 2) * sqrt (mk.variance);
  if (lower != NULL)
    {
      gdouble rank = floor ((m - c) / 2);

      if (rank >= 0)
        *lower = vigil_stats_select (slopes, m, (guint) rank);
    }
  if (upper != NULL)
    {
      gdouble rank = ceil ((m + c) / 2);

      if (rank < m)
        *upper = vigil_stats_select (slopes, m, (guint) rank);
    }
  return median;
}

/**
 * vigil_stats_is_single_step:
 *
 * Whether one step (two levels, split at the best point) fits @y better
 * than a straight line (least squares) does: a cache filled once, one more
 * thread kept from then on.  A leak climbs along a line, also when noisy or
 * in page-sized stairs, and is fitted better by the line.  FALSE with fewer
 * than 4 points.  O(n).
 */
gboolean
vigil_stats_is_single_step (const gdouble *x,
                            const gdouble *y,
                            guint          n)
{
  gdouble mx = 0, my = 0, sxx = 0, sxy = 0, syy = 0, sse_line, sse_step = G_MAXDOUBLE;
  gdouble left_sum = 0, left_sq = 0, total_sum = 0, total_sq = 0;

  if (n < 4)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      mx += x[i] / n;
      my += y[i] / n;
    }
  for (guint i = 0; i < n; i++)
    {
      /* Centred, so the large baseline of a memory figure costs no
       * precision. */
      gdouble dx = x[i] - mx, dy = y[i] - my;

      sxx += dx * dx;
      sxy += dx * dy;
      syy += dy * dy;
      total_sum += dy;
      total_sq += dy * dy;
    }
  sse_line = sxx > 0 ? syy - sxy * sxy / sxx : syy;

  /* Two levels: the left k points and the right n − k, each at its mean. */
  for (guint k = 1; k < n; k++)
    {
      gdouble dy = y[k - 1] - my, right_sum, right_sq, sse;

      left_sum += dy;
      left_sq += dy * dy;
      right_sum = total_sum - left_sum;
      right_sq = total_sq - left_sq;
      sse = (left_sq - left_sum * left_sum / k) + (right_sq - right_sum * right_sum / (n - k));
      sse_step = MIN (sse_step, sse);
    }
  return sse_step < sse_line;
}
