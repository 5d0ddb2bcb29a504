/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "vigil-snapshot-models.h"

G_BEGIN_DECLS

char      *vigil_snapshot_summary_dup_status   (JsonObject          *root);
char      *vigil_snapshot_summary_dup_reasons  (JsonObject          *root);
GtkWidget *vigil_snapshot_verdict_new          (VigilSnapshotModels *models);
GtkWidget *vigil_snapshot_details_new          (VigilSnapshotModels *models);
GtkWidget *vigil_snapshot_process_new          (JsonObject          *root);

G_END_DECLS
