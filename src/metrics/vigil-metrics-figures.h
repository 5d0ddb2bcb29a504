/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "vigil-history.h"
#include "vigil-phase.h"
#include "vigil-probe.h"
#include "vigil-resource-info.h"
#include "vigil-supervisor.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_METRICS_FIGURES (vigil_metrics_figures_get_type ())

/* The longest camera label kept, in bytes (an id or an IP address). */
#define VIGIL_METRICS_LABEL_MAX 128

/* One camera's figures, summed over every supervisor that served it. */
typedef struct
{
  char                 *camera;          /* valid UTF-8, bounded */
  guint64               reconnects;
  guint64               sessions;
  guint64               stream_restarts; /* streams made anew within a session */
  guint64               triggers;        /* software triggers the camera took */
  gboolean              has_state;       /* a supervisor serves it now */
  VigilSupervisorState  state;
} VigilMetricsCamera;

/* Resources of one kind made at one phase and never closed (unpaired). */
typedef struct
{
  VigilResourceKind kind;
  VigilPhase        phase;
  guint64           count;
} VigilMetricsUnpaired;

/* OS handles of one kind left by one phase that no ledger entry knows
 * (orphans, DESIGN.md).  @kind is the probe's fd kind or "thread". */
typedef struct
{
  const char *kind;                      /* static string */
  VigilPhase  phase;
  guint64     count;
} VigilMetricsOrphans;

typedef struct
{
  const char *point;                     /* static string */
  guint64     fired;
} VigilMetricsFault;

/* What one published sample says: immutable once published, shared between
 * the sampler's thread and the server thread by reference count.  A
 * figure of -1 is unknown and not exposed. */
typedef struct
{
  gint64              sample_wall_us;    /* when the sampler took it, UTC */

  /* The process (the sampler's VigilProbeSample and the process extras). */
  gint64              open_fds;
  gint64              fds_by_kind[VIGIL_N_FD_KINDS];
  gint64              max_fds;           /* soft limit; G_MAXINT64: unlimited */
  gint64              threads;
  gint64              private_bytes;
  gint64              rss_bytes;
  gint64              virtual_bytes;
  gdouble             cpu_seconds;       /* -1 unknown */
  gdouble             start_time_seconds;/* since the epoch; -1 unknown */

  /* Cameras and their frames. */
  GArray             *cameras;           /* (element-type VigilMetricsCamera) */
  guint64             frames_received;
  guint64             frames_shown;
  guint64             failed_buffers;
  guint64             missing_packets;   /* GigE Vision */
  guint64             resent_packets;

  /* The ledger, the verdict and the faults. */
  GArray             *unpaired;          /* (element-type VigilMetricsUnpaired) */
  GArray             *orphans;           /* (nullable) (element-type VigilMetricsOrphans):
                                          * NULL while there is no orphan attribution */
  gboolean            has_verdict;
  VigilVerdictStatus  verdict[VIGIL_N_METRICS];
  gdouble             fd_slope_per_reconnect;   /* NAN unknown */
  gdouble             time_to_exhaustion_seconds; /* INFINITY never, NAN unknown */
  GArray             *faults;            /* (element-type VigilMetricsFault) */

  /* The build. */
  const char         *version;           /* static strings */
  char               *aravis_version;
} VigilMetricsFigures;

GType                vigil_metrics_figures_get_type (void) G_GNUC_CONST;
VigilMetricsFigures *vigil_metrics_figures_new      (void);
VigilMetricsFigures *vigil_metrics_figures_ref      (VigilMetricsFigures *figures);
void                 vigil_metrics_figures_unref    (VigilMetricsFigures *figures);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilMetricsFigures, vigil_metrics_figures_unref)

G_END_DECLS
