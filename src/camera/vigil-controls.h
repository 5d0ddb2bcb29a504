/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <arv.h>
#include <glib-object.h>

#include "vigil-trigger-controls.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_CONTROLS (vigil_controls_get_type ())

/* What the quick-controls popover shows: the camera's identity and the
 * features it has, with their ranges.  Read on the session worker thread,
 * then handed to the main thread as a copy. */
typedef struct
{
  char    *device_id;
  char    *vendor;
  char    *model;
  char    *serial;

  char    *pixel_format;
  GStrv    pixel_formats;

  int      width;
  int      width_min;
  int      width_max;
  int      height;
  int      height_min;
  int      height_max;

  gboolean has_frame_rate;
  double   frame_rate;
  double   frame_rate_min;
  double   frame_rate_max;

  gboolean has_exposure;
  double   exposure;
  double   exposure_min;
  double   exposure_max;

  gboolean has_gain;
  double   gain;
  double   gain_min;
  double   gain_max;

  gboolean has_gain_auto;
  gboolean gain_auto;

  VigilTriggerControls *trigger;   /* (nullable) the trigger controls */
} VigilControls;

/* Feature names accepted by vigil_controls_apply (). */
#define VIGIL_FEATURE_PIXEL_FORMAT "PixelFormat"
#define VIGIL_FEATURE_WIDTH        "Width"
#define VIGIL_FEATURE_HEIGHT       "Height"
#define VIGIL_FEATURE_FRAME_RATE   "AcquisitionFrameRate"
#define VIGIL_FEATURE_EXPOSURE     "ExposureTime"
#define VIGIL_FEATURE_GAIN         "Gain"
#define VIGIL_FEATURE_GAIN_AUTO    "GainAuto"

GType          vigil_controls_get_type      (void) G_GNUC_CONST;
VigilControls *vigil_controls_read          (ArvCamera      *camera,
                                             const char     *device_id,
                                             GError        **error);
VigilControls *vigil_controls_copy          (const VigilControls *self);
void           vigil_controls_free          (VigilControls  *self);
gboolean       vigil_controls_apply         (ArvCamera      *camera,
                                             const char     *feature,
                                             GVariant       *value,
                                             GError        **error);
gboolean       vigil_controls_needs_restart (const char     *feature);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilControls, vigil_controls_free)

G_END_DECLS
