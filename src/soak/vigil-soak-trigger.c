/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-soak-trigger"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-soak-trigger.h"

/**
 * vigil_soak_trigger_parse:
 * @spec: `software:HZ`, as given to `vigil-soak --trigger`
 * @hz: (out): software triggers per second
 *
 * Returns: %TRUE, or %FALSE with @error in words
 */
gboolean
vigil_soak_trigger_parse (const char  *spec,
                          double      *hz,
                          GError     **error)
{
  const char *rate;
  char *end = NULL;
  double value;

  g_return_val_if_fail (hz != NULL, FALSE);

  if (spec == NULL || !g_str_has_prefix (spec, "software:"))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                   _("--trigger takes software:HZ, not “%s”"), spec ? spec : "");
      return FALSE;
    }
  rate = spec + strlen ("software:");
  value = g_ascii_strtod (rate, &end);
  if (end == rate || *end != '\0' || !isfinite (value) || value <= 0 || value > VIGIL_SOAK_TRIGGER_MAX_HZ)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                   _("--trigger software:HZ takes a rate above 0 and at most %g per second, not “%s”"),
                   VIGIL_SOAK_TRIGGER_MAX_HZ, rate);
      return FALSE;
    }
  *hz = value;
  return TRUE;
}
