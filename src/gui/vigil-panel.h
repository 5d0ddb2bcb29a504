/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "vigil-supervisor.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_PANEL (vigil_panel_get_type ())

G_DECLARE_FINAL_TYPE (VigilPanel, vigil_panel, VIGIL, PANEL, GtkWidget)

void     vigil_panel_set_supervisor       (VigilPanel      *self,
                                           VigilSupervisor *supervisor,
                                           guint            sample_interval_ms);
void     vigil_panel_set_sample_interval  (VigilPanel      *self,
                                           guint            sample_interval_ms);
guint64  vigil_panel_get_reconnects       (VigilPanel      *self);
void     vigil_panel_sample               (VigilPanel      *self);

G_END_DECLS
