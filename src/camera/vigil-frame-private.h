/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "vigil-frame.h"
#include "vigil-view-geometry.h"

G_BEGIN_DECLS

/* What the conversion files of src/camera share (vigil-frame-*.c).
 *
 * A conversion reads "canonical rows" — 8-bit grey (1 byte a pixel) or
 * 8-bit RGB (3 bytes a pixel) — and scales them separably: a vertical pass
 * accumulates weighted rows into 16-bit sums, a horizontal pass weighs
 * those into the output.  Every axis has a tap table whose weights sum to
 * exactly 256: area weights when shrinking (a box averaged twice, i.e. a
 * tent two output pixels wide), bilinear when enlarging, one tap of 256 at
 * 1:1.  Shown larger on both axes, the order turns round: each input row
 * is weighed across once and output rows blend two of those
 * (vigil-frame-scale-grow.c).  Bayer frames shown smaller skip the
 * canonical rows: shrunk at least 2× they are averaged from their 2×2
 * cells, less than that each colour is interpolated from its own sites
 * (vigil_bayer_scale). */

typedef enum
{
  VIGIL_PIXEL_KIND_MONO,
  VIGIL_PIXEL_KIND_BAYER,
  VIGIL_PIXEL_KIND_RGB,
  VIGIL_PIXEL_KIND_YUV,
} VigilPixelKind;

typedef enum
{
  VIGIL_PACKING_NONE,     /* one byte, or a 16-bit little-endian word, a sample */
  VIGIL_PACKING_GIGE_10,  /* GigE Vision Mono10Packed: 2 samples in 3 bytes */
  VIGIL_PACKING_GIGE_12,  /* GigE Vision Mono12Packed: 2 samples in 3 bytes */
  VIGIL_PACKING_LSB_10,   /* PFNC Mono10p: a little-endian bit stream */
  VIGIL_PACKING_LSB_12,   /* PFNC Mono12p */
} VigilPacking;

/* RGB orders and YUV orders (VigilPixelInfo.order). */
enum
{
  VIGIL_ORDER_RGB,
  VIGIL_ORDER_BGR,
  VIGIL_ORDER_RGBA,
  VIGIL_ORDER_BGRA,
  VIGIL_ORDER_YUYV,
  VIGIL_ORDER_UYVY,
};

typedef struct
{
  guint32         code;
  const char     *name;
  VigilPixelKind  kind;
  guint           depth;        /* significant bits of a sample */
  guint           bits;         /* bits a pixel takes in memory */
  VigilPacking    packing;
  guint           order;        /* Bayer: site of red in the 2×2 cell (0 TL, 1 TR, 2 BL, 3 BR);
                                   RGB and YUV: VIGIL_ORDER_* */
} VigilPixelInfo;

const VigilPixelInfo *vigil_pixel_info_lookup (guint32 pixel_format);

/* A read-only view of pixels in memory, checked by vigil_pixels_check(). */
typedef struct
{
  const VigilPixelInfo *info;
  guint                 width;
  guint                 height;
  gsize                 stride;     /* bytes from row to row; 0: one continuous bit stream */
  const guint8         *data;
  gsize                 size;
} VigilPixels;

gboolean vigil_pixels_check   (VigilPixels  *pixels,
                               GError      **error);
gsize    vigil_packed_bytes   (VigilPacking  packing,
                               guint64       n_samples);

/* A few decoded rows, kept by index modulo the number of slots, so a row
 * read for one output row is not decoded again for the next. */
#define VIGIL_ROW_SLOTS 4

typedef struct
{
  guint8 *buffer;
  gsize   row_bytes;
  gint64  index[VIGIL_ROW_SLOTS];
} VigilRowCache;

void     vigil_row_cache_init  (VigilRowCache *cache,
                                gsize          row_bytes);
void     vigil_row_cache_clear (VigilRowCache *cache);
guint8  *vigil_row_cache_get   (VigilRowCache *cache,
                                guint          y,
                                gboolean      *hit);

/* One tap table: output sample o reads input samples start[o] … start[o] +
 * n_taps - 1 with weight[o * n_taps + t], which sum to 256.  Unused taps
 * have weight 0 and stay inside the input. */
typedef struct
{
  guint    n_out;
  guint    n_taps;
  guint   *start;
  guint16 *weight;
} VigilTaps;

void     vigil_taps_init        (VigilTaps *taps,
                                 guint      n_in,
                                 guint      n_out);
void     vigil_taps_clear       (VigilTaps *taps);

/* Where output rows go when they are not packed RGB (vigil-frame-view.c):
 * each row is written to `scratch` as RGB, then stored turned into `dst`
 * as B G R 255 (cairo's RGB24 and GDK's B8G8R8A8 premultiplied on
 * little-endian machines). */
typedef struct
{
  guint8           *scratch;     /* one RGB row of `width` pixels */
  guint8           *dst;
  guint             dst_width;   /* pixels a row of dst */
  gboolean          direct;      /* not turned: rows are written into dst as they are */
  guint             width;       /* of the conversion, before turning */
  guint             height;
  VigilOrientation  orientation;
} VigilOutput;

void     vigil_output_store     (VigilOutput *output,
                                 guint        oy);

typedef struct _VigilConvert VigilConvert;
typedef const guint8 *(*VigilRowFunc) (VigilConvert *convert,
                                       guint         y);

struct _VigilConvert
{
  const VigilPixels *pixels;

  /* Levels of samples deeper than 8 bits: a shift, or a table. */
  guint              shift;
  guint8            *lut;          /* NULL: shift */
  gsize              lut_size;
  guint16           *samples;      /* one row of samples deeper than 8 bits */

  VigilRowCache      raw;          /* samples as 8-bit values, one a pixel */
  VigilRowCache      canonical;    /* grey or RGB rows */

  guint              width;        /* of the canonical rows */
  guint              height;
  guint              channels;     /* 1 or 3 */
  VigilRowFunc       row;
  VigilOutput       *output;       /* NULL: packed RGB rows straight into dst */
  gboolean           bgrx;         /* rows are written as B G R 255 (output->direct) */
};

/* Writes one output pixel, RGB or B G R 255. */
#define VIGIL_STORE_PIXEL(out, px, r, g, b) \
  G_STMT_START {                            \
    if ((px) == 4)                          \
      {                                     \
        (out)[0] = (b);                     \
        (out)[1] = (g);                     \
        (out)[2] = (r);                     \
        (out)[3] = 255;                     \
      }                                     \
    else                                    \
      {                                     \
        (out)[0] = (r);                     \
        (out)[1] = (g);                     \
        (out)[2] = (b);                     \
      }                                     \
  } G_STMT_END

/* B G R 255 in memory as one word (0xFFRRGGBB little-endian, 0xBBGGRRFF
 * big-endian): rows of whole words are stores the compiler vectorises. */
static inline guint32
vigil_bgrx_word (guint32 r,
                 guint32 g,
                 guint32 b)
{
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  return 0xff000000u | r << 16 | g << 8 | b;
#else
  return 0xffu | r << 8 | g << 16 | b << 24;
#endif
}

/* The RGB row output row @oy is written to, and the call after it is. */
static inline guint8 *
vigil_output_row (VigilConvert *convert,
                  guint8       *dst,
                  guint         out_width,
                  guint         oy)
{
  if (convert->output == NULL)
    return dst + (gsize) oy * out_width * 3;
  if (convert->output->direct)
    return convert->output->dst + (gsize) oy * convert->output->dst_width * 4;
  return convert->output->scratch;
}

static inline void
vigil_output_done (VigilConvert *convert,
                   guint         oy)
{
  if (convert->output && !convert->output->direct)
    vigil_output_store (convert->output, oy);
}

void           vigil_convert_init       (VigilConvert          *convert,
                                         const VigilPixels     *pixels,
                                         const VigilFrameLevels *levels);
void           vigil_convert_clear      (VigilConvert          *convert);
const guint8  *vigil_convert_raw_row    (VigilConvert          *convert,
                                         guint                  y);

/* vigil-frame-mono.c */
void           vigil_mono_unpack_row    (VigilConvert          *convert,
                                         guint                  y,
                                         guint8                *out);
void           vigil_mono_setup_levels  (VigilConvert          *convert,
                                         const VigilFrameLevels *levels);
void           vigil_mono_unpack_samples (const VigilPixels    *pixels,
                                         guint                  y,
                                         guint16               *out);

/* vigil-frame-yuv.c: RGB orders and YUV 4:2:2 into RGB rows. */
void           vigil_colour_row         (VigilConvert          *convert,
                                         guint                  y,
                                         guint8                *out);

/* vigil-frame-bayer.c */
void           vigil_bayer_demosaic_row (VigilConvert          *convert,
                                         guint                  y,
                                         guint8                *out);
gboolean       vigil_bayer_use_cells    (const VigilPixels     *pixels,
                                         guint                  out_width,
                                         guint                  out_height);
void           vigil_bayer_cells        (VigilConvert          *convert,
                                         guint8                *dst,
                                         guint                  out_width,
                                         guint                  out_height,
                                         guint                  row_begin,
                                         guint                  row_end);
void           vigil_bayer_scale        (VigilConvert          *convert,
                                         guint8                *dst,
                                         guint                  out_width,
                                         guint                  out_height,
                                         guint                  row_begin,
                                         guint                  row_end);

/* vigil-frame-bayer-planes.c */
gboolean       vigil_bayer_use_planes   (const VigilPixels     *pixels,
                                         guint                  out_width,
                                         guint                  out_height);
void           vigil_bayer_planes       (VigilConvert          *convert,
                                         guint8                *dst,
                                         guint                  out_width,
                                         guint                  out_height,
                                         guint                  row_begin,
                                         guint                  row_end);

/* vigil-frame-scale.c */
void           vigil_scale_rows         (VigilConvert          *convert,
                                         guint8                *dst,
                                         guint                  out_width,
                                         guint                  out_height,
                                         guint                  row_begin,
                                         guint                  row_end);
void           vigil_scale_accumulate   (guint16               *acc,
                                         const guint8          *row,
                                         gsize                  n,
                                         guint                  weight,
                                         gboolean               first);
void           vigil_scale_store_row    (VigilConvert          *convert,
                                         const guint8          *row,
                                         guint                  n,
                                         guint8                *out);

/* vigil-frame-scale-grow.c */
gboolean       vigil_scale_grow_applies (const VigilTaps       *tx,
                                         const VigilTaps       *ty,
                                         guint                  in_height);
void           vigil_scale_grow_rows    (VigilConvert          *convert,
                                         const VigilTaps       *tx,
                                         const VigilTaps       *ty,
                                         guint8                *dst,
                                         guint                  row_begin,
                                         guint                  row_end);

G_END_DECLS
