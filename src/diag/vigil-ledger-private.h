/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vigil-ledger.h"

G_BEGIN_DECLS

#define VIGIL_LEDGER_DEFAULT_MAX_ENDED    100
#define VIGIL_LEDGER_DEFAULT_MAX_UNPAIRED 100

typedef struct
{
  guint64     id;
  char       *camera;
  gint64      opened_us;
  gint64      closed_us;
  gboolean    ended;
  VigilPhase  phase;
  GPtrArray  *resources;                        /* VigilResourceInfo, owned */
  guint       created[VIGIL_N_RESOURCE_KINDS];
  guint       closed[VIGIL_N_RESOURCE_KINDS];
  guint       n_open;
  GArray     *attributed;                       /* VigilFdAttribution */
} VigilLedgerSession;

/* A resource still open when its ended session was dropped: what a late
 * Close needs to be counted (vigil-ledger-retention.c). */
typedef struct
{
  guint64            id;                        /* first: the hash key */
  guint64            session;
  VigilResourceKind  kind;
  VigilPhase         create_phase;
  VigilAction        close_action;
  VigilPhase         session_phase;             /* the session's last phase */
} VigilLedgerDroppedOpen;

/* Every tracked resource of every camera session.  Thread-safe: one mutex
 * guards everything; every answer is a copy.  Ended sessions are kept in
 * full within two bounds -- the newest max_ended with nothing open, the
 * newest max_unpaired with resources still open -- and the older ones are
 * folded into `dropped` (vigil-ledger-retention.c). */
struct _VigilLedger
{
  GObject              parent_instance;

  GMutex               lock;
  guint64              next_session;
  guint64              next_resource;
  GHashTable          *sessions;                /* id → VigilLedgerSession, owned */
  GHashTable          *open;                    /* id → VigilResourceInfo, borrowed */
  GQueue               ended;                   /* VigilLedgerSession, borrowed, oldest first */
  guint                max_ended;
  guint                max_unpaired;
  VigilLedgerDropped   dropped;
  GHashTable          *dropped_open;            /* set of VigilLedgerDroppedOpen, owned */

  VigilLedgerListener  listener;
  gpointer             listener_data;
  GDestroyNotify       listener_destroy;
};

void                _vigil_ledger_prune        (VigilLedger *self);
VigilResourceInfo  *_vigil_ledger_close_dropped (VigilLedger *self,
                                                 guint64      resource);

G_END_DECLS
