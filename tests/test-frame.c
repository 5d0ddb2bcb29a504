/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-frame"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib.h>

#include "vigil-error.h"
#include "vigil-frame.h"

/* Every frame is built from a g_malloc'd buffer of exactly the size the
 * frame needs (the last row without its padding), so AddressSanitizer
 * catches any read past it.  Row padding is filled with POISON, which no
 * expected value uses, so a read of padding shows in the result. */
#define POISON 0xEE

#define RGB(r, g, b) ((guint32) (((r) << 16) | ((g) << 8) | (b)))

static const guint32 bayer_formats[] = {
  VIGIL_PIXEL_FORMAT_BAYER_RG8,
  VIGIL_PIXEL_FORMAT_BAYER_GR8,
  VIGIL_PIXEL_FORMAT_BAYER_GB8,
  VIGIL_PIXEL_FORMAT_BAYER_BG8,
};

/* The colour of each site of the top-left 2×2 cell in reading order, as
 * the PFNC names spell it. */
static const char *
bayer_layout (guint32 pixel_format)
{
  switch (pixel_format)
    {
    case VIGIL_PIXEL_FORMAT_BAYER_RG8: return "RGGB";
    case VIGIL_PIXEL_FORMAT_BAYER_GR8: return "GRBG";
    case VIGIL_PIXEL_FORMAT_BAYER_GB8: return "GBRG";
    case VIGIL_PIXEL_FORMAT_BAYER_BG8: return "BGGR";
    default:                           g_assert_not_reached ();
    }
}

/* Copies @height tight rows of @row_bytes into an exactly sized buffer
 * with rows @stride apart. */
static guint8 *
pack_rows (const guint8 *rows,
           gsize         row_bytes,
           guint         height,
           gsize         stride,
           gsize        *size)
{
  gsize needed = stride * (height - 1) + row_bytes;
  g_autofree guint8 *buffer = g_malloc (needed);

  memset (buffer, POISON, needed);
  for (guint y = 0; y < height; y++)
    memcpy (buffer + y * stride, rows + y * row_bytes, row_bytes);

  *size = needed;
  return g_steal_pointer (&buffer);
}

static VigilFrame *
frame_from_rows (guint32       pixel_format,
                 guint         width,
                 guint         height,
                 gsize         padding,
                 const guint8 *rows)
{
  gsize row_bytes = (gsize) width * vigil_pixel_format_bytes_per_pixel (pixel_format);
  gsize size = 0;
  g_autofree guint8 *buffer = pack_rows (rows, row_bytes, height, row_bytes + padding, &size);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilFrame) frame = NULL;

  frame = vigil_frame_new (pixel_format, width, height, padding ? row_bytes + padding : 0,
                           buffer, size, 42, 1000, &error);
  g_assert_no_error (error);
  g_assert_nonnull (frame);

  return g_steal_pointer (&frame);
}

/* 0 for @out_width or @out_height means the frame's own. */
static GBytes *
convert (VigilFrame *frame,
         guint       out_width,
         guint       out_height)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) rgb = vigil_frame_to_rgb (frame, out_width, out_height, &error);
  gsize width = out_width ? out_width : vigil_frame_get_width (frame);
  gsize height = out_height ? out_height : vigil_frame_get_height (frame);

  g_assert_no_error (error);
  g_assert_nonnull (rgb);
  g_assert_cmpuint (g_bytes_get_size (rgb), ==, width * height * 3);

  return g_steal_pointer (&rgb);
}

static guint32
pixel_at (GBytes *rgb,
          guint   width,
          guint   x,
          guint   y)
{
  const guint8 *p = g_bytes_get_data (rgb, NULL);
  gsize offset = ((gsize) y * width + x) * 3;

  g_assert_cmpuint (offset + 3, <=, g_bytes_get_size (rgb));
  return RGB (p[offset], p[offset + 1], p[offset + 2]);
}

static void
assert_frame_error (guint32       pixel_format,
                    guint         width,
                    guint         height,
                    gsize         stride,
                    gsize         size,
                    gboolean      with_data,
                    VigilError    code)
{
  g_autofree guint8 *buffer = with_data && size > 0 ? g_malloc0 (size) : NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilFrame) frame = NULL;

  frame = vigil_frame_new (pixel_format, width, height, stride,
                           with_data && size == 0 ? (const guint8 *) "" : buffer,
                           size, 0, 0, &error);
  g_assert_null (frame);
  g_assert_error (error, VIGIL_ERROR, (gint) code);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");

  /* And without a GError to fill. */
  frame = vigil_frame_new (pixel_format, width, height, stride,
                           with_data && size == 0 ? (const guint8 *) "" : buffer,
                           size, 0, 0, NULL);
  g_assert_null (frame);
}

static void
test_frame_pixel_format (void)
{
  const struct {
    guint32     code;
    const char *name;
    guint       bytes;
    guint       bits;
  } formats[] = {
    { VIGIL_PIXEL_FORMAT_MONO8,     "Mono8",    1, 8 },
    { VIGIL_PIXEL_FORMAT_MONO16,    "Mono16",   2, 16 },
    { VIGIL_PIXEL_FORMAT_BAYER_GR8, "BayerGR8", 1, 8 },
    { VIGIL_PIXEL_FORMAT_BAYER_RG8, "BayerRG8", 1, 8 },
    { VIGIL_PIXEL_FORMAT_BAYER_GB8, "BayerGB8", 1, 8 },
    { VIGIL_PIXEL_FORMAT_BAYER_BG8, "BayerBG8", 1, 8 },
    { VIGIL_PIXEL_FORMAT_RGB8,      "RGB8",     3, 24 },
    { VIGIL_PIXEL_FORMAT_MONO10,    "Mono10",   2, 16 },
    { VIGIL_PIXEL_FORMAT_MONO12_PACKED, "Mono12Packed", 0, 12 },
    { VIGIL_PIXEL_FORMAT_MONO10P,   "Mono10p",  0, 10 },
    { VIGIL_PIXEL_FORMAT_BAYER_RG16, "BayerRG16", 2, 16 },
    { VIGIL_PIXEL_FORMAT_BAYER_BG12P, "BayerBG12p", 0, 12 },
    { VIGIL_PIXEL_FORMAT_BAYER_GR10_PACKED, "BayerGR10Packed", 0, 12 },
    { VIGIL_PIXEL_FORMAT_YUV422_8,  "YUV422_8", 2, 16 },
    { VIGIL_PIXEL_FORMAT_BGRA8,     "BGRa8",    4, 32 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_assert_cmpstr (vigil_pixel_format_to_string (formats[i].code), ==, formats[i].name);
      g_assert_true (vigil_pixel_format_is_supported (formats[i].code));
      g_assert_cmpuint (vigil_pixel_format_bytes_per_pixel (formats[i].code), ==, formats[i].bytes);
      g_assert_cmpuint (vigil_pixel_format_bits_per_pixel (formats[i].code), ==, formats[i].bits);
    }

  /* Mono8Signed, RGB10Packed, RGB8Planar and no format at all. */
  g_assert_null (vigil_pixel_format_to_string (0x01080002u));
  g_assert_false (vigil_pixel_format_is_supported (0x01080002u));
  g_assert_false (vigil_pixel_format_is_supported (0x02300018u));
  g_assert_false (vigil_pixel_format_is_supported (0x02180021u));
  g_assert_false (vigil_pixel_format_is_supported (0));
  g_assert_cmpuint (vigil_pixel_format_bytes_per_pixel (0), ==, 0);
  g_assert_cmpuint (vigil_pixel_format_bits_per_pixel (0), ==, 0);
}

static void
test_frame_accessors (void)
{
  const guint8 rows[] = { 1, 2, 3, 4, 5, 6 };
  g_autoptr(VigilFrame) tight = frame_from_rows (VIGIL_PIXEL_FORMAT_MONO8, 3, 2, 0, rows);
  g_autoptr(VigilFrame) padded = frame_from_rows (VIGIL_PIXEL_FORMAT_MONO8, 3, 2, 5, rows);
  g_autoptr(VigilFrame) second = NULL;
  g_autoptr(GBytes) rgb = NULL;
  GBytes *data;
  GBytes *display;
  guint width = 0;
  guint height = 0;

  g_assert_cmphex (vigil_frame_get_pixel_format (tight), ==, VIGIL_PIXEL_FORMAT_MONO8);
  g_assert_cmpuint (vigil_frame_get_width (tight), ==, 3);
  g_assert_cmpuint (vigil_frame_get_height (tight), ==, 2);
  g_assert_cmpuint (vigil_frame_get_stride (tight), ==, 3);   /* 0 means tight rows */
  g_assert_cmpuint (vigil_frame_get_id (tight), ==, 42);
  g_assert_cmpint (vigil_frame_get_timestamp (tight), ==, 1000);
  g_assert_cmpuint (vigil_frame_get_stride (padded), ==, 8);

  data = vigil_frame_get_data (tight);
  g_assert_cmpmem (g_bytes_get_data (data, NULL), g_bytes_get_size (data), rows, sizeof rows);
  data = vigil_frame_get_data (padded);
  g_assert_cmpuint (g_bytes_get_size (data), ==, 8 + 3);

  display = vigil_frame_get_display (tight, &width, &height);
  g_assert_null (display);
  g_assert_cmpuint (width, ==, 0);
  g_assert_cmpuint (height, ==, 0);

  rgb = convert (tight, 2, 1);
  vigil_frame_attach_display (tight, rgb, 2, 1);
  display = vigil_frame_get_display (tight, &width, &height);
  g_assert_true (display == rgb);
  display = vigil_frame_get_display (tight, NULL, NULL);
  g_assert_true (display == rgb);
  g_assert_cmpuint (width, ==, 2);
  g_assert_cmpuint (height, ==, 1);

  second = vigil_frame_ref (tight);
  g_assert_true (second == tight);
}

static void
test_frame_mono8 (void)
{
  /* 3×5, every value distinct. */
  guint8 rows[3 * 5];
  const gsize paddings[] = { 0, 1, 5 };

  for (guint i = 0; i < sizeof rows; i++)
    rows[i] = (guint8) (10 + i * 13);

  for (guint p = 0; p < G_N_ELEMENTS (paddings); p++)
    {
      g_autoptr(VigilFrame) frame = frame_from_rows (VIGIL_PIXEL_FORMAT_MONO8, 3, 5, paddings[p], rows);
      g_autoptr(GBytes) rgb = convert (frame, 0, 0);

      for (guint y = 0; y < 5; y++)
        for (guint x = 0; x < 3; x++)
          {
            guint v = rows[y * 3 + x];
            g_assert_cmphex (pixel_at (rgb, 3, x, y), ==, RGB (v, v, v));
          }
    }
}

static void
test_frame_mono8_1x1 (void)
{
  const guint8 one[] = { 0x7F };
  g_autoptr(VigilFrame) frame = frame_from_rows (VIGIL_PIXEL_FORMAT_MONO8, 1, 1, 0, one);
  g_autoptr(GBytes) rgb = convert (frame, 0, 0);
  g_autoptr(GBytes) big = convert (frame, 3, 2);

  g_assert_cmphex (pixel_at (rgb, 1, 0, 0), ==, RGB (0x7F, 0x7F, 0x7F));
  for (guint y = 0; y < 2; y++)
    for (guint x = 0; x < 3; x++)
      g_assert_cmphex (pixel_at (big, 3, x, y), ==, RGB (0x7F, 0x7F, 0x7F));
}

static void
test_frame_mono16 (void)
{
  /* 3×5 little-endian samples: the high byte is 16·y + x + 1, the low
   * byte a value the display must ignore. */
  guint8 rows[3 * 5 * 2];
  const gsize paddings[] = { 0, 1, 6 };

  for (guint y = 0; y < 5; y++)
    for (guint x = 0; x < 3; x++)
      {
        guint16 sample = (guint16) (((16 * y + x + 1) << 8) | (0xA0 + x + y));
        rows[(y * 3 + x) * 2] = sample & 0xFF;
        rows[(y * 3 + x) * 2 + 1] = sample >> 8;
      }

  for (guint p = 0; p < G_N_ELEMENTS (paddings); p++)
    {
      g_autoptr(VigilFrame) frame = frame_from_rows (VIGIL_PIXEL_FORMAT_MONO16, 3, 5, paddings[p], rows);
      g_autoptr(GBytes) rgb = convert (frame, 0, 0);

      for (guint y = 0; y < 5; y++)
        for (guint x = 0; x < 3; x++)
          {
            guint v = 16 * y + x + 1;
            g_assert_cmphex (pixel_at (rgb, 3, x, y), ==, RGB (v, v, v));
          }
    }
}

static void
test_frame_mono16_1x1 (void)
{
  const guint8 one[] = { 0x34, 0x12 };   /* 0x1234 */
  g_autoptr(VigilFrame) frame = frame_from_rows (VIGIL_PIXEL_FORMAT_MONO16, 1, 1, 0, one);
  g_autoptr(GBytes) rgb = convert (frame, 0, 0);

  g_assert_cmphex (pixel_at (rgb, 1, 0, 0), ==, RGB (0x12, 0x12, 0x12));
}

static void
test_frame_rgb8 (void)
{
  guint8 rows[3 * 5 * 3];
  const gsize paddings[] = { 0, 1, 7 };

  for (guint i = 0; i < sizeof rows; i++)
    rows[i] = (guint8) (3 + i * 5);

  for (guint p = 0; p < G_N_ELEMENTS (paddings); p++)
    {
      g_autoptr(VigilFrame) frame = frame_from_rows (VIGIL_PIXEL_FORMAT_RGB8, 3, 5, paddings[p], rows);
      g_autoptr(GBytes) rgb = convert (frame, 0, 0);

      g_assert_cmpmem (g_bytes_get_data (rgb, NULL), g_bytes_get_size (rgb), rows, sizeof rows);
    }
}

static void
test_frame_rgb8_1x1 (void)
{
  const guint8 one[] = { 0x12, 0x34, 0x56 };
  g_autoptr(VigilFrame) frame = frame_from_rows (VIGIL_PIXEL_FORMAT_RGB8, 1, 1, 0, one);
  g_autoptr(GBytes) rgb = convert (frame, 0, 0);

  g_assert_cmphex (pixel_at (rgb, 1, 0, 0), ==, RGB (0x12, 0x34, 0x56));
}

/* A mosaic of one colour must demosaic to exactly that colour everywhere,
 * borders included, whatever the layout, size or padding. */
static void
test_frame_bayer_uniform (void)
{
  const guint8 colour[3] = { 200, 100, 50 };
  const struct { guint w, h; } sizes[] = { { 2, 2 }, { 4, 4 }, { 5, 3 }, { 3, 5 }, { 2, 7 } };
  const gsize paddings[] = { 0, 1, 4 };

  for (guint f = 0; f < G_N_ELEMENTS (bayer_formats); f++)
    for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
      for (guint p = 0; p < G_N_ELEMENTS (paddings); p++)
        {
          const char *layout = bayer_layout (bayer_formats[f]);
          guint w = sizes[s].w;
          guint h = sizes[s].h;
          g_autofree guint8 *rows = g_malloc ((gsize) w * h);
          g_autoptr(VigilFrame) frame = NULL;
          g_autoptr(GBytes) rgb = NULL;

          for (guint y = 0; y < h; y++)
            for (guint x = 0; x < w; x++)
              {
                char site = layout[(y & 1) * 2 + (x & 1)];
                rows[y * w + x] = colour[site == 'R' ? 0 : site == 'G' ? 1 : 2];
              }

          frame = frame_from_rows (bayer_formats[f], w, h, paddings[p], rows);
          rgb = convert (frame, 0, 0);
          for (guint y = 0; y < h; y++)
            for (guint x = 0; x < w; x++)
              g_assert_cmphex (pixel_at (rgb, w, x, y), ==, RGB (200, 100, 50));
        }
}

/* The 4×4 mosaic below, worked by hand.  Borders mirror by one pixel
 * (x = -1 reads x = 1, x = 4 reads x = 2).  For each pixel, the sums the
 * demosaic can use (+2 / 4 and +1 / 2, truncated):
 *
 *        own  cross  diag  horiz  vert
 *  (0,0)  10   130    100   200     60
 *  (1,0) 200    60     70    20    100
 *  (0,1)  60    75    220   100     50
 *  (1,1) 100   145     60    70    220
 *  (2,2) 110   180    150   245    115
 *  (3,3) 190   200    110   150    250
 *
 * e.g. cross at (0,0) = (200 + 200 + 60 + 60 + 2) / 4 = 130.
 * A red site is (own, cross, diag), a blue one (diag, cross, own), a green
 * one on a red row (horiz, own, vert) and on a blue row (vert, own, horiz). */
static const guint8 mosaic_4x4[16] = {
   10, 200,  30, 220,
   60, 100,  80, 140,
   90, 240, 110, 250,
  130, 170, 150, 190,
};

static const struct {
  guint x, y;
} mosaic_points[] = { { 0, 0 }, { 1, 0 }, { 0, 1 }, { 1, 1 }, { 2, 2 }, { 3, 3 } };

static void
check_bayer_4x4 (guint32        pixel_format,
                 const guint32  expected[G_N_ELEMENTS (mosaic_points)])
{
  const gsize paddings[] = { 0, 3 };

  for (guint p = 0; p < G_N_ELEMENTS (paddings); p++)
    {
      g_autoptr(VigilFrame) frame = frame_from_rows (pixel_format, 4, 4, paddings[p], mosaic_4x4);
      g_autoptr(GBytes) rgb = convert (frame, 0, 0);

      for (guint i = 0; i < G_N_ELEMENTS (mosaic_points); i++)
        g_assert_cmphex (pixel_at (rgb, 4, mosaic_points[i].x, mosaic_points[i].y), ==, expected[i]);
    }
}

static void
test_frame_bayer_rg8 (void)
{
  const guint32 expected[] = {
    RGB (10, 130, 100),  /* R */
    RGB (20, 200, 100),  /* G, red row */
    RGB (50, 60, 100),   /* G, blue row */
    RGB (60, 145, 100),  /* B */
    RGB (110, 180, 150), /* R */
    RGB (110, 200, 190), /* B, bottom-right corner */
  };
  g_autoptr(VigilFrame) frame = frame_from_rows (VIGIL_PIXEL_FORMAT_BAYER_RG8, 4, 4, 0, mosaic_4x4);
  g_autoptr(GBytes) rgb = convert (frame, 0, 0);

  check_bayer_4x4 (VIGIL_PIXEL_FORMAT_BAYER_RG8, expected);

  /* Two more border greens: (3,0) on a red row, (2,3) on a blue row. */
  g_assert_cmphex (pixel_at (rgb, 4, 3, 0), ==, RGB (30, 220, 140));
  g_assert_cmphex (pixel_at (rgb, 4, 2, 3), ==, RGB (110, 150, 180));
}

static void
test_frame_bayer_gr8 (void)
{
  const guint32 expected[] = {
    RGB (200, 10, 60),   /* G, red row */
    RGB (200, 60, 70),   /* R */
    RGB (220, 75, 60),   /* B */
    RGB (220, 100, 70),  /* G, blue row */
    RGB (245, 110, 115), /* G, red row */
    RGB (250, 190, 150), /* G, blue row */
  };

  check_bayer_4x4 (VIGIL_PIXEL_FORMAT_BAYER_GR8, expected);
}

static void
test_frame_bayer_gb8 (void)
{
  const guint32 expected[] = {
    RGB (60, 10, 200),   /* G, blue row */
    RGB (70, 60, 200),   /* B */
    RGB (60, 75, 220),   /* R */
    RGB (70, 100, 220),  /* G, red row */
    RGB (115, 110, 245), /* G, blue row */
    RGB (150, 190, 250), /* G, red row */
  };

  check_bayer_4x4 (VIGIL_PIXEL_FORMAT_BAYER_GB8, expected);
}

static void
test_frame_bayer_bg8 (void)
{
  const guint32 expected[] = {
    RGB (100, 130, 10),  /* B */
    RGB (100, 200, 20),  /* G, blue row */
    RGB (100, 60, 50),   /* G, red row */
    RGB (100, 145, 60),  /* R */
    RGB (150, 180, 110), /* B */
    RGB (190, 200, 110), /* R */
  };

  check_bayer_4x4 (VIGIL_PIXEL_FORMAT_BAYER_BG8, expected);
}

/* Averages round half up: (sum + 2) / 4 and (sum + 1) / 2.  By hand, for
 * BayerRG8:
 *   (2,1) green on a blue row: R = (3 + 4 + 1) / 2 = 4, B = (1 + 2 + 1) / 2 = 2
 *   (2,2) red: G = (0 + 0 + 5 + 1 + 2) / 4 = 2, B = (1 + 2 + 0 + 3 + 2) / 4 = 2 */
static void
test_frame_bayer_rounding (void)
{
  const guint8 mosaic[16] = {
    0, 0, 3, 0,
    0, 1, 5, 2,
    0, 0, 4, 0,
    0, 0, 1, 3,
  };
  g_autoptr(VigilFrame) frame = frame_from_rows (VIGIL_PIXEL_FORMAT_BAYER_RG8, 4, 4, 0, mosaic);
  g_autoptr(GBytes) rgb = convert (frame, 0, 0);

  g_assert_cmphex (pixel_at (rgb, 4, 2, 1), ==, RGB (4, 5, 2));
  g_assert_cmphex (pixel_at (rgb, 4, 2, 2), ==, RGB (4, 2, 2));
}

/* The smallest mosaic: every neighbour is a mirror. */
static void
test_frame_bayer_2x2 (void)
{
  const guint8 cell[] = { 40, 80, 120, 160 };   /* R G / G B */
  g_autoptr(VigilFrame) frame = frame_from_rows (VIGIL_PIXEL_FORMAT_BAYER_RG8, 2, 2, 0, cell);
  g_autoptr(VigilFrame) padded = frame_from_rows (VIGIL_PIXEL_FORMAT_BAYER_RG8, 2, 2, 2, cell);
  g_autoptr(GBytes) rgb = convert (frame, 0, 0);
  g_autoptr(GBytes) rgb_padded = convert (padded, 0, 0);

  g_assert_cmphex (pixel_at (rgb, 2, 0, 0), ==, RGB (40, 100, 160));
  g_assert_cmphex (pixel_at (rgb, 2, 1, 0), ==, RGB (40, 80, 160));
  g_assert_cmphex (pixel_at (rgb, 2, 0, 1), ==, RGB (40, 120, 160));
  g_assert_cmphex (pixel_at (rgb, 2, 1, 1), ==, RGB (40, 100, 160));
  g_assert_true (g_bytes_equal (rgb, rgb_padded));
}

/* The weight of input sample j in output sample o when n_in shrinks to
 * n_out (1.5× or more): the area under a tent two output samples wide
 * centred on o, over [j, j + 1], of the area inside the image; integrated
 * numerically, as the reference the scaler is held to. */
static double
tent_weight (guint n_in,
             guint n_out,
             guint o,
             guint j)
{
  double s = (double) n_in / n_out, c = (o + 0.5) * s;
  double part = 0, total = 0;

  /* Less than 1.5× smaller: bilinear, between the two nearest centres. */
  if (s < 1.5)
    {
      double pos = CLAMP (c - 0.5, 0.0, n_in - 1.0);
      guint i = (guint) pos;

      return j == i ? 1 - (pos - i) : j == i + 1 ? pos - i : 0;
    }

  for (guint i = 0; i < n_in * 64; i++)
    {
      double x = (i + 0.5) / 64.0;
      double k = MAX (0.0, 1.0 - fabs (x - c) / s);

      total += k;
      if ((guint) (x) == j)
        part += k;
    }
  return part / total;
}

/* The exact value of a w×h image shrunk to ow×oh at (ox, oy), channel
 * @channel of @channels. */
static double
area_average (const guint8 *image,
              guint         w,
              guint         h,
              guint         channels,
              guint         channel,
              guint         ow,
              guint         oh,
              guint         ox,
              guint         oy)
{
  double sum = 0;

  for (guint y = 0; y < h; y++)
    {
      double wy = oh == h ? (y == oy) : tent_weight (h, oh, oy, y);

      for (guint x = 0; x < w && wy > 0; x++)
        {
          double wx = ow == w ? (x == ox) : tent_weight (w, ow, ox, x);

          sum += wx * wy * image[(y * w + x) * channels + channel];
        }
    }
  return sum;
}

static void
assert_area_average_within (GBytes       *rgb,
                            const guint8 *image,
                            guint         w,
                            guint         h,
                            guint         channels,
                            guint         ow,
                            guint         oh,
                            double        epsilon)
{
  const guint8 *p = g_bytes_get_data (rgb, NULL);

  for (guint oy = 0; oy < oh; oy++)
    for (guint ox = 0; ox < ow; ox++)
      for (guint c = 0; c < 3; c++)
        {
          double expected = area_average (image, w, h, channels, channels == 1 ? 0 : c, ow, oh, ox, oy);
          double got = p[(oy * ow + ox) * 3 + c];

          g_assert_cmpfloat_with_epsilon (got, expected, epsilon);
        }
}

/* Area weights in 1/256: within one level of the exact value. */
static void
assert_area_average (GBytes       *rgb,
                     const guint8 *image,
                     guint         w,
                     guint         h,
                     guint         channels,
                     guint         ow,
                     guint         oh)
{
  assert_area_average_within (rgb, image, w, h, channels, ow, oh, 1.0);
}

/* The weights area_average () gives input sample j of output sample o
 * along one axis, at [o * n_in + j]. */
static double *
axis_weights (guint n_in,
              guint n_out)
{
  double *weights = g_new (double, (gsize) n_in * n_out);

  for (guint o = 0; o < n_out; o++)
    for (guint j = 0; j < n_in; j++)
      weights[o * n_in + j] = n_in == n_out ? (j == o) : tent_weight (n_in, n_out, o, j);
  return weights;
}

/* Colour @channel of a Bayer mosaic at (@x, @y) in input pixels (centres
 * at whole numbers), bilinear from the sites of that colour only; green
 * is the mean of its two planes.  Positions clamp to each plane's first
 * and last site. */
static double
plane_at (const guint8 *mosaic,
          guint         w,
          guint         h,
          const char   *layout,
          guint         channel,
          double        x,
          double        y)
{
  double sum = 0;
  guint n = 0;

  for (guint site = 0; site < 4; site++)
    {
      char colour = layout[site];
      guint px = site & 1, py = site >> 1;
      guint nx = (w - px + 1) / 2, ny = (h - py + 1) / 2;
      double u = CLAMP ((x - px) / 2, 0, nx - 1.0), v = CLAMP ((y - py) / 2, 0, ny - 1.0);
      guint i = MIN ((guint) u, nx - 1), j = MIN ((guint) v, ny - 1);
      guint i1 = MIN (i + 1, nx - 1), j1 = MIN (j + 1, ny - 1);
      double fu = u - i, fv = v - j;

      if ((colour == 'R' ? 0u : colour == 'G' ? 1u : 2u) != channel)
        continue;
#define SITE(a, b) ((double) mosaic[(py + 2 * (b)) * w + px + 2 * (a)])
      sum += (1 - fv) * ((1 - fu) * SITE (i, j) + fu * SITE (i1, j)) + fv * ((1 - fu) * SITE (i, j1) + fu * SITE (i1, j1));
#undef SITE
      n++;
    }
  return sum / n;
}

/* Each output pixel of @rgb is the mosaic's colours at its centre, from
 * their own sites, within one level. */
static void
assert_planes (GBytes       *rgb,
               const guint8 *mosaic,
               guint         w,
               guint         h,
               const char   *layout,
               guint         ow,
               guint         oh)
{
  const guint8 *p = g_bytes_get_data (rgb, NULL);

  for (guint oy = 0; oy < oh; oy++)
    for (guint ox = 0; ox < ow; ox++)
      for (guint c = 0; c < 3; c++)
        {
          double x = (ox + 0.5) * w / ow - 0.5, y = (oy + 0.5) * h / oh - 0.5;

          g_assert_cmpfloat_with_epsilon (p[(oy * ow + ox) * 3 + c], plane_at (mosaic, w, h, layout, c, x, y), 1.0);
        }
}

/* Shrinking averages the area under each output pixel, with a tent two
 * output pixels wide (a box averaged twice). */
static void
test_frame_scale_mono8 (void)
{
  guint8 rows[5 * 4];
  g_autoptr(VigilFrame) frame = NULL;
  g_autoptr(GBytes) half = NULL;
  g_autoptr(GBytes) odd = NULL;
  g_autoptr(GBytes) line = NULL;

  for (guint i = 0; i < sizeof rows; i++)
    rows[i] = (guint8) (i * 13);
  frame = frame_from_rows (VIGIL_PIXEL_FORMAT_MONO8, 5, 4, 3, rows);

  /* 5×4 → 2×2 by hand at (0,0).  Across: a tent of half-width 2.5 centred
   * on 1.25, clipped at 0, weighs columns 0…3 as 82, 102, 59, 13 of 256
   * (differences of the rounded running area); down: half-width 2 centred
   * on 1 weighs rows 0…2 as 110, 109, 37.  Column sums of 13·(x + 5y):
   * 13·(256x + 915); then (82·11895 + 102·15223 + 59·18551 + 13·21879 +
   * 32768) >> 16 = 60 (exactly 59.6). */
  half = convert (frame, 2, 2);
  g_assert_cmphex (pixel_at (half, 2, 0, 0), ==, RGB (60, 60, 60));
  assert_area_average (half, rows, 5, 4, 1, 2, 2);

  odd = convert (frame, 3, 3);
  assert_area_average (odd, rows, 5, 4, 1, 3, 3);

  /* Only the height changes: 5×4 → 5×1 weighs rows 53, 75, 75, 53:
   * 13x + 97.5, rounded up. */
  line = convert (frame, 0, 1);
  for (guint x = 0; x < 5; x++)
    g_assert_cmphex (pixel_at (line, 5, x, 0), ==, RGB (13 * x + 98, 13 * x + 98, 13 * x + 98));
}

/* Mono16 (by its high byte) and RGB8 (each channel) shrink the same way. */
static void
test_frame_scale_formats (void)
{
  guint8 mono16[6 * 4 * 2];
  guint8 high[6 * 4];
  guint8 rgb8[6 * 4 * 3];
  g_autoptr(VigilFrame) frame16 = NULL;
  g_autoptr(VigilFrame) frame_rgb = NULL;
  g_autoptr(GBytes) out16 = NULL;
  g_autoptr(GBytes) out_rgb = NULL;

  for (guint i = 0; i < 6 * 4; i++)
    {
      high[i] = (guint8) (i * 11);
      mono16[i * 2] = 0xFF;
      mono16[i * 2 + 1] = high[i];
    }
  for (guint i = 0; i < sizeof rgb8; i++)
    rgb8[i] = (guint8) (i * 3);

  frame16 = frame_from_rows (VIGIL_PIXEL_FORMAT_MONO16, 6, 4, 2, mono16);
  frame_rgb = frame_from_rows (VIGIL_PIXEL_FORMAT_RGB8, 6, 4, 5, rgb8);

  out16 = convert (frame16, 3, 2);
  out_rgb = convert (frame_rgb, 3, 2);
  assert_area_average (out16, high, 6, 4, 1, 3, 2);
  assert_area_average (out_rgb, rgb8, 6, 4, 3, 3, 2);
}

/* Enlarging is bilinear, with pixel centres aligned: 2 → 4 across gives
 * 0, ¼·200, ¾·200, 200, and a uniform image stays uniform. */
static void
test_frame_scale_up (void)
{
  const guint8 pair[] = { 0, 200 };
  const guint8 grey[] = { 77, 77, 77, 77, 77, 77 };
  g_autoptr(VigilFrame) frame = frame_from_rows (VIGIL_PIXEL_FORMAT_MONO8, 2, 1, 0, pair);
  g_autoptr(VigilFrame) uniform = frame_from_rows (VIGIL_PIXEL_FORMAT_MONO8, 3, 2, 1, grey);
  g_autoptr(GBytes) wide = convert (frame, 4, 3);
  g_autoptr(GBytes) big = convert (uniform, 7, 5);
  const guint expected[] = { 0, 50, 150, 200 };

  for (guint y = 0; y < 3; y++)
    for (guint x = 0; x < 4; x++)
      g_assert_cmphex (pixel_at (wide, 4, x, y), ==, RGB (expected[x], expected[x], expected[x]));
  for (guint y = 0; y < 5; y++)
    for (guint x = 0; x < 7; x++)
      g_assert_cmphex (pixel_at (big, 7, x, y), ==, RGB (77, 77, 77));
}

/* Shown larger on both axes, the scaler weighs each input row across once
 * and blends output rows from those (vigil-frame-scale-grow.c): still the
 * exact bilinear value within one level, grey and RGB, with padded rows,
 * when only the height grows, and when the width shrinks a little (less
 * than 1.5×: bilinear too) while the height grows. */
static void
test_frame_scale_up_reference (void)
{
  const struct { guint w, h, channels, ow, oh; } cases[] = {
    { 13, 9, 1, 29, 20 },
    { 11, 7, 3, 24, 17 },
    { 13, 9, 1, 13, 31 },
    { 40, 9, 1, 31, 20 },
    { 17, 5, 3, 12, 16 },
  };
  GRand *rand = g_rand_new_with_seed (5);

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      guint w = cases[c].w, h = cases[c].h, n = cases[c].channels;
      g_autofree guint8 *rows = g_malloc ((gsize) w * h * n);
      g_autoptr(VigilFrame) frame = NULL;
      g_autoptr(GBytes) rgb = NULL;

      for (gsize i = 0; i < (gsize) w * h * n; i++)
        rows[i] = (guint8) g_rand_int_range (rand, 0, 256);
      frame = frame_from_rows (n == 1 ? VIGIL_PIXEL_FORMAT_MONO8 : VIGIL_PIXEL_FORMAT_RGB8, w, h, c, rows);
      rgb = convert (frame, cases[c].ow, cases[c].oh);
      /* Bilinear positions are rounded to 1/256 of a pixel on each axis:
       * up to 255/512 of a level each, and the output is rounded once. */
      assert_area_average_within (rgb, rows, w, h, n, cases[c].ow, cases[c].oh, 1.5);
    }
  g_rand_free (rand);
}

/* At 2× or more a Bayer frame is averaged from its 2×2 cells (red, the
 * mean of the greens, blue) without a demosaic; below that it is the
 * bilinear demosaic, area-averaged. */
static void
test_frame_scale_bayer (void)
{
  for (guint f = 0; f < G_N_ELEMENTS (bayer_formats); f++)
    {
      const char *layout = bayer_layout (bayer_formats[f]);
      g_autoptr(VigilFrame) frame = frame_from_rows (bayer_formats[f], 4, 4, 1, mosaic_4x4);
      g_autoptr(GBytes) full = convert (frame, 0, 0);
      g_autoptr(GBytes) cells = convert (frame, 2, 2);
      g_autoptr(GBytes) odd = convert (frame, 3, 3);
      g_autoptr(GBytes) one = convert (frame, 1, 1);
      guint sum[3] = { 0, 0, 0 };

      for (guint cy = 0; cy < 2; cy++)
        for (guint cx = 0; cx < 2; cx++)
          {
            guint v[3] = { 0, 0, 0 };

            for (guint k = 0; k < 4; k++)
              {
                char site = layout[k];
                guint value = mosaic_4x4[(2 * cy + k / 2) * 4 + 2 * cx + k % 2];
                guint channel = site == 'R' ? 0 : site == 'G' ? 1 : 2;

                v[channel] += value;
                sum[channel] += value;
              }
            g_assert_cmphex (pixel_at (cells, 2, cx, cy), ==, RGB (v[0], (v[1] + 1) / 2, v[2]));
          }

      /* 4×4 → 1×1: the mean of the four cells, within one level. */
      g_assert_cmpfloat_with_epsilon ((pixel_at (one, 1, 0, 0) >> 16) & 0xFF, sum[0] / 4.0, 1.0);
      g_assert_cmpfloat_with_epsilon ((pixel_at (one, 1, 0, 0) >> 8) & 0xFF, sum[1] / 8.0, 1.0);
      g_assert_cmpfloat_with_epsilon (pixel_at (one, 1, 0, 0) & 0xFF, sum[2] / 4.0, 1.0);

      /* 4 → 3 is less than 2×: each colour bilinear from its own sites. */
      assert_planes (odd, mosaic_4x4, 4, 4, layout, 3, 3);
    }
}

/* A smooth colour picture, mosaiced in every layout and shown smaller
 * but less than 2× (its colours from their own sites), comes out as the
 * picture itself, area-averaged, within a few levels, borders included;
 * a picture of one colour comes out as exactly that colour. */
static void
test_frame_scale_bayer_planes (void)
{
  const guint w = 64, h = 48;
  const struct { guint w, h; } outs[] = { { 50, 40 }, { 63, 47 }, { 33, 25 }, { 64, 30 }, { 40, 48 } };
  g_autofree guint8 *picture = g_malloc ((gsize) w * h * 3);
  g_autofree guint8 *mosaic = g_malloc ((gsize) w * h);
  g_autofree guint8 *flat = g_malloc ((gsize) w * h);

  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++)
      {
        guint8 *p = picture + (y * w + x) * 3;

        p[0] = (guint8) (40 + 2 * x + y);
        p[1] = (guint8) (200 - x - y);
        p[2] = (guint8) (30 + 3 * y);
      }

  for (guint f = 0; f < G_N_ELEMENTS (bayer_formats); f++)
    {
      const char *layout = bayer_layout (bayer_formats[f]);
      g_autoptr(VigilFrame) frame = NULL;
      g_autoptr(VigilFrame) flat_frame = NULL;

      for (guint y = 0; y < h; y++)
        for (guint x = 0; x < w; x++)
          {
            char site = layout[(y & 1) * 2 + (x & 1)];
            guint channel = site == 'R' ? 0 : site == 'G' ? 1 : 2;

            mosaic[y * w + x] = picture[(y * w + x) * 3 + channel];
            flat[y * w + x] = (guint8[]) { 200, 100, 50 }[channel];
          }
      frame = frame_from_rows (bayer_formats[f], w, h, 3, mosaic);
      flat_frame = frame_from_rows (bayer_formats[f], w, h, 0, flat);

      for (guint o = 0; o < G_N_ELEMENTS (outs); o++)
        {
          guint ow = outs[o].w, oh = outs[o].h;
          g_autoptr(GBytes) rgb = convert (frame, ow, oh);
          g_autoptr(GBytes) flat_rgb = convert (flat_frame, ow, oh);
          const guint8 *p = g_bytes_get_data (rgb, NULL);
          /* area_average () integrates each tent anew: weigh each axis once. */
          g_autofree double *wx = axis_weights (w, ow);
          g_autofree double *wy = axis_weights (h, oh);

          assert_planes (rgb, mosaic, w, h, layout, ow, oh);
          for (guint oy = 0; oy < oh; oy++)
            for (guint ox = 0; ox < ow; ox++)
              {
                g_assert_cmphex (pixel_at (flat_rgb, ow, ox, oy), ==, RGB (200, 100, 50));
                for (guint c = 0; c < 3; c++)
                  {
                    double expected = 0;

                    for (guint y = 0; y < h; y++)
                      for (guint x = 0; x < w && wy[oy * h + y] > 0; x++)
                        expected += wy[oy * h + y] * wx[ox * w + x] * picture[(y * w + x) * 3 + c];
                    g_assert_cmpfloat_with_epsilon (p[(oy * ow + ox) * 3 + c], expected, 5.0);
                  }
              }
        }
    }
}

static void
test_frame_scale_too_large (void)
{
  const guint8 one[] = { 1 };
  g_autoptr(VigilFrame) frame = frame_from_rows (VIGIL_PIXEL_FORMAT_MONO8, 1, 1, 0, one);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) rgb = NULL;

  rgb = vigil_frame_to_rgb (frame, VIGIL_FRAME_MAX_SIDE + 1, 1, &error);
  g_assert_null (rgb);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  rgb = vigil_frame_to_rgb (frame, 1, G_MAXUINT, &error);
  g_assert_null (rgb);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT);
}

static void
test_frame_truncated (void)
{
  /* Tight rows: one byte short. */
  assert_frame_error (VIGIL_PIXEL_FORMAT_MONO8, 3, 5, 0, 3 * 5 - 1, TRUE, VIGIL_ERROR_BAD_BUFFER);
  assert_frame_error (VIGIL_PIXEL_FORMAT_MONO16, 3, 5, 0, 3 * 5 * 2 - 1, TRUE, VIGIL_ERROR_BAD_BUFFER);
  assert_frame_error (VIGIL_PIXEL_FORMAT_RGB8, 3, 5, 0, 3 * 5 * 3 - 1, TRUE, VIGIL_ERROR_BAD_BUFFER);
  assert_frame_error (VIGIL_PIXEL_FORMAT_BAYER_RG8, 2, 2, 0, 3, TRUE, VIGIL_ERROR_BAD_BUFFER);
  /* Padded rows: the last row may omit its padding, not its pixels. */
  assert_frame_error (VIGIL_PIXEL_FORMAT_MONO8, 3, 5, 8, 8 * 4 + 3 - 1, TRUE, VIGIL_ERROR_BAD_BUFFER);
  assert_frame_error (VIGIL_PIXEL_FORMAT_MONO8, 3, 5, 0, 1, TRUE, VIGIL_ERROR_BAD_BUFFER);
  assert_frame_error (VIGIL_PIXEL_FORMAT_MONO8, 3, 5, 0, 0, TRUE, VIGIL_ERROR_BAD_BUFFER);
}

static void
test_frame_oversized (void)
{
  assert_frame_error (VIGIL_PIXEL_FORMAT_MONO8, 3, 5, 0, 3 * 5 + 1, TRUE, VIGIL_ERROR_BAD_BUFFER);
  assert_frame_error (VIGIL_PIXEL_FORMAT_RGB8, 3, 5, 0, 3 * 5 * 3 + 3, TRUE, VIGIL_ERROR_BAD_BUFFER);
  assert_frame_error (VIGIL_PIXEL_FORMAT_MONO8, 3, 5, 8, 8 * 5 + 1, TRUE, VIGIL_ERROR_BAD_BUFFER);
}

/* Every size between "last row without padding" and "every row padded"
 * is accepted and the frame keeps exactly the bytes it was given. */
static void
test_frame_sizes_accepted (void)
{
  for (gsize size = 8 * 4 + 3; size <= 8 * 5; size++)
    {
      g_autofree guint8 *buffer = g_malloc (size);
      g_autoptr(GError) error = NULL;
      g_autoptr(VigilFrame) frame = NULL;
      g_autoptr(GBytes) rgb = NULL;

      for (gsize i = 0; i < size; i++)
        buffer[i] = (guint8) i;
      frame = vigil_frame_new (VIGIL_PIXEL_FORMAT_MONO8, 3, 5, 8, buffer, size, 1, 2, &error);
      g_assert_no_error (error);
      g_assert_nonnull (frame);
      g_assert_cmpuint (g_bytes_get_size (vigil_frame_get_data (frame)), ==, size);

      rgb = convert (frame, 0, 0);
      g_assert_cmphex (pixel_at (rgb, 3, 2, 4), ==, RGB (8 * 4 + 2, 8 * 4 + 2, 8 * 4 + 2));
    }
}

static void
test_frame_zero_size (void)
{
  assert_frame_error (VIGIL_PIXEL_FORMAT_MONO8, 0, 5, 0, 4, TRUE, VIGIL_ERROR_BAD_BUFFER);
  assert_frame_error (VIGIL_PIXEL_FORMAT_MONO8, 5, 0, 0, 4, TRUE, VIGIL_ERROR_BAD_BUFFER);
  assert_frame_error (VIGIL_PIXEL_FORMAT_MONO8, 0, 0, 0, 0, TRUE, VIGIL_ERROR_BAD_BUFFER);
  assert_frame_error (VIGIL_PIXEL_FORMAT_RGB8, 0, 0, 0, 0, FALSE, VIGIL_ERROR_BAD_BUFFER);
}

static void
test_frame_too_large (void)
{
  const guint max = VIGIL_FRAME_MAX_SIDE;
  g_autofree guint8 *row = g_malloc0 (max);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilFrame) frame = NULL;

  assert_frame_error (VIGIL_PIXEL_FORMAT_MONO8, max + 1, 1, 0, 16, TRUE, VIGIL_ERROR_BAD_BUFFER);
  assert_frame_error (VIGIL_PIXEL_FORMAT_MONO8, 1, max + 1, 0, 16, TRUE, VIGIL_ERROR_BAD_BUFFER);
  assert_frame_error (VIGIL_PIXEL_FORMAT_RGB8, G_MAXUINT, G_MAXUINT, 0, 16, TRUE, VIGIL_ERROR_BAD_BUFFER);
  assert_frame_error (VIGIL_PIXEL_FORMAT_MONO16, G_MAXUINT / 2 + 1, 2, 0, 16, TRUE, VIGIL_ERROR_BAD_BUFFER);

  /* The largest side itself is accepted. */
  frame = vigil_frame_new (VIGIL_PIXEL_FORMAT_MONO8, max, 1, 0, row, max, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (frame);
  g_clear_pointer (&frame, vigil_frame_unref);
  frame = vigil_frame_new (VIGIL_PIXEL_FORMAT_MONO8, 1, max, 0, row, max, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (frame);
}

static void
test_frame_bad_stride (void)
{
  /* Shorter than a row. */
  assert_frame_error (VIGIL_PIXEL_FORMAT_MONO8, 3, 2, 2, 6, TRUE, VIGIL_ERROR_BAD_BUFFER);
  assert_frame_error (VIGIL_PIXEL_FORMAT_RGB8, 3, 2, 8, 17, TRUE, VIGIL_ERROR_BAD_BUFFER);
  assert_frame_error (VIGIL_PIXEL_FORMAT_MONO16, 3, 2, 5, 11, TRUE, VIGIL_ERROR_BAD_BUFFER);
  /* Absurdly long (more than 4096 bytes of padding). */
  assert_frame_error (VIGIL_PIXEL_FORMAT_MONO8, 3, 2, 3 + 4097, 3 + 4097 + 3, TRUE, VIGIL_ERROR_BAD_BUFFER);
  assert_frame_error (VIGIL_PIXEL_FORMAT_MONO8, 3, 2, G_MAXSIZE, 6, TRUE, VIGIL_ERROR_BAD_BUFFER);
}

static void
test_frame_bayer_too_small (void)
{
  for (guint f = 0; f < G_N_ELEMENTS (bayer_formats); f++)
    {
      assert_frame_error (bayer_formats[f], 1, 4, 0, 4, TRUE, VIGIL_ERROR_BAD_BUFFER);
      assert_frame_error (bayer_formats[f], 4, 1, 0, 4, TRUE, VIGIL_ERROR_BAD_BUFFER);
      assert_frame_error (bayer_formats[f], 1, 1, 0, 1, TRUE, VIGIL_ERROR_BAD_BUFFER);
    }
}

static void
test_frame_null_data (void)
{
  assert_frame_error (VIGIL_PIXEL_FORMAT_MONO8, 3, 5, 0, 15, FALSE, VIGIL_ERROR_BAD_BUFFER);
  assert_frame_error (VIGIL_PIXEL_FORMAT_BAYER_BG8, 2, 2, 0, 4, FALSE, VIGIL_ERROR_BAD_BUFFER);
  assert_frame_error (VIGIL_PIXEL_FORMAT_RGB8, 1, 1, 0, 0, FALSE, VIGIL_ERROR_BAD_BUFFER);
}

static void
test_frame_unsupported (void)
{
  /* Mono8Signed, RGB10Packed, RGB8Planar, YCbCr422_8 and 0: checked before anything else. */
  const guint32 codes[] = { 0x01080002u, 0x02300018u, 0x02180021u, 0x0210003Bu, 0 };

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      assert_frame_error (codes[i], 3, 5, 0, 15, TRUE, VIGIL_ERROR_UNSUPPORTED_PIXEL_FORMAT);
      assert_frame_error (codes[i], 0, 0, 0, 0, FALSE, VIGIL_ERROR_UNSUPPORTED_PIXEL_FORMAT);
    }
}

static void
test_frame_fit_size (void)
{
  const struct {
    guint w, h, max_w, max_h;
    guint out_w, out_h;
  } cases[] = {
    { 640, 480, 1920, 1080, 640, 480 },     /* fits: never enlarged */
    { 640, 480, 640, 480, 640, 480 },       /* exactly */
    { 1920, 1080, 960, 960, 960, 540 },     /* limited by width */
    { 1000, 2000, 500, 500, 250, 500 },     /* limited by height */
    { 1280, 1024, 640, 512, 640, 512 },     /* same aspect */
    { 800, 600, 1000, 500, 666, 500 },      /* only the height is over; truncated */
    { 10000, 1, 100, 100, 100, 1 },         /* never below one pixel */
    { 1, 10000, 100, 100, 1, 100 },
    { 100000, 3, 7, 7, 7, 1 },
    { 640, 480, 0, 0, 640, 480 },           /* no limit */
    { 640, 480, 0, 100, 640, 480 },
    { 640, 480, 100, 0, 640, 480 },
    { 65535, 65535, 1, 1, 1, 1 },
    { G_MAXUINT, G_MAXUINT, 3, 2, 2, 2 },   /* no overflow */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint w = 0;
      guint h = 0;

      vigil_fit_size (cases[i].w, cases[i].h, cases[i].max_w, cases[i].max_h, &w, &h);
      g_assert_cmpuint (w, ==, cases[i].out_w);
      g_assert_cmpuint (h, ==, cases[i].out_h);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/vigil/frame/pixel-format", test_frame_pixel_format);
  g_test_add_func ("/vigil/frame/accessors", test_frame_accessors);
  g_test_add_func ("/vigil/frame/mono8", test_frame_mono8);
  g_test_add_func ("/vigil/frame/mono8-1x1", test_frame_mono8_1x1);
  g_test_add_func ("/vigil/frame/mono16", test_frame_mono16);
  g_test_add_func ("/vigil/frame/mono16-1x1", test_frame_mono16_1x1);
  g_test_add_func ("/vigil/frame/rgb8", test_frame_rgb8);
  g_test_add_func ("/vigil/frame/rgb8-1x1", test_frame_rgb8_1x1);
  g_test_add_func ("/vigil/frame/bayer-uniform", test_frame_bayer_uniform);
  g_test_add_func ("/vigil/frame/bayer-rg8", test_frame_bayer_rg8);
  g_test_add_func ("/vigil/frame/bayer-gr8", test_frame_bayer_gr8);
  g_test_add_func ("/vigil/frame/bayer-gb8", test_frame_bayer_gb8);
  g_test_add_func ("/vigil/frame/bayer-bg8", test_frame_bayer_bg8);
  g_test_add_func ("/vigil/frame/bayer-rounding", test_frame_bayer_rounding);
  g_test_add_func ("/vigil/frame/bayer-2x2", test_frame_bayer_2x2);
  g_test_add_func ("/vigil/frame/scale-mono8", test_frame_scale_mono8);
  g_test_add_func ("/vigil/frame/scale-formats", test_frame_scale_formats);
  g_test_add_func ("/vigil/frame/scale-up", test_frame_scale_up);
  g_test_add_func ("/vigil/frame/scale-up-reference", test_frame_scale_up_reference);
  g_test_add_func ("/vigil/frame/scale-bayer", test_frame_scale_bayer);
  g_test_add_func ("/vigil/frame/scale-bayer-planes", test_frame_scale_bayer_planes);
  g_test_add_func ("/vigil/frame/scale-too-large", test_frame_scale_too_large);
  g_test_add_func ("/vigil/frame/truncated", test_frame_truncated);
  g_test_add_func ("/vigil/frame/oversized", test_frame_oversized);
  g_test_add_func ("/vigil/frame/sizes-accepted", test_frame_sizes_accepted);
  g_test_add_func ("/vigil/frame/zero-size", test_frame_zero_size);
  g_test_add_func ("/vigil/frame/too-large", test_frame_too_large);
  g_test_add_func ("/vigil/frame/bad-stride", test_frame_bad_stride);
  g_test_add_func ("/vigil/frame/bayer-too-small", test_frame_bayer_too_small);
  g_test_add_func ("/vigil/frame/null-data", test_frame_null_data);
  g_test_add_func ("/vigil/frame/unsupported", test_frame_unsupported);
  g_test_add_func ("/vigil/frame/fit-size", test_frame_fit_size);

  return g_test_run ();
}
