/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

/* vigil-soak under valgrind --track-fds=yes (issue 16, item 5): it used to
 * run itself again through /proc/self/exe, which under valgrind started
 * valgrind's own tool binary ("You cannot run … directly").  With the leak
 * demonstration on, the event fds vigil-soak reports as leaked must be the
 * ones valgrind finds open at exit, created by the leak demonstration.
 * Skipped when valgrind is not installed.  Runs inside isolate.sh. */

/* Open descriptors in valgrind's --track-fds report whose creation stack
 * passes through @function. */
static guint
count_open_fds_from (const char *log,
                     const char *function)
{
  g_auto(GStrv) blocks = NULL;
  guint n = 0;

  g_assert_nonnull (strstr (log, "FILE DESCRIPTORS:"));
  blocks = g_strsplit (strstr (log, "FILE DESCRIPTORS:"), "Open file descriptor ", -1);
  for (guint i = 1; blocks[i] != NULL; i++)
    {
      g_autofree char *needle = g_strdup_printf (": %s (", function);
      const char *end = strstr (blocks[i], "HEAP SUMMARY");
      g_autofree char *block = end ? g_strndup (blocks[i], end - blocks[i]) : g_strdup (blocks[i]);

      if (strstr (block, needle) != NULL)
        n++;
    }
  return n;
}

static void
test_leak_demo_under_valgrind (void)
{
  const char *binary = g_getenv ("VIGIL_SOAK_BINARY");
  g_autofree char *valgrind = g_find_program_in_path ("valgrind");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-soak-vg-XXXXXX", &error);
  g_autofree char *log_path = g_build_filename (dir, "valgrind.log", NULL);
  g_autofree char *log_arg = g_strconcat ("--log-file=", log_path, NULL);
  g_autofree char *report = g_build_filename (dir, "report.json", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *log = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *soak;
  JsonArray *faults;
  gint64 fd_delta, fired = 0;
  guint valgrind_fds;
  int wait_status = 0;
  const char *argv[] = { valgrind, "--track-fds=yes", log_arg, binary, "--simulate", "--cycles", "8",
                         "--leak-demo", "--quiet", "--report", report, NULL };

  g_assert_no_error (error);
  g_assert_nonnull (binary);
  if (valgrind == NULL)
    {
      g_test_skip ("valgrind is not installed");
      return;
    }
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &wait_status, &error);
  g_assert_no_error (error);
  g_test_message ("%s%s", out, err);
  g_file_get_contents (log_path, &log, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (log, "You cannot run"));
  g_assert_true (WIFEXITED (wait_status));
  g_assert_cmpint (WEXITSTATUS (wait_status), ==, 1);        /* LEAK, as without valgrind */

  json_parser_load_from_file (parser, report, &error);
  g_assert_no_error (error);
  soak = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "soak");
  g_assert_cmpstr (json_object_get_string_member (soak, "status"), ==, "LEAK");
  fd_delta = json_object_get_int_member (soak, "fd_delta");
  faults = json_object_get_array_member (soak, "faults");
  for (guint i = 0; i < json_array_get_length (faults); i++)
    {
      JsonObject *fault = json_array_get_object_element (faults, i);

      if (g_str_equal (json_object_get_string_member (fault, "point"), "callback.register"))
        fired = json_object_get_int_member (fault, "fired");
    }

  valgrind_fds = count_open_fds_from (log, "leak_demo");
  g_test_message ("vigil-soak: fd_delta %" G_GINT64_FORMAT ", callback.register fired %" G_GINT64_FORMAT
                  "; valgrind: %u fds open at exit made by leak_demo", fd_delta, fired, valgrind_fds);
  g_assert_cmpint (fired, >, 0);
  g_assert_cmpint (valgrind_fds, ==, fired);        /* every demonstration left its fd open */
  g_assert_cmpint (fd_delta, ==, valgrind_fds);     /* and vigil-soak counted each of them */

  g_unlink (log_path);
  g_unlink (report);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vigil/soak-valgrind/leak-demo", test_leak_demo_under_valgrind);
  return g_test_run ();
}
