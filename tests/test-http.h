/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int         test_http_try_connect (guint16 port);
int         test_http_connect (guint16     port);
void        test_http_send    (int         fd,
                               const char *data,
                               gsize       length);
char       *test_http_read    (int         fd,
                               guint       timeout_ms);
char       *test_http         (guint16     port,
                               const char *request);
char       *test_http_get     (guint16     port,
                               const char *path,
                               const char *accept);
guint       test_http_status  (const char *reply);
const char *test_http_body    (const char *reply);

G_END_DECLS
