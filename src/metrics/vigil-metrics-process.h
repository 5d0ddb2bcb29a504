/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The standard process figures the probe does not take: CPU time, virtual
 * memory, start time.  Read by the collector once per published sample
 * (the scrape reads none of them).  Unknown figures are -1. */
void    vigil_metrics_process_read        (gdouble *cpu_seconds,
                                           gint64  *virtual_bytes);
gdouble vigil_metrics_process_start_time  (void);

G_END_DECLS
