/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-frame-pool"

#include "config.h"

#include <glib.h>

#include "vigil-frame-pool.h"

/* A buffer given back is used again for the same size; another size gets
 * fresh memory; bytes may outlive the pool. */
static void
test_reuse (void)
{
  g_autoptr(VigilFramePool) pool = vigil_frame_pool_new (2);
  GBytes *a, *b, *c;
  guint8 *da = NULL, *db = NULL, *dc = NULL;

  a = vigil_frame_pool_take (pool, 4096, &da);
  g_assert_nonnull (da);
  g_assert_cmpuint (g_bytes_get_size (a), ==, 4096);
  da[0] = 1;
  da[4095] = 2;
  g_bytes_unref (a);

  b = vigil_frame_pool_take (pool, 4096, &db);
  g_assert_true (db == da);
  g_assert_cmpuint (vigil_frame_pool_get_allocated (pool), ==, 1);

  /* In use: a second one of the size is made. */
  c = vigil_frame_pool_take (pool, 4096, &dc);
  g_assert_true (dc != db);
  g_assert_cmpuint (vigil_frame_pool_get_allocated (pool), ==, 2);
  g_bytes_unref (c);

  /* Another size: fresh, and the free ones of the old size go. */
  g_bytes_unref (b);
  b = vigil_frame_pool_take (pool, 100, &db);
  g_assert_cmpuint (g_bytes_get_size (b), ==, 100);
  g_assert_cmpuint (vigil_frame_pool_get_allocated (pool), ==, 3);

  /* The bytes outlive the pool. */
  g_clear_pointer (&pool, vigil_frame_pool_unref);
  db[99] = 7;
  g_bytes_unref (b);
}

/* Unreleased bytes from several threads come back without loss. */
static gpointer
release_thread (gpointer data)
{
  g_bytes_unref (data);
  return NULL;
}

static void
test_threads (void)
{
  g_autoptr(VigilFramePool) pool = vigil_frame_pool_new (3);

  for (guint round = 0; round < 50; round++)
    {
      GThread *threads[3];

      for (guint i = 0; i < 3; i++)
        {
          guint8 *d = NULL;

          threads[i] = g_thread_new ("release", release_thread, vigil_frame_pool_take (pool, 1024, &d));
        }
      for (guint i = 0; i < 3; i++)
        g_thread_join (threads[i]);
    }
  /* Three in flight at most: three were ever made. */
  g_assert_cmpuint (vigil_frame_pool_get_allocated (pool), ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/frame-pool/reuse", test_reuse);
  g_test_add_func ("/vigil/frame-pool/threads", test_threads);

  return g_test_run ();
}
