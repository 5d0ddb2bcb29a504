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

/* What the ledger no longer keeps in full: the ended sessions past its
 * bounds, folded into totals so that counts and verdicts stay exact.  A
 * resource still open when its session was dropped stays counted as
 * unpaired (by kind and the phase that made it) until it closes. */
typedef struct
{
  guint64 sessions;                                           /* ended sessions dropped */
  guint64 unpaired_sessions;                                  /* of them, dropped with resources open */
  guint64 created[VIGIL_N_RESOURCE_KINDS];
  guint64 closed[VIGIL_N_RESOURCE_KINDS];                     /* late closes included */
  guint64 unpaired[VIGIL_N_RESOURCE_KINDS][VIGIL_N_PHASES];   /* still open, by creating phase */
  guint64 n_unpaired;                                         /* the sum of unpaired */
} VigilLedgerDropped;

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
void         vigil_ledger_set_max_unpaired_sessions (VigilLedger          *self,
                                                     guint                 max_unpaired);
void         vigil_ledger_get_bounds                (VigilLedger          *self,
                                                     guint                *max_ended,
                                                     guint                *max_unpaired);
gboolean     vigil_ledger_is_full                   (VigilLedger          *self);
void         vigil_ledger_get_dropped               (VigilLedger          *self,
                                                     VigilLedgerDropped   *dropped);
guint64      vigil_ledger_count_unpaired            (VigilLedger          *self);
gsize        vigil_ledger_get_retained_bytes        (VigilLedger          *self);

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
