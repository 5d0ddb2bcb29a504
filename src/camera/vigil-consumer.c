/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-consumer"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-consumer.h"
#include "vigil-error.h"
#include "vigil-frame.h"

/* How long one pop waits, so the stop flag is seen promptly. */
#define POP_TIMEOUT_US (50 * 1000)

/* Pops buffers, copies the pixels out, pushes the buffer back at once, then
 * converts the copy to the display size and offers it to the sink. */
struct _VigilConsumer
{
  GThread        *thread;
  ArvStream      *stream;
  VigilFrameSink *sink;
  gint            stop;            /* atomic */
  gint            muted;           /* atomic: drop frames (fault frame.timeout) */
  gint64          last_frame_us;   /* atomic: monotonic time of the last frame */
  guint64         frames;          /* atomic: frames taken */
  guint64         frames_until;    /* atomic: take no frame past this count; 0: no limit */

  GMutex          lock;
  GCond           first_frame;     /* signalled with lock at the first frame */
  gboolean        has_frame;       /* under lock */
};

static VigilFrame *
copy_buffer (VigilConsumer *self,
             ArvBuffer     *buffer,
             GError       **error)
{
  const guint8 *data;
  size_t size = 0;
  gint width, height;
  guint32 format;

  if (arv_buffer_get_payload_type (buffer) != ARV_BUFFER_PAYLOAD_TYPE_IMAGE)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_BAD_BUFFER,
                   _("The camera sent a payload that is not an image (type %d)"),
                   arv_buffer_get_payload_type (buffer));
      return NULL;
    }

  data = arv_buffer_get_image_data (buffer, &size);
  width = arv_buffer_get_image_width (buffer);
  height = arv_buffer_get_image_height (buffer);
  format = arv_buffer_get_image_pixel_format (buffer);
  if (width <= 0 || height <= 0)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_BAD_BUFFER,
                   _("The camera sent an image of %d×%d pixels"), width, height);
      return NULL;
    }

  return vigil_frame_new (format, (guint) width, (guint) height, 0, data, size,
                          arv_buffer_get_frame_id (buffer),
                          (gint64) (arv_buffer_get_system_timestamp (buffer) / 1000),
                          error);
}

static void
convert_and_offer (VigilConsumer *self,
                   VigilFrame    *frame)
{
  g_autoptr(GBytes) rgb = NULL;
  g_autoptr(GError) error = NULL;
  guint max_w, max_h, w, h;

  vigil_frame_sink_get_display_size (self->sink, &max_w, &max_h);
  vigil_fit_size (vigil_frame_get_width (frame), vigil_frame_get_height (frame), max_w, max_h, &w, &h);

  if (!(rgb = vigil_frame_to_rgb (frame, w, h, &error)))
    {
      vigil_frame_sink_report_error (self->sink, error);
      return;
    }

  vigil_frame_attach_display (frame, rgb, w, h);
  vigil_frame_sink_offer (self->sink, frame);
}

static gboolean
past_limit (VigilConsumer *self)
{
  guint64 until = __atomic_load_n (&self->frames_until, __ATOMIC_ACQUIRE);

  return until != 0 && __atomic_load_n (&self->frames, __ATOMIC_ACQUIRE) >= until;
}

static gpointer
consumer_thread (gpointer data)
{
  VigilConsumer *self = data;

  while (!g_atomic_int_get (&self->stop))
    {
      ArvBuffer *buffer = arv_stream_timeout_pop_buffer (self->stream, POP_TIMEOUT_US);
      g_autoptr(VigilFrame) frame = NULL;
      g_autoptr(GError) error = NULL;
      size_t size = 0;

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

      /* Copy first: the buffer goes back to the stream right after. */
      frame = copy_buffer (self, buffer, &error);
      arv_buffer_get_data (buffer, &size);
      arv_stream_push_buffer (self->stream, buffer);
      vigil_frame_sink_count_received (self->sink, size);

      if (g_atomic_int_get (&self->muted))
        continue;
      __atomic_store_n (&self->last_frame_us, g_get_monotonic_time (), __ATOMIC_RELAXED);
      __atomic_add_fetch (&self->frames, 1, __ATOMIC_RELEASE);
      if (!self->has_frame)
        {
          g_mutex_lock (&self->lock);
          self->has_frame = TRUE;
          g_cond_broadcast (&self->first_frame);
          g_mutex_unlock (&self->lock);
        }

      if (frame == NULL)
        {
          vigil_frame_sink_report_error (self->sink, error);
          continue;
        }

      convert_and_offer (self, frame);
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
