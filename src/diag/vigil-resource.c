/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-resource"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-ledger.h"
#include "vigil-resource.h"

struct _VigilResource
{
  VigilLedger    *ledger;
  guint64         id;
  guint64         session;
  GDestroyNotify  release;
  gpointer        data;
};

/**
 * vigil_resource_new_full:
 * @ledger: the ledger that records it
 * @session: the session it belongs to
 * @name: (nullable): what it is, e.g. "GVCP socket"
 * @owner: (nullable): who holds it
 * @os_handle: its fd, or -1
 * @os_target: (nullable): the fd's link target when known
 * @release: (nullable): closes @data; called once, on close
 * @data: (transfer full) (nullable): the resource itself
 *
 * Records the Create (@create_action) in the session's current phase.
 *
 * Returns: (transfer full): the handle
 */
VigilResource *
vigil_resource_new_full (VigilLedger       *ledger,
                         guint64            session,
                         VigilResourceKind  kind,
                         const char        *name,
                         const char        *owner,
                         VigilAction        create_action,
                         VigilAction        close_action,
                         int                os_handle,
                         const char        *os_target,
                         GDestroyNotify     release,
                         gpointer           data)
{
  VigilResource *self;

  g_return_val_if_fail (VIGIL_IS_LEDGER (ledger), NULL);

  self = g_new (VigilResource, 1);
  self->ledger = g_object_ref (ledger);
  self->session = session;
  self->release = release;
  self->data = data;
  self->id = vigil_ledger_record_create (ledger, session, kind, name, owner,
                                         create_action, close_action,
                                         os_handle, os_target);
  return self;
}

/**
 * vigil_resource_new:
 *
 * As vigil_resource_new_full() with the kind's usual action pair (see
 * vigil_resource_kind_default_actions()) and no known link target.
 *
 * Returns: (transfer full): the handle
 */
VigilResource *
vigil_resource_new (VigilLedger       *ledger,
                    guint64            session,
                    VigilResourceKind  kind,
                    const char        *name,
                    const char        *owner,
                    int                os_handle,
                    GDestroyNotify     release,
                    gpointer           data)
{
  VigilAction create_action, close_action;

  vigil_resource_kind_default_actions (kind, &create_action, &close_action);
  return vigil_resource_new_full (ledger, session, kind, name, owner,
                                  create_action, close_action, os_handle, NULL,
                                  release, data);
}

/**
 * vigil_resource_close:
 * @self: (transfer full) (nullable): the handle
 *
 * Releases the resource, then records its Close with the current phase of
 * its session, and frees the handle.
 */
void
vigil_resource_close (VigilResource *self)
{
  g_autoptr(VigilLedger) ledger = NULL;

  if (self == NULL)
    return;

  ledger = g_steal_pointer (&self->ledger);
  if (self->release != NULL && self->data != NULL)
    self->release (g_steal_pointer (&self->data));
  if (self->id != 0)
    vigil_ledger_record_close (ledger, self->id);
  g_free (self);
}

guint64
vigil_resource_get_id (VigilResource *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->id;
}

guint64
vigil_resource_get_session (VigilResource *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->session;
}

/**
 * vigil_resource_get_data:
 *
 * Returns: (transfer none) (nullable): the resource itself
 */
gpointer
vigil_resource_get_data (VigilResource *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->data;
}

/**
 * vigil_resource_set_os_handle:
 * @os_target: (nullable): the link target, when known
 */
void
vigil_resource_set_os_handle (VigilResource *self,
                              int            os_handle,
                              const char    *os_target)
{
  g_return_if_fail (self != NULL);
  vigil_ledger_set_os_handle (self->ledger, self->id, os_handle, os_target);
}
