/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "vigil-chart.h"

/* The counts the charts show with their units, each in the grammatical
 * number of the count (a VigilChartUnitFunc: a format whose %s is the
 * number): "1 reconnect", "2 reconnects". */

const char *
vigil_chart_unit_fds (gulong count)
{
  /* Translators: a value on a chart axis, %s is the number: "1 fd", "30 fds". */
  return g_dngettext (GETTEXT_PACKAGE, "%s fd", "%s fds", count);
}

const char *
vigil_chart_unit_threads (gulong count)
{
  /* Translators: a value on a chart axis, %s is the number: "1 thread", "15 threads". */
  return g_dngettext (GETTEXT_PACKAGE, "%s thread", "%s threads", count);
}

const char *
vigil_chart_unit_reconnects (gulong count)
{
  /* Translators: a value on a chart axis, %s is the number: "1 reconnect", "2 reconnects". */
  return g_dngettext (GETTEXT_PACKAGE, "%s reconnect", "%s reconnects", count);
}
