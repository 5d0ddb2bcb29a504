/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <arv.h>
#include <glib/gstdio.h>

#include "vigil-feature-list.h"
#include "vigil-feature-model.h"
#include "vigil-feature-tree.h"
#include "feature-xml.h"

/* The flat list the Features view shows: the model's shown rows in the
 * tree's order, one items-changed per filter that a mirror can follow,
 * collapsed categories hiding what is under them. */

typedef struct
{
  GPtrArray *mirror;   /* the list as its signals tell it */
  guint      signals;
} Mirror;

static void
on_items_changed (GListModel *list,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Mirror     *mirror)
{
  mirror->signals++;
  g_ptr_array_remove_range (mirror->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (list, position + i);

      g_ptr_array_insert (mirror->mirror, position + i, item);
    }
}

static VigilFeatureTree *
tree_from (const char *path)
{
  g_autofree char *xml = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ArvGc) genicam = NULL;
  gsize length = 0;
  VigilFeatureTree *tree;

  g_assert_true (g_file_get_contents (path, &xml, &length, &error));
  genicam = arv_gc_new (NULL, xml, length);
  tree = vigil_feature_tree_build (genicam, &error);
  g_assert_no_error (error);
  return tree;
}

/* The list is the shown rows in depth-first order, each after its parent,
 * and the mirror kept by the signals equals it. */
static void
assert_listed (VigilFeatureModel *model,
               VigilFeatureList  *list,
               Mirror            *mirror)
{
  GPtrArray *rows = vigil_feature_model_get_rows (model);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list)), next = 0;

  g_assert_cmpuint (mirror->mirror->len, ==, n);
  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(VigilFeatureRow) item = NULL;

      if (!vigil_feature_model_is_shown (model, rows->pdata[i]))
        continue;
      item = g_list_model_get_item (G_LIST_MODEL (list), next);
      g_assert_true (item == rows->pdata[i]);
      g_assert_true (mirror->mirror->pdata[next] == rows->pdata[i]);
      next++;
    }
  g_assert_cmpuint (next, ==, n);
  g_assert_cmpuint (n, ==, vigil_feature_model_count_shown (model));
}

/* 2,000 generated features: search as you type is one signal a keystroke
 * (none when nothing changed), and the rows that stay are the same. */
static void
test_filter (void)
{
  g_autofree char *path = feature_xml_generate_large ();
  g_autoptr(VigilFeatureTree) tree = tree_from (path);
  g_autoptr(VigilFeatureModel) model = vigil_feature_model_new (tree);
  g_autoptr(VigilFeatureList) list = vigil_feature_list_new (model);
  static const char * const typed[] = { "s", "se", "setting 1", "setting 12", "setting 12", "no such words",
                                        "setting 3", "setting", "" };
  Mirror mirror = { g_ptr_array_new (), 0 };

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_ptr_array_add (mirror.mirror, item);
    }
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &mirror);
  assert_listed (model, list, &mirror);
  g_assert_cmpuint (g_list_model_get_item_type (G_LIST_MODEL (list)), ==, VIGIL_TYPE_FEATURE_ROW);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), G_MAXUINT));

  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      guint before = mirror.signals, shown = vigil_feature_model_count_shown (model);

      vigil_feature_model_set_filter (model, VIGIL_FEATURE_VISIBILITY_GURU, typed[i]);
      vigil_feature_list_update (list, TRUE);
      assert_listed (model, list, &mirror);
      g_assert_cmpuint (mirror.signals - before, <=, 1);
      if (i > 0 && g_strcmp0 (typed[i], typed[i - 1]) == 0)
        g_assert_cmpuint (mirror.signals, ==, before);
      g_test_message ("\"%s\": %u rows, was %u", typed[i], vigil_feature_model_count_shown (model), shown);
    }
  g_assert_cmpuint (vigil_feature_model_count_shown (model), >, 2000);
  g_ptr_array_unref (mirror.mirror);
  g_unlink (path);
}

/* A collapsed category hides what is under it until it is expanded or a
 * new search expands every category. */
static void
test_collapse (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "feature-camera.xml", NULL);
  g_autoptr(VigilFeatureTree) tree = tree_from (path);
  g_autoptr(VigilFeatureModel) model = vigil_feature_model_new (tree);
  g_autoptr(VigilFeatureList) list = vigil_feature_list_new (model);
  VigilFeatureRow *analog = vigil_feature_model_lookup (model, "AnalogControl");
  VigilFeatureRow *gain = vigil_feature_model_lookup (model, "Gain");
  guint all = g_list_model_get_n_items (G_LIST_MODEL (list)), analog_at;

  g_assert_true (vigil_feature_list_is_expanded (list, analog));
  g_assert_false (vigil_feature_list_is_expanded (list, gain));
  analog_at = vigil_feature_list_find (list, "AnalogControl");
  g_assert_cmpuint (analog_at, <, all);
  g_assert_cmpuint (vigil_feature_list_find (list, "Gain"), ==, analog_at + 1);
  g_assert_cmpuint (vigil_feature_list_find (list, "NoSuchFeature"), ==, G_MAXUINT);

  vigil_feature_list_set_expanded (list, analog, FALSE);
  g_assert_false (vigil_feature_list_is_expanded (list, analog));
  /* Gain, GainRaw and GainAuto are under it at the Beginner level. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, all - 3);
  g_assert_cmpuint (vigil_feature_list_find (list, "AnalogControl"), ==, analog_at);
  g_assert_cmpuint (vigil_feature_list_find (list, "GainRaw"), ==, G_MAXUINT);
  /* A feature has nothing to collapse. */
  vigil_feature_list_set_expanded (list, gain, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, all - 3);

  /* The level changes, the category stays closed... */
  vigil_feature_model_set_filter (model, VIGIL_FEATURE_VISIBILITY_EXPERT, NULL);
  vigil_feature_list_update (list, FALSE);
  g_assert_false (vigil_feature_list_is_expanded (list, analog));
  g_assert_cmpuint (vigil_feature_list_find (list, "GainReadback"), ==, G_MAXUINT);
  /* ... a search opens every category with a match. */
  vigil_feature_model_set_filter (model, VIGIL_FEATURE_VISIBILITY_EXPERT, "gain");
  vigil_feature_list_update (list, TRUE);
  g_assert_true (vigil_feature_list_is_expanded (list, analog));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 5);
  vigil_feature_list_set_expanded (list, analog, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  vigil_feature_list_set_expanded (list, analog, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 5);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vigil/feature-list/filter", test_filter);
  g_test_add_func ("/vigil/feature-list/collapse", test_collapse);
  return g_test_run ();
}
