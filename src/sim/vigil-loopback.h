/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_LOOPBACK (vigil_loopback_get_type ())

G_DECLARE_FINAL_TYPE (VigilLoopback, vigil_loopback, VIGIL, LOOPBACK, GObject)

VigilLoopback *vigil_loopback_new          (void);
gboolean       vigil_loopback_has_address  (const char     *address);
gboolean       vigil_loopback_ensure       (VigilLoopback  *self,
                                            const char     *address,
                                            GError        **error);
void           vigil_loopback_remove_all   (VigilLoopback  *self);

G_END_DECLS
