/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "vigil-feature-tree.h"
#include "vigil-feature-value.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_FEATURE_ROW (vigil_feature_row_get_type ())

G_DECLARE_FINAL_TYPE (VigilFeatureRow, vigil_feature_row, VIGIL, FEATURE_ROW, GObject)

/* What a row shows before its value was read. */
#define VIGIL_FEATURE_ROW_PLACEHOLDER "…"

/* One place of the feature tree, and the newest value read for it.  Main
 * thread only. */
VigilFeatureRow         *vigil_feature_row_new        (VigilFeatureTree        *tree,
                                                       VigilFeatureNode        *node);
VigilFeatureNode        *vigil_feature_row_get_node   (VigilFeatureRow         *self);
const VigilFeatureValue *vigil_feature_row_get_value  (VigilFeatureRow         *self);
void                     vigil_feature_row_set_value  (VigilFeatureRow         *self,
                                                       const VigilFeatureValue *value);
void                     vigil_feature_row_forget     (VigilFeatureRow         *self);
const char              *vigil_feature_row_get_text   (VigilFeatureRow         *self);
gint64                   vigil_feature_row_get_read_at (VigilFeatureRow        *self);
const char              *vigil_feature_row_get_haystack (VigilFeatureRow       *self);

G_END_DECLS
