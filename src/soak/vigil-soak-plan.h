/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Which failure path each cycle of vigil-soak takes. */

typedef enum
{
  VIGIL_SOAK_SYSTEMATIC,
  VIGIL_SOAK_RANDOM,
} VigilSoakMode;

/* The simulated camera's disconnects, named sim.<action> in fault lists. */
typedef enum
{
  VIGIL_SOAK_SIM_NONE,
  VIGIL_SOAK_SIM_FREEZE,
  VIGIL_SOAK_SIM_UNPLUG,
  VIGIL_SOAK_SIM_LOSS,
} VigilSoakSim;

/* One systematic step: @point (a fault registry point) or @sim, armed once
 * per round or persistently, for the cycles [first_cycle, first_cycle +
 * n_cycles). */
typedef struct
{
  const char   *point;          /* (nullable) static string */
  VigilSoakSim  sim;
  gboolean      persistent;
  guint64       first_cycle;
  guint64       n_cycles;
} VigilSoakStep;

#define VIGIL_SOAK_MAX_DRAW 16

/* What one random round arms: registry points (once each) and at most one
 * simulated disconnect. */
typedef struct
{
  const char   *points[VIGIL_SOAK_MAX_DRAW];
  guint         n_points;
  VigilSoakSim  sim;
} VigilSoakDraw;

typedef struct _VigilSoakPlan VigilSoakPlan;

VigilSoakPlan       *vigil_soak_plan_new          (const char           *faults,
                                                   VigilSoakMode         mode,
                                                   gdouble               probability,
                                                   guint32               seed,
                                                   guint64               cycles,
                                                   guint64               warmup,
                                                   gboolean              simulated,
                                                   gboolean              leak_demo,
                                                   GError              **error);
void                 vigil_soak_plan_free         (VigilSoakPlan        *self);
VigilSoakMode        vigil_soak_plan_get_mode     (VigilSoakPlan        *self);
guint32              vigil_soak_plan_get_seed     (VigilSoakPlan        *self);
guint64              vigil_soak_plan_get_warmup   (VigilSoakPlan        *self);
const char * const  *vigil_soak_plan_get_points   (VigilSoakPlan        *self);
const VigilSoakStep *vigil_soak_plan_get_step     (VigilSoakPlan        *self,
                                                   guint64               cycle);
guint                vigil_soak_plan_get_n_steps  (VigilSoakPlan        *self);
void                 vigil_soak_plan_draw         (VigilSoakPlan        *self,
                                                   VigilSoakDraw        *draw);
char                *vigil_soak_plan_describe     (VigilSoakPlan        *self);
const char          *vigil_soak_sim_to_string     (VigilSoakSim          sim);
gboolean             vigil_soak_point_is_post_open (const char          *point);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilSoakPlan, vigil_soak_plan_free)

G_END_DECLS
