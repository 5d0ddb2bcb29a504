/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-camera-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-camera-actions.h"
#include "vigil-feature-client.h"
#include "vigil-feature-log.h"
#include "vigil-trigger-controls.h"

/* The application's camera actions of wave 2 (DESIGN.md "External
 * interfaces"): app.trigger (Ctrl+T), enabled while the camera is in
 * software-trigger mode, and app.set-feature ("Name=Value"). */

static void
trigger_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  VigilApplication *app = user_data;

  vigil_supervisor_trigger (vigil_application_get_supervisor (app));
}

static void
set_feature_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  VigilApplication *app = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *feature = NULL;
  g_autoptr(GVariant) value = NULL;

  if (!vigil_feature_parse_any_assignment (g_variant_get_string (parameter, NULL), &feature, &value, &error))
    {
      vigil_application_report (app, error);
      return;
    }
  vigil_supervisor_set_feature (vigil_application_get_supervisor (app), feature, value);
}

/* Main thread: the Software Trigger applies only while the camera says
 * TriggerMode On, TriggerSource Software. */
static void
on_controls_changed (GSimpleAction *trigger,
                     VigilControls *controls)
{
  g_simple_action_set_enabled (trigger, controls != NULL && vigil_trigger_controls_can_trigger (controls->trigger));
}

static void
on_state (GSimpleAction   *trigger,
          GParamSpec      *pspec,
          VigilSupervisor *supervisor)
{
  if (vigil_supervisor_get_state (supervisor) != VIGIL_SUPERVISOR_STREAMING)
    g_simple_action_set_enabled (trigger, FALSE);
}

void
vigil_camera_actions_install (VigilApplication *app,
                              VigilSupervisor  *supervisor)
{
  static const GActionEntry entries[] = {
    { "trigger", trigger_activated, NULL, NULL, NULL },
    { "set-feature", set_feature_activated, "s", NULL, NULL },
  };
  static const char *trigger_accels[] = { "<Control>t", NULL };
  GAction *trigger;

  g_return_if_fail (VIGIL_IS_APPLICATION (app));
  g_return_if_fail (VIGIL_IS_SUPERVISOR (supervisor));

  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.trigger", trigger_accels);
  trigger = g_action_map_lookup_action (G_ACTION_MAP (app), "trigger");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (trigger), FALSE);
  g_signal_connect_object (supervisor, "controls-changed", G_CALLBACK (on_controls_changed), trigger,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (supervisor, "notify::state", G_CALLBACK (on_state), trigger, G_CONNECT_SWAPPED);
}

/**
 * vigil_camera_actions_preset_features:
 * @options: the command line's, with `--feature NAME=VALUE` (repeatable)
 *
 * Every --feature is checked, then handed to the supervisor to be written
 * at every open, before acquisition, in the order given.
 *
 * Returns: %FALSE with @error at the first that is not NAME=VALUE
 */
gboolean
vigil_camera_actions_preset_features (VigilApplication  *app,
                                      GVariantDict      *options,
                                      GError           **error)
{
  g_auto(GStrv) features = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);

  if (!g_variant_dict_lookup (options, "feature", "^as", &features))
    return TRUE;
  for (guint i = 0; features[i] != NULL; i++)
    {
      char *feature = NULL;
      GVariant *value = NULL;

      if (!vigil_feature_parse_any_assignment (features[i], &feature, &value, error))
        return FALSE;
      g_ptr_array_add (names, feature);
      g_ptr_array_add (values, value);
    }
  for (guint i = 0; i < names->len; i++)
    vigil_feature_client_remember (vigil_application_get_supervisor (app), names->pdata[i], values->pdata[i]);
  return TRUE;
}
