/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

/* vigil-soak's command line against bad input (issue 16, item 7, and the
 * CLI half of the fuzz pass): NaN and infinities, an empty --camera, a
 * --report that cannot be written (refused before the run), a report that
 * fails at the end (written to a fallback path, and said where), and
 * random values of every option for a bounded time (VIGIL_FUZZ_SECONDS,
 * default 20).  The binary is VIGIL_SOAK_BINARY; runs inside isolate.sh,
 * since a random but valid command line starts a simulated camera. */

#define RUN_TIMEOUT_US   (8 * G_USEC_PER_SEC)

typedef struct
{
  int       status;             /* exit status; -1 when it had to be interrupted */
  gboolean  signalled;
  gint64    after_interrupt_us; /* how long it ran on after SIGINT; -1 when not interrupted */
  char     *out;
  char     *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
on_communicated (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &run->out, &run->err, &error);
  if (error != NULL)     /* not UTF-8: keep the fact */
    run->err = g_strdup_printf ("(output not UTF-8: %s)", error->message);
  if (run->out == NULL)
    run->out = g_strdup ("");
}

/* Runs vigil-soak with @argv (NULL-terminated, without the binary) and
 * @env_name=@env_value; interrupts it (SIGINT, then SIGKILL) when it is
 * still running after @timeout_us. */
static void
soak (Run               *run,
      const char * const *argv,
      const char         *env_name,
      const char         *env_value,
      gint64              timeout_us)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + timeout_us;
  gboolean interrupted = FALSE;
  gint64 interrupted_at = 0;

  g_ptr_array_add (args, (gpointer) g_getenv ("VIGIL_SOAK_BINARY"));
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) argv[i]);
  g_ptr_array_add (args, NULL);
  if (env_name != NULL)
    g_subprocess_launcher_setenv (launcher, env_name, env_value, TRUE);
  child = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (child, NULL, NULL, on_communicated, run);
  while (run->out == NULL)
    {
      if (!interrupted && g_get_monotonic_time () > deadline)
        {
          /* vigil-soak ends its run and its cameras.  It waits for the
           * rounds in progress, a camera that never opens (a random
           * --camera) at most 5 s (test_interrupt_absent_camera). */
          g_subprocess_send_signal (child, SIGINT);
          interrupted = TRUE;
          interrupted_at = g_get_monotonic_time ();
          deadline = interrupted_at + 75 * G_USEC_PER_SEC;
        }
      else if (interrupted && g_get_monotonic_time () > deadline)
        g_subprocess_force_exit (child);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5 * 1000);
    }
  g_subprocess_wait (child, NULL, NULL);
  run->signalled = g_subprocess_get_if_signaled (child);
  run->status = g_subprocess_get_if_exited (child) ? g_subprocess_get_exit_status (child) : -1;
  run->after_interrupt_us = interrupted ? g_get_monotonic_time () - interrupted_at : -1;
  if (interrupted)
    g_test_message ("interrupted after %.0f s; it ended %.1f s after SIGINT, exit %d%s",
                    timeout_us / 1e6, (g_get_monotonic_time () - interrupted_at) / 1e6, run->status,
                    run->signalled ? " (killed)" : "");
}

/* Ctrl-C while the camera never opens: vigil-soak ends within seconds
 * (it waited for its 60 s no-progress limit), exit 2, saying why. */
static void
test_interrupt_absent_camera (void)
{
  const char * const argv[] = { "--cycles", "5", "--camera", "127.0.0.9", NULL };
  g_auto(Run) run = { 0 };

  soak (&run, argv, NULL, NULL, 2 * G_USEC_PER_SEC);
  g_assert_cmpint (run.after_interrupt_us, >=, 0);
  g_assert_cmpint (run.after_interrupt_us, <, 20 * G_USEC_PER_SEC);
  g_assert_false (run.signalled);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "made no progress"));
}

static void
assert_refused (const char * const *argv,
                const char         *words)
{
  g_auto(Run) run = { 0 };

  soak (&run, argv, NULL, NULL, RUN_TIMEOUT_US);
  g_test_message ("%s %s: exit %d: %s", argv[0], argv[1] ? argv[1] : "", run.status, run.err);
  g_assert_false (run.signalled);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, words));
}

static void
test_numbers (void)
{
  const char *nan_probability[] = { "--probability", "nan", "--mode", "random", "--cycles", "1", NULL };
  const char *inf_probability[] = { "--probability", "inf", "--mode", "random", "--cycles", "1", NULL };
  const char *nan_rate[] = { "--frame-rate", "nan", "--cycles", "1", NULL };
  const char *inf_rate[] = { "--frame-rate", "inf", "--cycles", "1", NULL };
  const char *minus_inf_rate[] = { "--frame-rate", "-inf", "--cycles", "1", NULL };
  const char *huge_cycles[] = { "--cycles", "18446744073709551616", NULL };

  assert_refused (nan_probability, "--probability");
  assert_refused (inf_probability, "--probability");
  assert_refused (nan_rate, "--frame-rate");
  assert_refused (inf_rate, "--frame-rate");
  assert_refused (minus_inf_rate, "--frame-rate");
  assert_refused (huge_cycles, "--cycles");
}

static void
test_empty_camera (void)
{
  const char *empty[] = { "--camera", "", "--cycles", "1", NULL };
  const char *blank[] = { "--camera", "  ", "--cycles", "1", NULL };

  assert_refused (empty, "--camera");
  assert_refused (blank, "--camera");
}

/* Found before the run, not after it. */
static void
test_report_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-soak-opt-XXXXXX", &error);
  const char *root[] = { "--report", "/", "--cycles", "1", NULL };
  const char *proc[] = { "--report", "/proc/vigil-report.json", "--cycles", "1", NULL };
  const char *sys[] = { "--report", "/sys/vigil-report.json", "--cycles", "1", NULL };
  const char *device[] = { "--report", "/dev/null", "--cycles", "1", NULL };
  const char *folder[] = { "--report", dir, "--cycles", "1", NULL };

  g_assert_no_error (error);
  assert_refused (root, "folder");
  assert_refused (proc, "not writable");
  assert_refused (sys, "not writable");
  assert_refused (device, "not a regular file");
  assert_refused (folder, "folder");
  g_rmdir (dir);
}

static gboolean
remove_folder (gpointer data)
{
  g_assert_cmpint (g_rmdir (data), ==, 0);
  return G_SOURCE_REMOVE;
}

/* The report's folder was there when the run began and is gone at its end
 * (removed, unmounted): the report goes to a fallback path, and vigil-soak
 * says which. */
static void
test_report_fallback (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-soak-opt-XXXXXX", &error);
  g_autofree char *report = g_build_filename (dir, "report.json", NULL);
  const char *argv[] = { "--cycles", "20", "--quiet", "--report", report, NULL };
  g_autoptr(GRegex) regex = g_regex_new ("report written to (\\S+) instead", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *fallback = NULL;
  g_auto(Run) run = { 0 };

  g_assert_no_error (error);
  g_timeout_add (500, remove_folder, dir);       /* after the check at the start */
  soak (&run, argv, NULL, NULL, 120 * G_USEC_PER_SEC);
  g_test_message ("exit %d\n%s%s", run.status, run.out, run.err);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  g_assert_false (run.signalled);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "does not exist"));
  g_assert_true (g_regex_match (regex, run.err, 0, &match));
  fallback = g_match_info_fetch (match, 1);
  json_parser_load_from_file (parser, fallback, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "schema"),
                   ==, "vigil-snapshot/1");
  g_unlink (fallback);
}

static const char * const options[] = {
  "--cycles", "--camera", "--faults", "--mode", "--probability", "--seed", "--cameras", "--frame-rate",
  "--report", "--explain",
};

static const char * const numbers[] = {
  "nan", "-nan", "inf", "-inf", "1e309", "18446744073709551616", "18446744073709551615", "-1", "0",
  "1", "2", "0x10", "", " ", "1 ", "0.5", "all", "random", "systematic",
};

/* Random bytes of random length, at most 100,000 (an argument of the
 * command line holds at most 128 KiB on Linux), no NUL. */
static char *
random_value (void)
{
  static const gint32 tops[] = { 10, 100, 1000, 10000, 100001 };
  gsize length;
  char *value;

  if (g_test_rand_int_range (0, 3) == 0)
    return g_strdup (numbers[g_test_rand_int_range (0, G_N_ELEMENTS (numbers))]);
  length = g_test_rand_int_range (0, tops[g_test_rand_int_range (0, G_N_ELEMENTS (tops))]);
  value = g_malloc (length + 1);
  for (gsize i = 0; i < length; i++)
    value[i] = (char) g_test_rand_int_range (1, 256);
  value[length] = '\0';
  return value;
}

static void
test_fuzz (void)
{
  const char *seconds_env = g_getenv ("VIGIL_FUZZ_SECONDS");
  gint64 budget = (seconds_env ? g_ascii_strtoll (seconds_env, NULL, 10) : 20) * G_USEC_PER_SEC;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-soak-fuzz-XXXXXX", &error);
  gint64 start = g_get_monotonic_time ();
  guint runs = 0, refused = 0;

  g_assert_no_error (error);
  while (g_get_monotonic_time () - start < budget)
    {
      g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      guint n = g_test_rand_int_range (1, 4);
      g_auto(Run) run = { 0 };

      for (guint i = 0; i < n; i++)
        {
          const char *option = options[g_test_rand_int_range (0, G_N_ELEMENTS (options))];
          char *value = random_value ();

          /* Paths stay in this test's folder. */
          if (g_str_equal (option, "--report") || g_str_equal (option, "--explain"))
            {
              char *inside = g_build_filename (dir, value, NULL);

              g_free (value);
              value = inside;
            }
          g_ptr_array_add (values, value);
          g_ptr_array_add (argv, (gpointer) option);
          g_ptr_array_add (argv, value);
        }
      if (g_test_rand_bit ())
        {
          g_ptr_array_add (argv, (gpointer) "--cycles");
          g_ptr_array_add (argv, (gpointer) "1");
        }
      g_ptr_array_add (argv, (gpointer) "--quiet");
      g_ptr_array_add (argv, NULL);

      soak (&run, (const char * const *) argv->pdata, NULL, NULL, RUN_TIMEOUT_US);
      runs++;
      refused += run.status == 2;
      if (run.signalled || run.status < 0 || run.status > 2)
        g_test_message ("%s %s…: exit %d, signalled %d: %s", (char *) argv->pdata[0], (char *) argv->pdata[1],
                        run.status, run.signalled, run.err);
      g_assert_false (run.signalled);
      g_assert_cmpint (run.status, >=, 0);
      g_assert_cmpint (run.status, <=, 2);
    }
  g_test_message ("%u command lines in %.0f s, %u refused (exit 2)", runs,
                  (g_get_monotonic_time () - start) / 1e6, refused);
  {
    g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
    const char *name;

    while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);

        g_unlink (path);
      }
  }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("VIGIL_SOAK_BINARY") == NULL)
    {
      g_test_skip ("VIGIL_SOAK_BINARY is not set");
      return 77;
    }

  g_test_add_func ("/vigil/soak-options/numbers", test_numbers);
  g_test_add_func ("/vigil/soak-options/empty-camera", test_empty_camera);
  g_test_add_func ("/vigil/soak-options/report-refused", test_report_refused);
  g_test_add_func ("/vigil/soak-options/report-fallback", test_report_fallback);
  g_test_add_func ("/vigil/soak-options/fuzz", test_fuzz);
  g_test_add_func ("/vigil/soak-options/interrupt-absent-camera", test_interrupt_absent_camera);
  return g_test_run ();
}
