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

/* Tolerant readers of documents from elsewhere (a snapshot, a report):
 * a member that is missing or of another type reads as the fallback. */
JsonObject *vigil_json_get_object     (JsonObject  *object,
                                       const char  *member);
JsonArray  *vigil_json_get_array      (JsonObject  *object,
                                       const char  *member);
JsonObject *vigil_json_element_object (JsonArray   *array,
                                       guint        index);
const char *vigil_json_get_string     (JsonObject  *object,
                                       const char  *member,
                                       const char  *fallback);
gboolean    vigil_json_get_number     (JsonObject  *object,
                                       const char  *member,
                                       gdouble     *value);
gint64      vigil_json_get_int        (JsonObject  *object,
                                       const char  *member,
                                       gint64       fallback);
gboolean    vigil_json_get_bool       (JsonObject  *object,
                                       const char  *member);

G_END_DECLS
