/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "gui-app.h"

/* The investigator's view (issue 22), on a real `vigil --simulate`: the
 * leak demonstration leaks an eventfd on 2 reconnects, a snapshot is
 * exported ("before"), 10 more leak, another is exported ("after").
 * `vigil --open after.json` (a second process: the command line goes to
 * the running Vigil) opens a read-only window whose state
 * (win.snapshot-summary on /io/github/vigilcam/Vigil/window/2) says LEAK,
 * shows steps in the fd chart and unpaired Event rows in the session
 * table; a screenshot of it is written; comparing with before.json names
 * Event/CallbackRegistered +10.  app.open-snapshot (File → Open Snapshot…
 * with a chosen file) and a file manager's D-Bus Open each open one more
 * window.  Then files that are not snapshots — JSON
 * of something else, a truncated snapshot, a 50 MB file, a sparse file
 * larger than 64 MiB, a folder — are refused in words and Vigil keeps
 * running.  Runs inside isolate.sh --gui. */

#define VIEWER_PATH "/io/github/vigilcam/Vigil/window/2"
#define N_BEFORE    2
#define N_LEAKS     10

/* One reconnect that fails at callback.register with the leak
 * demonstration on (an eventfd left open), then one that succeeds. */
static void
leaking_reconnect (GuiApp     *app,
                   const char *log_path)
{
  guint done = gui_count_events (log_path, "\"phase\":\"ReconnectDone\"");
  guint fired = gui_count_events (log_path, "\"name\":\"callback.register#");

  gui_app_activate (app, "arm-fault", g_variant_new_string ("callback.register=once"));
  gui_app_activate (app, "simulate", g_variant_new_string ("control-lost"));
  gui_wait_events (log_path, "\"name\":\"callback.register#", fired + 1, 30);
  gui_wait_events (log_path, "\"phase\":\"ReconnectDone\"", done + 1, 30);
}

static char *
export (GuiApp     *app,
        const char *name)
{
  char *path = g_build_filename (app->tmpdir, name, NULL);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  gui_app_activate (app, "export-snapshot", g_variant_new_string (path));
  while (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
  return path;
}

/* Runs `$VIGIL_BINARY --open @path` next to the running Vigil; returns its
 * exit status and its standard error in @err. */
static int
open_file (const char  *path,
           char       **err)
{
  const char *argv[] = { g_getenv ("VIGIL_BINARY"), "--open", path, NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDERR_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

/* The viewer window's win.snapshot-summary state; NULL while there is no
 * such window. */
static GVariantDict *
viewer_summary (GuiApp *app)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GVariant) boxed = NULL;
  g_autoptr(GVariant) value = NULL;
  gboolean enabled;
  const char *type;

  reply = gui_app_call (app, VIEWER_PATH, "Describe", g_variant_new ("(s)", "snapshot-summary"), "((bgav))", &error);
  if (reply == NULL)
    return NULL;
  g_variant_get (reply, "((b&g@av))", &enabled, &type, &state);
  g_assert_cmpuint (g_variant_n_children (state), ==, 1);
  boxed = g_variant_get_child_value (state, 0);
  value = g_variant_get_variant (boxed);
  return g_variant_dict_new (value);
}

/* Waits for the window @path to answer win.snapshot-summary, and returns
 * its title. */
static char *
wait_window_title (GuiApp     *app,
                   const char *path)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GVariant) reply = gui_app_call (app, path, "Describe", g_variant_new ("(s)", "snapshot-summary"),
                                                "((bgav))", &error);

      if (reply != NULL)
        {
          g_autoptr(GVariant) state = NULL;
          g_autoptr(GVariant) boxed = NULL;
          g_autoptr(GVariant) value = NULL;
          g_autoptr(GVariantDict) dict = NULL;
          char *title = NULL;

          g_variant_get (reply, "((bg@av))", NULL, NULL, &state);
          boxed = g_variant_get_child_value (state, 0);
          value = g_variant_get_variant (boxed);
          dict = g_variant_dict_new (value);
          g_assert_true (g_variant_dict_lookup (dict, "title", "s", &title));
          return title;
        }
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (100 * 1000);
    }
}

/* The other ways in: app.open-snapshot (what File → Open Snapshot… does
 * with the chosen file) and a file manager's org.freedesktop.Application
 * Open call; each opens one more window. */
static void
assert_other_ways_in (GuiApp     *app,
                      const char *snapshot)
{
  g_autoptr(GFile) file = g_file_new_for_path (snapshot);
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *title3 = NULL;
  g_autofree char *title4 = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  const char *uris[] = { uri, NULL };

  gui_app_activate (app, "open-snapshot", g_variant_new_string (snapshot));
  title3 = wait_window_title (app, "/io/github/vigilcam/Vigil/window/3");
  g_assert_true (g_str_has_prefix (title3, "Snapshot of "));

  reply = g_dbus_connection_call_sync (app->bus, "io.github.vigilcam.Vigil", GUI_APP_OBJECT_PATH,
                                       "org.freedesktop.Application", "Open",
                                       g_variant_new ("(^asa{sv})", uris, NULL), NULL, G_DBUS_CALL_FLAGS_NONE, 10000,
                                       NULL, &error);
  g_assert_no_error (error);
  title4 = wait_window_title (app, "/io/github/vigilcam/Vigil/window/4");
  g_assert_cmpstr (title4, ==, title3);
}

static guint
summary_uint (GVariantDict *summary,
              const char   *key)
{
  guint value = 0;

  g_assert_true (g_variant_dict_lookup (summary, key, "u", &value));
  return value;
}

static char *
summary_string (GVariantDict *summary,
                const char   *key)
{
  char *value = NULL;

  g_assert_true (g_variant_dict_lookup (summary, key, "s", &value));
  return value;
}

/* Activates the viewer window's action @action with @parameter. */
static void
viewer_activate (GuiApp     *app,
                 const char *action,
                 GVariant   *parameter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariantBuilder) params = g_variant_builder_new (G_VARIANT_TYPE ("av"));
  g_autoptr(GVariant) reply = NULL;

  g_variant_builder_add (params, "v", parameter);
  reply = gui_app_call (app, VIEWER_PATH, "Activate", g_variant_new ("(sava{sv})", action, params, NULL), NULL,
                        &error);
  g_assert_no_error (error);
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
assert_screenshot (GuiApp *app)
{
  g_autofree char *shot = g_build_filename (app->tmpdir, "viewer.png", NULL);
  const char *keep = g_getenv ("VIGIL_VIEWER_SCREENSHOT");
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!g_file_test (shot, G_FILE_TEST_EXISTS))
    {
      viewer_activate (app, "screenshot", g_variant_new_string (shot));
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!g_file_test (shot, G_FILE_TEST_EXISTS))
        g_usleep (100 * 1000);
    }
  texture = gdk_texture_new_from_filename (shot, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), >, 600);
  g_assert_false (is_blank (texture));
  if (keep != NULL)
    gdk_texture_save_to_png (texture, keep);
}

/* A non-snapshot JSON, a truncated snapshot, a 50 MB file, a file larger
 * than the 64 MiB limit (sparse: no disk used) and a folder: each refused
 * in words on the standard error of `vigil --open`, exit status 1, and
 * the running Vigil still answers. */
static void
assert_refused (GuiApp     *app,
                const char *snapshot)
{
  g_autofree char *other = g_build_filename (app->tmpdir, "package.json", NULL);
  g_autofree char *truncated = g_build_filename (app->tmpdir, "truncated.json", NULL);
  g_autofree char *big = g_build_filename (app->tmpdir, "big.json", NULL);
  g_autofree char *huge = g_build_filename (app->tmpdir, "huge.json", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  struct { const char *path; const char *words; } cases[] = {
    { other, "Not a Vigil snapshot" }, { truncated, "Not valid JSON" }, { big, "Not valid JSON" },
    { huge, "larger than 64 MiB" }, { app->tmpdir, "Not a regular file" },
  };

  g_assert_true (g_file_set_contents (other, "{\"name\": \"vigil\", \"version\": \"1.0\"}", -1, &error));
  g_assert_true (g_file_get_contents (snapshot, &contents, &length, &error));
  g_assert_true (g_file_set_contents (truncated, contents, length / 2, &error));
  g_assert_no_error (error);
  {
    /* 50 MB: the start of a snapshot and a string that never ends. */
    g_autofree char *pad = g_malloc (50 * 1000 * 1000);
    const char *head = "{\"schema\": \"vigil-snapshot/1\", \"pad\": \"";

    memset (pad, 'x', 50 * 1000 * 1000);
    memcpy (pad, head, strlen (head));
    g_assert_true (g_file_set_contents (big, pad, 50 * 1000 * 1000, &error));
    g_assert_no_error (error);
  }
  {
    int fd = open (huge, O_WRONLY | O_CREAT | O_TRUNC, 0600);

    g_assert_cmpint (fd, >=, 0);
    g_assert_cmpint (ftruncate (fd, (off_t) 65 * 1024 * 1024), ==, 0);
    close (fd);
  }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *err = NULL;
      g_autoptr(GVariantDict) summary = NULL;
      int status = open_file (cases[i].path, &err);

      g_test_message ("%s: exit %d: %s", cases[i].path, status, err);
      g_assert_cmpint (status, ==, 1);
      g_assert_nonnull (strstr (err, cases[i].words));
      /* Still running, and the viewer still answers. */
      g_assert_nonnull (g_subprocess_get_identifier (app->vigil));
      summary = viewer_summary (app);
      g_assert_nonnull (summary);
    }
  g_unlink (big);
  g_unlink (huge);
}

static void
test_open_compare_refuse (void)
{
  g_autoptr(GuiApp) app = gui_app_new ("vigil-gui-viewer-XXXXXX");
  g_autofree char *log_path = g_build_filename (app->tmpdir, "events.jsonl", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *err = NULL;
  g_autofree char *verdict = NULL;
  g_autofree char *compare = NULL;
  g_autoptr(GVariantDict) summary = NULL;
  gint64 deadline;

  gui_app_launch (app, "--log-file", log_path, "--snapshot-dir", app->tmpdir, NULL);
  gui_wait_events (log_path, "\"phase\":\"FirstFrame\"", 1, 20);
  gui_app_set_state (app, "leak-demo", g_variant_new_boolean (TRUE));
  for (guint i = 0; i < N_BEFORE; i++)
    leaking_reconnect (app, log_path);
  before = export (app, "before.json");
  for (guint i = 0; i < N_LEAKS; i++)
    leaking_reconnect (app, log_path);
  /* The panel samples once a second: a few samples after the last leak. */
  g_usleep (3 * G_USEC_PER_SEC);
  after = export (app, "after.json");

  g_assert_cmpint (open_file (after, &err), ==, 0);
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while ((summary = viewer_summary (app)) == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (100 * 1000);
    }
  verdict = summary_string (summary, "verdict");
  g_test_message ("verdict %s, fd points %u, fd steps %u, unpaired Event rows %u, unpaired %u, events %u",
                  verdict, summary_uint (summary, "fd-points"), summary_uint (summary, "fd-steps"),
                  summary_uint (summary, "unpaired-event-rows"), summary_uint (summary, "unpaired"),
                  summary_uint (summary, "events"));
  g_assert_cmpstr (verdict, ==, "LEAK");
  g_assert_cmpuint (summary_uint (summary, "fd-steps"), >=, 2);
  g_assert_cmpuint (summary_uint (summary, "unpaired-event-rows"), >=, 1);
  g_assert_cmpuint (summary_uint (summary, "events"), >, 0);
  assert_screenshot (app);

  viewer_activate (app, "compare", g_variant_new_string (before));
  g_clear_pointer (&summary, g_variant_dict_unref);
  summary = viewer_summary (app);
  compare = summary_string (summary, "compare");
  g_test_message ("%s", compare);
  g_assert_nonnull (strstr (compare, "unpaired Event/CallbackRegistered: 2 → 12 (+10 new)"));

  assert_other_ways_in (app, before);
  assert_refused (app, after);

  gui_app_activate (app, "quit", NULL);
  gui_app_wait_exit (app, 30 * G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  if (!gui_test_init (&argc, &argv))
    return 77;

  g_test_add_func ("/vigil/gui-viewer/open-compare-refuse", test_open_compare_refuse);
  return g_test_run ();
}
