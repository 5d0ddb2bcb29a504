/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "vigil-diagnostics.h"
#include "vigil-settings-apply.h"
#include "vigil-supervisor.h"

/* Runs with GSETTINGS_BACKEND=memory and the schema of the build tree:
 * every key the core uses is changed and the running component is checked
 * to see the new value at once. */

static void
test_defaults_and_changes (void)
{
  g_autoptr(VigilDiagnostics) diagnostics = vigil_diagnostics_new ();
  g_autoptr(VigilSupervisor) supervisor = vigil_supervisor_new (diagnostics);
  g_autoptr(VigilSettings) settings = vigil_settings_new ();
  g_autoptr(GVariant) all = NULL;
  GSettings *gsettings = vigil_settings_get_gsettings (settings);
  guint a, b;

  g_assert_nonnull (gsettings);
  vigil_settings_apply (settings, diagnostics, supervisor);

  /* The defaults reach the components. */
  vigil_supervisor_get_watchdog (supervisor, &a, &b);
  g_assert_cmpuint (a, ==, 3);
  g_assert_cmpuint (b, ==, 250);
  vigil_supervisor_get_backoff (supervisor, &a, &b);
  g_assert_cmpuint (a, ==, 100);
  g_assert_cmpuint (b, ==, 5000);
  g_assert_cmpuint (vigil_events_get_capacity (vigil_diagnostics_get_events (diagnostics)), ==, 10000);
  g_assert_cmpuint (vigil_heartbeat_get_interval (vigil_diagnostics_get_heartbeat (diagnostics)), ==, 60000);
  g_assert_true (vigil_heartbeat_is_running (vigil_diagnostics_get_heartbeat (diagnostics)));

  /* Each change reaches them without a restart. */
  g_settings_set_uint (gsettings, "watchdog-frame-intervals", 5);
  g_settings_set_uint (gsettings, "watchdog-margin-ms", 400);
  vigil_supervisor_get_watchdog (supervisor, &a, &b);
  g_assert_cmpuint (a, ==, 5);
  g_assert_cmpuint (b, ==, 400);

  g_settings_set_uint (gsettings, "backoff-initial-ms", 50);
  g_settings_set_uint (gsettings, "backoff-max-ms", 2000);
  vigil_supervisor_get_backoff (supervisor, &a, &b);
  g_assert_cmpuint (a, ==, 50);
  g_assert_cmpuint (b, ==, 2000);

  g_settings_set_uint (gsettings, "event-ring-size", 500);
  g_assert_cmpuint (vigil_events_get_capacity (vigil_diagnostics_get_events (diagnostics)), ==, 500);

  g_settings_set_uint (gsettings, "heartbeat-interval-s", 5);
  g_assert_cmpuint (vigil_heartbeat_get_interval (vigil_diagnostics_get_heartbeat (diagnostics)), ==, 5000);

  g_settings_set_boolean (gsettings, "auto-snapshot-on-leak", FALSE);
  g_assert_false (vigil_settings_get_boolean (settings, "auto-snapshot-on-leak"));
  g_settings_set_string (gsettings, "snapshot-folder", "/tmp/vigil-snapshots");
  {
    g_autofree char *folder = vigil_settings_dup_string (settings, "snapshot-folder");
    g_assert_cmpstr (folder, ==, "/tmp/vigil-snapshots");
  }

  /* The snapshot's view of them. */
  all = vigil_settings_to_variant (settings);
  g_assert_true (g_variant_is_of_type (all, G_VARIANT_TYPE_VARDICT));
  {
    guint32 ring = 0;
    gboolean installed = FALSE;

    g_assert_true (g_variant_lookup (all, "event-ring-size", "u", &ring));
    g_assert_cmpuint (ring, ==, 500);
    g_assert_true (g_variant_lookup (all, "schema-installed", "b", &installed));
    g_assert_true (installed);
  }

  g_assert_true (vigil_supervisor_shutdown (supervisor, 5000));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (g_steal_pointer (&settings));
  g_assert_finalize_object (g_steal_pointer (&supervisor));
  g_assert_finalize_object (g_steal_pointer (&diagnostics));
}

/* The metrics endpoint is off unless asked for: an empty address, in the
 * schema and in the built-in defaults, and in the snapshot's settings. */
static void
test_metrics_address_off (void)
{
  g_autoptr(VigilSettings) settings = vigil_settings_new ();
  g_autofree char *address = vigil_settings_dup_string (settings, "metrics-address");
  g_autoptr(GVariant) all = vigil_settings_to_variant (settings);
  const char *listed = NULL;

  g_assert_cmpstr (address, ==, "");
  g_assert_true (g_variant_lookup (all, "metrics-address", "&s", &listed));
  g_assert_cmpstr (listed, ==, "");
  g_settings_set_string (vigil_settings_get_gsettings (settings), "metrics-address", "127.0.0.1:9464");
  g_clear_pointer (&address, g_free);
  address = vigil_settings_dup_string (settings, "metrics-address");
  g_assert_cmpstr (address, ==, "127.0.0.1:9464");
}

/* The built-in defaults (vigil-defaults.h) are the schema's. */
static void
test_defaults_match_schema (void)
{
  g_autoptr(VigilSettings) settings = vigil_settings_new ();
  g_autoptr(GVariant) all = vigil_settings_to_variant (settings);
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  GVariantIter iter;
  const char *key;
  GVariant *value;
  guint checked = 0;

  g_assert_nonnull (source);
  schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  g_assert_nonnull (schema);

  g_variant_iter_init (&iter, all);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      g_autoptr(GVariant) owned = value;
      g_autoptr(GSettingsSchemaKey) schema_key = NULL;
      g_autoptr(GVariant) in_schema = NULL;
      g_autoptr(GVariant) built_in = NULL;

      if (g_str_equal (key, "schema-installed"))
        continue;
      g_assert_true (g_settings_schema_has_key (schema, key));
      schema_key = g_settings_schema_get_key (schema, key);
      in_schema = g_settings_schema_key_get_default_value (schema_key);
      built_in = vigil_settings_dup_default (key);
      g_assert_nonnull (built_in);
      if (!g_variant_equal (in_schema, built_in))
        {
          g_autofree char *a = g_variant_print (in_schema, TRUE);
          g_autofree char *b = g_variant_print (built_in, TRUE);

          g_test_message ("%s: schema %s, built in %s", key, a, b);
        }
      g_assert_true (g_variant_equal (in_schema, built_in));
      checked++;
    }
  g_assert_cmpuint (checked, >=, 8);
  g_assert_null (vigil_settings_dup_default ("no-such-key"));
  g_assert_finalize_object (g_steal_pointer (&settings));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/settings/defaults-and-changes", test_defaults_and_changes);
  g_test_add_func ("/vigil/settings/metrics-address-off", test_metrics_address_off);
  g_test_add_func ("/vigil/settings/defaults-match-schema", test_defaults_match_schema);

  return g_test_run ();
}
