/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "vigil-ledger.h"
#include "vigil-orphans.h"
#include "vigil-pairs-row.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_PAIRS_MODEL (vigil_pairs_model_get_type ())

#define VIGIL_PAIRS_MODEL_DEFAULT_BARS 24

G_DECLARE_FINAL_TYPE (VigilPairsModel, vigil_pairs_model, VIGIL, PAIRS_MODEL, GObject)

/* One bar pair of the pairs graph: what a session created and closed, by
 * kind. */
typedef struct
{
  guint64  session;
  gboolean ended;
  gboolean unpaired;                              /* ended with resources open */
  guint    created[VIGIL_N_RESOURCE_KINDS];
  guint    closed[VIGIL_N_RESOURCE_KINDS];
  guint    n_created;
  guint    n_closed;
  guint    n_orphans;                             /* left by its phases, tracked by nobody */
} VigilPairsBar;

/* What a model of a document (a snapshot) shows instead of a ledger:
 * see vigil_pairs_fixed_new (). */
typedef struct
{
  GPtrArray *sessions;
  GPtrArray *resources;
  GPtrArray *pairs;
  GPtrArray *orphans;
  VigilLedgerDropped dropped;   /* the document's sessions_dropped: totals of what it no longer lists */
} VigilPairsFixed;

VigilPairsFixed     *vigil_pairs_fixed_new              (void);
void                 vigil_pairs_fixed_free             (VigilPairsFixed  *fixed);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilPairsFixed, vigil_pairs_fixed_free)

VigilPairsModel     *vigil_pairs_model_new              (VigilLedger      *ledger);
VigilPairsModel     *vigil_pairs_model_new_fixed        (VigilPairsFixed  *fixed);
void                 vigil_pairs_model_set_max_bars     (VigilPairsModel  *self,
                                                         guint             max_bars);
void                 vigil_pairs_model_set_orphans      (VigilPairsModel  *self,
                                                         VigilOrphans     *orphans);
void                 vigil_pairs_model_refresh          (VigilPairsModel  *self);
GListModel          *vigil_pairs_model_get_sessions     (VigilPairsModel  *self);
guint                vigil_pairs_model_get_n_unpaired   (VigilPairsModel  *self);
const VigilLedgerDropped *vigil_pairs_model_get_dropped (VigilPairsModel  *self);
guint                vigil_pairs_model_get_n_bars       (VigilPairsModel  *self);
const VigilPairsBar *vigil_pairs_model_get_bar          (VigilPairsModel  *self,
                                                         guint             i);
guint                vigil_pairs_model_get_bar_max      (VigilPairsModel  *self);

G_END_DECLS
