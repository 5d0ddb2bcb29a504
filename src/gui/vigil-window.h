/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "vigil-application.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_WINDOW (vigil_window_get_type ())

G_DECLARE_FINAL_TYPE (VigilWindow, vigil_window, VIGIL, WINDOW, GtkApplicationWindow)

VigilWindow *vigil_window_new              (VigilApplication  *application);
void         vigil_window_show_banner      (VigilWindow       *self,
                                            const char        *message,
                                            gboolean           is_error);
void         vigil_window_snapshot_written (VigilWindow       *self,
                                            const char        *path);
GBytes      *vigil_window_render_picture   (VigilWindow       *self,
                                            guint             *width,
                                            guint             *height,
                                            gsize             *stride,
                                            GError           **error);

G_END_DECLS
