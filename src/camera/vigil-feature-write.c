/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-feature-write"

#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-feature-value.h"
#include "vigil-utf8.h"

/* Writing any feature from its value in words ("12", "0x1F", "2.5", "On",
 * "true", any text; a command takes "" or "Execute").  Session worker
 * thread only.  The checks a camera may not make (range, increment,
 * entries available now, locked, read-only) are made here first, and
 * every refusal is in words. */

static gboolean
refuse (GError    **error,
        const char *format,
        ...) G_GNUC_PRINTF (2, 3);

static gboolean
refuse (GError    **error,
        const char *format,
        ...)
{
  va_list args;
  g_autofree char *text = NULL;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, VIGIL_ERROR, VIGIL_ERROR_FEATURE, text);
  return FALSE;
}

static gboolean
camera_error (GError      **error,
              GError       *local,
              const char   *name)
{
  g_autofree char *words = vigil_utf8_sanitize_bounded (local->message, -1, VIGIL_UTF8_MESSAGE_MAX);

  /* Translators: a feature's name, then the camera's own words. */
  g_set_error (error, VIGIL_ERROR, vigil_feature_value_is_timeout (local) ? VIGIL_ERROR_TIMEOUT : VIGIL_ERROR_FEATURE,
               _("The camera refused %s: %s"), name, words);
  return FALSE;
}

static gboolean
only_spaces (const char *p)
{
  while (g_ascii_isspace (*p))
    p++;
  return *p == '\0';
}

static gboolean
parse_int (const char *text,
           gint64     *out)
{
  char *end = NULL;

  errno = 0;
  *out = g_ascii_strtoll (text, &end, 0);
  return errno == 0 && end != text && only_spaces (end);
}

static gboolean
write_integer (ArvGcInteger  *integer,
               const char    *name,
               const char    *text,
               GError       **error)
{
  g_autoptr(GError) local = NULL;
  gint64 value, min, max, inc;

  if (!parse_int (text, &value))
    return refuse (error, _("%s takes a whole number, not “%s”"), name, text);
  min = arv_gc_integer_get_min (integer, &local);
  max = local ? G_MAXINT64 : arv_gc_integer_get_max (integer, &local);
  inc = local ? 1 : arv_gc_integer_get_inc (integer, &local);
  if (local != NULL)
    return camera_error (error, local, name);
  if (value < min || value > max)
    return refuse (error, _("%s must be between %" PRId64 " and %" PRId64 ", not %" PRId64),
                   name, min, max, value);
  if (inc > 1 && (value - min) % inc != 0)
    return refuse (error, _("%s moves in steps of %" PRId64 " from %" PRId64 ": %" PRId64 " is not one"),
                   name, inc, min, value);
  arv_gc_integer_set_value (integer, value, &local);
  return local == NULL || camera_error (error, local, name);
}

static gboolean
write_float (ArvGcFloat  *number,
             const char  *name,
             const char  *text,
             GError     **error)
{
  g_autoptr(GError) local = NULL;
  char *end = NULL;
  double value, min, max;

  errno = 0;
  value = g_ascii_strtod (text, &end);
  if (errno != 0 || end == text || !only_spaces (end) || !isfinite (value))
    return refuse (error, _("%s takes a number, not “%s”"), name, text);
  min = arv_gc_float_get_min (number, &local);
  max = local ? G_MAXDOUBLE : arv_gc_float_get_max (number, &local);
  if (local != NULL)
    return camera_error (error, local, name);
  if (value < min || value > max)
    return refuse (error, _("%s must be between %g and %g, not %g"), name, min, max, value);
  arv_gc_float_set_value (number, value, &local);
  return local == NULL || camera_error (error, local, name);
}

static gboolean
write_enumeration (ArvGcEnumeration  *enumeration,
                   const char        *name,
                   const char        *text,
                   GError           **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree const char **entries = NULL;
  guint n = 0;
  gboolean found = FALSE;

  entries = arv_gc_enumeration_dup_available_string_values (enumeration, &n, &local);
  if (local != NULL)
    return camera_error (error, local, name);
  for (guint i = 0; i < n && !found; i++)
    found = g_strcmp0 (entries[i], text) == 0;
  if (!found)
    return refuse (error, _("%s has no entry “%s” available now"), name, text);
  arv_gc_enumeration_set_string_value (enumeration, text, &local);
  return local == NULL || camera_error (error, local, name);
}

static gboolean
write_boolean (ArvGcBoolean  *boolean,
               const char    *name,
               const char    *text,
               GError       **error)
{
  g_autoptr(GError) local = NULL;
  gboolean value;

  if (g_ascii_strcasecmp (text, "true") == 0 || g_strcmp0 (text, "1") == 0 || g_ascii_strcasecmp (text, "on") == 0)
    value = TRUE;
  else if (g_ascii_strcasecmp (text, "false") == 0 || g_strcmp0 (text, "0") == 0 || g_ascii_strcasecmp (text, "off") == 0)
    value = FALSE;
  else
    return refuse (error, _("%s takes true or false, not “%s”"), name, text);
  arv_gc_boolean_set_value (boolean, value, &local);
  return local == NULL || camera_error (error, local, name);
}

static gboolean
write_string (ArvGcString  *string,
              const char   *name,
              const char   *text,
              GError      **error)
{
  g_autoptr(GError) local = NULL;
  gint64 max = arv_gc_string_get_max_length (string, &local);

  if (local != NULL)
    return camera_error (error, local, name);
  if (max > 0 && (gint64) strlen (text) > max)
    return refuse (error, _("%s takes at most %" PRId64 " bytes"), name, max);
  arv_gc_string_set_value (string, text, &local);
  return local == NULL || camera_error (error, local, name);
}

static gboolean
write_command (ArvGcCommand  *command,
               const char    *name,
               const char    *text,
               GError       **error)
{
  g_autoptr(GError) local = NULL;

  if (*text != '\0' && g_strcmp0 (text, "Execute") != 0)
    return refuse (error, _("%s is a command: it takes no value"), name);
  arv_gc_command_execute (command, &local);
  return local == NULL || camera_error (error, local, name);
}

/* Whether the feature can be written now; the reason in words if not. */
static gboolean
check_writable (ArvGcFeatureNode  *feature,
                const char        *name,
                GError           **error)
{
  g_autoptr(GError) local = NULL;
  ArvGcAccessMode access = arv_gc_feature_node_get_actual_access_mode (feature);

  if (access == ARV_GC_ACCESS_MODE_RO)
    return refuse (error, _("%s is read-only"), name);
  if (!arv_gc_feature_node_is_implemented (feature, &local) && local == NULL)
    return refuse (error, _("%s is not implemented by this camera"), name);
  if (local == NULL && !arv_gc_feature_node_is_available (feature, &local) && local == NULL)
    return refuse (error, _("%s is not available now"), name);
  if (local == NULL && arv_gc_feature_node_is_locked (feature, &local) && local == NULL)
    return refuse (error, _("%s is locked while acquiring"), name);
  if (local != NULL)
    return camera_error (error, local, name);
  return TRUE;
}

/**
 * vigil_feature_value_write_text:
 * @name: a feature's name
 * @text: its new value in words
 *
 * Returns: %TRUE, or %FALSE with the reason (or the camera's own words)
 *   in @error
 */
gboolean
vigil_feature_value_write_text (ArvGc       *genicam,
                                const char  *name,
                                const char  *text,
                                GError     **error)
{
  g_autofree char *shown = NULL;
  ArvGcNode *node;

  g_return_val_if_fail (ARV_IS_GC (genicam), FALSE);
  g_return_val_if_fail (name != NULL && text != NULL, FALSE);

  shown = vigil_utf8_sanitize_bounded (name, -1, VIGIL_UTF8_NAME_MAX);
  if (!g_utf8_validate (text, -1, NULL) || strlen (text) > VIGIL_FEATURE_STRING_MAX)
    return refuse (error, _("The value for %s is not valid UTF-8 text of at most %d bytes"),
                   shown, VIGIL_FEATURE_STRING_MAX);
  node = arv_gc_get_node (genicam, name);
  if (!ARV_IS_GC_FEATURE_NODE (node) || ARV_IS_GC_CATEGORY (node))
    return refuse (error, _("The camera has no feature “%s”"), shown);
  if (!check_writable (ARV_GC_FEATURE_NODE (node), shown, error))
    return FALSE;

  if (ARV_IS_GC_ENUMERATION (node))
    return write_enumeration (ARV_GC_ENUMERATION (node), shown, text, error);
  if (ARV_IS_GC_BOOLEAN (node))
    return write_boolean (ARV_GC_BOOLEAN (node), shown, text, error);
  if (ARV_IS_GC_COMMAND (node))
    return write_command (ARV_GC_COMMAND (node), shown, text, error);
  if (ARV_IS_GC_FLOAT (node))
    return write_float (ARV_GC_FLOAT (node), shown, text, error);
  if (ARV_IS_GC_INTEGER (node))
    return write_integer (ARV_GC_INTEGER (node), shown, text, error);
  if (ARV_IS_GC_STRING (node))
    return write_string (ARV_GC_STRING (node), shown, text, error);
  return refuse (error, _("%s cannot be written from Vigil"), shown);
}
