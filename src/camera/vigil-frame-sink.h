/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "vigil-frame.h"
#include "vigil-histogram-tap.h"
#include "vigil-types.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_FRAME_SINK (vigil_frame_sink_get_type ())

G_DECLARE_FINAL_TYPE (VigilFrameSink, vigil_frame_sink, VIGIL, FRAME_SINK, GObject)

typedef struct
{
  guint64 received;      /* complete frames popped from the stream */
  guint64 received_bytes;
  guint64 failed;        /* buffers that came back with an error status */
  guint64 displayed;     /* frames handed to the main thread */
  guint64 dropped;       /* frames replaced before the main thread took them */
  guint64 skipped;       /* frames not converted: the display could not take them */
  guint64 missing_packets;  /* GigE Vision: packets never received, every session */
  guint64 resent_packets;   /* GigE Vision: packets the camera sent again */
} VigilFrameCounts;

/* Frame rates over the last period (see vigil_frame_sink_get_rates ()). */
typedef struct
{
  double  received_fps;
  double  shown_fps;
  double  received_mb_per_s;   /* 10^6 bytes a second */
} VigilFrameRates;

/* The shortest period a rate is measured over: readers at different
 * cadences (the window's status bar, the panel) see one figure. */
#define VIGIL_FRAME_RATE_PERIOD_MS 500

/* At most this many frames a second are converted for display unless
 * vigil_frame_sink_set_max_rate() says otherwise. */
#define VIGIL_FRAME_SINK_DEFAULT_RATE 60

VigilFrameSink *vigil_frame_sink_new              (GMainContext     *main_context);
void            vigil_frame_sink_offer            (VigilFrameSink   *self,
                                                   VigilFrame       *frame);
void            vigil_frame_sink_count_received   (VigilFrameSink   *self,
                                                   gsize             bytes);
void            vigil_frame_sink_count_failed     (VigilFrameSink   *self);
void            vigil_frame_sink_count_packets    (VigilFrameSink   *self,
                                                   guint64           missing,
                                                   guint64           resent);
void            vigil_frame_sink_get_counts       (VigilFrameSink   *self,
                                                   VigilFrameCounts *counts);
void            vigil_frame_sink_get_rates        (VigilFrameSink   *self,
                                                   VigilFrameRates  *rates);
void            vigil_frame_sink_set_display_size (VigilFrameSink   *self,
                                                   guint             width,
                                                   guint             height);
void            vigil_frame_sink_get_display_size (VigilFrameSink   *self,
                                                   guint            *width,
                                                   guint            *height);
void            vigil_frame_sink_report_error     (VigilFrameSink   *self,
                                                   const GError     *error);
gboolean        vigil_frame_sink_ready            (VigilFrameSink   *self,
                                                   gint64            now_us);
void            vigil_frame_sink_count_skipped    (VigilFrameSink   *self);
void            vigil_frame_sink_set_max_rate     (VigilFrameSink   *self,
                                                   guint             frames_per_second);
void            vigil_frame_sink_set_levels       (VigilFrameSink   *self,
                                                   const VigilFrameLevels *levels);
void            vigil_frame_sink_get_levels       (VigilFrameSink   *self,
                                                   VigilFrameLevels *levels);
void            vigil_frame_sink_request_copy     (VigilFrameSink   *self);
gboolean        vigil_frame_sink_take_copy_request (VigilFrameSink  *self);
void            vigil_frame_sink_offer_copy       (VigilFrameSink   *self,
                                                   VigilFrame       *frame);
VigilFrame     *vigil_frame_sink_take_copy        (VigilFrameSink   *self);
VigilHistogramTap *vigil_frame_sink_get_histogram_tap (VigilFrameSink *self);
void            vigil_frame_sink_set_geometry     (VigilFrameSink   *self,
                                                   const VigilViewGeometry *geometry);
void            vigil_frame_sink_get_geometry     (VigilFrameSink   *self,
                                                   VigilViewGeometry *geometry);
void            vigil_frame_sink_set_keep_pixels  (VigilFrameSink   *self,
                                                   gboolean          keep);
gboolean        vigil_frame_sink_get_keep_pixels  (VigilFrameSink   *self);

G_END_DECLS
