/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <arv.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "vigil-controls.h"
#include "vigil-diagnostics.h"
#include "vigil-events.h"
#include "vigil-frame-sink.h"
#include "vigil-session.h"

/* A camera serving a broken GenICam XML (issue 16, item 2): the simulated
 * camera's own XML cut after 8,000 bytes, served by
 * `arv-fake-gv-camera-0.8 -g`.  A session is opened against it in a child
 * process, under valgrind when it is installed (VIGIL_TEST_VALGRIND=0 turns
 * that off; an ASan build checks the same without it).  The child must
 * exit cleanly with no memory error in Vigil's code, and every line of its
 * --log-file must be valid UTF-8 JSON whose strings are valid UTF-8.
 * Runs inside isolate.sh: 127.0.0.1:3956 is this test's own. */

#define ADDRESS        "127.0.0.1"
#define TRUNCATE_BYTES 8000
#define VALGRIND_ERROR 99

/* ---- The child: one session against the camera ------------------------ */

static int
child_main (const char *log_path)
{
  g_autoptr(VigilDiagnostics) diagnostics = vigil_diagnostics_new ();
  g_autoptr(VigilFrameSink) sink = vigil_frame_sink_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSession) session = NULL;
  VigilSessionConfig config = {
    .camera_id = ADDRESS,
    .sink = sink,
    .diagnostics = diagnostics,
    .watchdog_intervals = 3,
    .watchdog_margin_ms = 250,
    .first_frame_timeout_ms = 3000,
  };

  vigil_events_set_journal (vigil_diagnostics_get_events (diagnostics), FALSE);
  if (!vigil_events_set_log_file (vigil_diagnostics_get_events (diagnostics), log_path, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  session = vigil_session_open (&config, NULL, NULL, &error);
  if (session != NULL)
    {
      g_autoptr(VigilControls) controls = vigil_session_read_controls (session, NULL);

      if (controls != NULL)
        g_print ("model: %s\n", controls->model ? controls->model : "(none)");
      vigil_session_close (session);
    }
  else
    g_print ("open failed: %s\n", error->message);
  g_clear_object (&session);
  arv_shutdown ();
  return 0;
}

/* ---- The test ---------------------------------------------------------- */

static GSubprocess *
start_camera (const char *genicam)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *camera;

  if (genicam != NULL)
    camera = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                               "arv-fake-gv-camera-0.8", "-i", ADDRESS, "-g", genicam, NULL);
  else
    camera = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                               "arv-fake-gv-camera-0.8", "-i", ADDRESS, NULL);
  g_assert_no_error (error);
  g_usleep (500 * 1000);                      /* it answers discovery within this */
  return camera;
}

static void
stop_camera (GSubprocess *camera)
{
  g_subprocess_force_exit (camera);
  g_subprocess_wait (camera, NULL, NULL);
}

/* The simulated camera's own XML, read through Aravis. */
static GBytes *
fetch_genicam (void)
{
  g_autoptr(GSubprocess) process = start_camera (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ArvCamera) camera = NULL;
  const char *xml = NULL;
  size_t size = 0;
  GBytes *bytes;

  for (guint attempt = 0; camera == NULL && attempt < 20; attempt++)
    {
      g_clear_error (&error);
      if (!(camera = arv_camera_new (ADDRESS, &error)))
        g_usleep (250 * 1000);
    }
  g_assert_no_error (error);
  xml = arv_device_get_genicam_xml (arv_camera_get_device (camera), &size);
  g_assert_nonnull (xml);
  g_assert_cmpuint (size, >, TRUNCATE_BYTES);
  bytes = g_bytes_new (xml, size);
  g_clear_object (&camera);
  stop_camera (process);
  g_usleep (3500 * 1000);                     /* its controller heartbeat (3 s) is gone with it */
  return bytes;
}

static void
assert_strings_valid (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(GList) members = json_object_get_members (json_node_get_object (node));

      for (GList *l = members; l != NULL; l = l->next)
        {
          g_assert_true (g_utf8_validate (l->data, -1, NULL));
          assert_strings_valid (json_object_get_member (json_node_get_object (node), l->data));
        }
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);

      g_assert_true (g_utf8_validate (text, -1, NULL));
      g_assert_cmpuint (g_utf8_strlen (text, -1), <=, 1024);
    }
}

/* Every line parses, every string in it is valid and bounded; returns how
 * many Device resources were recorded. */
static guint
check_log (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  guint devices = 0;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (contents, -1, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *object;

      if (lines[i][0] == '\0')
        continue;
      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      assert_strings_valid (json_parser_get_root (parser));
      object = json_node_get_object (json_parser_get_root (parser));
      if (g_strcmp0 (json_object_get_string_member_with_default (object, "kind", ""), "Device") == 0)
        {
          g_test_message ("Device resource named “%s”", json_object_get_string_member (object, "name"));
          devices++;
        }
    }
  return devices;
}

static void
test_truncated_xml (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-hostile-XXXXXX", &error);
  g_autofree char *xml_path = g_build_filename (dir, "truncated.xml", NULL);
  g_autofree char *log_path = g_build_filename (dir, "events.jsonl", NULL);
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *supp = g_test_build_filename (G_TEST_DIST, "aravis.supp", NULL);
  g_autofree char *supp_arg = g_strconcat ("--suppressions=", supp, NULL);
  g_autofree char *valgrind = g_find_program_in_path ("valgrind");
  g_autofree char *fake_camera = g_find_program_in_path ("arv-fake-gv-camera-0.8");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GBytes) xml = NULL;
  g_autoptr(GSubprocess) camera = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_assert_no_error (error);
  if (fake_camera == NULL)
    {
      g_test_skip ("arv-fake-gv-camera-0.8 is not installed");
      return;
    }
  xml = fetch_genicam ();
  g_file_set_contents (xml_path, g_bytes_get_data (xml, NULL), TRUNCATE_BYTES, &error);
  g_assert_no_error (error);
  camera = start_camera (xml_path);

  if (valgrind != NULL && g_strcmp0 (g_getenv ("VIGIL_TEST_VALGRIND"), "0") != 0)
    {
      g_ptr_array_add (argv, valgrind);
      g_ptr_array_add (argv, (gpointer) "--error-exitcode=99");
      g_ptr_array_add (argv, (gpointer) "--num-callers=30");
      g_ptr_array_add (argv, supp_arg);
    }
  else
    g_test_message ("valgrind not used: relying on the build's sanitizers");
  g_ptr_array_add (argv, self_path);
  g_ptr_array_add (argv, (gpointer) "--child");
  g_ptr_array_add (argv, log_path);
  g_ptr_array_add (argv, NULL);

  /* Aravis itself says g_critical ("Premature end of data"): not fatal here. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "G_DEBUG", "gc-friendly", TRUE);
  child = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (child, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  stop_camera (camera);
  g_test_message ("child:\n%s%s", out, err);

  g_assert_true (g_subprocess_get_if_exited (child));
  g_assert_cmpint (g_subprocess_get_exit_status (child), !=, VALGRIND_ERROR);
  g_assert_cmpint (g_subprocess_get_exit_status (child), ==, 0);
  g_assert_true (g_utf8_validate (out, -1, NULL));
  g_assert_cmpuint (check_log (log_path), >, 0);

  g_unlink (xml_path);
  g_unlink (log_path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "--child"))
    return child_main (argv[2]);

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vigil/hostile-camera/truncated-xml", test_truncated_xml);
  return g_test_run ();
}
