/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "bench-util.h"
#include "config.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "test-http.h"
#include "test-util.h"
#include "vigil-diagnostics.h"
#include "vigil-metrics.h"
#include "vigil-metrics-exposition.h"

/* What a scrape costs, at 100 open fds: the CPU time of the server thread
 * per scrape (from /proc/self/task/TID/schedstat, nanoseconds), over
 * batches of scrapes each on a new connection; the rendering alone; and
 * the collector's work per published sample (on the sampler's thread,
 * once a second, not per scrape).  Medians; fails if a scrape costs the
 * server 1 ms of CPU or more.
 *
 * Run with: meson test -C _build --benchmark --verbose bench-metrics
 * (or _build/tests/bench-metrics). */

#define BATCHES       20
#define PER_BATCH     100
#define RENDER_RUNS   2000
#define PUBLISH_RUNS  500
#define FULL_RUNS     50
#define TARGET_FDS    100

static gint64
thread_cpu_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* The tid of the thread called @comm in this process, 0 if none. */
static int
find_thread (const char *comm)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/proc/self/task/%s/comm", name);
      g_autofree char *text = NULL;

      if (g_file_get_contents (path, &text, NULL, NULL) && g_str_equal (g_strchomp (text), comm))
        return atoi (name);
    }
  return 0;
}

/* Time thread @tid spent on a CPU, in nanoseconds (schedstat, field 1). */
static gint64
task_cpu_ns (int tid)
{
  g_autofree char *path = g_strdup_printf ("/proc/self/task/%d/schedstat", tid);
  g_autofree char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return g_ascii_strtoll (text, NULL, 10);
}

/* Diagnostics that have something to say: a camera's sessions, an Event
 * left unpaired at CallbackRegistered, a fault that fired. */
static VigilDiagnostics *
busy_diagnostics (void)
{
  VigilDiagnostics *diagnostics = vigil_diagnostics_new ();
  VigilLedger *ledger = vigil_diagnostics_get_ledger (diagnostics);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 3; i++)
    {
      guint64 session = vigil_ledger_begin_session (ledger, "192.168.10.20");

      vigil_diagnostics_post (diagnostics, VIGIL_EVENT_CAMERA_SESSION, session, "192.168.10.20", "open",
                              VIGIL_PHASE_OPEN_START, NULL);
      vigil_ledger_set_phase (ledger, session, VIGIL_PHASE_CALLBACK_REGISTERED);
      vigil_ledger_record_create (ledger, session, VIGIL_RESOURCE_EVENT, "leak", "bench", VIGIL_ACTION_CREATE,
                                  VIGIL_ACTION_CLOSE, -1, NULL);
      vigil_ledger_end_session (ledger, session);
    }
  vigil_faults_arm (vigil_diagnostics_get_faults (diagnostics), "callback.register", "persistent", &error);
  g_assert_no_error (error);
  vigil_faults_fire (vigil_diagnostics_get_faults (diagnostics), "callback.register", NULL);
  test_drain_main_context ();
  return diagnostics;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(VigilDiagnostics) diagnostics = busy_diagnostics ();
  g_autoptr(VigilMetrics) metrics = vigil_metrics_new (diagnostics);
  g_autoptr(VigilProbeSample) sample = NULL;
  g_autoptr(VigilMetricsFigures) figures = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) extra = g_array_new (FALSE, FALSE, sizeof (int));
  gdouble publish_us[PUBLISH_RUNS], full_us[FULL_RUNS], render_us[RENDER_RUNS], scrape_us[BATCHES];
  VigilMetricsServer *server = vigil_metrics_get_server (metrics);
  gsize length = 0;
  guint16 port;
  int tid;

  /* 100 open fds, as the panel counts them. */
  while (test_count_fds () < TARGET_FDS)
    {
      int fd = open ("/dev/null", O_RDONLY | O_CLOEXEC);

      g_assert_cmpint (fd, >=, 0);
      g_array_append_val (extra, fd);
    }
  sample = vigil_probe_sample (vigil_diagnostics_get_probe (diagnostics), VIGIL_PROBE_DEFAULT);
  g_print ("bench-metrics: %" G_GINT64_FORMAT " open fds\n", sample->open_fds);

  /* The collector: once per published sample, on the sampler's thread. */
  for (guint i = 0; i < PUBLISH_RUNS; i++)
    {
      gint64 start = thread_cpu_ns ();

      vigil_diagnostics_publish_sample (diagnostics, sample);
      publish_us[i] = (thread_cpu_ns () - start) / 1e3;
    }
  /* The same with full history rings (3,600 periodic samples, 4,096
   * reconnects): the verdict the collector asks for is computed over them. */
  vigil_history_mark_session_opened (vigil_diagnostics_get_history (diagnostics));
  for (guint i = 0; i < 3600; i++)
    vigil_history_add_sample (vigil_diagnostics_get_history (diagnostics), sample, 3);
  for (guint i = 0; i < VIGIL_HISTORY_DEFAULT_RECONNECT_CAPACITY; i++)
    vigil_history_add_reconnect_sample (vigil_diagnostics_get_history (diagnostics), sample, 3 + i % 2);
  for (guint i = 0; i < FULL_RUNS; i++)
    {
      gint64 start = thread_cpu_ns ();

      vigil_diagnostics_publish_sample (diagnostics, sample);
      full_us[i] = (thread_cpu_ns () - start) / 1e3;
    }

  figures = vigil_metrics_board_dup (vigil_metrics_get_board (metrics));
  g_assert_nonnull (figures);

  /* Rendering alone, the text format. */
  for (guint i = 0; i < RENDER_RUNS; i++)
    {
      g_autoptr(GString) out = g_string_sized_new (8192);
      gint64 start = thread_cpu_ns ();

      vigil_metrics_render (figures, VIGIL_METRICS_FORMAT_TEXT, out);
      render_us[i] = (thread_cpu_ns () - start) / 1e3;
      length = out->len;
    }

  if (!vigil_metrics_start (metrics, "127.0.0.1:0", &error))
    g_error ("%s", error->message);
  port = vigil_metrics_server_get_port (server);
  tid = find_thread ("vigil-metrics");
  g_assert_cmpint (tid, >, 0);

  /* Whole scrapes: the server thread's CPU per scrape, a new connection each. */
  for (guint b = 0; b < BATCHES; b++)
    {
      gint64 before = task_cpu_ns (tid);

      for (guint i = 0; i < PER_BATCH; i++)
        {
          g_autofree char *reply = test_http_get (port, "/metrics", NULL);

          g_assert_cmpuint (test_http_status (reply), ==, 200);
        }
      scrape_us[b] = (task_cpu_ns (tid) - before) / 1e3 / PER_BATCH;
    }

  g_print ("bench-metrics: collector, per published sample: %.1f µs CPU (median of %u)\n",
           median (publish_us, PUBLISH_RUNS), PUBLISH_RUNS);
  g_print ("bench-metrics: collector with full history (3,600 samples, 4,096 reconnects): %.1f µs CPU (median of %u)\n",
           median (full_us, FULL_RUNS), FULL_RUNS);
  g_print ("bench-metrics: rendering alone: %.1f µs CPU (median of %u)\n", median (render_us, RENDER_RUNS),
           RENDER_RUNS);
  g_print ("bench-metrics: one scrape (%" G_GSIZE_FORMAT " bytes, text 0.0.4), server thread: %.1f µs CPU "
           "(median of %u batches of %u, a new connection each)\n",
           length, median (scrape_us, BATCHES), BATCHES, PER_BATCH);
  for (guint i = 0; i < extra->len; i++)
    close (g_array_index (extra, int, i));
  vigil_metrics_stop (metrics);
  g_assert_cmpfloat (median (scrape_us, BATCHES), <, 1000.0);
  return 0;
}
