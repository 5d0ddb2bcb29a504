/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-png"

#include "config.h"

#include <png.h>

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-png.h"

/* PNG files of frames, with libpng's simplified API (no setjmp): 8-bit
 * grey and RGB, and 16-bit grey whose samples are written unchanged (the
 * simplified API calls 16-bit samples linear and marks them with a gamma
 * of 1.0, so a linear read gets the same numbers back).  Any thread. */

static void
png_image_clear (png_image *image)
{
  png_image_free (image);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (png_image, png_image_clear)

static png_uint_32
layout_format (VigilPngLayout layout,
               guint         *bytes_per_pixel)
{
  switch (layout)
    {
    case VIGIL_PNG_GREY16:
      *bytes_per_pixel = 2;
      return PNG_FORMAT_LINEAR_Y;
    case VIGIL_PNG_RGB8:
      *bytes_per_pixel = 3;
      return PNG_FORMAT_RGB;
    case VIGIL_PNG_GREY8:
    default:
      *bytes_per_pixel = 1;
      return PNG_FORMAT_GRAY;
    }
}

/**
 * vigil_png_encode:
 * @stride: bytes from row to row, a multiple of the sample size
 *
 * Returns: (transfer full) (nullable): the PNG file's bytes
 */
/* Opaque BGRA (GDK's ARGB32) to packed RGB: the PNG of what is shown has no alpha. */
static guint8 *
bgra_to_rgb (guint         width,
             guint         height,
             const guint8 *pixels,
             gsize         stride)
{
  guint8 *rgb = g_malloc ((gsize) width * height * 3);

  for (guint y = 0; y < height; y++)
    {
      const guint8 *in = pixels + (gsize) y * stride;
      guint8 *out = rgb + (gsize) y * width * 3;

      for (guint x = 0; x < width; x++)
        {
          out[3 * x] = in[4 * x + 2];
          out[3 * x + 1] = in[4 * x + 1];
          out[3 * x + 2] = in[4 * x];
        }
    }
  return rgb;
}

GBytes *
vigil_png_encode (VigilPngLayout   layout,
                  guint            width,
                  guint            height,
                  const guint8    *pixels,
                  gsize            stride,
                  GError         **error)
{
  g_auto(png_image) image = { 0 };
  g_autofree guint8 *memory = NULL;
  png_alloc_size_t size = 0;
  guint bytes_per_pixel = 1;
  guint sample_bytes;

  if (layout == VIGIL_PNG_BGRA8)
    {
      g_autofree guint8 *rgb = NULL;

      g_return_val_if_fail (stride >= (gsize) width * 4, NULL);
      rgb = bgra_to_rgb (width, height, pixels, stride);
      return vigil_png_encode (VIGIL_PNG_RGB8, width, height, rgb, (gsize) width * 3, error);
    }

  image.version = PNG_IMAGE_VERSION;
  image.width = width;
  image.height = height;
  image.format = layout_format (layout, &bytes_per_pixel);
  sample_bytes = layout == VIGIL_PNG_GREY16 ? 2 : 1;
  g_return_val_if_fail (stride >= (gsize) width * bytes_per_pixel && stride % sample_bytes == 0, NULL);

  /* First the size, then the file. */
  if (!png_image_write_to_memory (&image, NULL, &size, 0, pixels, (png_int_32) (stride / sample_bytes), NULL) ||
      size == 0)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_FAILED, _("Could not encode the PNG: %s"), image.message);
      return NULL;
    }
  memory = g_malloc (size);
  if (!png_image_write_to_memory (&image, memory, &size, 0, pixels, (png_int_32) (stride / sample_bytes), NULL))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_FAILED, _("Could not encode the PNG: %s"), image.message);
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&memory), size);
}
