/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "vigil-settings.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_PREFERENCES_WINDOW (vigil_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (VigilPreferencesWindow, vigil_preferences_window, VIGIL, PREFERENCES_WINDOW, GtkWindow)

GtkWidget *vigil_preferences_window_new (GtkWindow     *parent,
                                         VigilSettings *settings);

G_END_DECLS
