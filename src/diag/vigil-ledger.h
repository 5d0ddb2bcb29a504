/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "vigil-phase.h"
#include "vigil-resource-info.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_LEDGER (vigil_ledger_get_type ())

G_DECLARE_FINAL_TYPE (VigilLedger, vigil_ledger, VIGIL, LEDGER, GObject)

/* Created/closed/open counts of one kind in one session. */
typedef struct
{
  VigilResourceKind kind;
  guint             created;
  guint             closed;
  guint             open;
} VigilKindPairs;

/* An fd that appeared during a phase (evidence, see DESIGN.md). */
typedef struct
{
  VigilPhase  phase;
  int         fd;
  char       *target;
} VigilFdAttribution;

/* Called for every Create and every Close, after the ledger recorded it
 * and without its lock held, on the thread that created or closed the
 * resource.  @info is only valid during the call (info->closed tells which
 * of the two it is). */
typedef void (*VigilLedgerListener) (VigilLedger             *ledger,
                                     const VigilResourceInfo *info,
                                     gpointer                 user_data);

VigilLedger *vigil_ledger_new                       (void);
void         vigil_ledger_set_listener              (VigilLedger          *self,
                                                     VigilLedgerListener   listener,
                                                     gpointer              user_data,
                                                     GDestroyNotify        destroy);
void         vigil_ledger_set_max_ended_sessions    (VigilLedger          *self,
                                                     guint                 max_ended);

guint64      vigil_ledger_begin_session             (VigilLedger          *self,
                                                     const char           *camera);
void         vigil_ledger_end_session               (VigilLedger          *self,
                                                     guint64               session);
void         vigil_ledger_set_phase                 (VigilLedger          *self,
                                                     guint64               session,
                                                     VigilPhase            phase);
VigilPhase   vigil_ledger_get_phase                 (VigilLedger          *self,
                                                     guint64               session);

guint64      vigil_ledger_record_create             (VigilLedger          *self,
                                                     guint64               session,
                                                     VigilResourceKind     kind,
                                                     const char           *name,
                                                     const char           *owner,
                                                     VigilAction           create_action,
                                                     VigilAction           close_action,
                                                     int                   os_handle,
                                                     const char           *os_target);
gboolean     vigil_ledger_record_close              (VigilLedger          *self,
                                                     guint64               resource);
void         vigil_ledger_set_os_handle             (VigilLedger          *self,
                                                     guint64               resource,
                                                     int                   os_handle,
                                                     const char           *os_target);

guint        vigil_ledger_count_open                (VigilLedger          *self);
GPtrArray   *vigil_ledger_list_open                 (VigilLedger          *self);
GPtrArray   *vigil_ledger_list_resources            (VigilLedger          *self,
                                                     guint64               session);
GPtrArray   *vigil_ledger_list_unpaired             (VigilLedger          *self);
GArray      *vigil_ledger_get_pairs                 (VigilLedger          *self,
                                                     guint64               session);
GPtrArray   *vigil_ledger_list_sessions             (VigilLedger          *self);

guint        vigil_ledger_attribute_fds             (VigilLedger          *self,
                                                     guint64               session,
                                                     VigilPhase            phase,
                                                     GArray               *before,
                                                     GArray               *after);
GArray      *vigil_ledger_list_attributed_fds       (VigilLedger          *self,
                                                     guint64               session);
GArray      *vigil_ledger_list_residue              (VigilLedger          *self,
                                                     guint64               session,
                                                     GArray               *now);

G_END_DECLS
