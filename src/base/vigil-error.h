/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VIGIL_ERROR (vigil_error_quark ())

/* Codes are appended, never inserted: they are written to logs and snapshots. */
typedef enum
{
  VIGIL_ERROR_FAILED,
  VIGIL_ERROR_UNSUPPORTED_PIXEL_FORMAT,
  VIGIL_ERROR_BAD_BUFFER,
  VIGIL_ERROR_NO_CAMERA,
  VIGIL_ERROR_NOT_CONTROLLER,
  VIGIL_ERROR_SIMULATOR,
  VIGIL_ERROR_TIMEOUT,
  VIGIL_ERROR_CANCELLED,
  VIGIL_ERROR_FEATURE,
  VIGIL_ERROR_FAULT_INJECTED,
  VIGIL_ERROR_PROBE,
  VIGIL_ERROR_IO,
  VIGIL_ERROR_INVALID_ARGUMENT,
} VigilError;

GQuark vigil_error_quark (void);

G_END_DECLS
