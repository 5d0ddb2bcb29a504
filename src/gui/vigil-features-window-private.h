/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vigil-feature-list.h"
#include "vigil-feature-model.h"
#include "vigil-features-window.h"

G_BEGIN_DECLS

/* Shared by vigil-features-window.c (tree, filter, reads) and
 * vigil-features-editor.c (details, editors, writes). */
struct _VigilFeaturesWindow
{
  GtkWindow           parent_instance;

  GtkDropDown        *level_dropdown;
  GtkSearchEntry     *search_entry;
  GtkLabel           *status_label;
  GtkListView        *list_view;
  GtkBox             *details_box;
  GtkBox             *editor_box;
  GtkLabel           *title_label;
  GtkLabel           *reason_label;
  GtkLabel           *refusal_label;
  GtkLabel           *details_label;
  GtkWidget          *user_sets_box;
  GtkDropDown        *user_set_dropdown;

  VigilSupervisor    *supervisor;
  VigilFeatureModel  *model;          /* (nullable) until the tree is loaded */
  GtkSingleSelection *selection;
  VigilFeatureList   *list;           /* (nullable) the rows listed */
  GHashTable         *expanders;      /* category row → its bound arrow */
  GCancellable       *cancellable;    /* cancelled when the window goes */
  GHashTable         *bound;          /* name → rows of it shown (GUINT_TO_POINTER) */
  GPtrArray          *pending;        /* names to read, in the order asked */
  GHashTable         *pending_set;
  gboolean            reading;
  gboolean            loading;
  guint               flush_id;
  guint               poll_id;
  guint               layout_retries;
  gint64              last_filter_us;
  gint64              load_started;
  VigilFeatureRow    *selected;       /* (nullable) */
  gulong              selected_handler;
  gboolean            updating;       /* the editor is being filled: no writes */
  guint               writes;         /* writes in flight */
};

void vigil_features_window_queue_read     (VigilFeaturesWindow *self,
                                           const char          *name);
void vigil_features_window_apply_values   (VigilFeaturesWindow *self,
                                           GPtrArray           *values);
void vigil_features_window_show_details   (VigilFeaturesWindow *self);
void vigil_features_window_write          (VigilFeaturesWindow *self,
                                           const char          *name,
                                           const char          *text);
void vigil_features_window_show_status    (VigilFeaturesWindow *self,
                                           const char          *text);
void vigil_features_window_save_to        (VigilFeaturesWindow *self,
                                           GFile               *file);
void vigil_features_window_load_from      (VigilFeaturesWindow *self,
                                           GFile               *file);
void vigil_features_window_install_expand (GtkWidgetClass      *widget_class);
void vigil_features_window_install_files  (GtkWidgetClass      *widget_class);
void vigil_features_window_install_rows   (VigilFeaturesWindow *self);
void vigil_features_window_install_user_sets (GtkWidgetClass   *widget_class);
void vigil_features_window_update_user_sets  (VigilFeaturesWindow *self);
void vigil_features_window_user_set          (VigilFeaturesWindow *self,
                                              const char          *command);

G_END_DECLS
