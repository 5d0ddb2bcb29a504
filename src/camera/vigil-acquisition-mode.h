/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <arv.h>
#include <glib-object.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_ACQUISITION_MODE (vigil_acquisition_mode_get_type ())

/* Longest camera string kept (a trigger source, an acquisition mode). */
#define VIGIL_ACQUISITION_MODE_MAX_NAME 64
/* Longest camera message kept (an error in the camera's own words). */
#define VIGIL_CAMERA_WORDS_MAX 256

/* How a camera acquires (DESIGN.md "Liveness"): free-running (TriggerMode
 * Off, AcquisitionMode Continuous), triggered (TriggerMode On, by source:
 * Software, Line0, Action1…), or frame-limited (SingleFrame/MultiFrame, a
 * count of frames after which the camera stops by itself).  Triggered and
 * frame-limited combine: a SingleFrame acquisition may wait for a trigger.
 * Read on the session worker thread; a plain value, copied to the main
 * thread. */
typedef struct
{
  gboolean  has_trigger;       /* the camera has TriggerMode */
  gboolean  triggered;         /* TriggerMode On (for FrameStart, FrameBurstStart or AcquisitionStart) */
  char     *trigger_selector;  /* (nullable) the selector that is On */
  char     *trigger_source;    /* (nullable) valid UTF-8, at most VIGIL_ACQUISITION_MODE_MAX_NAME bytes */
  gboolean  has_software_trigger; /* the camera has the TriggerSoftware command */
  char     *acquisition_mode;  /* (nullable) as the camera names it */
  guint     frame_limit;       /* 0: continuous; 1: SingleFrame; N: MultiFrame */
  double    frame_rate;        /* frames per second, 0 when unknown */
} VigilAcquisitionMode;

GType                 vigil_acquisition_mode_get_type          (void) G_GNUC_CONST;
VigilAcquisitionMode *vigil_acquisition_mode_new_from_strings  (const char                 *trigger_mode,
                                                                const char                 *trigger_source,
                                                                const char                 *acquisition_mode,
                                                                gint64                      frame_count,
                                                                double                      frame_rate);
VigilAcquisitionMode *vigil_acquisition_mode_read              (ArvCamera                  *camera,
                                                                GError                    **error);
VigilAcquisitionMode *vigil_acquisition_mode_copy              (const VigilAcquisitionMode *self);
void                  vigil_acquisition_mode_free              (VigilAcquisitionMode       *self);
gboolean              vigil_acquisition_mode_is_free_running   (const VigilAcquisitionMode *self);
gboolean              vigil_acquisition_mode_is_software       (const VigilAcquisitionMode *self);
char                 *vigil_acquisition_mode_describe          (const VigilAcquisitionMode *self);
char                 *vigil_acquisition_mode_sanitize          (const char                 *camera_string);
char                 *vigil_camera_words                       (const char                 *camera_string,
                                                                gsize                       max_bytes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilAcquisitionMode, vigil_acquisition_mode_free)

G_END_DECLS
