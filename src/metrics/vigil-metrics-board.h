/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "vigil-metrics-figures.h"

G_BEGIN_DECLS

/* The published figures: the sampler's thread puts the newest figures
 * here, the server thread takes a reference to them under a mutex and
 * renders them outside it.  A scrape never samples anything itself. */
typedef struct _VigilMetricsBoard VigilMetricsBoard;

VigilMetricsBoard   *vigil_metrics_board_new      (void);
VigilMetricsBoard   *vigil_metrics_board_ref      (VigilMetricsBoard   *board);
void                 vigil_metrics_board_unref    (VigilMetricsBoard   *board);
void                 vigil_metrics_board_publish  (VigilMetricsBoard   *board,
                                                   VigilMetricsFigures *figures);
VigilMetricsFigures *vigil_metrics_board_dup      (VigilMetricsBoard   *board);
guint64              vigil_metrics_board_get_publications (VigilMetricsBoard *board);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilMetricsBoard, vigil_metrics_board_unref)

G_END_DECLS
