/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A GenICam file of 2,000 more features (test-gui-features, bench-feature-tree);
 * the caller removes it. */
char *feature_xml_generate_large (void);

G_END_DECLS
