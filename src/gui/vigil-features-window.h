/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "vigil-feature-model.h"
#include "vigil-supervisor.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_FEATURES_WINDOW (vigil_features_window_get_type ())

G_DECLARE_FINAL_TYPE (VigilFeaturesWindow, vigil_features_window, VIGIL, FEATURES_WINDOW, GtkWindow)

GtkWidget         *vigil_features_window_new             (GtkApplication         *application,
                                                          VigilSupervisor        *supervisor);
void               vigil_features_window_present_for     (GtkApplication         *application,
                                                          VigilSupervisor        *supervisor);
void               vigil_features_window_set_filter      (VigilFeaturesWindow    *self,
                                                          VigilFeatureVisibility  level,
                                                          const char             *search);
VigilFeatureModel *vigil_features_window_get_model       (VigilFeaturesWindow    *self);
gboolean           vigil_features_window_is_busy         (VigilFeaturesWindow    *self);
gint64             vigil_features_window_get_filter_time (VigilFeaturesWindow    *self);
gboolean           vigil_features_window_select          (VigilFeaturesWindow    *self,
                                                          const char             *name);
void               vigil_features_window_refresh         (VigilFeaturesWindow    *self);

G_END_DECLS
