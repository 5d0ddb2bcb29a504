/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "vigil-chart-model.h"
#include "vigil-pairs-model.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_SNAPSHOT_MODELS (vigil_snapshot_models_get_type ())

/* Sessions shown at most (the newest), resources and orphans of each,
 * resources and orphans in all: far more than a ledger keeps, a bound for
 * hostile files (the session table's rows are built at once). */
#define VIGIL_SNAPSHOT_MODELS_MAX_SESSIONS  2000
#define VIGIL_SNAPSHOT_MODELS_MAX_RESOURCES 1000
#define VIGIL_SNAPSHOT_MODELS_MAX_ROWS      100000
#define VIGIL_SNAPSHOT_MODELS_MAX_ORPHANS   10000

G_DECLARE_FINAL_TYPE (VigilSnapshotModels, vigil_snapshot_models, VIGIL, SNAPSHOT_MODELS, GObject)

/* The charts of the panel, in the panel's order. */
typedef enum
{
  VIGIL_SNAPSHOT_CHART_FDS,
  VIGIL_SNAPSHOT_CHART_THREADS,
  VIGIL_SNAPSHOT_CHART_MEMORY,
  VIGIL_SNAPSHOT_CHART_RECONNECTS,
  VIGIL_SNAPSHOT_N_CHARTS,
} VigilSnapshotChart;

VigilSnapshotModels *vigil_snapshot_models_new          (JsonNode             *document,
                                                         GError              **error);
JsonObject          *vigil_snapshot_models_get_root     (VigilSnapshotModels  *self);
VigilChartModel     *vigil_snapshot_models_get_chart    (VigilSnapshotModels  *self,
                                                         VigilSnapshotChart    chart);
VigilPairsModel     *vigil_snapshot_models_get_pairs    (VigilSnapshotModels  *self);
GListModel          *vigil_snapshot_models_get_events   (VigilSnapshotModels  *self);
const char          *vigil_snapshot_models_get_host     (VigilSnapshotModels  *self);
gint64               vigil_snapshot_models_get_created  (VigilSnapshotModels  *self);
char                *vigil_snapshot_models_dup_title    (VigilSnapshotModels  *self);
const char * const  *vigil_snapshot_models_get_missing  (VigilSnapshotModels  *self);
const char * const  *vigil_snapshot_models_get_unknown  (VigilSnapshotModels  *self);

char                *vigil_snapshot_models_text         (JsonObject           *object,
                                                         const char           *member);
const char * const  *vigil_snapshot_models_get_cut      (VigilSnapshotModels  *self);

G_END_DECLS
