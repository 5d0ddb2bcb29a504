/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-camera-watch"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-camera-watch.h"

/* The camera list that follows the network: discovery rounds repeated off
 * the main thread (vigil_discover_cameras_async, one GTask thread each),
 * merged into a list whose entries keep their places.  Main thread only.
 *
 * Every round holds the process-wide Aravis lock for about a second and
 * opens one UDP socket per network interface (a short spike in the fd
 * chart).  So background rounds can be paused (the window pauses them
 * while a session opens, fails or closes, so that a discovery socket is
 * never attributed to a session's phase); rounds asked for (F5) and the
 * fast rounds while the chooser is open run anyway. */

struct _VigilCameraWatch
{
  GObject       parent_instance;

  GPtrArray    *entries;        /* (element-type VigilCameraEntry) */
  GCancellable *round;          /* non-NULL while a round runs */
  guint         timer;
  gboolean      fast;
  gboolean      paused;
  gint64        last_end_us;    /* monotonic; 0 before the first round */
  guint64       rounds;
};

G_DEFINE_FINAL_TYPE (VigilCameraWatch, vigil_camera_watch, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

enum
{
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

void
vigil_camera_entry_free (VigilCameraEntry *entry)
{
  if (entry == NULL)
    return;
  vigil_camera_info_free (entry->info);
  g_free (entry);
}

/* What identifies a camera across rounds: its Aravis device id (vendor,
 * model and serial), or its address when it has none. */
const char *
vigil_camera_entry_get_key (const VigilCameraEntry *entry)
{
  g_return_val_if_fail (entry != NULL && entry->info != NULL, NULL);
  return entry->info->id != NULL ? entry->info->id : entry->info->address;
}

static VigilCameraEntry *
find_entry (GPtrArray  *entries,
            const char *key)
{
  for (guint i = 0; i < entries->len; i++)
    {
      VigilCameraEntry *entry = g_ptr_array_index (entries, i);

      if (g_strcmp0 (vigil_camera_entry_get_key (entry), key) == 0)
        return entry;
    }
  return NULL;
}

static VigilCameraInfo *
info_copy (const VigilCameraInfo *info)
{
  VigilCameraInfo *copy = g_new0 (VigilCameraInfo, 1);

  copy->id = g_strdup (info->id);
  copy->address = g_strdup (info->address);
  copy->vendor = g_strdup (info->vendor);
  copy->model = g_strdup (info->model);
  copy->serial = g_strdup (info->serial);
  return copy;
}

/* Makes room for one more: drops the camera gone the longest.  FALSE when
 * every kept camera is present. */
static gboolean
evict_gone (GPtrArray *entries)
{
  gint oldest = -1;

  for (guint i = 0; i < entries->len; i++)
    {
      const VigilCameraEntry *entry = g_ptr_array_index (entries, i);

      if (!entry->present &&
          (oldest < 0 || entry->last_seen_us < ((VigilCameraEntry *) g_ptr_array_index (entries, oldest))->last_seen_us))
        oldest = (gint) i;
    }
  if (oldest < 0)
    return FALSE;
  g_ptr_array_remove_index (entries, (guint) oldest);
  return TRUE;
}

/* A camera that answered: updated in place, offered again, or appended. */
static gboolean
merge_found (GPtrArray             *entries,
             const VigilCameraInfo *info,
             gint64                 now_us)
{
  const char *key = info->id != NULL ? info->id : info->address;
  VigilCameraEntry *entry;
  gboolean changed = FALSE;

  if (key == NULL)
    return FALSE;
  if ((entry = find_entry (entries, key)) != NULL)
    {
      g_autofree char *before = vigil_camera_info_dup_label (entry->info);
      g_autofree char *after = vigil_camera_info_dup_label (info);

      changed = !entry->present || g_strcmp0 (before, after) != 0 ||
                g_strcmp0 (entry->info->address, info->address) != 0;
      vigil_camera_info_free (entry->info);
      entry->info = info_copy (info);
    }
  else
    {
      if (entries->len >= VIGIL_CAMERA_WATCH_MAX && !evict_gone (entries))
        return FALSE;
      entry = g_new0 (VigilCameraEntry, 1);
      entry->info = info_copy (info);
      g_ptr_array_add (entries, entry);
      changed = TRUE;
    }
  entry->present = TRUE;
  entry->misses = 0;
  entry->last_seen_us = now_us;
  return changed;
}

/**
 * vigil_camera_watch_merge:
 * @entries: (element-type VigilCameraEntry): the list so far, updated
 * @found: (element-type VigilCameraInfo): what one discovery round found
 * @now_us: the monotonic time of the round
 *
 * Merges one round into the list: a new camera is appended; one that
 * answered again after it was marked gone is present again, in its old
 * place; one missing from VIGIL_CAMERA_WATCH_MISSES_GONE rounds in a row is
 * marked gone.  At most VIGIL_CAMERA_WATCH_MAX entries.  Pure: no clock,
 * no camera.
 *
 * Returns: whether anything a chooser shows changed
 */
gboolean
vigil_camera_watch_merge (GPtrArray *entries,
                          GPtrArray *found,
                          gint64     now_us)
{
  gboolean changed = FALSE;

  g_return_val_if_fail (entries != NULL, FALSE);

  for (guint i = 0; i < entries->len; i++)
    ((VigilCameraEntry *) g_ptr_array_index (entries, i))->misses++;
  for (guint i = 0; found != NULL && i < found->len; i++)
    changed |= merge_found (entries, g_ptr_array_index (found, i), now_us);
  for (guint i = 0; i < entries->len; i++)
    {
      VigilCameraEntry *entry = g_ptr_array_index (entries, i);

      if (entry->present && entry->misses >= VIGIL_CAMERA_WATCH_MISSES_GONE)
        {
          entry->present = FALSE;
          changed = TRUE;
        }
    }
  return changed;
}

static void schedule (VigilCameraWatch *self);

static void
on_round_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(VigilCameraWatch) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = vigil_discover_cameras_finish (result, &error);
  gboolean changed;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->round);
  self->rounds++;
  self->last_end_us = g_get_monotonic_time ();
  if (error != NULL)
    g_debug ("Discovery failed: %s", error->message);
  changed = error == NULL && vigil_camera_watch_merge (self->entries, found, self->last_end_us);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  if (changed)
    g_signal_emit (self, signals[CHANGED], 0);
  schedule (self);
}

static gboolean
on_timer (gpointer data)
{
  VigilCameraWatch *self = data;

  self->timer = 0;
  vigil_camera_watch_refresh (self);
  return G_SOURCE_REMOVE;
}

/* The next round, counted from the end of the last one. */
static void
schedule (VigilCameraWatch *self)
{
  gint64 delay_us;

  g_clear_handle_id (&self->timer, g_source_remove);
  if (self->round != NULL || (self->paused && !self->fast))
    return;
  delay_us = self->last_end_us + (gint64) vigil_camera_watch_get_interval (self) * 1000 - g_get_monotonic_time ();
  self->timer = g_timeout_add_full (G_PRIORITY_DEFAULT_IDLE, (guint) (MAX (delay_us, 0) / 1000),
                                    on_timer, self, NULL);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->timer), "[vigil] camera watch");
}

static void
vigil_camera_watch_dispose (GObject *object)
{
  VigilCameraWatch *self = (VigilCameraWatch *) object;

  g_clear_handle_id (&self->timer, g_source_remove);
  if (self->round != NULL)
    g_cancellable_cancel (self->round);
  g_clear_object (&self->round);

  G_OBJECT_CLASS (vigil_camera_watch_parent_class)->dispose (object);
}

static void
vigil_camera_watch_finalize (GObject *object)
{
  VigilCameraWatch *self = (VigilCameraWatch *) object;

  g_clear_pointer (&self->entries, g_ptr_array_unref);

  G_OBJECT_CLASS (vigil_camera_watch_parent_class)->finalize (object);
}

static void
vigil_camera_watch_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  VigilCameraWatch *self = VIGIL_CAMERA_WATCH (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, vigil_camera_watch_is_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_camera_watch_class_init (VigilCameraWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_camera_watch_dispose;
  object_class->finalize = vigil_camera_watch_finalize;
  object_class->get_property = vigil_camera_watch_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VigilCameraWatch::changed:
   *
   * The list changed (a camera appeared, was marked gone or came back, or
   * its name or address changed).  Main thread.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vigil_camera_watch_init (VigilCameraWatch *self)
{
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_camera_entry_free);
}

/**
 * vigil_camera_watch_new:
 *
 * A watch that has not looked yet: the first round starts at once (on the
 * main context's next idle), then they repeat.
 *
 * Returns: (transfer full): a new watch
 */
VigilCameraWatch *
vigil_camera_watch_new (void)
{
  VigilCameraWatch *self = g_object_new (VIGIL_TYPE_CAMERA_WATCH, NULL);

  schedule (self);
  return self;
}

/* Starts a round now, unless one runs already. */
void
vigil_camera_watch_refresh (VigilCameraWatch *self)
{
  g_return_if_fail (VIGIL_IS_CAMERA_WATCH (self));

  if (self->round != NULL)
    return;
  g_clear_handle_id (&self->timer, g_source_remove);
  self->round = g_cancellable_new ();
  vigil_discover_cameras_async (self->round, on_round_done, g_object_ref (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Rounds every VIGIL_CAMERA_WATCH_FAST_MS (someone looks at the list) or
 * at the background rate. */
void
vigil_camera_watch_set_fast (VigilCameraWatch *self,
                             gboolean          fast)
{
  g_return_if_fail (VIGIL_IS_CAMERA_WATCH (self));

  if (self->fast == !!fast)
    return;
  self->fast = !!fast;
  schedule (self);
}

/* Paused: no background round starts (fast rounds and refreshes still do). */
void
vigil_camera_watch_set_paused (VigilCameraWatch *self,
                               gboolean          paused)
{
  g_return_if_fail (VIGIL_IS_CAMERA_WATCH (self));

  if (self->paused == !!paused)
    return;
  self->paused = !!paused;
  schedule (self);
}

gboolean
vigil_camera_watch_is_busy (VigilCameraWatch *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMERA_WATCH (self), FALSE);
  return self->round != NULL;
}

guint
vigil_camera_watch_get_interval (VigilCameraWatch *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMERA_WATCH (self), 0);
  return self->fast ? VIGIL_CAMERA_WATCH_FAST_MS : VIGIL_CAMERA_WATCH_BACKGROUND_MS;
}

guint64
vigil_camera_watch_get_rounds (VigilCameraWatch *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMERA_WATCH (self), 0);
  return self->rounds;
}

/**
 * vigil_camera_watch_get_entries:
 *
 * Returns: (transfer none) (element-type VigilCameraEntry): the cameras
 *   seen, in the order they were first seen
 */
GPtrArray *
vigil_camera_watch_get_entries (VigilCameraWatch *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMERA_WATCH (self), NULL);
  return self->entries;
}
