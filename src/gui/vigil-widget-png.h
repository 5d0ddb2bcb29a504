/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef void (*VigilWidgetPngDone) (const GError *error,
                                    gpointer      user_data);

gboolean vigil_widget_save_png (GtkWidget   *widget,
                                const char  *path,
                                GError     **error);
void     vigil_widget_save_png_when_drawn (GtkWidget          *widget,
                                          const char         *path,
                                          VigilWidgetPngDone  done,
                                          gpointer            user_data);
GBytes  *vigil_widget_render_pixels (GtkWidget  *widget,
                                     guint      *width,
                                     guint      *height,
                                     gsize      *stride,
                                     GError    **error);

G_END_DECLS
