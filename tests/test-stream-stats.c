/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "vigil-stream-stats.h"

#define S (G_USEC_PER_SEC)

static void
set_counts (VigilStreamCounts *counts,
            guint64            completed,
            guint64            underrun,
            guint64            missing)
{
  memset (counts, 0, sizeof *counts);
  counts->gige = TRUE;
  counts->values[VIGIL_STREAM_STAT_COMPLETED] = completed;
  counts->values[VIGIL_STREAM_STAT_UNDERRUN] = underrun;
  counts->values[VIGIL_STREAM_STAT_MISSING_PACKETS] = missing;
}

static void
test_empty (void)
{
  g_autoptr(VigilStreamStats) stats = vigil_stream_stats_new ();
  VigilStreamStatsInfo info;

  vigil_stream_stats_get (stats, &info);
  g_assert_false (info.valid);
  g_assert_cmpuint (info.counts.values[VIGIL_STREAM_STAT_COMPLETED], ==, 0);
  g_assert_cmpint (info.alert, ==, VIGIL_STREAM_ALERT_NONE);
  g_assert_null (vigil_stream_stats_alert_text (&info));
}

/* 25 frames a second for two minutes: the rate is over the last minute only. */
static void
test_rate_last_minute (void)
{
  g_autoptr(VigilStreamStats) stats = vigil_stream_stats_new ();
  VigilStreamCounts counts;
  VigilStreamStatsInfo info;

  for (guint t = 0; t <= 120; t++)
    {
      /* 50 a second in the first minute, 25 in the second */
      guint64 completed = t <= 60 ? 50 * t : 3000 + 25 * (t - 60);

      set_counts (&counts, completed, 0, 0);
      vigil_stream_stats_update (stats, 1, 0, &counts, 1000 * S + t * S);
    }
  vigil_stream_stats_get (stats, &info);
  g_assert_true (info.valid);
  g_assert_cmpuint (info.session, ==, 1);
  g_assert_cmpuint (info.counts.values[VIGIL_STREAM_STAT_COMPLETED], ==, 4500);
  g_assert_cmpfloat_with_epsilon (info.window_s, 60.0, 1e-9);
  g_assert_cmpuint (info.in_window[VIGIL_STREAM_STAT_COMPLETED], ==, 1500);
  g_assert_cmpfloat_with_epsilon (info.per_minute[VIGIL_STREAM_STAT_COMPLETED], 1500.0, 1e-6);
  g_assert_cmpint (info.alert, ==, VIGIL_STREAM_ALERT_NONE);
}

/* Ten seconds in: the rate is scaled from what there is. */
static void
test_rate_short (void)
{
  g_autoptr(VigilStreamStats) stats = vigil_stream_stats_new ();
  VigilStreamCounts counts;
  VigilStreamStatsInfo info;

  for (guint t = 0; t <= 10; t++)
    {
      set_counts (&counts, 25 * t, 0, 0);
      vigil_stream_stats_update (stats, 3, 0, &counts, t * S);
    }
  vigil_stream_stats_get (stats, &info);
  g_assert_cmpfloat_with_epsilon (info.window_s, 10.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (info.per_minute[VIGIL_STREAM_STAT_COMPLETED], 1500.0, 1e-6);
}

/* Packet loss is shown while missing packets grow, and not once they stop. */
static void
test_packet_loss (void)
{
  g_autoptr(VigilStreamStats) stats = vigil_stream_stats_new ();
  g_autofree char *text = NULL;
  VigilStreamCounts counts;
  VigilStreamStatsInfo info;

  for (guint t = 0; t <= 20; t++)
    {
      set_counts (&counts, 25 * t, 0, 3 * t);
      vigil_stream_stats_update (stats, 1, 0, &counts, t * S);
    }
  vigil_stream_stats_get (stats, &info);
  g_assert_cmpint (info.alert, ==, VIGIL_STREAM_ALERT_PACKET_LOSS);
  g_assert_cmpuint (info.alert_count, ==, 60);
  text = vigil_stream_stats_alert_text (&info);
  g_assert_nonnull (strstr (text, "60"));

  /* No new loss for more than the loss window: no alert, the rise stays counted. */
  for (guint t = 21; t <= 21 + VIGIL_STREAM_LOSS_WINDOW_S + 1; t++)
    {
      set_counts (&counts, 25 * t, 0, 60);
      vigil_stream_stats_update (stats, 1, 0, &counts, t * S);
    }
  vigil_stream_stats_get (stats, &info);
  g_assert_cmpint (info.alert, ==, VIGIL_STREAM_ALERT_NONE);
  g_assert_cmpuint (info.in_window[VIGIL_STREAM_STAT_MISSING_PACKETS], ==, 60);
}

/* An underrun is shown for a minute, and before packet loss. */
static void
test_underrun (void)
{
  g_autoptr(VigilStreamStats) stats = vigil_stream_stats_new ();
  g_autofree char *text = NULL;
  VigilStreamCounts counts;
  VigilStreamStatsInfo info;

  set_counts (&counts, 0, 0, 0);
  vigil_stream_stats_update (stats, 1, 0, &counts, 0);
  set_counts (&counts, 25, 2, 5);
  vigil_stream_stats_update (stats, 1, 0, &counts, 1 * S);
  vigil_stream_stats_get (stats, &info);
  g_assert_cmpint (info.alert, ==, VIGIL_STREAM_ALERT_UNDERRUN);
  g_assert_cmpuint (info.alert_count, ==, 2);
  text = vigil_stream_stats_alert_text (&info);
  g_assert_nonnull (strstr (text, "underrun"));

  set_counts (&counts, 50, 2, 5);
  vigil_stream_stats_update (stats, 1, 0, &counts, 59 * S);
  vigil_stream_stats_get (stats, &info);
  g_assert_cmpint (info.alert, ==, VIGIL_STREAM_ALERT_UNDERRUN);
  set_counts (&counts, 75, 2, 5);
  vigil_stream_stats_update (stats, 1, 0, &counts, 62 * S);
  vigil_stream_stats_get (stats, &info);
  g_assert_cmpint (info.alert, ==, VIGIL_STREAM_ALERT_NONE);
}

/* A new session, a new stream, or counts that went down start a new series. */
static void
test_new_stream (void)
{
  g_autoptr(VigilStreamStats) stats = vigil_stream_stats_new ();
  VigilStreamCounts counts;
  VigilStreamStatsInfo info;

  set_counts (&counts, 1000, 0, 0);
  vigil_stream_stats_update (stats, 1, 0, &counts, 0);
  set_counts (&counts, 1025, 0, 0);
  vigil_stream_stats_update (stats, 1, 0, &counts, 1 * S);
  set_counts (&counts, 10, 0, 0);
  vigil_stream_stats_update (stats, 1, 1, &counts, 2 * S);
  vigil_stream_stats_get (stats, &info);
  g_assert_cmpuint (info.stream, ==, 1);
  g_assert_cmpuint (info.counts.values[VIGIL_STREAM_STAT_COMPLETED], ==, 10);
  g_assert_cmpuint (info.in_window[VIGIL_STREAM_STAT_COMPLETED], ==, 0);
  g_assert_cmpfloat (info.window_s, ==, 0.0);

  set_counts (&counts, 5, 0, 0);
  vigil_stream_stats_update (stats, 1, 1, &counts, 3 * S);
  vigil_stream_stats_get (stats, &info);
  g_assert_cmpuint (info.counts.values[VIGIL_STREAM_STAT_COMPLETED], ==, 5);
  g_assert_cmpfloat (info.window_s, ==, 0.0);

  vigil_stream_stats_clear (stats);
  vigil_stream_stats_get (stats, &info);
  g_assert_false (info.valid);
}

/* More samples than the ring holds (a faster watch): the window shrinks, the counts stay right. */
static void
test_ring_wraps (void)
{
  g_autoptr(VigilStreamStats) stats = vigil_stream_stats_new ();
  VigilStreamCounts counts;
  VigilStreamStatsInfo info;

  for (guint t = 0; t < 1000; t++)
    {
      set_counts (&counts, t, 0, 0);
      vigil_stream_stats_update (stats, 1, 0, &counts, t * (S / 10));
    }
  vigil_stream_stats_get (stats, &info);
  g_assert_cmpuint (info.counts.values[VIGIL_STREAM_STAT_COMPLETED], ==, 999);
  g_assert_cmpfloat (info.window_s, >, 10.0);
  g_assert_cmpfloat (info.window_s, <=, 60.0);
  g_assert_cmpfloat_with_epsilon (info.per_minute[VIGIL_STREAM_STAT_COMPLETED], 600.0, 1e-6);
}

static void
test_names (void)
{
  for (guint i = 0; i < VIGIL_STREAM_N_STATS; i++)
    {
      g_assert_nonnull (vigil_stream_stat_name (i));
      g_assert_nonnull (vigil_stream_stat_label (i));
    }
  g_assert_cmpstr (vigil_stream_stat_name (VIGIL_STREAM_STAT_MISSING_PACKETS), ==, "missing_packets");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/stream-stats/empty", test_empty);
  g_test_add_func ("/vigil/stream-stats/rate-last-minute", test_rate_last_minute);
  g_test_add_func ("/vigil/stream-stats/rate-short", test_rate_short);
  g_test_add_func ("/vigil/stream-stats/packet-loss", test_packet_loss);
  g_test_add_func ("/vigil/stream-stats/underrun", test_underrun);
  g_test_add_func ("/vigil/stream-stats/new-stream", test_new_stream);
  g_test_add_func ("/vigil/stream-stats/ring-wraps", test_ring_wraps);
  g_test_add_func ("/vigil/stream-stats/names", test_names);

  return g_test_run ();
}
