/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean vigil_atomic_file_write           (const char *path,
                                            const char *data,
                                            gsize       length,
                                            int        *saved_errno);
char    *vigil_atomic_file_describe_errno  (int         saved_errno,
                                            const char *path);
void     vigil_atomic_file_set_write_fault (gssize      fail_after_bytes);

G_END_DECLS
