/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-orphans-names"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vigil-orphans-private.h"

/* The names of orphans, in the words an engineer searches for: "UDP
 * 127.0.0.1:41234 → 127.0.0.1:3956", "eventfd", "thread gmain"; what
 * groups them ("UDP socket to :3956"); and the sentences about groups. */

void
vigil_claim_free (VigilClaim *claim)
{
  if (claim == NULL)
    return;
  g_free (claim->target);
  g_free (claim->kind);
  g_free (claim->name);
  g_free (claim->what);
  g_clear_pointer (&claim->waiting, g_array_unref);
  g_free (claim);
}

/* "127.0.0.1:41234" → "127.0.0.1"; "[::1]:5" → "[::1]". */
static char *
host_of (const char *address)
{
  const char *colon = address != NULL ? strrchr (address, ':') : NULL;

  return colon != NULL ? g_strndup (address, colon - address) : NULL;
}

static void
name_socket (VigilClaim         *claim,
             VigilSocketTable  **table,
             const char         *root,
             const VigilUdpPeer *peer)
{
  guint64 inode = vigil_probe_ids_socket_inode (claim->target);
  const char *protocol = NULL, *local = NULL, *remote = NULL;
  g_autofree char *local_host = NULL;

  if (*table == NULL)
    *table = vigil_socket_table_load (root);
  if (inode == 0 || !vigil_socket_table_lookup (*table, inode, &protocol, &local, &remote))
    {
      /* Not in any table (unreadable, another namespace, a kind we do
       * not read): what is known, nothing made up. */
      claim->kind = g_strdup ("socket");
      claim->name = g_strdup (claim->target);
      claim->what = g_strdup ("socket");
      return;
    }

  local_host = host_of (local);
  if (remote == NULL && peer != NULL && g_str_has_prefix (protocol, "UDP") &&
      peer->phase == claim->phase && g_strcmp0 (local_host, peer->local_ip) == 0)
    remote = peer->peer;

  if (g_str_has_prefix (protocol, "UDP") || g_str_has_prefix (protocol, "TCP"))
    {
      const char *port = remote != NULL ? strrchr (remote, ':') : NULL;

      claim->kind = g_strdup_printf ("%.3s socket", protocol);
      claim->name = remote != NULL ? g_strdup_printf ("%s %s → %s", protocol, local, remote)
                                   : g_strdup_printf ("%s %s", protocol, local);
      claim->what = port != NULL ? g_strdup_printf ("%s to %s", claim->kind, port)
                                 : g_strdup (claim->kind);
      return;
    }
  claim->kind = g_strdup_printf ("%s socket", protocol);
  claim->name = local != NULL && local[0] != '\0' ? g_strdup_printf ("%s %s", protocol, local)
                                                  : g_strdup_printf ("%s %s", protocol, claim->target);
  claim->what = g_strdup (claim->kind);
}

/* "pool-3" and "pool-12" group as "pool-". */
static char *
comm_stem (const char *comm)
{
  gsize len = strlen (comm);

  while (len > 1 && g_ascii_isdigit (comm[len - 1]))
    len--;
  return g_strndup (comm, len);
}

/**
 * vigil_claim_name:
 * @table: (inout): the socket table, loaded on first need
 *
 * Fills kind, name and what of a claim whose object is still there.
 */
void
vigil_claim_name (VigilClaim          *claim,
                  VigilSocketTable   **table,
                  const char          *root,
                  const VigilUdpPeer  *peer)
{
  g_autofree char *stem = NULL;

  g_clear_pointer (&claim->kind, g_free);
  g_clear_pointer (&claim->name, g_free);
  g_clear_pointer (&claim->what, g_free);
  if (claim->thread)
    {
      claim->kind = g_strdup ("thread");
      if (claim->target == NULL)
        {
          claim->name = g_strdup_printf ("thread %d", claim->handle);
          claim->what = g_strdup ("thread");
          return;
        }
      stem = comm_stem (claim->target);
      claim->name = g_strdup_printf ("thread %s", claim->target);
      claim->what = g_strdup_printf ("thread %s", stem);
      return;
    }
  if (g_str_has_prefix (claim->target, "socket:"))
    {
      name_socket (claim, table, root, peer);
      return;
    }
  vigil_probe_ids_describe (claim->target, &claim->kind, &claim->name);
  if (g_strcmp0 (claim->kind, "file") == 0 || g_strcmp0 (claim->kind, "memfd") == 0)
    claim->what = g_strdup_printf ("%s %s", claim->kind, claim->name);
  else
    claim->what = g_strdup (claim->kind);
}

VigilOrphan *
vigil_claim_to_orphan (const VigilClaim *claim)
{
  VigilOrphan *orphan = g_new0 (VigilOrphan, 1);

  orphan->session = claim->session;
  orphan->phase = claim->phase;
  orphan->thread = claim->thread;
  orphan->handle = claim->handle;
  orphan->kind = g_strdup (claim->kind);
  orphan->name = g_strdup (claim->name);
  orphan->target = g_strdup (claim->target);
  orphan->what = g_strdup (claim->what);
  orphan->attributed_us = claim->attributed_us;
  orphan->closed_us = claim->closed_us;
  return orphan;
}

/**
 * vigil_orphan_group_describe:
 *
 * Returns: (transfer full): "DeviceOpened leaves 1 UDP socket to :3956 per
 *   session, 45 of 45 sessions", or for a singleton "StreamCreated: eventfd
 *   kept since session 1"
 */
char *
vigil_orphan_group_describe (const VigilOrphanGroup *group)
{
  const char *phase;
  g_autofree char *session = NULL;

  g_return_val_if_fail (group != NULL, NULL);

  phase = vigil_phase_to_string (group->phase);

  if (group->leak)
    {
      guint per = MAX (1, (group->n_orphans + group->n_sessions / 2) / MAX (group->n_sessions, 1));

      /* Translators: "DeviceOpened leaves 1 UDP socket to :3956 per session, 45 of 45 sessions" */
      return g_strdup_printf (_("%s leaves %u %s per session, %u of %u sessions"), phase, per, group->what,
                              group->n_sessions, MAX (group->n_phase_sessions, group->n_sessions));
    }
  session = g_strdup_printf ("%" G_GUINT64_FORMAT, group->first_session);
  /* Translators: "StreamCreated: eventfd kept since session 1 (…)" */
  return g_strdup_printf (_("%s: %s kept since session %s (left once, not a leak)"), phase, group->what, session);
}

const char *
vigil_growth_context_to_string (VigilGrowthContext context)
{
  switch (context)
    {
    case VIGIL_GROWTH_BETWEEN_SESSIONS: return _("between sessions");
    case VIGIL_GROWTH_WHILE_OPENING:    return _("while a session opened");
    case VIGIL_GROWTH_WHILE_STREAMING:  return _("while streaming");
    default:                            return "?";
    }
}

void
vigil_orphan_free (VigilOrphan *orphan)
{
  if (orphan == NULL)
    return;
  g_free (orphan->kind);
  g_free (orphan->name);
  g_free (orphan->target);
  g_free (orphan->what);
  g_free (orphan);
}

void
vigil_orphan_group_free (VigilOrphanGroup *group)
{
  if (group == NULL)
    return;
  g_free (group->what);
  g_free (group->kind);
  g_free (group->example);
  g_free (group);
}

void
vigil_growth_free (VigilGrowth *growth)
{
  if (growth == NULL)
    return;
  g_free (growth->kind);
  g_free (growth->name);
  g_free (growth);
}
