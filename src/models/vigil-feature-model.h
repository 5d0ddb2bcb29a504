/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "vigil-feature-row.h"
#include "vigil-feature-tree.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_FEATURE_MODEL (vigil_feature_model_get_type ())

G_DECLARE_FINAL_TYPE (VigilFeatureModel, vigil_feature_model, VIGIL, FEATURE_MODEL, GObject)

/* The feature tree as rows, with the visibility level and search of the
 * Features view: which rows are shown (the view lists them flat through
 * VigilFeatureList), and the children of each as a GListModel.  Main
 * thread only. */
VigilFeatureModel *vigil_feature_model_new           (VigilFeatureTree        *tree);
VigilFeatureTree  *vigil_feature_model_get_tree      (VigilFeatureModel       *self);
void               vigil_feature_model_set_filter    (VigilFeatureModel       *self,
                                                      VigilFeatureVisibility   level,
                                                      const char              *search);
gboolean           vigil_feature_model_is_searching  (VigilFeatureModel       *self);
GListModel        *vigil_feature_model_dup_children  (VigilFeatureModel       *self,
                                                      VigilFeatureRow         *row);
GListModel        *vigil_feature_model_dup_all_children (VigilFeatureModel    *self,
                                                      VigilFeatureRow         *row);
gboolean           vigil_feature_model_is_shown      (VigilFeatureModel       *self,
                                                      VigilFeatureRow         *row);
guint              vigil_feature_model_count_shown   (VigilFeatureModel       *self);
GPtrArray         *vigil_feature_model_get_rows      (VigilFeatureModel       *self);
VigilFeatureRow   *vigil_feature_model_lookup        (VigilFeatureModel       *self,
                                                      const char              *name);
void               vigil_feature_model_set_value     (VigilFeatureModel       *self,
                                                      const VigilFeatureValue *value);
void               vigil_feature_model_forget_values (VigilFeatureModel       *self);

G_END_DECLS
