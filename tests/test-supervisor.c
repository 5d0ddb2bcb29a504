/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "vigil-supervisor.h"

/* Misuse is refused before anything is made: nothing to leak (the unit
 * suite under AddressSanitizer, build-aux/asan-unit, reports a leak). */
static void
test_supervisor_new_refuses_null (void)
{
  VigilSupervisor *supervisor;

  g_test_expect_message ("vigil-supervisor", G_LOG_LEVEL_CRITICAL, "*VIGIL_IS_DIAGNOSTICS*");
  supervisor = vigil_supervisor_new (NULL);
  g_test_assert_expected_messages ();
  g_assert_null (supervisor);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/supervisor/new-refuses-null", test_supervisor_new_refuses_null);

  return g_test_run ();
}
