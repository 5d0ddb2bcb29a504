/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-frame-bayer"

#include "config.h"

#include "vigil-frame-private.h"

/* Bayer mosaics shown smaller, but less than 2× (a 1024² camera in a
 * 900-pixel view): each colour is interpolated bilinearly from its own
 * sites at the centre of the output pixel — red from the red sites, blue
 * from the blue ones, green as the mean of the two green sites' planes —
 * straight from the raw rows, with no demosaic at full size first.
 *
 * Red and blue come out as a bilinear demosaic would give them (that
 * demosaic, too, takes them from their own sites only); green is a little
 * softer, which a picture shown smaller does not show.  It is separable:
 * a vertical pass weighs the two raw rows of each row parity into 16-bit
 * sums over the whole width (one loop the compiler vectorises), a
 * horizontal pass reads each site's two neighbours of its own parity.
 * 1024² into 900²: 2.1 ms, where demosaicing and then scaling took 3.2
 * (bench-frame). */

/* One output sample along an axis, for the sites of one parity: the
 * nearest site at or before its centre, the next one, and the weight of
 * the next one in 1/256. */
typedef struct
{
  guint   before;
  guint   after;
  guint16 weight;
} SiteTap;

static void
site_taps (guint    n_in,
           guint    n_out,
           guint    parity,
           SiteTap *taps)
{
  /* Sites at parity, parity + 2, …; n_in ≥ 2, so there is one at least. */
  guint n_sites = (n_in - parity + 1) / 2;

  for (guint o = 0; o < n_out; o++)
    {
      /* The centre in input pixels, in 1/256: (o + ½)·n_in/n_out − ½;
       * in the plane of this parity: (centre − parity) / 2. */
      gint64 centre = (gint64) (((guint64) (2 * o + 1) * n_in * 256) / (2 * (guint64) n_out)) - 128;
      gint64 in_plane = centre - (gint64) parity * 256;
      guint i, f;

      in_plane = in_plane < 0 ? 0 : in_plane / 2;
      i = (guint) (in_plane >> 8);
      f = (guint) (in_plane & 255);
      if (i + 1 >= n_sites)
        {
          i = n_sites - 1;
          f = 0;
        }
      taps[o].before = parity + 2 * i;
      taps[o].after = f > 0 ? taps[o].before + 2 : taps[o].before;
      taps[o].weight = (guint16) f;
    }
}

/* The four sites' values of output pixel @o, each × 65536. */
#define SITE_VALUE(acc, tap) \
  ((guint32) (acc)[(tap).before] * (256u - (tap).weight) + (guint32) (acc)[(tap).after] * (tap).weight)

static inline __attribute__ ((always_inline)) void
planes_row_n (const guint16 *top,
              const guint16 *bottom,
              const SiteTap *even,
              const SiteTap *odd,
              guint          n_out,
              guint          red,
              guint          px,
              guint8        *out)
{
  for (guint o = 0; o < n_out; o++, out += px)
    {
      guint32 s[4] = {
        SITE_VALUE (top, even[o]),
        SITE_VALUE (top, odd[o]),
        SITE_VALUE (bottom, even[o]),
        SITE_VALUE (bottom, odd[o]),
      };
      guint32 g = red == 1 || red == 2 ? s[0] + s[3] : s[1] + s[2];

      VIGIL_STORE_PIXEL (out, px, (guint8) ((s[red] + (1u << 15)) >> 16), (guint8) ((g + (1u << 16)) >> 17),
                         (guint8) ((s[3 - red] + (1u << 15)) >> 16));
    }
}

/* One loop for each layout and output, with the sites' places constant. */
static void
planes_row (const guint16 *top,
            const guint16 *bottom,
            const SiteTap *even,
            const SiteTap *odd,
            guint          n_out,
            guint          red,
            gboolean       bgrx,
            guint8        *out)
{
  switch (red + (bgrx ? 4 : 0))
    {
    case 0: planes_row_n (top, bottom, even, odd, n_out, 0, 3, out); break;
    case 1: planes_row_n (top, bottom, even, odd, n_out, 1, 3, out); break;
    case 2: planes_row_n (top, bottom, even, odd, n_out, 2, 3, out); break;
    case 3: planes_row_n (top, bottom, even, odd, n_out, 3, 3, out); break;
    case 4: planes_row_n (top, bottom, even, odd, n_out, 0, 4, out); break;
    case 5: planes_row_n (top, bottom, even, odd, n_out, 1, 4, out); break;
    case 6: planes_row_n (top, bottom, even, odd, n_out, 2, 4, out); break;
    default: planes_row_n (top, bottom, even, odd, n_out, 3, 4, out); break;
    }
}

/* acc = the rows of @tap weighed (the raw rows of one parity). */
static void
vertical (VigilConvert  *convert,
          const SiteTap *tap,
          guint16       *acc)
{
  guint width = convert->pixels->width;

  vigil_scale_accumulate (acc, vigil_convert_raw_row (convert, tap->before), width, 256u - tap->weight, TRUE);
  if (tap->weight > 0)
    vigil_scale_accumulate (acc, vigil_convert_raw_row (convert, tap->after), width, tap->weight, FALSE);
}

/* Whether the planes are the way to show the frame at this size: smaller,
 * on one axis at least, and not 2× smaller on both (the cells are). */
gboolean
vigil_bayer_use_planes (const VigilPixels *pixels,
                        guint              out_width,
                        guint              out_height)
{
  return pixels->width >= 2 && pixels->height >= 2 &&
         out_width <= pixels->width && out_height <= pixels->height &&
         (out_width < pixels->width || out_height < pixels->height) &&
         !vigil_bayer_use_cells (pixels, out_width, out_height);
}

/**
 * vigil_bayer_planes:
 *
 * Output rows @row_begin … @row_end - 1, each colour bilinear from its own
 * sites.
 */
void
vigil_bayer_planes (VigilConvert *convert,
                    guint8       *dst,
                    guint         out_width,
                    guint         out_height,
                    guint         row_begin,
                    guint         row_end)
{
  const VigilPixels *pixels = convert->pixels;
  g_autofree SiteTap *even = g_new (SiteTap, out_width);
  g_autofree SiteTap *odd = g_new (SiteTap, out_width);
  g_autofree SiteTap *rows_even = g_new (SiteTap, out_height);
  g_autofree SiteTap *rows_odd = g_new (SiteTap, out_height);
  g_autofree guint16 *top = g_new (guint16, pixels->width);
  g_autofree guint16 *bottom = g_new (guint16, pixels->width);

  g_return_if_fail (pixels->width >= 2 && pixels->height >= 2);

  site_taps (pixels->width, out_width, 0, even);
  site_taps (pixels->width, out_width, 1, odd);
  site_taps (pixels->height, out_height, 0, rows_even);
  site_taps (pixels->height, out_height, 1, rows_odd);

  for (guint oy = row_begin; oy < row_end; oy++)
    {
      /* Each row is weighed into its sums as soon as it is read, so the
       * row cache of deep samples may reuse its slot. */
      vertical (convert, &rows_even[oy], top);
      vertical (convert, &rows_odd[oy], bottom);
      planes_row (top, bottom, even, odd, out_width, pixels->info->order, convert->bgrx,
                  vigil_output_row (convert, dst, out_width, oy));
      vigil_output_done (convert, oy);
    }
}
