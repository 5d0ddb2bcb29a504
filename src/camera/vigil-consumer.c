/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-consumer"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-consumer.h"
#include "vigil-error.h"
#include "vigil-frame-pool.h"
#include "vigil-frame.h"

/* How long one pop waits, so the stop flag is seen promptly. */
#define POP_TIMEOUT_US (50 * 1000)

/* Pops buffers and converts only what will be shown: when the sink is ready
 * for a frame, the pixels are converted to the display size straight from
 * the buffer (no full-resolution copy unless one was requested) and the
 * buffer goes back to the stream right after; every other frame is counted
 * and pushed back at once. */
struct _VigilConsumer
{
  GThread        *thread;
  ArvStream      *stream;
  VigilFrameSink *sink;
  VigilFramePool *pool;            /* display buffers, used again */
  gint            stop;            /* atomic */
  gint            muted;           /* atomic: drop frames (fault frame.timeout) */
  gint64          last_frame_us;   /* atomic: monotonic time of the last frame */
  guint64         frames;          /* atomic: frames taken */
  guint64         frames_until;    /* atomic: take no frame past this count; 0: no limit */
  guint64         missing_seen;    /* consumer thread: the stream's packet counts */
  guint64         resent_seen;     /*   already added to the sink */
  gint64          packets_read_us; /* consumer thread: when they were read last */

  GMutex          lock;
  GCond           first_frame;     /* signalled with lock at the first frame */
  gboolean        has_frame;       /* under lock */
};

/* The image in @buffer, checked for its payload type and size. */
static gboolean
buffer_image (ArvBuffer     *buffer,
              const guint8 **data,
              size_t        *size,
              guint         *width,
              guint         *height,
              GError       **error)
{
  gint w, h;

  if (arv_buffer_get_payload_type (buffer) != ARV_BUFFER_PAYLOAD_TYPE_IMAGE)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_BAD_BUFFER,
                   _("The camera sent a payload that is not an image (type %d)"),
                   arv_buffer_get_payload_type (buffer));
      return FALSE;
    }

  *data = arv_buffer_get_image_data (buffer, size);
  w = arv_buffer_get_image_width (buffer);
  h = arv_buffer_get_image_height (buffer);
  if (w <= 0 || h <= 0)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_BAD_BUFFER,
                   _("The camera sent an image of %d×%d pixels"), w, h);
      return FALSE;
    }
  *width = (guint) w;
  *height = (guint) h;
  return TRUE;
}

/* The part of the frame that shows, converted into a pool buffer at the
 * size and orientation it is shown at. */
static GBytes *
convert_shown (VigilConsumer  *self,
               guint32         format,
               guint           width,
               guint           height,
               const guint8   *data,
               gsize           size,
               VigilFrameView *view,
               GError        **error)
{
  g_autoptr(GBytes) bytes = NULL;
  VigilViewGeometry geometry;
  VigilFrameLevels levels;
  guint8 *dst = NULL;

  vigil_frame_sink_get_geometry (self->sink, &geometry);
  vigil_frame_sink_get_levels (self->sink, &levels);
  if (!vigil_frame_plan_view (format, width, height, 0, &geometry, view, error))
    return NULL;
  bytes = vigil_frame_pool_take (self->pool, (gsize) view->width * view->height * 4, &dst);
  if (!vigil_frame_convert_view (format, width, height, 0, data, size, &levels, view, dst, error))
    return NULL;
  return g_steal_pointer (&bytes);
}

/* Converts the image in @buffer for display and, when asked, copies it at
 * full resolution (@offer_copy: for a snapshot; @keep: the shown frame
 * keeps its pixels for the readout).  Reads the buffer only during the
 * call. */
static void
convert_and_offer (VigilConsumer *self,
                   ArvBuffer     *buffer,
                   gboolean       show,
                   gboolean       offer_copy,
                   gboolean       keep)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) shown = NULL;
  g_autoptr(VigilFrame) frame = NULL;
  VigilFrameView view = { { 0 } };
  const guint8 *data = NULL;
  size_t size = 0;
  guint width = 0, height = 0;
  guint32 format = arv_buffer_get_image_pixel_format (buffer);
  guint64 id = arv_buffer_get_frame_id (buffer);
  gint64 timestamp_us = (gint64) (arv_buffer_get_system_timestamp (buffer) / 1000);

  if (!buffer_image (buffer, &data, &size, &width, &height, &error))
    {
      vigil_frame_sink_report_error (self->sink, error);
      return;
    }

  if (show && !(shown = convert_shown (self, format, width, height, data, size, &view, &error)))
    {
      vigil_frame_sink_report_error (self->sink, error);
      return;
    }

  if ((offer_copy || (show && keep)) &&
      (frame = vigil_frame_new (format, width, height, 0, data, size, id, timestamp_us, &error)))
    {
      vigil_frame_set_camera_timestamp (frame, arv_buffer_get_timestamp (buffer));
      if (shown != NULL)
        {
          vigil_frame_attach_display (frame, shown, view.width, view.height);
          vigil_frame_set_view (frame, &view);
        }
      if (offer_copy)
        vigil_frame_sink_offer_copy (self->sink, frame);
    }
  else if (offer_copy || (show && keep))
    vigil_frame_sink_report_error (self->sink, error);

  if (shown != NULL)
    {
      g_autoptr(VigilFrame) offered = NULL;

      if (frame != NULL)
        offered = vigil_frame_ref (frame);
      else
        {
          offered = vigil_frame_new_shown (format, width, height, id, timestamp_us, shown,
                                           view.width, view.height);
          vigil_frame_set_view (offered, &view);
        }
      vigil_frame_sink_offer (self->sink, offered);
    }
}

/* While the GUI shows a histogram, at most VIGIL_HISTOGRAM_INTERVAL_MS
 * apart: counted from the full frame before the buffer goes back. */
static void
tap_histogram (VigilConsumer *self,
               ArvBuffer     *buffer)
{
  VigilHistogramTap *tap = vigil_frame_sink_get_histogram_tap (self->sink);
  const guint8 *data = NULL;
  size_t size = 0;
  guint width = 0, height = 0;

  if (!vigil_histogram_tap_due (tap, g_get_monotonic_time ()) ||
      !buffer_image (buffer, &data, &size, &width, &height, NULL))
    return;
  vigil_histogram_tap_compute (tap, arv_buffer_get_image_pixel_format (buffer), width, height, data, size,
                               arv_buffer_get_frame_id (buffer));
}

static void
note_frame (VigilConsumer *self)
{
  __atomic_store_n (&self->last_frame_us, g_get_monotonic_time (), __ATOMIC_RELAXED);
  __atomic_add_fetch (&self->frames, 1, __ATOMIC_RELEASE);
  if (!self->has_frame)
    {
      g_mutex_lock (&self->lock);
      self->has_frame = TRUE;
      g_cond_broadcast (&self->first_frame);
      g_mutex_unlock (&self->lock);
    }
}

static gboolean
past_limit (VigilConsumer *self)
{
  guint64 until = __atomic_load_n (&self->frames_until, __ATOMIC_ACQUIRE);

  return until != 0 && __atomic_load_n (&self->frames, __ATOMIC_ACQUIRE) >= until;
}

/* Adds the GigE Vision stream's missing and resent packets since the last
 * reading to the sink, at most every 200 ms (on the consumer thread, which
 * owns the stream's buffers; the statistics are the stream thread's own
 * counters, read as arv-viewer reads them). */
static void
count_packets (VigilConsumer *self,
               gint64         now_us)
{
  guint64 resent = 0, missing = 0;

  if (!ARV_IS_GV_STREAM (self->stream) || now_us - self->packets_read_us < 200 * 1000)
    return;
  self->packets_read_us = now_us;
  arv_gv_stream_get_statistics (ARV_GV_STREAM (self->stream), &resent, &missing);
  if (missing >= self->missing_seen && resent >= self->resent_seen)
    vigil_frame_sink_count_packets (self->sink, missing - self->missing_seen, resent - self->resent_seen);
  self->missing_seen = missing;
  self->resent_seen = resent;
}

static gpointer
consumer_thread (gpointer data)
{
  VigilConsumer *self = data;

  while (!g_atomic_int_get (&self->stop))
    {
      ArvBuffer *buffer = arv_stream_timeout_pop_buffer (self->stream, POP_TIMEOUT_US);
      gboolean show, copy;
      size_t size = 0;

      count_packets (self, g_get_monotonic_time ());
      if (buffer == NULL)
        continue;

      if (arv_buffer_get_status (buffer) != ARV_BUFFER_STATUS_SUCCESS)
        {
          vigil_frame_sink_count_failed (self->sink);
          arv_stream_push_buffer (self->stream, buffer);
          continue;
        }

      /* A frame-limited acquisition that is complete: a camera that ignores
       * AcquisitionMode (the simulated one) sends more before it is stopped. */
      if (past_limit (self))
        {
          arv_stream_push_buffer (self->stream, buffer);
          continue;
        }

      arv_buffer_get_data (buffer, &size);
      vigil_frame_sink_count_received (self->sink, size);
      if (g_atomic_int_get (&self->muted))
        {
          arv_stream_push_buffer (self->stream, buffer);
          continue;
        }
      note_frame (self);
      tap_histogram (self, buffer);

      /* Convert only what the display can take; the rest go back at once. */
      show = vigil_frame_sink_ready (self->sink, g_get_monotonic_time ());
      copy = vigil_frame_sink_take_copy_request (self->sink);
      if (show || copy)
        convert_and_offer (self, buffer, show, copy, vigil_frame_sink_get_keep_pixels (self->sink));
      else
        vigil_frame_sink_count_skipped (self->sink);
      arv_stream_push_buffer (self->stream, buffer);
    }

  return NULL;
}

/**
 * vigil_consumer_start:
 * @stream: (transfer none): a stream with buffers queued
 * @sink: (transfer none): where frames go
 *
 * Returns: (transfer full) (nullable): the running consumer
 */
VigilConsumer *
vigil_consumer_start (ArvStream       *stream,
                      VigilFrameSink  *sink,
                      GError         **error)
{
  g_autoptr(VigilConsumer) self = g_new0 (VigilConsumer, 1);

  g_mutex_init (&self->lock);
  g_cond_init (&self->first_frame);
  self->stream = g_object_ref (stream);
  self->sink = g_object_ref (sink);
  self->pool = vigil_frame_pool_new (3);
  self->thread = g_thread_try_new ("vigil-consumer", consumer_thread, self, error);
  if (self->thread == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

/* Sets the stop flag, joins the thread and frees the consumer. */
void
vigil_consumer_stop (VigilConsumer *self)
{
  if (self == NULL)
    return;

  g_atomic_int_set (&self->stop, TRUE);
  if (self->thread != NULL)
    g_thread_join (g_steal_pointer (&self->thread));
  g_clear_object (&self->sink);
  g_clear_object (&self->stream);
  g_clear_pointer (&self->pool, vigil_frame_pool_unref);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->first_frame);
  g_free (self);
}

/* Any thread: monotonic time of the newest frame, 0 before the first. */
gint64
vigil_consumer_get_last_frame (VigilConsumer *self)
{
  return __atomic_load_n (&self->last_frame_us, __ATOMIC_RELAXED);
}

/**
 * vigil_consumer_wait_first_frame:
 * @timeout_us: how long to wait at most
 *
 * Blocks the calling (worker) thread until the first complete frame.
 *
 * Returns: %TRUE when a frame arrived in time
 */
gboolean
vigil_consumer_wait_first_frame (VigilConsumer *self,
                                 gint64         timeout_us)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;
  gboolean ok;

  g_mutex_lock (&self->lock);
  while (!self->has_frame)
    if (!g_cond_wait_until (&self->first_frame, &self->lock, deadline))
      break;
  ok = self->has_frame;
  g_mutex_unlock (&self->lock);
  return ok;
}

/* Any thread: a muted consumer drops every frame, as a camera that stopped
 * delivering would (fault point frame.timeout). */
void
vigil_consumer_set_muted (VigilConsumer *self,
                          gboolean       muted)
{
  g_atomic_int_set (&self->muted, !!muted);
}

/* Any thread: frames taken so far (muted or past the limit: not taken). */
guint64
vigil_consumer_get_frames (VigilConsumer *self)
{
  return __atomic_load_n (&self->frames, __ATOMIC_ACQUIRE);
}

/* Any thread: take at most @limit more frames (0: no limit), for a
 * SingleFrame/MultiFrame acquisition. */
void
vigil_consumer_set_frame_limit (VigilConsumer *self,
                                guint64        limit)
{
  __atomic_store_n (&self->frames_until, limit ? vigil_consumer_get_frames (self) + limit : 0, __ATOMIC_RELEASE);
}
