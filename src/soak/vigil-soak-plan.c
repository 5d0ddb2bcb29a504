/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-soak-plan"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-faults.h"
#include "vigil-soak-plan.h"

/* The fault plan of a vigil-soak run (reference/diagnostics.md,
 * "systematic vs random").  A cycle is one reconnect of a supervisor.
 * Systematic: after the warm-up, the cycles are split evenly over steps,
 * one per listed point and mode (once, persistent; the simulated
 * disconnects once only, and first), so every failure path is taken a
 * known number of times.  The simulated disconnects cost seconds a round
 * (measured: a freeze about 1 s, packet loss about 1 s, an unplug about
 * 5 s, as the old session's device keeps the new camera process's control
 * until the reaper has released it), so each sim.* step gets SIM_CYCLES
 * cycles only.  Random: each round (one disturbance of a camera and its
 * recovery) arms each listed point with probability P, drawn from one
 * generator seeded with the seed, so the same seed gives the same
 * sequence. */

#define SIM_CYCLES 4

static const char * const sim_names[] = {
  [VIGIL_SOAK_SIM_NONE] = "none",
  [VIGIL_SOAK_SIM_FREEZE] = "sim.freeze",
  [VIGIL_SOAK_SIM_UNPLUG] = "sim.unplug",
  [VIGIL_SOAK_SIM_LOSS] = "sim.loss",
};

struct _VigilSoakPlan
{
  VigilSoakMode  mode;
  gdouble        probability;
  guint32        seed;
  guint64        warmup;
  GPtrArray     *points;          /* static strings, NULL-terminated */
  GArray        *steps;           /* VigilSoakStep */
  GRand         *rand;
};

const char *
vigil_soak_sim_to_string (VigilSoakSim sim)
{
  return sim < G_N_ELEMENTS (sim_names) ? sim_names[sim] : "unknown";
}

static VigilSoakSim
sim_from_string (const char *name)
{
  for (guint i = VIGIL_SOAK_SIM_FREEZE; i < G_N_ELEMENTS (sim_names); i++)
    if (g_str_equal (name, sim_names[i]))
      return i;
  return VIGIL_SOAK_SIM_NONE;
}

/* Points reached after an open succeeded: their failure costs a second
 * reconnect. */
gboolean
vigil_soak_point_is_post_open (const char *point)
{
  return g_strcmp0 (point, "frame.timeout") == 0 || g_strcmp0 (point, "control.lost") == 0;
}

static const char *
static_point (const char *name)
{
  const char * const *points = vigil_faults_list_points ();
  VigilSoakSim sim = sim_from_string (name);

  if (sim != VIGIL_SOAK_SIM_NONE)
    return sim_names[sim];
  for (guint i = 0; points[i]; i++)
    if (g_str_equal (points[i], name))
      return points[i];
  return NULL;
}

static void
add_point (VigilSoakPlan *self,
           const char    *point)
{
  for (guint i = 0; i < self->points->len; i++)
    if (g_ptr_array_index (self->points, i) == point)
      return;
  g_ptr_array_add (self->points, (gpointer) point);
}

static gboolean
parse_points (VigilSoakPlan  *self,
              const char     *faults,
              gboolean        simulated,
              GError        **error)
{
  g_auto(GStrv) items = g_strsplit (faults ? faults : "", ",", -1);

  for (guint i = 0; items[i]; i++)
    {
      char *item = g_strstrip (items[i]);
      const char *point;

      if (*item == '\0' || g_str_equal (item, "none"))
        continue;
      if (g_str_equal (item, "all"))
        {
          const char * const *points = vigil_faults_list_points ();

          for (guint j = 0; points[j]; j++)
            add_point (self, points[j]);
          for (guint j = VIGIL_SOAK_SIM_FREEZE; simulated && j < G_N_ELEMENTS (sim_names); j++)
            add_point (self, sim_names[j]);
          continue;
        }
      if ((point = static_point (item)) == NULL)
        {
          g_autofree char *known = g_strjoinv (", ", (char **) vigil_faults_list_points ());

          g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                       _("“%s” is not a fault point; the points are %s, sim.freeze, sim.unplug, sim.loss, or all"),
                       item, known);
          return FALSE;
        }
      if (!simulated && sim_from_string (point) != VIGIL_SOAK_SIM_NONE)
        {
          g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                       _("%s needs the simulated camera; it cannot be done to a real camera"), point);
          return FALSE;
        }
      add_point (self, point);
    }
  return TRUE;
}

static void
build_steps (VigilSoakPlan *self,
             guint64        cycles)
{
  guint64 measured = cycles > self->warmup ? cycles - self->warmup : 0;
  guint64 next = self->warmup, fixed = 0, share, extra;
  guint n_shared = 0;

  /* The simulated disconnects first, right after the warm-up: each
   * replaces the camera process, and what that changes once -- the new
   * camera's default 512x512 frames leave the heap larger, library pages
   * are no longer shared with the old process -- is then part of the
   * settling, not a last memory sample 0.3 to 2 MB above all others. */
  for (guint k = 0; k < 2 * self->points->len; k++)
    {
      const char *name = g_ptr_array_index (self->points, k % self->points->len);
      VigilSoakSim sim = sim_from_string (name);

      if ((k < self->points->len) != (sim != VIGIL_SOAK_SIM_NONE))
        continue;
      for (guint m = 0; m < (sim == VIGIL_SOAK_SIM_NONE ? 2 : 1); m++)
        {
          VigilSoakStep step = {
            .point = sim == VIGIL_SOAK_SIM_NONE ? name : NULL,
            .sim = sim,
            .persistent = m == 1,
          };

          if (sim != VIGIL_SOAK_SIM_NONE)
            fixed += step.n_cycles = SIM_CYCLES;
          else
            n_shared++;
          g_array_append_val (self->steps, step);
        }
    }
  if (self->steps->len == 0)
    return;

  fixed = MIN (fixed, measured);
  share = n_shared ? (measured - fixed) / n_shared : 0;
  extra = n_shared ? (measured - fixed) % n_shared : 0;
  for (guint i = 0; i < self->steps->len; i++)
    {
      VigilSoakStep *step = &g_array_index (self->steps, VigilSoakStep, i);

      if (step->sim == VIGIL_SOAK_SIM_NONE)
        step->n_cycles = share + (extra > 0 ? 1 : 0);
      else
        step->n_cycles = MIN (step->n_cycles, measured - (next - self->warmup));
      if (step->sim == VIGIL_SOAK_SIM_NONE && extra > 0)
        extra--;
      step->first_cycle = next;
      next += step->n_cycles;
    }
}

/**
 * vigil_soak_plan_new:
 * @faults: (nullable): "all", or point names separated by commas
 *   (including sim.freeze, sim.unplug, sim.loss); %NULL for none
 * @cycles: cycles of the whole run, @warmup included
 * @simulated: whether the camera is simulated (sim.* allowed, part of all)
 * @leak_demo: adds callback.register, whose failure path leaks on purpose
 *
 * Returns: (transfer full) (nullable): the plan, or %NULL with @error
 *   naming the unknown point
 */
VigilSoakPlan *
vigil_soak_plan_new (const char     *faults,
                     VigilSoakMode   mode,
                     gdouble         probability,
                     guint32         seed,
                     guint64         cycles,
                     guint64         warmup,
                     gboolean        simulated,
                     gboolean        leak_demo,
                     GError        **error)
{
  g_autoptr(VigilSoakPlan) self = g_new0 (VigilSoakPlan, 1);

  self->mode = mode;
  self->probability = probability;
  self->seed = seed;
  self->warmup = warmup;
  self->points = g_ptr_array_new ();
  self->steps = g_array_new (FALSE, TRUE, sizeof (VigilSoakStep));
  self->rand = g_rand_new_with_seed (seed);

  if (!parse_points (self, faults, simulated, error))
    return NULL;
  if (leak_demo)
    add_point (self, static_point ("callback.register"));
  if (self->points->len > VIGIL_SOAK_MAX_DRAW)
    g_ptr_array_set_size (self->points, VIGIL_SOAK_MAX_DRAW);
  if (mode == VIGIL_SOAK_SYSTEMATIC)
    build_steps (self, cycles);
  g_ptr_array_add (self->points, NULL);
  return g_steal_pointer (&self);
}

void
vigil_soak_plan_free (VigilSoakPlan *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->points, g_ptr_array_unref);
  g_clear_pointer (&self->steps, g_array_unref);
  g_clear_pointer (&self->rand, g_rand_free);
  g_free (self);
}

VigilSoakMode
vigil_soak_plan_get_mode (VigilSoakPlan *self)
{
  return self->mode;
}

guint32
vigil_soak_plan_get_seed (VigilSoakPlan *self)
{
  return self->seed;
}

guint64
vigil_soak_plan_get_warmup (VigilSoakPlan *self)
{
  return self->warmup;
}

/**
 * vigil_soak_plan_get_points:
 *
 * Returns: (transfer none): the points of the plan, %NULL-terminated
 */
const char * const *
vigil_soak_plan_get_points (VigilSoakPlan *self)
{
  return (const char * const *) self->points->pdata;
}

guint
vigil_soak_plan_get_n_steps (VigilSoakPlan *self)
{
  return self->steps->len;
}

/**
 * vigil_soak_plan_get_step:
 *
 * Returns: (transfer none) (nullable): the systematic step @cycle belongs
 *   to; %NULL in the warm-up, past the last step and in random mode
 */
const VigilSoakStep *
vigil_soak_plan_get_step (VigilSoakPlan *self,
                          guint64        cycle)
{
  for (guint i = 0; i < self->steps->len; i++)
    {
      const VigilSoakStep *step = &g_array_index (self->steps, VigilSoakStep, i);

      if (cycle >= step->first_cycle && cycle < step->first_cycle + step->n_cycles)
        return step;
    }
  return NULL;
}

/* The next random round: each point with the plan's probability. */
void
vigil_soak_plan_draw (VigilSoakPlan *self,
                      VigilSoakDraw *draw)
{
  draw->n_points = 0;
  draw->sim = VIGIL_SOAK_SIM_NONE;
  for (guint i = 0; i + 1 < self->points->len; i++)
    {
      const char *point = g_ptr_array_index (self->points, i);
      VigilSoakSim sim = sim_from_string (point);

      /* Always draw, so what one point gets does not depend on the others. */
      if (g_rand_double (self->rand) >= self->probability)
        continue;
      if (sim == VIGIL_SOAK_SIM_NONE)
        draw->points[draw->n_points++] = point;
      else if (draw->sim == VIGIL_SOAK_SIM_NONE)
        draw->sim = sim;
    }
}

/**
 * vigil_soak_plan_describe:
 *
 * Returns: (transfer full): the plan in one line of words
 */
char *
vigil_soak_plan_describe (VigilSoakPlan *self)
{
  guint n = self->points->len - 1;

  if (n == 0)
    return g_strdup (_("no faults: clean reconnects"));
  if (self->mode == VIGIL_SOAK_RANDOM)
    return g_strdup_printf (_("random faults at %u points, probability %g per round, seed %u"),
                            n, self->probability, self->seed);
  return g_strdup_printf (_("systematic faults: %u points, %u steps (once and persistent), "
                            "about %" PRIu64 " cycles each"),
                          n, self->steps->len,
                          self->steps->len ? g_array_index (self->steps, VigilSoakStep, 0).n_cycles : 0);
}
