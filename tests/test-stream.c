/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <arv.h>

#include "vigil-diagnostics.h"
#include "vigil-error.h"
#include "vigil-frame.h"
#include "vigil-frame-sink.h"
#include "vigil-session.h"
#include "vigil-sim-camera.h"
#include "vigil-supervisor.h"
#include "test-util.h"

/* Runs inside isolate.sh: a private network namespace, so the simulated
 * camera owns 127.0.0.1:3956 for this test alone. */
#define ADDRESS "127.0.0.1"

static VigilSession *
open_session (VigilDiagnostics  *diagnostics,
              VigilFrameSink    *sink,
              GError           **error)
{
  VigilSessionConfig config = {
    .camera_id = ADDRESS,
    .sink = sink,
    .diagnostics = diagnostics,
    .watchdog_intervals = 3,
    .watchdog_margin_ms = 250,
    .first_frame_timeout_ms = 3000,
  };

  return vigil_session_open (&config, NULL, NULL, error);
}

static void
on_frame (VigilFrameSink *sink,
          VigilFrame     *frame,
          guint          *n_frames)
{
  guint w = 0, h = 0;

  g_assert_nonnull (vigil_frame_get_display (frame, &w, &h));
  g_assert_cmpuint (w, >, 0);
  g_assert_cmpuint (h, >, 0);
  (*n_frames)++;
}

static void
wait_frames (guint *n_frames,
             guint  wanted)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (*n_frames < wanted && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_open_stream_close (void)
{
  g_autoptr(VigilSimCamera) camera = vigil_sim_camera_new (ADDRESS, "TEST01");
  g_autoptr(VigilFrameSink) sink = vigil_frame_sink_new (NULL);
  g_autoptr(VigilDiagnostics) diagnostics = vigil_diagnostics_new ();
  g_autoptr(GError) error = NULL;
  VigilSession *session;
  VigilFrameCounts counts;
  guint n_frames = 0;
  guint fds_before, threads_before;

  g_assert_true (vigil_sim_camera_start (camera, &error));
  g_assert_no_error (error);

  fds_before = test_count_fds ();
  threads_before = test_count_threads ();

  g_signal_connect (sink, "frame", G_CALLBACK (on_frame), &n_frames);
  session = open_session (diagnostics, sink, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);
  g_assert_cmpuint (vigil_ledger_count_open (vigil_diagnostics_get_ledger (diagnostics)), >, 0);
  g_assert_cmpuint (test_count_fds (), >, fds_before);

  wait_frames (&n_frames, 20);
  g_assert_cmpuint (n_frames, >=, 20);
  vigil_frame_sink_get_counts (sink, &counts);
  g_assert_cmpuint (counts.received, >=, 20);
  g_assert_cmpuint (counts.received_bytes, >=, 20 * 512 * 512);
  g_test_message ("received %" G_GUINT64_FORMAT " frames, shown %u, dropped %" G_GUINT64_FORMAT,
                  counts.received, n_frames, counts.dropped);

  vigil_session_close (session);
  g_assert_finalize_object (session);
  g_assert_cmpuint (vigil_ledger_count_open (vigil_diagnostics_get_ledger (diagnostics)), ==, 0);

  g_assert_cmpuint (test_count_fds (), ==, fds_before);
  g_assert_cmpuint (test_settled_threads (threads_before), ==, threads_before);

  /* Drain idles still queued for the sink before it is finalized. */
  test_drain_main_context ();
  g_signal_handlers_disconnect_by_data (sink, &n_frames);
  vigil_sim_camera_stop (camera);
  g_assert_finalize_object (g_steal_pointer (&sink));
  g_assert_finalize_object (g_steal_pointer (&camera));
  g_assert_finalize_object (g_steal_pointer (&diagnostics));
}

/* A camera that loses packets: the stream's missing and resent packets
 * reach the sink's counts (and from there the metrics). */
static void
test_packet_loss_counted (void)
{
  g_autoptr(VigilSimCamera) camera = vigil_sim_camera_new (ADDRESS, "TEST02");
  g_autoptr(VigilFrameSink) sink = vigil_frame_sink_new (NULL);
  g_autoptr(VigilDiagnostics) diagnostics = vigil_diagnostics_new ();
  g_autoptr(GError) error = NULL;
  VigilSession *session;
  VigilFrameCounts counts = { 0 };
  guint n_frames = 0;
  gint64 deadline;

  g_assert_true (vigil_sim_camera_start (camera, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_sim_camera_set_loss (camera, 5, &error));
  g_assert_no_error (error);

  g_signal_connect (sink, "frame", G_CALLBACK (on_frame), &n_frames);
  session = open_session (diagnostics, sink, &error);
  g_assert_no_error (error);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (counts.resent_packets + counts.missing_packets == 0 && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10 * 1000);
      vigil_frame_sink_get_counts (sink, &counts);
    }
  g_test_message ("0.5 %% loss: %" G_GUINT64_FORMAT " packets resent, %" G_GUINT64_FORMAT " missing, "
                  "%" G_GUINT64_FORMAT " frames, %" G_GUINT64_FORMAT " failed",
                  counts.resent_packets, counts.missing_packets, counts.received, counts.failed);
  g_assert_cmpuint (counts.resent_packets + counts.missing_packets, >, 0);

  vigil_session_close (session);
  g_assert_finalize_object (session);
  test_drain_main_context ();
  g_signal_handlers_disconnect_by_data (sink, &n_frames);
  vigil_sim_camera_stop (camera);
  g_assert_finalize_object (g_steal_pointer (&sink));
  g_assert_finalize_object (g_steal_pointer (&camera));
  g_assert_finalize_object (g_steal_pointer (&diagnostics));
}

static void
test_open_absent_camera (void)
{
  g_autoptr(VigilFrameSink) sink = vigil_frame_sink_new (NULL);
  g_autoptr(VigilDiagnostics) diagnostics = vigil_diagnostics_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSession) session = NULL;
  guint fds_before = test_count_fds ();

  /* Nobody serves 127.0.0.1 here: the open fails in words, leaks nothing. */
  session = open_session (diagnostics, sink, &error);
  g_assert_null (session);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_NO_CAMERA);
  g_assert_cmpuint (test_count_fds (), ==, fds_before);
  g_assert_cmpuint (vigil_ledger_count_open (vigil_diagnostics_get_ledger (diagnostics)), ==, 0);
  test_drain_main_context ();
  g_assert_finalize_object (g_steal_pointer (&sink));
  g_assert_finalize_object (g_steal_pointer (&diagnostics));
}

static void
on_state (VigilSupervisor *supervisor,
          GParamSpec      *pspec,
          GMainLoop       *loop)
{
  VigilSupervisorState state = vigil_supervisor_get_state (supervisor);

  if (state == VIGIL_SUPERVISOR_STREAMING || state == VIGIL_SUPERVISOR_IDLE ||
      state == VIGIL_SUPERVISOR_RECOVERING)
    g_main_loop_quit (loop);
}

static void
test_supervisor_features (void)
{
  g_autoptr(VigilSimCamera) camera = vigil_sim_camera_new (ADDRESS, NULL);
  g_autoptr(VigilDiagnostics) diagnostics = vigil_diagnostics_new ();
  g_autoptr(VigilSupervisor) supervisor = vigil_supervisor_new (diagnostics);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  VigilControls *controls;
  guint n_frames = 0;
  guint n_errors = 0;

  g_assert_true (vigil_sim_camera_start (camera, &error));
  g_signal_connect (supervisor, "notify::state", G_CALLBACK (on_state), loop);
  g_signal_connect_swapped (supervisor, "error", G_CALLBACK (g_main_loop_quit), loop);
  g_signal_connect_swapped (supervisor, "error", G_CALLBACK (g_atomic_int_inc), &n_errors);
  g_signal_connect (vigil_supervisor_get_sink (supervisor), "frame", G_CALLBACK (on_frame), &n_frames);

  vigil_supervisor_open (supervisor, ADDRESS);
  g_main_loop_run (loop);
  g_assert_cmpint (vigil_supervisor_get_state (supervisor), ==, VIGIL_SUPERVISOR_STREAMING);
  controls = vigil_supervisor_get_controls (supervisor);
  g_assert_nonnull (controls);
  g_assert_cmpint (controls->width, ==, 512);
  g_assert_true (g_strv_contains ((const char * const *) controls->pixel_formats, "BayerRG8"));

  /* A payload change: the stream is made anew and frames come again. */
  g_signal_connect_swapped (supervisor, "controls-changed", G_CALLBACK (g_main_loop_quit), loop);
  vigil_supervisor_set_feature (supervisor, "Width", g_variant_new_int32 (320));
  g_main_loop_run (loop);
  g_assert_cmpint (vigil_supervisor_get_controls (supervisor)->width, ==, 320);
  n_frames = 0;
  wait_frames (&n_frames, 5);
  g_assert_cmpuint (n_frames, >=, 5);

  /* A refused write comes back as an error in words; the stream goes on. */
  vigil_supervisor_set_feature (supervisor, "PixelFormat", g_variant_new_string ("NoSuchFormat"));
  while (n_errors == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (vigil_supervisor_get_last_error (supervisor));
  g_test_message ("refused write: %s", vigil_supervisor_get_last_error (supervisor)->message);
  n_frames = 0;
  wait_frames (&n_frames, 5);
  g_assert_cmpuint (n_frames, >=, 5);

  g_assert_true (vigil_supervisor_shutdown (supervisor, 10000));
  test_drain_main_context ();
  g_signal_handlers_disconnect_by_data (vigil_supervisor_get_sink (supervisor), &n_frames);
  g_assert_finalize_object (g_steal_pointer (&supervisor));
  g_assert_finalize_object (g_steal_pointer (&diagnostics));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  /* Aravis keeps process-wide interface state from the first discovery on
   * (released only by arv_shutdown): make it before any baseline. */
  arv_update_device_list ();

  g_test_add_func ("/vigil/stream/open-absent-camera", test_open_absent_camera);
  g_test_add_func ("/vigil/stream/open-stream-close", test_open_stream_close);
  g_test_add_func ("/vigil/stream/supervisor-features", test_supervisor_features);
  g_test_add_func ("/vigil/stream/packet-loss-counted", test_packet_loss_counted);

  ret = g_test_run ();
  arv_shutdown ();
  return ret;
}
