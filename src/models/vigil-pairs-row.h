/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_PAIRS_ROW (vigil_pairs_row_get_type ())

G_DECLARE_FINAL_TYPE (VigilPairsRow, vigil_pairs_row, VIGIL, PAIRS_ROW, GObject)

typedef enum
{
  VIGIL_PAIRS_ROW_SESSION,
  VIGIL_PAIRS_ROW_KIND,
  VIGIL_PAIRS_ROW_RESOURCE,
} VigilPairsRowType;

/* The text columns of a row; what they hold depends on the row type
 * (see vigil-pairs-model.c). */
typedef enum
{
  VIGIL_PAIRS_COLUMN_NAME,
  VIGIL_PAIRS_COLUMN_CREATED,
  VIGIL_PAIRS_COLUMN_CLOSED,
  VIGIL_PAIRS_COLUMN_STATE,
  VIGIL_PAIRS_COLUMN_HANDLE,
  VIGIL_PAIRS_N_COLUMNS,
} VigilPairsColumn;

VigilPairsRow     *vigil_pairs_row_new           (VigilPairsRowType   type,
                                                  guint64             session,
                                                  guint64             key);
VigilPairsRowType  vigil_pairs_row_get_row_type  (VigilPairsRow      *self);
guint64            vigil_pairs_row_get_session   (VigilPairsRow      *self);
guint64            vigil_pairs_row_get_key       (VigilPairsRow      *self);
const char        *vigil_pairs_row_get_text      (VigilPairsRow      *self,
                                                  VigilPairsColumn    column);
gboolean           vigil_pairs_row_get_unpaired  (VigilPairsRow      *self);
GListModel        *vigil_pairs_row_get_children  (VigilPairsRow      *self);
gboolean           vigil_pairs_row_update        (VigilPairsRow      *self,
                                                  const char * const *texts,
                                                  gboolean            unpaired);

G_END_DECLS
