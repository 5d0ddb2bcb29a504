/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The defaults of the settings: the one place of truth in C.  The GSettings
 * schema (data/io.github.vigilcam.Vigil.gschema.xml) states them again for
 * dconf, and the settings test checks that the two agree.  VigilSettings
 * falls back on these when the schema is not installed; the components
 * start with them before the settings are applied. */
#define VIGIL_SAMPLE_INTERVAL_MS_DEFAULT     1000
#define VIGIL_HEARTBEAT_INTERVAL_S_DEFAULT   60
#define VIGIL_HISTORY_WINDOW_S_DEFAULT       3600
#define VIGIL_EVENT_RING_SIZE_DEFAULT        10000
#define VIGIL_WATCHDOG_MARGIN_MS_DEFAULT     250
#define VIGIL_WATCHDOG_INTERVALS_DEFAULT     3
#define VIGIL_BACKOFF_INITIAL_MS_DEFAULT     100
#define VIGIL_BACKOFF_MAX_MS_DEFAULT         5000

G_END_DECLS
