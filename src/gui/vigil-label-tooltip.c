/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-label-tooltip"

#include "config.h"

#include "vigil-label-tooltip.h"

/* Labels whose tooltip is their own whole text, should a narrow column
 * cut it.  The tooltip is asked for when the pointer rests on the label,
 * never set: in GTK 4.8 gtk_widget_set_tooltip_text () on a visible
 * widget asks the display server where the pointer is, a synchronous
 * round trip (XIQueryPointer) even when the text is the same.  Set at
 * every change, that was one round trip a cell each time the session
 * table was refreshed, and 43 % of the main thread in the GUI soak
 * (perf; README "The GUI over hundreds of reconnects"). */

static gboolean
on_query_tooltip (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard_mode,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  const char *text = gtk_label_get_text (GTK_LABEL (widget));

  if (text == NULL || text[0] == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/**
 * vigil_label_tooltip_shows_text:
 * @label: a label
 *
 * From now on @label's tooltip is its text, whatever it is set to later
 * (none while the text is empty).  Call once, when @label is built.
 */
void
vigil_label_tooltip_shows_text (GtkLabel *label)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  g_signal_connect (label, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);
  gtk_widget_set_has_tooltip (GTK_WIDGET (label), TRUE);
}
