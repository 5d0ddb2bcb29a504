/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "vigil-camera-watch.h"

/* The camera list that follows the network (issue 19): rounds of discovery
 * merged into a list whose entries keep their places, over synthetic
 * rounds. */

static VigilCameraInfo *
camera (const char *serial,
        const char *address)
{
  VigilCameraInfo *info = g_new0 (VigilCameraInfo, 1);

  info->id = g_strconcat ("Aravis-Fake-", serial, NULL);
  info->address = g_strdup (address);
  info->vendor = g_strdup ("Aravis");
  info->model = g_strdup ("Fake");
  info->serial = g_strdup (serial);
  return info;
}

/* A round that found the cameras named "SERIAL@ADDRESS". */
static GPtrArray *
round_of (const char *first,
          ...)
{
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_camera_info_free);
  va_list args;

  va_start (args, first);
  for (const char *spec = first; spec != NULL; spec = va_arg (args, const char *))
    {
      g_auto(GStrv) parts = g_strsplit (spec, "@", 2);

      g_ptr_array_add (found, camera (parts[0], parts[1]));
    }
  va_end (args);
  return found;
}

static gboolean
merge (GPtrArray *entries,
       GPtrArray *found,
       gint64     now_s)
{
  g_autoptr(GPtrArray) owned = found;

  return vigil_camera_watch_merge (entries, owned, now_s * G_USEC_PER_SEC);
}

static const VigilCameraEntry *
entry_at (GPtrArray *entries,
          guint      i)
{
  g_assert_cmpuint (i, <, entries->len);
  return g_ptr_array_index (entries, i);
}

static void
test_merge (void)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_camera_entry_free);
  g_autoptr(GPtrArray) empty = g_ptr_array_new ();

  g_assert_true (merge (entries, round_of ("A@10.0.0.1", "B@10.0.0.2", NULL), 1));
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpstr (vigil_camera_entry_get_key (entry_at (entries, 0)), ==, "Aravis-Fake-A");
  g_assert_true (entry_at (entries, 1)->present);

  /* The same again: nothing a chooser shows changed. */
  g_assert_false (merge (entries, round_of ("A@10.0.0.1", "B@10.0.0.2", NULL), 2));

  /* B misses one round: still offered; a second: gone, in its place. */
  g_assert_false (merge (entries, round_of ("A@10.0.0.1", NULL), 3));
  g_assert_true (entry_at (entries, 1)->present);
  g_assert_cmpuint (entry_at (entries, 1)->misses, ==, 1);
  g_assert_true (merge (entries, round_of ("A@10.0.0.1", NULL), 4));
  g_assert_false (entry_at (entries, 1)->present);
  g_assert_cmpint (entry_at (entries, 1)->last_seen_us, ==, 2 * G_USEC_PER_SEC);
  g_assert_false (merge (entries, round_of ("A@10.0.0.1", NULL), 5));

  /* A new camera is appended; B back is offered again where it was. */
  g_assert_true (merge (entries, round_of ("A@10.0.0.1", "C@10.0.0.3", NULL), 6));
  g_assert_cmpuint (entries->len, ==, 3);
  g_assert_cmpstr (entry_at (entries, 2)->info->serial, ==, "C");
  g_assert_true (merge (entries, round_of ("C@10.0.0.3", "B@10.0.0.2", "A@10.0.0.1", NULL), 7));
  g_assert_cmpstr (entry_at (entries, 1)->info->serial, ==, "B");
  g_assert_true (entry_at (entries, 1)->present);
  g_assert_cmpuint (entry_at (entries, 1)->misses, ==, 0);

  /* A camera that moved to another address (DHCP): the same entry. */
  g_assert_true (merge (entries, round_of ("A@10.0.0.9", "B@10.0.0.2", "C@10.0.0.3", NULL), 8));
  g_assert_cmpuint (entries->len, ==, 3);
  g_assert_cmpstr (entry_at (entries, 0)->info->address, ==, "10.0.0.9");

  /* A failed round (nothing found) counts as a miss for everyone. */
  g_assert_false (vigil_camera_watch_merge (entries, empty, 9 * G_USEC_PER_SEC));
  g_assert_true (vigil_camera_watch_merge (entries, NULL, 10 * G_USEC_PER_SEC));
  for (guint i = 0; i < entries->len; i++)
    g_assert_false (entry_at (entries, i)->present);
}

/* An answer with neither id nor address names nothing: ignored. */
static void
test_nameless (void)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_camera_entry_free);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_camera_info_free);

  g_ptr_array_add (found, g_new0 (VigilCameraInfo, 1));
  g_assert_false (vigil_camera_watch_merge (entries, found, 1));
  g_assert_cmpuint (entries->len, ==, 0);
}

/* At most VIGIL_CAMERA_WATCH_MAX cameras: a new one takes the place of the
 * camera gone the longest, and is not kept while every one is present. */
static void
test_bounded (void)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_camera_entry_free);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_camera_info_free);
  g_autoptr(GPtrArray) extra = round_of ("NEW@10.1.0.1", NULL);

  for (guint i = 0; i < VIGIL_CAMERA_WATCH_MAX; i++)
    {
      g_autofree char *serial = g_strdup_printf ("S%u", i);

      g_ptr_array_add (all, camera (serial, NULL));
    }
  g_assert_true (vigil_camera_watch_merge (entries, all, 1));
  g_assert_cmpuint (entries->len, ==, VIGIL_CAMERA_WATCH_MAX);
  g_ptr_array_add (all, camera ("NEW", NULL));
  g_assert_false (vigil_camera_watch_merge (entries, all, 2));
  g_assert_cmpuint (entries->len, ==, VIGIL_CAMERA_WATCH_MAX);
  g_ptr_array_set_size (all, 0);

  /* S5 gone since t=1, S7 since t=3: NEW evicts S5. */
  for (guint i = 0; i < VIGIL_CAMERA_WATCH_MAX; i++)
    if (i != 5)
      {
        g_autofree char *serial = g_strdup_printf ("S%u", i);

        g_ptr_array_add (all, camera (serial, NULL));
      }
  for (gint64 t = 3; t <= 4; t++)
    vigil_camera_watch_merge (entries, all, t);
  g_ptr_array_remove_index (all, 6);    /* S7 */
  for (gint64 t = 5; t <= 6; t++)
    vigil_camera_watch_merge (entries, all, t);
  g_assert_false (entry_at (entries, 5)->present);
  g_assert_false (entry_at (entries, 7)->present);
  g_assert_true (vigil_camera_watch_merge (entries, extra, 7));
  g_assert_cmpuint (entries->len, ==, VIGIL_CAMERA_WATCH_MAX);
  g_assert_cmpstr (entry_at (entries, 5)->info->serial, ==, "S6");
  g_assert_cmpstr (entry_at (entries, VIGIL_CAMERA_WATCH_MAX - 1)->info->serial, ==, "NEW");
}

/* The rates, and a round run for real (no camera in a unit test's
 * network: whatever it finds, it ends and is counted). */
static void
test_watch (void)
{
  VigilCameraWatch *watch = vigil_camera_watch_new ();
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_assert_cmpuint (vigil_camera_watch_get_interval (watch), ==, VIGIL_CAMERA_WATCH_BACKGROUND_MS);
  vigil_camera_watch_set_fast (watch, TRUE);
  g_assert_cmpuint (vigil_camera_watch_get_interval (watch), ==, VIGIL_CAMERA_WATCH_FAST_MS);
  vigil_camera_watch_set_fast (watch, FALSE);
  vigil_camera_watch_set_paused (watch, TRUE);

  vigil_camera_watch_refresh (watch);
  g_assert_true (vigil_camera_watch_is_busy (watch));
  while (vigil_camera_watch_get_rounds (watch) == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_false (vigil_camera_watch_is_busy (watch));
  g_assert_nonnull (vigil_camera_watch_get_entries (watch));
  g_assert_finalize_object (watch);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/camera-watch/merge", test_merge);
  g_test_add_func ("/vigil/camera-watch/nameless", test_nameless);
  g_test_add_func ("/vigil/camera-watch/bounded", test_bounded);
  g_test_add_func ("/vigil/camera-watch/watch", test_watch);

  return g_test_run ();
}
