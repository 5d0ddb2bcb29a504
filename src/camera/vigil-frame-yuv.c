/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-frame-yuv"

#include "config.h"

#include "vigil-frame-private.h"

/* Colour formats other than RGB8 into RGB rows: BGR8, RGBa8, BGRa8 (the
 * alpha is dropped), and YUV 4:2:2 (YUYV and UYVY), full-range BT.601:
 *   R = Y + 1.402 (V − 128)
 *   G = Y − 0.344136 (U − 128) − 0.714136 (V − 128)
 *   B = Y + 1.772 (U − 128)
 * in 16-bit fixed point. */

#define FIX_RV 91881
#define FIX_GU 22554
#define FIX_GV 46802
#define FIX_BU 116130

/* 0 … 255, without a branch: out of range, the sign says which end. */
static inline guint8
clamp_byte (gint v)
{
  return (guint8) ((v & ~255) == 0 ? v : (~v >> 31) & 255);
}

/* The library is built at -O3, which makes this loop twice as slow with
 * GCC 12 (bench-frame, 1:1: 4.1 against 2.3 ns a pixel; turning off only
 * the vectoriser did not help). */
__attribute__ ((optimize ("O2"))) static void
yuv_row (const guint8 *p,
         guint         width,
         gboolean      uyvy,
         guint8       *out)
{
  /* Offsets of Y0, U, Y1, V in a 4-byte pair. */
  guint oy0 = uyvy ? 1 : 0, ou = uyvy ? 0 : 1, oy1 = uyvy ? 3 : 2, ov = uyvy ? 2 : 3;

  for (guint i = 0; i < width / 2; i++, p += 4, out += 6)
    {
      gint u = p[ou] - 128;
      gint v = p[ov] - 128;
      gint dr = (FIX_RV * v + 32768) >> 16;
      gint dg = (FIX_GU * u + FIX_GV * v + 32768) >> 16;
      gint db = (FIX_BU * u + 32768) >> 16;
      gint y0 = p[oy0];
      gint y1 = p[oy1];

      out[0] = clamp_byte (y0 + dr);
      out[1] = clamp_byte (y0 - dg);
      out[2] = clamp_byte (y0 + db);
      out[3] = clamp_byte (y1 + dr);
      out[4] = clamp_byte (y1 - dg);
      out[5] = clamp_byte (y1 + db);
    }
}

static void
swizzle_row (const guint8 *p,
             guint         width,
             guint         order,
             guint8       *out)
{
  switch (order)
    {
    case VIGIL_ORDER_BGR:
      for (guint x = 0; x < width; x++)
        {
          out[3 * x] = p[3 * x + 2];
          out[3 * x + 1] = p[3 * x + 1];
          out[3 * x + 2] = p[3 * x];
        }
      break;
    case VIGIL_ORDER_RGBA:
      for (guint x = 0; x < width; x++)
        {
          out[3 * x] = p[4 * x];
          out[3 * x + 1] = p[4 * x + 1];
          out[3 * x + 2] = p[4 * x + 2];
        }
      break;
    case VIGIL_ORDER_BGRA:
      for (guint x = 0; x < width; x++)
        {
          out[3 * x] = p[4 * x + 2];
          out[3 * x + 1] = p[4 * x + 1];
          out[3 * x + 2] = p[4 * x];
        }
      break;
    case VIGIL_ORDER_RGB:
    default:
      for (guint x = 0; x < 3 * width; x++)
        out[x] = p[x];
      break;
    }
}

/* Row @y of an RGB-order or YUV frame as RGB. */
void
vigil_colour_row (VigilConvert *convert,
                  guint         y,
                  guint8       *out)
{
  const VigilPixels *pixels = convert->pixels;
  const guint8 *p = pixels->data + (gsize) y * pixels->stride;

  if (pixels->info->kind == VIGIL_PIXEL_KIND_YUV)
    yuv_row (p, pixels->width, pixels->info->order == VIGIL_ORDER_UYVY, out);
  else
    swizzle_row (p, pixels->width, pixels->info->order, out);
}
