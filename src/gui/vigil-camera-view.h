/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "vigil-frame-sink.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_CAMERA_VIEW (vigil_camera_view_get_type ())

G_DECLARE_FINAL_TYPE (VigilCameraView, vigil_camera_view, VIGIL, CAMERA_VIEW, GtkWidget)

void       vigil_camera_view_set_sink      (VigilCameraView *self,
                                            VigilFrameSink  *sink);
void       vigil_camera_view_show_message  (VigilCameraView *self,
                                            const char      *icon_name,
                                            const char      *title,
                                            const char      *detail);
void       vigil_camera_view_clear         (VigilCameraView *self);

G_END_DECLS
