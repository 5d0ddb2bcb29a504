/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

guint test_count_fds          (void);
guint test_count_threads      (void);
guint test_settled_threads    (guint expected);
void  test_drain_main_context (void);

G_END_DECLS
