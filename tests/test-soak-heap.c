/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "soak-run.h"

/* The memory verdict on real runs (README "Memory verdict"): a heap leak
 * inside a library -- preload-heap-leak.so, which leaks a set number of
 * bytes in every arv_camera_new () -- reads LEAK and names the heap; a
 * clean run with every fault reads PASS. */

static JsonObject *
load_soak_member (const char *path,
                  JsonParser *parser)
{
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_has_member (root, "soak"));
  return json_object_get_object_member (root, "soak");
}

/* vigil-soak with the heap leak preloaded (@leak_bytes per session, 0 for
 * none), @args after it; returns the report's "soak" member's "memory". */
static void
soak_leaking (Run                *run,
              const char         *leak_bytes,
              const char * const *args,
              JsonParser         *parser,
              JsonObject        **memory)
{
  g_autofree char *dir = g_dir_make_tmp ("vigil-soak-heap-XXXXXX", NULL);
  g_autofree char *report = g_build_filename (dir, "report.json", NULL);
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *preload = g_getenv ("VIGIL_TEST_PRELOAD_HEAP_LEAK");

  g_assert_nonnull (preload);
  envp = g_environ_setenv (envp, "LD_PRELOAD", preload, TRUE);
  envp = g_environ_setenv (envp, "VIGIL_TEST_HEAP_LEAK_BYTES", leak_bytes, TRUE);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, (gpointer) "--report");
  g_ptr_array_add (argv, report);
  g_ptr_array_add (argv, NULL);
  soak_argv (run, envp, (const char * const *) argv->pdata);

  *memory = json_object_get_object_member (load_soak_member (report, parser), "memory");
  g_assert_nonnull (*memory);
  g_assert_cmpint (g_unlink (report), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
assert_heap_leak (const char         *leak_bytes,
                  const char * const *args)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *summary = NULL;
  g_auto(Run) run = { 0 };
  JsonObject *memory;

  soak_leaking (&run, leak_bytes, args, parser, &memory);
  summary = summary_line (run.out);
  g_assert_nonnull (summary);
  g_assert_true (g_str_has_prefix (summary, "vigil-soak: LEAK "));
  /* The summary names the signal that decided: the heap in use. */
  g_assert_nonnull (strstr (summary, "(heap in use, significant"));
  g_assert_nonnull (strstr (run.out, "memory verdict LEAK, decided by heap_in_use"));
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (memory, "status"), ==, "LEAK");
  g_assert_cmpstr (json_object_get_string_member (memory, "decided_by"), ==, "heap_in_use");
  /* No fd or thread was leaked: only memory says LEAK. */
  g_assert_nonnull (strstr (summary, " +0.000 fd/reconnect, +0 threads, "));
}

/* 4 kB a session: LEAK within 200 cycles. */
static void
test_leak_4k (void)
{
  const char * const args[] = { "--cycles", "200", NULL };

  assert_heap_leak ("4096", args);
}

/* 64 bytes a session: LEAK within 2,000 cycles (four cameras side by side
 * to keep the run short). */
static void
test_leak_64 (void)
{
  const char * const args[] = { "--cycles", "2000", "--cameras", "4", NULL };

  assert_heap_leak ("64", args);
}

/* A clean run through every fault point reads PASS, and the preload
 * library alone (0 bytes) changes nothing. */
static void
test_clean_faults_all (void)
{
  const char * const args[] = { "--cycles", "1000", "--cameras", "4", "--faults", "all", NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *summary = NULL;
  g_auto(Run) run = { 0 };
  JsonObject *memory;

  soak_leaking (&run, "0", args, parser, &memory);
  summary = summary_line (run.out);
  g_assert_nonnull (summary);
  g_assert_true (g_str_has_prefix (summary, "vigil-soak: PASS "));
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (json_object_get_string_member (memory, "status"), ==, "PASS");
  g_assert_cmpstr (json_object_get_string_member (memory, "decided_by"), !=, "heap_in_use");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/soak-heap/leak-4k", test_leak_4k);
  g_test_add_func ("/vigil/soak-heap/leak-64", test_leak_64);
  g_test_add_func ("/vigil/soak-heap/clean-faults-all", test_clean_faults_all);

  return g_test_run ();
}
