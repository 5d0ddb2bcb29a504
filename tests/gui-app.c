/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "gui-app.h"

/* Helpers shared by the GUI tests: start Vigil, drive its org.gtk.Actions
 * over D-Bus, watch its processes in /proc, and clean up after it. */

static gboolean
name_has_owner (GuiApp *app)
{
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  reply = g_dbus_connection_call_sync (app->bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", APPLICATION_ID), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, 1000, NULL, NULL);
  if (reply)
    g_variant_get (reply, "(b)", &owned);
  return owned;
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

/* g_test_init (), then whether $VIGIL_BINARY is set; if it is not, the
 * test is skipped (exit status 77). */
gboolean
gui_test_init (int    *argc,
               char ***argv)
{
  g_test_init (argc, argv, NULL);

  if (g_getenv ("VIGIL_BINARY") == NULL)
    {
      g_test_skip ("VIGIL_BINARY is not set");
      return FALSE;
    }
  return TRUE;
}

/* Makes the temp folder (from @tmpdir_template, as for g_dir_make_tmp ())
 * and connects to the session bus; Vigil is not started yet.
 * Returns: (transfer full) */
GuiApp *
gui_app_new (const char *tmpdir_template)
{
  g_autoptr(GuiApp) app = g_new0 (GuiApp, 1);
  g_autoptr(GError) error = NULL;

  app->tmpdir = g_dir_make_tmp (tmpdir_template, &error);
  g_assert_no_error (error);
  app->bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&app);
}

static void
spawn_and_wait (GuiApp     *app,
                 GPtrArray  *argv)
{
  g_autoptr(GError) error = NULL;
  gint64 deadline;

  g_autoptr(GSubprocessLauncher) launcher = NULL;

  g_assert_null (app->vigil);
  g_ptr_array_add (argv, NULL);
  /* GLib writes messages and debug lines to stdout: both go to the file. */
  launcher = g_subprocess_launcher_new (app->output_path != NULL ? G_SUBPROCESS_FLAGS_STDERR_MERGE
                                                                 : G_SUBPROCESS_FLAGS_NONE);
  if (app->output_path != NULL)
    g_subprocess_launcher_set_stdout_file_path (launcher, app->output_path);
  app->vigil = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!name_has_owner (app))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_assert_nonnull (g_subprocess_get_identifier (app->vigil));
      g_usleep (50 * 1000);
    }
}

/* Starts `$VIGIL_BINARY --simulate` followed by the NULL-terminated extra
 * arguments, and waits (at most 20 s) until it owns its bus name. */
void
gui_app_launch (GuiApp *app,
                ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *binary = g_getenv ("VIGIL_BINARY");
  const char *arg;
  va_list args;

  g_assert_nonnull (binary);
  g_ptr_array_add (argv, (gpointer) binary);
  g_ptr_array_add (argv, (gpointer) "--simulate");
  va_start (args, app);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  spawn_and_wait (app, argv);
}

/* Starts `$VIGIL_BINARY --camera @camera_id` (no simulated camera), and
 * waits (at most 20 s) until it owns its bus name. */
void
gui_app_launch_camera (GuiApp     *app,
                       const char *camera_id)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *binary = g_getenv ("VIGIL_BINARY");

  g_assert_nonnull (binary);
  g_ptr_array_add (argv, (gpointer) binary);
  g_ptr_array_add (argv, (gpointer) "--camera");
  g_ptr_array_add (argv, (gpointer) camera_id);
  spawn_and_wait (app, argv);
}

/* Calls org.gtk.Actions.@method on @object_path of the app.
 * Returns: (transfer full) (nullable) */
GVariant *
gui_app_call (GuiApp      *app,
              const char  *object_path,
              const char  *method,
              GVariant    *args,
              const char  *reply_type,
              GError     **error)
{
  return g_dbus_connection_call_sync (app->bus, APPLICATION_ID, object_path,
                                      "org.gtk.Actions", method, args,
                                      reply_type ? G_VARIANT_TYPE (reply_type) : NULL,
                                      G_DBUS_CALL_FLAGS_NONE, 10000, NULL, error);
}

/* Activates the app action @action, with @parameter (floating, nullable). */
void
gui_app_activate (GuiApp     *app,
                  const char *action,
                  GVariant   *parameter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariantBuilder) params = g_variant_builder_new (G_VARIANT_TYPE ("av"));
  g_autoptr(GVariant) reply = NULL;

  if (parameter != NULL)
    g_variant_builder_add (params, "v", parameter);
  reply = gui_app_call (app, GUI_APP_OBJECT_PATH, "Activate",
                        g_variant_new ("(sava{sv})", action, params, NULL), NULL, &error);
  g_assert_no_error (error);
}

/* Sets the state of the app action @action to @state (floating). */
void
gui_app_set_state (GuiApp     *app,
                   const char *action,
                   GVariant   *state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  reply = gui_app_call (app, GUI_APP_OBJECT_PATH, "SetState",
                        g_variant_new ("(sva{sv})", action, state, NULL), NULL, &error);
  g_assert_no_error (error);
}

/* The pid of the running Vigil. */
GPid
gui_app_pid (GuiApp *app)
{
  const char *identifier = g_subprocess_get_identifier (app->vigil);

  g_assert_nonnull (identifier);
  return (GPid) atoi (identifier);
}

/* Waits at most @timeout_us for Vigil to end, then reaps it. */
void
gui_app_wait_exit (GuiApp *app,
                   gint64  timeout_us)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;
  g_autofree char *proc = g_strdup_printf ("/proc/%s/stat", g_subprocess_get_identifier (app->vigil));

  /* A zombie's stat shows state Z: poll until the process has ended. */
  for (;;)
    {
      g_autofree char *stat = NULL;
      const char *paren;

      if (!g_file_get_contents (proc, &stat, NULL, NULL) ||
          ((paren = strrchr (stat, ')')) && paren[2] == 'Z'))
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
  g_subprocess_wait (app->vigil, NULL, NULL);
}

/* Ends Vigil if it still runs, and removes the temp folder with all in it. */
void
gui_app_free (GuiApp *app)
{
  if (app->vigil != NULL && g_subprocess_get_identifier (app->vigil) != NULL)
    {
      g_subprocess_force_exit (app->vigil);
      g_subprocess_wait (app->vigil, NULL, NULL);
    }
  g_clear_object (&app->vigil);
  g_clear_object (&app->bus);
  if (app->tmpdir != NULL)
    remove_tree (app->tmpdir);
  g_free (app->tmpdir);
  g_free (app->output_path);
  g_free (app);
}

/* A live child of @parent whose name starts with @comm_prefix, from the
 * PPid of every process (the task "children" files are not reliable while
 * children come and go); 0 if there is none. */
GPid
gui_find_child (GPid        parent,
                const char *comm_prefix)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *path = NULL;
      g_autofree char *stat = NULL;
      const char *open_paren, *close_paren;
      int ppid = 0;

      if (!g_ascii_isdigit (*name))
        continue;
      path = g_strdup_printf ("/proc/%s/stat", name);
      if (!g_file_get_contents (path, &stat, NULL, NULL))
        continue;
      /* pid (comm) state ppid … */
      open_paren = strchr (stat, '(');
      close_paren = strrchr (stat, ')');
      if (open_paren == NULL || close_paren == NULL ||
          sscanf (close_paren + 2, "%*c %d", &ppid) != 1 || ppid != parent)
        continue;
      if (strncmp (open_paren + 1, comm_prefix, strlen (comm_prefix)) == 0 && close_paren[2] != 'Z')
        return (GPid) atoi (name);
    }
  return 0;
}

/* Asserts that process @pid is gone, neither running nor a zombie, within
 * @timeout_us. */
void
gui_assert_gone (GPid   pid,
                 gint64 timeout_us)
{
  g_autofree char *proc = g_strdup_printf ("/proc/%d", pid);
  gint64 deadline = g_get_monotonic_time () + timeout_us;

  while (g_file_test (proc, G_FILE_TEST_EXISTS) && g_get_monotonic_time () < deadline)
    g_usleep (10 * 1000);
  g_assert_false (g_file_test (proc, G_FILE_TEST_EXISTS));
}

/* Lines of the event log at @log_path that contain @needle. */
guint
gui_count_events (const char *log_path,
                  const char *needle)
{
  g_autofree char *contents = NULL;
  guint n = 0;

  if (!g_file_get_contents (log_path, &contents, NULL, NULL))
    return 0;
  for (const char *p = contents; (p = strstr (p, needle)) != NULL; p += strlen (needle))
    n++;
  return n;
}

/* Waits until the event log holds @at_least lines with @needle; aborts
 * the test after @timeout_s. */
void
gui_wait_events (const char *log_path,
                 const char *needle,
                 guint       at_least,
                 guint       timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + timeout_s * G_USEC_PER_SEC;

  while (gui_count_events (log_path, needle) < at_least)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("waited %u s for %u events %s, saw %u", timeout_s, at_least, needle,
                 gui_count_events (log_path, needle));
      g_usleep (100 * 1000);
    }
}

/* Exports a snapshot over D-Bus (app.export-snapshot) to a new file in the
 * app's temp folder, waits at most @timeout_us for it (the write is atomic:
 * it appears whole) and parses it.  Returns: (transfer full) */
JsonNode *
gui_app_export_snapshot (GuiApp *app,
                         gint64  timeout_us)
{
  static guint n_exports;
  g_autofree char *name = g_strdup_printf ("gui-app-snapshot-%u.json", n_exports++);
  g_autofree char *path = g_build_filename (app->tmpdir, name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + timeout_us;
  JsonNode *root;

  gui_app_activate (app, "export-snapshot", g_variant_new_string (path));
  while (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (g_get_monotonic_time () >= deadline)
        g_error ("no snapshot at %s after %" G_GINT64_FORMAT " ms", path, timeout_us / 1000);
      g_usleep (10 * 1000);
    }
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  g_remove (path);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_node_copy (root);
}

/* The object member @member of a snapshot's root (aborts if missing). */
JsonObject *
gui_snapshot_member (JsonNode   *document,
                     const char *member)
{
  JsonNode *node = json_object_get_member (json_node_get_object (document), member);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}
