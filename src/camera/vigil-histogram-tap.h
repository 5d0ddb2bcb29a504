/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vigil-histogram.h"

G_BEGIN_DECLS

/* Computed at most this often (4 a second), and only while enabled. */
#define VIGIL_HISTOGRAM_INTERVAL_MS 250

typedef struct _VigilHistogramTap VigilHistogramTap;

VigilHistogramTap *vigil_histogram_tap_new         (void);
VigilHistogramTap *vigil_histogram_tap_ref         (VigilHistogramTap  *self);
void               vigil_histogram_tap_unref       (VigilHistogramTap  *self);
void               vigil_histogram_tap_set_enabled (VigilHistogramTap  *self,
                                                    gboolean            enabled);
gboolean           vigil_histogram_tap_get_enabled (VigilHistogramTap  *self);
gboolean           vigil_histogram_tap_due         (VigilHistogramTap  *self,
                                                    gint64              now_us);
void               vigil_histogram_tap_compute     (VigilHistogramTap  *self,
                                                    guint32             pixel_format,
                                                    guint               width,
                                                    guint               height,
                                                    const guint8       *data,
                                                    gsize               size,
                                                    guint64             frame_id);
VigilHistogram    *vigil_histogram_tap_take        (VigilHistogramTap  *self,
                                                    GError            **error);
guint64            vigil_histogram_tap_get_computed (VigilHistogramTap *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilHistogramTap, vigil_histogram_tap_unref)

G_END_DECLS
