/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-trigger-controls"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-acquisition-mode.h"
#include "vigil-error.h"
#include "vigil-trigger-controls.h"

G_DEFINE_BOXED_TYPE (VigilTriggerControls, vigil_trigger_controls,
                     vigil_trigger_controls_copy, vigil_trigger_controls_free)

static const char * const feature_names[VIGIL_TRIGGER_N_FEATURES] = {
  [VIGIL_TRIGGER_SELECTOR]   = VIGIL_FEATURE_TRIGGER_SELECTOR,
  [VIGIL_TRIGGER_MODE]       = VIGIL_FEATURE_TRIGGER_MODE,
  [VIGIL_TRIGGER_SOURCE]     = VIGIL_FEATURE_TRIGGER_SOURCE,
  [VIGIL_TRIGGER_ACTIVATION] = VIGIL_FEATURE_TRIGGER_ACTIVATION,
};

void
vigil_trigger_controls_free (VigilTriggerControls *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < VIGIL_TRIGGER_N_FEATURES; i++)
    {
      g_free (self->features[i].value);
      g_strfreev (self->features[i].entries);
    }
  g_free (self);
}

/**
 * vigil_trigger_controls_copy:
 *
 * Returns: (transfer full): a deep copy
 */
VigilTriggerControls *
vigil_trigger_controls_copy (const VigilTriggerControls *self)
{
  VigilTriggerControls *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (VigilTriggerControls, 1);
  copy->has_software_trigger = self->has_software_trigger;
  for (guint i = 0; i < VIGIL_TRIGGER_N_FEATURES; i++)
    {
      copy->features[i].value = g_strdup (self->features[i].value);
      copy->features[i].entries = g_strdupv (self->features[i].entries);
    }
  return copy;
}

const char *
vigil_trigger_controls_feature_name (VigilTriggerFeature feature)
{
  g_return_val_if_fail (feature < VIGIL_TRIGGER_N_FEATURES, NULL);
  return feature_names[feature];
}

/* Whether @feature is one of the trigger quick controls. */
gboolean
vigil_trigger_controls_is_feature (const char *feature)
{
  for (guint i = 0; i < VIGIL_TRIGGER_N_FEATURES; i++)
    if (g_strcmp0 (feature, feature_names[i]) == 0)
      return TRUE;
  return FALSE;
}

/**
 * vigil_trigger_controls_drop_without_mode:
 *
 * A camera without a readable TriggerMode is free-running whatever its
 * other trigger features say (vigil-acquisition-mode reads it so): then
 * none of the trigger controls is shown, not even the selector, source or
 * activation, and there is no Software Trigger button.
 */
void
vigil_trigger_controls_drop_without_mode (VigilTriggerControls *self)
{
  g_return_if_fail (self != NULL);

  if (self->features[VIGIL_TRIGGER_MODE].value != NULL)
    return;
  for (guint i = 0; i < VIGIL_TRIGGER_N_FEATURES; i++)
    {
      g_clear_pointer (&self->features[i].value, g_free);
      g_clear_pointer (&self->features[i].entries, g_strfreev);
    }
  self->has_software_trigger = FALSE;
}

gboolean
vigil_trigger_controls_has (const VigilTriggerControls *self,
                            VigilTriggerFeature         feature)
{
  g_return_val_if_fail (feature < VIGIL_TRIGGER_N_FEATURES, FALSE);
  return self != NULL && self->features[feature].value != NULL;
}

/* The Software Trigger button applies: TriggerMode On, source Software,
 * and the camera has the command. */
gboolean
vigil_trigger_controls_can_trigger (const VigilTriggerControls *self)
{
  return self != NULL && self->has_software_trigger &&
         g_strcmp0 (self->features[VIGIL_TRIGGER_MODE].value, "On") == 0 &&
         g_strcmp0 (self->features[VIGIL_TRIGGER_SOURCE].value, "Software") == 0;
}

static gboolean
has_feature (ArvCamera  *camera,
             const char *feature)
{
  g_autoptr(GError) error = NULL;

  return arv_camera_is_feature_available (camera, feature, &error) && error == NULL;
}

/* Reads one enumeration; a missing or unreadable feature stays hidden,
 * only a device error (the camera does not answer) is kept. */
static gboolean
read_enum (ArvCamera         *camera,
           const char        *feature,
           VigilTriggerEnum  *out,
           GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree const char **entries = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_free);
  const char *value;
  guint n = 0;

  if (!has_feature (camera, feature))
    return TRUE;
  value = arv_camera_get_string (camera, feature, &local_error);
  if (local_error == NULL)
    entries = arv_camera_dup_available_enumerations_as_strings (camera, feature, &n, &local_error);
  if (local_error != NULL)
    {
      if (local_error->domain != ARV_DEVICE_ERROR)
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  for (guint i = 0; i < n && kept->len < VIGIL_TRIGGER_CONTROLS_MAX_ENTRIES; i++)
    {
      char *entry = vigil_acquisition_mode_sanitize (entries[i]);

      if (entry != NULL)
        g_ptr_array_add (kept, entry);
    }
  out->value = vigil_acquisition_mode_sanitize (value);
  if (out->value == NULL)
    return TRUE;
  g_ptr_array_add (kept, NULL);
  out->entries = (GStrv) g_ptr_array_steal (kept, NULL);
  return TRUE;
}

/* The per-selector features are read and written for FrameStart when the
 * camera has that selector. */
static void
select_frame_start (ArvCamera *camera)
{
  g_autofree const char **entries = NULL;
  guint n = 0;

  if (!has_feature (camera, VIGIL_FEATURE_TRIGGER_SELECTOR))
    return;
  entries = arv_camera_dup_available_enumerations_as_strings (camera, VIGIL_FEATURE_TRIGGER_SELECTOR, &n, NULL);
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (entries[i], "FrameStart") == 0)
      {
        arv_camera_set_string (camera, VIGIL_FEATURE_TRIGGER_SELECTOR, "FrameStart", NULL);
        return;
      }
}

/**
 * vigil_trigger_controls_read:
 *
 * Session worker thread only.
 *
 * Returns: (transfer full) (nullable): the trigger controls the camera
 *   has (possibly none), or %NULL with @error when it did not answer
 */
VigilTriggerControls *
vigil_trigger_controls_read (ArvCamera  *camera,
                             GError    **error)
{
  g_autoptr(VigilTriggerControls) self = g_new0 (VigilTriggerControls, 1);

  g_return_val_if_fail (ARV_IS_CAMERA (camera), NULL);

  select_frame_start (camera);
  for (guint i = 0; i < VIGIL_TRIGGER_N_FEATURES; i++)
    if (!read_enum (camera, feature_names[i], &self->features[i], error))
      return NULL;
  self->has_software_trigger = has_feature (camera, "TriggerSoftware");
  vigil_trigger_controls_drop_without_mode (self);
  return g_steal_pointer (&self);
}

/**
 * vigil_trigger_controls_apply:
 * @feature: one of the trigger features
 * @value: an entry of it
 *
 * Writes one trigger feature (for FrameStart), or AcquisitionMode.
 * Session worker thread only.
 *
 * Returns: %TRUE, or %FALSE with the camera's own words in @error
 */
gboolean
vigil_trigger_controls_apply (ArvCamera   *camera,
                              const char  *feature,
                              const char  *value,
                              GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (ARV_IS_CAMERA (camera), FALSE);

  if ((!vigil_trigger_controls_is_feature (feature) && g_strcmp0 (feature, VIGIL_FEATURE_ACQUISITION_MODE) != 0) ||
      value == NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                   _("Unknown feature “%s”"), feature ? feature : "");
      return FALSE;
    }
  if (!has_feature (camera, feature))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_FEATURE,
                   _("The camera has no %s"), feature);
      return FALSE;
    }
  if (vigil_trigger_controls_is_feature (feature) && g_strcmp0 (feature, VIGIL_FEATURE_TRIGGER_SELECTOR) != 0)
    select_frame_start (camera);
  arv_camera_set_string (camera, feature, value, &local_error);
  if (local_error != NULL)
    {
      g_autofree char *words = vigil_camera_words (local_error->message, VIGIL_CAMERA_WORDS_MAX);

      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_FEATURE,
                   _("The camera refused %s: %s"), feature, words ? words : "");
      return FALSE;
    }
  return TRUE;
}

/**
 * vigil_trigger_software:
 *
 * Executes TriggerSoftware (for FrameStart).  Session worker thread only.
 *
 * Returns: %TRUE, or %FALSE with the camera's own words in @error
 */
gboolean
vigil_trigger_software (ArvCamera  *camera,
                        GError    **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (ARV_IS_CAMERA (camera), FALSE);

  if (!has_feature (camera, "TriggerSoftware"))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_FEATURE, _("The camera has no software trigger"));
      return FALSE;
    }
  select_frame_start (camera);
  arv_camera_execute_command (camera, "TriggerSoftware", &local_error);
  if (local_error != NULL)
    {
      g_autofree char *words = vigil_camera_words (local_error->message, VIGIL_CAMERA_WORDS_MAX);

      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_FEATURE,
                   _("The software trigger failed: %s"), words ? words : "");
      return FALSE;
    }
  return TRUE;
}
