/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <arv.h>

G_BEGIN_DECLS

/* Aravis's own counts of one stream (arv_stream_get_statistics,
 * arv_stream_get_info_uint64_by_name, arv_gv_stream_get_statistics). */
typedef enum
{
  VIGIL_STREAM_STAT_COMPLETED,
  VIGIL_STREAM_STAT_FAILED,
  VIGIL_STREAM_STAT_UNDERRUN,
  VIGIL_STREAM_STAT_ABORTED,
  VIGIL_STREAM_STAT_TIMED_OUT,
  VIGIL_STREAM_STAT_MISSING_PACKETS,   /* GigE Vision only */
  VIGIL_STREAM_STAT_RESENT_PACKETS,    /* GigE Vision only */
  VIGIL_STREAM_N_STATS
} VigilStreamStat;

typedef struct
{
  guint64  values[VIGIL_STREAM_N_STATS];
  gboolean gige;                       /* the packet counts apply */
} VigilStreamCounts;

/* What the status line warns about, worst first. */
typedef enum
{
  VIGIL_STREAM_ALERT_NONE,
  VIGIL_STREAM_ALERT_PACKET_LOSS,      /* missing packets rose in the last VIGIL_STREAM_LOSS_WINDOW_S */
  VIGIL_STREAM_ALERT_UNDERRUN,         /* underruns rose in the last minute */
} VigilStreamAlert;

/* Rates are measured over this window (or since the stream started). */
#define VIGIL_STREAM_RATE_WINDOW_S 60
/* Packet loss is "growing" while missing packets rose this recently. */
#define VIGIL_STREAM_LOSS_WINDOW_S 10

/* The statistics of the current stream, as the GUI and snapshots read them. */
typedef struct
{
  gboolean          valid;             /* a stream was read; everything below is 0 otherwise */
  guint64           session;           /* the session the stream belongs to */
  guint64           stream;            /* streams of that session made before this one */
  VigilStreamCounts counts;
  double            window_s;          /* what the rates were measured over, ≤ 60 s */
  guint64           in_window[VIGIL_STREAM_N_STATS];   /* the rise over window_s */
  double            per_minute[VIGIL_STREAM_N_STATS];  /* in_window scaled to a minute */
  VigilStreamAlert  alert;
  guint64           alert_count;       /* the rise behind the alert, over its window */
} VigilStreamStatsInfo;

typedef struct _VigilStreamStats VigilStreamStats;

/* Worker: reads the current stream; FALSE when there is none.  @session
 * and @stream name it, so a new stream starts a new series. */
typedef gboolean (*VigilStreamReadFunc) (gpointer           data,
                                         guint64           *session,
                                         guint64           *stream,
                                         VigilStreamCounts *counts);

VigilStreamStats *vigil_stream_stats_new     (void);
VigilStreamStats *vigil_stream_stats_ref     (VigilStreamStats           *self);
void              vigil_stream_stats_unref   (VigilStreamStats           *self);
void              vigil_stream_stats_update  (VigilStreamStats           *self,
                                              guint64                     session,
                                              guint64                     stream,
                                              const VigilStreamCounts    *counts,
                                              gint64                      now_us);
void              vigil_stream_stats_clear   (VigilStreamStats           *self);
void              vigil_stream_stats_get     (VigilStreamStats           *self,
                                              VigilStreamStatsInfo       *info);
GSource          *vigil_stream_stats_watch   (VigilStreamStats           *self,
                                              GMainContext               *context,
                                              guint                       interval_ms,
                                              VigilStreamReadFunc         read,
                                              gpointer                    data);

void              vigil_stream_counts_read   (ArvStream                  *stream,
                                              VigilStreamCounts          *counts);
const char       *vigil_stream_stat_name     (VigilStreamStat             stat);
const char       *vigil_stream_stat_label    (VigilStreamStat             stat);
char             *vigil_stream_stats_alert_text (const VigilStreamStatsInfo *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilStreamStats, vigil_stream_stats_unref)

G_END_DECLS
