/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "vigil-controls.h"
#include "vigil-diagnostics.h"
#include "vigil-frame-sink.h"
#include "vigil-stream-stats.h"

G_BEGIN_DECLS

#define VIGIL_SNAPSHOT_SCHEMA "vigil-snapshot/1"

/* What a snapshot is built from.  Building reads only these values and the
 * diagnostics objects, never the camera, so it works while the camera is
 * frozen.  Everything but @diagnostics may be NULL (or 0). */
typedef struct
{
  VigilDiagnostics       *diagnostics;   /* required */
  const char             *state;         /* supervisor state name, e.g. "Streaming"; nullable */
  const char             *camera_id;     /* nullable */
  guint64                 reconnects;
  const char             *liveness;      /* the session's liveness state name, e.g.
                                          * "WaitingForTrigger"; nullable: then the
                                          * stream restarts and triggers are unknown */
  guint64                 stream_restarts;
  guint64                 triggers;
  const GError           *last_error;    /* nullable */
  const VigilControls    *controls;      /* nullable */
  const VigilFrameCounts *counts;        /* nullable */
  GVariant               *settings;      /* nullable, a{sv} */
  const char             *gtk_version;   /* nullable */
  const VigilStreamStatsInfo *stream_stats; /* nullable: Aravis's statistics of the current stream */
} VigilSnapshotSource;

JsonNode *vigil_snapshot_build            (const VigilSnapshotSource  *source);
gboolean  vigil_snapshot_write            (JsonNode                   *document,
                                           const char                 *path,
                                           GError                    **error);
void      vigil_snapshot_write_async      (JsonNode                   *document,
                                           const char                 *path,
                                           GCancellable               *cancellable,
                                           GAsyncReadyCallback         callback,
                                           gpointer                    user_data);
gboolean  vigil_snapshot_write_finish     (GAsyncResult               *result,
                                           GError                    **error);
char     *vigil_snapshot_default_name     (void);
char     *vigil_snapshot_default_dir      (void);
char     *vigil_snapshot_explain          (JsonNode                   *document,
                                           GError                    **error);

/* For tests: make every write fail with "disk full" once this many bytes
 * were written (-1 = off, the default).  When not set, the environment
 * variable VIGIL_SNAPSHOT_FAIL_AFTER_BYTES does the same. */
void      vigil_snapshot_set_write_fault  (gssize                      fail_after_bytes);
void      vigil_snapshot_add_memory_judgement (JsonBuilder                *builder,
                                               const VigilMemoryJudgement *judgement,
                                               const char                 *pages,
                                               const char                 *step,
                                               guint64                     steps);

G_END_DECLS
