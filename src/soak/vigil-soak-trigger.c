/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-soak-trigger"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-soak-runner-private.h"
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

/* Runner context: one software trigger for every camera that streams. */
static gboolean
trigger_tick (gpointer data)
{
  VigilSoakRunner *self = data;

  for (guint i = 0; i < self->slots->len; i++)
    {
      Slot *slot = g_ptr_array_index (self->slots, i);

      if (slot->supervisor != NULL &&
          vigil_supervisor_get_state (slot->supervisor) == VIGIL_SUPERVISOR_STREAMING)
        vigil_supervisor_trigger (slot->supervisor);
    }
  return G_SOURCE_CONTINUE;
}

/* Starts the software triggers of a triggered soak (--trigger software:HZ)
 * on the runner's context; the runner destroys the source at the end. */
void
_vigil_soak_trigger_start (VigilSoakRunner *self)
{
  if (self->trigger_hz <= 0)
    return;
  self->trigger_source = g_timeout_source_new ((guint) MAX (1, 1000.0 / self->trigger_hz));
  g_source_set_callback (self->trigger_source, trigger_tick, self, NULL);
  g_source_set_static_name (self->trigger_source, "[vigil] soak software trigger");
  g_source_attach (self->trigger_source, self->context);
}
