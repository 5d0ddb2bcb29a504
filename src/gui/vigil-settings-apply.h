/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vigil-diagnostics.h"
#include "vigil-settings.h"
#include "vigil-supervisor.h"

G_BEGIN_DECLS

void vigil_settings_apply (VigilSettings    *settings,
                           VigilDiagnostics *diagnostics,
                           VigilSupervisor  *supervisor);

G_END_DECLS
