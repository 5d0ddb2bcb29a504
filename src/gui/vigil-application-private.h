/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vigil-application.h"

G_BEGIN_DECLS

/* The application's jobs kept in files of their own, for the gui folder
 * only.  vigil-application-snapshot.c: */
void vigil_application_export_snapshot (VigilApplication *self,
                                        const char       *path);
void vigil_application_choose_snapshot (VigilApplication *self,
                                        GtkWindow        *parent);
/* vigil-application-save-frame.c: */
gboolean vigil_application_path_climbs_up (const char *path);
void vigil_application_save_frame      (VigilApplication *self,
                                        const char       *path);

/* vigil-application-open.c: */
gboolean vigil_application_open_snapshot            (VigilApplication         *self,
                                                     GFile                    *file,
                                                     GError                  **error);
gboolean vigil_application_open_from_command_line   (VigilApplication         *self,
                                                     GApplicationCommandLine  *command_line,
                                                     GVariantDict             *options,
                                                     int                      *status);
void     vigil_application_open_files               (GApplication             *app,
                                                     GFile                   **files,
                                                     int                       n_files,
                                                     const char               *hint);
void     vigil_application_open_snapshot_activated  (GSimpleAction            *action,
                                                     GVariant                 *parameter,
                                                     gpointer                  user_data);
void     vigil_application_add_snapshot_drop        (VigilApplication         *self,
                                                     GtkWidget                *widget);

G_END_DECLS
