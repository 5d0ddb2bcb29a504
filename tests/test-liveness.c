/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "vigil-liveness.h"

/* Synthetic timelines: a simulated clock, a camera that sends frames on a
 * schedule, answers probes at once or, frozen, fails them after the
 * 600 ms vigil-control-probe waits for a GigE camera; the session's tick
 * every 20 ms. */

#define MS (G_GINT64_CONSTANT (1000))
#define S  (G_GINT64_CONSTANT (1000000))
#define TICK (20 * MS)
#define PROBE_FAIL_US (600 * MS)
#define T0 (1000 * S)

typedef struct
{
  VigilLiveness *liveness;
  gint64         now;

  /* The camera. */
  gint64         frame_period;   /* 0: no frames by themselves */
  gint64         next_frame;
  gint64         frames_stop_at; /* 0: never */
  gboolean       frozen;
  gboolean       not_controller;
  gboolean       frames_after_restart;
  gboolean       restart_fails;
  const gint64  *trigger_times;  /* frames at these times (offsets from T0) */
  guint          n_triggers;
  guint          next_trigger;

  /* The probe in flight. */
  gint64         probe_result_at;
  VigilProbeResult probe_result;

  /* What the session was asked to do. */
  guint          probes;
  guint          restarts;
  guint          stops;
  gint64         reconnect_at;
  gint64         stalled_seen_at;
  guint          states_seen;    /* bit per VigilLivenessState */
} Sim;

static void
sim_init (Sim                        *sim,
          const VigilAcquisitionMode *mode,
          guint                       probe_interval_ms)
{
  VigilLivenessConfig config = {
    .watchdog_intervals = 3,
    .watchdog_margin_ms = 250,
    .probe_interval_ms = probe_interval_ms,
  };

  memset (sim, 0, sizeof *sim);
  sim->now = T0;
  sim->liveness = vigil_liveness_new (&config, mode, T0);
}

static void
sim_clear (Sim *sim)
{
  g_clear_pointer (&sim->liveness, vigil_liveness_free);
}

static void
sim_frames (Sim    *sim,
            double  rate)
{
  sim->frame_period = (gint64) (S / rate);
  sim->next_frame = sim->now + sim->frame_period;
}

static void
sim_act (Sim                 *sim,
         VigilLivenessAction  action)
{
  switch (action)
    {
    case VIGIL_LIVENESS_ACTION_PROBE:
      g_assert_cmpint (sim->probe_result_at, ==, 0);
      sim->probes++;
      sim->probe_result_at = sim->now + (sim->frozen ? PROBE_FAIL_US : 200);
      sim->probe_result = sim->frozen ? VIGIL_PROBE_NO_ANSWER
                        : sim->not_controller ? VIGIL_PROBE_NOT_CONTROLLER : VIGIL_PROBE_ANSWERED;
      break;
    case VIGIL_LIVENESS_ACTION_RESTART_STREAM:
      sim->restarts++;
      vigil_liveness_stream_restarted (sim->liveness, !sim->restart_fails, sim->now);
      if (sim->frames_after_restart)
        {
          sim->frames_stop_at = 0;
          sim->next_frame = sim->now + sim->frame_period;
        }
      break;
    case VIGIL_LIVENESS_ACTION_RECONNECT:
      if (sim->reconnect_at == 0)
        sim->reconnect_at = sim->now;
      break;
    case VIGIL_LIVENESS_ACTION_STOP_ACQUISITION:
      sim->stops++;
      sim->frame_period = 0;
      break;
    case VIGIL_LIVENESS_ACTION_NONE:
    default:
      break;
    }
}

/* Runs the timeline until @until (absolute) or a reconnect. */
static void
sim_run (Sim    *sim,
         gint64  until)
{
  while (sim->now < until && sim->reconnect_at == 0)
    {
      VigilLivenessState state;

      sim->now += TICK;
      if (sim->frame_period > 0 && !sim->frozen && sim->now >= sim->next_frame &&
          (sim->frames_stop_at == 0 || sim->now < sim->frames_stop_at))
        {
          vigil_liveness_frame (sim->liveness, sim->now);
          sim->next_frame += sim->frame_period;
        }
      while (!sim->frozen && sim->next_trigger < sim->n_triggers &&
             T0 + sim->trigger_times[sim->next_trigger] <= sim->now)
        {
          vigil_liveness_frame (sim->liveness, sim->now);
          sim->next_trigger++;
        }
      if (sim->probe_result_at != 0 && sim->now >= sim->probe_result_at)
        {
          sim->probe_result_at = 0;
          vigil_liveness_probe_done (sim->liveness, sim->probe_result, sim->now);
        }
      sim_act (sim, vigil_liveness_tick (sim->liveness, sim->now));
      state = vigil_liveness_get_state (sim->liveness);
      sim->states_seen |= 1u << state;
      if (state == VIGIL_LIVENESS_STREAM_STALLED && sim->stalled_seen_at == 0)
        sim->stalled_seen_at = sim->now;
    }
}

static VigilAcquisitionMode *
mode_new (const char *trigger_mode,
          const char *source,
          const char *acquisition,
          double      rate)
{
  VigilAcquisitionMode *mode = vigil_acquisition_mode_new_from_strings (trigger_mode, source, acquisition, 3, rate);

  mode->has_software_trigger = TRUE;
  return mode;
}

static void
test_free_running_fast (void)
{
  g_autoptr(VigilAcquisitionMode) mode = mode_new ("Off", NULL, "Continuous", 25);
  Sim sim;

  sim_init (&sim, mode, 0);
  sim_frames (&sim, 25);
  sim_run (&sim, T0 + 10 * S);
  g_assert_cmpint (sim.reconnect_at, ==, 0);
  g_assert_cmpuint (sim.probes, ==, 0);          /* frames prove the camera answers */
  g_assert_cmpuint (sim.restarts, ==, 0);
  g_assert_cmpint (vigil_liveness_get_state (sim.liveness), ==, VIGIL_LIVENESS_STREAMING);
  g_assert_cmpuint (vigil_liveness_get_frames (sim.liveness), >=, 249);
  g_assert_cmpint (vigil_liveness_get_watchdog_us (sim.liveness), ==, 120 * MS + 250 * MS);
  sim_clear (&sim);
}

/* Frozen while free-running: stalled within the watchdog, lost when the
 * probe fails. */
static void
test_free_running_frozen (void)
{
  g_autoptr(VigilAcquisitionMode) mode = mode_new ("Off", NULL, "Continuous", 100);
  gint64 frozen_at;
  Sim sim;

  sim_init (&sim, mode, 0);
  sim_frames (&sim, 100);
  sim_run (&sim, T0 + 2 * S);
  frozen_at = sim.now;
  sim.frozen = TRUE;
  sim_run (&sim, T0 + 20 * S);

  g_assert_cmpint (sim.stalled_seen_at - frozen_at, <=, 30 * MS + 250 * MS + 2 * TICK);
  g_assert_cmpint (sim.reconnect_at, >, 0);
  g_assert_cmpint (sim.reconnect_at - sim.stalled_seen_at, <=, PROBE_FAIL_US + TICK);
  g_assert_cmpint (vigil_liveness_get_lost_reason (sim.liveness), ==, VIGIL_LIVENESS_LOST_NO_ANSWER);
  g_assert_cmpuint (sim.restarts, ==, 0);
  g_assert_cmpuint (sim.probes, ==, 1);
  sim_clear (&sim);
}

/* No frames but the camera answers: the stream is restarted in the same
 * session, and frames come back. */
static void
test_free_running_stall_restart (void)
{
  g_autoptr(VigilAcquisitionMode) mode = mode_new ("Off", NULL, "Continuous", 25);
  Sim sim;

  sim_init (&sim, mode, 0);
  sim_frames (&sim, 25);
  sim.frames_stop_at = T0 + 3 * S;
  sim.frames_after_restart = TRUE;
  sim_run (&sim, T0 + 10 * S);
  g_assert_cmpint (sim.reconnect_at, ==, 0);
  g_assert_cmpuint (sim.restarts, ==, 1);
  g_assert_cmpuint (sim.probes, ==, 1);
  g_assert_true (sim.states_seen & (1u << VIGIL_LIVENESS_STREAM_STALLED));
  g_assert_cmpint (vigil_liveness_get_state (sim.liveness), ==, VIGIL_LIVENESS_STREAMING);
  g_assert_cmpint (vigil_liveness_get_stalled_at (sim.liveness), ==, 0);
  sim_clear (&sim);
}

/* A restart that brings no frames: then reconnect. */
static void
test_free_running_restart_no_frames (void)
{
  g_autoptr(VigilAcquisitionMode) mode = mode_new ("Off", NULL, "Continuous", 25);
  Sim sim;

  sim_init (&sim, mode, 0);
  sim_frames (&sim, 25);
  sim.frames_stop_at = T0 + 3 * S;
  sim_run (&sim, T0 + 10 * S);
  g_assert_cmpuint (sim.restarts, ==, 1);
  g_assert_cmpint (sim.reconnect_at, >, 0);
  g_assert_cmpint (sim.reconnect_at, <, T0 + 4 * S);
  g_assert_cmpint (vigil_liveness_get_lost_reason (sim.liveness), ==, VIGIL_LIVENESS_LOST_NO_FRAMES);
  sim_clear (&sim);
}

static void
test_free_running_restart_fails (void)
{
  g_autoptr(VigilAcquisitionMode) mode = mode_new ("Off", NULL, "Continuous", 25);
  Sim sim;

  sim_init (&sim, mode, 0);
  sim_frames (&sim, 25);
  sim.frames_stop_at = T0 + 1 * S;
  sim.restart_fails = TRUE;
  sim_run (&sim, T0 + 10 * S);
  g_assert_cmpuint (sim.restarts, ==, 1);
  g_assert_cmpint (sim.reconnect_at, >, 0);
  g_assert_cmpint (vigil_liveness_get_lost_reason (sim.liveness), ==, VIGIL_LIVENESS_LOST_RESTART_FAILED);
  sim_clear (&sim);
}

/* Slow cameras: 1 fps and 0.2 fps for 60 s, no false alarm. */
static void
test_free_running_slow (void)
{
  const double rates[] = { 1.0, 0.2 };

  for (guint i = 0; i < G_N_ELEMENTS (rates); i++)
    {
      g_autoptr(VigilAcquisitionMode) mode = mode_new ("Off", NULL, "Continuous", rates[i]);
      Sim sim;

      sim_init (&sim, mode, 0);
      sim_frames (&sim, rates[i]);
      sim_run (&sim, T0 + 60 * S);
      g_assert_cmpint (sim.reconnect_at, ==, 0);
      g_assert_cmpuint (sim.restarts, ==, 0);
      g_assert_false (sim.states_seen & (1u << VIGIL_LIVENESS_STREAM_STALLED));
      g_assert_cmpint (vigil_liveness_get_watchdog_us (sim.liveness), ==,
                       (gint64) (3 * S / rates[i]) + 250 * MS);
      /* Between slow frames the control channel is asked. */
      if (rates[i] < 1.0)
        g_assert_cmpuint (sim.probes, >=, 40);
      sim_clear (&sim);
    }
}

/* 0.2 fps frozen: the probe finds it long before the 15.25 s watchdog. */
static void
test_free_running_slow_frozen (void)
{
  g_autoptr(VigilAcquisitionMode) mode = mode_new ("Off", NULL, "Continuous", 0.2);
  gint64 frozen_at;
  Sim sim;

  sim_init (&sim, mode, 0);
  sim_frames (&sim, 0.2);
  sim_run (&sim, T0 + 11 * S);
  frozen_at = sim.now;
  sim.frozen = TRUE;
  sim_run (&sim, T0 + 60 * S);
  g_assert_cmpint (sim.reconnect_at, >, 0);
  g_assert_cmpint (sim.reconnect_at - frozen_at, <=, 1000 * MS + PROBE_FAIL_US + 2 * TICK);
  sim_clear (&sim);
}

/* Triggered, no triggers for 60 s: waiting, probed every second, never
 * lost. */
static void
test_triggered_quiet (void)
{
  g_autoptr(VigilAcquisitionMode) mode = mode_new ("On", "Software", "Continuous", 25);
  Sim sim;

  sim_init (&sim, mode, 0);
  sim_run (&sim, T0 + 60 * S);
  g_assert_cmpint (sim.reconnect_at, ==, 0);
  g_assert_cmpuint (sim.restarts, ==, 0);
  g_assert_cmpuint (sim.probes, >=, 55);
  g_assert_cmpuint (sim.probes, <=, 60);
  g_assert_cmpint (vigil_liveness_get_watchdog_us (sim.liveness), ==, 0);
  g_assert_cmpint (vigil_liveness_get_state (sim.liveness), ==, VIGIL_LIVENESS_WAITING_FOR_TRIGGER);
  g_assert_false (sim.states_seen & ((1u << VIGIL_LIVENESS_STREAM_STALLED) | (1u << VIGIL_LIVENESS_STREAMING)));
  sim_clear (&sim);
}

/* Triggered, 20 frames at random 0.1–3 s gaps. */
static void
test_triggered_random (void)
{
  g_autoptr(VigilAcquisitionMode) mode = mode_new ("On", "Line0", "Continuous", 25);
  g_autoptr(GRand) rand = g_rand_new_with_seed (15);
  gint64 times[20];
  gint64 t = 0;
  Sim sim;

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    times[i] = t += (gint64) (g_rand_double_range (rand, 0.1, 3.0) * S);

  sim_init (&sim, mode, 0);
  sim.trigger_times = times;
  sim.n_triggers = G_N_ELEMENTS (times);
  sim_run (&sim, T0 + times[0] + 10 * MS);
  g_assert_cmpint (vigil_liveness_get_state (sim.liveness), ==, VIGIL_LIVENESS_STREAMING);
  sim_run (&sim, T0 + t + 5 * S);
  g_assert_cmpint (sim.reconnect_at, ==, 0);
  g_assert_cmpuint (sim.restarts, ==, 0);
  g_assert_cmpuint (vigil_liveness_get_frames (sim.liveness), ==, 20);
  g_assert_cmpint (vigil_liveness_get_state (sim.liveness), ==, VIGIL_LIVENESS_WAITING_FOR_TRIGGER);
  g_assert_cmpint (vigil_liveness_get_last_frame (sim.liveness), <=, T0 + t + TICK);
  sim_clear (&sim);
}

/* Triggered and frozen, at every phase of the probe interval: lost within
 * interval + the probe's failure time. */
static void
test_triggered_frozen_bound (void)
{
  g_autoptr(VigilAcquisitionMode) mode = mode_new ("On", "Software", "Continuous", 25);
  gint64 worst = 0;

  for (gint64 phase = 0; phase < 1000 * MS; phase += 100 * MS)
    {
      Sim sim;
      gint64 frozen_at;

      sim_init (&sim, mode, 1000);
      sim_run (&sim, T0 + 5 * S + phase);
      frozen_at = sim.now;
      sim.frozen = TRUE;
      sim_run (&sim, T0 + 30 * S);
      g_assert_cmpint (sim.reconnect_at, >, 0);
      worst = MAX (worst, sim.reconnect_at - frozen_at);
      g_assert_cmpint (vigil_liveness_get_lost_reason (sim.liveness), ==, VIGIL_LIVENESS_LOST_NO_ANSWER);
      sim_clear (&sim);
    }
  g_test_message ("triggered, frozen: lost at worst %" G_GINT64_FORMAT " ms after the freeze", worst / MS);
  g_assert_cmpint (worst, <=, 1000 * MS + PROBE_FAIL_US + 2 * TICK);
}

/* A faster probe interval is a tighter bound. */
static void
test_probe_interval_setting (void)
{
  g_autoptr(VigilAcquisitionMode) mode = mode_new ("On", "Software", "Continuous", 25);
  Sim sim;

  sim_init (&sim, mode, 250);
  sim_run (&sim, T0 + 10 * S);
  /* Counted from each probe's result, rounded up to the 20 ms tick. */
  g_assert_cmpuint (sim.probes, >=, 30);
  g_assert_cmpuint (sim.probes, <=, 40);
  sim_clear (&sim);
}

static void
test_not_controller (void)
{
  g_autoptr(VigilAcquisitionMode) mode = mode_new ("On", "Software", "Continuous", 25);
  Sim sim;

  sim_init (&sim, mode, 0);
  sim_run (&sim, T0 + 3 * S);
  sim.not_controller = TRUE;
  sim_run (&sim, T0 + 10 * S);
  g_assert_cmpint (sim.reconnect_at, >, T0 + 3 * S);
  g_assert_cmpint (sim.reconnect_at, <=, T0 + 4 * S + TICK);
  g_assert_cmpint (vigil_liveness_get_lost_reason (sim.liveness), ==, VIGIL_LIVENESS_LOST_NOT_CONTROLLER);
  sim_clear (&sim);
}

static void
test_control_lost (void)
{
  g_autoptr(VigilAcquisitionMode) mode = mode_new ("Off", NULL, "Continuous", 25);
  Sim sim;

  sim_init (&sim, mode, 0);
  sim_frames (&sim, 25);
  sim_run (&sim, T0 + 1 * S);
  vigil_liveness_control_lost (sim.liveness, sim.now);
  g_assert_cmpint (vigil_liveness_get_state (sim.liveness), ==, VIGIL_LIVENESS_LOST);
  g_assert_cmpint (vigil_liveness_tick (sim.liveness, sim.now), ==, VIGIL_LIVENESS_ACTION_RECONNECT);
  /* It stays asked for. */
  g_assert_cmpint (vigil_liveness_tick (sim.liveness, sim.now + TICK), ==, VIGIL_LIVENESS_ACTION_RECONNECT);
  g_assert_cmpint (vigil_liveness_get_lost_reason (sim.liveness), ==, VIGIL_LIVENESS_LOST_CONTROL_LOST);
  sim_clear (&sim);
}

/* SingleFrame: one frame, the acquisition is stopped once, complete; no
 * reconnect for a minute; rearmed, the next frame completes it again. */
static void
test_single_frame (void)
{
  g_autoptr(VigilAcquisitionMode) mode = mode_new ("Off", NULL, "SingleFrame", 25);
  Sim sim;

  g_assert_cmpuint (mode->frame_limit, ==, 1);
  sim_init (&sim, mode, 0);
  sim_frames (&sim, 25);
  sim_run (&sim, T0 + 60 * S);
  g_assert_cmpuint (sim.stops, ==, 1);
  g_assert_cmpuint (vigil_liveness_get_frames (sim.liveness), ==, 1);
  g_assert_cmpint (sim.reconnect_at, ==, 0);
  g_assert_cmpint (vigil_liveness_get_state (sim.liveness), ==, VIGIL_LIVENESS_ACQUISITION_COMPLETE);
  g_assert_cmpuint (sim.probes, >=, 55);

  vigil_liveness_rearm (sim.liveness, sim.now);
  g_assert_cmpint (vigil_liveness_get_state (sim.liveness), ==, VIGIL_LIVENESS_STREAMING);
  sim_frames (&sim, 25);
  sim_run (&sim, T0 + 61 * S);
  g_assert_cmpuint (sim.stops, ==, 2);
  g_assert_cmpuint (vigil_liveness_get_frames (sim.liveness), ==, 2);
  g_assert_cmpint (vigil_liveness_get_state (sim.liveness), ==, VIGIL_LIVENESS_ACQUISITION_COMPLETE);
  sim_clear (&sim);
}

static void
test_multi_frame (void)
{
  g_autoptr(VigilAcquisitionMode) mode = mode_new ("Off", NULL, "MultiFrame", 25);
  Sim sim;

  g_assert_cmpuint (mode->frame_limit, ==, 3);
  sim_init (&sim, mode, 0);
  sim_frames (&sim, 25);
  sim_run (&sim, T0 + 5 * S);
  g_assert_cmpuint (sim.stops, ==, 1);
  g_assert_cmpuint (vigil_liveness_get_frames (sim.liveness), ==, 3);
  g_assert_cmpint (sim.reconnect_at, ==, 0);
  sim_clear (&sim);
}

/* The user switches a free-running camera to triggered: the watchdog
 * stops applying; and back. */
static void
test_set_mode (void)
{
  g_autoptr(VigilAcquisitionMode) free_running = mode_new ("Off", NULL, "Continuous", 25);
  g_autoptr(VigilAcquisitionMode) triggered = mode_new ("On", "Software", "Continuous", 25);
  g_autoptr(VigilAcquisitionMode) unknown_rate = mode_new (NULL, NULL, NULL, 0);
  Sim sim;

  sim_init (&sim, free_running, 0);
  sim_frames (&sim, 25);
  sim_run (&sim, T0 + 2 * S);
  vigil_liveness_set_mode (sim.liveness, triggered, sim.now);
  sim.frame_period = 0;
  sim_run (&sim, T0 + 30 * S);
  g_assert_cmpint (sim.reconnect_at, ==, 0);
  g_assert_cmpuint (sim.restarts, ==, 0);
  g_assert_cmpint (vigil_liveness_get_state (sim.liveness), ==, VIGIL_LIVENESS_WAITING_FOR_TRIGGER);

  vigil_liveness_set_mode (sim.liveness, free_running, sim.now);
  g_assert_cmpint (vigil_liveness_get_state (sim.liveness), ==, VIGIL_LIVENESS_STREAMING);
  sim_frames (&sim, 25);
  sim_run (&sim, T0 + 35 * S);
  g_assert_cmpint (sim.reconnect_at, ==, 0);

  /* Without a frame rate there is no watchdog: only the probes. */
  vigil_liveness_set_mode (sim.liveness, unknown_rate, sim.now);
  g_assert_cmpint (vigil_liveness_get_watchdog_us (sim.liveness), ==, 0);
  sim.frame_period = 0;
  sim_run (&sim, T0 + 60 * S);
  g_assert_cmpint (sim.reconnect_at, ==, 0);
  g_assert_cmpint (vigil_liveness_get_state (sim.liveness), ==, VIGIL_LIVENESS_STREAMING);
  sim_clear (&sim);
}

static void
test_state_names (void)
{
  g_assert_cmpstr (vigil_liveness_state_to_string (VIGIL_LIVENESS_WAITING_FOR_TRIGGER), ==, "WaitingForTrigger");
  g_assert_cmpstr (vigil_liveness_state_to_string (VIGIL_LIVENESS_ACQUISITION_COMPLETE), ==, "AcquisitionComplete");
  g_assert_cmpstr (vigil_liveness_state_to_string (VIGIL_LIVENESS_STREAM_STALLED), ==, "StreamStalled");
  g_assert_cmpstr (vigil_liveness_state_to_string (VIGIL_LIVENESS_LOST), ==, "Lost");
  g_assert_cmpstr (vigil_liveness_state_to_string (VIGIL_LIVENESS_STREAMING), ==, "Streaming");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/liveness/free-running-fast", test_free_running_fast);
  g_test_add_func ("/vigil/liveness/free-running-frozen", test_free_running_frozen);
  g_test_add_func ("/vigil/liveness/free-running-stall-restart", test_free_running_stall_restart);
  g_test_add_func ("/vigil/liveness/free-running-restart-no-frames", test_free_running_restart_no_frames);
  g_test_add_func ("/vigil/liveness/free-running-restart-fails", test_free_running_restart_fails);
  g_test_add_func ("/vigil/liveness/free-running-slow", test_free_running_slow);
  g_test_add_func ("/vigil/liveness/free-running-slow-frozen", test_free_running_slow_frozen);
  g_test_add_func ("/vigil/liveness/triggered-quiet", test_triggered_quiet);
  g_test_add_func ("/vigil/liveness/triggered-random", test_triggered_random);
  g_test_add_func ("/vigil/liveness/triggered-frozen-bound", test_triggered_frozen_bound);
  g_test_add_func ("/vigil/liveness/probe-interval-setting", test_probe_interval_setting);
  g_test_add_func ("/vigil/liveness/not-controller", test_not_controller);
  g_test_add_func ("/vigil/liveness/control-lost", test_control_lost);
  g_test_add_func ("/vigil/liveness/single-frame", test_single_frame);
  g_test_add_func ("/vigil/liveness/multi-frame", test_multi_frame);
  g_test_add_func ("/vigil/liveness/set-mode", test_set_mode);
  g_test_add_func ("/vigil/liveness/state-names", test_state_names);

  return g_test_run ();
}
