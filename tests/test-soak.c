/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "soak-run.h"

/* vigil-soak as a user runs it: the built binary (VIGIL_SOAK_BINARY),
 * spawned inside this test's private network namespace (isolate.sh), its
 * exit status, its summary line and its report checked. */

static JsonNode *
load_report (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "schema"), ==, "vigil-snapshot/1");
  g_assert_true (json_object_has_member (root, "soak"));
  return json_node_copy (json_parser_get_root (parser));
}

static void
test_systematic_all (void)
{
  g_autofree char *dir = g_dir_make_tmp ("vigil-soak-XXXXXX", NULL);
  g_autofree char *report = g_build_filename (dir, "report.json", NULL);
  g_autofree char *summary = NULL;
  g_autoptr(JsonNode) document = NULL;
  g_auto(Run) run = { 0 };
  g_auto(Run) explained = { 0 };
  JsonObject *soak_member;
  JsonArray *faults;

  soak (&run, "--cycles", "200", "--faults", "all", "--mode", "systematic", "--report", report, NULL);
  summary = summary_line (run.out);
  g_assert_nonnull (summary);
  /* The exact resources are back to the baseline, nothing is unpaired and
   * memory at the quiesce points has no trend: PASS. */
  g_assert_nonnull (strstr (summary, " cycles, +0.000 fd/reconnect, +0 threads, memory "));
  g_assert_null (strstr (run.out, "unpaired resources"));
  g_assert_null (strstr (run.out, "\n  LEAK "));     /* no orphan leak either */
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (summary, "vigil-soak: PASS "));

  document = load_report (report);
  soak_member = json_object_get_object_member (json_node_get_object (document), "soak");
  g_assert_cmpint (json_object_get_int_member (soak_member, "fd_delta"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (soak_member, "thread_delta"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (soak_member, "cycles"), >=, 200);
  /* Memory was sampled (a run once had no sample and printed +0). */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (soak_member, "memory_series")), >=, 4);
  g_assert_false (json_node_is_null (json_object_get_member (soak_member, "resident_bytes_per_cycle")));
  g_assert_false (json_node_is_null (json_object_get_member (soak_member, "private_bytes_per_cycle")));
  /* Every registry point fired: each failure path was taken. */
  faults = json_object_get_array_member (soak_member, "faults");
  for (guint i = 0; i < json_array_get_length (faults); i++)
    {
      JsonObject *fault = json_array_get_object_element (faults, i);

      if (json_object_has_member (fault, "fired"))
        g_assert_cmpint (json_object_get_int_member (fault, "fired"), >, 0);
    }

  soak (&explained, "--explain", report, NULL);
  g_assert_cmpint (explained.status, ==, 0);
  /* The run's own verdict comes first, not only the history's. */
  g_assert_nonnull (strstr (explained.out, "vigil-soak run: PASS, from its quiesce points"));

  g_assert_cmpint (g_unlink (report), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_leak_demo (void)
{
  g_autofree char *dir = g_dir_make_tmp ("vigil-soak-XXXXXX", NULL);
  g_autofree char *report = g_build_filename (dir, "report.json", NULL);
  g_autofree char *summary = NULL;
  g_autoptr(JsonNode) document = NULL;
  g_auto(Run) run = { 0 };
  JsonArray *sessions;
  guint unpaired = 0;

  soak (&run, "--cycles", "200", "--leak-demo", "--report", report, NULL);
  g_assert_cmpint (run.status, ==, 1);
  summary = summary_line (run.out);
  g_assert_nonnull (summary);
  g_assert_true (g_str_has_prefix (summary, "vigil-soak: LEAK "));
  g_assert_nonnull (strstr (run.out, "Event/CallbackRegistered"));

  /* Every unpaired resource in the report is the demonstration's event fd. */
  document = load_report (report);
  sessions = json_object_get_array_member (json_node_get_object (document), "sessions");
  for (guint i = 0; i < json_array_get_length (sessions); i++)
    {
      JsonObject *session = json_array_get_object_element (sessions, i);
      JsonArray *resources = json_object_get_array_member (session, "unpaired");

      for (guint j = 0; j < json_array_get_length (resources); j++)
        {
          JsonObject *resource = json_array_get_object_element (resources, j);

          g_assert_cmpstr (json_object_get_string_member (resource, "kind"), ==, "Event");
          g_assert_cmpstr (json_object_get_string_member (resource, "create_phase"), ==, "CallbackRegistered");
          unpaired++;
        }
    }
  g_assert_cmpuint (unpaired, >, 0);
  /* The same fd, seen from the process: left by the failure path of the
   * phase, an orphan of CallbackRegistered (claimed after the failed
   * phase's autoptrs ran), and of no other phase. */
  g_assert_nonnull (strstr (run.out, "LEAK CallbackRegistered leaves 1 eventfd per session"));
  {
    JsonObject *orphans = json_object_get_object_member (json_node_get_object (document), "orphans");
    JsonArray *groups = json_object_get_array_member (orphans, "groups");

    for (guint i = 0; i < json_array_get_length (groups); i++)
      {
        JsonObject *group = json_array_get_object_element (groups, i);

        if (json_object_get_boolean_member (group, "leak"))
          g_assert_cmpstr (json_object_get_string_member (group, "phase"), ==, "CallbackRegistered");
      }
  }

  g_assert_cmpint (g_unlink (report), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_usage_errors (void)
{
  const char *cases[][4] = {
    { "--cycles", "lots", NULL, NULL },
    { "--cycles", "0", NULL, NULL },
    { "--faults", "open.nowhere", "--cycles", "5" },
    { "--mode", "chaotic", "--cycles", "5" },
    { "--cycles", "5", "--cameras", "0" },
    { "--explain", "/nonexistent/snapshot.json", NULL, NULL },
    { "--cycles", "5", "--report", "/nonexistent/dir/report.json" },
    { "--simulate", "--camera", "127.0.0.1", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };

      soak (&run, cases[i][0], cases[i][1], cases[i][2], cases[i][3], NULL);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_true (g_str_has_prefix (run.err, "vigil-soak: "));
      g_assert_cmpuint (strlen (run.err), >, strlen ("vigil-soak: ") + 10);
    }
}

/* The "round N: fired …" lines of --verbose, in order. */
static char *
fired_sequence (const char *out)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  GString *sequence = g_string_new (NULL);

  for (guint i = 0; lines[i]; i++)
    if (g_str_has_prefix (lines[i], "round "))
      g_string_append_printf (sequence, "%s\n", lines[i]);
  return g_string_free (sequence, FALSE);
}

static void
test_random_reproducible (void)
{
  g_auto(Run) first = { 0 };
  g_auto(Run) second = { 0 };
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  const char *points = "open.device,stream.create,callback.register,buffers.alloc,frame.timeout,close.stop-acquisition";

  soak (&first, "--cycles", "60", "--mode", "random", "--probability", "0.2", "--seed", "4242",
        "--faults", points, "--verbose", NULL);
  soak (&second, "--cycles", "60", "--mode", "random", "--probability", "0.2", "--seed", "4242",
        "--faults", points, "--verbose", NULL);
  g_assert_cmpint (first.status, ==, 0);
  g_assert_cmpint (second.status, ==, 0);
  g_assert_nonnull (strstr (first.out, "seed 4242"));
  a = fired_sequence (first.out);
  b = fired_sequence (second.out);
  g_assert_cmpuint (strlen (a), >, 0);
  g_assert_cmpstr (a, ==, b);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/soak/usage-errors", test_usage_errors);
  g_test_add_func ("/vigil/soak/systematic-all", test_systematic_all);
  g_test_add_func ("/vigil/soak/leak-demo", test_leak_demo);
  g_test_add_func ("/vigil/soak/random-reproducible", test_random_reproducible);

  return g_test_run ();
}
