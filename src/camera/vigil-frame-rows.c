/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-frame-rows"

#include "config.h"

#include "vigil-frame-private.h"

/* Where a conversion gets its rows: straight from the buffer when the
 * format already is 8-bit grey, Bayer or RGB, otherwise decoded once into a
 * few cached rows. */

void
vigil_row_cache_init (VigilRowCache *cache,
                      gsize          row_bytes)
{
  cache->row_bytes = row_bytes;
  cache->buffer = g_malloc (row_bytes * VIGIL_ROW_SLOTS);
  for (guint i = 0; i < VIGIL_ROW_SLOTS; i++)
    cache->index[i] = -1;
}

void
vigil_row_cache_clear (VigilRowCache *cache)
{
  g_clear_pointer (&cache->buffer, g_free);
}

/* The slot of row @y; *@hit tells whether it already holds it.  Rows read
 * together must be fewer than VIGIL_ROW_SLOTS apart. */
guint8 *
vigil_row_cache_get (VigilRowCache *cache,
                     guint          y,
                     gboolean      *hit)
{
  guint slot = y % VIGIL_ROW_SLOTS;

  *hit = cache->index[slot] == (gint64) y;
  cache->index[slot] = y;
  return cache->buffer + slot * cache->row_bytes;
}

static gboolean
samples_are_bytes (const VigilPixels *pixels)
{
  return pixels->info->bits == 8;
}

/* Row @y of a grey or Bayer frame as 8-bit samples, one a pixel. */
const guint8 *
vigil_convert_raw_row (VigilConvert *convert,
                       guint         y)
{
  const VigilPixels *pixels = convert->pixels;
  gboolean hit;
  guint8 *row;

  g_assert (y < pixels->height);
  if (samples_are_bytes (pixels))
    return pixels->data + (gsize) y * pixels->stride;

  row = vigil_row_cache_get (&convert->raw, y, &hit);
  if (!hit)
    vigil_mono_unpack_row (convert, y, row);
  return row;
}

static const guint8 *
rgb_row (VigilConvert *convert,
         guint         y)
{
  return convert->pixels->data + (gsize) y * convert->pixels->stride;
}

static const guint8 *
colour_row (VigilConvert *convert,
            guint         y)
{
  gboolean hit;
  guint8 *row = vigil_row_cache_get (&convert->canonical, y, &hit);

  if (!hit)
    vigil_colour_row (convert, y, row);
  return row;
}

static const guint8 *
demosaic_row (VigilConvert *convert,
              guint         y)
{
  gboolean hit;
  guint8 *row = vigil_row_cache_get (&convert->canonical, y, &hit);

  if (!hit)
    vigil_bayer_demosaic_row (convert, y, row);
  return row;
}

/**
 * vigil_convert_init:
 * @pixels: (transfer none): checked pixels, kept until vigil_convert_clear()
 * @levels: (nullable): how samples deeper than 8 bits are shown
 */
void
vigil_convert_init (VigilConvert           *convert,
                    const VigilPixels      *pixels,
                    const VigilFrameLevels *levels)
{
  const VigilPixelInfo *info = pixels->info;

  *convert = (VigilConvert) { 0 };
  convert->pixels = pixels;
  convert->width = pixels->width;
  convert->height = pixels->height;
  convert->channels = 3;

  if (info->kind == VIGIL_PIXEL_KIND_MONO || info->kind == VIGIL_PIXEL_KIND_BAYER)
    {
      if (!samples_are_bytes (pixels))
        {
          vigil_mono_setup_levels (convert, levels);
          vigil_row_cache_init (&convert->raw, pixels->width);
        }
    }

  switch (info->kind)
    {
    case VIGIL_PIXEL_KIND_MONO:
      convert->channels = 1;
      convert->row = vigil_convert_raw_row;
      break;
    case VIGIL_PIXEL_KIND_BAYER:
      vigil_row_cache_init (&convert->canonical, (gsize) pixels->width * 3);
      convert->row = demosaic_row;
      break;
    case VIGIL_PIXEL_KIND_RGB:
    case VIGIL_PIXEL_KIND_YUV:
    default:
      if (info->kind == VIGIL_PIXEL_KIND_RGB && info->order == VIGIL_ORDER_RGB)
        convert->row = rgb_row;
      else
        {
          vigil_row_cache_init (&convert->canonical, (gsize) pixels->width * 3);
          convert->row = colour_row;
        }
      break;
    }
}

void
vigil_convert_clear (VigilConvert *convert)
{
  vigil_row_cache_clear (&convert->raw);
  vigil_row_cache_clear (&convert->canonical);
  g_clear_pointer (&convert->lut, g_free);
  g_clear_pointer (&convert->samples, g_free);
}
