/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The fixed phase names of DESIGN.md "Phases and the session lifecycle",
 * shared by logs, ledger, faults, snapshots and the GUI.  Values are
 * appended, never inserted.  VIGIL_PHASE_NONE means "no phase" and has no
 * name (written as null). */
typedef enum
{
  VIGIL_PHASE_NONE,
  VIGIL_PHASE_OPEN_START,
  VIGIL_PHASE_DEVICE_OPENED,
  VIGIL_PHASE_STREAM_CREATED,
  VIGIL_PHASE_CALLBACK_REGISTERED,
  VIGIL_PHASE_BUFFERS_QUEUED,
  VIGIL_PHASE_ACQUISITION_START,
  VIGIL_PHASE_FIRST_FRAME,
  VIGIL_PHASE_OPEN_DONE,
  VIGIL_PHASE_OPEN_FAILED,
  VIGIL_PHASE_TIMEOUT_DETECTED,
  VIGIL_PHASE_CONTROL_LOST,
  VIGIL_PHASE_RECONNECT_START,
  VIGIL_PHASE_RECONNECT_DONE,
  VIGIL_PHASE_CLOSE_START,
  VIGIL_PHASE_CLOSE_DONE,
  VIGIL_PHASE_SHUTDOWN_START,
  VIGIL_PHASE_SHUTDOWN_DONE,
  VIGIL_PHASE_HEARTBEAT,
  VIGIL_N_PHASES,
} VigilPhase;

const char *vigil_phase_to_string   (VigilPhase   phase);
gboolean    vigil_phase_from_string (const char  *name,
                                     VigilPhase  *phase);

G_END_DECLS
