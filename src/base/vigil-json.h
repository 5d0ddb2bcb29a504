/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

char     *vigil_json_escape_utf8    (const char  *text);
JsonNode *vigil_json_sanitize_node  (JsonNode    *node);
void      vigil_json_add_string     (JsonBuilder *builder,
                                     const char  *key,
                                     const char  *value);
void      vigil_json_add_int        (JsonBuilder *builder,
                                     const char  *key,
                                     gint64       value);
void      vigil_json_add_figure     (JsonBuilder *builder,
                                     const char  *key,
                                     gint64       value);
void      vigil_json_add_bool       (JsonBuilder *builder,
                                     const char  *key,
                                     gboolean     value);
void      vigil_json_add_double     (JsonBuilder *builder,
                                     const char  *key,
                                     gdouble      value);

G_END_DECLS
