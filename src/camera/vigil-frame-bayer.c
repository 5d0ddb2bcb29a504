/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-frame-bayer"

#include "config.h"

#include "vigil-frame-private.h"

/* Bayer mosaics at the size they are shown.
 *
 * Shown at least 2× smaller on both axes: each output pixel is the area
 * average of the 2×2 cells under it (red, the mean of the two greens,
 * blue), with the scaler's weights (a tent two output pixels wide); no
 * demosaic at all.  Vertical sums run over whole raw rows, the
 * horizontal pass reads the cells.
 *
 * Shown smaller, but less than 2×: each colour bilinear from its own sites
 * (vigil-frame-bayer-planes.c).
 *
 * Otherwise (1:1, or larger): bilinear demosaic of whole rows from three
 * row pointers (the rows above and below mirrored at the top and bottom),
 * with no clamping inside the row; the first and last column are done
 * apart.  The RGB rows then go through the common scaler. */

/* Output channel of the colour on row @y's non-green sites (0 red, 2 blue)
 * and the parity of x of those sites. */
static void
row_colour (guint  red_site,
            guint  y,
            guint *channel,
            guint *parity)
{
  guint site = (red_site >> 1) == (y & 1) ? red_site : 3 - red_site;

  *channel = site == red_site ? 0 : 2;
  *parity = site & 1;
}

static void
border_pixel (const guint8 *up,
              const guint8 *mid,
              const guint8 *down,
              guint         width,
              guint         x,
              gboolean      colour_site,
              guint         ia,
              guint8       *o)
{
  guint l = x > 0 ? x - 1 : 1;
  guint r = x + 1 < width ? x + 1 : width - 2;
  guint ic = 2 - ia;

  if (colour_site)
    {
      o[ia] = mid[x];
      o[1] = (guint8) ((mid[l] + mid[r] + up[x] + down[x] + 2) >> 2);
      o[ic] = (guint8) ((up[l] + up[r] + down[l] + down[r] + 2) >> 2);
    }
  else
    {
      o[1] = mid[x];
      o[ia] = (guint8) ((mid[l] + mid[r] + 1) >> 1);
      o[ic] = (guint8) ((up[x] + down[x] + 1) >> 1);
    }
}

static void
demosaic (const guint8 *restrict up,
          const guint8 *restrict mid,
          const guint8 *restrict down,
          guint                  width,
          guint                  ia,
          guint                  pa,
          guint8       *restrict out)
{
  guint ic = 2 - ia;

  /* Red or blue sites inside the row: the other colour on the diagonals,
   * green across. */
  for (guint x = pa ? 1 : 2; x + 1 < width; x += 2)
    {
      guint8 *o = out + 3 * x;

      o[ia] = mid[x];
      o[1] = (guint8) ((mid[x - 1] + mid[x + 1] + up[x] + down[x] + 2) >> 2);
      o[ic] = (guint8) ((up[x - 1] + up[x + 1] + down[x - 1] + down[x + 1] + 2) >> 2);
    }

  /* Green sites: the row's colour left and right, the other above and below. */
  for (guint x = pa ? 2 : 1; x + 1 < width; x += 2)
    {
      guint8 *o = out + 3 * x;

      o[1] = mid[x];
      o[ia] = (guint8) ((mid[x - 1] + mid[x + 1] + 1) >> 1);
      o[ic] = (guint8) ((up[x] + down[x] + 1) >> 1);
    }

  border_pixel (up, mid, down, width, 0, pa == 0, ia, out);
  border_pixel (up, mid, down, width, width - 1, ((width - 1) & 1) == pa, ia, out + 3 * (width - 1));
}

/* Row @y demosaiced bilinearly into RGB. */
void
vigil_bayer_demosaic_row (VigilConvert *convert,
                          guint         y,
                          guint8       *out)
{
  const VigilPixels *pixels = convert->pixels;
  guint h = pixels->height;
  guint ia, pa;
  const guint8 *up = vigil_convert_raw_row (convert, y > 0 ? y - 1 : 1);
  const guint8 *mid = vigil_convert_raw_row (convert, y);
  const guint8 *down = vigil_convert_raw_row (convert, y + 1 < h ? y + 1 : h - 2);

  row_colour (pixels->info->order, y, &ia, &pa);
  demosaic (up, mid, down, pixels->width, ia, pa, out);
}

/* Whether the frame is shown at least 2× smaller on both axes. */
gboolean
vigil_bayer_use_cells (const VigilPixels *pixels,
                       guint              out_width,
                       guint              out_height)
{
  return (guint64) out_width * 2 <= pixels->width && (guint64) out_height * 2 <= pixels->height;
}

typedef struct
{
  const guint16 *red;
  const guint16 *green1;
  const guint16 *green2;
  const guint16 *blue;
} CellSites;

static const guint16 *
site_of (const guint16 *top,
         const guint16 *bottom,
         guint          site)
{
  return (site < 2 ? top : bottom) + (site & 1);
}

static inline __attribute__ ((always_inline)) void
cells_horizontal_n (const CellSites *s,
                    const VigilTaps *tx,
                    guint            n_taps,
                    guint            px,
                    guint8          *out)
{
  for (guint o = 0; o < tx->n_out; o++, out += px)
    {
      const guint16 *w = tx->weight + (gsize) o * n_taps;
      gsize c = 2 * (gsize) tx->start[o];
      guint32 r = 1u << 15, g = 1u << 16, b = 1u << 15;

      for (guint t = 0; t < n_taps; t++, c += 2)
        {
          r += (guint32) w[t] * s->red[c];
          g += (guint32) w[t] * (s->green1[c] + s->green2[c]);
          b += (guint32) w[t] * s->blue[c];
        }
      VIGIL_STORE_PIXEL (out, px, (guint8) (r >> 16), (guint8) (g >> 17), (guint8) (b >> 16));
    }
}

/* The usual tap counts (a tent over 1 to 2 cells) get loops the compiler
 * unrolls. */
static void
cells_horizontal (const CellSites *s,
                  const VigilTaps *tx,
                  gboolean         bgrx,
                  guint8          *out)
{
  switch (tx->n_taps + (bgrx ? 100 : 0))
    {
    case 3:    cells_horizontal_n (s, tx, 3, 3, out); break;
    case 4:    cells_horizontal_n (s, tx, 4, 3, out); break;
    case 5:    cells_horizontal_n (s, tx, 5, 3, out); break;
    case 103:  cells_horizontal_n (s, tx, 3, 4, out); break;
    case 104:  cells_horizontal_n (s, tx, 4, 4, out); break;
    case 105:  cells_horizontal_n (s, tx, 5, 4, out); break;
    default:   cells_horizontal_n (s, tx, tx->n_taps, bgrx ? 4 : 3, out); break;
    }
}

/**
 * vigil_bayer_cells:
 *
 * Output rows @row_begin … @row_end - 1, each pixel the area average of the
 * 2×2 cells it covers.  An odd last row or column has no cell and is left
 * out.
 */
void
vigil_bayer_cells (VigilConvert *convert,
                   guint8       *dst,
                   guint         out_width,
                   guint         out_height,
                   guint         row_begin,
                   guint         row_end)
{
  const VigilPixels *pixels = convert->pixels;
  guint red = pixels->info->order;
  gboolean green_diagonal = red == 1 || red == 2;
  VigilTaps tx = { 0 }, ty = { 0 };
  g_autofree guint16 *top = g_new (guint16, pixels->width);
  g_autofree guint16 *bottom = g_new (guint16, pixels->width);
  CellSites sites = {
    site_of (top, bottom, red),
    site_of (top, bottom, green_diagonal ? 0 : 1),
    site_of (top, bottom, green_diagonal ? 3 : 2),
    site_of (top, bottom, 3 - red),
  };

  vigil_taps_init (&tx, pixels->width / 2, out_width);
  vigil_taps_init (&ty, pixels->height / 2, out_height);

  for (guint oy = row_begin; oy < row_end; oy++)
    {
      const guint16 *w = ty.weight + (gsize) oy * ty.n_taps;
      gboolean first = TRUE;

      for (guint t = 0; t < ty.n_taps; t++)
        if (w[t] > 0)
          {
            guint k = ty.start[oy] + t;

            vigil_scale_accumulate (top, vigil_convert_raw_row (convert, 2 * k), pixels->width, w[t], first);
            vigil_scale_accumulate (bottom, vigil_convert_raw_row (convert, 2 * k + 1), pixels->width, w[t], first);
            first = FALSE;
          }
      cells_horizontal (&sites, &tx, convert->bgrx, vigil_output_row (convert, dst, out_width, oy));
      vigil_output_done (convert, oy);
    }

  vigil_taps_clear (&tx);
  vigil_taps_clear (&ty);
}

/**
 * vigil_bayer_scale:
 *
 * Output rows @row_begin … @row_end - 1 of a Bayer frame, the way its size
 * calls for: cells, planes, or the demosaic through the common scaler.
 */
void
vigil_bayer_scale (VigilConvert *convert,
                   guint8       *dst,
                   guint         out_width,
                   guint         out_height,
                   guint         row_begin,
                   guint         row_end)
{
  if (vigil_bayer_use_cells (convert->pixels, out_width, out_height))
    vigil_bayer_cells (convert, dst, out_width, out_height, row_begin, row_end);
  else if (vigil_bayer_use_planes (convert->pixels, out_width, out_height))
    vigil_bayer_planes (convert, dst, out_width, out_height, row_begin, row_end);
  else
    vigil_scale_rows (convert, dst, out_width, out_height, row_begin, row_end);
}
