/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "vigil-events.h"
#include "vigil-faults.h"
#include "vigil-heartbeat.h"
#include "vigil-history.h"
#include "vigil-ledger.h"
#include "vigil-orphans.h"
#include "vigil-probe.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_DIAGNOSTICS (vigil_diagnostics_get_type ())

G_DECLARE_FINAL_TYPE (VigilDiagnostics, vigil_diagnostics, VIGIL, DIAGNOSTICS, GObject)

VigilDiagnostics *vigil_diagnostics_new          (void);
VigilProbe       *vigil_diagnostics_get_probe    (VigilDiagnostics *self);
VigilLedger      *vigil_diagnostics_get_ledger   (VigilDiagnostics *self);
VigilOrphans     *vigil_diagnostics_get_orphans  (VigilDiagnostics *self);
VigilEvents      *vigil_diagnostics_get_events   (VigilDiagnostics *self);
VigilFaults      *vigil_diagnostics_get_faults   (VigilDiagnostics *self);
VigilHistory     *vigil_diagnostics_get_history  (VigilDiagnostics *self);
VigilHeartbeat   *vigil_diagnostics_get_heartbeat (VigilDiagnostics *self);
void              vigil_diagnostics_start_heartbeat (VigilDiagnostics *self,
                                                     guint             interval_ms);
void              vigil_diagnostics_post         (VigilDiagnostics *self,
                                                  VigilEventType    type,
                                                  guint64           session,
                                                  const char       *camera,
                                                  const char       *operation,
                                                  VigilPhase        phase,
                                                  const GError     *error);

G_END_DECLS
