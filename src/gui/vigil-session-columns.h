/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void        vigil_session_columns_add              (GtkColumnView *view);
GListModel *vigil_session_columns_create_children  (gpointer       item,
                                                    gpointer       user_data);

G_END_DECLS
