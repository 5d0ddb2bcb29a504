/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-frame-mono"

#include "config.h"

#include <string.h>

#include "vigil-frame-private.h"

/* Samples deeper than 8 bits (Mono10 … Mono16, Bayer 10 … 16, and their
 * packed forms) into 8-bit display values: by the format's bit depth (a
 * shift), or through a table for a window or the frame's own range. */

/* How many rows the automatic range samples, spread over the frame. */
#define AUTO_ROWS 64
/* Percent of samples the automatic range leaves out at each end, ×10. */
#define AUTO_CLIP_PERMILLE 5

/* Where sample @x of row @y starts: a byte pointer and a sample index
 * within it (the stream index for a continuous packed stream). */
static const guint8 *
row_base (const VigilPixels *pixels,
          guint              y,
          guint64           *first)
{
  if (pixels->stride == 0)
    {
      *first = (guint64) y * pixels->width;
      return pixels->data;
    }
  *first = 0;
  return pixels->data + (gsize) y * pixels->stride;
}

static void
unpack_gige (const guint8 *base,
             guint64       first,
             guint         width,
             guint         depth,
             guint16      *out)
{
  guint low_bits = depth - 8;
  guint mask = (1u << low_bits) - 1;

  for (guint x = 0; x < width; x++)
    {
      guint64 n = first + x;
      const guint8 *g = base + 3 * (gsize) (n / 2);

      /* Byte 1 holds the low bits of both samples: sample 0 in bits 0…,
       * sample 1 in bits 4…; bytes 0 and 2 their high 8 bits. */
      if (n % 2 == 0)
        out[x] = (guint16) ((g[0] << low_bits) | (g[1] & mask));
      else
        out[x] = (guint16) ((g[2] << low_bits) | ((g[1] >> 4) & mask));
    }
}

static void
unpack_lsb (const guint8 *base,
            guint64       first,
            guint         width,
            guint         depth,
            guint16      *out)
{
  guint mask = (1u << depth) - 1;

  for (guint x = 0; x < width; x++)
    {
      guint64 bit = (first + x) * depth;
      const guint8 *p = base + (gsize) (bit / 8);
      guint shift = (guint) (bit % 8);

      /* 10 and 12-bit samples start at an even bit: two bytes hold one,
       * and both belong to it, so the last sample reads no byte past it. */
      out[x] = (guint16) (((p[0] | (p[1] << 8)) >> shift) & mask);
    }
}

/* Any thread: the samples of row @y as they are, in 16 bits. */
void
vigil_mono_unpack_samples (const VigilPixels *pixels,
                           guint              y,
                           guint16           *out)
{
  const VigilPixelInfo *info = pixels->info;
  guint64 first = 0;
  const guint8 *base = row_base (pixels, y, &first);
  guint width = pixels->width;

  switch (info->packing)
    {
    case VIGIL_PACKING_NONE:
      for (guint x = 0; x < width; x++)
        out[x] = (guint16) (base[2 * x] | (base[2 * x + 1] << 8));
      break;
    case VIGIL_PACKING_GIGE_10:
    case VIGIL_PACKING_GIGE_12:
      unpack_gige (base, first, width, info->depth, out);
      break;
    case VIGIL_PACKING_LSB_10:
    case VIGIL_PACKING_LSB_12:
    default:
      unpack_lsb (base, first, width, info->depth, out);
      break;
    }
}

/* Row @y as 8-bit display values, one a pixel. */
void
vigil_mono_unpack_row (VigilConvert *convert,
                       guint         y,
                       guint8       *out)
{
  const VigilPixels *pixels = convert->pixels;
  guint width = pixels->width;
  const guint16 *s = convert->samples;

  vigil_mono_unpack_samples (pixels, y, convert->samples);

  if (convert->lut != NULL)
    {
      for (guint x = 0; x < width; x++)
        out[x] = convert->lut[s[x]];
    }
  else
    {
      guint shift = convert->shift;

      /* A 10-bit camera in a 16-bit word may still set a high bit. */
      for (guint x = 0; x < width; x++)
        {
          guint v = s[x] >> shift;
          out[x] = (guint8) (v > 255 ? 255 : v);
        }
    }
}

/* The sample range of the frame, leaving out AUTO_CLIP_PERMILLE at each
 * end, from AUTO_ROWS rows spread over it. */
static void
auto_range (VigilConvert *convert,
            guint        *low,
            guint        *high)
{
  const VigilPixels *pixels = convert->pixels;
  guint depth = pixels->info->depth;
  guint bin_shift = depth > 12 ? depth - 12 : 0;
  guint n_bins = 1u << (depth - bin_shift);
  g_autofree guint32 *histogram = g_new0 (guint32, n_bins);
  guint step = MAX (1, pixels->height / AUTO_ROWS);
  guint64 total = 0, clip, seen;
  guint lo = 0, hi = n_bins - 1;

  for (guint y = 0; y < pixels->height; y += step)
    {
      vigil_mono_unpack_samples (pixels, y, convert->samples);
      for (guint x = 0; x < pixels->width; x++)
        histogram[MIN ((guint) (convert->samples[x] >> bin_shift), n_bins - 1)]++;
      total += pixels->width;
    }

  clip = total * AUTO_CLIP_PERMILLE / 1000;
  for (seen = 0; lo < n_bins - 1 && seen + histogram[lo] <= clip; lo++)
    seen += histogram[lo];
  for (seen = 0; hi > lo && seen + histogram[hi] <= clip; hi--)
    seen += histogram[hi];

  *low = lo << bin_shift;
  *high = ((hi + 1) << bin_shift) - 1;
}

/* Prepares the levels for samples deeper than 8 bits. */
void
vigil_mono_setup_levels (VigilConvert           *convert,
                         const VigilFrameLevels *levels)
{
  const VigilPixels *pixels = convert->pixels;
  const VigilPixelInfo *info = pixels->info;
  guint low, high;

  convert->shift = info->depth - 8;
  convert->samples = g_new (guint16, pixels->width);
  if (levels == NULL || levels->mode == VIGIL_LEVELS_BIT_DEPTH)
    return;

  if (levels->mode == VIGIL_LEVELS_AUTO)
    auto_range (convert, &low, &high);
  else
    {
      low = levels->low;
      high = levels->high;
    }
  if (high <= low)
    high = low + 1;

  /* Packed samples are masked to their depth; 16-bit words are not. */
  convert->lut_size = info->packing == VIGIL_PACKING_NONE ? 65536 : (gsize) 1 << info->depth;
  convert->lut = g_malloc (convert->lut_size);
  for (gsize v = 0; v < convert->lut_size; v++)
    {
      if (v <= low)
        convert->lut[v] = 0;
      else if (v >= high)
        convert->lut[v] = 255;
      else
        convert->lut[v] = (guint8) (((v - low) * 255 + (high - low) / 2) / (high - low));
    }
}
