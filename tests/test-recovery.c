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

#define ADDRESS  "127.0.0.1"
#define N_CYCLES 20

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

  g_test_add_func ("/vigil/recovery/fault-points", test_fault_points);

  ret = g_test_run ();
  g_clear_object (&camera);
  arv_shutdown ();
  return ret;
}
