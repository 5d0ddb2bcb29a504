/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_BANNER (vigil_banner_get_type ())

G_DECLARE_FINAL_TYPE (VigilBanner, vigil_banner, VIGIL, BANNER, GtkWidget)

GtkWidget  *vigil_banner_new          (void);
void        vigil_banner_show         (VigilBanner *self,
                                       const char  *message,
                                       gboolean     is_error);
void        vigil_banner_show_folder  (VigilBanner *self,
                                       const char  *message,
                                       const char  *folder);
void        vigil_banner_hide         (VigilBanner *self);
gboolean    vigil_banner_is_shown     (VigilBanner *self);
const char *vigil_banner_get_text     (VigilBanner *self);

G_END_DECLS
