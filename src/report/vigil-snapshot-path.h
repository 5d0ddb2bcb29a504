/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  vigil_snapshot_check_target   (const char  *path,
                                         GError     **error);
char     *vigil_snapshot_fallback_path  (const char  *stem);

G_END_DECLS
