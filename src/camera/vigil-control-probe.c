/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-control-probe"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-control-probe.h"
#include "vigil-error.h"

/* GigE Vision bootstrap register "Control Channel Privilege" (CCP): 0 when
 * no application controls the camera, which is what a camera that dropped
 * us (its heartbeat timed out) reads. */
#define GVBS_CONTROL_CHANNEL_PRIVILEGE 0x0a00

/* Not GigE: a feature read that reaches the device. */
static const char * const probe_features[] = { "AcquisitionMode", "PixelFormat", "Width" };

static VigilProbeResult
probe_feature (ArvCamera  *camera,
               GError    **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (probe_features); i++)
    {
      g_autoptr(GError) local_error = NULL;

      if (!arv_camera_is_feature_available (camera, probe_features[i], NULL))
        continue;
      if (i == 2)
        arv_camera_get_integer (camera, probe_features[i], &local_error);
      else
        arv_camera_get_string (camera, probe_features[i], &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return VIGIL_PROBE_NO_ANSWER;
        }
      return VIGIL_PROBE_ANSWERED;
    }
  /* Nothing to read: a camera that keeps its device open counts as there. */
  return VIGIL_PROBE_ANSWERED;
}

/**
 * vigil_control_probe:
 * @camera: an open camera
 *
 * Asks the camera whether it answers, and (GigE) whether it is still
 * controlled.  @error says why when the result is not ANSWERED.
 *
 * Returns: what the camera said
 */
VigilProbeResult
vigil_control_probe (ArvCamera  *camera,
                     GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  ArvDevice *device;
  guint32 privilege = 0;

  g_return_val_if_fail (ARV_IS_CAMERA (camera), VIGIL_PROBE_NO_ANSWER);

  if (!arv_camera_is_gv_device (camera))
    return probe_feature (camera, error);

  device = arv_camera_get_device (camera);
  if (!arv_device_read_register (device, GVBS_CONTROL_CHANNEL_PRIVILEGE, &privilege, &local_error) ||
      local_error != NULL)
    {
      if (local_error == NULL)
        g_set_error_literal (&local_error, VIGIL_ERROR, VIGIL_ERROR_TIMEOUT, _("The camera did not answer"));
      g_propagate_error (error, g_steal_pointer (&local_error));
      return VIGIL_PROBE_NO_ANSWER;
    }
  if (privilege == 0 || !arv_gv_device_is_controller (ARV_GV_DEVICE (device)))
    {
      g_set_error_literal (error, VIGIL_ERROR, VIGIL_ERROR_NOT_CONTROLLER,
                           _("The camera no longer takes this application as its controller"));
      return VIGIL_PROBE_NOT_CONTROLLER;
    }
  return VIGIL_PROBE_ANSWERED;
}
