/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "vigil-ledger.h"
#include "vigil-orphans.h"
#include "vigil-stream-stats.h"

G_BEGIN_DECLS

/* Shared by the snapshot's files (vigil-snapshot-orphans.c). */
void     vigil_snapshot_add_session_orphans  (JsonBuilder   *builder,
                                              GPtrArray     *orphans,
                                              guint64        session);
void     vigil_snapshot_add_sessions_dropped (JsonBuilder   *builder,
                                              VigilLedger   *ledger);
void     vigil_snapshot_add_orphans          (JsonBuilder   *builder,
                                              VigilOrphans  *orphans);
gboolean vigil_snapshot_orphans_leak         (JsonObject    *root);
void     vigil_snapshot_explain_orphans      (GString       *out,
                                              JsonObject    *root);
void     vigil_snapshot_explain_unattributed (GString       *out,
                                              JsonObject    *root,
                                              gboolean       explained);
void     vigil_snapshot_add_stream_stats     (JsonBuilder                *builder,
                                              const VigilStreamStatsInfo *info);

G_END_DECLS
