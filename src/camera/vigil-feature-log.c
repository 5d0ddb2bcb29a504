/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-feature-log"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-feature-log.h"

/* At most this many features are remembered (the quick controls have a
 * dozen; a script writing hundreds of names must not grow it forever). */
#define MAX_FEATURES 64

typedef struct
{
  char     *feature;
  GVariant *value;
} Entry;

struct _VigilFeatureLog
{
  GPtrArray *entries;   /* of Entry, oldest first */
};

static void
entry_free (Entry *entry)
{
  g_free (entry->feature);
  g_variant_unref (entry->value);
  g_free (entry);
}

/**
 * vigil_feature_log_new:
 *
 * Returns: (transfer full): an empty log
 */
VigilFeatureLog *
vigil_feature_log_new (void)
{
  VigilFeatureLog *self = g_new0 (VigilFeatureLog, 1);

  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  return self;
}

void
vigil_feature_log_free (VigilFeatureLog *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->entries);
  g_free (self);
}

void
vigil_feature_log_forget (VigilFeatureLog *self,
                          const char      *feature)
{
  g_return_if_fail (self != NULL && feature != NULL);

  for (guint i = 0; i < self->entries->len; i++)
    if (g_str_equal (((Entry *) g_ptr_array_index (self->entries, i))->feature, feature))
      {
        g_ptr_array_remove_index (self->entries, i);
        return;
      }
}

/**
 * vigil_feature_log_set:
 * @value: (transfer none): a floating reference is sunk
 *
 * Remembers that @feature was written with @value.
 */
void
vigil_feature_log_set (VigilFeatureLog *self,
                       const char      *feature,
                       GVariant        *value)
{
  Entry *entry;

  g_return_if_fail (self != NULL && feature != NULL && value != NULL);

  g_variant_ref_sink (value);
  vigil_feature_log_forget (self, feature);
  if (self->entries->len >= MAX_FEATURES)
    g_ptr_array_remove_index (self->entries, 0);
  entry = g_new0 (Entry, 1);
  entry->feature = g_strdup (feature);
  entry->value = value;
  g_ptr_array_add (self->entries, entry);
}

guint
vigil_feature_log_count (VigilFeatureLog *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->entries->len;
}

/* Calls @func for each feature, oldest write first. */
void
vigil_feature_log_foreach (VigilFeatureLog     *self,
                           VigilFeatureLogFunc  func,
                           gpointer             user_data)
{
  g_return_if_fail (self != NULL && func != NULL);

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      func (entry->feature, entry->value, user_data);
    }
}

/* The type each known feature takes; any other name is refused. */
static const struct
{
  const char *feature;
  char        type;   /* 's', 'i', 'b', 'd' */
} feature_types[] = {
  { "PixelFormat", 's' }, { "Width", 'i' }, { "Height", 'i' }, { "AcquisitionFrameRate", 'd' },
  { "ExposureTime", 'd' }, { "Gain", 'd' }, { "GainAuto", 'b' }, { "TriggerSelector", 's' },
  { "TriggerMode", 's' }, { "TriggerSource", 's' }, { "TriggerActivation", 's' }, { "AcquisitionMode", 's' },
};

static GVariant *
parse_value (char         type,
             const char  *text,
             GError     **error)
{
  char *end = NULL;

  switch (type)
    {
    case 's':
      if (*text != '\0' && g_utf8_validate (text, -1, NULL) && strlen (text) <= 64)
        return g_variant_new_string (text);
      break;
    case 'b':
      if (g_str_equal (text, "true") || g_str_equal (text, "false"))
        return g_variant_new_boolean (g_str_equal (text, "true"));
      break;
    case 'i':
      {
        gint64 v = g_ascii_strtoll (text, &end, 10);

        if (end != text && *end == '\0' && v >= G_MININT32 && v <= G_MAXINT32)
          return g_variant_new_int32 ((gint32) v);
      }
      break;
    case 'd':
    default:
      {
        double v = g_ascii_strtod (text, &end);

        if (end != text && *end == '\0' && isfinite (v))
          return g_variant_new_double (v);
      }
      break;
    }
  g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT, _("“%s” is not a valid value here"), text);
  return NULL;
}

/**
 * vigil_feature_parse_assignment:
 * @text: "Name=Value", as app.set-feature takes it
 * @feature: (out) (transfer full): the name
 * @value: (out) (transfer full): the value, of the type the feature takes
 *
 * Returns: %TRUE, or %FALSE with @error for an unknown name or a value of
 *   the wrong form
 */
gboolean
vigil_feature_parse_assignment (const char  *text,
                                char       **feature,
                                GVariant   **value,
                                GError     **error)
{
  const char *equals;
  g_autofree char *name = NULL;

  g_return_val_if_fail (feature != NULL && value != NULL, FALSE);

  if (text == NULL || (equals = strchr (text, '=')) == NULL || equals == text)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT, _("Expected Name=Value, not “%s”"),
                   text ? text : "");
      return FALSE;
    }
  name = g_strndup (text, equals - text);
  for (guint i = 0; i < G_N_ELEMENTS (feature_types); i++)
    if (g_str_equal (name, feature_types[i].feature))
      {
        GVariant *parsed = parse_value (feature_types[i].type, equals + 1, error);

        if (parsed == NULL)
          return FALSE;
        *value = g_variant_ref_sink (parsed);
        *feature = g_steal_pointer (&name);
        return TRUE;
      }
  g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT, _("Unknown feature “%s”"), name);
  return FALSE;
}

/* A GenICam node name: a letter or '_', then letters, digits and '_'. */
static gboolean
is_node_name (const char *name,
              gsize       length)
{
  if (length == 0 || length > 128 || g_ascii_isdigit (name[0]))
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (name[i]) && name[i] != '_')
      return FALSE;
  return TRUE;
}

/**
 * vigil_feature_parse_any_assignment:
 * @text: "Name=Value" for any feature of the camera (`vigil --feature`,
 *   app.set-feature)
 *
 * As vigil_feature_parse_assignment () for the features it knows; any
 * other GenICam name takes its value in words (a string), which the
 * session writes by the feature's type.
 *
 * Returns: %TRUE, or %FALSE with @error
 */
gboolean
vigil_feature_parse_any_assignment (const char  *text,
                                    char       **feature,
                                    GVariant   **value,
                                    GError     **error)
{
  const char *equals = text ? strchr (text, '=') : NULL;
  g_autofree char *name = NULL;
  gboolean known = FALSE;

  g_return_val_if_fail (feature != NULL && value != NULL, FALSE);

  for (guint i = 0; equals != NULL && i < G_N_ELEMENTS (feature_types); i++)
    known |= strlen (feature_types[i].feature) == (gsize) (equals - text) &&
             strncmp (text, feature_types[i].feature, equals - text) == 0;
  if (equals == NULL || known || !is_node_name (text, equals - text))
    return vigil_feature_parse_assignment (text, feature, value, error);
  name = g_strndup (text, equals - text);
  if (!g_utf8_validate (equals + 1, -1, NULL) || strlen (equals + 1) > 4096)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                   _("The value of %s is not UTF-8 text of at most 4096 bytes"), name);
      return FALSE;
    }
  *feature = g_steal_pointer (&name);
  *value = g_variant_ref_sink (g_variant_new_string (equals + 1));
  return TRUE;
}
