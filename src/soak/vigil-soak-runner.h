/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "vigil-diagnostics.h"
#include "vigil-history.h"
#include "vigil-soak-plan.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_SOAK_RUNNER (vigil_soak_runner_get_type ())

G_DECLARE_FINAL_TYPE (VigilSoakRunner, vigil_soak_runner, VIGIL, SOAK_RUNNER, GObject)

typedef struct
{
  guint64        cycles;
  const char    *camera_id;     /* (nullable) a real camera; NULL: simulated */
  const char    *faults;        /* (nullable) "all" or a list; NULL: none */
  VigilSoakMode  mode;
  gdouble        probability;
  guint32        seed;
  gboolean       leak_demo;
  guint          cameras;       /* simulated cameras side by side, >= 1 */
  gdouble        frame_rate;    /* of the simulated cameras; 0: theirs */
  gdouble        trigger_hz;    /* > 0: software-trigger mode, triggered this often */
  gdouble        memory_budget_bytes;  /* growth that matters…  0: 100 MB */
  gdouble        memory_budget_days;   /* …within this many days; 0: 365 */
} VigilSoakConfig;

typedef struct
{
  gboolean  measuring;          /* the baseline was taken */
  guint64   cycles;
  guint64   target;
  gdouble   elapsed_s;
  gdouble   rate;               /* cycles per second so far */
  gint64    fd_delta;           /* from the baseline (or the start) */
  gint64    thread_delta;
  gint64    memory_delta;       /* private bytes */
} VigilSoakProgress;

/* One round's faults that fired, for the fired sequence. */
typedef struct
{
  guint64  round;
  guint    camera;
  char    *fired;               /* "stream.create, sim.unplug" */
} VigilSoakRound;

typedef struct
{
  VigilVerdictStatus  status;
  gboolean            interrupted;
  guint64             cycles;
  guint64             rounds;
  guint64             replacements;
  guint64             measured_cycles;  /* after the baseline */
  gdouble             seconds;
  gdouble             checkpoint_seconds; /* paused at quiesce points to sample memory */
  gdouble             rate;             /* cycles per second, whole run less those pauses */
  gint64              fd_delta;         /* quiesced, final − baseline */
  gdouble             fd_slope;         /* fd_delta / measured cycles */
  gint64              thread_delta;
  gint64              ledger_open;      /* resources still open after the end */
  gdouble             memory_slope;     /* resident bytes per cycle, Theil–Sen */
  gdouble             memory_lower;     /* its 95 % lower bound */
  gdouble             memory_mk_p;
  gdouble             private_slope;    /* private bytes per cycle, Theil–Sen */
  gdouble             private_mk_p;
  gdouble             untrimmed_slope;  /* private bytes per cycle before malloc_trim () */
  gdouble             untrimmed_mk_p;
  gdouble             heap_slope;       /* malloc's bytes in use per cycle (glibc) */
  gdouble             heap_mk_p;
  guint               memory_n;
  VigilMemoryJudgement memory;          /* the memory word: heap in use, then resident */
  VigilVerdict       *verdict;          /* the history's */
  GPtrArray          *unpaired;         /* (element-type VigilResourceInfo) kept in full */
  VigilLedgerDropped  dropped;          /* sessions the ledger no longer keeps, in totals */
  GArray             *fired;            /* (element-type VigilFaultState) */
  GPtrArray          *orphans;          /* (element-type VigilOrphanGroup) leaks first */
  GPtrArray          *growth;           /* (element-type VigilGrowth) unattributed */
} VigilSoakResult;

/* Called on the main context of the run, about 5 times a second. */
typedef void (*VigilSoakProgressFunc) (VigilSoakRunner         *runner,
                                       const VigilSoakProgress *progress,
                                       gpointer                 user_data);
/* Called for every round in which faults fired. */
typedef void (*VigilSoakRoundFunc)    (VigilSoakRunner         *runner,
                                       const VigilSoakRound    *round,
                                       gpointer                 user_data);

VigilSoakRunner     *vigil_soak_runner_new              (const VigilSoakConfig  *config,
                                                         GError                **error);
void                 vigil_soak_runner_set_progress_func (VigilSoakRunner       *self,
                                                         VigilSoakProgressFunc  func,
                                                         VigilSoakRoundFunc     round_func,
                                                         gpointer               user_data);
gboolean             vigil_soak_runner_run              (VigilSoakRunner        *self,
                                                         GError                **error);
void                 vigil_soak_runner_interrupt        (VigilSoakRunner        *self);
VigilSoakPlan       *vigil_soak_runner_get_plan         (VigilSoakRunner        *self);
VigilDiagnostics    *vigil_soak_runner_get_diagnostics  (VigilSoakRunner        *self);
const VigilSoakResult *vigil_soak_runner_get_result     (VigilSoakRunner        *self);
const char          *vigil_soak_runner_get_camera_id    (VigilSoakRunner        *self);
GPtrArray           *vigil_soak_runner_list_supervisors (VigilSoakRunner        *self);
JsonNode            *vigil_soak_runner_build_report     (VigilSoakRunner        *self);
char                *vigil_soak_result_format_summary   (const VigilSoakResult  *result);
char                *vigil_soak_result_format_details   (const VigilSoakResult  *result);
char                *vigil_soak_result_format_unpaired  (const VigilSoakResult  *result);
char                *vigil_soak_result_format_orphans   (const VigilSoakResult  *result);
char                *vigil_soak_result_format_unexplained (const VigilSoakResult *result);

G_END_DECLS
