/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *vigil_aravis_string (const char    *value,
                           const GError  *error);

G_END_DECLS
