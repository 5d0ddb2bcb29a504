/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "vigil-defaults.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_SETTINGS (vigil_settings_get_type ())

G_DECLARE_FINAL_TYPE (VigilSettings, vigil_settings, VIGIL, SETTINGS, GObject)

VigilSettings *vigil_settings_new            (void);
GSettings     *vigil_settings_get_gsettings  (VigilSettings    *self);
guint          vigil_settings_get_uint       (VigilSettings    *self,
                                              const char       *key);
gboolean       vigil_settings_get_boolean    (VigilSettings    *self,
                                              const char       *key);
char          *vigil_settings_dup_string     (VigilSettings    *self,
                                              const char       *key);
GVariant      *vigil_settings_to_variant     (VigilSettings    *self);
GVariant      *vigil_settings_dup_default    (const char       *key);

G_END_DECLS
