/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "vigil-controls.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_CONTROLS_POPOVER (vigil_controls_popover_get_type ())

G_DECLARE_FINAL_TYPE (VigilControlsPopover, vigil_controls_popover, VIGIL, CONTROLS_POPOVER, GtkPopover)

void       vigil_controls_popover_set_controls  (VigilControlsPopover *self,
                                                 const VigilControls  *controls);

G_END_DECLS
