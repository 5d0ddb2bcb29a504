/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-orphans-report"

#include "config.h"

#include <string.h>

#include "vigil-orphans-private.h"

/* What the orphans say (vigil-orphans.c gathers them): the orphans still
 * there, their groups by phase and kind with the leak rule, and growth
 * that no phase claims. */

/* With the lock held: drops orphans whose object went away since. */
static void
verify (VigilOrphans *self)
{
  for (guint i = self->orphans->len; i > 0; i--)
    {
      VigilClaim *claim = g_ptr_array_index (self->orphans, i - 1);

      if (!_vigil_orphans_still_same (self, claim))
        g_ptr_array_remove_index (self->orphans, i - 1);
      else if (claim->thread)
        vigil_claim_name (claim, NULL, self->root, NULL);   /* its comm may have changed */
    }
}

/**
 * vigil_orphans_list:
 * @session: a session id, or 0 for all
 *
 * Checks each orphan again (one that went away since is dropped).
 *
 * Returns: (transfer full) (element-type VigilOrphan): the orphans, oldest
 *   session first
 */
GPtrArray *
vigil_orphans_list (VigilOrphans *self,
                    guint64       session)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_orphan_free);
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (VIGIL_IS_ORPHANS (self), NULL);

  locker = g_mutex_locker_new (&self->lock);
  verify (self);
  for (guint i = 0; i < self->orphans->len; i++)
    {
      const VigilClaim *claim = g_ptr_array_index (self->orphans, i);

      if (session == 0 || claim->session == session)
        g_ptr_array_add (list, vigil_claim_to_orphan (claim));
    }
  return g_steal_pointer (&list);
}

static VigilOrphanGroup *
find_group (GPtrArray        *groups,
            const VigilClaim *claim)
{
  for (guint i = 0; i < groups->len; i++)
    {
      VigilOrphanGroup *group = g_ptr_array_index (groups, i);

      if (group->phase == claim->phase && g_strcmp0 (group->what, claim->what) == 0)
        return group;
    }
  return NULL;
}

static int
compare_groups (gconstpointer a,
                gconstpointer b)
{
  const VigilOrphanGroup *ga = *(VigilOrphanGroup **) a, *gb = *(VigilOrphanGroup **) b;

  if (ga->leak != gb->leak)
    return ga->leak ? -1 : 1;
  if (ga->n_sessions != gb->n_sessions)
    return ga->n_sessions > gb->n_sessions ? -1 : 1;
  return (ga->phase > gb->phase) - (ga->phase < gb->phase);
}

/**
 * vigil_orphans_list_groups:
 *
 * Returns: (transfer full) (element-type VigilOrphanGroup): the orphans
 *   by phase and what they are, leaks first, then by sessions
 */
GPtrArray *
vigil_orphans_list_groups (VigilOrphans *self)
{
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_orphan_group_free);
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (VIGIL_IS_ORPHANS (self), NULL);

  locker = g_mutex_locker_new (&self->lock);
  verify (self);
  for (guint i = 0; i < self->orphans->len; i++)
    {
      const VigilClaim *claim = g_ptr_array_index (self->orphans, i);
      VigilOrphanGroup *group = find_group (groups, claim);

      if (group == NULL)
        {
          group = g_new0 (VigilOrphanGroup, 1);
          group->phase = claim->phase;
          group->what = g_strdup (claim->what);
          group->kind = g_strdup (claim->kind);
          group->example = g_strdup (claim->name);
          group->example_handle = claim->handle;
          group->first_session = claim->session;
          group->n_phase_sessions = self->phase_sessions[claim->phase];
          g_ptr_array_add (groups, group);
        }
      group->n_orphans++;
      if (group->n_sessions == 0 || claim->session != group->last_session)
        group->n_sessions++;
      group->last_session = claim->session;
      group->first_session = MIN (group->first_session, claim->session);
    }
  for (guint i = 0; i < groups->len; i++)
    {
      VigilOrphanGroup *group = g_ptr_array_index (groups, i);

      group->leak = group->n_sessions >= MAX (VIGIL_ORPHANS_LEAK_SESSIONS, self->max_open + 3);
    }
  g_ptr_array_sort (groups, compare_groups);
  return g_steal_pointer (&groups);
}

/**
 * vigil_orphans_count_leaked:
 * @threads: count threads instead of fds
 *
 * Returns: the orphans that belong to a leaking group
 */
guint
vigil_orphans_count_leaked (VigilOrphans *self,
                            gboolean      threads)
{
  g_autoptr(GPtrArray) groups = vigil_orphans_list_groups (self);
  guint n = 0;

  for (guint i = 0; i < groups->len; i++)
    {
      const VigilOrphanGroup *group = g_ptr_array_index (groups, i);

      if (group->leak && (g_strcmp0 (group->kind, "thread") == 0) == threads)
        n += group->n_orphans;
    }
  return n;
}

/* With the lock held: whether a claim (open session) or orphan explains
 * the fd or thread. */
static gboolean
is_claimed (VigilOrphans *self,
            gboolean      thread,
            int           handle,
            const char   *target)
{
  GHashTableIter iter;
  gpointer value;

  for (guint i = 0; i < self->orphans->len; i++)
    {
      const VigilClaim *claim = g_ptr_array_index (self->orphans, i);

      if (claim->thread == thread && claim->handle == handle &&
          (thread || g_strcmp0 (claim->target, target) == 0))
        return TRUE;
    }
  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GPtrArray *claims = ((VigilOrphansSession *) value)->claims;

      for (guint i = 0; i < claims->len; i++)
        {
          const VigilClaim *claim = g_ptr_array_index (claims, i);

          if (claim->thread == thread && claim->handle == handle &&
              (thread || g_strcmp0 (claim->target, target) == 0))
            return TRUE;
        }
    }
  return FALSE;
}

static VigilGrowth *
growth_new (const VigilOrphansSeen *seen,
            gboolean    thread,
            int         handle)
{
  VigilGrowth *growth = g_new0 (VigilGrowth, 1);

  growth->thread = thread;
  growth->handle = handle;
  growth->from_us = seen->from_us;
  growth->to_us = seen->to_us;
  growth->context = seen->context;
  return growth;
}

/**
 * vigil_orphans_list_growth:
 *
 * As of the last phase snapshot: fds and threads that were not there at
 * the first one and that no phase of any session claims.
 *
 * Returns: (transfer full) (element-type VigilGrowth): unattributed growth
 */
GPtrArray *
vigil_orphans_list_growth (VigilOrphans *self)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_growth_free);
  g_autoptr(GMutexLocker) locker = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (VIGIL_IS_ORPHANS (self), NULL);

  locker = g_mutex_locker_new (&self->lock);
  g_hash_table_iter_init (&iter, self->fd_seen);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const VigilOrphansSeen *seen = value;
      int fd = GPOINTER_TO_INT (key);
      g_autofree char *now = NULL;
      VigilGrowth *growth;

      if (seen->baseline || is_claimed (self, FALSE, fd, seen->target))
        continue;
      now = vigil_probe_ids_read_target (self->root, fd);
      if (g_strcmp0 (now, seen->target) != 0)
        continue;                       /* closed since the last snapshot */
      growth = growth_new (seen, FALSE, fd);
      vigil_probe_ids_describe (seen->target, &growth->kind, &growth->name);
      g_ptr_array_add (list, growth);
    }
  g_hash_table_iter_init (&iter, self->tid_seen);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      int tid = GPOINTER_TO_INT (key);
      VigilTaskEntry task;
      VigilGrowth *growth;

      if (((VigilOrphansSeen *) value)->baseline || is_claimed (self, TRUE, tid, NULL))
        continue;
      if (!vigil_probe_ids_read_task (self->root, tid, &task))
        {
          vigil_task_entry_clear (&task);
          continue;                     /* ended since the last snapshot */
        }
      growth = growth_new (value, TRUE, tid);
      growth->kind = g_strdup ("thread");
      growth->name = task.comm != NULL ? g_strdup_printf ("thread %s", task.comm)
                                       : g_strdup_printf ("thread %d", tid);
      vigil_task_entry_clear (&task);
      g_ptr_array_add (list, growth);
    }
  return g_steal_pointer (&list);
}
