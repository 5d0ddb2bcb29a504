/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <arv.h>
#include <glib.h>

#include "vigil-feature-log.h"
#include "vigil-feature-tree.h"
#include "vigil-types.h"

G_BEGIN_DECLS

/* Camera settings as a text file: a header naming vendor, model, serial
 * and date ("# Key: value" lines), then one "Name=Value" per line, in the
 * order the camera's selectors need.  Loading applies what it can and
 * lists every line it could not, in words. */

/* Bounds for an untrusted file. */
#define VIGIL_FEATURE_SETTINGS_MAX_BYTES (64 * 1024 * 1024)
#define VIGIL_FEATURE_SETTINGS_MAX_LINE  8192

typedef struct
{
  guint  line;
  char  *name;       /* (nullable) when the line could not be read */
  char  *value;
  char  *problem;    /* (nullable) why the line could not be read, in words */
} VigilFeatureSetting;

GPtrArray *vigil_feature_settings_parse (const char        *contents,
                                         gsize              length);
GPtrArray *vigil_feature_settings_order (VigilFeatureTree  *tree,
                                         ArvGc             *genicam);
gboolean   vigil_feature_settings_save  (ArvCamera         *camera,
                                         VigilFeatureTree  *tree,
                                         const char        *path,
                                         guint             *n_saved,
                                         GError           **error);
GPtrArray *vigil_feature_settings_load  (VigilSession      *session,
                                         VigilFeatureLog   *replay,
                                         const char        *path,
                                         GError           **error);
void       vigil_feature_setting_free   (VigilFeatureSetting *setting);

G_END_DECLS
