/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-frame-view"

#include "config.h"

#include <string.h>

#include <glib.h>

#include "vigil-error.h"
#include "vigil-frame.h"

/* The raw 4×3 Mono8 pattern: pixel (x, y) holds 10 · (y·4 + x). */
typedef struct
{
  VigilOrientation orientation;
  guint            width;
  guint            height;
  guint8           expect[12];
} Case;

/* The same hand-written tables as test-view-geometry. */
static const Case cases[] = {
  { { 0, FALSE, FALSE }, 4, 3, { 0, 1, 2, 3,  4, 5, 6, 7,  8, 9, 10, 11 } },
  { { 1, FALSE, FALSE }, 3, 4, { 8, 4, 0,  9, 5, 1,  10, 6, 2,  11, 7, 3 } },
  { { 2, FALSE, FALSE }, 4, 3, { 11, 10, 9, 8,  7, 6, 5, 4,  3, 2, 1, 0 } },
  { { 3, FALSE, FALSE }, 3, 4, { 3, 7, 11,  2, 6, 10,  1, 5, 9,  0, 4, 8 } },
  { { 0, TRUE,  FALSE }, 4, 3, { 3, 2, 1, 0,  7, 6, 5, 4,  11, 10, 9, 8 } },
  { { 0, FALSE, TRUE  }, 4, 3, { 8, 9, 10, 11,  4, 5, 6, 7,  0, 1, 2, 3 } },
  { { 1, TRUE,  FALSE }, 3, 4, { 0, 4, 8,  1, 5, 9,  2, 6, 10,  3, 7, 11 } },
  { { 1, FALSE, TRUE  }, 3, 4, { 11, 7, 3,  10, 6, 2,  9, 5, 1,  8, 4, 0 } },
};

/* Each orientation of the pattern, converted at 1:1, is the table, as
 * B G R 255. */
static void
test_orientations (void)
{
  g_autofree guint8 *raw = g_malloc (12);

  for (guint i = 0; i < 12; i++)
    raw[i] = (guint8) (10 * i);

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      const Case *k = &cases[c];
      VigilViewGeometry g = { 4, 3, k->orientation, k->width, k->height, 0, 0, 0 };
      g_autoptr(GError) error = NULL;
      VigilFrameView view;
      guint8 out[12 * 4];

      g_assert_true (vigil_frame_plan_view (VIGIL_PIXEL_FORMAT_MONO8, 4, 3, 0, &g, &view, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (view.width, ==, k->width);
      g_assert_cmpuint (view.height, ==, k->height);
      g_assert_cmpuint (view.region.width, ==, 4);
      g_assert_cmpuint (view.region.height, ==, 3);
      memset (out, 0x55, sizeof out);
      g_assert_true (vigil_frame_convert_view (VIGIL_PIXEL_FORMAT_MONO8, 4, 3, 0, raw, 12, NULL, &view, out, &error));
      g_assert_no_error (error);
      for (guint p = 0; p < 12; p++)
        {
          g_assert_cmpuint (out[4 * p], ==, 10 * k->expect[p]);
          g_assert_cmpuint (out[4 * p + 1], ==, 10 * k->expect[p]);
          g_assert_cmpuint (out[4 * p + 2], ==, 10 * k->expect[p]);
          g_assert_cmpuint (out[4 * p + 3], ==, 255);
        }
    }
}

/* At 1:1 in a smaller view only the middle is converted, read in place,
 * and it is the frame's own pixels; a pan moves the region. */
static void
test_crop (void)
{
  const guint W = 1024, H = 1024;
  g_autofree guint8 *raw = g_malloc ((gsize) W * H);
  g_autofree guint8 *out = NULL;
  VigilViewGeometry g = { W, H, { 0, FALSE, FALSE }, 600, 400, 1.0, 512, 512 };
  g_autoptr(GError) error = NULL;
  VigilFrameView view;

  for (gsize i = 0; i < (gsize) W * H; i++)
    raw[i] = (guint8) ((i % W) * 7 + (i / W) * 13);

  g_assert_true (vigil_frame_plan_view (VIGIL_PIXEL_FORMAT_MONO8, W, H, 0, &g, &view, &error));
  g_assert_cmpuint (view.region.x, ==, 212);
  g_assert_cmpuint (view.region.y, ==, 312);
  g_assert_cmpuint (view.width, ==, 600);
  g_assert_cmpuint (view.height, ==, 400);
  out = g_malloc ((gsize) view.width * view.height * 4);
  g_assert_true (vigil_frame_convert_view (VIGIL_PIXEL_FORMAT_MONO8, W, H, 0, raw, (gsize) W * H, NULL, &view, out, &error));
  g_assert_no_error (error);
  for (guint y = 0; y < view.height; y++)
    for (guint x = 0; x < view.width; x++)
      g_assert_cmpuint (out[((gsize) y * view.width + x) * 4], ==, raw[(gsize) (y + 312) * W + x + 212]);

  /* Zoomed 2×: a 300×200 region shown at 600×400. */
  g.zoom = 2.0;
  g_assert_true (vigil_frame_plan_view (VIGIL_PIXEL_FORMAT_MONO8, W, H, 0, &g, &view, &error));
  g_assert_cmpuint (view.region.width, ==, 300);
  g_assert_cmpuint (view.region.height, ==, 200);
  g_assert_cmpuint (view.width, ==, 600);
  g_assert_cmpuint (view.height, ==, 400);
}

/* Fitted into a view larger than the frame, grey and RGB are scaled up
 * straight into B G R 255 (grey without an RGB row in between): the same
 * pixels as the packed RGB conversion at that size, turned or not. */
static void
test_enlarged (void)
{
  const guint32 formats[] = { VIGIL_PIXEL_FORMAT_MONO8, VIGIL_PIXEL_FORMAT_RGB8 };
  const guint W = 37, H = 23;
  GRand *rand = g_rand_new_with_seed (11);

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    for (guint turns = 0; turns < 2; turns++)
      {
        guint bpp = vigil_pixel_format_bytes_per_pixel (formats[f]);
        gsize size = (gsize) W * H * bpp;
        g_autofree guint8 *raw = g_malloc (size);
        g_autofree guint8 *out = NULL;
        g_autofree guint8 *rgb = NULL;
        VigilViewGeometry g = { W, H, { turns, FALSE, FALSE }, 300, 200, 0, 0, 0 };
        g_autoptr(GError) error = NULL;
        VigilFrameView view;
        guint cw, ch;

        for (gsize i = 0; i < size; i++)
          raw[i] = (guint8) g_rand_int_range (rand, 0, 256);
        g_assert_true (vigil_frame_plan_view (formats[f], W, H, 0, &g, &view, &error));
        g_assert_no_error (error);
        g_assert_cmpuint (MAX (view.width, view.height), >, 2 * MAX (W, H));
        out = g_malloc ((gsize) view.width * view.height * 4);
        g_assert_true (vigil_frame_convert_view (formats[f], W, H, 0, raw, size, NULL, &view, out, &error));
        g_assert_no_error (error);

        /* The packed conversion of the unturned frame at the unturned size. */
        cw = turns ? view.height : view.width;
        ch = turns ? view.width : view.height;
        rgb = g_malloc ((gsize) cw * ch * 3);
        g_assert_true (vigil_frame_convert_into (formats[f], W, H, 0, raw, size, NULL, rgb, cw, ch, &error));
        g_assert_no_error (error);

        for (guint y = 0; y < ch; y++)
          for (guint x = 0; x < cw; x++)
            {
              /* A quarter turn clockwise puts (x, y) at (ch - 1 - y, x). */
              guint vx = turns ? ch - 1 - y : x, vy = turns ? x : y;
              const guint8 *o = out + ((gsize) vy * view.width + vx) * 4;
              const guint8 *p = rgb + ((gsize) y * cw + x) * 3;

              g_assert_cmpuint (o[0], ==, p[2]);
              g_assert_cmpuint (o[1], ==, p[1]);
              g_assert_cmpuint (o[2], ==, p[0]);
              g_assert_cmpuint (o[3], ==, 255);
            }
      }
  g_rand_free (rand);
}

/* A Bayer crop starts on a whole 2×2 cell, so its colours stay right; a
 * packed frame whose rows do not start on a byte is converted whole. */
static void
test_crop_alignment (void)
{
  const guint W = 64, H = 64;
  g_autofree guint8 *raw = g_malloc ((gsize) W * H);
  g_autofree guint8 *out = NULL;
  VigilViewGeometry g = { W, H, { 0, FALSE, FALSE }, 11, 9, 1.0, 20.5, 33.5 };
  g_autoptr(GError) error = NULL;
  VigilFrameView view;

  /* RGGB: red sites 200, green 100, blue 0. */
  for (guint y = 0; y < H; y++)
    for (guint x = 0; x < W; x++)
      raw[y * W + x] = (x % 2 == 0 && y % 2 == 0) ? 200 : (x % 2 == 1 && y % 2 == 1) ? 0 : 100;

  g_assert_true (vigil_frame_plan_view (VIGIL_PIXEL_FORMAT_BAYER_RG8, W, H, 0, &g, &view, &error));
  g_assert_cmpuint (view.region.x % 2, ==, 0);
  g_assert_cmpuint (view.region.y % 2, ==, 0);
  g_assert_cmpuint (view.region.x, <=, 15);
  g_assert_cmpuint (view.region.x + view.region.width, >=, 26);
  out = g_malloc ((gsize) view.width * view.height * 4);
  g_assert_true (vigil_frame_convert_view (VIGIL_PIXEL_FORMAT_BAYER_RG8, W, H, 0, raw, (gsize) W * H, NULL, &view, out, &error));
  g_assert_no_error (error);
  /* Inside, every pixel is the flat colour: B 0, G 100, R 200. */
  for (guint y = 1; y + 1 < view.height; y++)
    for (guint x = 1; x + 1 < view.width; x++)
      {
        const guint8 *p = out + ((gsize) y * view.width + x) * 4;

        g_assert_cmpuint (p[0], ==, 0);
        g_assert_cmpuint (p[1], ==, 100);
        g_assert_cmpuint (p[2], ==, 200);
      }

  /* Mono12p, 5 wide: rows start mid-byte, so the whole frame is taken. */
  {
    guint8 packed[(5 * 3 * 12 + 7) / 8] = { 0 };
    VigilViewGeometry small = { 5, 3, { 0, FALSE, FALSE }, 2, 2, 1.0, 2.5, 1.5 };

    g_assert_true (vigil_frame_plan_view (VIGIL_PIXEL_FORMAT_MONO12P, 5, 3, 0, &small, &view, &error));
    g_assert_cmpuint (view.region.width, ==, 5);
    g_assert_cmpuint (view.region.height, ==, 3);
    g_clear_pointer (&out, g_free);
    out = g_malloc ((gsize) view.width * view.height * 4);
    g_assert_true (vigil_frame_convert_view (VIGIL_PIXEL_FORMAT_MONO12P, 5, 3, 0, packed, sizeof packed, NULL, &view, out, &error));
    g_assert_no_error (error);
  }
}

/* A truncated buffer is refused before it is read. */
static void
test_truncated (void)
{
  g_autofree guint8 *raw = g_malloc (10);
  VigilViewGeometry g = { 4, 3, { 1, FALSE, FALSE }, 3, 4, 0, 0, 0 };
  g_autoptr(GError) error = NULL;
  VigilFrameView view;
  guint8 out[12 * 4];

  memset (raw, 0, 10);
  g_assert_true (vigil_frame_plan_view (VIGIL_PIXEL_FORMAT_MONO8, 4, 3, 0, &g, &view, &error));
  g_assert_false (vigil_frame_convert_view (VIGIL_PIXEL_FORMAT_MONO8, 4, 3, 0, raw, 10, NULL, &view, out, &error));
  g_assert_nonnull (error);
}

/* Frames nothing can show say why, in words. */
static void
test_unshowable (void)
{
  VigilViewGeometry g = { 99999, 512, { 0, FALSE, FALSE }, 800, 4, 0, 0, 0 };
  g_autoptr(GError) error = NULL;
  VigilFrameView view;

  g_assert_false (vigil_frame_plan_view (VIGIL_PIXEL_FORMAT_MONO8, 99999, 512, 0, &g, &view, &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_BAD_BUFFER);
  g_assert_cmpstr (error->message, ==, "A 99999×512 Mono8 frame cannot be shown: Vigil shows frames of up to 65535 pixels a side");
  g_clear_error (&error);

  g_assert_false (vigil_frame_plan_view (VIGIL_PIXEL_FORMAT_MONO8, 0, 512, 0, &g, &view, &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_BAD_BUFFER);
  g_assert_cmpstr (error->message, ==, "A 0×512 Mono8 frame cannot be shown: it has no pixels");
  g_clear_error (&error);

  g_assert_false (vigil_frame_plan_view (0x12345678, 64, 64, 0, &g, &view, &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_UNSUPPORTED_PIXEL_FORMAT);
}

/* The readout: raw values in the camera's units and a Bayer site's colour. */
static void
test_readout (void)
{
  guint16 mono12[4] = { 0, 4095, 1234, 7 };
  guint8 bayer[4] = { 200, 100, 90, 10 };   /* RGGB */
  g_autoptr(VigilFrame) deep = NULL;
  g_autoptr(VigilFrame) colour = NULL;
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL;

  deep = vigil_frame_new (VIGIL_PIXEL_FORMAT_MONO12, 2, 2, 0, (const guint8 *) mono12, sizeof mono12, 1, 0, NULL);
  colour = vigil_frame_new (VIGIL_PIXEL_FORMAT_BAYER_RG8, 2, 2, 0, bayer, sizeof bayer, 1, 0, NULL);
  g_assert_nonnull (deep);
  g_assert_nonnull (colour);

  a = vigil_frame_describe_pixel (deep, 1, 0);
  g_assert_nonnull (strstr (a, "4095 of 0–4095"));
  g_assert_nonnull (strstr (a, "x 1 · y 0"));
  b = vigil_frame_describe_pixel (deep, 0, 1);
  g_assert_nonnull (strstr (b, "1234 of 0–4095"));
  c = vigil_frame_describe_pixel (colour, 1, 1);
  g_assert_nonnull (strstr (c, "blue 10 of 0–255"));
  d = vigil_frame_describe_pixel (colour, 0, 1);
  g_assert_nonnull (strstr (d, "green 90"));
  g_assert_null (vigil_frame_describe_pixel (colour, 2, 0));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/frame-view/orientations", test_orientations);
  g_test_add_func ("/vigil/frame-view/crop", test_crop);
  g_test_add_func ("/vigil/frame-view/enlarged", test_enlarged);
  g_test_add_func ("/vigil/frame-view/crop-alignment", test_crop_alignment);
  g_test_add_func ("/vigil/frame-view/truncated", test_truncated);
  g_test_add_func ("/vigil/frame-view/readout", test_readout);
  g_test_add_func ("/vigil/frame-view/unshowable", test_unshowable);

  return g_test_run ();
}
