/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-frame-format"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-frame-private.h"

/* The pixel formats Vigil can show, by their GenICam PFNC code (the codes
 * Aravis uses), and the checks a buffer passes before it is read. */

#define MONO(code, name, depth, bits, packing) \
  { code, name, VIGIL_PIXEL_KIND_MONO, depth, bits, packing, 0 }
#define BAYER(code, name, depth, bits, packing, red) \
  { code, name, VIGIL_PIXEL_KIND_BAYER, depth, bits, packing, red }
#define BAYER4(stem, depth, bits, packing, suffix, gr, rg, gb, bg) \
  BAYER (gr, "BayerGR" stem suffix, depth, bits, packing, 1), \
  BAYER (rg, "BayerRG" stem suffix, depth, bits, packing, 0), \
  BAYER (gb, "BayerGB" stem suffix, depth, bits, packing, 2), \
  BAYER (bg, "BayerBG" stem suffix, depth, bits, packing, 3)

static const VigilPixelInfo formats[] = {
  MONO (VIGIL_PIXEL_FORMAT_MONO8, "Mono8", 8, 8, VIGIL_PACKING_NONE),
  MONO (VIGIL_PIXEL_FORMAT_MONO10, "Mono10", 10, 16, VIGIL_PACKING_NONE),
  MONO (VIGIL_PIXEL_FORMAT_MONO12, "Mono12", 12, 16, VIGIL_PACKING_NONE),
  MONO (VIGIL_PIXEL_FORMAT_MONO14, "Mono14", 14, 16, VIGIL_PACKING_NONE),
  MONO (VIGIL_PIXEL_FORMAT_MONO16, "Mono16", 16, 16, VIGIL_PACKING_NONE),
  MONO (VIGIL_PIXEL_FORMAT_MONO10_PACKED, "Mono10Packed", 10, 12, VIGIL_PACKING_GIGE_10),
  MONO (VIGIL_PIXEL_FORMAT_MONO12_PACKED, "Mono12Packed", 12, 12, VIGIL_PACKING_GIGE_12),
  MONO (VIGIL_PIXEL_FORMAT_MONO10P, "Mono10p", 10, 10, VIGIL_PACKING_LSB_10),
  MONO (VIGIL_PIXEL_FORMAT_MONO12P, "Mono12p", 12, 12, VIGIL_PACKING_LSB_12),
  BAYER4 ("8", 8, 8, VIGIL_PACKING_NONE, "",
          VIGIL_PIXEL_FORMAT_BAYER_GR8, VIGIL_PIXEL_FORMAT_BAYER_RG8,
          VIGIL_PIXEL_FORMAT_BAYER_GB8, VIGIL_PIXEL_FORMAT_BAYER_BG8),
  BAYER4 ("10", 10, 16, VIGIL_PACKING_NONE, "",
          VIGIL_PIXEL_FORMAT_BAYER_GR10, VIGIL_PIXEL_FORMAT_BAYER_RG10,
          VIGIL_PIXEL_FORMAT_BAYER_GB10, VIGIL_PIXEL_FORMAT_BAYER_BG10),
  BAYER4 ("12", 12, 16, VIGIL_PACKING_NONE, "",
          VIGIL_PIXEL_FORMAT_BAYER_GR12, VIGIL_PIXEL_FORMAT_BAYER_RG12,
          VIGIL_PIXEL_FORMAT_BAYER_GB12, VIGIL_PIXEL_FORMAT_BAYER_BG12),
  BAYER4 ("16", 16, 16, VIGIL_PACKING_NONE, "",
          VIGIL_PIXEL_FORMAT_BAYER_GR16, VIGIL_PIXEL_FORMAT_BAYER_RG16,
          VIGIL_PIXEL_FORMAT_BAYER_GB16, VIGIL_PIXEL_FORMAT_BAYER_BG16),
  BAYER4 ("10", 10, 12, VIGIL_PACKING_GIGE_10, "Packed",
          VIGIL_PIXEL_FORMAT_BAYER_GR10_PACKED, VIGIL_PIXEL_FORMAT_BAYER_RG10_PACKED,
          VIGIL_PIXEL_FORMAT_BAYER_GB10_PACKED, VIGIL_PIXEL_FORMAT_BAYER_BG10_PACKED),
  BAYER4 ("12", 12, 12, VIGIL_PACKING_GIGE_12, "Packed",
          VIGIL_PIXEL_FORMAT_BAYER_GR12_PACKED, VIGIL_PIXEL_FORMAT_BAYER_RG12_PACKED,
          VIGIL_PIXEL_FORMAT_BAYER_GB12_PACKED, VIGIL_PIXEL_FORMAT_BAYER_BG12_PACKED),
  BAYER4 ("10", 10, 10, VIGIL_PACKING_LSB_10, "p",
          VIGIL_PIXEL_FORMAT_BAYER_GR10P, VIGIL_PIXEL_FORMAT_BAYER_RG10P,
          VIGIL_PIXEL_FORMAT_BAYER_GB10P, VIGIL_PIXEL_FORMAT_BAYER_BG10P),
  BAYER4 ("12", 12, 12, VIGIL_PACKING_LSB_12, "p",
          VIGIL_PIXEL_FORMAT_BAYER_GR12P, VIGIL_PIXEL_FORMAT_BAYER_RG12P,
          VIGIL_PIXEL_FORMAT_BAYER_GB12P, VIGIL_PIXEL_FORMAT_BAYER_BG12P),
  { VIGIL_PIXEL_FORMAT_RGB8, "RGB8", VIGIL_PIXEL_KIND_RGB, 8, 24, VIGIL_PACKING_NONE, VIGIL_ORDER_RGB },
  { VIGIL_PIXEL_FORMAT_BGR8, "BGR8", VIGIL_PIXEL_KIND_RGB, 8, 24, VIGIL_PACKING_NONE, VIGIL_ORDER_BGR },
  { VIGIL_PIXEL_FORMAT_RGBA8, "RGBa8", VIGIL_PIXEL_KIND_RGB, 8, 32, VIGIL_PACKING_NONE, VIGIL_ORDER_RGBA },
  { VIGIL_PIXEL_FORMAT_BGRA8, "BGRa8", VIGIL_PIXEL_KIND_RGB, 8, 32, VIGIL_PACKING_NONE, VIGIL_ORDER_BGRA },
  { VIGIL_PIXEL_FORMAT_YUV422_8, "YUV422_8", VIGIL_PIXEL_KIND_YUV, 8, 16, VIGIL_PACKING_NONE, VIGIL_ORDER_YUYV },
  { VIGIL_PIXEL_FORMAT_YUV422_8_UYVY, "YUV422_8_UYVY", VIGIL_PIXEL_KIND_YUV, 8, 16, VIGIL_PACKING_NONE, VIGIL_ORDER_UYVY },
};

const VigilPixelInfo *
vigil_pixel_info_lookup (guint32 pixel_format)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (formats[i].code == pixel_format)
      return &formats[i];
  return NULL;
}

const char *
vigil_pixel_format_to_string (guint32 pixel_format)
{
  const VigilPixelInfo *info = vigil_pixel_info_lookup (pixel_format);

  return info ? info->name : NULL;
}

gboolean
vigil_pixel_format_is_supported (guint32 pixel_format)
{
  return vigil_pixel_info_lookup (pixel_format) != NULL;
}

/* Whole bytes a pixel takes; 0 for bit-packed formats and unknown ones. */
guint
vigil_pixel_format_bytes_per_pixel (guint32 pixel_format)
{
  const VigilPixelInfo *info = vigil_pixel_info_lookup (pixel_format);

  if (info == NULL)
    return 0;
  return info->packing == VIGIL_PACKING_NONE ? info->bits / 8 : 0;
}

/* Bits a pixel takes in memory (12 for Mono12p), 0 for unknown formats. */
guint
vigil_pixel_format_bits_per_pixel (guint32 pixel_format)
{
  const VigilPixelInfo *info = vigil_pixel_info_lookup (pixel_format);

  return info ? info->bits : 0;
}

/* Bytes that hold the first @n_samples of a packed stream, up to the last
 * byte the last sample touches. */
gsize
vigil_packed_bytes (VigilPacking packing,
                    guint64      n_samples)
{
  switch (packing)
    {
    case VIGIL_PACKING_GIGE_10:
    case VIGIL_PACKING_GIGE_12:
      return (gsize) (3 * (n_samples / 2) + 2 * (n_samples % 2));
    case VIGIL_PACKING_LSB_10:
      return (gsize) ((n_samples * 10 + 7) / 8);
    case VIGIL_PACKING_LSB_12:
      return (gsize) ((n_samples * 12 + 7) / 8);
    case VIGIL_PACKING_NONE:
    default:
      g_assert_not_reached ();
    }
}

/* Bytes of whole packing groups for @n_samples: what a camera may send. */
static gsize
packed_group_bytes (VigilPacking packing,
                    guint64      n_samples)
{
  if (packing == VIGIL_PACKING_LSB_10)
    return (gsize) (5 * ((n_samples + 3) / 4));
  return (gsize) (3 * ((n_samples + 1) / 2));
}

static gboolean
check_shape (VigilPixels  *pixels,
             GError      **error)
{
  const VigilPixelInfo *info = pixels->info;

  if (pixels->width == 0 || pixels->height == 0 ||
      pixels->width > VIGIL_FRAME_MAX_SIDE || pixels->height > VIGIL_FRAME_MAX_SIDE)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_BAD_BUFFER,
                   _("Frame size %u×%u is out of range"), pixels->width, pixels->height);
      return FALSE;
    }

  if (info->kind == VIGIL_PIXEL_KIND_BAYER && (pixels->width < 2 || pixels->height < 2))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_BAD_BUFFER,
                   _("A Bayer frame needs at least 2×2 pixels, got %u×%u"),
                   pixels->width, pixels->height);
      return FALSE;
    }

  if (info->kind == VIGIL_PIXEL_KIND_YUV && pixels->width % 2 != 0)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_BAD_BUFFER,
                   _("A YUV 4:2:2 frame shares colour between pairs of pixels, so its width must be even; got %u"),
                   pixels->width);
      return FALSE;
    }

  return TRUE;
}

/* The bytes needed (@needed) and allowed (@allowed), or FALSE with @error
 * set when the stride does not fit a row. */
static gboolean
buffer_bounds (VigilPixels  *pixels,
               gsize        *needed,
               gsize        *allowed,
               GError      **error)
{
  const VigilPixelInfo *info = pixels->info;
  gboolean packed = info->packing != VIGIL_PACKING_NONE;
  gsize row_bytes;

  if (packed && pixels->stride == 0)
    {
      /* One continuous bit stream: rows need not start on a byte. */
      guint64 n = (guint64) pixels->width * pixels->height;

      *needed = vigil_packed_bytes (info->packing, n);
      *allowed = packed_group_bytes (info->packing, n);
      return TRUE;
    }

  row_bytes = packed ? packed_group_bytes (info->packing, pixels->width)
                     : (gsize) pixels->width * (info->bits / 8);
  if (pixels->stride == 0)
    pixels->stride = row_bytes;
  if (pixels->stride < row_bytes || pixels->stride > row_bytes + 4096)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_BAD_BUFFER,
                   _("Row stride %zu does not fit a row of %zu bytes"),
                   pixels->stride, row_bytes);
      return FALSE;
    }

  if (packed)
    row_bytes = vigil_packed_bytes (info->packing, pixels->width);
  *needed = pixels->stride * (pixels->height - 1) + row_bytes;
  *allowed = pixels->stride * pixels->height;
  return TRUE;
}

/**
 * vigil_pixels_check:
 * @pixels: the view; its stride is set when it was 0 for a format that is
 *   not bit-packed
 *
 * Checks that the format is known and that the buffer holds every byte the
 * conversion will read, so no conversion reads past its end.
 *
 * Returns: %TRUE, or %FALSE with @error set
 */
gboolean
vigil_pixels_check (VigilPixels  *pixels,
                    GError      **error)
{
  gsize needed = 0;
  gsize allowed = 0;

  if (pixels->info == NULL)
    return FALSE;
  if (!check_shape (pixels, error) || !buffer_bounds (pixels, &needed, &allowed, error))
    return FALSE;

  if (pixels->data == NULL || pixels->size < needed)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_BAD_BUFFER,
                   _("Frame buffer is truncated: %zu bytes, %u×%u %s needs %zu"),
                   pixels->data ? pixels->size : 0, pixels->width, pixels->height,
                   pixels->info->name, needed);
      return FALSE;
    }
  if (pixels->size > allowed)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_BAD_BUFFER,
                   _("Frame buffer is oversized: %zu bytes, %u×%u %s holds at most %zu"),
                   pixels->size, pixels->width, pixels->height, pixels->info->name, allowed);
      return FALSE;
    }

  return TRUE;
}
