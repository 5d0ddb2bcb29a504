/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <sys/prctl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "gui-app.h"
#include "test-http.h"

/* The metrics endpoint of the real programs: a `vigil --simulate` under
 * Xvfb (isolate.sh --gui) and a `vigil-soak --leak-demo`, scraped by this
 * test and by a real Prometheus on loopback.  Every process is started
 * here and ended by pid; a missing prometheus or promtool skips what needs
 * it, with a message. */

#define VIGIL_PORT      9102
#define SOAK_PORT       9101
#define PROMETHEUS_PORT 9090

typedef struct
{
  GuiApp *app;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->app = gui_app_new ("vigil-gui-metrics-XXXXXX");
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_pointer (&fixture->app, gui_app_free);
}

static void
launch_vigil (Fixture *fixture)
{
  g_autofree char *address = g_strdup_printf ("127.0.0.1:%u", VIGIL_PORT);

  gui_app_launch (fixture->app, "--metrics-address", address, NULL);
}

/* The value of an unlabelled sample in a text exposition, -1 if absent. */
static gdouble
sample_value (const char *text,
              const char *name)
{
  g_autofree char *needle = g_strconcat ("\n", name, " ", NULL);
  const char *line = strstr (text, needle);

  return line != NULL ? g_ascii_strtod (line + strlen (needle), NULL) : -1;
}

static char *
scrape (guint16     port,
        const char *accept)
{
  g_autofree char *reply = test_http_get (port, "/metrics", accept);

  g_assert_cmpuint (test_http_status (reply), ==, 200);
  return g_strdup (test_http_body (reply));
}

/* Scrapes until frames arrive (the camera streams), at most 20 s.  The
 * endpoint starts with the command line, a moment after the bus name. */
static char *
scrape_when_streaming (guint16 port)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  int fd;

  while ((fd = test_http_try_connect (port)) < 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50 * 1000);
    }
  close (fd);
  for (;;)
    {
      g_autofree char *text = scrape (port, NULL);

      if (sample_value (text, "vigil_frames_received_total") > 0)
        return g_steal_pointer (&text);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (200 * 1000);
    }
}

/* promtool check metrics: a parser and linter other than ours. */
static void
assert_promtool_accepts (const char *text,
                         const char *what)
{
  g_autoptr(GSubprocess) promtool = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) input = g_bytes_new (text, strlen (text));
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autofree char *program = g_find_program_in_path ("promtool");

  if (program == NULL)
    {
      g_test_message ("promtool is not installed (Debian: prometheus): %s not linted", what);
      return;
    }
  promtool = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error, "promtool", "check", "metrics", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate (promtool, input, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("promtool check metrics (%s): exit %d %.*s%.*s", what, g_subprocess_get_exit_status (promtool),
                  (int) g_bytes_get_size (out), (const char *) g_bytes_get_data (out, NULL),
                  (int) g_bytes_get_size (err), (const char *) g_bytes_get_data (err, NULL));
  g_assert_true (g_subprocess_get_if_exited (promtool));
  g_assert_cmpint (g_subprocess_get_exit_status (promtool), ==, 0);
  g_assert_cmpuint (g_bytes_get_size (out) + g_bytes_get_size (err), ==, 0);   /* no lint */
}

/* A Python with prometheus_client (Debian: python3-prometheus-client), or
 * NULL.  The system's first: a python3 earlier in PATH may lack it. */
static char *
find_python_with_client (void)
{
  const char *candidates[] = { "/usr/bin/python3", "python3" };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      g_autofree char *python = g_find_program_in_path (candidates[i]);
      const char *argv[] = { python, "-c", "import prometheus_client.openmetrics.parser", NULL };
      int status = 0;

      if (python != NULL &&
          g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                        NULL, NULL, NULL, NULL, &status, NULL) &&
          g_spawn_check_wait_status (status, NULL))
        return g_steal_pointer (&python);
    }
  return NULL;
}

/* The OpenMetrics exposition through prometheus_client's strict parser
 * (it checks stateset and info families, counters' _total, # EOF). */
static void
assert_openmetrics_parses (const char *text)
{
  g_autofree char *python = find_python_with_client ();
  g_autoptr(GSubprocess) parser = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) input = g_bytes_new (text, strlen (text));
  g_autoptr(GBytes) out = NULL;

  if (python == NULL)
    {
      g_test_message ("no python3 with prometheus_client (Debian: python3-prometheus-client): "
                      "OpenMetrics not parsed by it");
      return;
    }
  parser = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                             G_SUBPROCESS_FLAGS_STDERR_MERGE, &error, python, "-c",
                             "import sys\n"
                             "from prometheus_client.openmetrics.parser import text_string_to_metric_families\n"
                             "families = list(text_string_to_metric_families(sys.stdin.read()))\n"
                             "print(len(families), 'families')\n", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate (parser, input, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("prometheus_client OpenMetrics parser: %.*s", (int) g_bytes_get_size (out),
                  (const char *) g_bytes_get_data (out, NULL));
  g_assert_true (g_subprocess_get_if_exited (parser));
  g_assert_cmpint (g_subprocess_get_exit_status (parser), ==, 0);
}

static gint64
list_round_trip_us (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  gint64 start = g_get_monotonic_time ();

  reply = gui_app_call (fixture->app, GUI_APP_OBJECT_PATH, "List", NULL, "(as)", &error);
  g_assert_no_error (error);
  return g_get_monotonic_time () - start;
}

static gint
compare_us (gconstpointer a,
            gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Adds 127.0.0.2 to lo (this test's own network namespace) for vigil's
 * simulated camera (VIGIL_SIM_ADDRESS, set in main), so that it does not
 * meet vigil-soak's on 127.0.0.1. */
static void
add_second_loopback (void)
{
  g_autoptr(GError) error = NULL;
  int status = 0;
  const char *argv[] = { "ip", "addr", "add", "127.0.0.2/32", "dev", "lo", NULL };

  /* Its exit status is not checked: the second test finds it there already. */
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                NULL, NULL, &status, &error);
  g_assert_no_error (error);
}

/* The camera frozen (SIGSTOP): 1,000 scrapes within 10 s, none waiting on
 * the camera or the GUI, and the GUI still answers D-Bus at once (20
 * round trips among the scrapes). */
static void
test_frozen_scrapes (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *text = NULL;
  g_autofree char *om = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) dbus_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 start, worst_dbus;
  GPid camera_pid;

  add_second_loopback ();
  launch_vigil (fixture);
  text = scrape_when_streaming (VIGIL_PORT);
  assert_promtool_accepts (text, "vigil, text 0.0.4");
  om = scrape (VIGIL_PORT, "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
  g_assert_true (g_str_has_suffix (om, "\n# EOF\n"));
  assert_openmetrics_parses (om);
  g_assert_nonnull (strstr (om, "# TYPE vigil_session_state stateset\n"));
  g_assert_nonnull (strstr (om, ",vigil_session_state=\"Streaming\"} 1\n"));

  camera_pid = gui_find_child (gui_app_pid (fixture->app), "arv-fake-gv");
  g_assert_cmpint (camera_pid, >, 0);
  g_assert_cmpint (kill (camera_pid, SIGSTOP), ==, 0);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < 1000; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      g_autofree char *reply = test_http_get (VIGIL_PORT, "/metrics", NULL);
      gint64 us = g_get_monotonic_time () - t0;

      g_assert_cmpuint (test_http_status (reply), ==, 200);
      g_array_append_val (times, us);
      if (i % 50 == 25)
        {
          gint64 dbus = list_round_trip_us (fixture);

          g_array_append_val (dbus_times, dbus);
        }
    }
  g_array_sort (times, compare_us);
  g_array_sort (dbus_times, compare_us);
  worst_dbus = g_array_index (dbus_times, gint64, dbus_times->len - 1);
  g_test_message ("camera frozen: 1,000 scrapes in %.2f s, median %" G_GINT64_FORMAT " µs, 99th %"
                  G_GINT64_FORMAT " µs, worst %" G_GINT64_FORMAT " µs; worst D-Bus round trip %"
                  G_GINT64_FORMAT " µs", (g_get_monotonic_time () - start) / 1e6,
                  g_array_index (times, gint64, 500), g_array_index (times, gint64, 990),
                  g_array_index (times, gint64, 999), worst_dbus);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  /* Under 50 ms each; the machine is shared (2 cores), so the bound is on
   * 99 % of them and the worst gets room for the scheduler. */
  g_assert_cmpint (g_array_index (times, gint64, 990), <, 50 * 1000);
  g_assert_cmpint (g_array_index (times, gint64, 999), <, 250 * 1000);
  /* The window answers D-Bus under 100 ms meanwhile: 18 of the 20 round
   * trips (the same room for the scheduler), none over 500 ms. */
  g_assert_cmpuint (dbus_times->len, ==, 20);
  g_assert_cmpint (g_array_index (dbus_times, gint64, 17), <, 100 * 1000);
  g_assert_cmpint (worst_dbus, <, 500 * 1000);
  g_assert_cmpint (kill (camera_pid, SIGCONT), ==, 0);

  gui_app_activate (fixture->app, "quit", NULL);
  gui_app_wait_exit (fixture->app, 10 * G_USEC_PER_SEC);
  g_assert_cmpint (g_subprocess_get_exit_status (fixture->app->vigil), ==, 0);
}

/* ---- A real Prometheus -------------------------------------------------- */

/* Asks Prometheus's HTTP API; whether the instant query returns a sample. */
static gboolean
query_has_result (const char *query)
{
  g_autofree char *escaped = g_uri_escape_string (query, NULL, FALSE);
  g_autofree char *request = g_strdup_printf ("GET /api/v1/query?query=%s HTTP/1.0\r\nHost: localhost\r\n\r\n",
                                              escaped);
  g_autofree char *reply = test_http (PROMETHEUS_PORT, request);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *result;

  if (test_http_status (reply) != 200 || !json_parser_load_from_data (parser, test_http_body (reply), -1, NULL))
    return FALSE;
  root = json_node_get_object (json_parser_get_root (parser));
  if (g_strcmp0 (json_object_get_string_member_with_default (root, "status", ""), "success") != 0)
    return FALSE;
  result = json_object_get_object_member (root, "data");
  return json_array_get_length (json_object_get_array_member (result, "result")) > 0;
}

/* In the child: ended with this test even when the test aborts. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static GSubprocess *
spawn_logged (const char          *log_path,
              const char * const  *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_subprocess_launcher_set_stdout_file_path (launcher, log_path);
  g_subprocess_launcher_set_stderr_file_path (launcher, log_path);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  return process;
}

/* Ends @process by its pid (SIGTERM, then SIGKILL after @timeout_s). */
static void
end_process (GSubprocess *process,
             guint        timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + timeout_s * G_USEC_PER_SEC;
  const char *identifier = g_subprocess_get_identifier (process);
  GPid pid;

  if (identifier == NULL)
    return;                               /* already ended and reaped */
  pid = (GPid) atoi (identifier);
  kill (pid, SIGTERM);
  while (g_subprocess_get_identifier (process) != NULL && g_get_monotonic_time () < deadline)
    {
      g_autofree char *proc = g_strdup_printf ("/proc/%d/stat", pid);
      g_autofree char *stat = NULL;
      const char *paren;

      if (!g_file_get_contents (proc, &stat, NULL, NULL) ||
          ((paren = strrchr (stat, ')')) && paren[2] == 'Z'))
        break;
      g_usleep (50 * 1000);
    }
  if (g_subprocess_get_identifier (process) != NULL && g_get_monotonic_time () >= deadline)
    kill (pid, SIGKILL);
  g_subprocess_wait (process, NULL, NULL);
}

static void
write_prometheus_config (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *config = g_strdup_printf (
    "global:\n"
    "  scrape_interval: 1s\n"
    "  scrape_timeout: 900ms\n"
    "scrape_configs:\n"
    "  - job_name: vigil-soak\n"
    "    static_configs:\n"
    "      - targets: ['127.0.0.1:%u']\n"
    "  - job_name: vigil\n"
    "    static_configs:\n"
    "      - targets: ['127.0.0.1:%u']\n", SOAK_PORT, VIGIL_PORT);

  g_file_set_contents (path, config, -1, &error);
  g_assert_no_error (error);
}

static void
test_prometheus (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *soak_binary = g_getenv ("VIGIL_SOAK_BINARY");
  g_autofree char *prometheus = g_find_program_in_path ("prometheus");
  g_autofree char *config = g_build_filename (fixture->app->tmpdir, "prometheus.yml", NULL);
  g_autofree char *storage = g_build_filename (fixture->app->tmpdir, "tsdb", NULL);
  g_autofree char *prometheus_log = g_build_filename (fixture->app->tmpdir, "prometheus.log", NULL);
  g_autofree char *soak_log = g_build_filename (fixture->app->tmpdir, "soak.log", NULL);
  g_autofree char *soak_address = g_strdup_printf ("127.0.0.1:%u", SOAK_PORT);
  g_autofree char *storage_option = g_strconcat ("--storage.tsdb.path=", storage, NULL);
  g_autofree char *config_option = g_strconcat ("--config.file=", config, NULL);
  g_autofree char *listen_option = g_strdup_printf ("--web.listen-address=127.0.0.1:%u", PROMETHEUS_PORT);
  g_autoptr(GSubprocess) soak = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autofree char *soak_text = NULL;
  static const char *conditions[] = {
    "up{job=\"vigil-soak\"} == 1",
    "up{job=\"vigil\"} == 1",
    "count_over_time(up{job=\"vigil-soak\"}[5m]) >= 2",
    "count_over_time(up{job=\"vigil\"}[5m]) >= 2",
    "vigil_reconnects_total{job=\"vigil-soak\"} > 0",
    "vigil_unpaired_resources{job=\"vigil-soak\",kind=\"Event\",phase=\"CallbackRegistered\"} > 0",
    "vigil_leak_verdict{job=\"vigil-soak\",metric=\"open_fds\",vigil_leak_verdict=\"LEAK\"} == 1",
    "vigil_reconnects_total{job=\"vigil\"} > 0",
    "process_open_fds{job=\"vigil\"} > 0",
  };
  gint64 start, deadline;
  guint met = 0;

  if (prometheus == NULL)
    {
      g_test_skip ("prometheus is not installed (Debian package prometheus; build-aux/setup.sh installs it)");
      return;
    }
  g_assert_nonnull (soak_binary);

  add_second_loopback ();
  {
    const char *argv[] = { soak_binary, "--cycles", "200", "--leak-demo", "--metrics-address", soak_address, NULL };

    soak = spawn_logged (soak_log, argv);
  }
  launch_vigil (fixture);
  write_prometheus_config (config);
  {
    const char *argv[] = { prometheus, config_option, storage_option, listen_option, NULL };

    server = spawn_logged (prometheus_log, argv);
  }

  /* vigil reconnects once: an injected control loss. */
  g_free (scrape_when_streaming (VIGIL_PORT));
  gui_app_activate (fixture->app, "simulate", g_variant_new_string ("control-lost"));

  start = g_get_monotonic_time ();
  deadline = start + 60 * G_USEC_PER_SEC;
  while (met < G_N_ELEMENTS (conditions))
    {
      if (query_has_result (conditions[met]))
        {
          g_test_message ("after %.1f s: %s", (g_get_monotonic_time () - start) / 1e6, conditions[met]);
          met++;
          continue;
        }
      if (g_get_monotonic_time () > deadline)
        {
          g_autofree char *log = NULL;

          g_file_get_contents (soak_log, &log, NULL, NULL);
          g_test_message ("vigil-soak:\n%s", log ? log : "");
          g_clear_pointer (&log, g_free);
          g_file_get_contents (prometheus_log, &log, NULL, NULL);
          g_test_message ("prometheus:\n%s", log ? log : "");
          g_error ("Prometheus never saw: %s", conditions[met]);
        }
      g_usleep (250 * 1000);
    }

  /* The soak's own exposition, linted too. */
  soak_text = scrape (SOAK_PORT, NULL);
  assert_promtool_accepts (soak_text, "vigil-soak, text 0.0.4");

  end_process (server, 10);
  end_process (soak, 15);
  gui_app_activate (fixture->app, "quit", NULL);
  gui_app_wait_exit (fixture->app, 10 * G_USEC_PER_SEC);
  g_assert_cmpint (g_subprocess_get_exit_status (fixture->app->vigil), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  if (!gui_test_init (&argc, &argv))
    return 77;
  g_setenv ("VIGIL_SIM_ADDRESS", "127.0.0.2", TRUE);    /* before any thread */

  g_test_add ("/vigil/gui-metrics/frozen-scrapes", Fixture, NULL, fixture_setup, test_frozen_scrapes,
              fixture_teardown);
  g_test_add ("/vigil/gui-metrics/prometheus", Fixture, NULL, fixture_setup, test_prometheus, fixture_teardown);
  return g_test_run ();
}
