/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Bars per channel: each covers max_value / 256 camera values (1 for 8-bit
 * formats, 16 for 12-bit ones). */
#define VIGIL_HISTOGRAM_BINS 256
#define VIGIL_HISTOGRAM_MAX_CHANNELS 3

typedef enum
{
  VIGIL_HISTOGRAM_GREY,     /* mono samples */
  VIGIL_HISTOGRAM_RED,
  VIGIL_HISTOGRAM_GREEN,
  VIGIL_HISTOGRAM_BLUE,
  VIGIL_HISTOGRAM_LUMA,     /* the Y of YUV 4:2:2 */
} VigilHistogramColour;

typedef struct
{
  VigilHistogramColour colour;
  guint64              bins[VIGIL_HISTOGRAM_BINS];
  guint64              count;         /* samples of this channel */
  guint                min;           /* in camera units */
  guint                max;
  double               mean;
  guint64              low_clipped;   /* samples at 0 */
  guint64              high_clipped;  /* samples at max_value (or above it) */
} VigilHistogramChannel;

/* The histogram of one full frame, in the camera's units. */
typedef struct
{
  guint32               pixel_format;
  guint                 width;
  guint                 height;
  guint64               frame_id;
  guint                 depth;          /* significant bits of a sample */
  guint                 max_value;      /* (1 << depth) - 1 */
  guint                 bin_width;      /* camera values a bar covers */
  guint                 n_channels;
  VigilHistogramChannel channels[VIGIL_HISTOGRAM_MAX_CHANNELS];
} VigilHistogram;

VigilHistogram *vigil_histogram_compute      (guint32                pixel_format,
                                              guint                  width,
                                              guint                  height,
                                              gsize                  stride,
                                              const guint8          *data,
                                              gsize                  size,
                                              GError               **error);
VigilHistogram *vigil_histogram_copy         (const VigilHistogram  *self);
void            vigil_histogram_free         (VigilHistogram        *self);
double          vigil_histogram_low_share    (const VigilHistogram  *self,
                                              guint                  channel);
double          vigil_histogram_high_share   (const VigilHistogram  *self,
                                              guint                  channel);
const char     *vigil_histogram_colour_label (VigilHistogramColour   colour);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilHistogram, vigil_histogram_free)

G_END_DECLS
