/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <arv.h>

#include "vigil-acquisition-mode.h"
#include "vigil-control-probe.h"
#include "vigil-controls.h"
#include "vigil-diagnostics.h"
#include "vigil-frame-sink.h"
#include "vigil-session.h"
#include "vigil-error.h"
#include "vigil-liveness-monitor.h"
#include "vigil-sim-camera.h"
#include "vigil-trigger-controls.h"
#include "test-util.h"

/* Runs inside isolate.sh: a private network namespace, so the simulated
 * camera owns 127.0.0.1:3956 for this test alone. */
#define ADDRESS "127.0.0.1"

/* Sets features on the camera as another application would (arv-tool),
 * "Name=Value" in order, then lets go of it. */
static void
configure (const char * const *features)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ArvCamera) camera = arv_camera_new (ADDRESS, &error);

  g_assert_no_error (error);
  for (guint i = 0; features[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (features[i], "=", 2);

      arv_camera_set_string (camera, pair[0], pair[1], &error);
      g_assert_no_error (error);
    }
}

static ArvCamera *
open_camera (void)
{
  g_autoptr(GError) error = NULL;
  ArvCamera *camera = arv_camera_new (ADDRESS, &error);

  g_assert_no_error (error);
  g_assert_nonnull (camera);
  return camera;
}

static void
test_read_modes (void)
{
  g_autoptr(VigilSimCamera) sim = vigil_sim_camera_new (ADDRESS, "TRIG01");
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_sim_camera_start (sim, &error));
  g_assert_no_error (error);

  {
    g_autoptr(ArvCamera) camera = open_camera ();
    g_autoptr(VigilAcquisitionMode) mode = vigil_acquisition_mode_read (camera, &error);

    g_assert_no_error (error);
    g_assert_true (mode->has_trigger);
    g_assert_true (mode->has_software_trigger);
    g_assert_false (mode->triggered);
    g_assert_cmpuint (mode->frame_limit, ==, 0);
    g_assert_cmpfloat (mode->frame_rate, >, 0);
    g_assert_true (vigil_acquisition_mode_is_free_running (mode));
  }

  /* Set as arv-tool sets it, with the selector where arv_camera_set_frame_rate
   * leaves it (AcquisitionStart): the read still finds it. */
  configure ((const char *[]) { "TriggerSelector=FrameStart", "TriggerMode=On", "TriggerSource=Software",
                                "TriggerSelector=AcquisitionStart", NULL });
  {
    g_autoptr(ArvCamera) camera = open_camera ();
    g_autoptr(VigilAcquisitionMode) mode = vigil_acquisition_mode_read (camera, &error);

    g_assert_no_error (error);
    g_assert_true (mode->triggered);
    g_assert_cmpstr (mode->trigger_source, ==, "Software");
    g_assert_cmpstr (mode->trigger_selector, ==, "FrameStart");
    g_assert_true (vigil_acquisition_mode_is_software (mode));
    g_assert_false (vigil_acquisition_mode_is_free_running (mode));
    /* FrameStart is selected again. */
    g_assert_cmpstr (arv_camera_get_string (camera, "TriggerSelector", NULL), ==, "FrameStart");
  }

  configure ((const char *[]) { "TriggerSelector=FrameStart", "TriggerSource=Line0", "AcquisitionMode=SingleFrame", NULL });
  {
    g_autoptr(ArvCamera) camera = open_camera ();
    g_autoptr(VigilAcquisitionMode) mode = vigil_acquisition_mode_read (camera, &error);

    g_assert_no_error (error);
    g_assert_true (mode->triggered);
    g_assert_cmpstr (mode->trigger_source, ==, "Line0");
    g_assert_false (vigil_acquisition_mode_is_software (mode));
    g_assert_cmpuint (mode->frame_limit, ==, 1);
  }

  vigil_sim_camera_stop (sim);
}

/* The probe answers in well under a millisecond on loopback; a frozen
 * camera fails it after Aravis's GVCP timeout. */
static void
test_probe (void)
{
  g_autoptr(VigilSimCamera) sim = vigil_sim_camera_new (ADDRESS, "TRIG02");
  g_autoptr(GError) error = NULL;
  gint64 start, elapsed;

  g_assert_true (vigil_sim_camera_start (sim, &error));
  g_assert_no_error (error);

  {
    g_autoptr(ArvCamera) camera = open_camera ();

    g_autoptr(VigilControlProbe) probe = vigil_control_probe_new (camera, &error);

    g_assert_no_error (error);
    g_assert_cmpint (vigil_control_probe_get_fd (probe), >=, 0);
    start = g_get_monotonic_time ();
    g_assert_cmpint (vigil_control_probe_run (probe, &error), ==, VIGIL_PROBE_ANSWERED);
    g_assert_no_error (error);
    elapsed = g_get_monotonic_time () - start;
    g_test_message ("probe answered in %" G_GINT64_FORMAT " µs", elapsed);
    g_assert_cmpint (elapsed, <, 500 * 1000);

    g_assert_true (vigil_sim_camera_freeze (sim, &error));
    start = g_get_monotonic_time ();
    g_assert_cmpint (vigil_control_probe_run (probe, &error), ==, VIGIL_PROBE_NO_ANSWER);
    g_assert_nonnull (error);
    elapsed = g_get_monotonic_time () - start;
    g_test_message ("probe of a frozen camera failed after %" G_GINT64_FORMAT " ms: %s",
                    elapsed / 1000, error->message);
    g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_TIMEOUT);
    g_assert_cmpint (elapsed, >=, VIGIL_CONTROL_PROBE_TRIES * VIGIL_CONTROL_PROBE_WAIT_MS * 1000 - 10000);
    g_assert_cmpint (elapsed, <, 2000 * 1000);
    g_clear_error (&error);
    g_assert_true (vigil_sim_camera_thaw (sim, &error));
    g_assert_cmpint (vigil_control_probe_run (probe, &error), ==, VIGIL_PROBE_ANSWERED);
    g_assert_no_error (error);
  }
  vigil_sim_camera_stop (sim);
}

/* Reading, writing and firing the trigger controls; a source the camera
 * refuses comes back in the camera's own words. */
static void
test_controls (void)
{
  g_autoptr(VigilSimCamera) sim = vigil_sim_camera_new (ADDRESS, "TRIG03");
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_sim_camera_start (sim, &error));
  g_assert_no_error (error);

  {
    g_autoptr(ArvCamera) camera = open_camera ();
    g_autoptr(VigilTriggerControls) controls = vigil_trigger_controls_read (camera, &error);
    g_autoptr(VigilTriggerControls) after = NULL;

    g_assert_no_error (error);
    for (guint i = 0; i < VIGIL_TRIGGER_N_FEATURES; i++)
      g_assert_true (vigil_trigger_controls_has (controls, i));
    g_assert_cmpstr (controls->features[VIGIL_TRIGGER_MODE].value, ==, "Off");
    g_assert_true (g_strv_contains ((const char * const *) controls->features[VIGIL_TRIGGER_SOURCE].entries, "Software"));
    g_assert_true (controls->has_software_trigger);
    g_assert_false (vigil_trigger_controls_can_trigger (controls));

    g_assert_false (vigil_trigger_controls_apply (camera, "TriggerSource", "Line7", &error));
    g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_FEATURE);
    g_test_message ("refused: %s", error->message);
    g_assert_nonnull (strstr (error->message, "Line7"));
    g_clear_error (&error);
    g_assert_false (vigil_trigger_controls_apply (camera, "Width", "12", &error));
    g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);

    g_assert_true (vigil_trigger_controls_apply (camera, "TriggerMode", "On", &error));
    g_assert_no_error (error);
    g_assert_true (vigil_trigger_controls_apply (camera, "TriggerSource", "Software", &error));
    g_assert_no_error (error);
    after = vigil_trigger_controls_read (camera, &error);
    g_assert_no_error (error);
    g_assert_true (vigil_trigger_controls_can_trigger (after));
    g_assert_true (vigil_trigger_software (camera, &error));
    g_assert_no_error (error);

    /* A new frame rate leaves the trigger mode alone (Aravis's
     * arv_camera_set_frame_rate would turn it off). */
    g_assert_true (vigil_controls_apply (camera, VIGIL_FEATURE_FRAME_RATE, g_variant_new_double (10), &error));
    g_assert_no_error (error);
    g_clear_pointer (&after, vigil_trigger_controls_free);
    after = vigil_trigger_controls_read (camera, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (after->features[VIGIL_TRIGGER_MODE].value, ==, "On");
    g_assert_cmpfloat_with_epsilon (arv_camera_get_frame_rate (camera, NULL), 10.0, 0.01);
  }

  vigil_sim_camera_stop (sim);
}

typedef struct
{
  VigilPhase          lost_phase;
  gint64              lost_at;
  guint               restarts;
  guint               stops;
  VigilLivenessState  state;
} MonitorLog;

static guint64
fake_frames (gpointer  data,
             gint64   *last_us)
{
  *last_us = 0;
  return 0;
}

static gboolean
fake_restart (gpointer   data,
              GError   **error)
{
  ((MonitorLog *) data)->restarts++;
  return TRUE;
}

static void
fake_stop (gpointer data)
{
  ((MonitorLog *) data)->stops++;
}

static void
fake_lost (gpointer      data,
           VigilPhase    reason,
           const GError *error)
{
  MonitorLog *log = data;

  g_assert_nonnull (error);
  g_test_message ("lost: %s", error->message);
  log->lost_phase = reason;
  log->lost_at = g_get_monotonic_time ();
}

static void
fake_state (gpointer           data,
            VigilLivenessState state)
{
  ((MonitorLog *) data)->state = state;
}

static void
iterate_for (gint64 us)
{
  gint64 deadline = g_get_monotonic_time () + us;

  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (2000);
}

/* The monitor over a quiet triggered camera: probes, waits, never lost;
 * frozen, lost within probe interval + the probe's failure time. */
static void
test_monitor (void)
{
  g_autoptr(VigilSimCamera) sim = vigil_sim_camera_new (ADDRESS, "TRIG04");
  g_autoptr(GError) error = NULL;
  const VigilLivenessMonitorFuncs funcs = {
    .frames = fake_frames,
    .restart_stream = fake_restart,
    .stop_acquisition = fake_stop,
    .lost = fake_lost,
    .state_changed = fake_state,
  };
  VigilLivenessConfig config = { .watchdog_intervals = 3, .watchdog_margin_ms = 250, .probe_interval_ms = 1000 };
  MonitorLog log = { .lost_phase = VIGIL_PHASE_NONE };
  gint64 frozen_at;

  g_assert_true (vigil_sim_camera_start (sim, &error));
  g_assert_no_error (error);

  {
    g_autoptr(ArvCamera) camera = open_camera ();
    g_autoptr(VigilAcquisitionMode) mode = vigil_acquisition_mode_new_from_strings ("On", "Software", "Continuous", 0, 25);
    g_autoptr(VigilLivenessMonitor) monitor = vigil_liveness_monitor_new (camera, &config, mode, &funcs, &log, &error);

    g_assert_no_error (error);
    iterate_for (3500 * 1000);
    g_assert_cmpint (log.lost_phase, ==, VIGIL_PHASE_NONE);
    g_assert_cmpuint (vigil_liveness_monitor_get_probes (monitor), >=, 2);
    g_assert_cmpuint (vigil_liveness_monitor_get_probes (monitor), <=, 4);
    g_assert_cmpint (vigil_liveness_monitor_get_state (monitor), ==, VIGIL_LIVENESS_WAITING_FOR_TRIGGER);

    g_assert_true (vigil_sim_camera_freeze (sim, &error));
    frozen_at = g_get_monotonic_time ();
    iterate_for (3000 * 1000);
    g_assert_cmpint (log.lost_phase, ==, VIGIL_PHASE_CONTROL_LOST);
    g_test_message ("monitor: lost %" G_GINT64_FORMAT " ms after the freeze", (log.lost_at - frozen_at) / 1000);
    /* probe interval + the probe's 600 ms, and slack for a loaded machine */
    g_assert_cmpint (log.lost_at - frozen_at, <=, 2500 * 1000);
    g_assert_cmpuint (log.restarts, ==, 0);
    g_assert_true (vigil_sim_camera_thaw (sim, &error));
  }
  vigil_sim_camera_stop (sim);
}

/* ---- Fault points in trigger mode ---------------------------------------- */

#define N_CYCLES 20

typedef struct
{
  const char *point;
  VigilPhase  phase;   /* where it shows: an open failing there, a loss, a close */
} FaultCase;

/* frame.timeout mutes the consumer as a camera that stops delivering:
 * in trigger mode no frame is expected, so nothing is lost — the
 * triggered frames are dropped and the session goes on waiting. */
static const FaultCase fault_cases[] = {
  { "open.device",            VIGIL_PHASE_DEVICE_OPENED },
  { "open.after-device",      VIGIL_PHASE_DEVICE_OPENED },
  { "stream.create",          VIGIL_PHASE_STREAM_CREATED },
  { "callback.register",      VIGIL_PHASE_CALLBACK_REGISTERED },
  { "buffers.alloc",          VIGIL_PHASE_BUFFERS_QUEUED },
  { "acquisition.start",      VIGIL_PHASE_ACQUISITION_START },
  { "shutdown.during-open",   VIGIL_PHASE_DEVICE_OPENED },
  { "close.stop-acquisition", VIGIL_PHASE_CLOSE_START },
  { "frame.timeout",          VIGIL_PHASE_NONE },
  { "control.lost",           VIGIL_PHASE_CONTROL_LOST },
};

static void
on_lost (VigilSession *session,
         VigilPhase    reason,
         gpointer      user_data)
{
  *(VigilPhase *) user_data = reason;
}

/* One open → (lost) → close cycle of a session on the triggered camera;
 * returns whether the fault fired. */
static gboolean
fault_cycle (VigilDiagnostics *diagnostics,
             VigilFrameSink   *sink,
             const FaultCase  *fault_case)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSession) session = NULL;
  VigilFaults *faults = vigil_diagnostics_get_faults (diagnostics);
  guint64 fired_before = vigil_faults_get_fired (faults, fault_case->point);
  VigilPhase lost = VIGIL_PHASE_NONE;
  VigilSessionConfig config = {
    .camera_id = ADDRESS,
    .sink = sink,
    .diagnostics = diagnostics,
    .watchdog_intervals = 3,
    .watchdog_margin_ms = 250,
    .first_frame_timeout_ms = 3000,
    .cancellable = cancellable,
  };
  gboolean fired;

  session = vigil_session_open (&config, on_lost, &lost, &error);
  fired = vigil_faults_get_fired (faults, fault_case->point) > fired_before;
  if (session == NULL)
    {
      g_assert_true (fired);
      g_assert_nonnull (error);
      return TRUE;
    }
  /* Opened without a frame: the camera waits for a trigger. */
  g_assert_cmpint (vigil_session_get_liveness (session), ==, VIGIL_LIVENESS_WAITING_FOR_TRIGGER);
  if (fired && fault_case->phase == VIGIL_PHASE_CONTROL_LOST)
    {
      gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

      while (lost == VIGIL_PHASE_NONE && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, TRUE);
      g_assert_cmpint (lost, ==, VIGIL_PHASE_CONTROL_LOST);
      vigil_session_stop_watching (session);
    }
  else
    {
      test_drain_main_context ();
      g_assert_cmpint (lost, ==, VIGIL_PHASE_NONE);
    }
  vigil_session_close (session);
  return vigil_faults_get_fired (faults, fault_case->point) > fired_before;
}

static void
test_fault_points (void)
{
  g_autoptr(VigilSimCamera) sim = vigil_sim_camera_new (ADDRESS, "TRIG05");
  g_autoptr(VigilDiagnostics) diagnostics = vigil_diagnostics_new ();
  g_autoptr(VigilFrameSink) sink = vigil_frame_sink_new (NULL);
  g_autoptr(GError) error = NULL;
  VigilFaults *faults = vigil_diagnostics_get_faults (diagnostics);
  VigilLedger *ledger = vigil_diagnostics_get_ledger (diagnostics);
  FaultCase none = { "open.device", VIGIL_PHASE_NONE };
  guint fds, threads;

  g_assert_true (vigil_sim_camera_start (sim, &error));
  g_assert_no_error (error);
  configure ((const char *[]) { "TriggerSelector=FrameStart", "TriggerMode=On", "TriggerSource=Software", NULL });

  /* Warm up: Aravis makes some process-wide state on the first open. */
  fault_cycle (diagnostics, sink, &none);
  test_drain_main_context ();
  fds = test_count_fds ();
  threads = test_count_threads ();

  for (guint i = 0; i < G_N_ELEMENTS (fault_cases); i++)
    {
      const char *modes[] = { "once", "persistent" };

      for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
        {
          guint n_fired = 0;

          g_assert_true (vigil_faults_arm (faults, fault_cases[i].point, modes[m], &error));
          g_assert_no_error (error);
          for (guint c = 0; c < N_CYCLES; c++)
            {
              n_fired += fault_cycle (diagnostics, sink, &fault_cases[i]);
              test_drain_main_context ();
              g_assert_cmpuint (vigil_ledger_count_open (ledger), ==, 0);
              g_assert_cmpuint (test_count_fds (), ==, fds);
              g_assert_cmpuint (test_settled_threads (threads), ==, threads);
            }
          g_assert_cmpuint (n_fired, ==, m == 0 ? 1 : N_CYCLES);
          g_test_message ("trigger mode, %s %s: %u cycles, fired %u times, fd delta 0, thread delta 0",
                          fault_cases[i].point, modes[m], N_CYCLES, n_fired);
          vigil_faults_disarm_all (faults);
        }
    }

  vigil_sim_camera_stop (sim);
  test_drain_main_context ();
  g_assert_finalize_object (g_steal_pointer (&sink));
  g_assert_finalize_object (g_steal_pointer (&diagnostics));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  arv_update_device_list ();

  g_test_add_func ("/vigil/trigger/read-modes", test_read_modes);
  g_test_add_func ("/vigil/trigger/probe", test_probe);
  g_test_add_func ("/vigil/trigger/controls", test_controls);
  g_test_add_func ("/vigil/trigger/monitor", test_monitor);
  g_test_add_func ("/vigil/trigger/fault-points", test_fault_points);

  return g_test_run ();
}
