/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "bench-util.h"
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "vigil-feature-model.h"
#include "vigil-feature-tree.h"
#include "feature-xml.h"

/* The Features view's own costs over 2,000 features in 50 categories,
 * without GTK and without a camera: walking the node tree (what the worker
 * does when the view opens) and filtering it (what each keystroke costs
 * before GTK redraws).  Run: meson test -C _build --benchmark --verbose
 * bench-feature-tree.  Prints medians in microseconds. */

#define RUNS 21

int
main (int   argc,
      char *argv[])
{
  g_autofree char *path = NULL;
  g_autofree char *xml = NULL;
  g_autoptr(ArvGc) genicam = NULL;
  g_autoptr(VigilFeatureTree) tree = NULL;
  g_autoptr(VigilFeatureModel) model = NULL;
  static const char * const typed[] = { "s", "se", "set", "sett", "setti", "settin", "setting", "setting 1",
                                        "setting 12", "setting 12 of", "" };
  gdouble walk[RUNS], filter[RUNS * G_N_ELEMENTS (typed)];
  gsize length = 0;
  guint n = 0;

  g_setenv ("G_TEST_SRCDIR", SOURCE_TESTS_DIR, FALSE);
  g_test_init (&argc, &argv, NULL);
  path = feature_xml_generate_large ();
  g_assert_true (g_file_get_contents (path, &xml, &length, NULL));
  genicam = arv_gc_new (NULL, xml, length);
  for (guint i = 0; i < RUNS; i++)
    {
      gint64 start = now_ns ();

      g_clear_pointer (&tree, vigil_feature_tree_unref);
      tree = vigil_feature_tree_build (genicam, NULL);
      walk[i] = (now_ns () - start) / 1000.0;
    }
  model = vigil_feature_model_new (tree);
  for (guint r = 0; r < RUNS; r++)
    for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
      {
        gint64 start = now_ns ();

        vigil_feature_model_set_filter (model, VIGIL_FEATURE_VISIBILITY_GURU, typed[i]);
        filter[n++] = (now_ns () - start) / 1000.0;
      }
  g_print ("tree walk of %u nodes: median %.0f µs\n", vigil_feature_tree_get_nodes (tree)->len, median (walk, RUNS));
  g_print ("filter (search as you type, Guru level): median %.0f µs per keystroke\n", median (filter, n));
  g_unlink (path);
  return 0;
}
