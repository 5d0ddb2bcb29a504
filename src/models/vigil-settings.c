/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-settings"

#include "config.h"

#include "vigil-settings.h"

/* The settings, read in one place and passed down.  vigil_settings_apply ()
 * hands them to the diagnostics and the supervisor and does so again on
 * every change, so a Preferences edit takes effect without a restart.
 * When the schema is not installed (a build tree run without
 * GSETTINGS_SCHEMA_DIR) the built-in defaults are used. */
struct _VigilSettings
{
  GObject           parent_instance;

  GSettings        *settings;      /* (nullable) */
  GWeakRef          diagnostics;
  GWeakRef          supervisor;
  guint             history_window_points;   /* applied, 0 before */
  char             *log_file;                /* applied */
};

G_DEFINE_FINAL_TYPE (VigilSettings, vigil_settings, G_TYPE_OBJECT)

/* The defaults, as in data/io.github.vigilcam.Vigil.gschema.xml. */
static const struct
{
  const char *key;
  const char *value;     /* GVariant text */
} defaults[] = {
  { "sample-interval-ms", "uint32 1000" },
  { "heartbeat-interval-s", "uint32 60" },
  { "history-window-s", "uint32 3600" },
  { "event-ring-size", "uint32 10000" },
  { "watchdog-margin-ms", "uint32 250" },
  { "watchdog-frame-intervals", "uint32 3" },
  { "backoff-initial-ms", "uint32 100" },
  { "backoff-max-ms", "uint32 5000" },
  { "auto-snapshot-on-leak", "true" },
  { "snapshot-folder", "''" },
  { "log-file", "''" },
  { "metrics-address", "''" },
};

static GVariant *
get_value (VigilSettings *self,
           const char    *key)
{
  if (self->settings != NULL)
    return g_settings_get_value (self->settings, key);

  for (guint i = 0; i < G_N_ELEMENTS (defaults); i++)
    if (g_str_equal (defaults[i].key, key))
      return g_variant_parse (NULL, defaults[i].value, NULL, NULL, NULL);

  g_critical ("Unknown setting %s", key);
  return NULL;
}

static void
apply_now (VigilSettings *self)
{
  g_autoptr(VigilDiagnostics) diagnostics = g_weak_ref_get (&self->diagnostics);
  g_autoptr(VigilSupervisor) supervisor = g_weak_ref_get (&self->supervisor);

  if (supervisor != NULL)
    {
      vigil_supervisor_set_watchdog (supervisor,
                                     vigil_settings_get_uint (self, "watchdog-frame-intervals"),
                                     vigil_settings_get_uint (self, "watchdog-margin-ms"));
      vigil_supervisor_set_backoff (supervisor,
                                    vigil_settings_get_uint (self, "backoff-initial-ms"),
                                    vigil_settings_get_uint (self, "backoff-max-ms"));
    }
  if (diagnostics != NULL)
    {
      guint window_s = vigil_settings_get_uint (self, "history-window-s");
      guint sample_ms = MAX (1, vigil_settings_get_uint (self, "sample-interval-ms"));

      g_autofree char *log_file = vigil_settings_dup_string (self, "log-file");

      /* The log-file setting, when set or changed (--log-file wins at start). */
      if (*log_file != '\0' && g_strcmp0 (log_file, self->log_file) != 0)
        {
          g_autoptr(GError) error = NULL;

          if (!vigil_events_set_log_file (vigil_diagnostics_get_events (diagnostics), log_file, &error))
            g_message ("%s", error->message);
          g_free (self->log_file);
          self->log_file = g_strdup (log_file);
        }
      vigil_events_set_capacity (vigil_diagnostics_get_events (diagnostics),
                                 vigil_settings_get_uint (self, "event-ring-size"));
      vigil_diagnostics_start_heartbeat (diagnostics,
                                         vigil_settings_get_uint (self, "heartbeat-interval-s") * 1000);
      guint points = (guint) MAX (1, (guint64) window_s * 1000 / sample_ms);

      /* Resizing clears the series: only when the window really changed. */
      if (points != self->history_window_points)
        {
          vigil_history_set_capacity (vigil_diagnostics_get_history (diagnostics), points,
                                      VIGIL_HISTORY_DEFAULT_RECONNECT_CAPACITY);
          self->history_window_points = points;
        }
    }
}

static void
on_changed (VigilSettings *self)
{
  apply_now (self);
}

static void
vigil_settings_dispose (GObject *object)
{
  VigilSettings *self = (VigilSettings *) object;

  g_clear_object (&self->settings);
  g_weak_ref_set (&self->diagnostics, NULL);
  g_weak_ref_set (&self->supervisor, NULL);

  G_OBJECT_CLASS (vigil_settings_parent_class)->dispose (object);
}

static void
vigil_settings_finalize (GObject *object)
{
  VigilSettings *self = (VigilSettings *) object;

  g_weak_ref_clear (&self->diagnostics);
  g_weak_ref_clear (&self->supervisor);
  g_free (self->log_file);

  G_OBJECT_CLASS (vigil_settings_parent_class)->finalize (object);
}

static void
vigil_settings_class_init (VigilSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_settings_dispose;
  object_class->finalize = vigil_settings_finalize;
}

static void
vigil_settings_init (VigilSettings *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  g_weak_ref_init (&self->diagnostics, NULL);
  g_weak_ref_init (&self->supervisor, NULL);

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema != NULL)
    {
      self->settings = g_settings_new_full (schema, NULL, NULL);
      g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_changed), self, G_CONNECT_SWAPPED);
    }
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
 * vigil_settings_apply:
 * @diagnostics: (nullable): gets the event ring size, heartbeat interval and
 *   history window
 * @supervisor: (nullable): gets the watchdog and backoff
 *
 * Applies the settings now and again after every change.  Main thread.
 */
void
vigil_settings_apply (VigilSettings    *self,
                      VigilDiagnostics *diagnostics,
                      VigilSupervisor  *supervisor)
{
  g_return_if_fail (VIGIL_IS_SETTINGS (self));

  g_weak_ref_set (&self->diagnostics, diagnostics);
  g_weak_ref_set (&self->supervisor, supervisor);
  apply_now (self);
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
