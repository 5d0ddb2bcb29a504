/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "vigil-ledger.h"
#include "vigil-resource-info.h"

G_BEGIN_DECLS

/* The RAII handle of one tracked resource.  Not refcounted: it has one
 * owner.  g_autoptr(VigilResource) closes it (release function, then the
 * Close in the ledger with the session's current phase) on every path;
 * g_steal_pointer () hands it on; vigil_resource_close () is the normal
 * close.  Any thread. */
typedef struct _VigilResource VigilResource;

VigilResource *vigil_resource_new            (VigilLedger        *ledger,
                                              guint64             session,
                                              VigilResourceKind   kind,
                                              const char         *name,
                                              const char         *owner,
                                              int                 os_handle,
                                              GDestroyNotify      release,
                                              gpointer            data);
VigilResource *vigil_resource_new_full       (VigilLedger        *ledger,
                                              guint64             session,
                                              VigilResourceKind   kind,
                                              const char         *name,
                                              const char         *owner,
                                              VigilAction         create_action,
                                              VigilAction         close_action,
                                              int                 os_handle,
                                              const char         *os_target,
                                              GDestroyNotify      release,
                                              gpointer            data);
void           vigil_resource_close          (VigilResource      *self);
guint64        vigil_resource_get_id         (VigilResource      *self);
guint64        vigil_resource_get_session    (VigilResource      *self);
gpointer       vigil_resource_get_data       (VigilResource      *self);
void           vigil_resource_set_os_handle  (VigilResource      *self,
                                              int                 os_handle,
                                              const char         *os_target);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilResource, vigil_resource_close)

G_END_DECLS
