/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "vigil-error.h"
#include "vigil-soak-trigger.h"

static void
test_parse (void)
{
  const char *bad[] = { NULL, "", "software", "software:", "software:0", "software:-2", "software:abc",
                        "software:5x", "software:nan", "software:inf", "software:1000", "line0:5", "Software:5" };
  double hz = 0;

  g_assert_true (vigil_soak_trigger_parse ("software:5", &hz, NULL));
  g_assert_cmpfloat (hz, ==, 5.0);
  g_assert_true (vigil_soak_trigger_parse ("software:0.5", &hz, NULL));
  g_assert_cmpfloat (hz, ==, 0.5);
  g_assert_true (vigil_soak_trigger_parse ("software:25", &hz, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      hz = -1;
      g_assert_false (vigil_soak_trigger_parse (bad[i], &hz, &error));
      g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT);
      g_assert_cmpfloat (hz, ==, -1);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/soak-trigger/parse", test_parse);

  return g_test_run ();
}
