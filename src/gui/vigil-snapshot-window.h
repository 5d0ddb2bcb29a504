/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "vigil-snapshot-models.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_SNAPSHOT_WINDOW (vigil_snapshot_window_get_type ())

G_DECLARE_FINAL_TYPE (VigilSnapshotWindow, vigil_snapshot_window, VIGIL, SNAPSHOT_WINDOW, GtkApplicationWindow)

VigilSnapshotWindow *vigil_snapshot_window_new      (GtkApplication       *application,
                                                     VigilSnapshotModels  *models,
                                                     GFile                *file);
gboolean             vigil_snapshot_window_compare  (VigilSnapshotWindow  *self,
                                                     GFile                *file,
                                                     GError              **error);
VigilSnapshotModels *vigil_snapshot_models_open     (GFile                *file,
                                                     GError              **error);

G_END_DECLS
