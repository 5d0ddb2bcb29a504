/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-frame-sink"

#include "config.h"

#include <glib.h>

#include "vigil-frame-sink.h"
#include "vigil-frame.h"

/* The sink decides which frames are converted: only when the previous one
 * reached the main thread, and at most at the display's rate. */

static VigilFrame *
small_frame (guint64 id)
{
  const guint8 pixels[4] = { 1, 2, 3, 4 };
  g_autoptr(GBytes) rgb = g_bytes_new (pixels, 3);

  return vigil_frame_new_shown (VIGIL_PIXEL_FORMAT_MONO8, 2, 2, id, 0, rgb, 1, 1);
}

static void
on_frame (VigilFrameSink *sink,
          VigilFrame     *frame,
          guint          *n)
{
  (*n)++;
}

static void
drain (GMainContext *context)
{
  while (g_main_context_iteration (context, FALSE))
    ;
}

/* Not ready while a frame waits for the main thread; ready again once it
 * was handed over. */
static void
test_sink_ready_after_handoff (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(VigilFrameSink) sink = vigil_frame_sink_new (context);
  g_autoptr(VigilFrame) frame = small_frame (1);
  guint n = 0;

  g_signal_connect (sink, "frame", G_CALLBACK (on_frame), &n);
  vigil_frame_sink_set_max_rate (sink, 0);

  g_assert_true (vigil_frame_sink_ready (sink, 0));
  vigil_frame_sink_offer (sink, frame);
  g_assert_false (vigil_frame_sink_ready (sink, 0));
  g_assert_false (vigil_frame_sink_ready (sink, 10 * G_USEC_PER_SEC));
  drain (context);
  g_assert_cmpuint (n, ==, 1);
  g_assert_true (vigil_frame_sink_ready (sink, 10 * G_USEC_PER_SEC));

  g_signal_handlers_disconnect_by_data (sink, &n);
  g_assert_finalize_object (g_steal_pointer (&sink));
}

/* Frames arriving every 5 ms (200 a second) are let through at 60 a second
 * on average, on a grid, so early or late arrivals do not lower the rate. */
static void
test_sink_rate (void)
{
  g_autoptr(VigilFrameSink) sink = vigil_frame_sink_new (NULL);
  VigilFrameCounts counts;
  guint ready = 0;

  g_assert_cmpuint (VIGIL_FRAME_SINK_DEFAULT_RATE, ==, 60);
  for (gint64 t = 1000000; t < 2000000; t += 5000)
    if (vigil_frame_sink_ready (sink, t))
      ready++;
  g_assert_cmpuint (ready, >=, 58);
  g_assert_cmpuint (ready, <=, 61);

  /* 25 frames a second all pass under a 60 Hz display. */
  ready = 0;
  for (gint64 t = 3000000; t < 4000000; t += 40000)
    if (vigil_frame_sink_ready (sink, t))
      ready++;
  g_assert_cmpuint (ready, ==, 25);

  /* After a pause, no burst: at most one frame more than the rate. */
  ready = 0;
  for (gint64 t = 10000000; t < 10100000; t += 1000)
    if (vigil_frame_sink_ready (sink, t))
      ready++;
  g_assert_cmpuint (ready, <=, 7);

  vigil_frame_sink_count_skipped (sink);
  vigil_frame_sink_count_skipped (sink);
  vigil_frame_sink_get_counts (sink, &counts);
  g_assert_cmpuint (counts.skipped, ==, 2);

  g_assert_finalize_object (g_steal_pointer (&sink));
}

static void
on_copied (VigilFrameSink *sink,
           guint          *n)
{
  (*n)++;
}

/* A full-resolution copy is made only when asked, once per request. */
static void
test_sink_copy (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(VigilFrameSink) sink = vigil_frame_sink_new (context);
  g_autoptr(VigilFrame) frame = small_frame (7);
  g_autoptr(VigilFrame) taken = NULL;
  guint n = 0;

  g_signal_connect (sink, "frame-copied", G_CALLBACK (on_copied), &n);
  g_assert_false (vigil_frame_sink_take_copy_request (sink));
  vigil_frame_sink_request_copy (sink);
  g_assert_true (vigil_frame_sink_take_copy_request (sink));
  g_assert_false (vigil_frame_sink_take_copy_request (sink));

  g_assert_null (vigil_frame_sink_take_copy (sink));
  vigil_frame_sink_offer_copy (sink, frame);
  drain (context);
  g_assert_cmpuint (n, ==, 1);
  taken = vigil_frame_sink_take_copy (sink);
  g_assert_true (taken == frame);
  g_assert_null (vigil_frame_sink_take_copy (sink));

  g_signal_handlers_disconnect_by_data (sink, &n);
  g_assert_finalize_object (g_steal_pointer (&sink));
}

/* Levels go through the sink to the consumer. */
static void
test_sink_levels (void)
{
  g_autoptr(VigilFrameSink) sink = vigil_frame_sink_new (NULL);
  VigilFrameLevels levels = { VIGIL_LEVELS_WINDOW, 100, 4000 };
  VigilFrameLevels got = { 0 };

  vigil_frame_sink_get_levels (sink, &got);
  g_assert_cmpint (got.mode, ==, VIGIL_LEVELS_BIT_DEPTH);
  vigil_frame_sink_set_levels (sink, &levels);
  vigil_frame_sink_get_levels (sink, &got);
  g_assert_cmpint (got.mode, ==, VIGIL_LEVELS_WINDOW);
  g_assert_cmpuint (got.low, ==, 100);
  g_assert_cmpuint (got.high, ==, 4000);

  g_assert_finalize_object (g_steal_pointer (&sink));
}

/* One measurement of the frame rates for every reader: the window's status
 * bar and the panel read the same figure. */
static void
test_frame_sink_rates (void)
{
  g_autoptr(VigilFrameSink) sink = vigil_frame_sink_new (NULL);
  VigilFrameRates rates, again;
  gint64 start, measured;
  double seconds;

  /* The first reading sets the start: no period yet, all zero. */
  vigil_frame_sink_get_rates (sink, &rates);
  start = g_get_monotonic_time ();
  g_assert_cmpfloat (rates.received_fps, ==, 0);
  g_assert_cmpfloat (rates.shown_fps, ==, 0);
  g_assert_cmpfloat (rates.received_mb_per_s, ==, 0);

  for (guint i = 0; i < 50; i++)
    vigil_frame_sink_count_received (sink, 1000000);
  g_usleep ((VIGIL_FRAME_RATE_PERIOD_MS + 100) * 1000);

  measured = g_get_monotonic_time ();
  vigil_frame_sink_get_rates (sink, &rates);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  /* 50 frames over the period (at least 0.6 s, at most the time since the
   * first reading, which a loaded machine may stretch). */
  g_assert_cmpfloat (rates.received_fps, <=, 50 / ((VIGIL_FRAME_RATE_PERIOD_MS + 100) / 1000.0) + 0.01);
  g_assert_cmpfloat (rates.received_fps, >=, 50 / seconds - 0.01);
  g_assert_cmpfloat_with_epsilon (rates.received_mb_per_s, rates.received_fps, 1e-9);
  g_assert_cmpfloat (rates.shown_fps, ==, 0);

  /* A second reader within the period sees the same measurement. */
  for (guint i = 0; i < 50; i++)
    vigil_frame_sink_count_received (sink, 1000000);
  vigil_frame_sink_get_rates (sink, &again);
  if (g_get_monotonic_time () - measured < VIGIL_FRAME_RATE_PERIOD_MS * 1000)
    g_assert_cmpfloat (again.received_fps, ==, rates.received_fps);

  g_assert_finalize_object (g_steal_pointer (&sink));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/vigil/frame-sink/ready-after-handoff", test_sink_ready_after_handoff);
  g_test_add_func ("/vigil/frame-sink/rate", test_sink_rate);
  g_test_add_func ("/vigil/frame-sink/copy", test_sink_copy);
  g_test_add_func ("/vigil/frame-sink/levels", test_sink_levels);
  g_test_add_func ("/vigil/frame-sink/rates", test_frame_sink_rates);

  return g_test_run ();
}
