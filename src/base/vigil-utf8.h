/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Bounds for text that came from outside (a camera, a user, a file), in
 * characters: names (camera ids, models, feature values, ledger names) and
 * messages (errors). */
#define VIGIL_UTF8_NAME_MAX    256
#define VIGIL_UTF8_MESSAGE_MAX 1024

char *vigil_utf8_sanitize_bounded (const char *text,
                                   gssize      length,
                                   gsize       max_chars);

G_END_DECLS
