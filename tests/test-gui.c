/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>

#include <gio/gio.h>
#include <gtk/gtk.h>

#include "gui-app.h"

/* Drives a real `vigil --simulate` over D-Bus, as a person's desktop would.
 * Runs inside isolate.sh --gui: its own network namespace, Xvfb and session
 * bus.  Results are read back from files the app wrote. */

typedef struct
{
  GuiApp *app;
  guint   n_shots;
} Fixture;

/* Takes a screenshot through app.screenshot and loads it. */
static GdkTexture *
screenshot (Fixture *fixture)
{
  g_autofree char *path = g_strdup_printf ("%s/shot-%u.png", fixture->app->tmpdir, fixture->n_shots++);
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  GdkTexture *texture;

  /* Until the window is mapped the app answers with an error in words and
   * writes nothing: try again. */
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
  return texture;
}

/* Whether the centre of two screenshots (the picture area) differs. */
static gboolean
centre_differs (GdkTexture *a,
                GdkTexture *b)
{
  int w = gdk_texture_get_width (a);
  int h = gdk_texture_get_height (a);
  gsize stride = (gsize) w * 4;
  g_autofree guchar *pa = g_malloc (stride * h);
  g_autofree guchar *pb = g_malloc (stride * h);

  g_assert_cmpint (gdk_texture_get_width (b), ==, w);
  g_assert_cmpint (gdk_texture_get_height (b), ==, h);
  gdk_texture_download (a, pa, stride);
  gdk_texture_download (b, pb, stride);

  for (int y = h / 4; y < 3 * h / 4; y++)
    if (memcmp (pa + y * stride + (w / 4) * 4, pb + y * stride + (w / 4) * 4, (gsize) (w / 2) * 4) != 0)
      return TRUE;
  return FALSE;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->app = gui_app_new ("vigil-gui-XXXXXX");
  gui_app_launch (fixture->app, NULL);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_pointer (&fixture->app, gui_app_free);
}

/* Waits for the picture to move: two screenshots apart differ in the centre. */
static void
assert_picture_moves (Fixture *fixture)
{
  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(GdkTexture) a = screenshot (fixture);
      g_autoptr(GdkTexture) b = NULL;

      g_usleep (300 * 1000);
      b = screenshot (fixture);
      if (centre_differs (a, b))
        return;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
}

static gint64
list_round_trip_us (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  gint64 start = g_get_monotonic_time ();

  reply = gui_app_call (fixture->app, GUI_APP_OBJECT_PATH, "List", NULL, "(as)", &error);
  g_assert_no_error (error);
  return g_get_monotonic_time () - start;
}

/* Quits through app.quit: Vigil ends within @timeout_us with status 0. */
static void
assert_quits (Fixture    *fixture,
              gint64      timeout_us,
              const char *what)
{
  gint64 quit_start = g_get_monotonic_time ();

  gui_app_activate (fixture->app, "quit", NULL);
  gui_app_wait_exit (fixture->app, timeout_us);
  g_test_message ("%s took %" G_GINT64_FORMAT " ms", what, (g_get_monotonic_time () - quit_start) / 1000);
  g_assert_true (g_subprocess_get_if_exited (fixture->app->vigil));
  g_assert_cmpint (g_subprocess_get_exit_status (fixture->app->vigil), ==, 0);
}

static void
test_stream_and_quit (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) list = NULL;
  g_autofree const char **actions = NULL;
  GPid vigil_pid = gui_app_pid (fixture->app);
  GPid camera_pid;
  gint64 worst = 0;

  list = gui_app_call (fixture->app, GUI_APP_OBJECT_PATH, "List", NULL, "(as)", &error);
  g_assert_no_error (error);
  g_variant_get (list, "(^a&s)", &actions);
  g_assert_true (g_strv_contains (actions, "quit"));
  g_assert_true (g_strv_contains (actions, "screenshot"));
  g_assert_true (g_strv_contains (actions, "simulate"));

  assert_picture_moves (fixture);

  camera_pid = gui_find_child (vigil_pid, "arv-fake-gv");
  g_assert_cmpint (camera_pid, >, 0);

  /* Frozen camera: no camera call runs on the main thread, so the window
   * still answers at once and still draws. */
  g_assert_cmpint (kill (camera_pid, SIGSTOP), ==, 0);
  for (guint i = 0; i < 10; i++)
    {
      gint64 us;

      g_usleep (100 * 1000);
      us = list_round_trip_us (fixture);
      worst = MAX (worst, us);
      g_assert_cmpint (us, <, 100 * 1000);
    }
  {
    g_autoptr(GdkTexture) frozen = screenshot (fixture);
    g_assert_nonnull (frozen);
  }
  g_test_message ("org.gtk.Actions.List while frozen: worst of 10 round trips %" G_GINT64_FORMAT " µs", worst);
  g_assert_cmpint (kill (camera_pid, SIGCONT), ==, 0);

  assert_quits (fixture, 5 * G_USEC_PER_SEC, "quit");

  /* The simulated camera went with it: no process and no zombie. */
  gui_assert_gone (camera_pid, G_USEC_PER_SEC);
}

/* A SIGKILLed Vigil takes its simulated camera with it (parent-death signal). */
static void
test_killed_leaves_no_child (Fixture       *fixture,
                             gconstpointer  data)
{
  GPid vigil_pid = gui_app_pid (fixture->app);
  GPid camera_pid = 0;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while ((camera_pid = gui_find_child (vigil_pid, "arv-fake-gv")) == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50 * 1000);
    }

  g_subprocess_force_exit (fixture->app->vigil);
  g_subprocess_wait (fixture->app->vigil, NULL, NULL);

  gui_assert_gone (camera_pid, 2 * G_USEC_PER_SEC);
}

/* Quitting while an open is blocked on a frozen camera: the process still
 * ends within 8 s, with nothing left running. */
static void
test_quit_while_frozen (Fixture       *fixture,
                        gconstpointer  data)
{
  GPid vigil_pid = gui_app_pid (fixture->app);
  GPid camera_pid;

  assert_picture_moves (fixture);
  camera_pid = gui_find_child (vigil_pid, "arv-fake-gv");
  g_assert_cmpint (camera_pid, >, 0);

  gui_app_activate (fixture->app, "simulate", g_variant_new_string ("freeze"));
  /* The watchdog notices within half a second; then the reconnect attempt
   * blocks in Aravis (2.5 s per register access on a frozen camera). */
  g_usleep (1500 * 1000);
  g_assert_cmpint (list_round_trip_us (fixture), <, 100 * 1000);

  assert_quits (fixture, 8 * G_USEC_PER_SEC, "quit with a frozen camera");
  gui_assert_gone (camera_pid, G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  if (!gui_test_init (&argc, &argv))
    return 77;

  g_test_add ("/vigil/gui/stream-and-quit", Fixture, NULL, fixture_setup, test_stream_and_quit, fixture_teardown);
  g_test_add ("/vigil/gui/quit-while-frozen", Fixture, NULL, fixture_setup, test_quit_while_frozen, fixture_teardown);
  g_test_add ("/vigil/gui/killed-leaves-no-child", Fixture, NULL, fixture_setup, test_killed_leaves_no_child, fixture_teardown);

  return g_test_run ();
}
