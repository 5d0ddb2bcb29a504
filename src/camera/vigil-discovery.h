/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One camera found by discovery. */
typedef struct
{
  char *id;          /* Aravis device id */
  char *address;     /* IP address for GigE devices, or NULL */
  char *vendor;
  char *model;
  char *serial;
} VigilCameraInfo;

void       vigil_camera_info_free          (VigilCameraInfo      *info);
char      *vigil_camera_info_dup_label     (const VigilCameraInfo *info);

void       vigil_discover_cameras_async    (GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
GPtrArray *vigil_discover_cameras_finish   (GAsyncResult         *result,
                                            GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilCameraInfo, vigil_camera_info_free)

G_END_DECLS
