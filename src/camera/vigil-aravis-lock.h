/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void     vigil_aravis_lock         (void);
void     vigil_aravis_unlock       (void);
void     vigil_aravis_shutdown     (void);
gboolean vigil_aravis_is_shut_down (void);

G_END_DECLS
