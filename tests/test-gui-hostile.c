/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gtk/gtk.h>

#include "gui-app.h"

/* Vigil fed hostile text (issue 16, item 1): very long strings through the
 * D-Bus actions and --camera.  The app stays alive and answers, and the
 * window never grows past the screen (isolate.sh's Xvfb: 1600x1000) nor
 * stays grown.  Run inside isolate.sh --gui. */

#define SCREEN_WIDTH  1600
#define SCREEN_HEIGHT 1000

typedef struct
{
  GuiApp *app;
  guint   n_shots;
} Fixture;

/* The window's size, read from a screenshot of it (app.screenshot). */
static void
window_size (Fixture *fixture,
             int     *width,
             int     *height)
{
  g_autofree char *path = g_strdup_printf ("%s/shot-%u.png", fixture->app->tmpdir, fixture->n_shots++);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  for (;;)
    {
      gui_app_activate (fixture->app, "screenshot", g_variant_new_string (path));
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (100 * 1000);
    }
  texture = gdk_texture_new_from_filename (path, &error);
  g_assert_no_error (error);
  *width = gdk_texture_get_width (texture);
  *height = gdk_texture_get_height (texture);
}

/* Alive, answering within a generous bound (CI is loaded), and on screen. */
static int
assert_alive_on_screen (Fixture    *fixture,
                        const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  gint64 start;
  gint64 round_trip;
  int width = 0, height = 0;

  window_size (fixture, &width, &height);
  start = g_get_monotonic_time ();
  reply = gui_app_call (fixture->app, GUI_APP_OBJECT_PATH, "List", NULL, "(as)", &error);
  g_assert_no_error (error);
  round_trip = g_get_monotonic_time () - start;
  g_test_message ("%s: D-Bus round trip %.1f ms, window %dx%d", what, round_trip / 1000.0, width, height);
  g_assert_cmpint (round_trip, <, 2 * G_USEC_PER_SEC);   /* issue: under 100 ms; CI is loaded */
  g_assert_cmpint (width, <=, SCREEN_WIDTH);
  g_assert_cmpint (height, <=, SCREEN_HEIGHT);
  g_assert_nonnull (g_subprocess_get_identifier (fixture->app->vigil));    /* still running */
  return width;
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->app->vigil != NULL && g_subprocess_get_identifier (fixture->app->vigil) != NULL)
    {
      gui_app_activate (fixture->app, "quit", NULL);
      gui_app_wait_exit (fixture->app, 10 * G_USEC_PER_SEC);
    }
  g_clear_pointer (&fixture->app, gui_app_free);
}

static void
test_long_action_text (Fixture       *fixture,
                       gconstpointer  data)
{
  static const struct { const char *action; const char *format; guint length; } cases[] = {
    { "arm-fault", "%s", 3000 },
    { "arm-fault", "%s", 5000 },
    { "simulate", "%s", 5000 },
    { "arm-fault", "open.device=%s", 5000 },
    { "simulate", "loss:%s", 5000 },
    { "arm-fault", "%s", 10240 },
  };
  int initial;

  fixture->app = gui_app_new ("vigil-hostile-XXXXXX");
  gui_app_launch (fixture->app, NULL);
  initial = assert_alive_on_screen (fixture, "start");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *filler = g_strnfill (cases[i].length, 'A');
      g_autofree char *text = g_strdup_printf (cases[i].format, filler);
      g_autofree char *what = g_strdup_printf ("%s with %u characters", cases[i].action, cases[i].length);

      gui_app_activate (fixture->app, cases[i].action, g_variant_new_string (text));
      g_usleep (300 * 1000);
      /* Never wider than it was: a long message wraps or is cut, it does
       * not push the window. */
      g_assert_cmpint (assert_alive_on_screen (fixture, what), ==, initial);
    }
}

static void
test_long_camera_id (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *camera = g_strnfill (5120, 'A');

  fixture->app = gui_app_new ("vigil-hostile-XXXXXX");
  gui_app_launch_camera (fixture->app, camera);
  g_usleep (1500 * 1000);                   /* the open fails and is retried */
  assert_alive_on_screen (fixture, "--camera with 5120 characters");
  g_usleep (1500 * 1000);
  assert_alive_on_screen (fixture, "--camera with 5120 characters, later");
}

int
main (int   argc,
      char *argv[])
{
  if (!gui_test_init (&argc, &argv))
    return 77;

  g_test_add ("/vigil/gui-hostile/long-action-text", Fixture, NULL, NULL, test_long_action_text, fixture_teardown);
  g_test_add ("/vigil/gui-hostile/long-camera-id", Fixture, NULL, NULL, test_long_camera_id, fixture_teardown);

  return g_test_run ();
}
