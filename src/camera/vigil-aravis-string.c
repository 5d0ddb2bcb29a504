/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-aravis-string"

#include "config.h"

#include "vigil-aravis-string.h"
#include "vigil-utf8.h"

/**
 * vigil_aravis_string:
 * @value: (nullable): what an Aravis string getter returned
 * @error: (nullable): the error that getter set
 *
 * A string read from a camera, fit for the ledger, logs, snapshots and
 * widgets.  With a broken GenICam XML, Aravis 0.8.26 returns a pointer
 * *and* sets an error (arv_camera_get_model_name (): "Port not found for
 * node"), and the pointer then holds whatever the buffer held: it is
 * ignored whenever @error is set.  Otherwise the value is made valid UTF-8
 * without control characters and bounded (vigil_utf8_sanitize_bounded ()).
 *
 * Returns: (transfer full) (nullable): the checked copy, or %NULL
 */
char *
vigil_aravis_string (const char   *value,
                     const GError *error)
{
  if (error != NULL || value == NULL)
    return NULL;
  return vigil_utf8_sanitize_bounded (value, -1, VIGIL_UTF8_NAME_MAX);
}
