/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vigil-snapshot-window.h"

G_BEGIN_DECLS

/* Shared by the snapshot window's files (vigil-snapshot-window-pages.c). */
struct _VigilSnapshotWindow
{
  GtkApplicationWindow  parent_instance;

  VigilSnapshotModels  *models;
  GFile                *file;
  GtkNotebook          *notebook;
  GtkDropDown          *window_dropdown;
  GtkRange             *end_scale;
  gint64                first_us;      /* the series' time span */
  gint64                last_us;
  GtkTreeListModel     *tree;
  GtkSingleSelection   *selection;
  GtkColumnView        *sessions_view;
  GtkWidget            *compare_page;
  char                 *compare_text;
  GSimpleAction        *summary_action;
};

void       vigil_snapshot_window_update_summary  (VigilSnapshotWindow *self);
GtkWidget *vigil_snapshot_window_charts_page     (VigilSnapshotWindow *self);
GtkWidget *vigil_snapshot_window_sessions_page   (VigilSnapshotWindow *self);
GtkWidget *vigil_snapshot_window_events_page     (VigilSnapshotWindow *self);

G_END_DECLS
