/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <arv.h>

#include "vigil-liveness.h"

G_BEGIN_DECLS

/* How long a GigE probe waits for the camera: tries × the wait of each. */
#define VIGIL_CONTROL_PROBE_TRIES   3
#define VIGIL_CONTROL_PROBE_WAIT_MS 200

/* The cheap control-channel probe of DESIGN.md "Liveness".
 *
 * GigE Vision: one READREG of the Control Channel Privilege register, sent
 * from a UDP socket of its own (a GigE camera answers register reads from
 * any application), so it neither queues behind Aravis's own GVCP traffic
 * (its heartbeat thread holds the device's I/O lock 2.5 s per read while
 * the camera is frozen) nor waits for Aravis's 500 ms × 5 retries: a
 * camera that does not answer fails it after
 * VIGIL_CONTROL_PROBE_TRIES × VIGIL_CONTROL_PROBE_WAIT_MS (600 ms).
 * Other cameras: a feature read through Aravis, with its own timeouts.
 *
 * Session worker thread only. */
typedef struct _VigilControlProbe VigilControlProbe;

VigilControlProbe *vigil_control_probe_new  (ArvCamera          *camera,
                                             GError            **error);
void               vigil_control_probe_free (VigilControlProbe  *self);
VigilProbeResult   vigil_control_probe_run  (VigilControlProbe  *self,
                                             GError            **error);
int                vigil_control_probe_get_fd (VigilControlProbe *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilControlProbe, vigil_control_probe_free)

G_END_DECLS
