/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "vigil-pairs-model.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_PAIRS_CHART (vigil_pairs_chart_get_type ())

G_DECLARE_FINAL_TYPE (VigilPairsChart, vigil_pairs_chart, VIGIL, PAIRS_CHART, GtkWidget)

void vigil_pairs_chart_set_model (VigilPairsChart *self,
                                  VigilPairsModel *model);

G_END_DECLS
