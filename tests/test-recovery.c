/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <arv.h>

#include "vigil-diagnostics.h"
#include "vigil-error.h"
#include "vigil-session.h"
#include "vigil-sim-camera.h"
#include "vigil-supervisor.h"
#include "test-util.h"

/* Failure paths, taken many times: every fault point once and
 * persistently, with the process's fds, threads and ledger back to their
 * baseline after every cycle.  Runs inside isolate.sh (a private network
 * namespace): the simulated camera owns 127.0.0.1 for this test alone. */

#define ADDRESS    "127.0.0.1"
#define N_CYCLES   20
#define FRAME_RATE 100.0   /* frames per second: a first frame comes sooner */

static VigilSimCamera *camera;

typedef struct
{
  const char *point;
  VigilPhase  phase;       /* where its failure is recorded */
} FaultCase;

static const FaultCase fault_cases[] = {
  { "open.device",            VIGIL_PHASE_DEVICE_OPENED },
  { "open.after-device",      VIGIL_PHASE_DEVICE_OPENED },
  { "stream.create",          VIGIL_PHASE_STREAM_CREATED },
  { "callback.register",      VIGIL_PHASE_CALLBACK_REGISTERED },
  { "buffers.alloc",          VIGIL_PHASE_BUFFERS_QUEUED },
  { "acquisition.start",      VIGIL_PHASE_ACQUISITION_START },
  { "shutdown.during-open",   VIGIL_PHASE_DEVICE_OPENED },
  { "close.stop-acquisition", VIGIL_PHASE_CLOSE_START },
  { "frame.timeout",          VIGIL_PHASE_TIMEOUT_DETECTED },
  { "control.lost",           VIGIL_PHASE_CONTROL_LOST },
};

typedef struct
{
  VigilPhase reason;
  guint      n_lost;
} Lost;

static void
on_lost (VigilSession *session,
         VigilPhase    reason,
         gpointer      user_data)
{
  Lost *lost = user_data;

  lost->reason = reason;
  lost->n_lost++;
}

static guint
count_error_events (VigilDiagnostics *diagnostics,
                    VigilPhase        phase)
{
  g_autoptr(GPtrArray) events = vigil_events_list (vigil_diagnostics_get_events (diagnostics));
  guint n = 0;

  for (guint i = 0; i < events->len; i++)
    {
      VigilEvent *event = g_ptr_array_index (events, i);

      if (event->event == VIGIL_EVENT_ERROR && event->phase == phase)
        n++;
    }
  return n;
}

/* One open → (lost) → close cycle at session level. */
static void
cycle (VigilDiagnostics *diagnostics,
       VigilFrameSink   *sink,
       const FaultCase  *fault_case,
       guint            *n_failures)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSession) session = NULL;
  Lost lost = { 0 };
  VigilSessionConfig config = {
    .camera_id = ADDRESS,
    .sink = sink,
    .diagnostics = diagnostics,
    .watchdog_intervals = 3,
    .watchdog_margin_ms = 250,
    .first_frame_timeout_ms = 3000,
    .cancellable = cancellable,
  };
  guint64 fired_before = vigil_faults_get_fired (vigil_diagnostics_get_faults (diagnostics), fault_case->point);
  gboolean fired;

  session = vigil_session_open (&config, on_lost, &lost, &error);
  if (session != NULL)
    {
      fired = vigil_faults_get_fired (vigil_diagnostics_get_faults (diagnostics), fault_case->point) > fired_before;
      if (fired && (fault_case->phase == VIGIL_PHASE_TIMEOUT_DETECTED ||
                    fault_case->phase == VIGIL_PHASE_CONTROL_LOST))
        {
          gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

          while (lost.n_lost == 0 && g_get_monotonic_time () < deadline)
            g_main_context_iteration (NULL, TRUE);
          g_assert_cmpuint (lost.n_lost, ==, 1);
          g_assert_cmpint (lost.reason, ==, fault_case->phase);
          (*n_failures)++;
          vigil_session_stop_watching (session);
        }
      vigil_session_close (session);
      if (fault_case->phase == VIGIL_PHASE_CLOSE_START &&
          vigil_faults_get_fired (vigil_diagnostics_get_faults (diagnostics), fault_case->point) > fired_before)
        (*n_failures)++;
    }
  else
    {
      g_assert_nonnull (error);
      if (fault_case->phase == VIGIL_PHASE_DEVICE_OPENED && g_str_equal (fault_case->point, "shutdown.during-open"))
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      else
        g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_FAULT_INJECTED);
      (*n_failures)++;
    }

  g_clear_object (&session);
  test_drain_main_context ();
}

static void
test_fault_points (void)
{
  g_autoptr(VigilDiagnostics) diagnostics = vigil_diagnostics_new ();
  g_autoptr(VigilFrameSink) sink = vigil_frame_sink_new (NULL);
  VigilFaults *faults = vigil_diagnostics_get_faults (diagnostics);
  VigilLedger *ledger = vigil_diagnostics_get_ledger (diagnostics);
  FaultCase none = { "open.device", VIGIL_PHASE_NONE };
  guint fds, threads, dummy = 0;

  /* Warm up: Aravis makes some process-wide state on the first open. */
  cycle (diagnostics, sink, &none, &dummy);
  fds = test_count_fds ();
  threads = test_count_threads ();

  for (guint i = 0; i < G_N_ELEMENTS (fault_cases); i++)
    {
      const FaultCase *fault_case = &fault_cases[i];
      const char *modes[] = { "once", "persistent" };

      for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
        {
          guint errors_before = count_error_events (diagnostics, fault_case->phase);
          guint n_failures = 0;
          g_autoptr(GError) error = NULL;

          g_assert_true (vigil_faults_arm (faults, fault_case->point, modes[m], &error));
          g_assert_no_error (error);

          for (guint c = 0; c < N_CYCLES; c++)
            {
              cycle (diagnostics, sink, fault_case, &n_failures);
              /* After every cycle: nothing open, nothing grown. */
              g_assert_cmpuint (vigil_ledger_count_open (ledger), ==, 0);
              g_assert_cmpuint (test_count_fds (), ==, fds);
              g_assert_cmpuint (test_settled_threads (threads), ==, threads);
            }

          g_assert_cmpuint (n_failures, ==, m == 0 ? 1 : N_CYCLES);
          g_assert_cmpuint (vigil_faults_get_fired (faults, fault_case->point), ==, n_failures);
          /* Failures of an open or a close are recorded with their phase. */
          if (fault_case->phase != VIGIL_PHASE_TIMEOUT_DETECTED &&
              fault_case->phase != VIGIL_PHASE_CONTROL_LOST &&
              !g_str_equal (fault_case->point, "shutdown.during-open"))
            g_assert_cmpuint (count_error_events (diagnostics, fault_case->phase) - errors_before, ==, n_failures);
          g_test_message ("%s %s: %u cycles, %u failures, fd delta 0, thread delta 0",
                          fault_case->point, modes[m], N_CYCLES, n_failures);
          vigil_faults_disarm_all (faults);
        }
    }

  test_drain_main_context ();
  g_assert_finalize_object (g_steal_pointer (&sink));
  g_assert_finalize_object (g_steal_pointer (&diagnostics));
}


/* ---- Supervisor: disconnects and recovery ------------------------------- */

typedef struct
{
  VigilDiagnostics *diagnostics;
  VigilSupervisor  *supervisor;
  gint64            streaming_at;    /* monotonic µs of the last Streaming */
  gint64            recovering_at;
} Watch;

static void
on_state (VigilSupervisor *supervisor,
          GParamSpec      *pspec,
          Watch           *watch)
{
  VigilSupervisorState state = vigil_supervisor_get_state (supervisor);

  if (state == VIGIL_SUPERVISOR_STREAMING)
    watch->streaming_at = g_get_monotonic_time ();
  else if (state == VIGIL_SUPERVISOR_RECOVERING)
    watch->recovering_at = g_get_monotonic_time ();
}

static void
watch_init (Watch *watch,
            guint  backoff_initial_ms,
            guint  backoff_max_ms)
{
  watch->diagnostics = vigil_diagnostics_new ();
  watch->supervisor = vigil_supervisor_new (watch->diagnostics);
  watch->streaming_at = watch->recovering_at = 0;
  vigil_supervisor_set_backoff (watch->supervisor, backoff_initial_ms, backoff_max_ms);
  g_signal_connect (watch->supervisor, "notify::state", G_CALLBACK (on_state), watch);
}

static void
watch_clear (Watch *watch)
{
  g_assert_true (vigil_supervisor_shutdown (watch->supervisor, 20000));
  test_drain_main_context ();
  g_signal_handlers_disconnect_by_data (watch->supervisor, watch);
  g_assert_finalize_object (g_steal_pointer (&watch->supervisor));
  g_assert_finalize_object (g_steal_pointer (&watch->diagnostics));
}

/* Iterates the main context until @state, or fails after @timeout_ms. */
static void
wait_state (Watch                *watch,
            VigilSupervisorState  state,
            guint                 timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (vigil_supervisor_get_state (watch->supervisor) != state)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
wait_quiescent (Watch *watch)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  wait_state (watch, VIGIL_SUPERVISOR_IDLE, 10000);
  while (!vigil_supervisor_is_quiescent (watch->supervisor))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (1000);
    }
  test_settled_threads (0);
}

/* UTC time of the newest event at @phase, 0 when none. */
static gint64
event_time (VigilDiagnostics *diagnostics,
            VigilPhase        phase)
{
  g_autoptr(GPtrArray) events = vigil_events_list (vigil_diagnostics_get_events (diagnostics));

  for (guint i = events->len; i > 0; i--)
    {
      VigilEvent *event = g_ptr_array_index (events, i - 1);

      if (event->phase == phase && event->event == VIGIL_EVENT_CAMERA_SESSION)
        return event->ts_us;
    }
  return 0;
}

static void set_frame_rate (void);

static void
restart_camera (void)
{
  g_autoptr(GError) error = NULL;

  if (vigil_sim_camera_is_frozen (camera))
    vigil_sim_camera_thaw (camera, NULL);
  if (!vigil_sim_camera_is_running (camera))
    {
      g_assert_true (vigil_sim_camera_replug (camera, &error));
      set_frame_rate ();
    }
  g_assert_no_error (error);
}

static void
test_freeze_thaw (void)
{
  Watch watch;
  g_autoptr(GError) error = NULL;
  gint64 frozen_at, detected_at, thawed_at, detection_ms, recovery_ms;

  watch_init (&watch, VIGIL_BACKOFF_INITIAL_MS_DEFAULT, VIGIL_BACKOFF_MAX_MS_DEFAULT);
  vigil_supervisor_open (watch.supervisor, ADDRESS);
  wait_state (&watch, VIGIL_SUPERVISOR_STREAMING, 10000);
  g_usleep (500 * 1000);

  frozen_at = g_get_real_time ();
  g_assert_true (vigil_sim_camera_freeze (camera, &error));
  wait_state (&watch, VIGIL_SUPERVISOR_RECOVERING, 5000);
  detected_at = event_time (watch.diagnostics, VIGIL_PHASE_TIMEOUT_DETECTED);
  g_assert_cmpint (detected_at, >, 0);
  detection_ms = (detected_at - frozen_at) / 1000;
  /* 3 frame intervals + 300 ms. */
  g_assert_cmpint (detection_ms, <=, (gint64) (3 * 1000 / FRAME_RATE) + 300);

  /* Long enough for the camera to drop our control (3 s heartbeat). */
  g_usleep (3500 * 1000);
  g_assert_true (vigil_sim_camera_thaw (camera, &error));
  thawed_at = g_get_monotonic_time ();
  wait_state (&watch, VIGIL_SUPERVISOR_STREAMING, 10000);
  recovery_ms = (watch.streaming_at - thawed_at) / 1000;
  g_test_message ("freeze: TimeoutDetected %" G_GINT64_FORMAT " ms after SIGSTOP; streaming %"
                  G_GINT64_FORMAT " ms after SIGCONT; %" G_GUINT64_FORMAT " reconnect attempts",
                  detection_ms, recovery_ms, vigil_supervisor_get_reconnects (watch.supervisor));
  g_assert_cmpint (recovery_ms, <=, 1000);

  watch_clear (&watch);
}

static void
test_unplug_replug (void)
{
  Watch watch;
  g_autoptr(GError) error = NULL;
  gint64 replugged_at, recovery_ms;

  watch_init (&watch, VIGIL_BACKOFF_INITIAL_MS_DEFAULT, VIGIL_BACKOFF_MAX_MS_DEFAULT);
  vigil_supervisor_open (watch.supervisor, ADDRESS);
  wait_state (&watch, VIGIL_SUPERVISOR_STREAMING, 10000);
  g_usleep (500 * 1000);

  g_assert_true (vigil_sim_camera_unplug (camera, &error));
  wait_state (&watch, VIGIL_SUPERVISOR_RECOVERING, 5000);
  g_usleep (2000 * 1000);
  g_assert_true (vigil_sim_camera_replug (camera, &error));
  replugged_at = g_get_monotonic_time ();
  wait_state (&watch, VIGIL_SUPERVISOR_STREAMING, 10000);
  recovery_ms = (watch.streaming_at - replugged_at) / 1000;
  g_test_message ("unplug/replug: streaming %" G_GINT64_FORMAT " ms after the replug", recovery_ms);
  g_assert_cmpint (recovery_ms, <=, 1000);

  watch_clear (&watch);
}

static gboolean
run_leak_scenario (gboolean  leak_demo,
                   guint     n_failed,
                   guint    *unpaired_events,
                   gint64   *fd_growth)
{
  Watch watch;
  VigilFaults *faults;
  g_autoptr(VigilVerdict) verdict = NULL;
  g_autoptr(GPtrArray) unpaired = NULL;
  gint64 deadline;
  guint fds_before;
  gboolean leak;

  restart_camera ();
  watch_init (&watch, 10, 10);
  faults = vigil_diagnostics_get_faults (watch.diagnostics);
  vigil_faults_set_leak_demo (faults, leak_demo);

  /* A first good session, two clean reconnects (the verdict's warm-up),
   * then every reconnect fails at callback.register. */
  vigil_supervisor_open (watch.supervisor, ADDRESS);
  wait_state (&watch, VIGIL_SUPERVISOR_STREAMING, 10000);
  for (guint i = 0; i < 2; i++)
    {
      vigil_supervisor_inject_loss (watch.supervisor);
      wait_state (&watch, VIGIL_SUPERVISOR_RECOVERING, 5000);
      wait_state (&watch, VIGIL_SUPERVISOR_STREAMING, 10000);
    }

  /* The baseline with no session open and nothing being torn down. */
  vigil_supervisor_close (watch.supervisor);
  wait_quiescent (&watch);
  fds_before = test_count_fds ();
  vigil_supervisor_open (watch.supervisor, ADDRESS);
  wait_state (&watch, VIGIL_SUPERVISOR_STREAMING, 10000);

  g_assert_true (vigil_faults_arm (faults, "callback.register", "persistent", NULL));
  vigil_supervisor_inject_loss (watch.supervisor);
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (vigil_faults_get_fired (faults, "callback.register") < n_failed)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  vigil_supervisor_close (watch.supervisor);
  wait_quiescent (&watch);

  n_failed = (guint) vigil_faults_get_fired (faults, "callback.register");
  unpaired = vigil_ledger_list_unpaired (vigil_diagnostics_get_ledger (watch.diagnostics));
  *unpaired_events = 0;
  for (guint i = 0; i < unpaired->len; i++)
    {
      VigilResourceInfo *info = g_ptr_array_index (unpaired, i);

      g_assert_cmpint (info->kind, ==, VIGIL_RESOURCE_EVENT);
      g_assert_cmpint (info->create_phase, ==, VIGIL_PHASE_CALLBACK_REGISTERED);
      (*unpaired_events)++;
    }
  *fd_growth = (gint64) test_count_fds () - (gint64) fds_before;
  verdict = vigil_history_get_verdict (vigil_diagnostics_get_history (watch.diagnostics));
  g_test_message ("leak demonstration %s: %u failed reconnects, %u unpaired Event resources, "
                  "verdict %s, %.2f fds per reconnect",
                  leak_demo ? "on" : "off", n_failed, *unpaired_events,
                  vigil_verdict_status_to_string (verdict->status),
                  verdict->metrics[VIGIL_METRIC_OPEN_FDS].slope);
  for (guint m = 0; m < VIGIL_N_METRICS; m++)
    g_test_message ("  metric %u: %s, slope %.3f, Theil-Sen %.3f, MK p %.4f", m,
                    vigil_verdict_status_to_string (verdict->metrics[m].status),
                    verdict->metrics[m].slope, verdict->metrics[m].theil_sen, verdict->metrics[m].mk_p);
  g_assert_cmpuint (*unpaired_events, ==, leak_demo ? n_failed : 0);
  leak = verdict->status == VIGIL_VERDICT_LEAK;

  watch_clear (&watch);
  return leak;
}

static void
test_leak_demo (void)
{
  guint unpaired;
  gint64 growth;

  /* Each failed reconnect left its event fd open, and nothing else grew. */
  g_assert_true (run_leak_scenario (TRUE, N_CYCLES, &unpaired, &growth));
  g_assert_cmpuint (unpaired, >=, N_CYCLES);
  g_assert_cmpint (growth, ==, (gint64) unpaired);

  g_assert_false (run_leak_scenario (FALSE, N_CYCLES, &unpaired, &growth));
  g_assert_cmpuint (unpaired, ==, 0);
  g_assert_cmpint (growth, ==, 0);
}

/* The simulated camera keeps its registers across sessions (and a replug
 * keeps nothing: restart_camera () sets it again). */
static void
set_frame_rate (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ArvCamera) arv_camera = arv_camera_new (ADDRESS, &error);

  g_assert_no_error (error);
  arv_camera_set_frame_rate (arv_camera, FRAME_RATE, &error);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  arv_update_device_list ();

  camera = vigil_sim_camera_new (ADDRESS, "RECOVERY");
  if (!vigil_sim_camera_start (camera, &error))
    g_error ("%s", error->message);
  set_frame_rate ();

  g_test_add_func ("/vigil/recovery/fault-points", test_fault_points);
  g_test_add_func ("/vigil/recovery/freeze-thaw", test_freeze_thaw);
  g_test_add_func ("/vigil/recovery/unplug-replug", test_unplug_replug);
  g_test_add_func ("/vigil/recovery/leak-demo", test_leak_demo);

  ret = g_test_run ();
  g_clear_object (&camera);
  arv_shutdown ();
  return ret;
}
