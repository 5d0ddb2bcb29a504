/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_CAMERA_CHOOSER (vigil_camera_chooser_get_type ())

G_DECLARE_FINAL_TYPE (VigilCameraChooser, vigil_camera_chooser, VIGIL, CAMERA_CHOOSER, GObject)

VigilCameraChooser *vigil_camera_chooser_new             (GtkDropDown        *dropdown,
                                                          GtkStringList      *names,
                                                          GtkWidget          *refresh_button);
void                vigil_camera_chooser_set_current     (VigilCameraChooser *self,
                                                          const char         *camera_id,
                                                          gboolean            simulated);
void                vigil_camera_chooser_set_paused      (VigilCameraChooser *self,
                                                          gboolean            paused);
void                vigil_camera_chooser_refresh         (VigilCameraChooser *self);
const char         *vigil_camera_chooser_get_selected_id (VigilCameraChooser *self);
gboolean            vigil_camera_chooser_is_selecting    (VigilCameraChooser *self);
GVariant           *vigil_camera_chooser_get_state       (VigilCameraChooser *self);

G_END_DECLS
