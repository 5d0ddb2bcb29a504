/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-frame-samples"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-frame-private.h"

/**
 * vigil_frame_dup_mono_samples:
 * @depth: (out): significant bits of a sample (10 … 16)
 *
 * The samples of a full-resolution mono frame deeper than 8 bits (Mono10 …
 * Mono16 and their packed forms) as they are, one 16-bit word a pixel, row
 * after row: what a 16-bit PNG of the frame holds.  Any thread.
 *
 * Returns: (transfer full) (nullable): width × height samples
 */
guint16 *
vigil_frame_dup_mono_samples (VigilFrame  *self,
                              guint       *depth,
                              GError     **error)
{
  const VigilPixelInfo *info = vigil_pixel_info_lookup (vigil_frame_get_pixel_format (self));
  GBytes *bytes = vigil_frame_get_data (self);
  g_autofree guint16 *samples = NULL;
  VigilPixels pixels = { 0 };
  gsize size = 0;

  if (info == NULL || info->kind != VIGIL_PIXEL_KIND_MONO || info->depth <= 8 || bytes == NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_UNSUPPORTED_PIXEL_FORMAT,
                   _("%s is not a mono format deeper than 8 bits"),
                   vigil_pixel_format_to_string (vigil_frame_get_pixel_format (self)));
      return NULL;
    }

  pixels.info = info;
  pixels.width = vigil_frame_get_width (self);
  pixels.height = vigil_frame_get_height (self);
  pixels.stride = vigil_frame_get_stride (self);
  pixels.data = g_bytes_get_data (bytes, &size);
  pixels.size = size;
  if (!vigil_pixels_check (&pixels, error))
    return NULL;

  samples = g_new (guint16, (gsize) pixels.width * pixels.height);
  for (guint y = 0; y < pixels.height; y++)
    vigil_mono_unpack_samples (&pixels, y, samples + (gsize) y * pixels.width);
  *depth = info->depth;
  return g_steal_pointer (&samples);
}

/* Significant bits of a sample of @pixel_format (12 for Mono12 and
 * BayerRG12p, 8 for RGB8), 0 for unknown formats. */
guint
vigil_pixel_format_get_depth (guint32 pixel_format)
{
  const VigilPixelInfo *info = vigil_pixel_info_lookup (pixel_format);

  return info ? info->depth : 0;
}
