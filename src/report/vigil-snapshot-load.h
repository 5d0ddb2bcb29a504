/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The largest snapshot file Vigil reads, and the deepest nesting of arrays
 * and objects it lets the parser see (reasons in vigil-snapshot-load.c). */
#define VIGIL_SNAPSHOT_LOAD_MAX_BYTES (64 * 1024 * 1024)
#define VIGIL_SNAPSHOT_LOAD_MAX_DEPTH 64

JsonNode *vigil_snapshot_load            (const char  *path,
                                          GError     **error);
JsonNode *vigil_snapshot_load_from_data  (const char  *data,
                                          gsize        length,
                                          GError     **error);
gboolean  vigil_snapshot_check_depth     (const char  *data,
                                          gsize        length,
                                          guint        max_depth,
                                          GError     **error);

G_END_DECLS
