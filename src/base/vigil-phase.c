/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-phase"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vigil-phase.h"

static const char * const phase_names[VIGIL_N_PHASES] = {
  [VIGIL_PHASE_NONE]                = NULL,
  [VIGIL_PHASE_OPEN_START]          = "OpenStart",
  [VIGIL_PHASE_DEVICE_OPENED]       = "DeviceOpened",
  [VIGIL_PHASE_STREAM_CREATED]      = "StreamCreated",
  [VIGIL_PHASE_CALLBACK_REGISTERED] = "CallbackRegistered",
  [VIGIL_PHASE_BUFFERS_QUEUED]      = "BuffersQueued",
  [VIGIL_PHASE_ACQUISITION_START]   = "AcquisitionStart",
  [VIGIL_PHASE_FIRST_FRAME]         = "FirstFrame",
  [VIGIL_PHASE_OPEN_DONE]           = "OpenDone",
  [VIGIL_PHASE_OPEN_FAILED]         = "OpenFailed",
  [VIGIL_PHASE_TIMEOUT_DETECTED]    = "TimeoutDetected",
  [VIGIL_PHASE_CONTROL_LOST]        = "ControlLost",
  [VIGIL_PHASE_RECONNECT_START]     = "ReconnectStart",
  [VIGIL_PHASE_RECONNECT_DONE]      = "ReconnectDone",
  [VIGIL_PHASE_CLOSE_START]         = "CloseStart",
  [VIGIL_PHASE_CLOSE_DONE]          = "CloseDone",
  [VIGIL_PHASE_SHUTDOWN_START]      = "ShutdownStart",
  [VIGIL_PHASE_SHUTDOWN_DONE]       = "ShutdownDone",
  [VIGIL_PHASE_HEARTBEAT]           = "Heartbeat",
};

/**
 * vigil_phase_to_string:
 *
 * Returns: (nullable): the fixed name of @phase, %NULL for
 *   %VIGIL_PHASE_NONE or a value out of range
 */
const char *
vigil_phase_to_string (VigilPhase phase)
{
  if ((guint) phase >= VIGIL_N_PHASES)
    return NULL;
  return phase_names[phase];
}

/**
 * vigil_phase_from_string:
 * @name: (nullable): a phase name, matched exactly
 * @phase: (out): the phase
 *
 * Returns: whether @name is one of the fixed phase names
 */
gboolean
vigil_phase_from_string (const char *name,
                         VigilPhase *phase)
{
  g_return_val_if_fail (phase != NULL, FALSE);

  if (name == NULL)
    return FALSE;
  for (guint i = 1; i < VIGIL_N_PHASES; i++)
    if (strcmp (name, phase_names[i]) == 0)
      {
        *phase = (VigilPhase) i;
        return TRUE;
      }
  return FALSE;
}
