/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-frame-readout"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-frame-private.h"
#include "vigil-frame.h"

/* The pixel readout: the raw value(s) of one pixel in the camera's units
 * (Mono12: 0 … 4095; a Bayer site's raw sample and its colour), read from
 * a frame that kept its full-resolution pixels. */

/* The sample at (x, y) of a Mono or Bayer frame. */
static guint
raw_sample (const VigilPixels *pixels,
            guint              x,
            guint              y)
{
  g_autofree guint16 *row = NULL;

  if (pixels->info->bits == 8 && pixels->info->packing == VIGIL_PACKING_NONE)
    return pixels->data[(gsize) y * pixels->stride + x];
  row = g_new (guint16, pixels->width);
  vigil_mono_unpack_samples (pixels, y, row);
  return row[x];
}

static const char *
bayer_colour (const VigilPixelInfo *info,
              guint                 x,
              guint                 y)
{
  guint site = (y % 2) * 2 + (x % 2);

  if (site == info->order)
    /* Translators: the colour of a Bayer site in the pixel readout. */
    return C_("bayer", "red");
  if (site == 3 - info->order)
    return C_("bayer", "blue");
  return C_("bayer", "green");
}

static char *
colour_values (const VigilPixels *pixels,
               guint              x,
               guint              y)
{
  const guint8 *row = pixels->data + (gsize) y * pixels->stride;
  const guint8 *p;
  guint order = pixels->info->order;

  if (pixels->info->kind == VIGIL_PIXEL_KIND_YUV)
    {
      const guint8 *pair = row + (gsize) (x / 2) * 4;
      gboolean yuyv = order == VIGIL_ORDER_YUYV;
      guint luma = yuyv ? pair[(x % 2) * 2] : pair[(x % 2) * 2 + 1];
      guint u = yuyv ? pair[1] : pair[0], v = yuyv ? pair[3] : pair[2];

      return g_strdup_printf ("Y %u U %u V %u", luma, u, v);
    }
  p = row + (gsize) x * (pixels->info->bits / 8);
  if (order == VIGIL_ORDER_BGR || order == VIGIL_ORDER_BGRA)
    return g_strdup_printf ("R %u G %u B %u", p[2], p[1], p[0]);
  return g_strdup_printf ("R %u G %u B %u", p[0], p[1], p[2]);
}

/**
 * vigil_frame_describe_pixel:
 * @x: column in the full frame
 * @y: row in the full frame
 *
 * Returns: (transfer full) (nullable): "x 12 · y 34 · 4095 of 0–4095" and
 *   the like; only the position when the frame kept no pixels; %NULL off
 *   the frame
 */
char *
vigil_frame_describe_pixel (VigilFrame *self,
                            guint       x,
                            guint       y)
{
  GBytes *data;
  VigilPixels pixels = { 0 };
  g_autofree char *value = NULL;
  gsize size = 0;

  g_return_val_if_fail (self != NULL, NULL);

  if (x >= vigil_frame_get_width (self) || y >= vigil_frame_get_height (self))
    return NULL;
  data = vigil_frame_get_data (self);
  pixels = (VigilPixels) { vigil_pixel_info_lookup (vigil_frame_get_pixel_format (self)),
                           vigil_frame_get_width (self), vigil_frame_get_height (self),
                           vigil_frame_get_stride (self), data ? g_bytes_get_data (data, &size) : NULL, size };
  if (data == NULL || pixels.info == NULL || !vigil_pixels_check (&pixels, NULL))
    /* Translators: the pixel under the pointer, its column and row. */
    return g_strdup_printf (_("x %u · y %u"), x, y);

  if (pixels.info->kind == VIGIL_PIXEL_KIND_MONO)
    /* Translators: column, row, the raw value and the format's range. */
    value = g_strdup_printf (_("%u of 0–%u"), raw_sample (&pixels, x, y), (1u << pixels.info->depth) - 1);
  else if (pixels.info->kind == VIGIL_PIXEL_KIND_BAYER)
    /* Translators: a Bayer site's colour, its raw value and the range. */
    value = g_strdup_printf (_("%s %u of 0–%u"), bayer_colour (pixels.info, x, y),
                             raw_sample (&pixels, x, y), (1u << pixels.info->depth) - 1);
  else
    value = colour_values (&pixels, x, y);

  /* Translators: column, row, then the pixel's value(s), e.g. "x 12 · y 34 · 4095 of 0–4095 (Mono12)". */
  return g_strdup_printf (_("x %u · y %u · %s (%s)"), x, y, value, pixels.info->name);
}
