/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-settings"

#include "config.h"

#include "vigil-settings.h"

/* The settings, read in one place and passed down; this object only reads
 * and writes them (the GUI applies them to the components: see
 * vigil-settings-apply.c).  When the schema is not installed (a build tree
 * run without GSETTINGS_SCHEMA_DIR) the built-in defaults are used. */
struct _VigilSettings
{
  GObject           parent_instance;

  GSettings        *settings;      /* (nullable) */
};

G_DEFINE_FINAL_TYPE (VigilSettings, vigil_settings, G_TYPE_OBJECT)

/* The settings Vigil reads and their defaults, from vigil-defaults.h (the
 * schema states them again; test-settings checks they agree). */
#define UINT32(value) "uint32 " G_STRINGIFY (value)
static const struct
{
  const char *key;
  const char *value;     /* GVariant text */
} defaults[] = {
  { "sample-interval-ms", UINT32 (VIGIL_SAMPLE_INTERVAL_MS_DEFAULT) },
  { "heartbeat-interval-s", UINT32 (VIGIL_HEARTBEAT_INTERVAL_S_DEFAULT) },
  { "history-window-s", UINT32 (VIGIL_HISTORY_WINDOW_S_DEFAULT) },
  { "event-ring-size", UINT32 (VIGIL_EVENT_RING_SIZE_DEFAULT) },
  { "watchdog-margin-ms", UINT32 (VIGIL_WATCHDOG_MARGIN_MS_DEFAULT) },
  { "watchdog-frame-intervals", UINT32 (VIGIL_WATCHDOG_INTERVALS_DEFAULT) },
  { "backoff-initial-ms", UINT32 (VIGIL_BACKOFF_INITIAL_MS_DEFAULT) },
  { "backoff-max-ms", UINT32 (VIGIL_BACKOFF_MAX_MS_DEFAULT) },
  { "auto-snapshot-on-leak", "true" },
  { "snapshot-folder", "''" },
  { "log-file", "''" },
  { "metrics-address", "''" },
};

static GVariant *
get_value (VigilSettings *self,
           const char    *key)
{
  GVariant *value;

  if (self->settings != NULL)
    return g_settings_get_value (self->settings, key);

  value = vigil_settings_dup_default (key);
  if (value == NULL)
    g_critical ("Unknown setting %s", key);
  return value;
}

static void
vigil_settings_dispose (GObject *object)
{
  VigilSettings *self = (VigilSettings *) object;

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (vigil_settings_parent_class)->dispose (object);
}

static void
vigil_settings_class_init (VigilSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_settings_dispose;
}

static void
vigil_settings_init (VigilSettings *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema != NULL)
    self->settings = g_settings_new_full (schema, NULL, NULL);
  else
    g_debug ("Schema %s is not installed: using the defaults", APPLICATION_ID);
}

VigilSettings *
vigil_settings_new (void)
{
  return g_object_new (VIGIL_TYPE_SETTINGS, NULL);
}

/**
 * vigil_settings_get_gsettings:
 *
 * Returns: (transfer none) (nullable): the GSettings, %NULL when the schema
 *   is not installed
 */
GSettings *
vigil_settings_get_gsettings (VigilSettings *self)
{
  g_return_val_if_fail (VIGIL_IS_SETTINGS (self), NULL);
  return self->settings;
}

guint
vigil_settings_get_uint (VigilSettings *self,
                         const char    *key)
{
  g_autoptr(GVariant) value = get_value (self, key);

  return value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32) ? g_variant_get_uint32 (value) : 0;
}

gboolean
vigil_settings_get_boolean (VigilSettings *self,
                            const char    *key)
{
  g_autoptr(GVariant) value = get_value (self, key);

  return value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN) && g_variant_get_boolean (value);
}

/**
 * vigil_settings_dup_string:
 *
 * Returns: (transfer full): the value, "" when unset
 */
char *
vigil_settings_dup_string (VigilSettings *self,
                           const char    *key)
{
  g_autoptr(GVariant) value = get_value (self, key);

  return g_strdup (value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_STRING)
                   ? g_variant_get_string (value, NULL) : "");
}

/**
 * vigil_settings_dup_default:
 * @key: a setting Vigil reads
 *
 * Returns: (transfer full) (nullable): the built-in default of @key (the
 *   one of vigil-defaults.h), %NULL for a key Vigil does not read
 */
GVariant *
vigil_settings_dup_default (const char *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (defaults); i++)
    if (g_str_equal (defaults[i].key, key))
      return g_variant_ref_sink (g_variant_parse (NULL, defaults[i].value, NULL, NULL, NULL));
  return NULL;
}

/**
 * vigil_settings_to_variant:
 *
 * Returns: (transfer full): every setting Vigil uses, as a{sv}, for a
 *   snapshot
 */
GVariant *
vigil_settings_to_variant (VigilSettings *self)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  g_return_val_if_fail (VIGIL_IS_SETTINGS (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (defaults); i++)
    {
      g_autoptr(GVariant) value = get_value (self, defaults[i].key);

      if (value != NULL)
        g_variant_builder_add (&builder, "{sv}", defaults[i].key, value);
    }
  g_variant_builder_add (&builder, "{sv}", "schema-installed", g_variant_new_boolean (self->settings != NULL));
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}
