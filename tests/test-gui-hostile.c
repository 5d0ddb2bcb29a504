/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "gui-app.h"

/* Vigil fed hostile input (issue 16): very long strings through the D-Bus
 * actions and --camera (item 1): the app stays alive and answers, and the
 * window never grows past the screen (isolate.sh's Xvfb: 1600x1000) nor
 * stays grown.  And what it says back (item 8): one attempt number in the
 * overlay and the banner, screenshot errors with their reason, relative
 * snapshot paths inside the snapshot folder.  Run inside isolate.sh --gui. */

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

/* Launches with stdout and stderr to a file (and @env_name=@env_value for the app). */
static void
launch_logged (Fixture    *fixture,
               const char *env_name,
               const char *env_value,
               const char *first_arg,
               ...)
{
  g_autofree char *debug_domains = g_strdup (g_getenv ("G_MESSAGES_DEBUG"));
  const char *args[8] = { NULL };
  va_list ap;
  guint n = 0;

  fixture->app = gui_app_new ("vigil-hostile-XXXXXX");
  fixture->app->output_path = g_build_filename (fixture->app->tmpdir, "output.log", NULL);
  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL && n < G_N_ELEMENTS (args) - 1; arg = va_arg (ap, const char *))
    args[n++] = arg;
  va_end (ap);

  g_setenv ("G_MESSAGES_DEBUG", "vigil-window vigil-banner", TRUE);
  if (env_name != NULL)
    g_setenv (env_name, env_value, TRUE);
  gui_app_launch (fixture->app, args[0], args[1], args[2], args[3], args[4], args[5], args[6], NULL);
  if (env_name != NULL)
    g_unsetenv (env_name);
  if (debug_domains != NULL)
    g_setenv ("G_MESSAGES_DEBUG", debug_domains, TRUE);
  else
    g_unsetenv ("G_MESSAGES_DEBUG");
}

static char *
read_output (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (fixture->app->output_path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/* The attempt number in the last line of @log that contains @prefix; -1
 * when there is none. */
static int
last_attempt (const char *log,
              const char *prefix)
{
  g_auto(GStrv) lines = g_strsplit (log, "\n", -1);
  g_autoptr(GRegex) regex = g_regex_new ("\\(attempt ([0-9]+)\\)", 0, 0, NULL);
  int attempt = -1;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GMatchInfo) match = NULL;

      if (strstr (lines[i], prefix) != NULL && g_regex_match (regex, lines[i], 0, &match))
        {
          g_autofree char *number = g_match_info_fetch (match, 1);

          attempt = atoi (number);
        }
    }
  return attempt;
}

/* Opens keep failing (open.device armed for good): the overlay over the
 * picture and the banner name the same attempt, every time. */
static void
test_one_attempt_number (Fixture       *fixture,
                         gconstpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  g_autofree char *log = NULL;

  launch_logged (fixture, "VIGIL_FAULTS", "open.device=persistent", NULL);
  for (;;)
    {
      g_free (log);
      log = read_output (fixture);
      if (last_attempt (log, "banner:") >= 4)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (200 * 1000);
    }
  g_test_message ("banner at attempt %d, overlay at attempt %d",
                  last_attempt (log, "banner:"), last_attempt (log, "overlay:"));
  g_assert_cmpint (last_attempt (log, "overlay:"), ==, last_attempt (log, "banner:"));
  assert_alive_on_screen (fixture, "after four failed opens");
}

/* A screenshot that cannot be written says why. */
static void
test_screenshot_error_says_why (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *missing = NULL;
  g_autofree char *log = NULL;
  gint64 deadline;
  int width, height;

  launch_logged (fixture, NULL, NULL, NULL);
  window_size (fixture, &width, &height);       /* the window is shown */
  missing = g_build_filename (fixture->app->tmpdir, "no-such-folder", "shot.png", NULL);
  gui_app_activate (fixture->app, "screenshot", g_variant_new_string (missing));
  /* The screenshot waits for a frame that can be drawn: poll for its word. */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  do
    {
      g_usleep (100 * 1000);
      g_free (log);
      log = read_output (fixture);
    }
  while (strstr (log, "Could not write the picture") == NULL && g_get_monotonic_time () < deadline);
  g_test_message ("%s", log);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_assert_nonnull (strstr (log, "Could not write the picture"));
  g_assert_nonnull (strstr (log, g_strerror (ENOENT)));
}

/* export-snapshot with a relative path writes into the snapshot folder,
 * never into the working directory; ".." is refused. */
static void
test_relative_snapshot_path (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *name = g_strdup_printf ("vigil-relative-%d.json", (int) getpid ());
  g_autofree char *folder = NULL;
  g_autofree char *inside = NULL;
  g_autofree char *cwd_file = NULL;
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *escaped = NULL;
  g_autofree char *escape = NULL;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  fixture->app = gui_app_new ("vigil-hostile-XXXXXX");
  folder = g_build_filename (fixture->app->tmpdir, "snapshots", NULL);
  gui_app_launch (fixture->app, "--snapshot-dir", folder, NULL);
  inside = g_build_filename (folder, name, NULL);
  cwd_file = g_build_filename (cwd, name, NULL);

  gui_app_activate (fixture->app, "export-snapshot", g_variant_new_string (name));
  while (!g_file_test (inside, G_FILE_TEST_EXISTS) && !g_file_test (cwd_file, G_FILE_TEST_EXISTS))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (100 * 1000);
    }
  if (g_file_test (cwd_file, G_FILE_TEST_EXISTS))
    g_unlink (cwd_file);                        /* main wrote it here: clean up, then fail */
  g_assert_true (g_file_test (inside, G_FILE_TEST_EXISTS));

  escape = g_strdup_printf ("../%s", name);
  escaped = g_build_filename (fixture->app->tmpdir, name, NULL);
  gui_app_activate (fixture->app, "export-snapshot", g_variant_new_string (escape));
  g_usleep (1000 * 1000);
  g_assert_false (g_file_test (escaped, G_FILE_TEST_EXISTS));
  assert_alive_on_screen (fixture, "after the relative exports");
}

/* "loss: 5" (a space) and "loss:+5" are refused in words; "loss:5" is taken. */
static void
test_loss_with_space_refused (Fixture       *fixture,
                              gconstpointer  data)
{
  static const char * const refused[] = { "loss: 5", "loss:+5", "loss:5 ", "loss:-0", "loss:1001" };
  g_autofree char *log = NULL;
  int width, height;

  launch_logged (fixture, NULL, NULL, NULL);
  window_size (fixture, &width, &height);
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    gui_app_activate (fixture->app, "simulate", g_variant_new_string (refused[i]));
  gui_app_activate (fixture->app, "simulate", g_variant_new_string ("loss:5"));
  gui_app_activate (fixture->app, "simulate", g_variant_new_string ("loss:0"));
  g_usleep (500 * 1000);
  log = read_output (fixture);
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *words = g_strdup_printf ("Unknown simulation “%s”", refused[i]);

      g_assert_nonnull (strstr (log, words));
    }
  g_assert_null (strstr (log, "Unknown simulation “loss:5”"));
  g_assert_null (strstr (log, "Unknown simulation “loss:0”"));
}

int
main (int   argc,
      char *argv[])
{
  if (!gui_test_init (&argc, &argv))
    return 77;

  g_test_add ("/vigil/gui-hostile/long-action-text", Fixture, NULL, NULL, test_long_action_text, fixture_teardown);
  g_test_add ("/vigil/gui-hostile/long-camera-id", Fixture, NULL, NULL, test_long_camera_id, fixture_teardown);
  g_test_add ("/vigil/gui-hostile/one-attempt-number", Fixture, NULL, NULL, test_one_attempt_number, fixture_teardown);
  g_test_add ("/vigil/gui-hostile/screenshot-error-says-why", Fixture, NULL, NULL,
              test_screenshot_error_says_why, fixture_teardown);
  g_test_add ("/vigil/gui-hostile/loss-with-space-refused", Fixture, NULL, NULL,
              test_loss_with_space_refused, fixture_teardown);
  g_test_add ("/vigil/gui-hostile/relative-snapshot-path", Fixture, NULL, NULL,
              test_relative_snapshot_path, fixture_teardown);

  return g_test_run ();
}
