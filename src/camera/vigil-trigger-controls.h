/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <arv.h>
#include <glib-object.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_TRIGGER_CONTROLS (vigil_trigger_controls_get_type ())

/* Feature names of the trigger quick controls (for FrameStart). */
#define VIGIL_FEATURE_TRIGGER_MODE       "TriggerMode"
#define VIGIL_FEATURE_TRIGGER_SOURCE     "TriggerSource"
#define VIGIL_FEATURE_TRIGGER_ACTIVATION "TriggerActivation"
#define VIGIL_FEATURE_TRIGGER_SELECTOR   "TriggerSelector"
#define VIGIL_FEATURE_ACQUISITION_MODE   "AcquisitionMode"

/* At most this many entries of one enumeration are shown. */
#define VIGIL_TRIGGER_CONTROLS_MAX_ENTRIES 64

typedef enum
{
  VIGIL_TRIGGER_SELECTOR,
  VIGIL_TRIGGER_MODE,
  VIGIL_TRIGGER_SOURCE,
  VIGIL_TRIGGER_ACTIVATION,
  VIGIL_TRIGGER_N_FEATURES,
} VigilTriggerFeature;

/* One enumeration the camera has: its value and its entries, as the camera
 * named them (valid UTF-8, bounded).  value == NULL: the camera has no
 * such feature (the control is hidden). */
typedef struct
{
  char  *value;
  GStrv  entries;
} VigilTriggerEnum;

/* The trigger quick controls.  Read on the session worker thread, copied to
 * the main thread. */
typedef struct
{
  VigilTriggerEnum features[VIGIL_TRIGGER_N_FEATURES];
  gboolean         has_software_trigger;
} VigilTriggerControls;

GType                 vigil_trigger_controls_get_type     (void) G_GNUC_CONST;
VigilTriggerControls *vigil_trigger_controls_read         (ArvCamera                  *camera,
                                                           GError                    **error);
VigilTriggerControls *vigil_trigger_controls_copy         (const VigilTriggerControls *self);
void                  vigil_trigger_controls_free         (VigilTriggerControls       *self);
const char           *vigil_trigger_controls_feature_name (VigilTriggerFeature         feature);
gboolean              vigil_trigger_controls_is_feature   (const char                 *feature);
gboolean              vigil_trigger_controls_has          (const VigilTriggerControls *self,
                                                           VigilTriggerFeature         feature);
gboolean              vigil_trigger_controls_can_trigger  (const VigilTriggerControls *self);
void                  vigil_trigger_controls_drop_without_mode (VigilTriggerControls *self);
gboolean              vigil_trigger_controls_apply        (ArvCamera                  *camera,
                                                           const char                 *feature,
                                                           const char                 *value,
                                                           GError                    **error);
gboolean              vigil_trigger_software              (ArvCamera                  *camera,
                                                           GError                    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilTriggerControls, vigil_trigger_controls_free)

G_END_DECLS
