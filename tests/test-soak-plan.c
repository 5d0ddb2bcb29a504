/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "vigil-error.h"
#include "vigil-faults.h"
#include "vigil-soak-plan.h"

/* The systematic plan: every step in order, no cycle left out. */

static void
test_systematic_steps (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSoakPlan) plan = vigil_soak_plan_new ("all", VIGIL_SOAK_SYSTEMATIC, 0, 1, 200, 50,
                                                       TRUE, FALSE, &error);
  const char * const *points = vigil_faults_list_points ();
  guint n_points = g_strv_length ((char **) points);
  const VigilSoakStep *step;
  guint64 cycle = 50;
  guint n_steps = 0, n_sims = 0;
  g_autoptr(GHashTable) once = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) persistent = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_no_error (error);
  g_assert_null (vigil_soak_plan_get_step (plan, 49));

  /* The steps tile [warm-up, cycles) without a gap. */
  while ((step = vigil_soak_plan_get_step (plan, cycle)) != NULL)
    {
      g_assert_cmpuint (step->first_cycle, ==, cycle);
      g_assert_cmpuint (step->n_cycles, >, 0);
      if (step->sim != VIGIL_SOAK_SIM_NONE)
        {
          /* The simulated disconnects come first, 4 cycles each, once. */
          g_assert_cmpuint (n_steps, ==, n_sims);
          g_assert_null (step->point);
          g_assert_false (step->persistent);
          g_assert_cmpuint (step->n_cycles, ==, 4);
          n_sims++;
        }
      else
        {
          g_assert_nonnull (step->point);
          g_hash_table_add (step->persistent ? persistent : once, (gpointer) step->point);
        }
      n_steps++;
      cycle += step->n_cycles;
    }
  g_assert_cmpuint (cycle, ==, 200);
  g_assert_cmpuint (n_sims, ==, 3);
  g_assert_cmpuint (n_steps, ==, vigil_soak_plan_get_n_steps (plan));
  g_assert_cmpuint (n_steps, ==, 3 + 2 * n_points);
  for (guint i = 0; points[i]; i++)
    {
      g_assert_true (g_hash_table_contains (once, points[i]));
      g_assert_true (g_hash_table_contains (persistent, points[i]));
    }
}

static void
test_real_camera (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSoakPlan) plan = vigil_soak_plan_new ("open.device,sim.unplug", VIGIL_SOAK_SYSTEMATIC,
                                                       0, 1, 200, 50, FALSE, FALSE, &error);

  g_assert_null (plan);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "sim.unplug"));
}

static void
test_unknown_point (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSoakPlan) plan = vigil_soak_plan_new ("open.device,open.nowhere", VIGIL_SOAK_SYSTEMATIC,
                                                       0, 1, 200, 50, TRUE, FALSE, &error);

  g_assert_null (plan);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "open.nowhere"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vigil/soak-plan/systematic-steps", test_systematic_steps);
  g_test_add_func ("/vigil/soak-plan/real-camera", test_real_camera);
  g_test_add_func ("/vigil/soak-plan/unknown-point", test_unknown_point);
  return g_test_run ();
}
