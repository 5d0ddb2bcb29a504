/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void vigil_label_tooltip_shows_text (GtkLabel *label);

G_END_DECLS
