/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>

#include <gio/gio.h>
#include <gtk/gtk.h>

/* Drives a real `vigil --simulate` over D-Bus, as a person's desktop would.
 * Runs inside isolate.sh --gui: its own network namespace, Xvfb and session
 * bus.  Results are read back from files the app wrote. */

#define OBJECT_PATH "/io/github/vigilcam/Vigil"

typedef struct
{
  GSubprocess     *vigil;
  GDBusConnection *bus;
  char            *tmpdir;
  guint            n_shots;
} Fixture;

static const char *vigil_path;

static GVariant *
call (Fixture     *fixture,
      const char  *method,
      GVariant    *args,
      const char  *reply_type,
      GError     **error)
{
  return g_dbus_connection_call_sync (fixture->bus, APPLICATION_ID, OBJECT_PATH,
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
  reply = call (fixture, "Activate",
                g_variant_new ("(sava{sv})", action, params, NULL), NULL, &error);
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

/* Takes a screenshot through app.screenshot and loads it. */
static GdkTexture *
screenshot (Fixture *fixture)
{
  g_autofree char *path = g_strdup_printf ("%s/shot-%u.png", fixture->tmpdir, fixture->n_shots++);
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  GdkTexture *texture;

  /* Until the window is mapped the app answers with an error in words and
   * writes nothing: try again. */
  for (;;)
    {
      activate (fixture, "screenshot", g_variant_new_string (path));
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

/* A child of @parent whose name starts with @comm_prefix, from the PPid of
 * every process (the task "children" files are not reliable while
 * children come and go). */
static GPid
find_child (GPid        parent,
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

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 deadline;

  fixture->tmpdir = g_dir_make_tmp ("vigil-gui-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);

  fixture->vigil = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, vigil_path, "--simulate", NULL);
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!name_has_owner (fixture))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_assert_false (g_subprocess_get_identifier (fixture->vigil) == NULL);
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
  g_autoptr(GFile) dir = g_file_new_for_path (fixture->tmpdir);
  g_autoptr(GFileEnumerator) children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME, 0, NULL, NULL);
  GFileInfo *info;
  while (children && (info = g_file_enumerator_next_file (children, NULL, NULL)))
    {
      g_autoptr(GFile) child = g_file_get_child (dir, g_file_info_get_name (info));
      g_file_delete (child, NULL, NULL);
      g_object_unref (info);
    }
  g_file_delete (dir, NULL, NULL);
  g_free (fixture->tmpdir);
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

  reply = call (fixture, "List", NULL, "(as)", &error);
  g_assert_no_error (error);
  return g_get_monotonic_time () - start;
}

static void
wait_exit (Fixture *fixture,
           gint64   timeout_us)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;
  g_autofree char *proc = g_strdup_printf ("/proc/%s/stat", g_subprocess_get_identifier (fixture->vigil));

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
  g_subprocess_wait (fixture->vigil, NULL, NULL);
}

static void
test_stream_and_quit (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) list = NULL;
  g_autofree const char **actions = NULL;
  GPid vigil_pid = atoi (g_subprocess_get_identifier (fixture->vigil));
  GPid camera_pid;
  gint64 quit_start, worst = 0;

  list = call (fixture, "List", NULL, "(as)", &error);
  g_assert_no_error (error);
  g_variant_get (list, "(^a&s)", &actions);
  g_assert_true (g_strv_contains (actions, "quit"));
  g_assert_true (g_strv_contains (actions, "screenshot"));
  g_assert_true (g_strv_contains (actions, "simulate"));

  assert_picture_moves (fixture);

  camera_pid = find_child (vigil_pid, "arv-fake-gv");
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

  quit_start = g_get_monotonic_time ();
  activate (fixture, "quit", NULL);
  wait_exit (fixture, 5 * G_USEC_PER_SEC);
  g_test_message ("quit took %" G_GINT64_FORMAT " ms", (g_get_monotonic_time () - quit_start) / 1000);
  g_assert_true (g_subprocess_get_if_exited (fixture->vigil));
  g_assert_cmpint (g_subprocess_get_exit_status (fixture->vigil), ==, 0);

  /* The simulated camera went with it: no process and no zombie. */
  {
    g_autofree char *proc = g_strdup_printf ("/proc/%d", camera_pid);
    gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC;

    while (g_file_test (proc, G_FILE_TEST_EXISTS) && g_get_monotonic_time () < deadline)
      g_usleep (10 * 1000);
    g_assert_false (g_file_test (proc, G_FILE_TEST_EXISTS));
  }
}

/* A SIGKILLed Vigil takes its simulated camera with it (parent-death signal). */
static void
test_killed_leaves_no_child (Fixture       *fixture,
                             gconstpointer  data)
{
  GPid vigil_pid = atoi (g_subprocess_get_identifier (fixture->vigil));
  GPid camera_pid = 0;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  g_autofree char *proc = NULL;

  while ((camera_pid = find_child (vigil_pid, "arv-fake-gv")) == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50 * 1000);
    }

  g_subprocess_force_exit (fixture->vigil);
  g_subprocess_wait (fixture->vigil, NULL, NULL);

  proc = g_strdup_printf ("/proc/%d", camera_pid);
  deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (g_file_test (proc, G_FILE_TEST_EXISTS) && g_get_monotonic_time () < deadline)
    g_usleep (10 * 1000);
  g_assert_false (g_file_test (proc, G_FILE_TEST_EXISTS));
}

/* Quitting while an open is blocked on a frozen camera: the process still
 * ends within 8 s, with nothing left running. */
static void
test_quit_while_frozen (Fixture       *fixture,
                        gconstpointer  data)
{
  GPid vigil_pid = atoi (g_subprocess_get_identifier (fixture->vigil));
  GPid camera_pid;
  gint64 quit_start;

  assert_picture_moves (fixture);
  camera_pid = find_child (vigil_pid, "arv-fake-gv");
  g_assert_cmpint (camera_pid, >, 0);

  activate (fixture, "simulate", g_variant_new_string ("freeze"));
  /* The watchdog notices within half a second; then the reconnect attempt
   * blocks in Aravis (2.5 s per register access on a frozen camera). */
  g_usleep (1500 * 1000);
  g_assert_cmpint (list_round_trip_us (fixture), <, 100 * 1000);

  quit_start = g_get_monotonic_time ();
  activate (fixture, "quit", NULL);
  wait_exit (fixture, 8 * G_USEC_PER_SEC);
  g_test_message ("quit with a frozen camera took %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - quit_start) / 1000);
  g_assert_true (g_subprocess_get_if_exited (fixture->vigil));
  g_assert_cmpint (g_subprocess_get_exit_status (fixture->vigil), ==, 0);

  {
    g_autofree char *proc = g_strdup_printf ("/proc/%d", camera_pid);
    gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC;

    while (g_file_test (proc, G_FILE_TEST_EXISTS) && g_get_monotonic_time () < deadline)
      g_usleep (10 * 1000);
    g_assert_false (g_file_test (proc, G_FILE_TEST_EXISTS));
  }
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

  g_test_add ("/vigil/gui/stream-and-quit", Fixture, NULL, fixture_setup, test_stream_and_quit, fixture_teardown);
  g_test_add ("/vigil/gui/quit-while-frozen", Fixture, NULL, fixture_setup, test_quit_while_frozen, fixture_teardown);
  g_test_add ("/vigil/gui/killed-leaves-no-child", Fixture, NULL, fixture_setup, test_killed_leaves_no_child, fixture_teardown);

  return g_test_run ();
}
