/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-frame-sink"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-frame-sink.h"

/* The hand-off between a frame consumer thread and the main thread.  The
 * consumer converts a frame only when the sink is ready for one: the
 * previous frame was handed to the main thread and the display rate
 * (VIGIL_FRAME_SINK_DEFAULT_RATE a second unless set) allows another.
 * Every other frame is counted as skipped and goes back to the stream
 * unconverted.  At most one idle is pending on the main context; latest
 * frame wins.  A full-resolution copy is made only when one was requested
 * (snapshots, histograms). */
struct _VigilFrameSink
{
  GObject       parent_instance;

  GMainContext *main_context;

  GMutex        lock;
  VigilFrame   *pending;      /* under lock */
  GError       *error;        /* under lock: newest conversion error */
  gboolean      scheduled;    /* under lock: an idle is pending */
  VigilFrame   *copy;         /* under lock: the newest requested copy */
  gboolean      copy_new;     /* under lock: `copy` not announced yet */
  gint64        next_us;      /* under lock: monotonic time the next frame may be shown */
  gint64        interval_us;  /* under lock: 0 for no limit */
  VigilFrameLevels levels;    /* under lock */
  VigilViewGeometry geometry; /* under lock: zoom, centre and orientation */
  gint          keep_pixels;  /* atomic: shown frames keep their raw pixels */
  gint          copy_wanted;  /* atomic */
  VigilHistogramTap *histogram_tap;  /* thread-safe itself */

  guint64       received;     /* atomics */
  guint64       received_bytes;
  guint64       failed;
  guint64       displayed;
  guint64       dropped;
  guint64       skipped;
  guint64       missing_packets;   /* GigE Vision, every session */
  guint64       resent_packets;
  guint         display_width;
  guint         display_height;

  /* Main thread: the rates and the counts they were measured from. */
  VigilFrameCounts rate_counts;
  gint64        rate_time;
  VigilFrameRates rates;
};

G_DEFINE_FINAL_TYPE (VigilFrameSink, vigil_frame_sink, G_TYPE_OBJECT)

enum {
  FRAME,
  FRAME_ERROR,
  FRAME_COPIED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
deliver_on_main (gpointer data)
{
  VigilFrameSink *self = data;
  g_autoptr(VigilFrame) frame = NULL;
  g_autoptr(GError) error = NULL;
  gboolean copied;

  g_mutex_lock (&self->lock);
  frame = g_steal_pointer (&self->pending);
  error = g_steal_pointer (&self->error);
  copied = self->copy_new;
  self->copy_new = FALSE;
  self->scheduled = FALSE;
  g_mutex_unlock (&self->lock);

  if (error != NULL)
    g_signal_emit (self, signals[FRAME_ERROR], 0, error);
  if (copied)
    g_signal_emit (self, signals[FRAME_COPIED], 0);
  if (frame != NULL)
    {
      __atomic_add_fetch (&self->displayed, 1, __ATOMIC_RELAXED);
      g_signal_emit (self, signals[FRAME], 0, frame);
    }

  return G_SOURCE_REMOVE;
}

/* Called with the lock held. */
static void
schedule_locked (VigilFrameSink *self)
{
  g_autoptr(GSource) source = NULL;

  if (self->scheduled)
    return;

  self->scheduled = TRUE;
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback (source, deliver_on_main, g_object_ref (self), g_object_unref);
  g_source_set_static_name (source, "[vigil] frame hand-off");
  g_source_attach (source, self->main_context);
}

static void
vigil_frame_sink_finalize (GObject *object)
{
  VigilFrameSink *self = (VigilFrameSink *) object;

  g_clear_pointer (&self->pending, vigil_frame_unref);
  g_clear_pointer (&self->copy, vigil_frame_unref);
  g_clear_pointer (&self->histogram_tap, vigil_histogram_tap_unref);
  g_clear_error (&self->error);
  g_clear_pointer (&self->main_context, g_main_context_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (vigil_frame_sink_parent_class)->finalize (object);
}

static void
vigil_frame_sink_class_init (VigilFrameSinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vigil_frame_sink_finalize;

  /**
   * VigilFrameSink::frame:
   * @frame: the newest frame
   *
   * Emitted on the main context with the newest frame.
   */
  signals[FRAME] = g_signal_new ("frame",
                                 G_TYPE_FROM_CLASS (klass),
                                 G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1,
                                 VIGIL_TYPE_FRAME | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * VigilFrameSink::frame-error:
   * @error: why a frame could not be shown (e.g. an unsupported pixel format)
   *
   * Emitted on the main context.
   */
  signals[FRAME_ERROR] = g_signal_new ("frame-error",
                                       G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 1,
                                       G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * VigilFrameSink::frame-copied:
   *
   * Emitted on the main context when the full-resolution copy asked for
   * with vigil_frame_sink_request_copy() can be taken.
   */
  signals[FRAME_COPIED] = g_signal_new ("frame-copied",
                                        G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 0);
}

static void
vigil_frame_sink_init (VigilFrameSink *self)
{
  g_mutex_init (&self->lock);
  self->interval_us = G_USEC_PER_SEC / VIGIL_FRAME_SINK_DEFAULT_RATE;
  self->levels.mode = VIGIL_LEVELS_BIT_DEPTH;
  self->histogram_tap = vigil_histogram_tap_new ();
}

/**
 * vigil_frame_sink_new:
 * @main_context: (nullable): where the signals are emitted; %NULL for the
 *   global default context
 *
 * Returns: (transfer full): a new sink
 */
VigilFrameSink *
vigil_frame_sink_new (GMainContext *main_context)
{
  VigilFrameSink *self = g_object_new (VIGIL_TYPE_FRAME_SINK, NULL);

  self->main_context = main_context ? g_main_context_ref (main_context)
                                    : g_main_context_ref (g_main_context_default ());
  return self;
}

/* Any thread. */
void
vigil_frame_sink_offer (VigilFrameSink *self,
                        VigilFrame     *frame)
{
  g_autoptr(VigilFrame) old = NULL;

  g_return_if_fail (VIGIL_IS_FRAME_SINK (self));
  g_return_if_fail (frame != NULL);

  g_mutex_lock (&self->lock);
  old = g_steal_pointer (&self->pending);
  self->pending = vigil_frame_ref (frame);
  schedule_locked (self);
  g_mutex_unlock (&self->lock);

  if (old != NULL)
    __atomic_add_fetch (&self->dropped, 1, __ATOMIC_RELAXED);
}

/* Any thread: a frame could not be converted; the newest error wins. */
void
vigil_frame_sink_report_error (VigilFrameSink *self,
                               const GError   *error)
{
  g_return_if_fail (VIGIL_IS_FRAME_SINK (self));

  g_mutex_lock (&self->lock);
  g_clear_error (&self->error);
  self->error = g_error_copy (error);
  schedule_locked (self);
  g_mutex_unlock (&self->lock);
}

/* Any thread. */
void
vigil_frame_sink_count_received (VigilFrameSink *self,
                                 gsize           bytes)
{
  __atomic_add_fetch (&self->received, 1, __ATOMIC_RELAXED);
  __atomic_add_fetch (&self->received_bytes, bytes, __ATOMIC_RELAXED);
}

/* Any thread. */
void
vigil_frame_sink_count_failed (VigilFrameSink *self)
{
  __atomic_add_fetch (&self->failed, 1, __ATOMIC_RELAXED);
}

/* Any thread: adds GigE Vision packet counts (deltas of the stream's own). */
void
vigil_frame_sink_count_packets (VigilFrameSink *self,
                                guint64         missing,
                                guint64         resent)
{
  __atomic_add_fetch (&self->missing_packets, missing, __ATOMIC_RELAXED);
  __atomic_add_fetch (&self->resent_packets, resent, __ATOMIC_RELAXED);
}

/* Any thread. */
void
vigil_frame_sink_get_counts (VigilFrameSink   *self,
                             VigilFrameCounts *counts)
{
  counts->received = __atomic_load_n (&self->received, __ATOMIC_RELAXED);
  counts->received_bytes = __atomic_load_n (&self->received_bytes, __ATOMIC_RELAXED);
  counts->failed = __atomic_load_n (&self->failed, __ATOMIC_RELAXED);
  counts->displayed = __atomic_load_n (&self->displayed, __ATOMIC_RELAXED);
  counts->dropped = __atomic_load_n (&self->dropped, __ATOMIC_RELAXED);
  counts->skipped = __atomic_load_n (&self->skipped, __ATOMIC_RELAXED);
  counts->missing_packets = __atomic_load_n (&self->missing_packets, __ATOMIC_RELAXED);
  counts->resent_packets = __atomic_load_n (&self->resent_packets, __ATOMIC_RELAXED);
}

/**
 * vigil_frame_sink_get_rates:
 *
 * The frames per second received and shown, and the megabytes per second
 * received, over the period since the rates were measured last, measured
 * again when that period is at least VIGIL_FRAME_RATE_PERIOD_MS long (all
 * zero on the first call).  One measurement for every reader.  Main thread.
 */
void
vigil_frame_sink_get_rates (VigilFrameSink  *self,
                            VigilFrameRates *rates)
{
  VigilFrameCounts counts;
  gint64 now = g_get_monotonic_time ();
  double seconds = (now - self->rate_time) / (double) G_USEC_PER_SEC;

  g_return_if_fail (VIGIL_IS_FRAME_SINK (self));

  if (self->rate_time == 0 || seconds * 1000 >= VIGIL_FRAME_RATE_PERIOD_MS)
    {
      vigil_frame_sink_get_counts (self, &counts);
      if (self->rate_time != 0)
        {
          self->rates.received_fps = (counts.received - self->rate_counts.received) / seconds;
          self->rates.shown_fps = (counts.displayed - self->rate_counts.displayed) / seconds;
          self->rates.received_mb_per_s = (counts.received_bytes - self->rate_counts.received_bytes) / seconds / 1e6;
        }
      self->rate_counts = counts;
      self->rate_time = now;
    }
  *rates = self->rates;
}

/* Main thread: the size in device pixels the picture is shown at; the
 * consumer thread converts frames to that size (0 × 0: full size). */
void
vigil_frame_sink_set_display_size (VigilFrameSink *self,
                                   guint           width,
                                   guint           height)
{
  g_atomic_int_set (&self->display_width, width);
  g_atomic_int_set (&self->display_height, height);
}

/* Any thread. */
void
vigil_frame_sink_get_display_size (VigilFrameSink *self,
                                   guint          *width,
                                   guint          *height)
{
  *width = g_atomic_int_get (&self->display_width);
  *height = g_atomic_int_get (&self->display_height);
}

/**
 * vigil_frame_sink_ready:
 * @now_us: the monotonic time now
 *
 * Any thread (the consumer): whether a frame converted now would be shown —
 * the previous one was handed to the main thread, and the display rate
 * allows another.  %TRUE books the slot: convert and offer the frame.
 *
 * Returns: %TRUE when the display can take a frame
 */
gboolean
vigil_frame_sink_ready (VigilFrameSink *self,
                        gint64          now_us)
{
  gboolean ready;

  g_return_val_if_fail (VIGIL_IS_FRAME_SINK (self), FALSE);

  g_mutex_lock (&self->lock);
  ready = self->pending == NULL && !self->scheduled && now_us >= self->next_us;
  if (ready && self->interval_us > 0)
    {
      /* Paced on a grid, so frames arriving a little early or late do not
       * lower the rate; after a pause at most one extra frame goes through. */
      self->next_us = MAX (self->next_us, now_us - self->interval_us) + self->interval_us;
    }
  g_mutex_unlock (&self->lock);

  return ready;
}

/* Any thread: a frame was not converted because the display could not take it. */
void
vigil_frame_sink_count_skipped (VigilFrameSink *self)
{
  __atomic_add_fetch (&self->skipped, 1, __ATOMIC_RELAXED);
}

/* Any thread: at most @frames_per_second frames are converted for display
 * (the display's refresh rate); 0 for no limit. */
void
vigil_frame_sink_set_max_rate (VigilFrameSink *self,
                               guint           frames_per_second)
{
  g_return_if_fail (VIGIL_IS_FRAME_SINK (self));

  g_mutex_lock (&self->lock);
  self->interval_us = frames_per_second > 0 ? G_USEC_PER_SEC / frames_per_second : 0;
  self->next_us = 0;
  g_mutex_unlock (&self->lock);
}

/* Any thread: how samples deeper than 8 bits are shown from the next frame on. */
void
vigil_frame_sink_set_levels (VigilFrameSink         *self,
                             const VigilFrameLevels *levels)
{
  g_return_if_fail (VIGIL_IS_FRAME_SINK (self));
  g_return_if_fail (levels != NULL);

  g_mutex_lock (&self->lock);
  self->levels = *levels;
  g_mutex_unlock (&self->lock);
}

/* Any thread. */
void
vigil_frame_sink_get_levels (VigilFrameSink   *self,
                             VigilFrameLevels *levels)
{
  g_return_if_fail (VIGIL_IS_FRAME_SINK (self));

  g_mutex_lock (&self->lock);
  *levels = self->levels;
  g_mutex_unlock (&self->lock);
}

/* Any thread: the next frame received is copied at full resolution, also
 * when it is not shown; ::frame-copied says when it can be taken. */
void
vigil_frame_sink_request_copy (VigilFrameSink *self)
{
  g_return_if_fail (VIGIL_IS_FRAME_SINK (self));

  g_atomic_int_set (&self->copy_wanted, TRUE);
}

/* Any thread (the consumer): whether a copy was requested; clears the request. */
gboolean
vigil_frame_sink_take_copy_request (VigilFrameSink *self)
{
  g_return_val_if_fail (VIGIL_IS_FRAME_SINK (self), FALSE);

  return g_atomic_int_exchange (&self->copy_wanted, FALSE);
}

/* Any thread (the consumer): the requested full-resolution copy. */
void
vigil_frame_sink_offer_copy (VigilFrameSink *self,
                             VigilFrame     *frame)
{
  g_return_if_fail (VIGIL_IS_FRAME_SINK (self));
  g_return_if_fail (frame != NULL);

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->copy, vigil_frame_unref);
  self->copy = vigil_frame_ref (frame);
  self->copy_new = TRUE;
  schedule_locked (self);
  g_mutex_unlock (&self->lock);
}

/**
 * vigil_frame_sink_take_copy:
 *
 * Any thread.
 *
 * Returns: (transfer full) (nullable): the newest requested copy, once
 */
VigilFrame *
vigil_frame_sink_take_copy (VigilFrameSink *self)
{
  VigilFrame *copy;

  g_return_val_if_fail (VIGIL_IS_FRAME_SINK (self), NULL);

  g_mutex_lock (&self->lock);
  copy = g_steal_pointer (&self->copy);
  g_mutex_unlock (&self->lock);
  return copy;
}

/**
 * vigil_frame_sink_get_histogram_tap:
 *
 * Any thread.
 *
 * Returns: (transfer none): where the consumer leaves histograms of full
 *   frames while the GUI shows one
 */
VigilHistogramTap *
vigil_frame_sink_get_histogram_tap (VigilFrameSink *self)
{
  g_return_val_if_fail (VIGIL_IS_FRAME_SINK (self), NULL);
  return self->histogram_tap;
}

/* Any thread: the zoom (0: fit), the centre and the orientation of the
 * picture; the display size comes from vigil_frame_sink_set_display_size(). */
void
vigil_frame_sink_set_geometry (VigilFrameSink          *self,
                               const VigilViewGeometry *geometry)
{
  g_return_if_fail (VIGIL_IS_FRAME_SINK (self));
  g_return_if_fail (geometry != NULL);

  g_mutex_lock (&self->lock);
  self->geometry = *geometry;
  g_mutex_unlock (&self->lock);
}

/* Any thread: the picture's geometry with the display size (device pixels)
 * and no frame size (the frame's own is used). */
void
vigil_frame_sink_get_geometry (VigilFrameSink    *self,
                               VigilViewGeometry *geometry)
{
  g_return_if_fail (VIGIL_IS_FRAME_SINK (self));

  g_mutex_lock (&self->lock);
  *geometry = self->geometry;
  g_mutex_unlock (&self->lock);
  geometry->frame_width = geometry->frame_height = 0;
  vigil_frame_sink_get_display_size (self, &geometry->view_width, &geometry->view_height);
}

/* Any thread: while set, every frame shown keeps its raw pixels (a copy),
 * for the pixel readout. */
void
vigil_frame_sink_set_keep_pixels (VigilFrameSink *self,
                                  gboolean        keep)
{
  g_return_if_fail (VIGIL_IS_FRAME_SINK (self));
  g_atomic_int_set (&self->keep_pixels, !!keep);
}

gboolean
vigil_frame_sink_get_keep_pixels (VigilFrameSink *self)
{
  g_return_val_if_fail (VIGIL_IS_FRAME_SINK (self), FALSE);
  return g_atomic_int_get (&self->keep_pixels);
}
