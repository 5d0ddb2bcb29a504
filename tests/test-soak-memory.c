/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "vigil-soak-memory.h"

/* More offers than the series holds: it thins itself evenly and keeps
 * at most VIGIL_SOAK_MEMORY_MAX points, oldest first. */
static void
test_soak_memory_thinning (void)
{
  g_autoptr(VigilProbe) probe = vigil_probe_new ();
  g_autoptr(VigilSoakMemory) memory = vigil_soak_memory_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  JsonArray *series;
  gint64 last = -1;
  gdouble slope, lower, mk_p;

  for (guint64 cycle = 0; cycle < 3 * VIGIL_SOAK_MEMORY_MAX; cycle++)
    vigil_soak_memory_sample (memory, probe, cycle);
  g_assert_cmpuint (vigil_soak_memory_get_n (memory), >=, VIGIL_SOAK_MEMORY_MAX / 2);
  g_assert_cmpuint (vigil_soak_memory_get_n (memory), <, VIGIL_SOAK_MEMORY_MAX);

  json_builder_begin_object (builder);
  vigil_soak_memory_add_json (memory, builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  series = json_object_get_array_member (json_node_get_object (root), "memory_series");
  g_assert_cmpuint (json_array_get_length (series), ==, vigil_soak_memory_get_n (memory));
  for (guint i = 0; i < json_array_get_length (series); i++)
    {
      JsonObject *point = json_array_get_object_element (series, i);
      gint64 cycle = json_object_get_int_member (point, "cycle");

      g_assert_cmpint (cycle, >, last);
      last = cycle;
      g_assert_cmpint (json_object_get_int_member (point, "private_bytes"), >, 0);
      g_assert_cmpint (json_object_get_int_member (point, "resident_bytes"), >, 0);
      g_assert_cmpint (json_object_get_int_member (point, "private_bytes_untrimmed"), >, 0);
      g_assert_true (json_object_has_member (point, "heap_in_use_bytes"));
    }
  /* The last point is from the last quarter of the offers. */
  g_assert_cmpint (last, >=, 2 * VIGIL_SOAK_MEMORY_MAX);

  vigil_soak_memory_trend (memory, VIGIL_SOAK_MEMORY_PRIVATE, &slope, &lower, &mk_p);
  g_assert_false (isnan (slope));
  g_assert_cmpfloat (lower, <=, slope);
  g_assert_cmpfloat (mk_p, >=, 0);
  g_assert_cmpfloat (mk_p, <=, 1);
}

/* Too few points: no slope, not a zero. */
static void
test_soak_memory_too_few (void)
{
  g_autoptr(VigilProbe) probe = vigil_probe_new ();
  g_autoptr(VigilSoakMemory) memory = vigil_soak_memory_new ();
  gdouble slope, lower, mk_p;

  for (guint64 cycle = 0; cycle < 3; cycle++)
    vigil_soak_memory_sample (memory, probe, cycle);
  vigil_soak_memory_trend (memory, VIGIL_SOAK_MEMORY_PRIVATE, &slope, &lower, &mk_p);
  g_assert_true (isnan (slope));
  g_assert_cmpfloat (mk_p, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/soak-memory/thinning", test_soak_memory_thinning);
  g_test_add_func ("/vigil/soak-memory/too-few", test_soak_memory_too_few);

  return g_test_run ();
}
