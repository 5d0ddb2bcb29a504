/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "vigil-feature-model.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_FEATURE_LIST (vigil_feature_list_get_type ())

G_DECLARE_FINAL_TYPE (VigilFeatureList, vigil_feature_list, VIGIL, FEATURE_LIST, GObject)

/* The rows a VigilFeatureModel shows, flat, in the tree's depth-first
 * order, without those under a collapsed category: what the Features view
 * lists.  A new filter is one items-changed over the span that changed,
 * and rows that stay are the same objects.  Main thread only. */
VigilFeatureList *vigil_feature_list_new          (VigilFeatureModel *model);
void              vigil_feature_list_update       (VigilFeatureList  *self,
                                                   gboolean           expand_all);
gboolean          vigil_feature_list_is_expanded  (VigilFeatureList  *self,
                                                   VigilFeatureRow   *row);
void              vigil_feature_list_set_expanded (VigilFeatureList  *self,
                                                   VigilFeatureRow   *row,
                                                   gboolean           expanded);
guint             vigil_feature_list_find         (VigilFeatureList  *self,
                                                   const char        *name);

G_END_DECLS
