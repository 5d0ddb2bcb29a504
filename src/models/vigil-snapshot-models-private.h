/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "vigil-event.h"
#include "vigil-pairs-model.h"

G_BEGIN_DECLS

/* Shared by the files of VigilSnapshotModels. */
VigilPairsFixed *vigil_snapshot_models_read_sessions (JsonArray   *sessions,
                                                      JsonObject  *dropped);
VigilEvent      *vigil_snapshot_models_read_event    (JsonObject  *object);

G_END_DECLS
