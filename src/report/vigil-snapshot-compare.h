/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* One figure or group that differs between two snapshots. */
typedef struct
{
  char   *name;                        /* "fds socket", "unpaired Event/CallbackRegistered" */
  gint64  before;
  gint64  after;
  gint64  added;                       /* new items (unpaired, orphans), or after − before */
} VigilSnapshotChange;

typedef struct
{
  char      *host;
  gint64     before_us;
  gint64     after_us;
  GPtrArray *changes;                  /* VigilSnapshotChange, in the order of the text */
} VigilSnapshotDiff;

VigilSnapshotDiff *vigil_snapshot_compare         (JsonObject         *first,
                                                   JsonObject         *second,
                                                   GError            **error);
char              *vigil_snapshot_diff_describe   (const VigilSnapshotDiff *diff);
const VigilSnapshotChange *vigil_snapshot_diff_find (const VigilSnapshotDiff *diff,
                                                     const char              *name);
void               vigil_snapshot_diff_free       (VigilSnapshotDiff  *diff);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilSnapshotDiff, vigil_snapshot_diff_free)

G_END_DECLS
