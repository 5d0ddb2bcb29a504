/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-frame-pool"

#include "config.h"

#include "vigil-frame-pool.h"

/* Display buffers used again: a GBytes from the pool gives its memory back
 * when its last reference goes (on whichever thread: the renderer's node,
 * the main thread), so a displayed frame allocates nothing once the pool
 * holds buffers of the shown size.  Fresh memory would cost a page fault
 * every 4 KiB and a memset by the kernel. */
struct _VigilFramePool
{
  GMutex     lock;
  GPtrArray *free;        /* under lock: Buffer */
  guint      max_free;
  guint      allocated;   /* under lock: buffers made, for the tests */
};

typedef struct
{
  VigilFramePool *pool;   /* a reference */
  gsize           size;
  guint8         *data;
} Buffer;

static void
buffer_free (gpointer data)
{
  Buffer *buffer = data;

  g_clear_pointer (&buffer->data, g_free);
  g_clear_pointer (&buffer->pool, vigil_frame_pool_unref);
  g_free (buffer);
}

static void
buffer_release (gpointer data)
{
  Buffer *buffer = data;
  VigilFramePool *pool = buffer->pool;
  gboolean kept = FALSE;

  g_mutex_lock (&pool->lock);
  if (pool->free->len < pool->max_free)
    {
      /* The pool's own reference to itself would be a cycle: drop it. */
      buffer->pool = NULL;
      g_ptr_array_add (pool->free, buffer);
      kept = TRUE;
    }
  g_mutex_unlock (&pool->lock);

  if (kept)
    vigil_frame_pool_unref (pool);
  else
    buffer_free (buffer);
}

/* A pool that keeps at most @max_free unused buffers. */
VigilFramePool *
vigil_frame_pool_new (guint max_free)
{
  VigilFramePool *self = g_atomic_rc_box_new0 (VigilFramePool);

  g_mutex_init (&self->lock);
  self->free = g_ptr_array_new_with_free_func (buffer_free);
  self->max_free = max_free;
  return self;
}

VigilFramePool *
vigil_frame_pool_ref (VigilFramePool *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
pool_clear (gpointer data)
{
  VigilFramePool *self = data;

  g_clear_pointer (&self->free, g_ptr_array_unref);
  g_mutex_clear (&self->lock);
}

void
vigil_frame_pool_unref (VigilFramePool *self)
{
  g_atomic_rc_box_release_full (self, pool_clear);
}

/**
 * vigil_frame_pool_take:
 * @data: (out): the memory, writable until the bytes are shared
 *
 * Returns: (transfer full): @size bytes, reused when a free buffer has
 *   that size
 */
GBytes *
vigil_frame_pool_take (VigilFramePool  *self,
                       gsize            size,
                       guint8         **data)
{
  Buffer *buffer = NULL;

  g_return_val_if_fail (self != NULL && data != NULL, NULL);

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->free->len; i++)
    if (((Buffer *) g_ptr_array_index (self->free, i))->size == size)
      {
        buffer = g_ptr_array_steal_index_fast (self->free, i);
        break;
      }
  /* Sizes that are no longer shown go. */
  if (buffer == NULL)
    {
      g_ptr_array_set_size (self->free, 0);
      self->allocated++;
    }
  g_mutex_unlock (&self->lock);

  if (buffer == NULL)
    {
      buffer = g_new0 (Buffer, 1);
      buffer->size = size;
      buffer->data = g_malloc (MAX (size, 1));
    }
  buffer->pool = vigil_frame_pool_ref (self);
  *data = buffer->data;
  return g_bytes_new_with_free_func (buffer->data, size, buffer_release, buffer);
}

/* How many buffers the pool has made. */
guint
vigil_frame_pool_get_allocated (VigilFramePool *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->allocated;
  g_mutex_unlock (&self->lock);
  return n;
}
