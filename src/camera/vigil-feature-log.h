/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The features the user wrote in this run, in the order they were last
 * written (DESIGN.md "Liveness": written again after every reconnect,
 * before acquisition starts).  A feature written again replaces its old
 * value and moves to the end.  Owned by one thread (the session worker). */
typedef struct _VigilFeatureLog VigilFeatureLog;

typedef void (*VigilFeatureLogFunc) (const char *feature,
                                     GVariant   *value,
                                     gpointer    user_data);

VigilFeatureLog *vigil_feature_log_new     (void);
void             vigil_feature_log_free    (VigilFeatureLog     *self);
void             vigil_feature_log_set     (VigilFeatureLog     *self,
                                            const char          *feature,
                                            GVariant            *value);
void             vigil_feature_log_forget  (VigilFeatureLog     *self,
                                            const char          *feature);
guint            vigil_feature_log_count   (VigilFeatureLog     *self);
void             vigil_feature_log_foreach (VigilFeatureLog     *self,
                                            VigilFeatureLogFunc  func,
                                            gpointer             user_data);

gboolean         vigil_feature_parse_assignment (const char   *text,
                                                 char        **feature,
                                                 GVariant    **value,
                                                 GError      **error);

gboolean         vigil_feature_parse_any_assignment (const char   *text,
                                                     char        **feature,
                                                     GVariant    **value,
                                                     GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilFeatureLog, vigil_feature_log_free)

G_END_DECLS
