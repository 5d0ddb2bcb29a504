/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-orphans"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vigil-orphans-private.h"
#include "vigil-probe.h"

/* Orphans (DESIGN.md "Phases and the session lifecycle"): around each
 * phase the session gives us the fd list before and after; we list the
 * threads too.  What a phase added is claimed for (session, phase) with
 * its identity (fd: number, link target, st_dev/st_ino, eventfd-id;
 * thread: tid and start time).  When the session has closed, each claim
 * still there and still the same object is an orphan.  Everything seen at
 * a snapshot that no claim explains and that was not there at the first
 * one is unattributed growth, with the window it appeared in.
 *
 * Sessions side by side (several cameras, a reaper closing the last one
 * while the next opens) see each other's objects appear during their
 * phases, and objects other threads make between phases (a consumer
 * thread).  So a claim is judged only when every session that was open
 * beside its phase has closed too: an object of theirs is gone by then.
 * Thread-safe; /proc is read outside the lock, except at a session's
 * close. */


G_DEFINE_FINAL_TYPE (VigilOrphans, vigil_orphans, G_TYPE_OBJECT)

static void
session_rec_free (gpointer data)
{
  VigilOrphansSession *rec = data;

  g_clear_pointer (&rec->tids_before, g_array_unref);
  g_ptr_array_unref (rec->claims);
  g_array_unref (rec->beside);
  g_free (rec->peer.local_ip);
  g_free (rec->peer.peer);
  g_free (rec);
}

/* With the lock held: sessions open and not closing. */
static guint
count_active (VigilOrphans *self)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    n += !((VigilOrphansSession *) value)->closing;
  return n;
}

static VigilOrphansSession *
get_session (VigilOrphans *self,
             guint64       id)
{
  VigilOrphansSession *rec = g_hash_table_lookup (self->sessions, &id);

  if (rec == NULL)
    {
      rec = g_new0 (VigilOrphansSession, 1);
      rec->id = id;
      rec->claims = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_claim_free);
      rec->beside = g_array_new (FALSE, FALSE, sizeof (guint64));
      g_hash_table_insert (self->sessions, g_memdup2 (&id, sizeof id), rec);
      self->max_open = MAX (self->max_open, count_active (self));
    }
  return rec;
}

/* With the lock held: adds to @ids the open sessions other than @self_id
 * that it does not hold yet.  A closing session only releases: what
 * appears beside it is not its. */
static void
add_open_sessions (VigilOrphans *self,
                   GArray       *ids,
                   guint64       self_id)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      guint64 id = ((VigilOrphansSession *) value)->id;
      gboolean known = (id == self_id) || ((VigilOrphansSession *) value)->closing;

      for (guint i = 0; i < ids->len && !known; i++)
        known = g_array_index (ids, guint64, i) == id;
      if (!known)
        g_array_append_val (ids, id);
    }
}

/* Called with the lock held: what was going on since the last snapshot. */
static VigilGrowthContext
current_context (VigilOrphans *self)
{
  GHashTableIter iter;
  gpointer value;
  gboolean all_streaming = TRUE;

  if (g_hash_table_size (self->sessions) == 0)
    return VIGIL_GROWTH_BETWEEN_SESSIONS;
  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    all_streaming = all_streaming && (((VigilOrphansSession *) value)->streaming || ((VigilOrphansSession *) value)->closing);
  return all_streaming ? VIGIL_GROWTH_WHILE_STREAMING : VIGIL_GROWTH_WHILE_OPENING;
}

static gboolean
seen_is_stale (gpointer key,
               gpointer value,
               gpointer user_data)
{
  return ((VigilOrphansSeen *) value)->generation != GPOINTER_TO_UINT (user_data);
}

static void
seen_free (gpointer data)
{
  VigilOrphansSeen *seen = data;

  g_free (seen->target);
  g_free (seen);
}

/* Marks @key (an fd or tid) as there now; an fd whose target changed is
 * new. */
static void
mark_seen (VigilOrphans       *self,
           GHashTable         *table,
           int                 key,
           const char         *target,
           gint64              now,
           VigilGrowthContext  context)
{
  VigilOrphansSeen *seen = g_hash_table_lookup (table, GINT_TO_POINTER (key));

  if (seen == NULL || g_strcmp0 (seen->target, target) != 0)
    {
      seen = g_new0 (VigilOrphansSeen, 1);
      seen->target = g_strdup (target);
      seen->from_us = self->last_snapshot_us;
      seen->to_us = now;
      seen->context = context;
      seen->baseline = self->generation == 1;
      g_hash_table_replace (table, GINT_TO_POINTER (key), seen);
    }
  seen->generation = self->generation;
}

/* With the lock held: records what is there now, for unattributed growth. */
static void
observe (VigilOrphans       *self,
         GArray             *fds,
         GArray             *tids,
         VigilGrowthContext  context)
{
  gint64 now = g_get_real_time ();

  self->generation++;
  if (fds != NULL)
    {
      for (guint i = 0; i < fds->len; i++)
        {
          const VigilFdEntry *entry = &g_array_index (fds, VigilFdEntry, i);

          mark_seen (self, self->fd_seen, entry->fd, entry->target, now, context);
        }
      g_hash_table_foreach_remove (self->fd_seen, seen_is_stale, GUINT_TO_POINTER (self->generation));
    }
  if (tids != NULL)
    {
      for (guint i = 0; i < tids->len; i++)
        mark_seen (self, self->tid_seen, g_array_index (tids, int, i), NULL, now, context);
      g_hash_table_foreach_remove (self->tid_seen, seen_is_stale, GUINT_TO_POINTER (self->generation));
    }
  self->last_snapshot_us = now;
}

static void
vigil_orphans_finalize (GObject *object)
{
  VigilOrphans *self = (VigilOrphans *) object;

  g_hash_table_unref (self->sessions);
  g_ptr_array_unref (self->orphans);
  g_ptr_array_unref (self->pending);
  g_hash_table_unref (self->fd_seen);
  g_hash_table_unref (self->tid_seen);
  g_free (self->root);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (vigil_orphans_parent_class)->finalize (object);
}

static void
vigil_orphans_class_init (VigilOrphansClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_orphans_finalize;
}

static void
vigil_orphans_init (VigilOrphans *self)
{
  g_mutex_init (&self->lock);
  self->sessions = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, session_rec_free);
  self->orphans = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_claim_free);
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_claim_free);
  self->fd_seen = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, seen_free);
  self->tid_seen = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, seen_free);
  self->last_snapshot_us = g_get_real_time ();
}

/**
 * vigil_orphans_new:
 * @root: (nullable): a directory laid out like /proc/self (tests), NULL
 *   for the live process
 */
VigilOrphans *
vigil_orphans_new (const char *root)
{
  VigilOrphans *self = g_object_new (VIGIL_TYPE_ORPHANS, NULL);

  self->root = g_strdup (root);
  return self;
}

/**
 * vigil_orphans_phase_begin:
 * @fds: (nullable) (element-type VigilFdEntry): the fds now (the session's
 *   own listing before the phase)
 *
 * Lists the threads before @phase of @session.  Thread: the session's.
 */
void
vigil_orphans_phase_begin (VigilOrphans *self,
                           guint64       session,
                           VigilPhase    phase,
                           GArray       *fds)
{
  g_autoptr(GArray) tids = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  VigilGrowthContext context;
  VigilOrphansSession *rec;

  g_return_if_fail (VIGIL_IS_ORPHANS (self));

  tids = vigil_probe_ids_list_tids (self->root, NULL);
  locker = g_mutex_locker_new (&self->lock);
  context = current_context (self);
  rec = get_session (self, session);
  rec->streaming = FALSE;
  g_array_set_size (rec->beside, 0);
  add_open_sessions (self, rec->beside, session);
  observe (self, fds, tids, context);
  g_clear_pointer (&rec->tids_before, g_array_unref);
  rec->tids_before = g_steal_pointer (&tids);
}

static gboolean
had_fd (GArray             *before,
        const VigilFdEntry *entry)
{
  guint lo = 0, hi = before != NULL ? before->len : 0;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      const VigilFdEntry *probe = &g_array_index (before, VigilFdEntry, mid);

      if (probe->fd == entry->fd)
        return g_strcmp0 (probe->target, entry->target) == 0;
      if (probe->fd < entry->fd)
        lo = mid + 1;
      else
        hi = mid;
    }
  return FALSE;
}

static gboolean
had_tid (GArray *before,
         int     tid)
{
  guint lo = 0, hi = before != NULL ? before->len : 0;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      int probe = g_array_index (before, int, mid);

      if (probe == tid)
        return TRUE;
      if (probe < tid)
        lo = mid + 1;
      else
        hi = mid;
    }
  return FALSE;
}

/* Claims (outside the lock) what @after has and @before had not. */
static void
claim_new (VigilOrphans *self,
           GPtrArray    *claims,
           guint64       session,
           VigilPhase    phase,
           GArray       *fds_before,
           GArray       *fds_after,
           GArray       *tids_before,
           GArray       *tids_after)
{
  gint64 now = g_get_real_time ();

  for (guint i = 0; fds_after != NULL && i < fds_after->len; i++)
    {
      const VigilFdEntry *entry = &g_array_index (fds_after, VigilFdEntry, i);
      g_autoptr(VigilClaim) claim = NULL;

      if (had_fd (fds_before, entry))
        continue;
      claim = g_new0 (VigilClaim, 1);
      if (!vigil_probe_ids_identify_fd (self->root, entry->fd, entry->target, &claim->identity))
        continue;                       /* closed since the listing */
      claim->session = session;
      claim->phase = phase;
      claim->handle = entry->fd;
      claim->target = g_strdup (entry->target);
      claim->attributed_us = now;
      g_ptr_array_add (claims, g_steal_pointer (&claim));
    }
  for (guint i = 0; tids_before != NULL && tids_after != NULL && i < tids_after->len; i++)
    {
      int tid = g_array_index (tids_after, int, i);
      VigilTaskEntry task;
      VigilClaim *claim;

      if (had_tid (tids_before, tid))
        continue;
      if (!vigil_probe_ids_read_task (self->root, tid, &task))
        {
          vigil_task_entry_clear (&task);
          continue;                     /* ended while we read it */
        }
      claim = g_new0 (VigilClaim, 1);
      claim->session = session;
      claim->phase = phase;
      claim->thread = TRUE;
      claim->handle = tid;
      claim->target = g_steal_pointer (&task.comm);
      claim->starttime = task.starttime;
      claim->attributed_us = now;
      g_ptr_array_add (claims, claim);
    }
}

/**
 * vigil_orphans_phase_end:
 * @fds_before: (nullable) (element-type VigilFdEntry): sorted by fd
 * @fds_after: (nullable) (element-type VigilFdEntry): sorted by fd
 *
 * Claims for (@session, @phase) the fds and threads the phase added.
 * Called when a phase succeeded and, after the failure path closed what
 * it made, when it failed.  Thread: the session's.
 */
void
vigil_orphans_phase_end (VigilOrphans *self,
                         guint64       session,
                         VigilPhase    phase,
                         GArray       *fds_before,
                         GArray       *fds_after)
{
  g_autoptr(GPtrArray) claims = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_claim_free);
  g_autoptr(GArray) tids_before = NULL;
  g_autoptr(GArray) tids_after = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  VigilOrphansSession *rec;

  g_return_if_fail (VIGIL_IS_ORPHANS (self));
  g_return_if_fail (phase < VIGIL_N_PHASES);

  g_mutex_lock (&self->lock);
  rec = get_session (self, session);
  tids_before = g_steal_pointer (&rec->tids_before);
  g_mutex_unlock (&self->lock);

  tids_after = vigil_probe_ids_list_tids (self->root, NULL);
  if (fds_before != NULL)
    claim_new (self, claims, session, phase, fds_before, fds_after, tids_before, tids_after);

  locker = g_mutex_locker_new (&self->lock);
  rec = get_session (self, session);
  for (guint i = 0; i < claims->len; i++)
    {
      VigilClaim *claim = g_steal_pointer (&g_ptr_array_index (claims, i));

      claim->waiting = g_array_copy (rec->beside);
      add_open_sessions (self, claim->waiting, session);
      g_ptr_array_add (rec->claims, claim);
    }
  rec->phases |= G_GUINT64_CONSTANT (1) << phase;
  rec->streaming = (phase == VIGIL_PHASE_FIRST_FRAME);
  observe (self, fds_after, tids_after, current_context (self));
}

/**
 * vigil_orphans_set_udp_peer:
 * @local_ip: the local address the session's UDP sockets are bound to
 * @peer: "192.168.1.20:3956"
 *
 * Names the peer of @session's unconnected UDP sockets made in @phase on
 * @local_ip (GVCP: Aravis sends to the camera's port 3956 with sendto, so
 * the kernel's tables show no remote address).
 */
void
vigil_orphans_set_udp_peer (VigilOrphans *self,
                            guint64       session,
                            VigilPhase    phase,
                            const char   *local_ip,
                            const char   *peer)
{
  g_autoptr(GMutexLocker) locker = NULL;
  VigilOrphansSession *rec;

  g_return_if_fail (VIGIL_IS_ORPHANS (self));

  locker = g_mutex_locker_new (&self->lock);
  rec = get_session (self, session);
  g_free (rec->peer.local_ip);
  g_free (rec->peer.peer);
  rec->peer.phase = phase;
  rec->peer.local_ip = g_strdup (local_ip);
  rec->peer.peer = g_strdup (peer);
}

/* Whether the object of @claim is still there, the same one.  A thread's
 * comm is read again: a new thread names itself after it started. */
gboolean
_vigil_orphans_still_same (VigilOrphans *self,
                           VigilClaim   *claim)
{
  if (claim->thread)
    {
      VigilTaskEntry task;
      gboolean same = vigil_probe_ids_read_task (self->root, claim->handle, &task) &&
                      task.starttime == claim->starttime;

      if (same && task.comm != NULL && g_strcmp0 (task.comm, claim->target) != 0)
        {
          g_free (claim->target);
          claim->target = g_steal_pointer (&task.comm);
        }
      vigil_task_entry_clear (&task);
      return same;
    }
  else
    {
      g_autofree char *target = vigil_probe_ids_read_target (self->root, claim->handle);
      VigilFdIdentity now;

      return target != NULL && strcmp (target, claim->target) == 0 &&
             vigil_probe_ids_identify_fd (self->root, claim->handle, target, &now) &&
             now.dev == claim->identity.dev && now.ino == claim->identity.ino &&
             now.extra == claim->identity.extra;
    }
}

static gboolean
same_object (const VigilClaim *a,
             const VigilClaim *b)
{
  if (a->thread != b->thread || a->handle != b->handle)
    return FALSE;
  if (a->thread)
    return a->starttime == b->starttime;
  return g_strcmp0 (a->target, b->target) == 0 && a->identity.dev == b->identity.dev &&
         a->identity.ino == b->identity.ino && a->identity.extra == b->identity.extra;
}

/* With the lock held: whether another open session or a known orphan
 * claims the same object (two sessions opening side by side both see it
 * appear; it belongs to the one that closes last). */
static gboolean
claimed_elsewhere (VigilOrphans     *self,
                   const VigilClaim *claim)
{
  GHashTableIter iter;
  gpointer value;

  for (guint i = 0; i < self->orphans->len; i++)
    if (same_object (g_ptr_array_index (self->orphans, i), claim))
      return TRUE;
  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      VigilOrphansSession *rec = value;

      if (rec->id == claim->session)
        continue;
      for (guint i = 0; i < rec->claims->len; i++)
        if (same_object (g_ptr_array_index (rec->claims, i), claim))
          return TRUE;
    }
  return FALSE;
}

/* With the lock held: @closed no longer needs waiting for; a pending
 * claim that waits for nobody is judged (still there → orphan). */
static void
settle_pending (VigilOrphans *self,
                guint64       closed)
{
  for (guint i = self->pending->len; i > 0; i--)
    {
      VigilClaim *claim = g_ptr_array_index (self->pending, i - 1);
      GArray *waiting = claim->waiting;

      for (guint j = waiting->len; j > 0; j--)
        {
          guint64 id = g_array_index (waiting, guint64, j - 1);

          if (id == closed || g_hash_table_lookup (self->sessions, &id) == NULL)
            g_array_remove_index_fast (waiting, j - 1);
        }
      if (waiting->len > 0)
        continue;
      claim = g_ptr_array_steal_index (self->pending, i - 1);
      if (_vigil_orphans_still_same (self, claim) && !claimed_elsewhere (self, claim))
        {
          g_debug ("Session %" G_GUINT64_FORMAT " left %s %d (%s) of %s", claim->session,
                   claim->thread ? "thread" : "fd", claim->handle, claim->name,
                   vigil_phase_to_string (claim->phase));
          g_ptr_array_add (self->orphans, claim);
        }
      else
        vigil_claim_free (claim);
    }
}

/**
 * vigil_orphans_session_closing:
 *
 * Call when @session starts closing (its reaper may take seconds on a
 * dead camera): from then on it only releases, so what appears during
 * other sessions' phases is not its, and it no longer counts among the
 * sessions open at once.  Thread: any.
 */
void
vigil_orphans_session_closing (VigilOrphans *self,
                               guint64       session)
{
  g_autoptr(GMutexLocker) locker = NULL;
  VigilOrphansSession *rec;

  g_return_if_fail (VIGIL_IS_ORPHANS (self));

  locker = g_mutex_locker_new (&self->lock);
  if ((rec = g_hash_table_lookup (self->sessions, &session)) != NULL)
    rec->closing = TRUE;
}

/**
 * vigil_orphans_session_closed:
 *
 * Call when @session has closed (its reaper finished), or its open
 * failed: what it claimed and is still there, the same object, becomes
 * an orphan of it once the sessions open beside it closed too.  Thread:
 * any.
 */
void
vigil_orphans_session_closed (VigilOrphans *self,
                              guint64       session)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(VigilSocketTable) table = NULL;
  gint64 now = g_get_real_time ();
  VigilOrphansSession *rec;

  g_return_if_fail (VIGIL_IS_ORPHANS (self));

  locker = g_mutex_locker_new (&self->lock);
  if ((rec = g_hash_table_lookup (self->sessions, &session)) == NULL)
    return;
  for (guint p = 0; p < VIGIL_N_PHASES; p++)
    if (rec->phases & (G_GUINT64_CONSTANT (1) << p))
      self->phase_sessions[p]++;
  while (rec->claims->len > 0)
    {
      VigilClaim *claim = g_ptr_array_steal_index (rec->claims, rec->claims->len - 1);

      if (!_vigil_orphans_still_same (self, claim))
        {
          vigil_claim_free (claim);
          continue;
        }
      /* Named now, while the session's peer is known. */
      claim->closed_us = now;
      vigil_claim_name (claim, &table, self->root, rec->peer.peer != NULL ? &rec->peer : NULL);
      g_ptr_array_add (self->pending, claim);
    }
  g_hash_table_remove (self->sessions, &session);
  settle_pending (self, session);
}
