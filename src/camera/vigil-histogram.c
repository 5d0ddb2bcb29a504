/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-histogram"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-frame-private.h"
#include "vigil-histogram.h"

/* The histogram of a full frame in the camera's units: every sample is
 * counted at its own value (Mono12: 0 … 4095), per channel — grey for mono,
 * red, green and blue from their own Bayer sites or RGB bytes, luma for
 * YUV — and then folded into VIGIL_HISTOGRAM_BINS bars.  The figures (min,
 * mean, max, clipped at 0 and at the top of the range) come from the exact
 * counts, not from the bars.  Any thread: the consumer computes it. */

typedef struct
{
  VigilPixels  pixels;
  guint        n_channels;
  guint        depth;
  guint        max_value;
  guint64     *values;       /* n_channels << depth counts */
  guint16     *samples;      /* one unpacked row, for deep samples */
  guint8       site_channel[4];   /* Bayer: channel of each 2×2 site */
} Counter;

static void
counter_clear (Counter *counter)
{
  g_clear_pointer (&counter->values, g_free);
  g_clear_pointer (&counter->samples, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Counter, counter_clear)

static inline void
count_sample (Counter *counter,
              guint    channel,
              guint    value)
{
  if (value > counter->max_value)
    value = counter->max_value;       /* a bit set above the depth: clipped */
  counter->values[((gsize) channel << counter->depth) | value]++;
}

/* Mono and Bayer: one sample a pixel. */
static void
count_mosaic_row (Counter *counter,
                  guint    y)
{
  const VigilPixels *pixels = &counter->pixels;
  gboolean bayer = pixels->info->kind == VIGIL_PIXEL_KIND_BAYER;
  const guint8 *bytes = NULL;

  if (pixels->info->bits == 8)
    bytes = pixels->data + (gsize) y * pixels->stride;
  else
    vigil_mono_unpack_samples (pixels, y, counter->samples);

  for (guint x = 0; x < pixels->width; x++)
    {
      guint value = bytes ? bytes[x] : counter->samples[x];
      guint channel = bayer ? counter->site_channel[(y & 1) * 2 + (x & 1)] : 0;

      count_sample (counter, channel, value);
    }
}

/* RGB orders: three channels from their bytes; YUV 4:2:2: the luma bytes. */
static void
count_colour_row (Counter *counter,
                  guint    y)
{
  const VigilPixels *pixels = &counter->pixels;
  const guint8 *row = pixels->data + (gsize) y * pixels->stride;
  guint order = pixels->info->order;

  if (pixels->info->kind == VIGIL_PIXEL_KIND_YUV)
    {
      guint luma = order == VIGIL_ORDER_UYVY ? 1 : 0;

      for (guint x = 0; x < pixels->width; x++)
        count_sample (counter, 0, row[2 * (gsize) x + luma]);
      return;
    }

  {
    guint step = pixels->info->bits / 8;
    gboolean bgr = order == VIGIL_ORDER_BGR || order == VIGIL_ORDER_BGRA;
    guint red = bgr ? 2 : 0, blue = bgr ? 0 : 2;

    for (guint x = 0; x < pixels->width; x++)
      {
        const guint8 *p = row + (gsize) x * step;

        count_sample (counter, 0, p[red]);
        count_sample (counter, 1, p[1]);
        count_sample (counter, 2, p[blue]);
      }
  }
}

static void
set_channels (VigilHistogram *histogram,
              Counter        *counter)
{
  const VigilPixelInfo *info = counter->pixels.info;

  switch (info->kind)
    {
    case VIGIL_PIXEL_KIND_BAYER:
      /* info->order: the site of red in the 2×2 cell; blue is across from it. */
      for (guint site = 0; site < 4; site++)
        counter->site_channel[site] = site == info->order ? 0 : site == 3 - info->order ? 2 : 1;
      G_GNUC_FALLTHROUGH;
    case VIGIL_PIXEL_KIND_RGB:
      histogram->n_channels = 3;
      histogram->channels[0].colour = VIGIL_HISTOGRAM_RED;
      histogram->channels[1].colour = VIGIL_HISTOGRAM_GREEN;
      histogram->channels[2].colour = VIGIL_HISTOGRAM_BLUE;
      break;
    case VIGIL_PIXEL_KIND_YUV:
      histogram->n_channels = 1;
      histogram->channels[0].colour = VIGIL_HISTOGRAM_LUMA;
      break;
    case VIGIL_PIXEL_KIND_MONO:
    default:
      histogram->n_channels = 1;
      histogram->channels[0].colour = VIGIL_HISTOGRAM_GREY;
      break;
    }
  counter->n_channels = histogram->n_channels;
}

/* Folds the exact counts of @channel into its bars and figures. */
static void
fold_channel (VigilHistogram *histogram,
              Counter        *counter,
              guint           channel)
{
  VigilHistogramChannel *out = &histogram->channels[channel];
  const guint64 *values = counter->values + ((gsize) channel << counter->depth);
  guint shift = counter->depth - 8;
  guint64 sum = 0;
  gboolean seen = FALSE;

  for (guint v = 0; v <= counter->max_value; v++)
    {
      guint64 n = values[v];

      if (n == 0)
        continue;
      if (!seen)
        out->min = v;
      seen = TRUE;
      out->max = v;
      out->count += n;
      sum += n * v;
      out->bins[v >> shift] += n;
    }
  out->mean = out->count > 0 ? (double) sum / (double) out->count : 0.0;
  out->low_clipped = values[0];
  out->high_clipped = values[counter->max_value];
}

/**
 * vigil_histogram_compute:
 * @stride: bytes from row to row; 0 for rows back to back (or, for
 *   bit-packed formats, one continuous bit stream)
 *
 * Counts every sample of the frame.  Refuses what the conversion refuses
 * (unknown formats, short buffers) in words, before a byte is read.
 *
 * Returns: (transfer full) (nullable): the histogram
 */
VigilHistogram *
vigil_histogram_compute (guint32        pixel_format,
                         guint          width,
                         guint          height,
                         gsize          stride,
                         const guint8  *data,
                         gsize          size,
                         GError       **error)
{
  g_autoptr(VigilHistogram) histogram = g_new0 (VigilHistogram, 1);
  g_auto(Counter) counter = { { 0 } };
  const VigilPixelInfo *info = vigil_pixel_info_lookup (pixel_format);

  if (info == NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_UNSUPPORTED_PIXEL_FORMAT,
                   _("No histogram for pixel format 0x%08x: Vigil cannot read it"), pixel_format);
      return NULL;
    }
  counter.pixels = (VigilPixels) { info, width, height, stride, data, size };
  if (!vigil_pixels_check (&counter.pixels, error))
    return NULL;

  histogram->pixel_format = pixel_format;
  histogram->width = width;
  histogram->height = height;
  histogram->depth = counter.depth = info->depth;
  histogram->max_value = counter.max_value = (1u << info->depth) - 1;
  histogram->bin_width = 1u << (info->depth - 8);
  set_channels (histogram, &counter);
  counter.values = g_new0 (guint64, (gsize) counter.n_channels << counter.depth);
  if (info->bits != 8 && (info->kind == VIGIL_PIXEL_KIND_MONO || info->kind == VIGIL_PIXEL_KIND_BAYER))
    counter.samples = g_new (guint16, width);

  for (guint y = 0; y < height; y++)
    {
      if (info->kind == VIGIL_PIXEL_KIND_MONO || info->kind == VIGIL_PIXEL_KIND_BAYER)
        count_mosaic_row (&counter, y);
      else
        count_colour_row (&counter, y);
    }
  for (guint c = 0; c < histogram->n_channels; c++)
    fold_channel (histogram, &counter, c);

  return g_steal_pointer (&histogram);
}

VigilHistogram *
vigil_histogram_copy (const VigilHistogram *self)
{
  return self ? g_memdup2 (self, sizeof *self) : NULL;
}

void
vigil_histogram_free (VigilHistogram *self)
{
  g_free (self);
}

/* Share of @channel's samples at 0, from 0 to 1. */
double
vigil_histogram_low_share (const VigilHistogram *self,
                           guint                 channel)
{
  const VigilHistogramChannel *c;

  g_return_val_if_fail (self != NULL && channel < self->n_channels, 0.0);
  c = &self->channels[channel];
  return c->count > 0 ? (double) c->low_clipped / (double) c->count : 0.0;
}

/* Share of @channel's samples at the top of the range, from 0 to 1. */
double
vigil_histogram_high_share (const VigilHistogram *self,
                            guint                 channel)
{
  const VigilHistogramChannel *c;

  g_return_val_if_fail (self != NULL && channel < self->n_channels, 0.0);
  c = &self->channels[channel];
  return c->count > 0 ? (double) c->high_clipped / (double) c->count : 0.0;
}

/* The channel's name in the user's language. */
const char *
vigil_histogram_colour_label (VigilHistogramColour colour)
{
  switch (colour)
    {
    case VIGIL_HISTOGRAM_RED:
      return _("Red");
    case VIGIL_HISTOGRAM_GREEN:
      return _("Green");
    case VIGIL_HISTOGRAM_BLUE:
      return _("Blue");
    case VIGIL_HISTOGRAM_LUMA:
      return _("Luma");
    case VIGIL_HISTOGRAM_GREY:
    default:
      return _("Grey");
    }
}
