/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-discovery"

#include "config.h"

#include <arv.h>
#include <glib/gi18n.h>

#include "vigil-aravis-lock.h"
#include "vigil-aravis-string.h"
#include "vigil-discovery.h"

void
vigil_camera_info_free (VigilCameraInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->id);
  g_free (info->address);
  g_free (info->vendor);
  g_free (info->model);
  g_free (info->serial);
  g_free (info);
}

/**
 * vigil_camera_info_dup_label:
 *
 * Returns: (transfer full): "Vendor Model (address)" for a chooser
 */
char *
vigil_camera_info_dup_label (const VigilCameraInfo *info)
{
  g_autofree char *name = NULL;

  if (info->vendor && info->model)
    name = g_strdup_printf ("%s %s", info->vendor, info->model);
  else
    name = g_strdup (info->id);

  if (info->address)
    return g_strdup_printf ("%s (%s)", name, info->address);
  return g_steal_pointer (&name);
}

static void
discover_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  g_autoptr(GPtrArray) cameras = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_camera_info_free);
  guint n;

  vigil_aravis_lock ();
  /* The application ended while this round waited for the lock. */
  if (vigil_aravis_is_shut_down ())
    {
      vigil_aravis_unlock ();
      g_task_return_pointer (task, g_steal_pointer (&cameras), (GDestroyNotify) g_ptr_array_unref);
      return;
    }
  arv_update_device_list ();
  n = arv_get_n_devices ();
  for (guint i = 0; i < n; i++)
    {
      VigilCameraInfo *info = g_new0 (VigilCameraInfo, 1);

      /* From discovery packets: anyone on the network can send them. */
      info->id = vigil_aravis_string (arv_get_device_id (i), NULL);
      info->address = vigil_aravis_string (arv_get_device_address (i), NULL);
      info->vendor = vigil_aravis_string (arv_get_device_vendor (i), NULL);
      info->model = vigil_aravis_string (arv_get_device_model (i), NULL);
      info->serial = vigil_aravis_string (arv_get_device_serial_nbr (i), NULL);
      g_ptr_array_add (cameras, info);
    }
  vigil_aravis_unlock ();

  g_task_return_pointer (task, g_steal_pointer (&cameras), (GDestroyNotify) g_ptr_array_unref);
}

/**
 * vigil_discover_cameras_async:
 *
 * Looks for cameras on a thread of its own; never blocks the caller.
 */
void
vigil_discover_cameras_async (GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, vigil_discover_cameras_async);
  g_task_set_name (task, "[vigil] discover cameras");
  g_task_run_in_thread (task, discover_thread);
}

/**
 * vigil_discover_cameras_finish:
 *
 * Returns: (transfer full) (element-type VigilCameraInfo): the cameras found
 */
GPtrArray *
vigil_discover_cameras_finish (GAsyncResult  *result,
                               GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
