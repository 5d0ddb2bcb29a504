/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-json"

#include "config.h"

#include <math.h>
#include <string.h>

#include "vigil-json.h"

/* JSON member helpers shared by every document Vigil writes (snapshot,
 * vigil-soak's report, the soak memory series): text is always valid UTF-8
 * and numbers JSON cannot hold become null. */

/* ---- Text that is always valid UTF-8 ---------------------------------- */

/* A copy of @text with every byte that is not part of valid UTF-8 written
 * as "\xNN", so the document stays valid JSON and the byte stays visible. */
char *
vigil_json_escape_utf8 (const char *text)
{
  g_autoptr(GString) out = NULL;
  const char *end = NULL;
  gsize len;

  if (text == NULL)
    return NULL;
  len = strlen (text);
  if (g_utf8_validate (text, len, &end))
    return g_strndup (text, len);

  out = g_string_sized_new (len + 16);
  while (!g_utf8_validate (text, -1, &end))
    {
      g_string_append_len (out, text, end - text);
      g_string_append_printf (out, "\\x%02X", (guint) (guchar) *end);
      text = end + 1;
    }
  g_string_append (out, text);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A deep copy of @node whose strings (values and member names) are valid
 * UTF-8. */
JsonNode *
vigil_json_sanitize_node (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(JsonObject) copy = json_object_new ();
        g_autoptr(GList) names = json_object_get_members (object);    /* in order */

        for (const GList *l = names; l != NULL; l = l->next)
          {
            g_autofree char *key = vigil_json_escape_utf8 (l->data);

            json_object_set_member (copy, key, vigil_json_sanitize_node (json_object_get_member (object, l->data)));
          }
        return json_node_init_object (json_node_alloc (), copy);
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        g_autoptr(JsonArray) copy = json_array_sized_new (json_array_get_length (array));

        for (guint i = 0; i < json_array_get_length (array); i++)
          json_array_add_element (copy, vigil_json_sanitize_node (json_array_get_element (array, i)));
        return json_node_init_array (json_node_alloc (), copy);
      }
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        {
          g_autofree char *text = vigil_json_escape_utf8 (json_node_get_string (node));

          return json_node_init_string (json_node_alloc (), text);
        }
      return json_node_copy (node);
    case JSON_NODE_NULL:
    default:
      return json_node_new (JSON_NODE_NULL);
    }
}

/* ---- Builder helpers -------------------------------------------------- */

/* Adds member @key: @value as valid UTF-8, or null when it is %NULL. */
void
vigil_json_add_string (JsonBuilder *builder,
                           const char  *key,
                           const char  *value)
{
  g_autofree char *text = vigil_json_escape_utf8 (value);

  json_builder_set_member_name (builder, key);
  if (text != NULL)
    json_builder_add_string_value (builder, text);
  else
    json_builder_add_null_value (builder);
}

/* Adds member @key: an integer, or null when @value is negative (the
 * probe's "unknown"). */
void
vigil_json_add_figure (JsonBuilder *builder,
                           const char  *key,
                           gint64       value)
{
  json_builder_set_member_name (builder, key);
  if (value >= 0)
    json_builder_add_int_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
vigil_json_add_int (JsonBuilder *builder,
                        const char  *key,
                        gint64       value)
{
  json_builder_set_member_name (builder, key);
  json_builder_add_int_value (builder, value);
}

void
vigil_json_add_bool (JsonBuilder *builder,
                         const char  *key,
                         gboolean     value)
{
  json_builder_set_member_name (builder, key);
  json_builder_add_boolean_value (builder, value);
}

/**
 * vigil_json_add_double:
 *
 * Adds member @key: a number, or null when it is not finite (JSON has no
 * NaN or infinity). 
 */
void
vigil_json_add_double (JsonBuilder *builder,
                           const char  *key,
                           gdouble      value)
{
  json_builder_set_member_name (builder, key);
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* ---- Tolerant readers ---------------------------------------------------- */

static JsonNode *
member (JsonObject *object,
        const char *name)
{
  return object != NULL ? json_object_get_member (object, name) : NULL;
}

JsonObject *
vigil_json_get_object (JsonObject *object,
                       const char *name)
{
  JsonNode *node = member (object, name);

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
vigil_json_get_array (JsonObject *object,
                      const char *name)
{
  JsonNode *node = member (object, name);

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* The @index-th element of @array when it is an object, else NULL. */
JsonObject *
vigil_json_element_object (JsonArray *array,
                           guint      index)
{
  JsonNode *node = array != NULL && index < json_array_get_length (array) ? json_array_get_element (array, index)
                                                                        : NULL;

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

const char *
vigil_json_get_string (JsonObject *object,
                       const char *name,
                       const char *fallback)
{
  JsonNode *node = member (object, name);

  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return fallback;
}

/* An integer or a floating-point member; FALSE for anything else. */
gboolean
vigil_json_get_number (JsonObject *object,
                       const char *name,
                       gdouble    *value)
{
  JsonNode *node = member (object, name);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return FALSE;
  *value = json_node_get_double (node);
  return TRUE;
}

gint64
vigil_json_get_int (JsonObject *object,
                    const char *name,
                    gint64      fallback)
{
  gdouble value;

  return vigil_json_get_number (object, name, &value) ? (gint64) value : fallback;
}

gboolean
vigil_json_get_bool (JsonObject *object,
                     const char *name)
{
  JsonNode *node = member (object, name);

  return node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN &&
         json_node_get_boolean (node);
}
