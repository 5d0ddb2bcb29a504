/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vigil-application.h"

G_BEGIN_DECLS

void vigil_snapshot_export        (VigilApplication *self,
                                   const char       *path);
void vigil_snapshot_export_choose (VigilApplication *self,
                                   GtkWindow        *parent);

G_END_DECLS
