/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "vigil-phase.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_RESOURCE_INFO (vigil_resource_info_get_type ())

/* Kinds and actions are written to logs and snapshots: append, never insert. */
typedef enum
{
  VIGIL_RESOURCE_DEVICE,
  VIGIL_RESOURCE_STREAM,
  VIGIL_RESOURCE_BUFFERS,
  VIGIL_RESOURCE_SIGNAL_HANDLER,
  VIGIL_RESOURCE_THREAD,
  VIGIL_RESOURCE_TIMER,
  VIGIL_RESOURCE_EVENT,
  VIGIL_RESOURCE_SUBPROCESS,
  VIGIL_N_RESOURCE_KINDS,
} VigilResourceKind;

typedef enum
{
  VIGIL_ACTION_CREATE,
  VIGIL_ACTION_OPEN,
  VIGIL_ACTION_REGISTER,
  VIGIL_ACTION_CLOSE,
  VIGIL_ACTION_DISPOSE,
  VIGIL_ACTION_UNREGISTER,
  VIGIL_N_ACTIONS,
} VigilAction;

/* A snapshot of one tracked resource, as the ledger answers it: a copy,
 * safe to keep on any thread.  closed_us and close_phase are meaningful
 * only when closed is TRUE; os_handle is -1 when there is none. */
typedef struct
{
  guint64            id;
  guint64            session;
  char              *camera;
  VigilResourceKind  kind;
  char              *name;
  char              *owner;
  VigilAction        create_action;
  VigilAction        close_action;
  VigilPhase         create_phase;
  gint64             created_us;      /* UTC */
  gboolean           closed;
  VigilPhase         close_phase;
  gint64             closed_us;       /* UTC */
  int                os_handle;
  char              *os_target;       /* (nullable) e.g. "socket:[28367]" */
} VigilResourceInfo;

/* One camera session as listed by the ledger (a copy).  closed_us is -1
 * while the session has not ended. */
typedef struct
{
  guint64     id;
  char       *camera;
  gint64      opened_us;               /* UTC */
  gint64      closed_us;               /* UTC, -1 while open */
  gboolean    ended;
  VigilPhase  phase;                   /* current phase */
  guint       n_open;                  /* resources not closed */
} VigilSessionInfo;

const char        *vigil_resource_kind_to_string        (VigilResourceKind         kind);
gboolean           vigil_resource_kind_from_string      (const char               *name,
                                                         VigilResourceKind        *kind);
void               vigil_resource_kind_default_actions  (VigilResourceKind         kind,
                                                         VigilAction              *create_action,
                                                         VigilAction              *close_action);
const char        *vigil_action_to_string               (VigilAction               action);

GType              vigil_resource_info_get_type         (void) G_GNUC_CONST;
VigilResourceInfo *vigil_resource_info_copy             (const VigilResourceInfo  *info);
void               vigil_resource_info_free             (VigilResourceInfo        *info);

void               vigil_session_info_free              (VigilSessionInfo         *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilResourceInfo, vigil_resource_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilSessionInfo, vigil_session_info_free)

G_END_DECLS
