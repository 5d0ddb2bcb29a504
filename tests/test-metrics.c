/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "test-http.h"
#include "test-util.h"
#include "vigil-diagnostics.h"
#include "vigil-error.h"
#include "vigil-metrics.h"
#include "vigil-metrics-exposition.h"

/* The metrics endpoint in-process: the exposition of hand-made figures,
 * content negotiation, addresses, the board across threads, the collector
 * over real diagnostics, and the libsoup server on loopback with a plain
 * socket client (good and bad requests, a slowloris, 1,000 scrapes), its
 * fd and thread counts back where they were. */

/* ---- Figures ----------------------------------------------------------- */

static VigilMetricsFigures *
make_figures (gboolean with_orphans)
{
  VigilMetricsFigures *f = vigil_metrics_figures_new ();
  VigilMetricsCamera camera = { g_strdup ("cam \"a\"\\b\nc"), 3, 5, 2, 20, TRUE, VIGIL_SUPERVISOR_STREAMING };
  VigilMetricsUnpaired unpaired = { VIGIL_RESOURCE_EVENT, VIGIL_PHASE_CALLBACK_REGISTERED, 7 };
  VigilMetricsFault fault = { "callback.register", 7 };

  f->sample_wall_us = G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC;
  f->open_fds = 42;
  for (guint k = 0; k < VIGIL_N_FD_KINDS; k++)
    f->fds_by_kind[k] = k;
  f->max_fds = G_MAXINT64;               /* unlimited */
  f->threads = 9;
  f->private_bytes = 4096;
  f->rss_bytes = 8192;
  /* virtual_bytes stays unknown: not written */
  f->cpu_seconds = 1.5;
  f->start_time_seconds = 1700000000.25;
  g_array_append_val (f->cameras, camera);
  f->frames_received = 100;
  f->frames_shown = 90;
  f->failed_buffers = 1;
  f->missing_packets = 12;
  f->resent_packets = 34;
  g_array_append_val (f->unpaired, unpaired);
  if (with_orphans)
    {
      VigilMetricsOrphans orphans = { "socket", VIGIL_PHASE_DEVICE_OPENED, 2 };

      f->orphans = g_array_new (FALSE, FALSE, sizeof (VigilMetricsOrphans));
      g_array_append_val (f->orphans, orphans);
    }
  f->has_verdict = TRUE;
  f->verdict[VIGIL_METRIC_OPEN_FDS] = VIGIL_VERDICT_LEAK;
  f->fd_slope_per_reconnect = 0.75;
  f->time_to_exhaustion_seconds = INFINITY;
  g_array_append_val (f->faults, fault);
  f->aravis_version = g_strdup ("0.8.26");
  return f;
}

static char *
render (const VigilMetricsFigures *f,
        VigilMetricsFormat         format)
{
  GString *out = g_string_new (NULL);

  vigil_metrics_render (f, format, out);
  return g_string_free (out, FALSE);
}

static void
assert_line (const char *text,
             const char *line)
{
  g_autofree char *needle = g_strconcat ("\n", line, "\n", NULL);
  g_autofree char *haystack = g_strconcat ("\n", text, NULL);

  if (strstr (haystack, needle) == NULL)
    g_error ("line “%s” missing from:\n%s", line, text);
}

static void
test_exposition_text (void)
{
  g_autoptr(VigilMetricsFigures) f = make_figures (FALSE);
  g_autofree char *text = render (f, VIGIL_METRICS_FORMAT_TEXT);

  assert_line (text, "# TYPE process_open_fds gauge");
  assert_line (text, "process_open_fds 42");
  assert_line (text, "process_max_fds +Inf");
  assert_line (text, "# TYPE process_cpu_seconds_total counter");
  assert_line (text, "process_cpu_seconds_total 1.5");
  assert_line (text, "process_start_time_seconds 1700000000.25");
  g_assert_null (strstr (text, "process_virtual_memory_bytes"));   /* unknown */
  assert_line (text, "vigil_open_fds{kind=\"eventfd\"} 1");
  assert_line (text, "# TYPE vigil_reconnects_total counter");
  assert_line (text, "vigil_reconnects_total{camera=\"cam \\\"a\\\"\\\\b\\nc\"} 3");
  assert_line (text, "vigil_sessions_total{camera=\"cam \\\"a\\\"\\\\b\\nc\"} 5");
  assert_line (text, "# TYPE vigil_stream_restarts_total counter");
  assert_line (text, "vigil_stream_restarts_total{camera=\"cam \\\"a\\\"\\\\b\\nc\"} 2");
  assert_line (text, "# TYPE vigil_triggers_total counter");
  assert_line (text, "vigil_triggers_total{camera=\"cam \\\"a\\\"\\\\b\\nc\"} 20");
  assert_line (text, "# TYPE vigil_session_state gauge");
  assert_line (text, "vigil_session_state{camera=\"cam \\\"a\\\"\\\\b\\nc\",vigil_session_state=\"Streaming\"} 1");
  assert_line (text, "vigil_session_state{camera=\"cam \\\"a\\\"\\\\b\\nc\",vigil_session_state=\"Idle\"} 0");
  assert_line (text, "vigil_frames_received_total 100");
  assert_line (text, "vigil_frames_shown_total 90");
  assert_line (text, "vigil_stream_failed_buffers_total 1");
  assert_line (text, "vigil_gv_missing_packets_total 12");
  assert_line (text, "vigil_gv_resent_packets_total 34");
  assert_line (text, "vigil_unpaired_resources{kind=\"Event\",phase=\"CallbackRegistered\"} 7");
  assert_line (text, "vigil_leak_verdict{metric=\"open_fds\",vigil_leak_verdict=\"LEAK\"} 1");
  assert_line (text, "vigil_leak_verdict{metric=\"open_fds\",vigil_leak_verdict=\"PASS\"} 0");
  assert_line (text, "vigil_leak_verdict{metric=\"threads\",vigil_leak_verdict=\"PASS\"} 1");
  assert_line (text, "vigil_fd_slope_per_reconnect 0.75");
  assert_line (text, "vigil_time_to_fd_exhaustion_seconds +Inf");
  assert_line (text, "vigil_faults_fired_total{point=\"callback.register\"} 7");
  assert_line (text, "# TYPE vigil_build_info gauge");
  assert_line (text, "vigil_build_info{version=\"" PACKAGE_VERSION "\",aravis_version=\"0.8.26\"} 1");
  assert_line (text, "vigil_last_sample_timestamp_seconds 1700000000");
  /* No orphan attribution: no family rather than a made-up zero. */
  g_assert_null (strstr (text, "vigil_orphan_handles"));
  g_assert_null (strstr (text, "# EOF"));
}

static void
test_exposition_openmetrics (void)
{
  g_autoptr(VigilMetricsFigures) f = make_figures (TRUE);
  g_autofree char *text = render (f, VIGIL_METRICS_FORMAT_OPENMETRICS);

  g_assert_true (g_str_has_suffix (text, "\n# EOF\n"));
  assert_line (text, "# TYPE process_cpu_seconds counter");
  assert_line (text, "process_cpu_seconds_total 1.5");
  assert_line (text, "# TYPE vigil_reconnects counter");
  assert_line (text, "# TYPE vigil_triggers counter");
  assert_line (text, "vigil_triggers_total{camera=\"cam \\\"a\\\"\\\\b\\nc\"} 20");
  assert_line (text, "# TYPE vigil_session_state stateset");
  assert_line (text, "# TYPE vigil_leak_verdict stateset");
  assert_line (text, "# TYPE vigil_build info");
  assert_line (text, "vigil_build_info{version=\"" PACKAGE_VERSION "\",aravis_version=\"0.8.26\"} 1");
  /* The orphan hook, once the attribution fills it. */
  assert_line (text, "# TYPE vigil_orphan_handles gauge");
  assert_line (text, "vigil_orphan_handles{kind=\"socket\",phase=\"DeviceOpened\"} 2");
}

static void
test_accept (void)
{
  g_assert_cmpint (vigil_metrics_format_from_accept (NULL), ==, VIGIL_METRICS_FORMAT_TEXT);
  g_assert_cmpint (vigil_metrics_format_from_accept ("*/*"), ==, VIGIL_METRICS_FORMAT_TEXT);
  g_assert_cmpint (vigil_metrics_format_from_accept ("text/plain;version=0.0.4"), ==, VIGIL_METRICS_FORMAT_TEXT);
  /* What Prometheus 2.42 sends. */
  g_assert_cmpint (vigil_metrics_format_from_accept ("application/openmetrics-text;version=1.0.0,"
                                                     "application/openmetrics-text;version=0.0.1;q=0.75,"
                                                     "text/plain;version=0.0.4;q=0.5,*/*;q=0.1"),
                   ==, VIGIL_METRICS_FORMAT_OPENMETRICS);
  g_assert_cmpint (vigil_metrics_format_from_accept ("application/openmetrics-text; q=0.2, text/plain"),
                   ==, VIGIL_METRICS_FORMAT_TEXT);
  g_assert_cmpint (vigil_metrics_format_from_accept ("application/openmetrics-text;q=0"),
                   ==, VIGIL_METRICS_FORMAT_TEXT);
}

static void
test_address (void)
{
  static const struct { const char *text; const char *host; guint port; } good[] = {
    { "9464", "127.0.0.1", 9464 },
    { ":9464", "127.0.0.1", 9464 },
    { "localhost:1", "127.0.0.1", 1 },
    { "0.0.0.0:9100", "0.0.0.0", 9100 },
    { "[::1]:9100", "::1", 9100 },
    { "10.1.2.3:0", "10.1.2.3", 0 },
  };
  static const char *bad[] = { "", ":", "host.example:80", "1.2.3.4:65536", "1.2.3.4:-1", "1.2.3.4:x",
                               "[::1]", "\xff:80" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GInetSocketAddress) address = vigil_metrics_parse_address (good[i].text, &error);
      g_autofree char *host = NULL;

      g_assert_no_error (error);
      host = g_inet_address_to_string (g_inet_socket_address_get_address (address));
      g_assert_cmpstr (host, ==, good[i].host);
      g_assert_cmpuint (g_inet_socket_address_get_port (address), ==, good[i].port);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GInetSocketAddress) address = vigil_metrics_parse_address (bad[i], &error);

      g_assert_null (address);
      g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT);
    }
}

/* ---- Board ------------------------------------------------------------- */

static gpointer
reader_thread (gpointer data)
{
  VigilMetricsBoard *board = data;
  guint64 seen = 0;

  for (guint i = 0; i < 20000; i++)
    {
      g_autoptr(VigilMetricsFigures) figures = vigil_metrics_board_dup (board);

      if (figures != NULL)
        {
          g_assert_cmpint (figures->open_fds, >=, (gint64) seen);   /* never older, never torn */
          g_assert_cmpint (figures->threads, ==, figures->open_fds);
          seen = (guint64) figures->open_fds;
        }
    }
  return NULL;
}

static void
test_board (void)
{
  g_autoptr(VigilMetricsBoard) board = vigil_metrics_board_new ();
  GThread *reader;

  g_assert_null (vigil_metrics_board_dup (board));
  reader = g_thread_new ("reader", reader_thread, board);
  for (gint64 i = 0; i < 20000; i++)
    {
      g_autoptr(VigilMetricsFigures) figures = vigil_metrics_figures_new ();

      figures->open_fds = i;
      figures->threads = i;
      vigil_metrics_board_publish (board, figures);
    }
  g_thread_join (reader);
  g_assert_cmpuint (vigil_metrics_board_get_publications (board), ==, 20000);
}

/* ---- Collector --------------------------------------------------------- */

static const VigilMetricsCamera *
find_camera (const VigilMetricsFigures *f,
             const char                *name)
{
  for (guint i = 0; i < f->cameras->len; i++)
    if (g_str_equal (g_array_index (f->cameras, VigilMetricsCamera, i).camera, name))
      return &g_array_index (f->cameras, VigilMetricsCamera, i);
  return NULL;
}

static void
test_collector (void)
{
  VigilDiagnostics *diagnostics = vigil_diagnostics_new ();
  VigilLedger *ledger = vigil_diagnostics_get_ledger (diagnostics);
  VigilMetricsBoard *board = vigil_metrics_board_new ();
  VigilMetricsCollector *collector = vigil_metrics_collector_new (diagnostics, board);
  g_autoptr(VigilProbeSample) sample = vigil_probe_sample (vigil_diagnostics_get_probe (diagnostics),
                                                           VIGIL_PROBE_DEFAULT);
  g_autoptr(VigilMetricsFigures) f = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *long_name = g_strnfill (500, 'x');
  gboolean armed;
  guint64 session;
  int orphan_pipe[2];

  /* Two sessions of one camera (their OpenStart events), one leaking an
   * Event at CallbackRegistered; a fault fired twice; a camera name too
   * long for a label. */
  for (guint i = 0; i < 2; i++)
    vigil_diagnostics_post (diagnostics, VIGIL_EVENT_CAMERA_SESSION, i + 1, "cam1", "open",
                            VIGIL_PHASE_OPEN_START, NULL);
  vigil_diagnostics_post (diagnostics, VIGIL_EVENT_CAMERA_SESSION, 3, long_name, "open",
                          VIGIL_PHASE_OPEN_START, NULL);
  session = vigil_ledger_begin_session (ledger, "cam1");
  vigil_ledger_record_create (ledger, session, VIGIL_RESOURCE_EVENT, "leak", "test", VIGIL_ACTION_CREATE,
                              VIGIL_ACTION_CLOSE, -1, NULL);
  vigil_ledger_set_phase (ledger, session, VIGIL_PHASE_CALLBACK_REGISTERED);
  vigil_ledger_end_session (ledger, session);
  /* The same session's StreamCreated left a pipe end nobody tracked: an
   * orphan. */
  {
    VigilOrphans *orphans = vigil_diagnostics_get_orphans (diagnostics);
    g_autoptr(GArray) before = vigil_probe_list_fds (vigil_diagnostics_get_probe (diagnostics), NULL);
    g_autoptr(GArray) after = NULL;

    vigil_orphans_phase_begin (orphans, session, VIGIL_PHASE_STREAM_CREATED, before);
    g_assert_cmpint (pipe2 (orphan_pipe, O_CLOEXEC), ==, 0);
    close (orphan_pipe[1]);
    after = vigil_probe_list_fds (vigil_diagnostics_get_probe (diagnostics), NULL);
    vigil_orphans_phase_end (orphans, session, VIGIL_PHASE_STREAM_CREATED, before, after);
    vigil_orphans_session_closed (orphans, session);
  }
  armed = vigil_faults_arm (vigil_diagnostics_get_faults (diagnostics), "stream.create", "persistent", &error);
  g_assert_no_error (error);
  g_assert_true (armed);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GError) fault_error = NULL;
      gboolean fired = vigil_faults_fire (vigil_diagnostics_get_faults (diagnostics), "stream.create", &fault_error);

      g_assert_true (fired);
    }
  test_drain_main_context ();           /* "event-added" */

  /* Publishing goes through the diagnostics, as the panel does it. */
  g_assert_null (vigil_metrics_board_dup (board));
  vigil_diagnostics_publish_sample (diagnostics, sample);
  f = vigil_metrics_board_dup (board);
  g_assert_nonnull (f);
  g_assert_cmpint (f->open_fds, ==, sample->open_fds);
  g_assert_cmpint (f->threads, ==, sample->threads);
  g_assert_cmpint (f->max_fds, ==, sample->fd_soft_limit);
  g_assert_cmpfloat (f->cpu_seconds, >, 0);
  g_assert_cmpint (f->virtual_bytes, >, 0);
  g_assert_cmpfloat (f->start_time_seconds, >, 1e9);
  g_assert_cmpfloat (f->start_time_seconds, <=, g_get_real_time () / 1e6 + 1);
  g_assert_cmpuint (find_camera (f, "cam1")->sessions, ==, 2);
  g_assert_false (find_camera (f, "cam1")->has_state);
  /* The long name, cut to a label's length. */
  g_assert_cmpuint (f->cameras->len, ==, 2);
  for (guint i = 0; i < f->cameras->len; i++)
    {
      const char *label = g_array_index (f->cameras, VigilMetricsCamera, i).camera;

      if (!g_str_equal (label, "cam1"))
        g_assert_cmpuint (strlen (label), ==, VIGIL_METRICS_LABEL_MAX);
    }
  g_assert_cmpuint (f->unpaired->len, ==, 1);
  g_assert_cmpint (g_array_index (f->unpaired, VigilMetricsUnpaired, 0).kind, ==, VIGIL_RESOURCE_EVENT);
  g_assert_cmpint (g_array_index (f->unpaired, VigilMetricsUnpaired, 0).phase, ==, VIGIL_PHASE_OPEN_START);
  g_assert_cmpuint (g_array_index (f->unpaired, VigilMetricsUnpaired, 0).count, ==, 1);
  /* Orphans by the probe's fd kind and phase (a real count, zero or not). */
  g_assert_nonnull (f->orphans);
  g_assert_cmpuint (f->orphans->len, ==, 1);
  g_assert_cmpstr (g_array_index (f->orphans, VigilMetricsOrphans, 0).kind, ==, "pipe");
  g_assert_cmpint (g_array_index (f->orphans, VigilMetricsOrphans, 0).phase, ==, VIGIL_PHASE_STREAM_CREATED);
  g_assert_cmpuint (g_array_index (f->orphans, VigilMetricsOrphans, 0).count, ==, 1);
  close (orphan_pipe[0]);
  g_assert_true (f->has_verdict);
  for (guint i = 0; i < f->faults->len; i++)
    if (g_str_equal (g_array_index (f->faults, VigilMetricsFault, i).point, "stream.create"))
      g_assert_cmpuint (g_array_index (f->faults, VigilMetricsFault, i).fired, ==, 2);

  /* Gone with its collector: no more listener. */
  g_assert_finalize_object (collector);
  vigil_diagnostics_publish_sample (diagnostics, sample);
  g_assert_cmpuint (vigil_metrics_board_get_publications (board), ==, 1);
  vigil_metrics_board_unref (board);
  test_drain_main_context ();
  g_assert_finalize_object (diagnostics);
}

/* vigil_unpaired_resources counts the sessions past the ledger's bounds
 * too: folded into totals, not kept in full. */
static void
test_collector_dropped (void)
{
  VigilDiagnostics *diagnostics = vigil_diagnostics_new ();
  VigilLedger *ledger = vigil_diagnostics_get_ledger (diagnostics);
  g_autoptr(VigilMetricsBoard) board = vigil_metrics_board_new ();
  VigilMetricsCollector *collector = vigil_metrics_collector_new (diagnostics, board);
  g_autoptr(VigilProbeSample) sample = vigil_probe_sample (vigil_diagnostics_get_probe (diagnostics),
                                                           VIGIL_PROBE_DEFAULT);
  g_autoptr(VigilMetricsFigures) f = NULL;
  g_autoptr(GPtrArray) kept = NULL;

  vigil_ledger_set_max_unpaired_sessions (ledger, 1);
  for (guint i = 0; i < 5; i++)
    {
      guint64 session = vigil_ledger_begin_session (ledger, "cam1");

      vigil_ledger_set_phase (ledger, session, VIGIL_PHASE_CALLBACK_REGISTERED);
      vigil_ledger_record_create (ledger, session, VIGIL_RESOURCE_EVENT, "leak", "test",
                                  VIGIL_ACTION_CREATE, VIGIL_ACTION_CLOSE, -1, NULL);
      vigil_ledger_end_session (ledger, session);
    }
  kept = vigil_ledger_list_unpaired (ledger);
  g_assert_cmpuint (kept->len, ==, 1);
  vigil_metrics_collector_publish (collector, sample);
  f = vigil_metrics_board_dup (board);
  g_assert_cmpuint (f->unpaired->len, ==, 1);
  g_assert_cmpint (g_array_index (f->unpaired, VigilMetricsUnpaired, 0).kind, ==, VIGIL_RESOURCE_EVENT);
  g_assert_cmpint (g_array_index (f->unpaired, VigilMetricsUnpaired, 0).phase, ==, VIGIL_PHASE_CALLBACK_REGISTERED);
  g_assert_cmpuint (g_array_index (f->unpaired, VigilMetricsUnpaired, 0).count, ==, 5);

  g_assert_finalize_object (collector);
  test_drain_main_context ();
  g_assert_finalize_object (diagnostics);
}

/* A supervisor's counts are summed per camera label; a supervisor that
 * is replaced (vigil-soak) does not reset them. */
static GPtrArray *
current_supervisors (gpointer data)
{
  GPtrArray *supervisors = g_ptr_array_new ();
  VigilSupervisor **current = data;

  if (*current != NULL)
    g_ptr_array_add (supervisors, *current);
  return supervisors;
}

static void
test_collector_supervisors (void)
{
  VigilDiagnostics *diagnostics = vigil_diagnostics_new ();
  g_autoptr(VigilMetricsBoard) board = vigil_metrics_board_new ();
  VigilMetricsCollector *collector = vigil_metrics_collector_new (diagnostics, board);
  VigilSupervisor *current = vigil_supervisor_new (diagnostics);
  g_autoptr(VigilProbeSample) sample = vigil_probe_sample (vigil_diagnostics_get_probe (diagnostics),
                                                           VIGIL_PROBE_DEFAULT);
  g_autoptr(VigilMetricsFigures) f = NULL;
  gboolean armed;

  vigil_metrics_collector_set_supervisors_func (collector, current_supervisors, &current);
  vigil_metrics_collector_publish (collector, sample);
  f = vigil_metrics_board_dup (board);
  /* A supervisor that was never opened has no camera yet. */
  g_assert_cmpuint (f->cameras->len, ==, 0);
  g_assert_cmpuint (f->frames_received, ==, 0);

  armed = vigil_supervisor_shutdown (current, 5000);
  g_assert_true (armed);
  g_clear_object (&current);
  test_drain_main_context ();
  vigil_metrics_collector_publish (collector, sample);
  g_clear_pointer (&f, vigil_metrics_figures_unref);
  f = vigil_metrics_board_dup (board);
  g_assert_cmpuint (f->cameras->len, ==, 0);

  g_assert_finalize_object (collector);
  test_drain_main_context ();
  g_assert_finalize_object (diagnostics);
}

/* ---- Server ------------------------------------------------------------ */

typedef struct
{
  VigilMetricsBoard  *board;
  VigilMetricsServer *server;
  guint16             port;
  guint               fds;
  guint               threads;
  guint               serving_fds;      /* + the listener and the server's context */
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(VigilMetricsFigures) figures = make_figures (FALSE);
  g_autoptr(GError) error = NULL;
  gboolean started;

  fixture->fds = test_count_fds ();
  fixture->threads = test_count_threads ();
  fixture->board = vigil_metrics_board_new ();
  vigil_metrics_board_publish (fixture->board, figures);
  fixture->server = vigil_metrics_server_new (fixture->board);
  vigil_metrics_server_set_request_timeout (fixture->server, data != NULL ? GPOINTER_TO_UINT (data) : 1000);
  started = vigil_metrics_server_start (fixture->server, "127.0.0.1:0", &error);
  g_assert_no_error (error);
  g_assert_true (started);
  fixture->port = vigil_metrics_server_get_port (fixture->server);
  g_assert_cmpuint (fixture->port, >, 0);
  fixture->serving_fds = test_count_fds ();
  g_assert_cmpuint (test_count_threads (), ==, fixture->threads + 1);     /* the server thread */
}

/* Stopped, nothing of it is left: no fd, no thread. */
static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  vigil_metrics_server_stop (fixture->server);
  g_assert_cmpuint (vigil_metrics_server_get_port (fixture->server), ==, 0);
  g_assert_finalize_object (fixture->server);
  vigil_metrics_board_unref (fixture->board);
  if (test_count_fds () != fixture->fds)
    {
      g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
      const char *name;

      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename ("/proc/self/fd", name, NULL);
          g_autofree char *target = g_file_read_link (path, NULL);

          g_test_message ("fd %s → %s", name, target);
        }
    }
  g_assert_cmpuint (test_count_fds (), ==, fixture->fds);
  g_assert_cmpuint (test_settled_threads (fixture->threads), ==, fixture->threads);
}

static void
test_server_get (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *text = test_http_get (fixture->port, "/metrics", NULL);
  g_autofree char *om = test_http_get (fixture->port, "/metrics",
                             "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
  g_autofree char *other = test_http_get (fixture->port, "/", NULL);
  g_autofree char *post = test_http (fixture->port, "POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
                                               "Connection: close\r\n\r\nabc");
  g_autofree char *head = test_http (fixture->port, "HEAD /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  g_autofree char *url = vigil_metrics_server_dup_url (fixture->server);
  g_autofree char *expected_url = g_strdup_printf ("http://127.0.0.1:%u/metrics", fixture->port);

  g_assert_cmpstr (url, ==, expected_url);
  g_assert_cmpuint (test_http_status (text), ==, 200);
  g_assert_nonnull (strstr (text, "Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n"));
  g_assert_nonnull (strstr (text, "\r\n\r\n# HELP process_open_fds "));
  g_assert_null (strstr (text, "# EOF"));
  g_assert_cmpuint (test_http_status (om), ==, 200);
  g_assert_nonnull (strstr (om, "Content-Type: application/openmetrics-text; version=1.0.0; charset=utf-8\r\n"));
  g_assert_true (g_str_has_suffix (om, "\n# EOF\n"));
  g_assert_cmpuint (test_http_status (other), ==, 404);
  g_assert_cmpuint (test_http_status (post), ==, 405);
  g_assert_nonnull (strstr (post, "Allow: GET\r\n"));
  g_assert_cmpuint (test_http_status (head), ==, 405);
  g_assert_cmpuint (vigil_metrics_server_get_scrapes (fixture->server), ==, 2);
}

/* Bad requests get an error or are dropped; the server goes on serving and
 * holds no more fds or threads than before. */
static void
test_server_bad_requests (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GString) request = g_string_new ("GET /");
  g_autofree char *reply = NULL;
  gint64 start;
  int fd;

  /* A 1 MB URL. */
  for (guint i = 0; i < 1024 * 1024; i++)
    g_string_append_c (request, 'a');
  g_string_append (request, " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  reply = test_http (fixture->port, request->str);
  g_test_message ("1 MB URL: “%.40s”", reply);
  g_assert_true (*reply == '\0' || test_http_status (reply) >= 400);
  g_clear_pointer (&reply, g_free);

  /* 10,000 headers. */
  g_string_assign (request, "GET /metrics HTTP/1.1\r\nHost: x\r\n");
  for (guint i = 0; i < 10000; i++)
    g_string_append_printf (request, "X-Header-%u: %u\r\n", i, i);
  g_string_append (request, "Connection: close\r\n\r\n");
  reply = test_http (fixture->port, request->str);
  g_test_message ("10,000 headers: “%.40s”", reply);
  g_assert_true (*reply == '\0' || test_http_status (reply) >= 400);
  g_clear_pointer (&reply, g_free);

  /* Garbage, and a connection closed mid-request. */
  reply = test_http (fixture->port, "\x01\x02 NOT HTTP\r\n\r\n");
  g_assert_true (*reply == '\0' || test_http_status (reply) >= 400);
  g_clear_pointer (&reply, g_free);
  fd = test_http_connect (fixture->port);
  test_http_send (fd, "GET /met", 8);
  close (fd);

  /* A slowloris: one byte a second.  Dropped at the request timeout (1 s
   * here, 10 s by default), not when the client is done. */
  fd = test_http_connect (fixture->port);
  start = g_get_monotonic_time ();
  for (const char *p = "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"; *p != '\0'; p++)
    {
      struct pollfd pfd = { .fd = fd, .events = POLLIN };

      test_http_send (fd, p, 1);
      if (poll (&pfd, 1, 1000) > 0)
        break;                            /* closed (or answered) by the server */
    }
  reply = test_http_read (fd, 1000);
  close (fd);
  g_test_message ("slowloris dropped after %.1f s", (g_get_monotonic_time () - start) / 1e6);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpuint (test_http_status (reply), !=, 200);
  g_assert_cmpuint (vigil_metrics_server_get_dropped (fixture->server), >=, 1);
  g_clear_pointer (&reply, g_free);

  /* Still serving; the connections are gone. */
  reply = test_http_get (fixture->port, "/metrics", NULL);
  g_assert_cmpuint (test_http_status (reply), ==, 200);
  {
    gint64 deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;

    /* fds: as when it started serving, once the closed connections went. */
    while (test_count_fds () != fixture->serving_fds && g_get_monotonic_time () < deadline)
      g_usleep (10 * 1000);
    g_assert_cmpuint (test_count_fds (), ==, fixture->serving_fds);
    g_assert_cmpuint (test_count_threads (), ==, fixture->threads + 1);   /* the server thread */
  }
}

static gint
compare_us (gconstpointer a,
            gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* AddressSanitizer makes every allocation slow: there the scrapes are
 * fewer and their times are not judged (build-aux/asan-unit). */
#if defined(__SANITIZE_ADDRESS__)
#define N_SCRAPES    200
#define JUDGE_TIMES  FALSE
#else
#define N_SCRAPES    1000
#define JUDGE_TIMES  TRUE
#endif

/* 1,000 scrapes in 10 s, each on a new connection and under 50 ms. */
static void
test_server_many_scrapes (Fixture       *fixture,
                          gconstpointer  data)
{
  gint64 start = g_get_monotonic_time ();
  gint64 worst = 0;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < N_SCRAPES; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      g_autofree char *reply = test_http_get (fixture->port, "/metrics", NULL);
      gint64 us = g_get_monotonic_time () - t0;

      g_assert_cmpuint (test_http_status (reply), ==, 200);
      g_array_append_val (times, us);
      worst = MAX (worst, us);
    }
  g_array_sort (times, compare_us);
  g_test_message ("%u scrapes in %.2f s: median %" G_GINT64_FORMAT " µs, 99th %" G_GINT64_FORMAT
                  " µs, worst %" G_GINT64_FORMAT " µs", N_SCRAPES, (g_get_monotonic_time () - start) / 1e6,
                  g_array_index (times, gint64, N_SCRAPES / 2), g_array_index (times, gint64, N_SCRAPES * 99 / 100),
                  worst);
  g_assert_cmpuint (vigil_metrics_server_get_scrapes (fixture->server), ==, N_SCRAPES);
  if (!JUDGE_TIMES)
    return;
  /* Under 50 ms each; the machine is shared (2 cores), so the bound is on
   * 99 % of them and the worst gets room for the scheduler. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  g_assert_cmpint (g_array_index (times, gint64, N_SCRAPES * 99 / 100), <, 50 * 1000);
  g_assert_cmpint (worst, <, 250 * 1000);
}

/* More connections than it reads at once: the surplus is shut down at
 * once, the rest at the request timeout; then it serves again with the
 * fds it had. */
static void
test_server_too_many_connections (Fixture       *fixture,
                                  gconstpointer  data)
{
  int fds[VIGIL_METRICS_MAX_CONNECTIONS_DEFAULT + 8];
  guint closed = 0;
  g_autofree char *reply = NULL;
  gint64 deadline;

  gboolean is_closed[G_N_ELEMENTS (fds)] = { FALSE };

  for (guint i = 0; i < G_N_ELEMENTS (fds); i++)
    fds[i] = test_http_connect (fixture->port);
  /* The surplus is shut down as it is accepted: wait for it (at most 3 s,
   * the request timeout here is 5 s), then the rest must still be open. */
  deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  while (closed < G_N_ELEMENTS (fds) - VIGIL_METRICS_MAX_CONNECTIONS_DEFAULT &&
         g_get_monotonic_time () < deadline)
    {
      for (guint i = 0; i < G_N_ELEMENTS (fds); i++)
        {
          struct pollfd pfd = { .fd = fds[i], .events = POLLIN };
          char byte;

          if (!is_closed[i] && poll (&pfd, 1, 0) > 0 && recv (fds[i], &byte, 1, MSG_DONTWAIT) == 0)
            {
              is_closed[i] = TRUE;                            /* EOF: shut down */
              closed++;
            }
        }
      g_usleep (10 * 1000);
    }
  g_test_message ("%u of %u idle connections shut down at once", closed, (guint) G_N_ELEMENTS (fds));
  g_assert_cmpuint (closed, ==, G_N_ELEMENTS (fds) - VIGIL_METRICS_MAX_CONNECTIONS_DEFAULT);
  g_usleep (100 * 1000);
  for (guint i = 0; i < G_N_ELEMENTS (fds); i++)
    {
      struct pollfd pfd = { .fd = fds[i], .events = POLLIN };

      if (!is_closed[i])
        g_assert_cmpint (poll (&pfd, 1, 0), ==, 0);           /* still waiting for a request */
    }
  for (guint i = 0; i < G_N_ELEMENTS (fds); i++)
    close (fds[i]);

  /* Serving again once they are gone (closing them ends their requests). */
  deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  do
    {
      g_clear_pointer (&reply, g_free);
      reply = test_http_get (fixture->port, "/metrics", NULL);
    }
  while (test_http_status (reply) != 200 && g_get_monotonic_time () < deadline);
  g_assert_cmpuint (test_http_status (reply), ==, 200);
  deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (test_count_fds () != fixture->serving_fds && g_get_monotonic_time () < deadline)
    g_usleep (10 * 1000);
  g_assert_cmpuint (test_count_fds (), ==, fixture->serving_fds);
}

static void
test_server_address_taken (void)
{
  g_autoptr(VigilMetricsBoard) board = vigil_metrics_board_new ();
  VigilMetricsServer *first = vigil_metrics_server_new (board);
  VigilMetricsServer *second = vigil_metrics_server_new (board);
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  guint threads = test_count_threads ();
  gboolean started;

  started = vigil_metrics_server_start (first, "127.0.0.1:0", &error);
  g_assert_no_error (error);
  g_assert_true (started);
  address = g_strdup_printf ("127.0.0.1:%u", vigil_metrics_server_get_port (first));
  started = vigil_metrics_server_start (second, address, &error);
  g_assert_false (started);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_cmpuint (vigil_metrics_server_get_port (second), ==, 0);
  g_assert_finalize_object (second);
  g_assert_finalize_object (first);     /* stops it */
  g_assert_cmpuint (test_settled_threads (threads), ==, threads);
}

/* GLib and libsoup make a few process-lifetime singletons on first use
 * (the default main context and its wake-up eventfd among them): one
 * serve-and-stop before any baseline is taken, so a test run alone counts
 * as one run after others. */
static void
warm_up (void)
{
  g_autoptr(VigilMetricsBoard) board = vigil_metrics_board_new ();
  g_autoptr(VigilMetricsServer) server = vigil_metrics_server_new (board);
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = NULL;
  gboolean started = vigil_metrics_server_start (server, "127.0.0.1:0", &error);

  g_assert_no_error (error);
  g_assert_true (started);
  reply = test_http_get (vigil_metrics_server_get_port (server), "/metrics", NULL);
  g_assert_cmpuint (test_http_status (reply), ==, 200);
  vigil_metrics_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  warm_up ();

  g_test_add_func ("/vigil/metrics/exposition-text", test_exposition_text);
  g_test_add_func ("/vigil/metrics/exposition-openmetrics", test_exposition_openmetrics);
  g_test_add_func ("/vigil/metrics/accept", test_accept);
  g_test_add_func ("/vigil/metrics/address", test_address);
  g_test_add_func ("/vigil/metrics/board", test_board);
  g_test_add_func ("/vigil/metrics/collector", test_collector);
  g_test_add_func ("/vigil/metrics/collector-dropped", test_collector_dropped);
  g_test_add_func ("/vigil/metrics/collector-supervisors", test_collector_supervisors);
  g_test_add ("/vigil/metrics/server-get", Fixture, NULL, fixture_setup, test_server_get, fixture_teardown);
  g_test_add ("/vigil/metrics/server-bad-requests", Fixture, NULL, fixture_setup, test_server_bad_requests,
              fixture_teardown);
  g_test_add ("/vigil/metrics/server-many-scrapes", Fixture, NULL, fixture_setup, test_server_many_scrapes,
              fixture_teardown);
  g_test_add ("/vigil/metrics/server-too-many-connections", Fixture, GUINT_TO_POINTER (5000), fixture_setup,
              test_server_too_many_connections, fixture_teardown);
  g_test_add_func ("/vigil/metrics/server-address-taken", test_server_address_taken);
  return g_test_run ();
}
