/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>

/* Drives a real `vigil --simulate` over D-Bus with the diagnostics panel
 * shown: three unplug/replug cycles, then the leak demonstration with
 * callback.register failing persistently for a few reconnects.  The
 * reconnect figure the panel shows is read from the window action
 * "reconnects" (state t) on /io/github/vigilcam/Vigil/window/1 and must
 * equal the reconnects performed, counted as ReconnectStart events in the
 * JSON-lines log the app wrote.  Runs inside isolate.sh --gui. */

#define OBJECT_PATH "/io/github/vigilcam/Vigil"
#define WINDOW_PATH "/io/github/vigilcam/Vigil/window/1"
#define N_CYCLES    3
#define N_FAILED    4

typedef struct
{
  GSubprocess     *vigil;
  GDBusConnection *bus;
  char            *tmpdir;
  char            *log_path;
} Fixture;

static const char *vigil_path;

static GVariant *
call (Fixture     *fixture,
      const char  *path,
      const char  *method,
      GVariant    *args,
      const char  *reply_type,
      GError     **error)
{
  return g_dbus_connection_call_sync (fixture->bus, APPLICATION_ID, path,
                                      "org.gtk.Actions", method, args,
                                      reply_type ? G_VARIANT_TYPE (reply_type) : NULL,
                                      G_DBUS_CALL_FLAGS_NONE, 10000, NULL, error);
}

static void
activate (Fixture    *fixture,
          const char *action,
          GVariant   *parameter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariantBuilder) params = g_variant_builder_new (G_VARIANT_TYPE ("av"));
  g_autoptr(GVariant) reply = NULL;

  if (parameter != NULL)
    g_variant_builder_add (params, "v", parameter);
  reply = call (fixture, OBJECT_PATH, "Activate",
                g_variant_new ("(sava{sv})", action, params, NULL), NULL, &error);
  g_assert_no_error (error);
}

static void
set_state (Fixture    *fixture,
           const char *action,
           GVariant   *state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  reply = call (fixture, OBJECT_PATH, "SetState",
                g_variant_new ("(sva{sv})", action, state, NULL), NULL, &error);
  g_assert_no_error (error);
}

/* The reconnect figure the panel shows. */
static guint64
panel_reconnects (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GVariant) value = NULL;
  gboolean enabled;
  const char *type;

  reply = call (fixture, WINDOW_PATH, "Describe", g_variant_new ("(s)", "reconnects"),
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

/* Lines of the event log that contain @needle. */
static guint
count_events (Fixture    *fixture,
              const char *needle)
{
  g_autofree char *contents = NULL;
  guint n = 0;

  if (!g_file_get_contents (fixture->log_path, &contents, NULL, NULL))
    return 0;
  for (const char *p = contents; (p = strstr (p, needle)) != NULL; p += strlen (needle))
    n++;
  return n;
}

static void
wait_events (Fixture    *fixture,
             const char *needle,
             guint       at_least,
             guint       timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + timeout_s * G_USEC_PER_SEC;

  while (count_events (fixture, needle) < at_least)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("waited %u s for %u events %s, saw %u", timeout_s, at_least, needle,
                 count_events (fixture, needle));
      g_usleep (100 * 1000);
    }
}

static gboolean
name_has_owner (Fixture *fixture)
{
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  reply = g_dbus_connection_call_sync (fixture->bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", APPLICATION_ID), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, 1000, NULL, NULL);
  if (reply)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 deadline;

  fixture->tmpdir = g_dir_make_tmp ("vigil-gui-panel-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->log_path = g_build_filename (fixture->tmpdir, "events.jsonl", NULL);
  fixture->bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);

  fixture->vigil = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, vigil_path, "--simulate",
                                     "--log-file", fixture->log_path, NULL);
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!name_has_owner (fixture))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50 * 1000);
    }
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_subprocess_get_identifier (fixture->vigil) != NULL)
    {
      g_subprocess_force_exit (fixture->vigil);
      g_subprocess_wait (fixture->vigil, NULL, NULL);
    }
  g_clear_object (&fixture->vigil);
  g_clear_object (&fixture->bus);

  dir = g_dir_open (fixture->tmpdir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->tmpdir, name, NULL);

      g_remove (path);
    }
  g_rmdir (fixture->tmpdir);
  g_free (fixture->log_path);
  g_free (fixture->tmpdir);
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
test_reconnects_and_leak (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *shot = g_build_filename (fixture->tmpdir, "panel.png", NULL);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  guint64 shown = 0;
  guint performed = 0;
  gint64 deadline;

  wait_events (fixture, "\"phase\":\"FirstFrame\"", 1, 20);

  for (guint i = 1; i <= N_CYCLES; i++)
    {
      guint starts = count_events (fixture, "\"phase\":\"ReconnectStart\"");

      activate (fixture, "simulate", g_variant_new_string ("unplug"));
      wait_events (fixture, "\"phase\":\"ReconnectStart\"", starts + 1, 20);
      activate (fixture, "simulate", g_variant_new_string ("replug"));
      wait_events (fixture, "\"phase\":\"ReconnectDone\"", i, 30);
    }

  /* The leak demonstration: each failed reconnect leaves an eventfd. */
  set_state (fixture, "leak-demo", g_variant_new_boolean (TRUE));
  activate (fixture, "arm-fault", g_variant_new_string ("callback.register=persistent"));
  activate (fixture, "simulate", g_variant_new_string ("control-lost"));
  wait_events (fixture, "\"name\":\"callback.register#", N_FAILED, 60);
  activate (fixture, "arm-fault", g_variant_new_string ("callback.register=off"));
  wait_events (fixture, "\"phase\":\"ReconnectDone\"", N_CYCLES + 1, 60);

  /* The figure the panel shows equals the reconnects performed. */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  for (;;)
    {
      performed = count_events (fixture, "\"phase\":\"ReconnectStart\"");
      shown = panel_reconnects (fixture);
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
      activate (fixture, "screenshot", g_variant_new_string (shot));
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!g_file_test (shot, G_FILE_TEST_EXISTS))
        g_usleep (100 * 1000);
    }
  texture = gdk_texture_new_from_filename (shot, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), >, 400);
  g_assert_false (is_blank (texture));

  activate (fixture, "quit", NULL);
  g_subprocess_wait (fixture->vigil, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (fixture->vigil));
  g_assert_cmpint (g_subprocess_get_exit_status (fixture->vigil), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  vigil_path = g_getenv ("VIGIL_BINARY");
  if (vigil_path == NULL)
    {
      g_test_skip ("VIGIL_BINARY is not set");
      return 77;
    }

  g_test_add ("/vigil/gui-panel/reconnects-and-leak", Fixture, NULL, fixture_setup,
              test_reconnects_and_leak, fixture_teardown);

  return g_test_run ();
}
