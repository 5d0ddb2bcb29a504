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

int
main (int   argc,
      char *argv[])
{
  if (!gui_test_init (&argc, &argv))
    return 77;

  g_test_add_func ("/vigil/gui-feature-cli/refused", test_refused);
  g_test_add_func ("/vigil/gui-feature-cli/every-open", test_every_open);
  return g_test_run ();
}
