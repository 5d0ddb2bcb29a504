/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a row of pixels holds, for vigil_png_encode(). */
typedef enum
{
  VIGIL_PNG_GREY8,
  VIGIL_PNG_GREY16,     /* native-endian 16-bit words, written as they are */
  VIGIL_PNG_RGB8,
  VIGIL_PNG_BGRA8,      /* cairo/GDK ARGB32 on a little-endian machine, opaque: written as RGB */
} VigilPngLayout;

GBytes   *vigil_png_encode      (VigilPngLayout   layout,
                                 guint            width,
                                 guint            height,
                                 const guint8    *pixels,
                                 gsize            stride,
                                 GError         **error);

G_END_DECLS
