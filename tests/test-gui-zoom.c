/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>

#include <gio/gio.h>
#include <gtk/gtk.h>

#include "gui-app.h"

/* 1:1 and pan on a 1024×1024 simulated camera in a window smaller than the
 * frame, checked on screenshots against the simulator's own pattern:
 * arv-fake-gv-camera sends a diagonal ramp, pixel (x, y) of frame n being
 * (x + y + n) mod 255, so a picture shown at exactly 1:1 steps by 1 (mod
 * 255) from every pixel to its right and to the one below, whatever n is;
 * a scaled picture does not.  Runs inside isolate.sh --gui. */

#define WINDOW_PATH GUI_APP_OBJECT_PATH "/window/1"
#define SCROLLBAR_MARGIN 24

typedef struct
{
  int     width;
  int     height;
  guint8 *pixels;   /* RGBA */
} Shot;

static void
shot_free (Shot *shot)
{
  g_free (shot->pixels);
  g_free (shot);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Shot, shot_free)

static void
activate_window (GuiApp     *app,
                 const char *action,
                 GVariant   *parameter)
{
  g_autoptr(GVariantBuilder) params = g_variant_builder_new (G_VARIANT_TYPE ("av"));
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  if (parameter != NULL)
    g_variant_builder_add (params, "v", parameter);
  reply = gui_app_call (app, WINDOW_PATH, "Activate", g_variant_new ("(sava{sv})", action, params, NULL),
                        NULL, &error);
  g_assert_no_error (error);
}

/* The view's geometry in words (the window's picture-geometry state), or
 * %NULL while the window is not on the bus yet. */
static char *
geometry (GuiApp *app)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = gui_app_call (app, WINDOW_PATH, "Describe", g_variant_new ("(s)", "picture-geometry"),
                                            "((bgav))", &error);
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GVariant) inner = NULL;

  if (reply == NULL)
    return NULL;
  g_variant_get (reply, "((bg@av))", NULL, NULL, &state);
  g_assert_cmpuint (g_variant_n_children (state), ==, 1);
  g_variant_get_child (state, 0, "v", &inner);
  return g_variant_dup_string (inner, NULL);
}

static Shot *
screenshot (GuiApp     *app,
            const char *name)
{
  g_autofree char *path = g_build_filename (app->tmpdir, name, NULL);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  Shot *shot;

  while (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      gui_app_activate (app, "screenshot", g_variant_new_string (path));
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        g_usleep (100 * 1000);
    }
  texture = gdk_texture_new_from_filename (path, &error);
  g_assert_no_error (error);
  /* VIGIL_KEEP_SHOTS=DIR keeps the screenshots for a look. */
  if (g_getenv ("VIGIL_KEEP_SHOTS") != NULL)
    {
      g_autofree char *kept = g_build_filename (g_getenv ("VIGIL_KEEP_SHOTS"), name, NULL);

      gdk_texture_save_to_png (texture, kept);
    }
  shot = g_new0 (Shot, 1);
  shot->width = gdk_texture_get_width (texture);
  shot->height = gdk_texture_get_height (texture);
  shot->pixels = g_malloc ((gsize) shot->width * shot->height * 4);
  gdk_texture_download (texture, shot->pixels, (gsize) shot->width * 4);
  return shot;
}

static const guint8 *
at (const Shot *shot,
    int         x,
    int         y)
{
  return shot->pixels + ((gsize) y * shot->width + x) * 4;
}

/* Grey, and one more (mod 255) than the pixels left of and above it. */
static gboolean
on_ramp (const Shot *shot,
         int         x,
         int         y)
{
  const guint8 *p = at (shot, x, y), *l = at (shot, x - 1, y), *u = at (shot, x, y - 1);

  return p[0] == p[1] && p[1] == p[2] &&
         (p[0] - l[0] + 255) % 255 == 1 && (p[0] - u[0] + 255) % 255 == 1;
}

/* The bounding box of the pixels on the ramp, and their share of it less
 * a margin at its right and bottom, where the scroll bars are drawn over
 * the picture. */
static double
ramp_box (const Shot *shot,
          int        *x0,
          int        *y0,
          int        *x1,
          int        *y1)
{
  guint64 n = 0, inside = 0;

  *x0 = *y0 = G_MAXINT;
  *x1 = *y1 = -1;
  for (int y = 1; y < shot->height; y++)
    for (int x = 1; x < shot->width; x++)
      if (on_ramp (shot, x, y))
        {
          *x0 = MIN (*x0, x);
          *y0 = MIN (*y0, y);
          *x1 = MAX (*x1, x);
          *y1 = MAX (*y1, y);
          n++;
        }
  if (n == 0 || *x1 - *x0 < 2 * SCROLLBAR_MARGIN || *y1 - *y0 < 2 * SCROLLBAR_MARGIN)
    return 0;
  for (int y = *y0; y <= *y1 - SCROLLBAR_MARGIN; y++)
    for (int x = *x0; x <= *x1 - SCROLLBAR_MARGIN; x++)
      inside += on_ramp (shot, x, y);
  return (double) inside / ((double) (*x1 - *x0 + 1 - SCROLLBAR_MARGIN) * (*y1 - *y0 + 1 - SCROLLBAR_MARGIN));
}

static void
wait_geometry (GuiApp     *app,
               const char *needle)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autofree char *text = geometry (app);

      if (text != NULL && strstr (text, needle) != NULL)
        return;
      if (g_get_monotonic_time () > deadline)
        g_error ("geometry never showed \"%s\": %s", needle, text);
      g_usleep (100 * 1000);
    }
}

static void
test_one_to_one_and_pan (void)
{
  g_autoptr(GuiApp) app = gui_app_new ("vigil-gui-zoom-XXXXXX");
  g_autoptr(Shot) fit = NULL, one = NULL, panned = NULL;
  g_autofree char *text = NULL;
  int x0, y0, x1, y1, px0, py0, px1, py1;
  guint view_w = 0, view_h = 0;
  double share;
  guint64 same = 0, compared = 0;

  if (g_getenv ("VIGIL_KEEP_SHOTS") != NULL)
    app->output_path = g_build_filename (g_getenv ("VIGIL_KEEP_SHOTS"), "vigil.log", NULL);
  gui_app_launch (app, NULL);
  wait_geometry (app, "frame ");
  gui_app_activate (app, "set-feature", g_variant_new_string ("Width=1024"));
  gui_app_activate (app, "set-feature", g_variant_new_string ("Height=1024"));
  wait_geometry (app, "frame 1024x1024");

  /* Fitted, the ramp is scaled: it does not step by 1. */
  g_usleep (G_USEC_PER_SEC);
  fit = screenshot (app, "fit.png");
  share = ramp_box (fit, &x0, &y0, &x1, &y1);
  g_test_message ("fit: %.3f of the box on a 1:1 ramp", share);
  g_assert_cmpfloat (share, <, 0.9);

  /* 1:1 about the frame's centre. */
  activate_window (app, "picture", g_variant_new_string ("one"));
  wait_geometry (app, "zoom 1.000 center 512.0,512.0");
  text = geometry (app);
  g_assert_nonnull (text);
  g_assert_cmpint (sscanf (strstr (text, "view "), "view %ux%u", &view_w, &view_h), ==, 2);
  g_assert_cmpuint (view_w, <, 1024);
  g_assert_cmpuint (view_h, <, 1024);

  /* Frames converted at 1:1 arrive; then the camera stops, so the next
   * two screenshots show one and the same frame (taken quickly: a frozen
   * camera is reconnected within seconds, and its banner may push the
   * picture down, so positions are taken relative to the ramp's box). */
  g_usleep (2 * G_USEC_PER_SEC);
  gui_app_activate (app, "simulate", g_variant_new_string ("freeze"));
  g_usleep (300 * 1000);
  one = screenshot (app, "one.png");

  /* Pan right by 100: the same frame moves 100 pixels right. */
  activate_window (app, "pan", g_variant_new ("(dd)", 100.0, 0.0));
  wait_geometry (app, "center 412.0,512.0");
  g_usleep (200 * 1000);
  panned = screenshot (app, "panned.png");

  share = ramp_box (one, &x0, &y0, &x1, &y1);
  g_test_message ("1:1: %.3f of %d×%d on the ramp, view %u×%u", share, x1 - x0 + 1, y1 - y0 + 1, view_w, view_h);
  g_assert_cmpfloat (share, >, 0.97);
  /* The whole view is frame at 1:1, but for the ramp's first row and
   * column and the scroll bars at the right and bottom. */
  g_assert_cmpint (x1 - x0 + 2, <=, (int) view_w);
  g_assert_cmpint (x1 - x0 + 2, >=, (int) view_w - SCROLLBAR_MARGIN);
  g_assert_cmpint (y1 - y0 + 2, <=, (int) view_h);
  g_assert_cmpint (y1 - y0 + 2, >=, (int) view_h - SCROLLBAR_MARGIN);

  ramp_box (panned, &px0, &py0, &px1, &py1);
  g_test_message ("panned: ramp from %d,%d (was %d,%d)", px0, py0, x0, y0);
  g_assert_cmpint (px0 - x0, >=, 98);
  g_assert_cmpint (px0 - x0, <=, 102);
  /* A banner may have pushed the view down and shortened it, which moves
   * the picture within it vertically: the best vertical offset is found. */
  for (int dy = -100; dy <= 100; dy++)
    {
      guint64 n = 0, hits = 0;

      for (int y = MAX (y0, y0 - dy); y <= MIN (y1 - SCROLLBAR_MARGIN, py1 - dy); y += 2)
        for (int x = x0 + 100; x <= x1 - SCROLLBAR_MARGIN; x += 2)
          {
            n++;
            hits += memcmp (at (panned, x, y + dy), at (one, x - 100, y), 3) == 0;
          }
      if (n > 0 && (double) hits / n > (compared ? (double) same / compared : -1))
        {
          same = hits;
          compared = n;
        }
    }
  g_test_message ("pan: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " pixels moved by 100", same, compared);
  g_assert_cmpuint (compared, >, 5000);
  /* A message over the picture may cover some of it (an unrelated
   * picture would match about 1 pixel in 255). */
  g_assert_cmpfloat ((double) same / compared, >, 0.5);

  gui_app_activate (app, "simulate", g_variant_new_string ("thaw"));
  gui_app_activate (app, "quit", NULL);
  gui_app_wait_exit (app, 20 * G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  if (!gui_test_init (&argc, &argv))
    return 77;

  g_test_add_func ("/vigil/gui-zoom/one-to-one-and-pan", test_one_to_one_and_pan);

  return g_test_run ();
}
