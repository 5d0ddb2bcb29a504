/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "vigil-settings.h"
#include "vigil-supervisor.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_APPLICATION (vigil_application_get_type ())

G_DECLARE_FINAL_TYPE (VigilApplication, vigil_application, VIGIL, APPLICATION, GtkApplication)

VigilApplication *vigil_application_new            (void);
VigilSupervisor  *vigil_application_get_supervisor (VigilApplication  *self);
VigilDiagnostics *vigil_application_get_diagnostics (VigilApplication *self);
VigilSettings    *vigil_application_get_settings   (VigilApplication  *self);
gboolean          vigil_application_open_camera    (VigilApplication  *self,
                                                    const char        *camera_id,
                                                    GError           **error);
void              vigil_application_report         (VigilApplication  *self,
                                                    const GError      *error);
char             *vigil_application_dup_snapshot_dir (VigilApplication *self);
const char       *vigil_application_get_log_file   (VigilApplication  *self);
gboolean          vigil_application_is_simulated   (VigilApplication  *self,
                                                    const char        *camera_id);

G_END_DECLS
