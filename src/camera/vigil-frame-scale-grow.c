/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-frame-scale"

#include "config.h"

#include "vigil-frame-private.h"

/* Scaling up on both axes, bilinear (two taps an axis): each input row is
 * weighed across once, into exact 16-bit sums (two weights summing to 256
 * times 8-bit samples: at most 65 280) kept for the output rows that need
 * it, and each output row blends two such rows.  vigil_scale_rows ()
 * weighs down first and then across, i.e. across once an *output* row; a
 * frame shown larger than it is has fewer input rows than output rows, so
 * this gathers less (512 rows shown as 900: 43 % fewer), and the blend is
 * a plain row loop that vectorises.  Both orders sum the same products
 * exactly and round once, so the pictures are equal to the bit. */

/* Worth it when the output has more rows than the input and both axes
 * have two taps (bilinear; growing across, or shrinking less than 1.5×). */
gboolean
vigil_scale_grow_applies (const VigilTaps *tx,
                          const VigilTaps *ty,
                          guint            in_height)
{
  return tx->n_taps == 2 && ty->n_taps == 2 && ty->n_out > in_height;
}

/* Input row @y weighed across into @sums (n_out · channels values). */
static void
across (const guint8    *row,
        const VigilTaps *tx,
        guint            channels,
        guint16         *sums)
{
  const guint16 *w = tx->weight;

  if (channels == 1)
    for (guint o = 0; o < tx->n_out; o++)
      {
        const guint8 *p = row + tx->start[o];

        sums[o] = (guint16) (w[2 * o] * p[0] + w[2 * o + 1] * p[1]);
      }
  else
    for (guint o = 0; o < tx->n_out; o++)
      {
        const guint8 *p = row + (gsize) tx->start[o] * 3;
        guint w0 = w[2 * o], w1 = w[2 * o + 1];

        sums[3 * o] = (guint16) (w0 * p[0] + w1 * p[3]);
        sums[3 * o + 1] = (guint16) (w0 * p[1] + w1 * p[4]);
        sums[3 * o + 2] = (guint16) (w0 * p[2] + w1 * p[5]);
      }
}

/* The sums of input row @y, from the slot it is kept in (y mod 2: the two
 * rows an output row blends are always in different slots). */
static const guint16 *
sums_of_row (VigilConvert    *convert,
             const VigilTaps *tx,
             guint            y,
             guint16         *sums,
             gint64           kept[2])
{
  gsize n = (gsize) tx->n_out * convert->channels;
  guint16 *slot = sums + (y & 1) * n;

  if (kept[y & 1] != y)
    {
      across (convert->row (convert, y), tx, convert->channels, slot);
      kept[y & 1] = y;
    }
  return slot;
}

static void
blend (const guint16 *restrict a,
       const guint16 *restrict b,
       guint                   wa,
       guint                   wb,
       gsize                   n,
       guint8        *restrict out)
{
  for (gsize i = 0; i < n; i++)
    out[i] = (guint8) ((32768u + wa * a[i] + wb * b[i]) >> 16);
}

/* Grey blended straight into B G R 255 words. */
static void
blend_grey_bgrx (const guint16 *restrict a,
                 const guint16 *restrict b,
                 guint                   wa,
                 guint                   wb,
                 gsize                   n,
                 guint32       *restrict out)
{
  for (gsize i = 0; i < n; i++)
    {
      guint32 v = (32768u + wa * a[i] + wb * b[i]) >> 16;

      out[i] = vigil_bgrx_word (v, v, v);
    }
}

void
vigil_scale_grow_rows (VigilConvert    *convert,
                       const VigilTaps *tx,
                       const VigilTaps *ty,
                       guint8          *dst,
                       guint            row_begin,
                       guint            row_end)
{
  gsize n = (gsize) tx->n_out * convert->channels;
  g_autofree guint16 *sums = g_new (guint16, 2 * n);
  g_autofree guint8 *line = g_new (guint8, n);
  gint64 kept[2] = { -1, -1 };

  for (guint oy = row_begin; oy < row_end; oy++)
    {
      const guint16 *w = ty->weight + (gsize) oy * 2;
      guint y = ty->start[oy];
      const guint16 *a = sums_of_row (convert, tx, y, sums, kept);
      const guint16 *b = w[1] > 0 ? sums_of_row (convert, tx, y + 1, sums, kept) : a;
      guint8 *out = vigil_output_row (convert, dst, tx->n_out, oy);

      if (convert->bgrx && convert->channels == 1)
        blend_grey_bgrx (a, b, w[0], w[1], n, (guint32 *) (gpointer) out);
      else
        {
          blend (a, b, w[0], w[1], n, line);
          vigil_scale_store_row (convert, line, tx->n_out, out);
        }
      vigil_output_done (convert, oy);
    }
}
