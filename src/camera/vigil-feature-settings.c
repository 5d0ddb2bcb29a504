/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-feature-settings"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-feature-settings.h"
#include "vigil-feature-value.h"
#include "vigil-session.h"
#include "vigil-utf8.h"

/* Saving and loading camera settings.  Parsing is a pure function (any
 * file, however hostile: unknown names, values out of range, locked
 * features, bytes that are not UTF-8, a 10 MB line); saving and loading
 * run on the session worker thread. */

#define SHOWN_MAX 80   /* characters of a bad line quoted back */

void
vigil_feature_setting_free (VigilFeatureSetting *setting)
{
  g_free (setting->name);
  g_free (setting->value);
  g_free (setting->problem);
  g_free (setting);
}

static gboolean
is_node_name (const char *name)
{
  gsize length = strlen (name);

  if (length == 0 || length > 128 || g_ascii_isdigit (name[0]))
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (name[i]) && name[i] != '_')
      return FALSE;
  return TRUE;
}

static void
problem (GPtrArray  *problems,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static void
problem (GPtrArray  *problems,
         const char *format,
         ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (problems, g_strdup_vprintf (format, args));
  va_end (args);
}

static VigilFeatureSetting *
refused_line (guint       number,
              const char *format,
              ...) G_GNUC_PRINTF (2, 3);

static VigilFeatureSetting *
refused_line (guint       number,
              const char *format,
              ...)
{
  VigilFeatureSetting *setting = g_new0 (VigilFeatureSetting, 1);
  va_list args;

  va_start (args, format);
  setting->line = number;
  setting->problem = g_strdup_vprintf (format, args);
  va_end (args);
  return setting;
}

/* One line (without its end), or a problem with it. */
static VigilFeatureSetting *
parse_line (const char *line,
            gsize       length,
            guint       number)
{
  g_autofree char *text = NULL;
  g_autofree char *shown = NULL;
  VigilFeatureSetting *setting;
  char *equals;

  if (length > VIGIL_FEATURE_SETTINGS_MAX_LINE)
    {
      return refused_line (number, _("Line %u is %zu bytes long: not read"), number, length);
    }
  if (memchr (line, '\0', length) != NULL || !g_utf8_validate (line, length, NULL))
    {
      return refused_line (number, _("Line %u is not UTF-8 text: not read"), number);
    }
  text = g_strstrip (g_strndup (line, length));
  if (*text == '\0' || *text == '#')
    return NULL;
  shown = vigil_utf8_sanitize_bounded (text, -1, SHOWN_MAX);
  equals = strchr (text, '=');
  if (equals == NULL)
    {
      return refused_line (number, _("Line %u is not Name=Value: “%s”"), number, shown);
    }
  *equals = '\0';
  g_strstrip (text);
  if (!is_node_name (text))
    {
      return refused_line (number, _("Line %u does not start with a feature name: “%s”"), number, shown);
    }
  setting = g_new0 (VigilFeatureSetting, 1);
  setting->line = number;
  setting->name = g_strdup (text);
  setting->value = g_strstrip (g_strdup (equals + 1));
  return setting;
}

/**
 * vigil_feature_settings_parse:
 * @contents: a settings file, not trusted (need not end with a NUL)
 *
 * Returns: (transfer full) (element-type VigilFeatureSetting): the
 *   assignments and the lines that could not be read (with their problem
 *   in words), in the file's order; blank lines and comments are left out
 */
GPtrArray *
vigil_feature_settings_parse (const char *contents,
                              gsize       length)
{
  GPtrArray *settings = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_feature_setting_free);
  const char *end = contents + length;
  guint number = 0;

  g_return_val_if_fail (contents != NULL || length == 0, settings);

  for (const char *p = contents; p < end;)
    {
      const char *newline = memchr (p, '\n', end - p);
      const char *stop = newline ? newline : end;
      gsize n = stop - p;
      VigilFeatureSetting *setting;

      number++;
      if (n > 0 && p[n - 1] == '\r')
        n--;
      if ((setting = parse_line (p, n, number)) != NULL)
        g_ptr_array_add (settings, setting);
      p = newline ? newline + 1 : end;
    }
  return settings;
}

static gboolean
is_saved_kind (const VigilFeatureNode *node)
{
  return node->kind == VIGIL_FEATURE_KIND_INTEGER || node->kind == VIGIL_FEATURE_KIND_FLOAT ||
         node->kind == VIGIL_FEATURE_KIND_ENUMERATION || node->kind == VIGIL_FEATURE_KIND_BOOLEAN ||
         node->kind == VIGIL_FEATURE_KIND_STRING;
}

/* Selected feature name → the selector that selects it. */
static GHashTable *
map_selectors (VigilFeatureTree *tree,
               ArvGc            *genicam)
{
  GHashTable *selector_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GPtrArray *nodes = vigil_feature_tree_get_nodes (tree);

  for (guint i = 0; i < nodes->len; i++)
    {
      VigilFeatureNode *node = nodes->pdata[i];
      ArvGcNode *gc_node = arv_gc_get_node (genicam, node->name);

      if (!ARV_IS_GC_SELECTOR (gc_node) || !arv_gc_selector_is_selector (ARV_GC_SELECTOR (gc_node)))
        continue;
      for (const GSList *l = arv_gc_selector_get_selected_features (ARV_GC_SELECTOR (gc_node)); l; l = l->next)
        if (ARV_IS_GC_FEATURE_NODE (l->data) && arv_gc_feature_node_get_name (l->data) != NULL)
          g_hash_table_insert (selector_of, g_strdup (arv_gc_feature_node_get_name (l->data)),
                               g_strdup (node->name));
    }
  return selector_of;
}

static void
add_once (GPtrArray  *order,
          GHashTable *seen,
          const char *name)
{
  if (g_hash_table_contains (seen, name))
    return;
  g_hash_table_add (seen, g_strdup (name));
  g_ptr_array_add (order, g_strdup (name));
}

/**
 * vigil_feature_settings_order:
 *
 * The features a settings file holds (writable values, not Invisible),
 * in the XML's order, each selector before the features it selects.
 * Reads no register.
 *
 * Returns: (transfer full) (element-type utf8): their names
 */
GPtrArray *
vigil_feature_settings_order (VigilFeatureTree *tree,
                              ArvGc            *genicam)
{
  g_autoptr(GHashTable) selector_of = map_selectors (tree, genicam);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *order = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *nodes = vigil_feature_tree_get_nodes (tree);

  for (guint i = 0; i < nodes->len; i++)
    {
      VigilFeatureNode *node = nodes->pdata[i];
      const char *selector = g_hash_table_lookup (selector_of, node->name);

      if (!is_saved_kind (node) || node->access != VIGIL_FEATURE_ACCESS_RW ||
          node->visibility == VIGIL_FEATURE_VISIBILITY_INVISIBLE)
        continue;
      if (selector != NULL)
        add_once (order, seen, selector);
      add_once (order, seen, node->name);
    }
  return order;
}

static char *
camera_string (const char   *value,
               const GError *error)
{
  if (error != NULL || value == NULL)
    return g_strdup (_("unknown"));
  return vigil_utf8_sanitize_bounded (value, -1, VIGIL_UTF8_NAME_MAX);
}

static void
append_header (GString   *text,
               ArvCamera *camera)
{
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GError) e3 = NULL;
  const char *vendor = arv_camera_get_vendor_name (camera, &e1);
  const char *model = arv_camera_get_model_name (camera, &e2);
  const char *serial = arv_camera_get_device_serial_number (camera, &e3);
  g_autofree char *v = camera_string (vendor, e1);
  g_autofree char *m = camera_string (model, e2);
  g_autofree char *s = camera_string (serial, e3);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = g_date_time_format_iso8601 (now);

  g_string_append (text, "# Vigil camera settings: Name=Value per line, applied in this order\n");
  g_string_append_printf (text, "# Vendor: %s\n# Model: %s\n# Serial: %s\n# Date: %s\n", v, m, s, date);
}

/**
 * vigil_feature_settings_save:
 * @n_saved: (out) (optional): how many features were written to the file
 *
 * Reads every feature of vigil_feature_settings_order () that is
 * available now and writes the file atomically.  Session worker thread.
 *
 * Returns: %TRUE, or %FALSE with @error (the file could not be written, or
 *   the camera did not answer)
 */
gboolean
vigil_feature_settings_save (ArvCamera         *camera,
                             VigilFeatureTree  *tree,
                             const char        *path,
                             guint             *n_saved,
                             GError           **error)
{
  ArvGc *genicam = arv_device_get_genicam (arv_camera_get_device (camera));
  g_autoptr(GPtrArray) order = vigil_feature_settings_order (tree, genicam);
  g_autoptr(GString) text = g_string_new (NULL);
  guint saved = 0;

  append_header (text, camera);
  for (guint i = 0; i < order->len; i++)
    {
      g_autoptr(VigilFeatureValue) value = vigil_feature_value_read (genicam, order->pdata[i]);

      if (value->timed_out)
        {
          g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_TIMEOUT, "%s", value->error);
          return FALSE;
        }
      if (value->text == NULL || !value->available || !value->implemented)
        continue;
      g_string_append_printf (text, "%s=%s\n", value->name, value->text);
      saved++;
    }
  if (!g_file_set_contents (path, text->str, text->len, error))
    return FALSE;
  if (n_saved != NULL)
    *n_saved = saved;
  return TRUE;
}

/* Worker: writes each setting in order; what the camera refuses is a
 * problem in its words; after the camera stopped answering, the rest are
 * not tried. */
static void
apply_settings (VigilSession    *session,
                VigilFeatureLog *replay,
                GPtrArray       *settings,
                GPtrArray       *problems)
{
  gboolean answering = TRUE;

  for (guint i = 0; i < settings->len; i++)
    {
      VigilFeatureSetting *setting = settings->pdata[i];
      g_autoptr(GVariant) value = g_variant_ref_sink (g_variant_new_string (setting->value ? setting->value : ""));
      g_autoptr(GError) error = NULL;

      if (setting->problem != NULL)
        g_ptr_array_add (problems, g_strdup (setting->problem));
      else if (!answering)
        problem (problems, _("Line %u, %s: not tried, the camera did not answer"), setting->line, setting->name);
      else if (vigil_session_set_feature (session, setting->name, value, &error))
        vigil_feature_log_set (replay, setting->name, value);
      else
        {
          problem (problems, _("Line %u, %s: %s"), setting->line, setting->name, error->message);
          answering = !vigil_feature_value_is_timeout (error);
        }
    }
}

/**
 * vigil_feature_settings_load:
 *
 * Reads a settings file and writes its features to the camera, in order;
 * those the camera took are written again after every reconnect.  Session
 * worker thread.
 *
 * Returns: (transfer full) (element-type utf8): every line that could not
 *   be read or set, in words (empty when all were); %NULL with @error when
 *   the file could not be read
 */
GPtrArray *
vigil_feature_settings_load (VigilSession     *session,
                             VigilFeatureLog  *replay,
                             const char       *path,
                             GError          **error)
{
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) settings = NULL;
  gsize length;

  g_return_val_if_fail (VIGIL_IS_SESSION (session), NULL);

  if (!(file = g_mapped_file_new (path, FALSE, error)))
    return NULL;
  length = g_mapped_file_get_length (file);
  if (length > VIGIL_FEATURE_SETTINGS_MAX_BYTES)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                   _("The settings file is %zu bytes long: more than a settings file can be"), length);
      return NULL;
    }
  settings = vigil_feature_settings_parse (g_mapped_file_get_contents (file), length);
  apply_settings (session, replay, settings, problems);
  return g_steal_pointer (&problems);
}
