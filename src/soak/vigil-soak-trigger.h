/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The fastest software trigger vigil-soak drives (the simulated camera
 * looks for a trigger 25 times a second). */
#define VIGIL_SOAK_TRIGGER_MAX_HZ 25.0

gboolean vigil_soak_trigger_parse (const char  *spec,
                                   double      *hz,
                                   GError     **error);

G_END_DECLS
