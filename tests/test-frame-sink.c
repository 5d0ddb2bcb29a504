/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "vigil-frame-sink.h"

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
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/frame-sink/rates", test_frame_sink_rates);

  return g_test_run ();
}
