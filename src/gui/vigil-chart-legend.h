/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "vigil-chart.h"

G_BEGIN_DECLS

void vigil_chart_legend_fill (GtkFlowBox *box,
                              VigilChart *chart,
                              gboolean    with_markers);

G_END_DECLS
