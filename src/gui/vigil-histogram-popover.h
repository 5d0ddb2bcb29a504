/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "vigil-histogram-tap.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_HISTOGRAM_POPOVER (vigil_histogram_popover_get_type ())

G_DECLARE_FINAL_TYPE (VigilHistogramPopover, vigil_histogram_popover, VIGIL, HISTOGRAM_POPOVER, GtkPopover)

void  vigil_histogram_popover_set_tap (VigilHistogramPopover *self,
                                       VigilHistogramTap     *tap);

G_END_DECLS
