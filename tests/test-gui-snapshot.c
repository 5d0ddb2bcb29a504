/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <stdlib.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

/* Exports snapshots of a real `vigil --simulate` over D-Bus
 * (app.export-snapshot), while the simulated camera streams and while it
 * is frozen, and reads them back.  Runs inside isolate.sh --gui. */

#define OBJECT_PATH "/io/github/vigilcam/Vigil"

typedef struct
{
  GSubprocess     *vigil;
  GDBusConnection *bus;
  char            *tmpdir;
  char            *snapshot_dir;
  guint            n_exports;
} Fixture;

static const char *vigil_path;

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
  reply = g_dbus_connection_call_sync (fixture->bus, APPLICATION_ID, OBJECT_PATH, "org.gtk.Actions", "Activate",
                                       g_variant_new ("(sava{sv})", action, params, NULL), NULL,
                                       G_DBUS_CALL_FLAGS_NONE, 10000, NULL, &error);
  g_assert_no_error (error);
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

static GPid
find_child (GPid        parent,
            const char *comm_prefix)
{
  g_autofree char *task_dir = g_strdup_printf ("/proc/%d/task", parent);
  g_autoptr(GDir) dir = g_dir_open (task_dir, 0, NULL);
  const char *tid;

  while (dir && (tid = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_strdup_printf ("%s/%s/children", task_dir, tid);
      g_autofree char *children = NULL;
      g_auto(GStrv) pids = NULL;

      if (!g_file_get_contents (path, &children, NULL, NULL))
        continue;
      pids = g_strsplit (g_strstrip (children), " ", -1);
      for (guint i = 0; pids[i]; i++)
        {
          g_autofree char *comm_path = g_strdup_printf ("/proc/%s/comm", pids[i]);
          g_autofree char *comm = NULL;

          if (*pids[i] && g_file_get_contents (comm_path, &comm, NULL, NULL) &&
              g_str_has_prefix (comm, comm_prefix))
            return (GPid) atoi (pids[i]);
        }
    }
  return 0;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_remove (path);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 deadline;

  fixture->tmpdir = g_dir_make_tmp ("vigil-gui-snapshot-XXXXXX", &error);
  g_assert_no_error (error);
  /* Not created yet: the app makes it on the first export. */
  fixture->snapshot_dir = g_build_filename (fixture->tmpdir, "snapshots", NULL);
  fixture->bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);

  fixture->vigil = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, vigil_path, "--simulate",
                                     "--snapshot-dir", fixture->snapshot_dir, NULL);
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!name_has_owner (fixture))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_assert_nonnull (g_subprocess_get_identifier (fixture->vigil));
      g_usleep (50 * 1000);
    }
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (g_subprocess_get_identifier (fixture->vigil) != NULL)
    {
      g_subprocess_force_exit (fixture->vigil);
      g_subprocess_wait (fixture->vigil, NULL, NULL);
    }
  g_clear_object (&fixture->vigil);
  g_clear_object (&fixture->bus);
  remove_tree (fixture->tmpdir);
  g_free (fixture->snapshot_dir);
  g_free (fixture->tmpdir);
}

/* Waits until @path exists (the write is atomic: it appears whole). */
static gboolean
wait_for_file (const char *path,
               gint64      timeout_us)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;

  while (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (g_get_monotonic_time () >= deadline)
        return FALSE;
      g_usleep (10 * 1000);
    }
  return TRUE;
}

static JsonNode *
load (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gboolean loaded = json_parser_load_from_file (parser, path, &error);
  JsonNode *root;

  g_assert_no_error (error);
  g_assert_true (loaded);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "schema"), ==, "vigil-snapshot/1");
  return json_node_copy (root);
}

/* Exports to a new file in the temp folder, waits at most @timeout_us for
 * it and parses it. */
static JsonNode *
export (Fixture    *fixture,
        gint64      timeout_us,
        gint64     *took_us)
{
  g_autofree char *name = g_strdup_printf ("export-%u.json", fixture->n_exports++);
  g_autofree char *path = g_build_filename (fixture->tmpdir, name, NULL);
  gint64 start = g_get_monotonic_time ();
  gboolean appeared;

  activate (fixture, "export-snapshot", g_variant_new_string (path));
  appeared = wait_for_file (path, timeout_us);
  if (took_us != NULL)
    *took_us = g_get_monotonic_time () - start;
  g_assert_true (appeared);
  return load (path);
}

static const char *
supervisor_state (JsonNode *document)
{
  JsonObject *supervisor = json_object_get_object_member (json_node_get_object (document), "supervisor");

  return json_object_get_string_member_with_default (supervisor, "state", "");
}

static gint64
frames_received (JsonNode *document)
{
  JsonObject *camera = json_object_get_object_member (json_node_get_object (document), "camera");
  JsonNode *stream = json_object_get_member (camera, "stream");

  if (stream == NULL || !JSON_NODE_HOLDS_OBJECT (stream))
    return 0;
  return json_object_get_int_member (json_node_get_object (stream), "received");
}

/* Whether an event has @value in its string member @member. */
static gboolean
has_event (JsonNode   *document,
           const char *member,
           const char *value)
{
  JsonArray *events = json_object_get_array_member (json_node_get_object (document), "events");

  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);
      JsonNode *node = json_object_get_member (event, member);

      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && g_strcmp0 (json_node_get_string (node), value) == 0)
        return TRUE;
    }
  return FALSE;
}

/* A failed export (its folder is a regular file) is an Error event, seen
 * in the next snapshot. */
static void
assert_failed_export_is_an_event (Fixture *fixture)
{
  g_autofree char *file = g_build_filename (fixture->tmpdir, "not-a-folder", NULL);
  g_autofree char *path = g_build_filename (file, "snap.json", NULL);
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  gboolean written = g_file_set_contents (file, "x", 1, &error);

  g_assert_no_error (error);
  g_assert_true (written);
  activate (fixture, "export-snapshot", g_variant_new_string (path));
  for (;;)
    {
      g_autoptr(JsonNode) document = export (fixture, 5 * G_USEC_PER_SEC, NULL);

      if (has_event (document, "operation", "export-snapshot"))
        {
          g_assert_true (has_event (document, "error_domain", "vigil-error-quark"));
          break;
        }
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50 * 1000);
    }
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* The name of the snapshot in @folder, skipping the hidden temp file of a
 * write in progress; NULL while there is none. */
static char *
find_snapshot (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      return g_strdup (name);
  return NULL;
}

/* The empty path writes into --snapshot-dir, creating it. */
static void
assert_default_folder_export (Fixture *fixture)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  g_autoptr(JsonNode) document = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  activate (fixture, "export-snapshot", g_variant_new_string (""));
  while ((name = find_snapshot (fixture->snapshot_dir)) == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
  g_assert_true (g_str_has_prefix (name, "vigil-snapshot-"));
  g_assert_true (g_str_has_suffix (name, ".json"));
  path = g_build_filename (fixture->snapshot_dir, name, NULL);
  document = load (path);
}

static void
test_export_streaming_and_frozen (Fixture       *fixture,
                                  gconstpointer  data)
{
  GPid vigil_pid = atoi (g_subprocess_get_identifier (fixture->vigil));
  g_autoptr(JsonNode) streaming = NULL;
  g_autoptr(JsonNode) frozen = NULL;
  gint64 deadline, took_us = 0;
  GPid camera_pid;

  assert_default_folder_export (fixture);
  assert_failed_export_is_an_event (fixture);

  /* Streaming: the snapshot says so and counts frames. */
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  for (;;)
    {
      streaming = export (fixture, 5 * G_USEC_PER_SEC, NULL);
      if (g_str_equal (supervisor_state (streaming), "Streaming") && frames_received (streaming) > 0)
        break;
      g_clear_pointer (&streaming, json_node_unref);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (200 * 1000);
    }
  g_assert_true (has_event (streaming, "phase", "OpenDone"));

  camera_pid = find_child (vigil_pid, "arv-fake-gv");
  g_assert_cmpint (camera_pid, >, 0);
  g_assert_cmpint (kill (camera_pid, SIGSTOP), ==, 0);

  /* The watchdog notices within about 0.4 s and the supervisor recovers
   * (a reopen blocks on the frozen camera, on the worker thread). */
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  for (;;)
    {
      g_autoptr(JsonNode) probe = export (fixture, G_USEC_PER_SEC, NULL);

      if (!g_str_equal (supervisor_state (probe), "Streaming"))
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (100 * 1000);
    }

  /* Frozen: the export still completes within 1 s and shows it. */
  frozen = export (fixture, G_USEC_PER_SEC, &took_us);
  g_test_message ("export while frozen took %" G_GINT64_FORMAT " ms", took_us / 1000);
  g_assert_cmpstr (supervisor_state (frozen), ==, "Recovering");
  g_assert_true (has_event (frozen, "phase", "TimeoutDetected"));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (streaming), "created_us"), <,
                   json_object_get_int_member (json_node_get_object (frozen), "created_us"));

  g_assert_cmpint (kill (camera_pid, SIGCONT), ==, 0);
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

  g_test_add ("/vigil/gui-snapshot/export-streaming-and-frozen", Fixture, NULL, fixture_setup,
              test_export_streaming_and_frozen, fixture_teardown);

  return g_test_run ();
}
