/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-ledger-retention"

#include "config.h"

#include <string.h>

#include "vigil-ledger-private.h"

/* What the ledger keeps (issue 16: a month of reconnects must not grow the
 * viewer).  Ended sessions are kept in full within two bounds: the newest
 * max_ended that ended with everything closed, and the newest max_unpaired
 * that ended with resources still open (the evidence of a leak, newest
 * first).  An older session is folded into VigilLedgerDropped -- created
 * and closed per kind, its still-open resources as unpaired by kind and
 * phase -- and freed.  Its open resources leave the `open` table for a
 * 32-byte record each in `dropped_open`, so that the open count stays
 * exact and a late Close is still counted; those records are the leak
 * itself, one per resource the program never closed.  Live sessions are
 * never dropped.  Everything here runs with the ledger's lock held, except
 * the public entry points, which take it. */

static guint
str_bytes (const char *s)
{
  return s != NULL ? (guint) strlen (s) + 1 : 0;
}

/* Folds @session into the totals and moves its open resources to
 * dropped_open.  The caller frees the session. */
static void
fold (VigilLedger        *self,
      VigilLedgerSession *session)
{
  VigilLedgerDropped *d = &self->dropped;

  d->sessions++;
  if (session->n_open > 0)
    d->unpaired_sessions++;
  for (guint k = 0; k < VIGIL_N_RESOURCE_KINDS; k++)
    {
      d->created[k] += session->created[k];
      d->closed[k] += session->closed[k];
    }
  for (guint i = 0; i < session->resources->len; i++)
    {
      const VigilResourceInfo *info = g_ptr_array_index (session->resources, i);
      VigilLedgerDroppedOpen *kept;

      if (info->closed)
        continue;
      g_assert ((guint) info->create_phase < VIGIL_N_PHASES);
      g_hash_table_steal (self->open, &info->id);
      kept = g_new0 (VigilLedgerDroppedOpen, 1);
      kept->id = info->id;
      kept->session = info->session;
      kept->kind = info->kind;
      kept->create_phase = info->create_phase;
      kept->close_action = info->close_action;
      kept->session_phase = session->phase;
      g_hash_table_add (self->dropped_open, kept);
      d->unpaired[info->kind][info->create_phase]++;
      d->n_unpaired++;
    }
}

/**
 * _vigil_ledger_prune:
 *
 * With the lock held: drops the oldest ended sessions past the bounds,
 * folding each into the totals.
 */
void
_vigil_ledger_prune (VigilLedger *self)
{
  guint clean = 0, unpaired = 0;

  for (GList *link = self->ended.head; link != NULL; link = link->next)
    {
      if (((VigilLedgerSession *) link->data)->n_open == 0)
        clean++;
      else
        unpaired++;
    }

  for (GList *link = self->ended.head;
       link != NULL && (clean > self->max_ended || unpaired > self->max_unpaired);)
    {
      GList *next = link->next;
      VigilLedgerSession *session = link->data;
      gboolean drop = FALSE;

      if (session->n_open == 0 && clean > self->max_ended)
        {
          drop = TRUE;
          clean--;
        }
      else if (session->n_open > 0 && unpaired > self->max_unpaired)
        {
          drop = TRUE;
          unpaired--;
        }
      if (drop)
        {
          fold (self, session);
          g_queue_delete_link (&self->ended, link);
          g_hash_table_remove (self->sessions, &session->id);
        }
      link = next;
    }
}

/**
 * _vigil_ledger_close_dropped:
 *
 * With the lock held: the Close of a resource whose session was dropped
 * while it was open.
 *
 * Returns: (transfer full) (nullable): what the listener is told, or
 *   %NULL when @resource was not open
 */
VigilResourceInfo *
_vigil_ledger_close_dropped (VigilLedger *self,
                             guint64      resource)
{
  VigilLedgerDroppedOpen *kept = g_hash_table_lookup (self->dropped_open, &resource);
  VigilResourceInfo *info;

  if (kept == NULL)
    return NULL;
  info = g_new0 (VigilResourceInfo, 1);
  info->id = kept->id;
  info->session = kept->session;
  info->kind = kept->kind;
  info->create_phase = kept->create_phase;
  info->close_action = kept->close_action;
  info->close_phase = kept->session_phase;
  info->created_us = -1;
  info->closed = TRUE;
  info->closed_us = g_get_real_time ();
  info->os_handle = -1;
  self->dropped.unpaired[kept->kind][kept->create_phase]--;
  self->dropped.n_unpaired--;
  self->dropped.closed[kept->kind]++;
  g_hash_table_remove (self->dropped_open, &resource);
  return info;
}

/**
 * vigil_ledger_is_full:
 *
 * Whether the ledger keeps as many ended sessions with nothing open as it
 * may: from then on each ended session drops the oldest clean one, and what
 * the ledger holds stays level (sessions with unpaired resources are kept
 * up to their own bound, then counted: that is a leak, and the verdict says
 * so).
 */
gboolean
vigil_ledger_is_full (VigilLedger *self)
{
  g_autoptr(GMutexLocker) locker = NULL;
  guint clean = 0;

  g_return_val_if_fail (VIGIL_IS_LEDGER (self), FALSE);

  locker = g_mutex_locker_new (&self->lock);
  for (GList *link = self->ended.head; link != NULL; link = link->next)
    if (((VigilLedgerSession *) link->data)->n_open == 0)
      clean++;
  return clean >= self->max_ended;
}

/* How many ended sessions with everything closed are kept in full. */
void
vigil_ledger_set_max_ended_sessions (VigilLedger *self,
                                     guint        max_ended)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (VIGIL_IS_LEDGER (self));

  locker = g_mutex_locker_new (&self->lock);
  self->max_ended = max_ended;
  _vigil_ledger_prune (self);
}

/* How many ended sessions with resources still open are kept in full. */
void
vigil_ledger_set_max_unpaired_sessions (VigilLedger *self,
                                        guint        max_unpaired)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (VIGIL_IS_LEDGER (self));

  locker = g_mutex_locker_new (&self->lock);
  self->max_unpaired = max_unpaired;
  _vigil_ledger_prune (self);
}

/**
 * vigil_ledger_get_bounds:
 * @max_ended: (out) (optional): ended sessions with nothing open kept in full
 * @max_unpaired: (out) (optional): ended sessions with resources open kept in full
 */
void
vigil_ledger_get_bounds (VigilLedger *self,
                         guint       *max_ended,
                         guint       *max_unpaired)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (VIGIL_IS_LEDGER (self));

  locker = g_mutex_locker_new (&self->lock);
  if (max_ended != NULL)
    *max_ended = self->max_ended;
  if (max_unpaired != NULL)
    *max_unpaired = self->max_unpaired;
}

/**
 * vigil_ledger_get_dropped:
 * @dropped: (out caller-allocates): the totals of the dropped sessions
 */
void
vigil_ledger_get_dropped (VigilLedger        *self,
                          VigilLedgerDropped *dropped)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (VIGIL_IS_LEDGER (self));
  g_return_if_fail (dropped != NULL);

  locker = g_mutex_locker_new (&self->lock);
  *dropped = self->dropped;
}

/**
 * vigil_ledger_count_unpaired:
 *
 * Returns: the resources still open in sessions that have ended, those of
 *   dropped sessions included
 */
guint64
vigil_ledger_count_unpaired (VigilLedger *self)
{
  g_autoptr(GMutexLocker) locker = NULL;
  guint64 n;

  g_return_val_if_fail (VIGIL_IS_LEDGER (self), 0);

  locker = g_mutex_locker_new (&self->lock);
  n = self->dropped.n_unpaired;
  for (GList *link = self->ended.head; link != NULL; link = link->next)
    n += ((VigilLedgerSession *) link->data)->n_open;
  return n;
}

static gsize
session_bytes (const VigilLedgerSession *session)
{
  gsize bytes = sizeof *session + str_bytes (session->camera) + 2 * sizeof (GPtrArray) +
                session->resources->len * sizeof (gpointer) +
                session->attributed->len * sizeof (VigilFdAttribution) +
                4 * sizeof (gpointer);          /* its hash table slot and queue link */

  for (guint i = 0; i < session->resources->len; i++)
    {
      const VigilResourceInfo *info = g_ptr_array_index (session->resources, i);

      bytes += sizeof *info + str_bytes (info->camera) + str_bytes (info->name) +
               str_bytes (info->owner) + str_bytes (info->os_target);
    }
  for (guint i = 0; i < session->attributed->len; i++)
    bytes += str_bytes (g_array_index (session->attributed, VigilFdAttribution, i).target);
  return bytes;
}

/**
 * vigil_ledger_get_retained_bytes:
 *
 * Returns: what the ledger holds, by its own account: the sessions kept
 *   with their resources, strings and fd attributions, and the records of
 *   resources still open in dropped sessions (allocator overhead and the
 *   hash tables' empty slots not counted)
 */
gsize
vigil_ledger_get_retained_bytes (VigilLedger *self)
{
  g_autoptr(GMutexLocker) locker = NULL;
  GHashTableIter iter;
  gpointer value;
  gsize bytes = sizeof *self;

  g_return_val_if_fail (VIGIL_IS_LEDGER (self), 0);

  locker = g_mutex_locker_new (&self->lock);
  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    bytes += session_bytes (value);
  bytes += g_hash_table_size (self->open) * 3 * sizeof (gpointer);
  bytes += g_hash_table_size (self->dropped_open) * (sizeof (VigilLedgerDroppedOpen) + 2 * sizeof (gpointer));
  return bytes;
}
