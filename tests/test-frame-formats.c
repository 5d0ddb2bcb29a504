/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-frame-formats"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib.h>

#include "vigil-error.h"
#include "vigil-frame.h"

/* Every pixel format from synthetic buffers, packed here from the GenICam
 * PFNC and GigE Vision layouts (not with the code under test); the
 * anti-aliasing of a shrink; and bad input.  Every buffer is g_malloc'd at
 * exactly the size the frame needs, so AddressSanitizer (build-aux/asan-unit)
 * catches a read past its end. */

#define RGB(r, g, b) ((guint32) (((r) << 16) | ((g) << 8) | (b)))

typedef enum { LAYOUT_WORDS, LAYOUT_GIGE, LAYOUT_LSB } Layout;

/* Exactly sized copy of @n bytes. */
static guint8 *
exact (const guint8 *bytes,
       gsize         n)
{
  return g_memdup2 (bytes, n);
}

/* @n samples of @depth bits as the format lays them out, in one stream. */
static guint8 *
pack (const guint16 *samples,
      gsize          n,
      guint          depth,
      Layout         layout,
      gsize         *size)
{
  g_autofree guint8 *out = NULL;

  if (layout == LAYOUT_WORDS)
    {
      *size = n * 2;
      out = g_malloc (*size);
      for (gsize i = 0; i < n; i++)
        {
          out[2 * i] = samples[i] & 0xFF;
          out[2 * i + 1] = samples[i] >> 8;
        }
    }
  else if (layout == LAYOUT_GIGE)
    {
      /* GigE Vision Mono10/12Packed: byte 0 = high 8 bits of sample 0,
       * byte 1 = its low bits in bits 0… and sample 1's in bits 4…,
       * byte 2 = high 8 bits of sample 1.  An odd last sample takes 2 bytes. */
      guint low = depth - 8;

      *size = 3 * (n / 2) + 2 * (n % 2);
      out = g_malloc0 (*size);
      for (gsize i = 0; i < n; i++)
        {
          guint8 *g = out + 3 * (i / 2);

          if (i % 2 == 0)
            {
              g[0] = (guint8) (samples[i] >> low);
              g[1] |= samples[i] & ((1u << low) - 1);
            }
          else
            {
              g[2] = (guint8) (samples[i] >> low);
              g[1] |= (samples[i] & ((1u << low) - 1)) << 4;
            }
        }
    }
  else
    {
      /* PFNC Mono10p/12p: the samples' bits one after the other, lowest
       * bit first. */
      *size = (n * depth + 7) / 8;
      out = g_malloc0 (*size);
      for (gsize i = 0; i < n; i++)
        for (guint b = 0; b < depth; b++)
          if (samples[i] & (1u << b))
            out[(i * depth + b) / 8] |= (guint8) (1u << ((i * depth + b) % 8));
    }

  return g_steal_pointer (&out);
}

static GBytes *
convert (guint32                 format,
         guint                   w,
         guint                   h,
         gsize                   stride,
         const guint8           *data,
         gsize                   size,
         const VigilFrameLevels *levels,
         guint                   ow,
         guint                   oh)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) rgb = vigil_frame_convert_pixels (format, w, h, stride, data, size, levels, ow, oh, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rgb);
  g_assert_cmpuint (g_bytes_get_size (rgb), ==, (gsize) (ow ? ow : w) * (oh ? oh : h) * 3);
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
assert_error (guint32       format,
              guint         w,
              guint         h,
              gsize         stride,
              gsize         size,
              VigilError    code)
{
  g_autofree guint8 *data = g_malloc0 (MAX (size, 1));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) rgb = vigil_frame_convert_pixels (format, w, h, stride, data, size, NULL, 0, 0, &error);

  g_assert_null (rgb);
  g_assert_error (error, VIGIL_ERROR, (gint) code);
  g_assert_cmpuint (strlen (error->message), >, 10);
  g_test_message ("%s: %s", vigil_pixel_format_to_string (format), error->message);
}

static const struct {
  guint32 format;
  guint   depth;
  Layout  layout;
} mono_formats[] = {
  { VIGIL_PIXEL_FORMAT_MONO10, 10, LAYOUT_WORDS },
  { VIGIL_PIXEL_FORMAT_MONO12, 12, LAYOUT_WORDS },
  { VIGIL_PIXEL_FORMAT_MONO14, 14, LAYOUT_WORDS },
  { VIGIL_PIXEL_FORMAT_MONO16, 16, LAYOUT_WORDS },
  { VIGIL_PIXEL_FORMAT_MONO10_PACKED, 10, LAYOUT_GIGE },
  { VIGIL_PIXEL_FORMAT_MONO12_PACKED, 12, LAYOUT_GIGE },
  { VIGIL_PIXEL_FORMAT_MONO10P, 10, LAYOUT_LSB },
  { VIGIL_PIXEL_FORMAT_MONO12P, 12, LAYOUT_LSB },
};

/* Deep grey samples are shown by their bit depth: sample >> (depth − 8),
 * so the low bits (noise here) do not matter.  Odd widths and odd pixel
 * counts too: packed rows run on in one stream. */
static void
test_mono_deep (void)
{
  const struct { guint w, h; } sizes[] = { { 5, 3 }, { 1, 1 }, { 1, 4 }, { 3, 1 }, { 7, 2 }, { 4, 4 } };

  for (guint f = 0; f < G_N_ELEMENTS (mono_formats); f++)
    for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
      {
        guint w = sizes[s].w, h = sizes[s].h, depth = mono_formats[f].depth;
        gsize n = (gsize) w * h, size = 0;
        g_autofree guint16 *samples = g_new (guint16, n);
        g_autofree guint8 *expected = g_new (guint8, n);
        g_autofree guint8 *data = NULL;
        g_autoptr(GBytes) rgb = NULL;

        for (gsize i = 0; i < n; i++)
          {
            expected[i] = (guint8) (i * 37 + 11);
            samples[i] = (guint16) ((expected[i] << (depth - 8)) | (i * 5 % (1u << (depth - 8))));
          }
        data = pack (samples, n, depth, mono_formats[f].layout, &size);
        rgb = convert (mono_formats[f].format, w, h, 0, data, size, NULL, 0, 0);
        for (guint y = 0; y < h; y++)
          for (guint x = 0; x < w; x++)
            {
              guint v = expected[y * w + x];
              g_assert_cmphex (pixel_at (rgb, w, x, y), ==, RGB (v, v, v));
            }
      }
}

/* A 10-bit camera in a 16-bit word that sets a bit above its depth is
 * shown white, not wrapped round. */
static void
test_mono_over_depth (void)
{
  const guint16 samples[] = { 0x03FF, 0x0400, 0xFFFF, 0x0200 };
  gsize size = 0;
  g_autofree guint8 *data = pack (samples, 4, 16, LAYOUT_WORDS, &size);
  g_autoptr(GBytes) rgb = convert (VIGIL_PIXEL_FORMAT_MONO10, 4, 1, 0, data, size, NULL, 0, 0);

  g_assert_cmphex (pixel_at (rgb, 4, 0, 0), ==, RGB (255, 255, 255));
  g_assert_cmphex (pixel_at (rgb, 4, 1, 0), ==, RGB (255, 255, 255));
  g_assert_cmphex (pixel_at (rgb, 4, 2, 0), ==, RGB (255, 255, 255));
  g_assert_cmphex (pixel_at (rgb, 4, 3, 0), ==, RGB (128, 128, 128));
}

/* A 12-bit camera in Mono16: dark by bit depth, full range with a window
 * 0…4095 or with the frame's own range. */
static void
test_mono16_levels (void)
{
  guint16 samples[64 * 4];
  gsize size = 0;
  g_autofree guint8 *data = NULL;
  g_autoptr(GBytes) depth = NULL;
  g_autoptr(GBytes) window = NULL;
  g_autoptr(GBytes) automatic = NULL;
  VigilFrameLevels by_window = { VIGIL_LEVELS_WINDOW, 0, 4095 };
  VigilFrameLevels by_frame = { VIGIL_LEVELS_AUTO, 0, 0 };

  /* A ramp 1000 … 3016 in steps of 32, four rows. */
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    samples[i] = (guint16) (1000 + (i % 64) * 32);
  data = pack (samples, G_N_ELEMENTS (samples), 16, LAYOUT_WORDS, &size);

  depth = convert (VIGIL_PIXEL_FORMAT_MONO16, 64, 4, 0, data, size, NULL, 0, 0);
  g_assert_cmphex (pixel_at (depth, 64, 63, 0), ==, RGB (11, 11, 11));   /* 3016 >> 8 */

  /* 2024·255/4095 = 126.04: (2024·255 + 2047) / 4095 = 126. */
  window = convert (VIGIL_PIXEL_FORMAT_MONO16, 64, 4, 0, data, size, &by_window, 0, 0);
  g_assert_cmphex (pixel_at (window, 64, 32, 2), ==, RGB (126, 126, 126));
  g_assert_cmphex (pixel_at (window, 64, 0, 0), ==, RGB (62, 62, 62));   /* 1000 */

  /* The frame's range: darkest near black, brightest near white. */
  automatic = convert (VIGIL_PIXEL_FORMAT_MONO16, 64, 4, 0, data, size, &by_frame, 0, 0);
  g_assert_cmpuint (pixel_at (automatic, 64, 0, 0) & 0xFF, <=, 8);
  g_assert_cmpuint (pixel_at (automatic, 64, 63, 3) & 0xFF, >=, 247);
  g_assert_cmpuint (pixel_at (automatic, 64, 32, 1) & 0xFF, >=, 120);
  g_assert_cmpuint (pixel_at (automatic, 64, 32, 1) & 0xFF, <=, 136);
}

/* Packed formats with row padding (a stride given): rows start on a byte. */
static void
test_mono_packed_stride (void)
{
  const guint16 row[3] = { 0x123, 0x456, 0x789 };
  gsize row_size = 0;
  g_autofree guint8 *packed = pack (row, 3, 12, LAYOUT_LSB, &row_size);   /* 5 bytes */
  guint8 buffer[8 + 5];
  g_autofree guint8 *data = NULL;
  g_autoptr(GBytes) rgb = NULL;

  memset (buffer, 0xEE, sizeof buffer);
  memcpy (buffer, packed, row_size);
  memcpy (buffer + 8, packed, row_size);
  data = exact (buffer, sizeof buffer);
  rgb = convert (VIGIL_PIXEL_FORMAT_MONO12P, 3, 2, 8, data, sizeof buffer, NULL, 0, 0);
  for (guint y = 0; y < 2; y++)
    {
      g_assert_cmphex (pixel_at (rgb, 3, 0, y), ==, RGB (0x12, 0x12, 0x12));
      g_assert_cmphex (pixel_at (rgb, 3, 1, y), ==, RGB (0x45, 0x45, 0x45));
      g_assert_cmphex (pixel_at (rgb, 3, 2, y), ==, RGB (0x78, 0x78, 0x78));
    }
}

static const guint8 mosaic[36] = {
   10, 200,  30, 220,  50, 240,
   60, 100,  80, 140,  70,  20,
   90, 240, 110, 250,  15, 130,
  130, 170, 150, 190, 210,   5,
   25, 125,  35, 225,  45, 145,
  255,   0, 128,  64,  32,  16,
};

/* Bayer 10, 12, 16 and the packed forms show exactly what the 8-bit
 * mosaic of their high bits shows, at 1:1 (demosaic) and at 3:1 (cells). */
static void
test_bayer_deep (void)
{
  const guint32 bayer8[] = {
    VIGIL_PIXEL_FORMAT_BAYER_GR8, VIGIL_PIXEL_FORMAT_BAYER_RG8,
    VIGIL_PIXEL_FORMAT_BAYER_GB8, VIGIL_PIXEL_FORMAT_BAYER_BG8,
  };
  const struct { guint32 formats[4]; guint depth; Layout layout; } deep[] = {
    { { VIGIL_PIXEL_FORMAT_BAYER_GR10, VIGIL_PIXEL_FORMAT_BAYER_RG10, VIGIL_PIXEL_FORMAT_BAYER_GB10, VIGIL_PIXEL_FORMAT_BAYER_BG10 }, 10, LAYOUT_WORDS },
    { { VIGIL_PIXEL_FORMAT_BAYER_GR12, VIGIL_PIXEL_FORMAT_BAYER_RG12, VIGIL_PIXEL_FORMAT_BAYER_GB12, VIGIL_PIXEL_FORMAT_BAYER_BG12 }, 12, LAYOUT_WORDS },
    { { VIGIL_PIXEL_FORMAT_BAYER_GR16, VIGIL_PIXEL_FORMAT_BAYER_RG16, VIGIL_PIXEL_FORMAT_BAYER_GB16, VIGIL_PIXEL_FORMAT_BAYER_BG16 }, 16, LAYOUT_WORDS },
    { { VIGIL_PIXEL_FORMAT_BAYER_GR10_PACKED, VIGIL_PIXEL_FORMAT_BAYER_RG10_PACKED, VIGIL_PIXEL_FORMAT_BAYER_GB10_PACKED, VIGIL_PIXEL_FORMAT_BAYER_BG10_PACKED }, 10, LAYOUT_GIGE },
    { { VIGIL_PIXEL_FORMAT_BAYER_GR12_PACKED, VIGIL_PIXEL_FORMAT_BAYER_RG12_PACKED, VIGIL_PIXEL_FORMAT_BAYER_GB12_PACKED, VIGIL_PIXEL_FORMAT_BAYER_BG12_PACKED }, 12, LAYOUT_GIGE },
    { { VIGIL_PIXEL_FORMAT_BAYER_GR10P, VIGIL_PIXEL_FORMAT_BAYER_RG10P, VIGIL_PIXEL_FORMAT_BAYER_GB10P, VIGIL_PIXEL_FORMAT_BAYER_BG10P }, 10, LAYOUT_LSB },
    { { VIGIL_PIXEL_FORMAT_BAYER_GR12P, VIGIL_PIXEL_FORMAT_BAYER_RG12P, VIGIL_PIXEL_FORMAT_BAYER_GB12P, VIGIL_PIXEL_FORMAT_BAYER_BG12P }, 12, LAYOUT_LSB },
  };
  g_autofree guint8 *data8 = exact (mosaic, sizeof mosaic);

  for (guint d = 0; d < G_N_ELEMENTS (deep); d++)
    for (guint l = 0; l < 4; l++)
      {
        guint16 samples[36];
        gsize size = 0;
        g_autofree guint8 *data = NULL;

        for (guint i = 0; i < 36; i++)
          samples[i] = (guint16) ((mosaic[i] << (deep[d].depth - 8)) | (i % (1u << (deep[d].depth - 8))));
        data = pack (samples, 36, deep[d].depth, deep[d].layout, &size);

        for (guint scale = 1; scale <= 3; scale += 2)
          {
            g_autoptr(GBytes) want = convert (bayer8[l], 6, 6, 0, data8, sizeof mosaic, NULL, 6 / scale, 6 / scale);
            g_autoptr(GBytes) got = convert (deep[d].formats[l], 6, 6, 0, data, size, NULL, 6 / scale, 6 / scale);

            g_assert_true (g_bytes_equal (want, got));
          }
      }
}

/* BGR8, RGBa8 and BGRa8 show their colours in RGB order, alpha dropped. */
static void
test_rgb_orders (void)
{
  const guint8 colours[3][3] = { { 250, 10, 20 }, { 30, 240, 40 }, { 50, 60, 230 } };
  const struct { guint32 format; guint bytes; guint r, g, b; } orders[] = {
    { VIGIL_PIXEL_FORMAT_RGB8, 3, 0, 1, 2 },
    { VIGIL_PIXEL_FORMAT_BGR8, 3, 2, 1, 0 },
    { VIGIL_PIXEL_FORMAT_RGBA8, 4, 0, 1, 2 },
    { VIGIL_PIXEL_FORMAT_BGRA8, 4, 2, 1, 0 },
  };

  for (guint o = 0; o < G_N_ELEMENTS (orders); o++)
    {
      guint bpp = orders[o].bytes;
      gsize stride = 3 * bpp + 2, size = stride + 3 * bpp;   /* two rows, the last unpadded */
      g_autofree guint8 *data = g_malloc (size);
      g_autoptr(GBytes) rgb = NULL;

      memset (data, 0x99, size);   /* alpha and padding */
      for (guint y = 0; y < 2; y++)
        for (guint x = 0; x < 3; x++)
          {
            guint8 *p = data + y * stride + x * bpp;

            p[orders[o].r] = colours[x][0];
            p[orders[o].g] = colours[x][1];
            p[orders[o].b] = colours[x][2];
          }
      rgb = convert (orders[o].format, 3, 2, stride, data, size, NULL, 0, 0);
      for (guint y = 0; y < 2; y++)
        for (guint x = 0; x < 3; x++)
          g_assert_cmphex (pixel_at (rgb, 3, x, y), ==, RGB (colours[x][0], colours[x][1], colours[x][2]));
    }
}

static guint8
clamp_byte (double v)
{
  return (guint8) CLAMP (lround (v), 0, 255);
}

/* YUV 4:2:2 in both orders, full-range BT.601, within one level of the
 * formula; grey (U = V = 128) exactly. */
static void
test_yuv (void)
{
  /* Y0 U Y1 V for three pairs. */
  const guint8 yuyv[] = { 100, 128, 200, 128,   100, 128, 120, 228,   40, 20, 210, 240 };
  const guint8 pairs = 3;

  for (guint uyvy = 0; uyvy < 2; uyvy++)
    {
      g_autofree guint8 *data = g_malloc (sizeof yuyv);
      g_autoptr(GBytes) rgb = NULL;

      for (guint i = 0; i < pairs; i++)
        {
          const guint8 *q = yuyv + 4 * i;
          guint8 *p = data + 4 * i;

          if (uyvy)
            {
              p[0] = q[1]; p[1] = q[0]; p[2] = q[3]; p[3] = q[2];
            }
          else
            memcpy (p, q, 4);
        }
      rgb = convert (uyvy ? VIGIL_PIXEL_FORMAT_YUV422_8_UYVY : VIGIL_PIXEL_FORMAT_YUV422_8,
                     6, 1, 0, data, sizeof yuyv, NULL, 0, 0);

      g_assert_cmphex (pixel_at (rgb, 6, 0, 0), ==, RGB (100, 100, 100));
      g_assert_cmphex (pixel_at (rgb, 6, 1, 0), ==, RGB (200, 200, 200));
      /* Y 100, V 228: R = 100 + 140.2, G = 100 − 71.4, B = 100. */
      g_assert_cmphex (pixel_at (rgb, 6, 2, 0), ==, RGB (240, 29, 100));
      for (guint i = 0; i < 6; i++)
        {
          const guint8 *q = yuyv + 4 * (i / 2);
          double y = q[i % 2 ? 2 : 0], u = q[1] - 128.0, v = q[3] - 128.0;
          guint32 got = pixel_at (rgb, 6, i, 0);

          g_assert_cmpint (abs ((gint) ((got >> 16) & 0xFF) - clamp_byte (y + 1.402 * v)), <=, 1);
          g_assert_cmpint (abs ((gint) ((got >> 8) & 0xFF) - clamp_byte (y - 0.344136 * u - 0.714136 * v)), <=, 1);
          g_assert_cmpint (abs ((gint) (got & 0xFF) - clamp_byte (y + 1.772 * u)), <=, 1);
        }
    }
}

/* The fraction of output pixels within ±8 levels of mid grey. */
static double
grey_fraction (const guint8 *rgb,
               gsize         n_pixels)
{
  gsize grey = 0;

  for (gsize i = 0; i < n_pixels; i++)
    if (fabs (rgb[3 * i] - 127.5) <= 8 && fabs (rgb[3 * i + 1] - 127.5) <= 8 && fabs (rgb[3 * i + 2] - 127.5) <= 8)
      grey++;
  return (double) grey / n_pixels;
}

/* Nearest neighbour, as Vigil scaled before: the yardstick that must fail. */
static double
nearest_grey_fraction (const guint8 *image,
                       guint         w,
                       guint         h,
                       guint         ow,
                       guint         oh)
{
  g_autofree guint8 *out = g_malloc ((gsize) ow * oh * 3);

  for (guint oy = 0; oy < oh; oy++)
    for (guint ox = 0; ox < ow; ox++)
      memset (out + ((gsize) oy * ow + ox) * 3, image[(oy * h / oh) * w + ox * w / ow], 3);
  return grey_fraction (out, (gsize) ow * oh);
}

static void
check_no_aliasing (const char   *what,
                   const guint8 *image,
                   guint         w,
                   guint         h)
{
  guint ow = (guint) lround (w / 3.3), oh = (guint) lround (h / 3.3);
  g_autoptr(GBytes) rgb = convert (VIGIL_PIXEL_FORMAT_MONO8, w, h, 0, image, (gsize) w * h, NULL, ow, oh);
  double ours = grey_fraction (g_bytes_get_data (rgb, NULL), (gsize) ow * oh);
  double nearest = nearest_grey_fraction (image, w, h, ow, oh);

  g_test_message ("%s %u×%u → %u×%u: %.1f %% mid grey ±8 (nearest neighbour %.1f %%)",
                  what, w, h, ow, oh, 100 * ours, 100 * nearest);
  g_assert_cmpfloat (ours, >=, 0.95);
  g_assert_cmpfloat (nearest, <, 0.95);
}

/* A 1-pixel checkerboard and a zone plate shrunk 3.3× come out mid grey
 * (±8 levels over 95 % of the output), where nearest neighbour does not.
 * The zone plate's rings tighten from 4 pixels a cycle at its centre to 2 at
 * its edge (0.25 → 0.5 cycles a pixel, all above what 3.3× smaller can show:
 * 0.15): any of it left in the output is aliasing. */
static void
test_no_aliasing (void)
{
  const guint n = 660;
  g_autofree guint8 *checker = g_malloc ((gsize) n * n);
  g_autofree guint8 *zone = g_malloc ((gsize) n * n);

  for (guint y = 0; y < n; y++)
    for (guint x = 0; x < n; x++)
      {
        double dx = x - n / 2.0 + 0.5, dy = y - n / 2.0 + 0.5, r = sqrt (dx * dx + dy * dy);
        double phase = 2 * G_PI * (0.25 * r + 0.25 * r * r / n);

        checker[y * n + x] = (x + y) % 2 ? 255 : 0;
        zone[y * n + x] = (guint8) lround (127.5 + 127.5 * cos (phase));
      }

  check_no_aliasing ("checkerboard", checker, n, n);
  check_no_aliasing ("checkerboard", checker, 333, 201);
  check_no_aliasing ("zone plate", zone, n, n);
}

/* A Bayer mosaic of a 1-pixel grey checkerboard on every site also comes
 * out grey: the cells average it. */
static void
test_no_aliasing_bayer (void)
{
  const guint n = 660, on = 200;
  g_autofree guint8 *checker = g_malloc ((gsize) n * n);
  g_autoptr(GBytes) rgb = NULL;
  const guint8 *p;
  gsize grey = 0;

  /* 2-pixel checkerboard of cells: the finest pattern a Bayer sensor sees
   * in every colour. */
  for (guint y = 0; y < n; y++)
    for (guint x = 0; x < n; x++)
      checker[y * n + x] = ((x / 2) + (y / 2)) % 2 ? 255 : 0;
  rgb = convert (VIGIL_PIXEL_FORMAT_BAYER_RG8, n, n, 0, checker, (gsize) n * n, NULL, on, on);
  p = g_bytes_get_data (rgb, NULL);
  for (gsize i = 0; i < (gsize) on * on * 3; i++)
    grey += fabs (p[i] - 127.5) <= 8;
  g_assert_cmpfloat ((double) grey / (on * on * 3), >=, 0.95);
}

/* Bad input says so in words, or converts correctly; never reads past the
 * buffer (run under build-aux/asan-unit). */
static void
test_bad_input (void)
{
  const guint32 every[] = {
    VIGIL_PIXEL_FORMAT_MONO8, VIGIL_PIXEL_FORMAT_MONO12, VIGIL_PIXEL_FORMAT_MONO16,
    VIGIL_PIXEL_FORMAT_MONO10_PACKED, VIGIL_PIXEL_FORMAT_MONO12_PACKED,
    VIGIL_PIXEL_FORMAT_MONO10P, VIGIL_PIXEL_FORMAT_MONO12P,
    VIGIL_PIXEL_FORMAT_BAYER_RG8, VIGIL_PIXEL_FORMAT_BAYER_GB12, VIGIL_PIXEL_FORMAT_BAYER_BG12P,
    VIGIL_PIXEL_FORMAT_BAYER_GR10_PACKED, VIGIL_PIXEL_FORMAT_RGB8, VIGIL_PIXEL_FORMAT_BGRA8,
    VIGIL_PIXEL_FORMAT_YUV422_8, VIGIL_PIXEL_FORMAT_YUV422_8_UYVY,
  };

  for (guint f = 0; f < G_N_ELEMENTS (every); f++)
    {
      guint bits = vigil_pixel_format_bits_per_pixel (every[f]);
      gsize full = bits == 10 ? 10 : (gsize) 4 * 4 * bits / 8;   /* 4×4 (10-bit: 4×2) */
      guint h = bits == 10 ? 2 : 4;

      /* One byte short, and empty. */
      assert_error (every[f], 4, h, 0, full - 1, VIGIL_ERROR_BAD_BUFFER);
      assert_error (every[f], 4, h, 0, 0, VIGIL_ERROR_BAD_BUFFER);
      /* Exactly enough converts. */
      {
        g_autofree guint8 *data = g_malloc0 (full);
        g_autoptr(GBytes) rgb = convert (every[f], 4, h, 0, data, full, NULL, 3, 1);
      }
    }

  /* YUV 4:2:2 with an odd width: the last pixel has no colour of its own. */
  assert_error (VIGIL_PIXEL_FORMAT_YUV422_8, 3, 2, 0, 12, VIGIL_ERROR_BAD_BUFFER);
  assert_error (VIGIL_PIXEL_FORMAT_YUV422_8_UYVY, 1, 1, 0, 2, VIGIL_ERROR_BAD_BUFFER);
  /* Bayer needs a 2×2 cell. */
  assert_error (VIGIL_PIXEL_FORMAT_BAYER_RG8, 1, 1, 0, 1, VIGIL_ERROR_BAD_BUFFER);
  assert_error (VIGIL_PIXEL_FORMAT_BAYER_RG12P, 1, 1, 0, 2, VIGIL_ERROR_BAD_BUFFER);
  assert_error (VIGIL_PIXEL_FORMAT_BAYER_BG16, 65535, 1, 0, 65535 * 2, VIGIL_ERROR_BAD_BUFFER);
  /* A stride shorter than a packed row. */
  assert_error (VIGIL_PIXEL_FORMAT_MONO12P, 4, 2, 5, 11, VIGIL_ERROR_BAD_BUFFER);
}

/* Width 1 and a 65535×1 line-scan frame give correct pictures, shown at
 * their size and shrunk. */
static void
test_thin_frames (void)
{
  const guint w = 65535;
  g_autofree guint8 *line = g_malloc (w);
  g_autofree guint16 *samples = g_new (guint16, w);
  g_autofree guint8 *packed = NULL;
  g_autofree guint8 *column = g_malloc (7);
  gsize size = 0;
  g_autoptr(GBytes) full = NULL;
  g_autoptr(GBytes) shown = NULL;
  g_autoptr(GBytes) packed_shown = NULL;
  g_autoptr(GBytes) tall = NULL;
  guint ow, oh;

  for (guint x = 0; x < w; x++)
    {
      line[x] = x < w / 2 ? 40 : 200;
      samples[x] = (guint16) (line[x] << 4);
    }
  packed = pack (samples, w, 12, LAYOUT_LSB, &size);
  vigil_fit_size (w, 1, 1100, 900, &ow, &oh);
  g_assert_cmpuint (ow, ==, 1100);
  g_assert_cmpuint (oh, ==, 1);

  full = convert (VIGIL_PIXEL_FORMAT_MONO8, w, 1, 0, line, w, NULL, 0, 0);
  g_assert_cmphex (pixel_at (full, w, w - 1, 0), ==, RGB (200, 200, 200));
  shown = convert (VIGIL_PIXEL_FORMAT_MONO8, w, 1, 0, line, w, NULL, ow, oh);
  packed_shown = convert (VIGIL_PIXEL_FORMAT_MONO12P, w, 1, 0, packed, size, NULL, ow, oh);
  g_assert_cmphex (pixel_at (shown, ow, 0, 0), ==, RGB (40, 40, 40));
  g_assert_cmphex (pixel_at (shown, ow, ow - 1, 0), ==, RGB (200, 200, 200));
  g_assert_true (g_bytes_equal (shown, packed_shown));

  for (guint y = 0; y < 7; y++)
    column[y] = (guint8) (y * 30);
  tall = convert (VIGIL_PIXEL_FORMAT_MONO8, 1, 7, 0, column, 7, NULL, 3, 7);
  for (guint y = 0; y < 7; y++)
    g_assert_cmphex (pixel_at (tall, 3, 2, y), ==, RGB (y * 30, y * 30, y * 30));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/vigil/frame-formats/mono-deep", test_mono_deep);
  g_test_add_func ("/vigil/frame-formats/mono-over-depth", test_mono_over_depth);
  g_test_add_func ("/vigil/frame-formats/mono16-levels", test_mono16_levels);
  g_test_add_func ("/vigil/frame-formats/mono-packed-stride", test_mono_packed_stride);
  g_test_add_func ("/vigil/frame-formats/bayer-deep", test_bayer_deep);
  g_test_add_func ("/vigil/frame-formats/rgb-orders", test_rgb_orders);
  g_test_add_func ("/vigil/frame-formats/yuv", test_yuv);
  g_test_add_func ("/vigil/frame-formats/no-aliasing", test_no_aliasing);
  g_test_add_func ("/vigil/frame-formats/no-aliasing-bayer", test_no_aliasing_bayer);
  g_test_add_func ("/vigil/frame-formats/bad-input", test_bad_input);
  g_test_add_func ("/vigil/frame-formats/thin-frames", test_thin_frames);

  return g_test_run ();
}
