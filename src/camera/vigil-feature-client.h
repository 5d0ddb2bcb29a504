/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "vigil-feature-tree.h"
#include "vigil-feature-value.h"
#include "vigil-supervisor.h"

G_BEGIN_DECLS

/* The feature tree's way to the camera: every read, write and command
 * runs as a job on the supervisor's session worker thread, after the
 * jobs queued before it; the results come back to the main context of the
 * caller as GAsyncResults.  Main thread API. */

void              vigil_feature_client_load_tree_async  (VigilSupervisor      *supervisor,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
VigilFeatureTree *vigil_feature_client_load_tree_finish (GAsyncResult         *result,
                                                         GError              **error);
void              vigil_feature_client_read_async       (VigilSupervisor      *supervisor,
                                                         const char * const   *names,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
GPtrArray        *vigil_feature_client_read_finish      (GAsyncResult         *result,
                                                         GError              **error);
void              vigil_feature_client_write_async      (VigilSupervisor      *supervisor,
                                                         const char           *name,
                                                         const char           *text,
                                                         const char * const   *reread,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
GPtrArray        *vigil_feature_client_write_finish     (GAsyncResult         *result,
                                                         GError              **error);
void              vigil_feature_client_save_async       (VigilSupervisor      *supervisor,
                                                         const char           *path,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean          vigil_feature_client_save_finish      (GAsyncResult         *result,
                                                         guint                *n_saved,
                                                         GError              **error);
void              vigil_feature_client_load_async       (VigilSupervisor      *supervisor,
                                                         const char           *path,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
GPtrArray        *vigil_feature_client_load_finish      (GAsyncResult         *result,
                                                         GError              **error);
void              vigil_feature_client_remember         (VigilSupervisor      *supervisor,
                                                         const char           *name,
                                                         GVariant             *value);
guint64           vigil_feature_client_get_reads        (void);

G_END_DECLS
