/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-ledger"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vigil-ledger-private.h"
#include "vigil-probe.h"
#include "vigil-utf8.h"

G_DEFINE_FINAL_TYPE (VigilLedger, vigil_ledger, G_TYPE_OBJECT)

static void
attribution_clear (gpointer data)
{
  VigilFdAttribution *entry = data;

  g_clear_pointer (&entry->target, g_free);
}

static GArray *
attribution_list_new (void)
{
  GArray *list = g_array_new (FALSE, FALSE, sizeof (VigilFdAttribution));

  g_array_set_clear_func (list, attribution_clear);
  return list;
}

static void
session_free (gpointer data)
{
  VigilLedgerSession *session = data;

  g_free (session->camera);
  g_ptr_array_unref (session->resources);
  g_array_unref (session->attributed);
  g_free (session);
}

static VigilLedgerSession *
lookup_session (VigilLedger *self,
                guint64      id)
{
  return g_hash_table_lookup (self->sessions, &id);
}

static GPtrArray *
info_list_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_resource_info_free);
}

static void
notify (VigilLedger             *self,
        VigilLedgerListener      listener,
        gpointer                 data,
        const VigilResourceInfo *copy)
{
  if (listener != NULL && copy != NULL)
    listener (self, copy, data);
}

static void
vigil_ledger_finalize (GObject *object)
{
  VigilLedger *self = VIGIL_LEDGER (object);

  if (self->listener_destroy != NULL)
    self->listener_destroy (self->listener_data);
  g_queue_clear (&self->ended);
  g_clear_pointer (&self->open, g_hash_table_unref);
  g_clear_pointer (&self->sessions, g_hash_table_unref);
  g_clear_pointer (&self->dropped_open, g_hash_table_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (vigil_ledger_parent_class)->finalize (object);
}

static void
vigil_ledger_class_init (VigilLedgerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vigil_ledger_finalize;
}

static void
vigil_ledger_init (VigilLedger *self)
{
  g_mutex_init (&self->lock);
  self->next_session = 1;
  self->next_resource = 1;
  self->sessions = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, session_free);
  self->open = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_queue_init (&self->ended);
  self->max_ended = VIGIL_LEDGER_DEFAULT_MAX_ENDED;
  self->max_unpaired = VIGIL_LEDGER_DEFAULT_MAX_UNPAIRED;
  self->dropped_open = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

/**
 * vigil_ledger_new:
 *
 * Returns: (transfer full): an empty ledger
 */
VigilLedger *
vigil_ledger_new (void)
{
  return g_object_new (VIGIL_TYPE_LEDGER, NULL);
}

/**
 * vigil_ledger_set_listener:
 * @listener: (nullable): called for every Create and Close
 * @destroy: (nullable): frees @user_data when replaced or finalized
 *
 * Set it before resources are created; see #VigilLedgerListener.
 */
void
vigil_ledger_set_listener (VigilLedger         *self,
                           VigilLedgerListener  listener,
                           gpointer             user_data,
                           GDestroyNotify       destroy)
{
  GDestroyNotify old_destroy;
  gpointer old_data;

  g_return_if_fail (VIGIL_IS_LEDGER (self));

  g_mutex_lock (&self->lock);
  old_destroy = self->listener_destroy;
  old_data = self->listener_data;
  self->listener = listener;
  self->listener_data = user_data;
  self->listener_destroy = destroy;
  g_mutex_unlock (&self->lock);

  if (old_destroy != NULL)
    old_destroy (old_data);
}

/**
 * vigil_ledger_begin_session:
 * @camera: (nullable): the camera's name or id
 *
 * Returns: the new session's id (never 0); its phase is OpenStart
 */
guint64
vigil_ledger_begin_session (VigilLedger *self,
                            const char  *camera)
{
  g_autoptr(GMutexLocker) locker = NULL;
  VigilLedgerSession *session;

  g_return_val_if_fail (VIGIL_IS_LEDGER (self), 0);

  session = g_new0 (VigilLedgerSession, 1);
  session->camera = g_strdup (camera);
  session->opened_us = g_get_real_time ();
  session->closed_us = -1;
  session->phase = VIGIL_PHASE_OPEN_START;
  session->resources = info_list_new ();
  session->attributed = attribution_list_new ();

  locker = g_mutex_locker_new (&self->lock);
  session->id = self->next_session++;
  g_hash_table_insert (self->sessions, &session->id, session);
  return session->id;
}

/**
 * vigil_ledger_end_session:
 *
 * Marks the session ended; what is still open from now on is "unpaired".
 */
void
vigil_ledger_end_session (VigilLedger *self,
                          guint64      id)
{
  g_autoptr(GMutexLocker) locker = NULL;
  VigilLedgerSession *session;

  g_return_if_fail (VIGIL_IS_LEDGER (self));

  locker = g_mutex_locker_new (&self->lock);
  session = lookup_session (self, id);
  if (session == NULL || session->ended)
    return;
  session->ended = TRUE;
  session->closed_us = g_get_real_time ();
  g_queue_push_tail (&self->ended, session);
  _vigil_ledger_prune (self);
}

void
vigil_ledger_set_phase (VigilLedger *self,
                        guint64      id,
                        VigilPhase   phase)
{
  g_autoptr(GMutexLocker) locker = NULL;
  VigilLedgerSession *session;

  g_return_if_fail (VIGIL_IS_LEDGER (self));

  locker = g_mutex_locker_new (&self->lock);
  if ((session = lookup_session (self, id)) != NULL)
    session->phase = phase;
}

/**
 * vigil_ledger_get_phase:
 *
 * Returns: the session's current phase, %VIGIL_PHASE_NONE if unknown
 */
VigilPhase
vigil_ledger_get_phase (VigilLedger *self,
                        guint64      id)
{
  g_autoptr(GMutexLocker) locker = NULL;
  VigilLedgerSession *session;

  g_return_val_if_fail (VIGIL_IS_LEDGER (self), VIGIL_PHASE_NONE);

  locker = g_mutex_locker_new (&self->lock);
  session = lookup_session (self, id);
  return session != NULL ? session->phase : VIGIL_PHASE_NONE;
}

/**
 * vigil_ledger_record_create:
 * @session: a session of this ledger
 * @name: (nullable): e.g. "GVCP socket"
 * @owner: (nullable): who holds it, e.g. "session-worker"
 * @os_handle: the fd, or -1
 * @os_target: (nullable): the fd's link target when known
 *
 * Records a Create in the session's current phase.  Used by
 * vigil_resource_new(); call it directly only for resources that are not
 * VigilResources.
 *
 * Returns: the resource id (never 0), or 0 when @session is unknown
 */
guint64
vigil_ledger_record_create (VigilLedger       *self,
                            guint64            id,
                            VigilResourceKind  kind,
                            const char        *name,
                            const char        *owner,
                            VigilAction        create_action,
                            VigilAction        close_action,
                            int                os_handle,
                            const char        *os_target)
{
  g_autoptr(VigilResourceInfo) info = NULL;
  g_autoptr(VigilResourceInfo) copy = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  VigilLedgerListener listener;
  gpointer listener_data;
  VigilResourceInfo *stored;
  VigilLedgerSession *session;
  guint64 resource;

  g_return_val_if_fail (VIGIL_IS_LEDGER (self), 0);
  g_return_val_if_fail ((guint) kind < VIGIL_N_RESOURCE_KINDS, 0);

  info = g_new0 (VigilResourceInfo, 1);
  info->kind = kind;
  /* @name may come from the camera (a model name): valid and bounded. */
  info->name = vigil_utf8_sanitize_bounded (name, -1, VIGIL_UTF8_NAME_MAX);
  info->owner = vigil_utf8_sanitize_bounded (owner, -1, VIGIL_UTF8_NAME_MAX);
  info->create_action = create_action;
  info->close_action = close_action;
  info->created_us = g_get_real_time ();
  info->closed_us = -1;
  info->os_handle = os_handle;
  info->os_target = g_strdup (os_target);

  locker = g_mutex_locker_new (&self->lock);
  if ((session = lookup_session (self, id)) == NULL)
    {
      g_clear_pointer (&locker, g_mutex_locker_free);
      g_critical ("Resource created in unknown session %" G_GUINT64_FORMAT, id);
      return 0;
    }
  resource = info->id = self->next_resource++;
  info->session = id;
  info->camera = g_strdup (session->camera);
  info->create_phase = session->phase;
  session->created[kind]++;
  session->n_open++;
  stored = g_steal_pointer (&info);
  g_ptr_array_add (session->resources, stored);
  g_hash_table_insert (self->open, &stored->id, stored);
  listener = self->listener;
  listener_data = self->listener_data;
  if (listener != NULL)
    copy = vigil_resource_info_copy (stored);
  g_clear_pointer (&locker, g_mutex_locker_free);

  notify (self, listener, listener_data, copy);
  return resource;
}
/**
 * vigil_ledger_record_close:
 *
 * Records the Close of @resource in its session's current phase.
 *
 * Returns: %FALSE if @resource was not open
 */
gboolean
vigil_ledger_record_close (VigilLedger *self,
                           guint64      resource)
{
  g_autoptr(VigilResourceInfo) copy = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  VigilLedgerListener listener;
  gpointer listener_data;
  VigilResourceInfo *info;
  VigilLedgerSession *session;

  g_return_val_if_fail (VIGIL_IS_LEDGER (self), FALSE);

  locker = g_mutex_locker_new (&self->lock);
  if (!g_hash_table_steal_extended (self->open, &resource, NULL, (gpointer *) &info))
    {
      /* Open when its ended session was dropped: counted, not kept. */
      copy = _vigil_ledger_close_dropped (self, resource);
      listener = self->listener;
      listener_data = self->listener_data;
      g_clear_pointer (&locker, g_mutex_locker_free);
      if (copy == NULL)
        return FALSE;
      notify (self, listener, listener_data, listener != NULL ? copy : NULL);
      return TRUE;
    }
  session = lookup_session (self, info->session);
  info->closed = TRUE;
  info->closed_us = g_get_real_time ();
  info->close_phase = session->phase;
  session->closed[info->kind]++;
  session->n_open--;
  listener = self->listener;
  listener_data = self->listener_data;
  if (listener != NULL)
    copy = vigil_resource_info_copy (info);
  if (session->ended)
    _vigil_ledger_prune (self);                 /* may free info */
  g_clear_pointer (&locker, g_mutex_locker_free);

  notify (self, listener, listener_data, copy);
  return TRUE;
}

/**
 * vigil_ledger_set_os_handle:
 * @os_target: (nullable): the link target, when known
 *
 * Sets the OS handle of an open resource once it is known.
 */
void
vigil_ledger_set_os_handle (VigilLedger *self,
                            guint64      resource,
                            int          os_handle,
                            const char  *os_target)
{
  g_autoptr(GMutexLocker) locker = NULL;
  VigilResourceInfo *info;

  g_return_if_fail (VIGIL_IS_LEDGER (self));

  locker = g_mutex_locker_new (&self->lock);
  if ((info = g_hash_table_lookup (self->open, &resource)) == NULL)
    return;
  info->os_handle = os_handle;
  g_free (info->os_target);
  info->os_target = g_strdup (os_target);
}

/**
 * vigil_ledger_count_open:
 *
 * Returns: the resources not closed, those of dropped sessions included
 */
guint
vigil_ledger_count_open (VigilLedger *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (VIGIL_IS_LEDGER (self), 0);

  locker = g_mutex_locker_new (&self->lock);
  return g_hash_table_size (self->open) + g_hash_table_size (self->dropped_open);
}

static gint
compare_info_id (gconstpointer a,
                 gconstpointer b)
{
  const VigilResourceInfo *ia = *(VigilResourceInfo * const *) a;
  const VigilResourceInfo *ib = *(VigilResourceInfo * const *) b;

  return (ia->id > ib->id) - (ia->id < ib->id);
}

/* Copies of the open resources, of ended sessions only when @unpaired. */
static GPtrArray *
collect_open (VigilLedger *self,
              gboolean     unpaired)
{
  g_autoptr(GPtrArray) list = info_list_new ();
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->open);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const VigilResourceInfo *info = value;

      if (unpaired && !lookup_session (self, info->session)->ended)
        continue;
      g_ptr_array_add (list, vigil_resource_info_copy (info));
    }
  g_clear_pointer (&locker, g_mutex_locker_free);

  g_ptr_array_sort (list, compare_info_id);
  return g_steal_pointer (&list);
}

/**
 * vigil_ledger_list_open:
 *
 * Returns: (transfer full) (element-type VigilResourceInfo): copies of every
 *   resource not closed, oldest first
 */
GPtrArray *
vigil_ledger_list_open (VigilLedger *self)
{
  g_return_val_if_fail (VIGIL_IS_LEDGER (self), NULL);
  return collect_open (self, FALSE);
}

/**
 * vigil_ledger_list_unpaired:
 *
 * Returns: (transfer full) (element-type VigilResourceInfo): copies of the
 *   resources still open in sessions that have ended, oldest first
 */
GPtrArray *
vigil_ledger_list_unpaired (VigilLedger *self)
{
  g_return_val_if_fail (VIGIL_IS_LEDGER (self), NULL);
  return collect_open (self, TRUE);
}

/**
 * vigil_ledger_list_resources:
 *
 * Returns: (transfer full) (element-type VigilResourceInfo): copies of every
 *   resource of @session still kept, open or closed, in creation order;
 *   empty when the session is unknown or was pruned
 */
GPtrArray *
vigil_ledger_list_resources (VigilLedger *self,
                             guint64      id)
{
  g_autoptr(GPtrArray) list = info_list_new ();
  g_autoptr(GMutexLocker) locker = NULL;
  VigilLedgerSession *session;

  g_return_val_if_fail (VIGIL_IS_LEDGER (self), NULL);

  locker = g_mutex_locker_new (&self->lock);
  if ((session = lookup_session (self, id)) != NULL)
    for (guint i = 0; i < session->resources->len; i++)
      g_ptr_array_add (list, vigil_resource_info_copy (g_ptr_array_index (session->resources, i)));
  return g_steal_pointer (&list);
}

/**
 * vigil_ledger_get_pairs:
 *
 * Returns: (transfer full) (element-type VigilKindPairs): one entry per kind,
 *   in kind order (all zero when the session is unknown)
 */
GArray *
vigil_ledger_get_pairs (VigilLedger *self,
                        guint64      id)
{
  g_autoptr(GArray) pairs = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  VigilLedgerSession *session;

  g_return_val_if_fail (VIGIL_IS_LEDGER (self), NULL);

  pairs = g_array_sized_new (FALSE, TRUE, sizeof (VigilKindPairs), VIGIL_N_RESOURCE_KINDS);
  locker = g_mutex_locker_new (&self->lock);
  session = lookup_session (self, id);
  for (guint kind = 0; kind < VIGIL_N_RESOURCE_KINDS; kind++)
    {
      VigilKindPairs entry = { (VigilResourceKind) kind, 0, 0, 0 };

      if (session != NULL)
        {
          entry.created = session->created[kind];
          entry.closed = session->closed[kind];
          entry.open = entry.created - entry.closed;
        }
      g_array_append_val (pairs, entry);
    }
  return g_steal_pointer (&pairs);
}

static gint
compare_session_id (gconstpointer a,
                    gconstpointer b)
{
  const VigilSessionInfo *sa = *(VigilSessionInfo * const *) a;
  const VigilSessionInfo *sb = *(VigilSessionInfo * const *) b;

  return (sa->id > sb->id) - (sa->id < sb->id);
}

/**
 * vigil_ledger_list_sessions:
 *
 * Returns: (transfer full) (element-type VigilSessionInfo): copies of the
 *   sessions kept, oldest first
 */
GPtrArray *
vigil_ledger_list_sessions (VigilLedger *self)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (VIGIL_IS_LEDGER (self), NULL);

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_session_info_free);
  locker = g_mutex_locker_new (&self->lock);
  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const VigilLedgerSession *session = value;
      VigilSessionInfo *info = g_new0 (VigilSessionInfo, 1);

      info->id = session->id;
      info->camera = g_strdup (session->camera);
      info->opened_us = session->opened_us;
      info->closed_us = session->closed_us;
      info->ended = session->ended;
      info->phase = session->phase;
      info->n_open = session->n_open;
      g_ptr_array_add (list, info);
    }
  g_clear_pointer (&locker, g_mutex_locker_free);

  g_ptr_array_sort (list, compare_session_id);
  return g_steal_pointer (&list);
}

static const VigilFdEntry *
find_fd (GArray *list,
         int     fd)
{
  guint lo = 0, hi = list != NULL ? list->len : 0;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const VigilFdEntry *entry = &g_array_index (list, VigilFdEntry, mid);

      if (entry->fd == fd)
        return entry;
      if (entry->fd < fd)
        lo = mid + 1;
      else
        hi = mid;
    }
  return NULL;
}

static gboolean
same_fd (const VigilFdEntry *entry,
         int                 fd,
         const char         *target)
{
  return entry != NULL && entry->fd == fd && g_strcmp0 (entry->target, target) == 0;
}

/**
 * vigil_ledger_attribute_fds:
 * @before: (element-type VigilFdEntry): vigil_probe_list_fds() before the phase
 * @after: (element-type VigilFdEntry): the same after it
 *
 * Records on @session the fds of @after that @before did not have (a
 * number reused with another target counts as new).  Both lists sorted by
 * fd, as vigil_probe_list_fds() returns them.
 *
 * Returns: how many fds were attributed
 */
guint
vigil_ledger_attribute_fds (VigilLedger *self,
                            guint64      id,
                            VigilPhase   phase,
                            GArray      *before,
                            GArray      *after)
{
  g_autoptr(GMutexLocker) locker = NULL;
  VigilLedgerSession *session;
  guint added = 0;

  g_return_val_if_fail (VIGIL_IS_LEDGER (self), 0);
  g_return_val_if_fail (after != NULL, 0);

  locker = g_mutex_locker_new (&self->lock);
  if ((session = lookup_session (self, id)) == NULL)
    return 0;
  for (guint i = 0; i < after->len; i++)
    {
      const VigilFdEntry *entry = &g_array_index (after, VigilFdEntry, i);
      VigilFdAttribution attribution;

      if (same_fd (find_fd (before, entry->fd), entry->fd, entry->target))
        continue;
      attribution.phase = phase;
      attribution.fd = entry->fd;
      attribution.target = g_strdup (entry->target);
      g_array_append_val (session->attributed, attribution);
      added++;
    }
  return added;
}

static GArray *
copy_attributed (VigilLedgerSession *session,
                 GArray  *only_in)
{
  g_autoptr(GArray) list = attribution_list_new ();

  for (guint i = 0; session != NULL && i < session->attributed->len; i++)
    {
      const VigilFdAttribution *src = &g_array_index (session->attributed, VigilFdAttribution, i);
      VigilFdAttribution copy = { src->phase, src->fd, NULL };

      if (only_in != NULL && !same_fd (find_fd (only_in, src->fd), src->fd, src->target))
        continue;
      copy.target = g_strdup (src->target);
      g_array_append_val (list, copy);
    }
  return g_steal_pointer (&list);
}

/**
 * vigil_ledger_list_attributed_fds:
 *
 * Returns: (transfer full) (element-type VigilFdAttribution): the fds
 *   attributed to @session's phases, in the order recorded
 */
GArray *
vigil_ledger_list_attributed_fds (VigilLedger *self,
                                  guint64      id)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (VIGIL_IS_LEDGER (self), NULL);

  locker = g_mutex_locker_new (&self->lock);
  return copy_attributed (lookup_session (self, id), NULL);
}

/**
 * vigil_ledger_list_residue:
 * @now: (element-type VigilFdEntry): the fds open now, sorted by fd
 *
 * Returns: (transfer full) (element-type VigilFdAttribution): the fds
 *   attributed to @session that are still open with the same target
 */
GArray *
vigil_ledger_list_residue (VigilLedger *self,
                           guint64      id,
                           GArray      *now)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (VIGIL_IS_LEDGER (self), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);
  return copy_attributed (lookup_session (self, id), now);
}
