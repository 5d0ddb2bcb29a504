/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <arv.h>

#include "vigil-liveness.h"

G_BEGIN_DECLS

/* The cheap control-channel probe of DESIGN.md "Liveness": one register
 * read.  Session worker thread only: on a camera that does not answer it
 * blocks until the read fails (GigE, Aravis 0.8.26: 2.5 s). */
VigilProbeResult vigil_control_probe (ArvCamera  *camera,
                                      GError    **error);

G_END_DECLS
