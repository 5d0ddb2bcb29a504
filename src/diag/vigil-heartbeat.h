/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "vigil-defaults.h"
#include "vigil-events.h"
#include "vigil-history.h"
#include "vigil-probe.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_HEARTBEAT (vigil_heartbeat_get_type ())

#define VIGIL_HEARTBEAT_DEFAULT_INTERVAL_MS (VIGIL_HEARTBEAT_INTERVAL_S_DEFAULT * 1000)

G_DECLARE_FINAL_TYPE (VigilHeartbeat, vigil_heartbeat, VIGIL, HEARTBEAT, GObject)

VigilHeartbeat *vigil_heartbeat_new           (VigilEvents     *events,
                                               VigilProbe      *probe,
                                               VigilHistory    *history);
void            vigil_heartbeat_set_interval  (VigilHeartbeat  *self,
                                               guint            interval_ms);
guint           vigil_heartbeat_get_interval  (VigilHeartbeat  *self);
void            vigil_heartbeat_start         (VigilHeartbeat  *self);
void            vigil_heartbeat_stop          (VigilHeartbeat  *self);
gboolean        vigil_heartbeat_is_running    (VigilHeartbeat  *self);
VigilEvent     *vigil_heartbeat_beat          (VigilHeartbeat  *self);

G_END_DECLS
