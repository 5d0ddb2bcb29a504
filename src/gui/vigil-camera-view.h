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
guint64    vigil_camera_view_get_n_shown   (VigilCameraView *self);
gboolean   vigil_camera_view_zoom          (VigilCameraView *self,
                                            const char      *what);
void       vigil_camera_view_pan           (VigilCameraView *self,
                                            double           dx,
                                            double           dy);
void       vigil_camera_view_set_readout   (VigilCameraView *self,
                                            gboolean         show);
char      *vigil_camera_view_get_zoom_text (VigilCameraView *self);
char      *vigil_camera_view_describe_geometry (VigilCameraView *self);

G_END_DECLS
