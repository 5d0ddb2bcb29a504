/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "vigil-application.h"
#include "vigil-supervisor.h"

G_BEGIN_DECLS

void     vigil_camera_actions_install         (VigilApplication  *app,
                                               VigilSupervisor   *supervisor);
gboolean vigil_camera_actions_preset_features (VigilApplication  *app,
                                               GVariantDict      *options,
                                               GError           **error);

G_END_DECLS
