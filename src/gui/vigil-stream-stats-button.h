/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "vigil-supervisor.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_STREAM_STATS_BUTTON (vigil_stream_stats_button_get_type ())

G_DECLARE_FINAL_TYPE (VigilStreamStatsButton, vigil_stream_stats_button, VIGIL, STREAM_STATS_BUTTON, GtkWidget)

void         vigil_stream_stats_button_set_supervisor (VigilStreamStatsButton *self,
                                                       VigilSupervisor        *supervisor);
const char  *vigil_stream_stats_button_get_summary    (VigilStreamStatsButton *self);

G_END_DECLS
