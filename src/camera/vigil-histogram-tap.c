/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-histogram-tap"

#include "config.h"

#include "vigil-histogram-tap.h"

/* Where the consumer thread leaves histograms for the GUI: only while the
 * GUI shows one (enabled), at most every VIGIL_HISTOGRAM_INTERVAL_MS, from
 * the full frame before its buffer goes back to the stream.  The GUI takes
 * the newest (latest wins).  Thread-safe. */
struct _VigilHistogramTap
{
  gint            enabled;     /* atomic, set by the GUI */
  guint64         computed;    /* atomic: histograms made */
  GMutex          lock;
  gint64          next_us;     /* under lock: the consumer's next slot */
  VigilHistogram *newest;      /* under lock */
  GError         *error;       /* under lock: why the newest frame had none */
};

static void
tap_clear (VigilHistogramTap *self)
{
  g_clear_pointer (&self->newest, vigil_histogram_free);
  g_clear_error (&self->error);
  g_mutex_clear (&self->lock);
}

/**
 * vigil_histogram_tap_new:
 *
 * Returns: (transfer full): a tap, disabled
 */
VigilHistogramTap *
vigil_histogram_tap_new (void)
{
  VigilHistogramTap *self = g_atomic_rc_box_new0 (VigilHistogramTap);

  g_mutex_init (&self->lock);
  return self;
}

VigilHistogramTap *
vigil_histogram_tap_ref (VigilHistogramTap *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
vigil_histogram_tap_unref (VigilHistogramTap *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) tap_clear);
}

/* Any thread (the GUI, while a histogram is shown). */
void
vigil_histogram_tap_set_enabled (VigilHistogramTap *self,
                                 gboolean           enabled)
{
  g_return_if_fail (self != NULL);

  g_atomic_int_set (&self->enabled, !!enabled);
}

gboolean
vigil_histogram_tap_get_enabled (VigilHistogramTap *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return g_atomic_int_get (&self->enabled);
}

/**
 * vigil_histogram_tap_due:
 * @now_us: the monotonic time now
 *
 * The consumer: whether to compute a histogram of this frame — enabled,
 * and the last one at least VIGIL_HISTOGRAM_INTERVAL_MS ago.  %TRUE books
 * the slot.
 */
gboolean
vigil_histogram_tap_due (VigilHistogramTap *self,
                         gint64             now_us)
{
  gboolean due;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!g_atomic_int_get (&self->enabled))
    return FALSE;
  g_mutex_lock (&self->lock);
  due = now_us >= self->next_us;
  if (due)
    self->next_us = now_us + VIGIL_HISTOGRAM_INTERVAL_MS * 1000;
  g_mutex_unlock (&self->lock);
  return due;
}

/* The consumer: computes the histogram of the full frame in @data (read
 * only during the call) and keeps it, or why there is none. */
void
vigil_histogram_tap_compute (VigilHistogramTap *self,
                             guint32            pixel_format,
                             guint              width,
                             guint              height,
                             const guint8      *data,
                             gsize              size,
                             guint64            frame_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilHistogram) histogram = NULL;

  g_return_if_fail (self != NULL);

  histogram = vigil_histogram_compute (pixel_format, width, height, 0, data, size, &error);
  if (histogram != NULL)
    histogram->frame_id = frame_id;
  __atomic_add_fetch (&self->computed, 1, __ATOMIC_RELAXED);

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->newest, vigil_histogram_free);
  g_clear_error (&self->error);
  self->newest = g_steal_pointer (&histogram);
  self->error = g_steal_pointer (&error);
  g_mutex_unlock (&self->lock);
}

/**
 * vigil_histogram_tap_take:
 * @error: why the newest frame had no histogram, when it had none
 *
 * Any thread (the GUI).
 *
 * Returns: (transfer full) (nullable): the newest histogram, once; %NULL
 *   when there is none new (then @error is set only when the newest frame
 *   could not be counted)
 */
VigilHistogram *
vigil_histogram_tap_take (VigilHistogramTap  *self,
                          GError            **error)
{
  VigilHistogram *histogram;

  g_return_val_if_fail (self != NULL, NULL);

  g_mutex_lock (&self->lock);
  histogram = g_steal_pointer (&self->newest);
  if (histogram == NULL && self->error != NULL)
    g_propagate_error (error, g_steal_pointer (&self->error));
  g_mutex_unlock (&self->lock);
  return histogram;
}

/* Any thread: how many histograms were computed so far. */
guint64
vigil_histogram_tap_get_computed (VigilHistogramTap *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return __atomic_load_n (&self->computed, __ATOMIC_RELAXED);
}
