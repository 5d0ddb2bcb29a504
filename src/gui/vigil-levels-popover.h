/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "vigil-frame-sink.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_LEVELS_POPOVER (vigil_levels_popover_get_type ())

G_DECLARE_FINAL_TYPE (VigilLevelsPopover, vigil_levels_popover, VIGIL, LEVELS_POPOVER, GtkPopover)

void  vigil_levels_popover_set_sink (VigilLevelsPopover *self,
                                     VigilFrameSink     *sink);

G_END_DECLS
