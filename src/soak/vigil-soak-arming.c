/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-soak-arming"

#include "config.h"

#include "vigil-faults.h"
#include "vigil-soak-runner-private.h"

/* Fault arming for VigilSoakRunner: which failure path a round takes (the
 * random draw or the systematic step of the plan, see vigil-soak-plan.c),
 * whether what it armed has fired, and the record of the rounds in which
 * faults fired. */

VigilFaults *
_vigil_soak_arming_get_faults (VigilSoakRunner *self)
{
  return vigil_diagnostics_get_faults (self->diagnostics);
}

/* Arms @point, persistently or "off", or fails the run. */
static void
arm (VigilSoakRunner *self,
     const char      *point,
     const char      *how)
{
  g_autoptr(GError) error = NULL;

  if (!vigil_faults_arm (_vigil_soak_arming_get_faults (self), point, how, &error))
    _vigil_soak_runner_fail (self, g_steal_pointer (&error));
}

/* Arms @point once for @slot's round, unless an earlier once arming has not
 * fired yet (another camera's round): then that one serves both. */
static void
arm_once (VigilSoakRunner *self,
          Slot            *slot,
          const char      *point)
{
  guint64 total = vigil_faults_get_total_fired (_vigil_soak_arming_get_faults (self), point);
  guint64 target = GPOINTER_TO_SIZE (g_hash_table_lookup (self->pending, point));
  Target t = { point, 0 };

  if (target <= total)
    {
      target = total + 1;
      g_hash_table_insert (self->pending, (gpointer) point, GSIZE_TO_POINTER (target));
      arm (self, point, "once");
      if (self->error != NULL)
        return;
    }
  t.target = target;
  g_array_append_val (slot->targets, t);
  if (vigil_soak_point_is_post_open (point))
    slot->need_attempts = MAX (slot->need_attempts, 2);
}

/* Notes what has fired so far, then arms @slot's new round: the random
 * draw, or the current systematic step.  Returns the simulated disconnect
 * the round takes (none yet: the slot makes it). */
VigilSoakSim
_vigil_soak_arming_arm_round (VigilSoakRunner *self,
                              Slot            *slot)
{
  VigilFaults *faults = _vigil_soak_arming_get_faults (self);
  const char * const *points = vigil_soak_plan_get_points (self->plan);
  VigilSoakSim sim = VIGIL_SOAK_SIM_NONE;

  for (guint i = 0; points[i] && i < VIGIL_SOAK_MAX_DRAW; i++)
    slot->fired_before[i] = g_str_has_prefix (points[i], "sim.") ? 0
                            : vigil_faults_get_total_fired (faults, points[i]);

  if (self->phase == RUN_MEASURE && vigil_soak_plan_get_mode (self->plan) == VIGIL_SOAK_RANDOM)
    {
      VigilSoakDraw draw;

      vigil_soak_plan_draw (self->plan, &draw);
      for (guint i = 0; i < draw.n_points; i++)
        arm_once (self, slot, draw.points[i]);
      sim = draw.sim;
    }
  else if (self->step != NULL)
    {
      if (self->step->point != NULL && !self->step->persistent)
        arm_once (self, slot, self->step->point);
      sim = self->step->sim;
    }
  return sim;
}

gboolean
_vigil_soak_arming_targets_fired (VigilSoakRunner *self,
                                  Slot            *slot)
{
  for (guint i = 0; i < slot->targets->len; i++)
    {
      Target *t = &g_array_index (slot->targets, Target, i);

      if (vigil_faults_get_total_fired (_vigil_soak_arming_get_faults (self), t->point) < t->target)
        return FALSE;
    }
  return TRUE;
}

/* Moves the systematic plan to the step of the current cycle. */
void
_vigil_soak_arming_follow_step (VigilSoakRunner *self)
{
  const VigilSoakStep *step = NULL;

  if (self->phase == RUN_MEASURE && vigil_soak_plan_get_mode (self->plan) == VIGIL_SOAK_SYSTEMATIC)
    step = vigil_soak_plan_get_step (self->plan, self->cycles);
  if (step == self->step)
    return;

  if (self->step != NULL && self->step->persistent && self->step->point != NULL)
    vigil_faults_arm (_vigil_soak_arming_get_faults (self), self->step->point, "off", NULL);
  self->step = step;
  if (step != NULL && step->persistent && step->point != NULL)
    arm (self, step->point, "persistent");
  g_debug ("Cycle %" G_GUINT64_FORMAT ": step %s %s", self->cycles,
           step ? (step->point ? step->point : vigil_soak_sim_to_string (step->sim)) : "none",
           step && step->persistent ? "persistent" : "once");
}

/* "stream.create, sim.unplug": the plan's points in @mask. */
char *
_vigil_soak_arming_points_to_string (VigilSoakRunner *self,
                                     guint32          mask)
{
  const char * const *points = vigil_soak_plan_get_points (self->plan);
  GString *out = g_string_new (NULL);

  for (guint i = 0; points[i] && i < VIGIL_SOAK_MAX_DRAW; i++)
    if (mask & (1u << i))
      g_string_append_printf (out, "%s%s", out->len ? ", " : "", points[i]);
  return g_string_free (out, FALSE);
}

/* At the end of @slot's round: which of the plan's points fired in it. */
static guint32
fired_mask (VigilSoakRunner *self,
            Slot            *slot)
{
  const char * const *points = vigil_soak_plan_get_points (self->plan);
  guint32 mask = 0;

  for (guint i = 0; points[i] && i < VIGIL_SOAK_MAX_DRAW; i++)
    {
      gboolean did;

      if (g_str_has_prefix (points[i], "sim."))
        did = g_str_equal (points[i], vigil_soak_sim_to_string (slot->sim));
      else
        did = vigil_faults_get_total_fired (_vigil_soak_arming_get_faults (self), points[i])
              > slot->fired_before[i];
      if (did)
        mask |= 1u << i;
    }
  return mask;
}

/* Records the round @slot ends, if faults fired in it, and tells the
 * round function. */
void
_vigil_soak_arming_record_round (VigilSoakRunner *self,
                                 Slot            *slot)
{
  guint32 mask = fired_mask (self, slot);

  /* Kept as a mask in a table taken at the start, so that a fault-heavy
   * run's record of itself does not grow the memory it measures. */
  if (mask != 0 && self->n_fired_rounds < VIGIL_SOAK_MAX_ROUNDS_KEPT)
    self->fired_rounds[self->n_fired_rounds++] = (FiredRound) { slot->round, slot->index + 1, mask };
  if (mask != 0 && self->round_func != NULL)
    {
      g_autofree char *names = _vigil_soak_arming_points_to_string (self, mask);
      VigilSoakRound round = { slot->round, slot->index + 1, names };

      self->round_func (self, &round, self->progress_data);
    }
}
