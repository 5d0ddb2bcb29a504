/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the files of VigilSoakRunner share, and only they (src/soak):
 *   vigil-soak-runner.c   the object, its config, the run loop and its phases
 *   vigil-soak-slot.c     one camera's slot: its supervisor and its rounds
 *   vigil-soak-arming.c   which failure path a round takes, and which fired
 *   vigil-soak-quiesce.c  quiesce points: baseline, memory checkpoints, final
 *   vigil-soak-verdict.c  the result and verdict of a finished run
 *   vigil-soak-report.c   the run as a vigil-snapshot/1 document
 * Everything here runs on the main context of vigil_soak_runner_run (). */

#if !defined (VIGIL_SOAK_COMPILATION)
#error "vigil-soak-runner-private.h is for the files of src/soak only"
#endif

#include <glib-object.h>

#include "vigil-diagnostics.h"
#include "vigil-loopback.h"
#include "vigil-sim-camera.h"
#include "vigil-soak-memory.h"
#include "vigil-soak-plan.h"
#include "vigil-soak-runner.h"
#include "vigil-supervisor.h"

G_BEGIN_DECLS

#define VIGIL_SOAK_MAX_ROUNDS_KEPT 10000

typedef enum
{
  RUN_WARMUP,
  RUN_QUIESCE_BASELINE,
  RUN_MEASURE,
  RUN_CHECKPOINT,
  RUN_QUIESCE_FINAL,
  RUN_DONE,
} RunPhase;

typedef enum
{
  SLOT_STARTING,     /* opened, waiting for its first Streaming */
  SLOT_READY,        /* streaming, no round in progress */
  SLOT_ROUND,        /* disturbed, waiting for Streaming again */
  SLOT_FROZEN,       /* camera stopped, waiting for the loss to be seen */
  SLOT_UNPLUGGED,    /* camera killed, waiting for the loss to be seen */
  SLOT_CLOSING,
  SLOT_CLOSED,
} SlotState;

/* A once arming a round waits for: @point's total fired count reaching
 * @target means "it fired". */
typedef struct
{
  const char *point;
  guint64     target;
} Target;

typedef struct
{
  VigilSoakRunner *runner;     /* owns the slot */
  guint            index;
  char            *address;
  VigilSimCamera  *camera;     /* (nullable) */
  VigilSupervisor *supervisor;
  SlotState        state;
  gboolean         seen_active;
  guint64          reconnects_seen;
  guint64          attempts;   /* reconnects and replacements this round */
  guint64          need_attempts;
  GArray          *targets;    /* (element-type Target) */
  guint64          fired_before[VIGIL_SOAK_MAX_DRAW + 1];
  guint64          round;
  VigilSoakSim     sim;
  guint            loss_stage; /* 1: lossy link, 2: clean again */
  gint64           since_us;
  gint64           frozen_seen_us;
  gboolean         configure;  /* the camera was respawned: set its rate */
  guint            writes;     /* feature writes not answered yet */
} Slot;

typedef struct
{
  guint64 round;
  guint   camera;              /* 1-based */
  guint32 points;              /* bit i: the plan's point i fired */
} FiredRound;

G_STATIC_ASSERT (VIGIL_SOAK_MAX_DRAW <= 32);

struct _VigilSoakRunner
{
  GObject                parent_instance;

  guint64                cycles_wanted;
  char                  *camera_id;
  guint                  n_cameras;
  gdouble                frame_rate;
  gboolean               leak_demo;
  VigilMemoryBudget      memory_budget;
  VigilSoakPlan         *plan;
  VigilDiagnostics      *diagnostics;
  VigilLoopback         *loopback;
  GPtrArray             *slots;      /* (element-type Slot) */
  GMainContext          *context;    /* of run (), from its start */
  GMainLoop             *loop;
  GHashTable            *pending;    /* point → target of its once arming */

  RunPhase               phase;
  const VigilSoakStep   *step;
  guint64                cycles;
  guint64                rounds;
  guint64                replacements;
  guint64                baseline_cycles;
  guint64                checkpoint_every;
  guint64                next_checkpoint;  /* cycles since the baseline */
  gint64                 pause_since_us;   /* checkpoint: all rounds ended */
  gint64                 paused_us;        /* all checkpoints so far */
  gint64                 start_us;
  gint64                 end_us;
  VigilProbeSample      *start_sample;
  VigilProbeSample      *baseline;
  gint64                 baseline_ledger;
  VigilProbeSample      *final;
  VigilSoakMemory       *memory;
  FiredRound            *fired_rounds; /* VIGIL_SOAK_MAX_ROUNDS_KEPT, committed */
  guint                  n_fired_rounds;
  GSource               *tick_source;      /* attached to @context */
  GSource               *evaluate_source;  /* likewise */
  gboolean               interrupted;
  GError                *error;
  VigilSoakResult        result;

  VigilSoakProgressFunc  progress_func;
  VigilSoakRoundFunc     round_func;
  gpointer               progress_data;
};

/* vigil-soak-runner.c */
void          _vigil_soak_runner_queue_evaluate  (VigilSoakRunner  *self);
void          _vigil_soak_runner_fail            (VigilSoakRunner  *self,
                                                  GError           *error);

/* vigil-soak-slot.c */
void          _vigil_soak_slot_free              (Slot             *slot);
void          _vigil_soak_slot_set_state         (Slot             *slot,
                                                  SlotState         state);
void          _vigil_soak_slot_start_supervisor  (Slot             *slot);
void          _vigil_soak_slot_step              (Slot             *slot);
void          _vigil_soak_slot_begin_round       (Slot             *slot);
void          _vigil_soak_slot_reconfigure       (Slot             *slot);
gboolean      _vigil_soak_slot_start_cameras     (VigilSoakRunner  *self,
                                                  GError          **error);

/* vigil-soak-arming.c */
VigilFaults  *_vigil_soak_arming_get_faults      (VigilSoakRunner  *self);
VigilSoakSim  _vigil_soak_arming_arm_round       (VigilSoakRunner  *self,
                                                  Slot             *slot);
gboolean      _vigil_soak_arming_targets_fired   (VigilSoakRunner  *self,
                                                  Slot             *slot);
void          _vigil_soak_arming_follow_step     (VigilSoakRunner  *self);
void          _vigil_soak_arming_record_round    (VigilSoakRunner  *self,
                                                  Slot             *slot);
char         *_vigil_soak_arming_points_to_string (VigilSoakRunner *self,
                                                  guint32           mask);

/* vigil-soak-quiesce.c */
gboolean      _vigil_soak_quiesce_rounds_running (VigilSoakRunner  *self);
void          _vigil_soak_quiesce_baseline       (VigilSoakRunner  *self);
void          _vigil_soak_quiesce_checkpoint     (VigilSoakRunner  *self);
void          _vigil_soak_quiesce_final          (VigilSoakRunner  *self);

/* vigil-soak-verdict.c */
void          _vigil_soak_verdict_finish         (VigilSoakRunner  *self);

G_END_DECLS
