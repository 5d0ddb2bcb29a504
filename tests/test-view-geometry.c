/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-view-geometry"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib.h>

#include "vigil-view-geometry.h"

/* The raw 4×3 pattern: pixel (x, y) holds y·4 + x. */
#define W 4
#define H 3

typedef struct
{
  VigilOrientation orientation;
  guint            width;      /* once turned */
  guint            height;
  guint8           expect[W * H];
} Case;

/* Written out by hand from the picture, not computed. */
static const Case cases[] = {
  { { 0, FALSE, FALSE }, 4, 3, { 0, 1, 2, 3,  4, 5, 6, 7,  8, 9, 10, 11 } },
  { { 1, FALSE, FALSE }, 3, 4, { 8, 4, 0,  9, 5, 1,  10, 6, 2,  11, 7, 3 } },
  { { 2, FALSE, FALSE }, 4, 3, { 11, 10, 9, 8,  7, 6, 5, 4,  3, 2, 1, 0 } },
  { { 3, FALSE, FALSE }, 3, 4, { 3, 7, 11,  2, 6, 10,  1, 5, 9,  0, 4, 8 } },
  { { 0, TRUE,  FALSE }, 4, 3, { 3, 2, 1, 0,  7, 6, 5, 4,  11, 10, 9, 8 } },
  { { 0, FALSE, TRUE  }, 4, 3, { 8, 9, 10, 11,  4, 5, 6, 7,  0, 1, 2, 3 } },
  { { 1, TRUE,  FALSE }, 3, 4, { 0, 4, 8,  1, 5, 9,  2, 6, 10,  3, 7, 11 } },
  { { 1, FALSE, TRUE  }, 3, 4, { 11, 7, 3,  10, 6, 2,  9, 5, 1,  8, 4, 0 } },
  { { 2, TRUE,  TRUE  }, 4, 3, { 0, 1, 2, 3,  4, 5, 6, 7,  8, 9, 10, 11 } },
  { { 3, TRUE,  FALSE }, 3, 4, { 11, 7, 3,  10, 6, 2,  9, 5, 1,  8, 4, 0 } },
};

static void
test_orientations (void)
{
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      const Case *k = &cases[c];
      guint8 got[W * H];
      guint ow, oh;

      vigil_orientation_size (&k->orientation, W, H, &ow, &oh);
      g_assert_cmpuint (ow, ==, k->width);
      g_assert_cmpuint (oh, ==, k->height);

      memset (got, 0xff, sizeof got);
      for (guint y = 0; y < H; y++)
        for (guint x = 0; x < W; x++)
          {
            guint u, v;
            double rx, ry;

            vigil_orientation_map_pixel (&k->orientation, W, H, x, y, &u, &v);
            g_assert_cmpuint (u, <, ow);
            g_assert_cmpuint (v, <, oh);
            got[v * ow + u] = (guint8) (y * W + x);

            /* And back: the centre of (u, v) is the centre of (x, y). */
            vigil_orientation_unmap (&k->orientation, W, H, u + 0.5, v + 0.5, &rx, &ry);
            g_assert_cmpfloat_with_epsilon (rx, x + 0.5, 1e-9);
            g_assert_cmpfloat_with_epsilon (ry, y + 0.5, 1e-9);
          }
      g_assert_cmpmem (got, sizeof got, k->expect, sizeof k->expect);
    }
}

/* Every view pixel of a fitted, turned 4×3 frame reads the raw pixel the
 * hand-written table puts there. */
static void
test_view_readout (void)
{
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      const Case *k = &cases[c];
      /* 10 device pixels a frame pixel, the view exactly the turned frame. */
      VigilViewGeometry g = { W, H, k->orientation, k->width * 10, k->height * 10, 0, 0, 0 };

      g_assert_cmpfloat_with_epsilon (vigil_view_geometry_scale (&g), 10.0, 1e-9);
      for (guint v = 0; v < k->height; v++)
        for (guint u = 0; u < k->width; u++)
          {
            guint x = 99, y = 99;

            g_assert_true (vigil_view_geometry_pixel_at (&g, u * 10 + 5, v * 10 + 5, &x, &y));
            g_assert_cmpuint (y * W + x, ==, k->expect[v * k->width + u]);
          }
      g_assert_false (vigil_view_geometry_pixel_at (&g, -1, 5, &(guint) { 0 }, &(guint) { 0 }));
      g_assert_false (vigil_view_geometry_pixel_at (&g, 5, k->height * 10 + 1, &(guint) { 0 }, &(guint) { 0 }));
    }
}

static void
test_fit (void)
{
  VigilViewGeometry g = { 1024, 1024, { 0, FALSE, FALSE }, 1100, 900, 0, 0, 0 };
  VigilPixelRect r;
  double x, y, w, h;

  /* Fit: the whole frame, centred, 900/1024 device pixels a pixel. */
  g_assert_cmpfloat_with_epsilon (vigil_view_geometry_scale (&g), 900.0 / 1024, 1e-9);
  g_assert_true (vigil_view_geometry_visible (&g, &r));
  g_assert_cmpuint (r.x, ==, 0);
  g_assert_cmpuint (r.y, ==, 0);
  g_assert_cmpuint (r.width, ==, 1024);
  g_assert_cmpuint (r.height, ==, 1024);
  vigil_view_geometry_rect_in_view (&g, &r, &x, &y, &w, &h);
  g_assert_cmpfloat_with_epsilon (x, 100, 1e-9);
  g_assert_cmpfloat_with_epsilon (y, 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (w, 900, 1e-9);
  g_assert_cmpfloat_with_epsilon (h, 900, 1e-9);

  /* Panning a fitted picture does nothing. */
  vigil_view_geometry_pan (&g, 50, 50);
  g_assert_cmpfloat (g.zoom, ==, 0);
}

static void
test_one_to_one (void)
{
  VigilViewGeometry g = { 1024, 1024, { 0, FALSE, FALSE }, 600, 400, 1.0, 512, 512 };
  VigilPixelRect r;
  guint x, y;

  /* 1:1 about the centre: the middle 600×400 pixels. */
  g_assert_true (vigil_view_geometry_visible (&g, &r));
  g_assert_cmpuint (r.x, ==, 212);
  g_assert_cmpuint (r.y, ==, 312);
  g_assert_cmpuint (r.width, ==, 600);
  g_assert_cmpuint (r.height, ==, 400);
  g_assert_true (vigil_view_geometry_pixel_at (&g, 300.5, 200.5, &x, &y));
  g_assert_cmpuint (x, ==, 512);
  g_assert_cmpuint (y, ==, 512);

  /* Pan right by 100 pixels: the picture moves right, frame x - 100 shows. */
  vigil_view_geometry_pan (&g, 100, 0);
  g_assert_true (vigil_view_geometry_visible (&g, &r));
  g_assert_cmpuint (r.x, ==, 112);
  g_assert_true (vigil_view_geometry_pixel_at (&g, 300.5, 200.5, &x, &y));
  g_assert_cmpuint (x, ==, 412);

  /* Panning stops at the frame's edge. */
  vigil_view_geometry_pan (&g, 10000, -10000);
  g_assert_true (vigil_view_geometry_visible (&g, &r));
  g_assert_cmpuint (r.x, ==, 0);
  g_assert_cmpuint (r.y, ==, 1024 - 400);
  g_assert_cmpuint (r.width, ==, 600);
  g_assert_cmpuint (r.height, ==, 400);

  /* Turned 90°: the visible raw region is 400 wide and 600 tall. */
  g.orientation.quarter_turns = 1;
  g.center_x = g.center_y = 512;
  g_assert_true (vigil_view_geometry_visible (&g, &r));
  g_assert_cmpuint (r.width, ==, 400);
  g_assert_cmpuint (r.height, ==, 600);
  g_assert_cmpuint (r.x, ==, 312);
  g_assert_cmpuint (r.y, ==, 212);
}

static void
test_zoom_at (void)
{
  VigilViewGeometry g = { 1024, 768, { 1, TRUE, FALSE }, 800, 600, 0, 0, 0 };
  double before_x, before_y, after_x, after_y;

  vigil_view_geometry_view_to_raw (&g, 250, 130, &before_x, &before_y);
  vigil_view_geometry_zoom_at (&g, 4.0, 250, 130);
  vigil_view_geometry_view_to_raw (&g, 250, 130, &after_x, &after_y);
  g_assert_cmpfloat_with_epsilon (after_x, before_x, 1e-6);
  g_assert_cmpfloat_with_epsilon (after_y, before_y, 1e-6);
  g_assert_cmpfloat (vigil_view_geometry_scale (&g), ==, 4.0);

  /* Out of range zooms are held at the limits. */
  vigil_view_geometry_zoom_at (&g, 1000, 400, 300);
  g_assert_cmpfloat (vigil_view_geometry_scale (&g), ==, VIGIL_VIEW_ZOOM_MAX);
  vigil_view_geometry_zoom_at (&g, 1e-6, 400, 300);
  g_assert_cmpfloat (vigil_view_geometry_scale (&g), ==, VIGIL_VIEW_ZOOM_MIN);

  /* Round trip raw → view → raw anywhere. */
  vigil_view_geometry_zoom_at (&g, 2.5, 100, 100);
  for (double x = 0; x < 1024; x += 97.25)
    for (double y = 0; y < 768; y += 61.5)
      {
        double vx, vy, rx, ry;

        vigil_view_geometry_raw_to_view (&g, x, y, &vx, &vy);
        vigil_view_geometry_view_to_raw (&g, vx, vy, &rx, &ry);
        g_assert_cmpfloat_with_epsilon (rx, x, 1e-6);
        g_assert_cmpfloat_with_epsilon (ry, y, 1e-6);
      }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/view-geometry/orientations", test_orientations);
  g_test_add_func ("/vigil/view-geometry/view-readout", test_view_readout);
  g_test_add_func ("/vigil/view-geometry/fit", test_fit);
  g_test_add_func ("/vigil/view-geometry/one-to-one", test_one_to_one);
  g_test_add_func ("/vigil/view-geometry/zoom-at", test_zoom_at);

  return g_test_run ();
}
