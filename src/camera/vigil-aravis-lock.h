/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void vigil_aravis_lock   (void);
void vigil_aravis_unlock (void);

G_END_DECLS
