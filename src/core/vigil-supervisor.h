/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "vigil-controls.h"
#include "vigil-frame-sink.h"
#include "vigil-types.h"

G_BEGIN_DECLS

typedef enum
{
  VIGIL_SUPERVISOR_IDLE,
  VIGIL_SUPERVISOR_OPENING,
  VIGIL_SUPERVISOR_STREAMING,
  VIGIL_SUPERVISOR_RECOVERING,
  VIGIL_SUPERVISOR_CLOSING,
} VigilSupervisorState;

#define VIGIL_TYPE_SUPERVISOR_STATE (vigil_supervisor_state_get_type ())
#define VIGIL_TYPE_SUPERVISOR (vigil_supervisor_get_type ())

G_DECLARE_FINAL_TYPE (VigilSupervisor, vigil_supervisor, VIGIL, SUPERVISOR, GObject)

GType                 vigil_supervisor_state_get_type   (void) G_GNUC_CONST;
const char           *vigil_supervisor_state_to_string  (VigilSupervisorState  state);

VigilSupervisor      *vigil_supervisor_new              (void);
void                  vigil_supervisor_open             (VigilSupervisor      *self,
                                                         const char           *camera_id);
void                  vigil_supervisor_close            (VigilSupervisor      *self);
void                  vigil_supervisor_set_feature      (VigilSupervisor      *self,
                                                         const char           *feature,
                                                         GVariant             *value);
void                  vigil_supervisor_shutdown         (VigilSupervisor      *self);
VigilSupervisorState  vigil_supervisor_get_state        (VigilSupervisor      *self);
const char           *vigil_supervisor_get_camera_id    (VigilSupervisor      *self);
VigilControls        *vigil_supervisor_get_controls     (VigilSupervisor      *self);
const GError         *vigil_supervisor_get_last_error   (VigilSupervisor      *self);
VigilFrameSink       *vigil_supervisor_get_sink         (VigilSupervisor      *self);

G_END_DECLS
