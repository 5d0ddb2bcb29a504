/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "gui-app.h"

/* `vigil --simulate` under the test preload library (VIGIL_LEAK_PRELOAD,
 * tests/leak-preload.c) leaking a dup of the GVCP socket in every device
 * open: after 20 unplug/replug cycles from the Simulate menu (over D-Bus)
 * the exported snapshot names the phase and the kind, and the verdict is
 * LEAK.  Runs inside isolate.sh --gui. */

#define N_CYCLES 20

static JsonNode *
export (GuiApp     *app,
        const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  gui_app_activate (app, "export-snapshot", g_variant_new_string (path));
  while (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
test_planted_udp (void)
{
  g_autoptr(GuiApp) app = NULL;
  g_autofree char *log_path = NULL;
  g_autofree char *snapshot = NULL;
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(GError) error = NULL;
  const char *preload = g_getenv ("VIGIL_LEAK_PRELOAD");
  JsonObject *root, *orphans, *top, *verdict;
  gint64 start = g_get_monotonic_time ();

  g_assert_nonnull (preload);
  g_setenv ("LD_PRELOAD", preload, TRUE);          /* for the app only: this process is running */
  g_setenv ("VIGIL_TEST_LEAK", "udp", TRUE);
  app = gui_app_new ("vigil-gui-orphans-XXXXXX");
  log_path = g_build_filename (app->tmpdir, "events.jsonl", NULL);
  snapshot = g_build_filename (app->tmpdir, "snapshot.json", NULL);
  gui_app_launch (app, "--log-file", log_path, NULL);
  g_unsetenv ("LD_PRELOAD");
  g_unsetenv ("VIGIL_TEST_LEAK");
  gui_wait_events (log_path, "\"phase\":\"FirstFrame\"", 1, 20);

  for (guint i = 1; i <= N_CYCLES; i++)
    {
      guint starts = gui_count_events (log_path, "\"phase\":\"ReconnectStart\"");

      gui_app_activate (app, "simulate", g_variant_new_string ("unplug"));
      gui_wait_events (log_path, "\"phase\":\"ReconnectStart\"", starts + 1, 20);
      gui_app_activate (app, "simulate", g_variant_new_string ("replug"));
      gui_wait_events (log_path, "\"phase\":\"ReconnectDone\"", i, 30);
    }
  g_test_message ("%u unplug/replug cycles in %.1f s", N_CYCLES,
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);

  document = export (app, snapshot);
  root = json_node_get_object (document);
  orphans = json_object_get_object_member (root, "orphans");
  top = json_array_get_object_element (json_object_get_array_member (orphans, "groups"), 0);
  g_test_message ("top orphans: %s", json_object_get_string_member (top, "text"));
  g_assert_true (json_object_get_boolean_member (top, "leak"));
  g_assert_cmpstr (json_object_get_string_member (top, "phase"), ==, "DeviceOpened");
  g_assert_cmpstr (json_object_get_string_member (top, "kind"), ==, "UDP socket");
  g_assert_cmpstr (json_object_get_string_member (top, "what"), ==, "UDP socket to :3956");
  /* Sessions of a dead camera close one after another (7.5 s each): the
   * later ones are judged when they have. */
  g_assert_cmpint (json_object_get_int_member (orphans, "leaked_fds"), >=, 3);
  verdict = json_object_get_object_member (root, "verdict");
  g_assert_cmpstr (json_object_get_string_member (verdict, "status"), ==, "LEAK");

  gui_app_activate (app, "quit", NULL);
  g_subprocess_wait (app->vigil, NULL, &error);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  if (!gui_test_init (&argc, &argv))
    return 77;

  g_test_add_func ("/vigil/gui-orphans/planted-udp", test_planted_udp);

  return g_test_run ();
}
