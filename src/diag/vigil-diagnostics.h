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

/* Called with every sample the periodic sampler publishes (the panel's
 * timer in vigil, the progress tick in vigil-soak), on the sampler's thread
 * (the main thread), synchronously.  @sample is only valid during the call. */
typedef void (*VigilSampleListener) (VigilDiagnostics       *diagnostics,
                                     const VigilProbeSample *sample,
                                     gpointer                user_data);

VigilDiagnostics *vigil_diagnostics_new          (void);
VigilProbe       *vigil_diagnostics_get_probe    (VigilDiagnostics *self);
VigilLedger      *vigil_diagnostics_get_ledger   (VigilDiagnostics *self);
VigilOrphans     *vigil_diagnostics_get_orphans  (VigilDiagnostics *self);
VigilEvents      *vigil_diagnostics_get_events   (VigilDiagnostics *self);
VigilFaults      *vigil_diagnostics_get_faults   (VigilDiagnostics *self);
VigilHistory     *vigil_diagnostics_get_history  (VigilDiagnostics *self);
gboolean          vigil_diagnostics_records_full (VigilDiagnostics *self);
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
void              vigil_diagnostics_set_sample_listener (VigilDiagnostics    *self,
                                                         VigilSampleListener  listener,
                                                         gpointer             user_data,
                                                         GDestroyNotify       destroy);
void              vigil_diagnostics_publish_sample (VigilDiagnostics       *self,
                                                    const VigilProbeSample *sample);

G_END_DECLS
