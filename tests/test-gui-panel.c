/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <gtk/gtk.h>

#include "gui-app.h"

/* Drives a real `vigil --simulate` over D-Bus with the diagnostics panel
 * shown: three unplug/replug cycles, then the leak demonstration with
 * callback.register failing persistently for a few reconnects.  The
 * reconnect figure the panel shows is read from the window action
 * "reconnects" (state t) on /io/github/vigilcam/Vigil/window/1 and must
 * equal the reconnects performed, counted as ReconnectStart events in the
 * JSON-lines log the app wrote.  Runs inside isolate.sh --gui. */

#define WINDOW_PATH "/io/github/vigilcam/Vigil/window/1"
#define N_CYCLES    3
#define N_FAILED    4

/* The reconnect figure the panel shows. */
static guint64
panel_reconnects (GuiApp *app)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GVariant) value = NULL;
  gboolean enabled;
  const char *type;

  reply = gui_app_call (app, WINDOW_PATH, "Describe", g_variant_new ("(s)", "reconnects"),
                        "((bgav))", &error);
  g_assert_no_error (error);
  g_variant_get (reply, "((b&g@av))", &enabled, &type, &state);
  g_assert_cmpuint (g_variant_n_children (state), ==, 1);
  value = g_variant_get_child_value (state, 0);
  {
    g_autoptr(GVariant) inner = g_variant_get_variant (value);

    return g_variant_get_uint64 (inner);
  }
}

/* Whether the image has more than a handful of distinct colours. */
static gboolean
is_blank (GdkTexture *texture)
{
  int w = gdk_texture_get_width (texture);
  int h = gdk_texture_get_height (texture);
  gsize stride = (gsize) w * 4;
  g_autofree guint32 *pixels = g_malloc (stride * h);
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);

  gdk_texture_download (texture, (guchar *) pixels, stride);
  for (gsize i = 0; i < (gsize) w * h && g_hash_table_size (colours) < 16; i += 7)
    g_hash_table_add (colours, GUINT_TO_POINTER (pixels[i]));
  return g_hash_table_size (colours) < 16;
}

static void
test_reconnects_and_leak (void)
{
  g_autoptr(GuiApp) app = gui_app_new ("vigil-gui-panel-XXXXXX");
  g_autofree char *log_path = g_build_filename (app->tmpdir, "events.jsonl", NULL);
  g_autofree char *shot = g_build_filename (app->tmpdir, "panel.png", NULL);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  guint64 shown = 0;
  guint performed = 0;
  gint64 deadline;

  gui_app_launch (app, "--log-file", log_path, NULL);
  gui_wait_events (log_path, "\"phase\":\"FirstFrame\"", 1, 20);

  for (guint i = 1; i <= N_CYCLES; i++)
    {
      guint starts = gui_count_events (log_path, "\"phase\":\"ReconnectStart\"");

      gui_app_activate (app, "simulate", g_variant_new_string ("unplug"));
      gui_wait_events (log_path, "\"phase\":\"ReconnectStart\"", starts + 1, 20);
      gui_app_activate (app, "simulate", g_variant_new_string ("replug"));
      gui_wait_events (log_path, "\"phase\":\"ReconnectDone\"", i, 30);
    }

  /* The leak demonstration: each failed reconnect leaves an eventfd. */
  gui_app_set_state (app, "leak-demo", g_variant_new_boolean (TRUE));
  gui_app_activate (app, "arm-fault", g_variant_new_string ("callback.register=persistent"));
  gui_app_activate (app, "simulate", g_variant_new_string ("control-lost"));
  gui_wait_events (log_path, "\"name\":\"callback.register#", N_FAILED, 60);
  gui_app_activate (app, "arm-fault", g_variant_new_string ("callback.register=off"));
  gui_wait_events (log_path, "\"phase\":\"ReconnectDone\"", N_CYCLES + 1, 60);

  /* The figure the panel shows equals the reconnects performed. */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  for (;;)
    {
      performed = gui_count_events (log_path, "\"phase\":\"ReconnectStart\"");
      shown = panel_reconnects (app);
      if (shown == performed)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (100 * 1000);
    }
  g_test_message ("reconnects performed %u, shown %" G_GUINT64_FORMAT, performed, shown);
  g_assert_cmpuint (shown, ==, performed);
  g_assert_cmpuint (performed, >=, N_CYCLES + N_FAILED);

  /* A screenshot of the window with the panel: written and not blank. */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!g_file_test (shot, G_FILE_TEST_EXISTS))
    {
      gui_app_activate (app, "screenshot", g_variant_new_string (shot));
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!g_file_test (shot, G_FILE_TEST_EXISTS))
        g_usleep (100 * 1000);
    }
  texture = gdk_texture_new_from_filename (shot, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), >, 400);
  g_assert_false (is_blank (texture));

  gui_app_activate (app, "quit", NULL);
  g_subprocess_wait (app->vigil, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (app->vigil));
  g_assert_cmpint (g_subprocess_get_exit_status (app->vigil), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  if (!gui_test_init (&argc, &argv))
    return 77;

  g_test_add_func ("/vigil/gui-panel/reconnects-and-leak", test_reconnects_and_leak);

  return g_test_run ();
}
