/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <arv.h>
#include <glib-object.h>

#include "vigil-controls.h"
#include "vigil-frame-sink.h"
#include "vigil-types.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_SESSION (vigil_session_get_type ())

G_DECLARE_FINAL_TYPE (VigilSession, vigil_session, VIGIL, SESSION, GObject)

/* Every function here talks to the camera: call them on the session
 * worker thread only (a frozen camera blocks each call about 2.5 s). */
VigilSession  *vigil_session_open            (const char      *camera_id,
                                              VigilFrameSink  *sink,
                                              GError         **error);
void           vigil_session_close           (VigilSession    *self);
VigilControls *vigil_session_read_controls   (VigilSession    *self,
                                              GError         **error);
gboolean       vigil_session_set_feature     (VigilSession    *self,
                                              const char      *feature,
                                              GVariant        *value,
                                              GError         **error);
const char    *vigil_session_get_camera_id   (VigilSession    *self);
gint64         vigil_session_get_last_frame  (VigilSession    *self);
gboolean       vigil_session_is_streaming    (VigilSession    *self);

G_END_DECLS
