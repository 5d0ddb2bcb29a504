/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "gui-app.h"

/* `vigil --feature NAME=VALUE` (repeatable) and app.set-feature for any
 * feature (issue 18): written at every open before acquisition, each one
 * an event in the log file; after an unplug and replug they are written
 * again.  Runs inside isolate.sh --gui. */

/* A --feature that is not NAME=VALUE ends Vigil with status 2 and words. */
static void
test_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  const char *binary = g_getenv ("VIGIL_BINARY");
  g_autoptr(GSubprocess) vigil = NULL;

  g_assert_nonnull (binary);
  vigil = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                            binary, "--simulate", "--feature", "=7", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (vigil, NULL, NULL, NULL, &err, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (vigil), ==, 2);
  g_assert_nonnull (strstr (err, "--feature"));
}

static void
test_every_open (void)
{
  g_autoptr(GuiApp) app = gui_app_new ("vigil-gui-feature-cli-XXXXXX");
  g_autofree char *log = g_build_filename (app->tmpdir, "events.jsonl", NULL);

  gui_app_launch (app, "--log-file", log, "--feature", "GainRaw=7", "--feature", "TestRegister=0x55",
                  "--feature", "TriggerMode=Off", NULL);
  gui_wait_events (log, "replay GainRaw=7", 1, 30);
  gui_wait_events (log, "replay TestRegister=0x55", 1, 10);
  gui_wait_events (log, "replay TriggerMode=Off", 1, 10);
  /* The camera took them: no error event names them. */
  g_assert_cmpuint (gui_count_events (log, "Could not"), ==, 0);

  /* Any feature by D-Bus, remembered for the next session too. */
  gui_app_activate (app, "set-feature", g_variant_new_string ("BinningHorizontal=1"));
  /* The write is a job on the session worker: let it reach the camera
   * before the camera goes. */
  g_usleep (1500 * 1000);
  gui_app_activate (app, "simulate", g_variant_new_string ("unplug"));
  g_usleep (500 * 1000);
  gui_app_activate (app, "simulate", g_variant_new_string ("replug"));
  gui_wait_events (log, "replay GainRaw=7", 2, 60);
  gui_wait_events (log, "replay TestRegister=0x55", 2, 10);
  gui_wait_events (log, "replay BinningHorizontal=1", 1, 10);
}

/* The last "banner: " debug line of @path, or NULL. */
static char *
last_banner (const char *path)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  char *last = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *at = strstr (lines[i], "banner: ");

      if (at != NULL)
        {
          g_free (last);
          last = g_strdup (at + strlen ("banner: "));
        }
    }
  return last;
}

/* A setting the camera refuses when it is written again at an open is
 * named in the banner once the stream runs, at every open, and the
 * banner stays (a reconnect's banner goes when the stream is back). */
static void
test_refusal_banner (void)
{
  g_autoptr(GuiApp) app = gui_app_new ("vigil-gui-feature-cli-XXXXXX");
  g_autofree char *log = g_build_filename (app->tmpdir, "events.jsonl", NULL);
  g_autofree char *debug_domains = g_strdup (g_getenv ("G_MESSAGES_DEBUG"));
  g_autofree char *banner = NULL;

  app->output_path = g_build_filename (app->tmpdir, "output.log", NULL);
  g_setenv ("G_MESSAGES_DEBUG", "vigil-banner", TRUE);
  gui_app_launch (app, "--log-file", log, "--feature", "GainRaw=7", "--feature", "NoSuchFeature=3", NULL);
  if (debug_domains != NULL)
    g_setenv ("G_MESSAGES_DEBUG", debug_domains, TRUE);
  else
    g_unsetenv ("G_MESSAGES_DEBUG");

  gui_wait_events (log, "replay NoSuchFeature=3", 1, 30);
  gui_wait_events (log, "\"OpenDone\"", 1, 30);
  /* The banner said it after the stream started, and still does. */
  g_usleep (2 * G_USEC_PER_SEC);
  banner = last_banner (app->output_path);
  g_test_message ("banner: %s", banner ? banner : "(none)");
  g_assert_nonnull (banner);
  g_assert_nonnull (strstr (banner, "NoSuchFeature=3"));
  g_assert_null (strstr (banner, "GainRaw"));
  g_assert_null (strstr (banner, "(hidden)"));

  /* And again after a reconnect. */
  gui_app_activate (app, "simulate", g_variant_new_string ("unplug"));
  g_usleep (500 * 1000);
  gui_app_activate (app, "simulate", g_variant_new_string ("replug"));
  gui_wait_events (log, "replay NoSuchFeature=3", 2, 60);
  for (gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;; g_usleep (200 * 1000))
    {
      g_autofree char *contents = NULL;
      guint said = 0;

      g_assert_true (g_file_get_contents (app->output_path, &contents, NULL, NULL));
      for (const char *at = contents; (at = strstr (at, "refused 1 setting")) != NULL; at++)
        said++;
      if (said >= 2)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
}

int
main (int   argc,
      char *argv[])
{
  if (!gui_test_init (&argc, &argv))
    return 77;

  g_test_add_func ("/vigil/gui-feature-cli/refused", test_refused);
  g_test_add_func ("/vigil/gui-feature-cli/every-open", test_every_open);
  g_test_add_func ("/vigil/gui-feature-cli/refusal-banner", test_refusal_banner);
  return g_test_run ();
}
