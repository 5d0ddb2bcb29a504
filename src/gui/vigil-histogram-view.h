/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "vigil-histogram.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_HISTOGRAM_VIEW (vigil_histogram_view_get_type ())

G_DECLARE_FINAL_TYPE (VigilHistogramView, vigil_histogram_view, VIGIL, HISTOGRAM_VIEW, GtkWidget)

GtkWidget *vigil_histogram_view_new           (void);
void       vigil_histogram_view_set_histogram (VigilHistogramView   *self,
                                               const VigilHistogram *histogram);
void       vigil_histogram_view_set_log       (VigilHistogramView   *self,
                                               gboolean              log_scale);
gboolean   vigil_histogram_view_get_log       (VigilHistogramView   *self);

G_END_DECLS
