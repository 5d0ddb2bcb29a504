/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "vigil-types.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_SIM_CAMERA (vigil_sim_camera_get_type ())

G_DECLARE_FINAL_TYPE (VigilSimCamera, vigil_sim_camera, VIGIL, SIM_CAMERA, GObject)

VigilSimCamera *vigil_sim_camera_new          (const char      *address,
                                               const char      *serial);
gboolean        vigil_sim_camera_start        (VigilSimCamera  *self,
                                               GError         **error);
void            vigil_sim_camera_stop         (VigilSimCamera  *self);
gboolean        vigil_sim_camera_freeze       (VigilSimCamera  *self,
                                               GError         **error);
gboolean        vigil_sim_camera_thaw         (VigilSimCamera  *self,
                                               GError         **error);
gboolean        vigil_sim_camera_unplug       (VigilSimCamera  *self,
                                               GError         **error);
gboolean        vigil_sim_camera_replug       (VigilSimCamera  *self,
                                               GError         **error);
gboolean        vigil_sim_camera_set_loss     (VigilSimCamera  *self,
                                               guint            lost_per_thousand,
                                               GError         **error);
void            vigil_sim_camera_set_genicam  (VigilSimCamera  *self,
                                               const char      *path);
const char     *vigil_sim_camera_get_address  (VigilSimCamera  *self);
gboolean        vigil_sim_camera_is_running   (VigilSimCamera  *self);
gboolean        vigil_sim_camera_is_frozen    (VigilSimCamera  *self);
const char     *vigil_sim_camera_find_program (void);

G_END_DECLS
