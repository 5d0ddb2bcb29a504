/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean vigil_widget_save_png (GtkWidget   *widget,
                                const char  *path,
                                GError     **error);
GBytes  *vigil_widget_render_pixels (GtkWidget  *widget,
                                     guint      *width,
                                     guint      *height,
                                     gsize      *stride,
                                     GError    **error);

G_END_DECLS
