/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-feature-value"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-feature-value.h"
#include "vigil-utf8.h"

/* Reading and writing any feature by its GenICam type.  Session worker
 * thread only: every call here may be a network round trip, 2.5 s on a
 * frozen camera. */

G_DEFINE_BOXED_TYPE (VigilFeatureValue, vigil_feature_value, vigil_feature_value_copy, vigil_feature_value_free)

void
vigil_feature_value_free (VigilFeatureValue *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->text);
  g_free (self->error);
  g_free (self->refusal);
  g_strfreev (self->available_entries);
  g_free (self);
}

VigilFeatureValue *
vigil_feature_value_copy (const VigilFeatureValue *self)
{
  VigilFeatureValue *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->name = g_strdup (self->name);
  copy->text = g_strdup (self->text);
  copy->error = g_strdup (self->error);
  copy->refusal = g_strdup (self->refusal);
  copy->available_entries = g_strdupv (self->available_entries);
  return copy;
}

/* Whether @error says the camera did not answer. */
gboolean
vigil_feature_value_is_timeout (const GError *error)
{
  if (error == NULL)
    return FALSE;
  if (error->domain == ARV_DEVICE_ERROR && error->code == ARV_DEVICE_ERROR_TIMEOUT)
    return TRUE;
  if (error->domain == VIGIL_ERROR && error->code == VIGIL_ERROR_TIMEOUT)
    return TRUE;
  return error->message != NULL && strstr (error->message, "timeout") != NULL;
}

static char *
message (const GError *error)
{
  return vigil_utf8_sanitize_bounded (error && error->message ? error->message : _("unknown error"),
                                      -1, VIGIL_UTF8_MESSAGE_MAX);
}

static void
read_integer (VigilFeatureValue *value,
              ArvGcInteger      *integer,
              gboolean           hex,
              GError           **error)
{
  value->int_value = arv_gc_integer_get_value (integer, error);
  if (*error != NULL)
    return;
  value->int_min = arv_gc_integer_get_min (integer, NULL);
  value->int_max = arv_gc_integer_get_max (integer, NULL);
  value->int_inc = MAX (1, arv_gc_integer_get_inc (integer, NULL));
  value->text = hex ? g_strdup_printf ("0x%" G_GINT64_MODIFIER "X", value->int_value)
                    : g_strdup_printf ("%" G_GINT64_FORMAT, value->int_value);
}

static void
read_float (VigilFeatureValue *value,
            ArvGcFloat        *number,
            GError           **error)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  value->float_value = arv_gc_float_get_value (number, error);
  if (*error != NULL)
    return;
  value->float_min = arv_gc_float_get_min (number, NULL);
  value->float_max = arv_gc_float_get_max (number, NULL);
  value->float_inc = arv_gc_float_get_inc (number, NULL);
  if (!isfinite (value->float_inc) || value->float_inc < 0)
    value->float_inc = 0;
  value->text = g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.10g", value->float_value));
}

static void
read_enumeration (VigilFeatureValue *value,
                  ArvGcEnumeration  *enumeration,
                  GError           **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree const char **entries = NULL;
  const char *text;
  guint n = 0;

  text = arv_gc_enumeration_get_string_value (enumeration, error);
  if (*error != NULL)
    return;
  value->text = vigil_utf8_sanitize_bounded (text ? text : "", -1, VIGIL_UTF8_NAME_MAX);
  entries = arv_gc_enumeration_dup_available_string_values (enumeration, &n, NULL);
  for (guint i = 0; entries != NULL && i < n; i++)
    {
      g_autofree char *entry = vigil_utf8_sanitize_bounded (entries[i], -1, VIGIL_UTF8_NAME_MAX);

      g_strv_builder_add (builder, entry);
    }
  value->available_entries = g_strv_builder_end (builder);
}

static void
read_string (VigilFeatureValue *value,
             ArvGcString       *string,
             GError           **error)
{
  const char *text = arv_gc_string_get_value (string, error);

  if (*error != NULL)
    return;
  value->max_length = arv_gc_string_get_max_length (string, NULL);
  value->text = vigil_utf8_sanitize_bounded (text ? text : "", value->max_length > 0 ? value->max_length : -1,
                                             VIGIL_FEATURE_STRING_MAX);
}

static void
read_by_kind (VigilFeatureValue *value,
              ArvGcNode         *node,
              GError           **error)
{
  switch (value->kind)
    {
    case VIGIL_FEATURE_KIND_INTEGER:
      read_integer (value, ARV_GC_INTEGER (node),
                    arv_gc_integer_get_representation (ARV_GC_INTEGER (node)) == ARV_GC_REPRESENTATION_HEX_NUMBER,
                    error);
      break;
    case VIGIL_FEATURE_KIND_FLOAT:
      read_float (value, ARV_GC_FLOAT (node), error);
      break;
    case VIGIL_FEATURE_KIND_ENUMERATION:
      read_enumeration (value, ARV_GC_ENUMERATION (node), error);
      break;
    case VIGIL_FEATURE_KIND_BOOLEAN:
      value->bool_value = arv_gc_boolean_get_value (ARV_GC_BOOLEAN (node), error);
      if (*error == NULL)
        value->text = g_strdup (value->bool_value ? "true" : "false");
      break;
    case VIGIL_FEATURE_KIND_STRING:
      read_string (value, ARV_GC_STRING (node), error);
      break;
    case VIGIL_FEATURE_KIND_COMMAND:
    case VIGIL_FEATURE_KIND_CATEGORY:
    case VIGIL_FEATURE_KIND_OTHER:
    default:
      value->text = g_strdup ("");
      break;
    }
}

/* Availability first: an unavailable feature is not read (its registers
 * may not even exist now). */
static void
read_state (VigilFeatureValue *value,
            ArvGcFeatureNode  *feature,
            GError           **error)
{
  ArvGcAccessMode access;

  value->implemented = arv_gc_feature_node_is_implemented (feature, error);
  if (*error != NULL)
    return;
  value->available = value->implemented && arv_gc_feature_node_is_available (feature, error);
  if (*error != NULL)
    return;
  value->locked = arv_gc_feature_node_is_locked (feature, error);
  if (*error != NULL)
    return;
  access = arv_gc_feature_node_get_actual_access_mode (feature);
  value->writable = value->available && !value->locked &&
                    (access == ARV_GC_ACCESS_MODE_RW || access == ARV_GC_ACCESS_MODE_WO);
}

/**
 * vigil_feature_value_read:
 * @name: a feature's name
 *
 * Reads one feature: whether it is available, implemented and locked, its
 * value and range.  A failure is kept in the result's error, in words.
 *
 * Returns: (transfer full): what the read found
 */
VigilFeatureValue *
vigil_feature_value_read (ArvGc      *genicam,
                          const char *name)
{
  g_autoptr(VigilFeatureValue) value = g_new0 (VigilFeatureValue, 1);
  g_autoptr(GError) error = NULL;
  ArvGcNode *node;

  g_return_val_if_fail (ARV_IS_GC (genicam), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  value->name = vigil_utf8_sanitize_bounded (name, -1, VIGIL_UTF8_NAME_MAX);
  node = arv_gc_get_node (genicam, name);
  if (!ARV_IS_GC_FEATURE_NODE (node))
    {
      value->error = g_strdup_printf (_("The camera has no feature “%s”"), value->name);
      return g_steal_pointer (&value);
    }
  value->kind = vigil_feature_kind_of (node);
  read_state (value, ARV_GC_FEATURE_NODE (node), &error);
  if (error == NULL && value->available && value->kind != VIGIL_FEATURE_KIND_COMMAND &&
      arv_gc_feature_node_get_actual_access_mode (ARV_GC_FEATURE_NODE (node)) != ARV_GC_ACCESS_MODE_WO)
    read_by_kind (value, node, &error);
  else if (error == NULL)
    value->text = g_strdup ("");
  if (error != NULL)
    {
      g_autofree char *words = message (error);

      g_clear_pointer (&value->text, g_free);
      value->timed_out = vigil_feature_value_is_timeout (error);
      value->error = value->timed_out
        ? g_strconcat (_("The camera did not answer: "), words, NULL)
        : g_steal_pointer (&words);
    }
  return g_steal_pointer (&value);
}
