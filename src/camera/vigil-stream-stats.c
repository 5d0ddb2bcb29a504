/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-stream-stats"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n.h>

#include "vigil-stream-stats.h"

/* The stream's own statistics, as Aravis counts them, read on the session
 * worker every second (vigil_stream_stats_watch()) and kept with their
 * rise over the last minute.  Read by the main thread (status line,
 * popover, snapshots) under the lock; never touches the camera. */

/* Samples kept: a minute at one a second, and some slack for a faster watch. */
#define RING_SIZE 128

typedef struct
{
  gint64            time_us;
  VigilStreamCounts counts;
} Sample;

struct _VigilStreamStats
{
  GMutex   lock;
  gboolean valid;           /* under lock */
  guint64  session;         /* under lock */
  guint64  stream;          /* under lock */
  Sample   ring[RING_SIZE]; /* under lock: oldest at `first` */
  guint    first;
  guint    n;
};

static const struct
{
  const char *name;
  const char *label;
} stats[VIGIL_STREAM_N_STATS] = {
  [VIGIL_STREAM_STAT_COMPLETED] = { "completed", N_("Completed buffers") },
  [VIGIL_STREAM_STAT_FAILED] = { "failed", N_("Failed buffers") },
  [VIGIL_STREAM_STAT_UNDERRUN] = { "underrun", N_("Underruns") },
  [VIGIL_STREAM_STAT_ABORTED] = { "aborted", N_("Aborted buffers") },
  [VIGIL_STREAM_STAT_TIMED_OUT] = { "timed_out", N_("Timed-out buffers") },
  [VIGIL_STREAM_STAT_MISSING_PACKETS] = { "missing_packets", N_("Missing packets") },
  [VIGIL_STREAM_STAT_RESENT_PACKETS] = { "resent_packets", N_("Resent packets") },
};

static void
stream_stats_clear (VigilStreamStats *self)
{
  g_mutex_clear (&self->lock);
}

/**
 * vigil_stream_stats_new:
 *
 * Returns: (transfer full): statistics with no stream yet
 */
VigilStreamStats *
vigil_stream_stats_new (void)
{
  VigilStreamStats *self = g_atomic_rc_box_new0 (VigilStreamStats);

  g_mutex_init (&self->lock);
  return self;
}

VigilStreamStats *
vigil_stream_stats_ref (VigilStreamStats *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
vigil_stream_stats_unref (VigilStreamStats *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) stream_stats_clear);
}

/* Any thread: there is no stream now (no session, or between streams). */
void
vigil_stream_stats_clear (VigilStreamStats *self)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->lock);
  self->valid = FALSE;
  self->n = 0;
  self->first = 0;
  g_mutex_unlock (&self->lock);
}

/**
 * vigil_stream_stats_update:
 * @session: the session the stream belongs to
 * @stream: which stream of that session (its stream restarts so far)
 * @counts: Aravis's counts now
 * @now_us: the monotonic time they were read
 *
 * Any thread (the session worker).  A stream other than the last one, or
 * counts that went down, start a new series.
 */
void
vigil_stream_stats_update (VigilStreamStats        *self,
                           guint64                  session,
                           guint64                  stream,
                           const VigilStreamCounts *counts,
                           gint64                   now_us)
{
  Sample *newest;
  gboolean restart;

  g_return_if_fail (self != NULL);
  g_return_if_fail (counts != NULL);

  g_mutex_lock (&self->lock);
  restart = !self->valid || self->session != session || self->stream != stream || self->n == 0;
  if (!restart)
    {
      newest = &self->ring[(self->first + self->n - 1) % RING_SIZE];
      for (guint i = 0; i < VIGIL_STREAM_N_STATS; i++)
        restart |= counts->values[i] < newest->counts.values[i];
      restart |= now_us < newest->time_us;
    }
  if (restart)
    {
      self->first = 0;
      self->n = 0;
    }
  if (self->n == RING_SIZE)
    {
      self->first = (self->first + 1) % RING_SIZE;
      self->n--;
    }
  newest = &self->ring[(self->first + self->n) % RING_SIZE];
  newest->time_us = now_us;
  newest->counts = *counts;
  self->n++;
  self->valid = TRUE;
  self->session = session;
  self->stream = stream;
  g_mutex_unlock (&self->lock);
}

/* Called with the lock held: the oldest sample no older than @window_s
 * before the newest. */
static const Sample *
oldest_within (VigilStreamStats *self,
               guint             window_s)
{
  const Sample *newest = &self->ring[(self->first + self->n - 1) % RING_SIZE];

  for (guint i = 0; i < self->n; i++)
    {
      const Sample *sample = &self->ring[(self->first + i) % RING_SIZE];

      if (newest->time_us - sample->time_us <= (gint64) window_s * G_USEC_PER_SEC)
        return sample;
    }
  return newest;
}

static guint64
rise (const Sample   *from,
      const Sample   *to,
      VigilStreamStat stat)
{
  return to->counts.values[stat] - from->counts.values[stat];
}

/* Any thread: the counts now, their rise over the last minute, and what
 * the status line should warn about. */
void
vigil_stream_stats_get (VigilStreamStats     *self,
                        VigilStreamStatsInfo *info)
{
  const Sample *newest, *minute, *recent;

  g_return_if_fail (self != NULL);
  g_return_if_fail (info != NULL);

  memset (info, 0, sizeof *info);
  g_mutex_lock (&self->lock);
  if (!self->valid || self->n == 0)
    {
      g_mutex_unlock (&self->lock);
      return;
    }
  newest = &self->ring[(self->first + self->n - 1) % RING_SIZE];
  minute = oldest_within (self, VIGIL_STREAM_RATE_WINDOW_S);
  recent = oldest_within (self, VIGIL_STREAM_LOSS_WINDOW_S);
  info->valid = TRUE;
  info->session = self->session;
  info->stream = self->stream;
  info->counts = newest->counts;
  info->window_s = (newest->time_us - minute->time_us) / (double) G_USEC_PER_SEC;
  for (guint i = 0; i < VIGIL_STREAM_N_STATS; i++)
    {
      info->in_window[i] = rise (minute, newest, i);
      info->per_minute[i] = info->window_s > 0 ? info->in_window[i] * 60.0 / info->window_s : 0;
    }
  if (info->in_window[VIGIL_STREAM_STAT_UNDERRUN] > 0)
    {
      info->alert = VIGIL_STREAM_ALERT_UNDERRUN;
      info->alert_count = info->in_window[VIGIL_STREAM_STAT_UNDERRUN];
    }
  else if (rise (recent, newest, VIGIL_STREAM_STAT_MISSING_PACKETS) > 0)
    {
      info->alert = VIGIL_STREAM_ALERT_PACKET_LOSS;
      info->alert_count = info->in_window[VIGIL_STREAM_STAT_MISSING_PACKETS];
    }
  g_mutex_unlock (&self->lock);
}

/**
 * vigil_stream_counts_read:
 * @stream: the stream; only the thread that owns it (the session worker)
 *
 * Reads Aravis's counts of @stream.  The packet counts only for GigE
 * Vision streams.
 */
void
vigil_stream_counts_read (ArvStream         *stream,
                          VigilStreamCounts *counts)
{
  guint64 *v = counts->values;

  g_return_if_fail (ARV_IS_STREAM (stream));

  memset (counts, 0, sizeof *counts);
  arv_stream_get_statistics (stream, &v[VIGIL_STREAM_STAT_COMPLETED], &v[VIGIL_STREAM_STAT_FAILED],
                             &v[VIGIL_STREAM_STAT_UNDERRUN]);
  v[VIGIL_STREAM_STAT_ABORTED] = arv_stream_get_info_uint64_by_name (stream, "n_aborted");
  v[VIGIL_STREAM_STAT_TIMED_OUT] = arv_stream_get_info_uint64_by_name (stream, "n_timeouts");
  if (ARV_IS_GV_STREAM (stream))
    {
      counts->gige = TRUE;
      arv_gv_stream_get_statistics (ARV_GV_STREAM (stream), &v[VIGIL_STREAM_STAT_RESENT_PACKETS],
                                    &v[VIGIL_STREAM_STAT_MISSING_PACKETS]);
    }
}

typedef struct
{
  VigilStreamStats    *stats;
  VigilStreamReadFunc  read;
  gpointer             data;
} Watch;

static void
watch_free (Watch *watch)
{
  vigil_stream_stats_unref (watch->stats);
  g_free (watch);
}

static gboolean
watch_tick (gpointer data)
{
  Watch *watch = data;
  VigilStreamCounts counts = { 0 };
  guint64 session = 0, stream = 0;

  if (watch->read (watch->data, &session, &stream, &counts))
    vigil_stream_stats_update (watch->stats, session, stream, &counts, g_get_monotonic_time ());
  else
    vigil_stream_stats_clear (watch->stats);
  return G_SOURCE_CONTINUE;
}

/**
 * vigil_stream_stats_watch:
 * @context: the session worker's context, where @read runs
 * @read: reads the current stream, or says there is none
 * @data: for @read; must outlive the source
 *
 * Reads the stream every @interval_ms on @context.
 *
 * Returns: (transfer full): the attached source; destroy it to stop
 */
GSource *
vigil_stream_stats_watch (VigilStreamStats    *self,
                          GMainContext        *context,
                          guint                interval_ms,
                          VigilStreamReadFunc  read,
                          gpointer             data)
{
  GSource *source = g_timeout_source_new (interval_ms);
  Watch *watch = g_new0 (Watch, 1);

  watch->stats = vigil_stream_stats_ref (self);
  watch->read = read;
  watch->data = data;
  g_source_set_callback (source, watch_tick, watch, (GDestroyNotify) watch_free);
  g_source_set_static_name (source, "[vigil] stream statistics");
  g_source_attach (source, context);
  return source;
}

/* The name in snapshots and metrics, e.g. "missing_packets". */
const char *
vigil_stream_stat_name (VigilStreamStat stat)
{
  g_return_val_if_fail ((guint) stat < VIGIL_STREAM_N_STATS, NULL);
  return stats[stat].name;
}

/* The name in the user's language. */
const char *
vigil_stream_stat_label (VigilStreamStat stat)
{
  g_return_val_if_fail ((guint) stat < VIGIL_STREAM_N_STATS, NULL);
  return _(stats[stat].label);
}

/**
 * vigil_stream_stats_alert_text:
 *
 * Returns: (transfer full) (nullable): the alert in words for the status
 *   line, %NULL when there is none
 */
char *
vigil_stream_stats_alert_text (const VigilStreamStatsInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);

  switch (info->alert)
    {
    case VIGIL_STREAM_ALERT_UNDERRUN:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%" PRIu64 " buffer underrun in the last minute: frames are lost before Vigil takes them",
                                           "%" PRIu64 " buffer underruns in the last minute: frames are lost before Vigil takes them",
                                           info->alert_count),
                              info->alert_count);
    case VIGIL_STREAM_ALERT_PACKET_LOSS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Packet loss: %" PRIu64 " packet missing in the last minute",
                                           "Packet loss: %" PRIu64 " packets missing in the last minute",
                                           info->alert_count),
                              info->alert_count);
    case VIGIL_STREAM_ALERT_NONE:
    default:
      return NULL;
    }
}
