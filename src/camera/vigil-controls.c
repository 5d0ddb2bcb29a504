/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-controls"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-aravis-string.h"
#include "vigil-controls.h"
#include "vigil-error.h"

G_DEFINE_BOXED_TYPE (VigilControls, vigil_controls, vigil_controls_copy, vigil_controls_free)

void
vigil_controls_free (VigilControls *self)
{
  if (self == NULL)
    return;
  g_free (self->device_id);
  g_free (self->vendor);
  g_free (self->model);
  g_free (self->serial);
  g_free (self->pixel_format);
  g_strfreev (self->pixel_formats);
  vigil_trigger_controls_free (self->trigger);
  g_free (self);
}

/**
 * vigil_controls_copy:
 *
 * Returns: (transfer full): a deep copy
 */
VigilControls *
vigil_controls_copy (const VigilControls *self)
{
  VigilControls *copy = g_memdup2 (self, sizeof *self);

  copy->device_id = g_strdup (self->device_id);
  copy->vendor = g_strdup (self->vendor);
  copy->model = g_strdup (self->model);
  copy->serial = g_strdup (self->serial);
  copy->pixel_format = g_strdup (self->pixel_format);
  copy->pixel_formats = g_strdupv (self->pixel_formats);
  copy->trigger = self->trigger ? vigil_trigger_controls_copy (self->trigger) : NULL;
  return copy;
}

/* Optional features: a camera without one is not an error, so a failed
 * availability check only clears the flag. */
static gboolean
available (gboolean (*check) (ArvCamera *, GError **),
           ArvCamera *camera)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = check (camera, &error);

  return ok && error == NULL;
}

/* Vendor, model and serial: each checked for its error, never the
 * garbage a broken XML leaves behind (vigil-aravis-string.c). */
static void
read_identity (VigilControls *self,
               ArvCamera     *camera)
{
  g_autoptr(GError) vendor_error = NULL;
  g_autoptr(GError) model_error = NULL;
  g_autoptr(GError) serial_error = NULL;
  const char *vendor = arv_camera_get_vendor_name (camera, &vendor_error);
  const char *model = arv_camera_get_model_name (camera, &model_error);
  const char *serial = arv_camera_get_device_serial_number (camera, &serial_error);

  /* Each value is read before its error is looked at (argument order). */
  self->vendor = vigil_aravis_string (vendor, vendor_error);
  self->model = vigil_aravis_string (model, model_error);
  self->serial = vigil_aravis_string (serial, serial_error);
}

/**
 * vigil_controls_read:
 *
 * Reads identity and quick-control features.  Session worker thread only:
 * each call talks to the camera.
 *
 * Returns: (transfer full) (nullable): the controls, or %NULL with @error set
 */
VigilControls *
vigil_controls_read (ArvCamera   *camera,
                     const char  *device_id,
                     GError     **error)
{
  g_autoptr(VigilControls) self = g_new0 (VigilControls, 1);
  g_autoptr(GError) local_error = NULL;
  g_autofree const char **formats = NULL;
  const char *pixel_format;
  guint n_formats = 0;

  self->device_id = g_strdup (device_id);
  read_identity (self, camera);

  pixel_format = arv_camera_get_pixel_format_as_string (camera, &local_error);
  self->pixel_format = vigil_aravis_string (pixel_format, local_error);
  if (local_error != NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("Could not read the pixel format: "));
      return NULL;
    }
  if (self->pixel_format == NULL)
    self->pixel_format = g_strdup ("");
  formats = arv_camera_dup_available_pixel_formats_as_strings (camera, &n_formats, &local_error);
  if (local_error != NULL || formats == NULL)
    n_formats = 0;
  g_clear_error (&local_error);
  self->pixel_formats = g_new0 (char *, n_formats + 1);
  for (guint i = 0, k = 0; i < n_formats; i++)
    if (formats[i] != NULL)
      self->pixel_formats[k++] = vigil_aravis_string (formats[i], NULL);

  arv_camera_get_region (camera, NULL, NULL, &self->width, &self->height, &local_error);
  if (local_error == NULL)
    arv_camera_get_width_bounds (camera, &self->width_min, &self->width_max, &local_error);
  if (local_error == NULL)
    arv_camera_get_height_bounds (camera, &self->height_min, &self->height_max, &local_error);
  if (local_error != NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("Could not read the image size: "));
      return NULL;
    }

  if ((self->has_frame_rate = available (arv_camera_is_frame_rate_available, camera)))
    {
      self->frame_rate = arv_camera_get_frame_rate (camera, NULL);
      arv_camera_get_frame_rate_bounds (camera, &self->frame_rate_min, &self->frame_rate_max, NULL);
    }
  if ((self->has_exposure = available (arv_camera_is_exposure_time_available, camera)))
    {
      self->exposure = arv_camera_get_exposure_time (camera, NULL);
      arv_camera_get_exposure_time_bounds (camera, &self->exposure_min, &self->exposure_max, NULL);
    }
  if ((self->has_gain = available (arv_camera_is_gain_available, camera)))
    {
      self->gain = arv_camera_get_gain (camera, NULL);
      arv_camera_get_gain_bounds (camera, &self->gain_min, &self->gain_max, NULL);
    }
  if ((self->has_gain_auto = available (arv_camera_is_gain_auto_available, camera)))
    self->gain_auto = arv_camera_get_gain_auto (camera, NULL) != ARV_AUTO_OFF;

  /* Hidden when the camera has none, or did not answer just now. */
  self->trigger = vigil_trigger_controls_read (camera, NULL);

  return g_steal_pointer (&self);
}

/* Width, height and pixel format change the payload size: the stream and
 * its buffers must be made anew. */
gboolean
vigil_controls_needs_restart (const char *feature)
{
  return g_strcmp0 (feature, VIGIL_FEATURE_PIXEL_FORMAT) == 0 ||
         g_strcmp0 (feature, VIGIL_FEATURE_WIDTH) == 0 ||
         g_strcmp0 (feature, VIGIL_FEATURE_HEIGHT) == 0;
}

static gboolean
check_type (const char          *feature,
            GVariant            *value,
            const GVariantType  *type,
            GError             **error)
{
  if (g_variant_is_of_type (value, type))
    return TRUE;
  g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
               _("%s takes a value of type %s, not %s"),
               feature, (const char *) type, g_variant_get_type_string (value));
  return FALSE;
}

/* arv_camera_set_frame_rate () (Aravis 0.8.26) first turns every trigger
 * off (TriggerMode Off for each TriggerSelector) and leaves the selector on
 * its last entry: a triggered camera would silently become free-running.
 * Where the camera has the standard float feature, write just that. */
static void
set_frame_rate (ArvCamera  *camera,
                double      rate,
                GError    **error)
{
  double min = 0, max = 0;

  if (!arv_camera_is_feature_available (camera, VIGIL_FEATURE_FRAME_RATE, NULL))
    {
      arv_camera_set_frame_rate (camera, rate, error);
      return;
    }
  if (arv_camera_is_feature_available (camera, "AcquisitionFrameRateEnable", NULL))
    arv_camera_set_boolean (camera, "AcquisitionFrameRateEnable", TRUE, NULL);
  arv_camera_get_float_bounds (camera, VIGIL_FEATURE_FRAME_RATE, &min, &max, NULL);
  if (max > min)
    rate = CLAMP (rate, min, max);
  arv_camera_set_float (camera, VIGIL_FEATURE_FRAME_RATE, rate, error);
}

/**
 * vigil_controls_apply:
 * @value: "s" for PixelFormat, "i" for Width and Height, "b" for GainAuto,
 *   "d" for the others
 *
 * Writes one feature.  Session worker thread only.  For features that need
 * it, the caller stops and re-creates the stream around this call.
 *
 * Returns: %TRUE, or %FALSE with the camera's error in @error
 */
gboolean
vigil_controls_apply (ArvCamera   *camera,
                      const char  *feature,
                      GVariant    *value,
                      GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (g_strcmp0 (feature, VIGIL_FEATURE_PIXEL_FORMAT) == 0)
    {
      if (!check_type (feature, value, G_VARIANT_TYPE_STRING, error))
        return FALSE;
      arv_camera_set_pixel_format_from_string (camera, g_variant_get_string (value, NULL), &local_error);
    }
  else if (g_strcmp0 (feature, VIGIL_FEATURE_WIDTH) == 0 ||
           g_strcmp0 (feature, VIGIL_FEATURE_HEIGHT) == 0)
    {
      int x, y, w, h;

      if (!check_type (feature, value, G_VARIANT_TYPE_INT32, error))
        return FALSE;
      arv_camera_get_region (camera, &x, &y, &w, &h, &local_error);
      if (local_error == NULL)
        {
          if (g_strcmp0 (feature, VIGIL_FEATURE_WIDTH) == 0)
            w = g_variant_get_int32 (value);
          else
            h = g_variant_get_int32 (value);
          arv_camera_set_region (camera, x, y, w, h, &local_error);
        }
    }
  else if (g_strcmp0 (feature, VIGIL_FEATURE_FRAME_RATE) == 0)
    {
      if (!check_type (feature, value, G_VARIANT_TYPE_DOUBLE, error))
        return FALSE;
      set_frame_rate (camera, g_variant_get_double (value), &local_error);
    }
  else if (g_strcmp0 (feature, VIGIL_FEATURE_EXPOSURE) == 0)
    {
      if (!check_type (feature, value, G_VARIANT_TYPE_DOUBLE, error))
        return FALSE;
      arv_camera_set_exposure_time (camera, g_variant_get_double (value), &local_error);
    }
  else if (g_strcmp0 (feature, VIGIL_FEATURE_GAIN) == 0)
    {
      if (!check_type (feature, value, G_VARIANT_TYPE_DOUBLE, error))
        return FALSE;
      arv_camera_set_gain (camera, g_variant_get_double (value), &local_error);
    }
  else if (g_strcmp0 (feature, VIGIL_FEATURE_GAIN_AUTO) == 0)
    {
      if (!check_type (feature, value, G_VARIANT_TYPE_BOOLEAN, error))
        return FALSE;
      arv_camera_set_gain_auto (camera, g_variant_get_boolean (value) ? ARV_AUTO_CONTINUOUS : ARV_AUTO_OFF,
                                &local_error);
    }
  else
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                   _("Unknown feature “%s”"), feature);
      return FALSE;
    }

  if (local_error != NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_FEATURE,
                   _("The camera refused %s: %s"), feature, local_error->message);
      return FALSE;
    }

  return TRUE;
}
