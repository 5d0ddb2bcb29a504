/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-frame-scale"

#include "config.h"

#include <math.h>
#include <string.h>

#include "vigil-frame-private.h"

/* Separable scaling of canonical rows (grey or RGB, 8 bits) into packed
 * RGB: area averaging when an axis shrinks 1.5× or more (a box of one
 * output pixel, averaged once more over one output pixel: a tent twice as
 * wide, with exact fractional coverage at its ends), bilinear when it
 * shrinks less or grows, a copy at 1:1.  Integer arithmetic
 * only: the weights of an output sample sum to 256 on each axis, so a
 * vertical sum fits 16 bits and the row loops vectorise. */

/* The running integral of a tent of half-width @s centred on @c (area 1). */
static double
tent_integral (double x,
               double c,
               double s)
{
  if (x <= c - s)
    return 0;
  if (x <= c)
    return (x - (c - s)) * (x - (c - s)) / (2 * s * s);
  if (x < c + s)
    return 1 - (c + s - x) * (c + s - x) / (2 * s * s);
  return 1;
}

/* Shrinking: the area under a tent twice as wide as an output pixel (a box
 * of one output pixel averaged over one output pixel again).  A plain box
 * lets 22 % of a fine pattern through its side lobes (a zone plate shrunk
 * 3.3× came out ±27 levels around the axes); the tent lets through 5 %. */
static void
tent_taps (guint    n_in,
           guint    n_out,
           guint    o,
           guint   *first,
           guint16 *weights,
           guint   *count)
{
  double s = (double) n_in / n_out;
  double c = (o + 0.5) * s;
  guint j0 = (guint) MAX (0.0, floor (c - s));
  guint j1 = (guint) MIN ((double) n_in, ceil (c + s)) - 1;
  double base = tent_integral (j0, c, s);
  double total = tent_integral (j1 + 1, c, s) - base;
  guint previous = 0;

  /* Weights are differences of the rounded running area: they sum to 256. */
  for (guint j = j0; j <= j1; j++)
    {
      guint q = (guint) lround (256.0 * (tent_integral (j + 1.0, c, s) - base) / total);

      if (weights != NULL)
        weights[j - j0] = (guint16) (q - previous);
      previous = q;
    }

  *first = j0;
  *count = j1 - j0 + 1;
}

static void
bilinear_taps (guint    n_in,
               guint    n_out,
               guint    o,
               guint   *first,
               guint16 *weights,
               guint   *count)
{
  /* Centres line up: input position (o + ½)·n_in/n_out − ½, in 1/256,
   * rounded to the nearest. */
  gint64 pos = (gint64) (((guint64) (2 * o + 1) * n_in * 256 + n_out) / (2 * (guint64) n_out)) - 128;
  guint i, f;

  if (pos < 0)
    pos = 0;
  i = (guint) (pos >> 8);
  f = (guint) (pos & 255);
  if (i >= n_in - 1)
    {
      i = n_in - 1;
      f = 0;
    }

  *first = i;
  weights[0] = (guint16) (256 - f);
  weights[1] = (guint16) f;
  *count = f > 0 ? 2 : 1;
}

void
vigil_taps_init (VigilTaps *taps,
                 guint      n_in,
                 guint      n_out)
{
  /* Below 1.5× smaller a tent is barely wider than the bilinear pair of
   * taps (half-width 1 input sample) and costs half as much again. */
  gboolean shrink = (guint64) n_out * 3 <= (guint64) n_in * 2;
  guint n_taps = 1;

  g_assert (n_in > 0 && n_out > 0);

  if (shrink)
    for (guint o = 0; o < n_out; o++)
      {
        guint first, count;

        tent_taps (n_in, n_out, o, &first, NULL, &count);
        n_taps = MAX (n_taps, count);
      }
  else if (n_out != n_in)
    n_taps = MIN (2, n_in);

  taps->n_out = n_out;
  taps->n_taps = n_taps;
  taps->start = g_new (guint, n_out);
  taps->weight = g_new0 (guint16, (gsize) n_out * n_taps);

  for (guint o = 0; o < n_out; o++)
    {
      guint16 w[2] = { 0, 0 };
      g_autofree guint16 *box = shrink ? g_new0 (guint16, n_taps) : NULL;
      const guint16 *weights = shrink ? box : w;
      guint first = o, count = 1, start;

      if (shrink)
        tent_taps (n_in, n_out, o, &first, box, &count);
      else if (n_out != n_in)
        bilinear_taps (n_in, n_out, o, &first, w, &count);
      else
        w[0] = 256;

      /* Every tap stays inside the input; unused taps weigh 0. */
      start = MIN (first, n_in - n_taps);
      taps->start[o] = start;
      for (guint t = 0; t < count; t++)
        taps->weight[(gsize) o * n_taps + (first - start) + t] += weights[t];
    }
}

void
vigil_taps_clear (VigilTaps *taps)
{
  g_clear_pointer (&taps->start, g_free);
  g_clear_pointer (&taps->weight, g_free);
}

/* acc = weight·row (first) or acc += weight·row; 16 bits suffice because
 * the weights of one output row sum to 256. */
void
vigil_scale_accumulate (guint16       *acc,
                        const guint8  *row,
                        gsize          n,
                        guint          weight,
                        gboolean       first)
{
  guint16 *restrict a = acc;
  const guint8 *restrict r = row;
  guint16 w = (guint16) weight;

  if (first)
    for (gsize i = 0; i < n; i++)
      a[i] = (guint16) (w * r[i]);
  else
    for (gsize i = 0; i < n; i++)
      a[i] = (guint16) (a[i] + w * r[i]);
}

/* One output row from 16-bit vertical sums (@shift 16) or from an 8-bit
 * row taken whole (@shift 8), for @channels 1 (grey) or 3, written as RGB
 * (@px 3) or B G R 255 (@px 4).  The usual tap counts (3 to 5: a tent
 * over 1 to 2 input samples) get loops the compiler unrolls. */
#define DEFINE_HORIZONTAL(name, type, channels, shift, px)                          \
  static inline __attribute__ ((always_inline)) void                                \
  name##_n (const type *in, const VigilTaps *tx, guint n_taps, guint8 *out)         \
  {                                                                                 \
    for (guint o = 0; o < tx->n_out; o++, out += px)                                \
      {                                                                             \
        const type *p = in + (gsize) tx->start[o] * channels;                       \
        const guint16 *w = tx->weight + (gsize) o * n_taps;                         \
        guint32 s[3] = { 1u << (shift - 1), 1u << (shift - 1), 1u << (shift - 1) }; \
        for (guint t = 0; t < n_taps; t++)                                          \
          for (guint c = 0; c < channels; c++)                                      \
            s[c] += (guint32) w[t] * p[t * channels + c];                           \
        VIGIL_STORE_PIXEL (out, px, (guint8) (s[0] >> shift),                       \
                           (guint8) (s[channels == 1 ? 0 : 1] >> shift),            \
                           (guint8) (s[channels == 1 ? 0 : 2] >> shift));           \
      }                                                                             \
  }                                                                                 \
  static void                                                                       \
  name (const type *in, const VigilTaps *tx, guint8 *out)                           \
  {                                                                                 \
    switch (tx->n_taps)                                                             \
      {                                                                             \
      case 2:  name##_n (in, tx, 2, out); break;                                    \
      case 3:  name##_n (in, tx, 3, out); break;                                    \
      case 4:  name##_n (in, tx, 4, out); break;                                    \
      case 5:  name##_n (in, tx, 5, out); break;                                    \
      default: name##_n (in, tx, tx->n_taps, out); break;                           \
      }                                                                             \
  }

DEFINE_HORIZONTAL (horizontal_grey16, guint16, 1, 16, 3)
DEFINE_HORIZONTAL (horizontal_rgb16, guint16, 3, 16, 3)
DEFINE_HORIZONTAL (horizontal_grey8, guint8, 1, 8, 3)
DEFINE_HORIZONTAL (horizontal_rgb8, guint8, 3, 8, 3)
DEFINE_HORIZONTAL (horizontal_grey16_bgrx, guint16, 1, 16, 4)
DEFINE_HORIZONTAL (horizontal_rgb16_bgrx, guint16, 3, 16, 4)
DEFINE_HORIZONTAL (horizontal_grey8_bgrx, guint8, 1, 8, 4)
DEFINE_HORIZONTAL (horizontal_rgb8_bgrx, guint8, 3, 8, 4)

/* 1:1 across: rounding the vertical sums is all that is left. */
static void
round_row (const guint16 *acc,
           gsize          n,
           guint          channels,
           guint8        *out)
{
  if (channels == 3)
    for (gsize i = 0; i < n * 3; i++)
      out[i] = (guint8) ((acc[i] + 128) >> 8);
  else
    for (gsize i = 0; i < n; i++)
      out[3 * i] = out[3 * i + 1] = out[3 * i + 2] = (guint8) ((acc[i] + 128) >> 8);
}

static void
round_row_bgrx (const guint16 *acc,
                gsize          n,
                guint          channels,
                guint8        *out)
{
  if (channels == 3)
    for (gsize i = 0; i < n; i++)
      VIGIL_STORE_PIXEL (out + 4 * i, 4, (guint8) ((acc[3 * i] + 128) >> 8),
                         (guint8) ((acc[3 * i + 1] + 128) >> 8), (guint8) ((acc[3 * i + 2] + 128) >> 8));
  else
    for (gsize i = 0; i < n; i++)
      {
        guint8 v = (guint8) ((acc[i] + 128) >> 8);

        VIGIL_STORE_PIXEL (out + 4 * i, 4, v, v, v);
      }
}

static void
copy_row (const guint8 *row,
          gsize         n,
          guint         channels,
          guint8       *out)
{
  if (channels == 3)
    memcpy (out, row, n * 3);
  else
    for (gsize i = 0; i < n; i++)
      out[3 * i] = out[3 * i + 1] = out[3 * i + 2] = row[i];
}

static void
copy_row_bgrx (const guint8 *row,
               gsize         n,
               guint         channels,
               guint8       *out)
{
  guint32 *restrict w = (guint32 *) (gpointer) out;

  if (channels == 3)
    for (gsize i = 0; i < n; i++)
      w[i] = vigil_bgrx_word (row[3 * i], row[3 * i + 1], row[3 * i + 2]);
  else
    for (gsize i = 0; i < n; i++)
      w[i] = vigil_bgrx_word (row[i], row[i], row[i]);
}

/* The only tap of a row that carries weight, or -1. */
static gint
single_tap (const VigilTaps *ty,
            guint            oy)
{
  const guint16 *w = ty->weight + (gsize) oy * ty->n_taps;

  for (guint t = 0; t < ty->n_taps; t++)
    if (w[t] == 256)
      return (gint) t;
  return -1;
}

static void
horizontal (VigilConvert    *convert,
            const VigilTaps *tx,
            gboolean         across_1to1,
            const guint8    *row,
            const guint16   *acc,
            guint8          *out)
{
  gboolean rgb = convert->channels == 3;

  if (convert->bgrx)
    {
      if (row != NULL && across_1to1)
        copy_row_bgrx (row, convert->width, convert->channels, out);
      else if (row != NULL)
        (rgb ? horizontal_rgb8_bgrx : horizontal_grey8_bgrx) (row, tx, out);
      else if (across_1to1)
        round_row_bgrx (acc, convert->width, convert->channels, out);
      else
        (rgb ? horizontal_rgb16_bgrx : horizontal_grey16_bgrx) (acc, tx, out);
      return;
    }

  if (row != NULL && across_1to1)
    copy_row (row, convert->width, convert->channels, out);
  else if (row != NULL)
    (rgb ? horizontal_rgb8 : horizontal_grey8) (row, tx, out);
  else if (across_1to1)
    round_row (acc, convert->width, convert->channels, out);
  else
    (rgb ? horizontal_rgb16 : horizontal_grey16) (acc, tx, out);
}

/* An output row already as wide as it is shown (8-bit grey or RGB, @n
 * pixels) written where output rows go. */
void
vigil_scale_store_row (VigilConvert *convert,
                       const guint8 *row,
                       guint         n,
                       guint8       *out)
{
  if (convert->bgrx)
    copy_row_bgrx (row, n, convert->channels, out);
  else
    copy_row (row, n, convert->channels, out);
}

/* Down first (16-bit sums of the input rows an output row covers), then
 * across. */
static void
scale_down_then_across (VigilConvert    *convert,
                        const VigilTaps *tx,
                        const VigilTaps *ty,
                        guint8          *dst,
                        guint            row_begin,
                        guint            row_end)
{
  gsize n = (gsize) convert->width * convert->channels;
  g_autofree guint16 *acc = g_new (guint16, n);
  gboolean across_1to1 = tx->n_out == convert->width;

  for (guint oy = row_begin; oy < row_end; oy++)
    {
      guint8 *out = vigil_output_row (convert, dst, tx->n_out, oy);
      const guint16 *w = ty->weight + (gsize) oy * ty->n_taps;
      gint only = single_tap (ty, oy);
      gboolean first = TRUE;

      if (only >= 0)
        {
          horizontal (convert, tx, across_1to1, convert->row (convert, ty->start[oy] + only), NULL, out);
          vigil_output_done (convert, oy);
          continue;
        }

      for (guint t = 0; t < ty->n_taps; t++)
        if (w[t] > 0)
          {
            vigil_scale_accumulate (acc, convert->row (convert, ty->start[oy] + t), n, w[t], first);
            first = FALSE;
          }
      horizontal (convert, tx, across_1to1, NULL, acc, out);
      vigil_output_done (convert, oy);
    }
}

/**
 * vigil_scale_rows:
 * @dst: packed RGB of @out_width × @out_height
 *
 * Writes output rows @row_begin … @row_end - 1 from the canonical rows of
 * @convert.
 */
void
vigil_scale_rows (VigilConvert *convert,
                  guint8       *dst,
                  guint         out_width,
                  guint         out_height,
                  guint         row_begin,
                  guint         row_end)
{
  VigilTaps tx = { 0 }, ty = { 0 };

  vigil_taps_init (&tx, convert->width, out_width);
  vigil_taps_init (&ty, convert->height, out_height);

  if (vigil_scale_grow_applies (&tx, &ty, convert->height))
    vigil_scale_grow_rows (convert, &tx, &ty, dst, row_begin, row_end);
  else
    scale_down_then_across (convert, &tx, &ty, dst, row_begin, row_end);

  vigil_taps_clear (&tx);
  vigil_taps_clear (&ty);
}
