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
void vigil_application_save_frame      (VigilApplication *self,
                                        const char       *path);

G_END_DECLS
