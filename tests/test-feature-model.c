/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <arv.h>

#include "vigil-error.h"
#include "vigil-feature-model.h"
#include "vigil-feature-tree.h"

/* The feature tree built from XML without a camera (arv_gc_new with no
 * device: the walk reads no register), and the view's model over it. */

static ArvGc *
genicam_from (const char *xml)
{
  return arv_gc_new (NULL, xml, strlen (xml));
}

static VigilFeatureTree *
tree_from_file (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "feature-camera.xml", NULL);
  g_autofree char *xml = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ArvGc) genicam = NULL;
  VigilFeatureTree *tree;

  g_assert_true (g_file_get_contents (path, &xml, NULL, &error));
  genicam = genicam_from (xml);
  tree = vigil_feature_tree_build (genicam, &error);
  g_assert_no_error (error);
  return tree;
}

#define HEAD "<?xml version=\"1.0\"?><RegisterDescription ModelName=\"T\" VendorName=\"V\" " \
             "xmlns=\"http://www.genicam.org/GenApi/Version_1_0\">"
#define TAIL "</RegisterDescription>"

/* A category cycle, a missing feature, hostile strings: the tree is cut,
 * not crashed, and every string is clean. */
static void
test_hostile (void)
{
  const char *xml = HEAD
    "<Category Name=\"Root\"><pFeature>A</pFeature><pFeature>Missing</pFeature></Category>"
    "<Category Name=\"A\"><pFeature>B</pFeature><pFeature>Root</pFeature></Category>"
    "<Category Name=\"B\"><pFeature>A</pFeature><pFeature>X</pFeature></Category>"
    "<Integer Name=\"X\"><DisplayName>bad&#9;name\xc2\x85</DisplayName><Value>1</Value>"
    "<pInvalidator>Y</pInvalidator></Integer>"
    TAIL;
  g_autoptr(ArvGc) genicam = genicam_from (xml);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilFeatureTree) tree = vigil_feature_tree_build (genicam, &error);
  g_autoptr(GPtrArray) invalidated = NULL;
  VigilFeatureNode *x;

  g_assert_no_error (error);
  /* Root → A → B → X; B's A and A's Root are cycles, Missing is absent. */
  g_assert_cmpuint (vigil_feature_tree_get_nodes (tree)->len, ==, 3);
  x = vigil_feature_tree_lookup (tree, "X");
  g_assert_nonnull (x);
  g_assert_cmpuint (x->depth, ==, 2);
  g_assert_true (g_utf8_validate (x->display_name, -1, NULL));
  g_assert_null (strchr (x->display_name, '\t'));
  g_assert_null (strstr (x->display_name, "\xc2\x85"));
  g_assert_nonnull (strstr (x->display_name, "bad"));
  invalidated = vigil_feature_tree_dup_invalidated (tree, "Y");
  g_assert_cmpuint (invalidated->len, ==, 1);
}

static void
test_no_root (void)
{
  g_autoptr(ArvGc) genicam = genicam_from (HEAD "<Integer Name=\"X\"><Value>1</Value></Integer>" TAIL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilFeatureTree) tree = vigil_feature_tree_build (genicam, &error);

  g_assert_null (tree);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_FEATURE);
}

static guint
count_children (VigilFeatureModel *model,
                VigilFeatureRow   *row)
{
  g_autoptr(GListModel) children = vigil_feature_model_dup_children (model, row);

  return children ? g_list_model_get_n_items (children) : 0;
}

/* Levels and search: categories only when something below them is shown,
 * nothing below a hidden category, any case. */
static void
test_filter (void)
{
  g_autoptr(VigilFeatureTree) tree = tree_from_file ();
  g_autoptr(VigilFeatureModel) model = vigil_feature_model_new (tree);
  VigilFeatureRow *analog = vigil_feature_model_lookup (model, "AnalogControl");
  guint beginner, expert, guru;

  beginner = vigil_feature_model_count_shown (model);
  vigil_feature_model_set_filter (model, VIGIL_FEATURE_VISIBILITY_EXPERT, NULL);
  expert = vigil_feature_model_count_shown (model);
  vigil_feature_model_set_filter (model, VIGIL_FEATURE_VISIBILITY_GURU, NULL);
  guru = vigil_feature_model_count_shown (model);
  g_assert_cmpuint (beginner, <, expert);
  g_assert_cmpuint (expert, <, guru);
  /* Every node but the Invisible one and the absent one. */
  g_assert_cmpuint (guru, ==, vigil_feature_tree_get_nodes (tree)->len - 1);

  vigil_feature_model_set_filter (model, VIGIL_FEATURE_VISIBILITY_BEGINNER, NULL);
  g_assert_cmpuint (count_children (model, analog), ==, 3);      /* Gain, GainRaw, GainAuto */
  /* Device, ImageFormat, Acquisition, TransportLayer, Analog, UserSet; not
   * the Guru Debug nor the Expert VigilTest. */
  g_assert_cmpuint (count_children (model, NULL), ==, 6);
  vigil_feature_model_set_filter (model, VIGIL_FEATURE_VISIBILITY_EXPERT, "  GAIN ");
  g_assert_true (vigil_feature_model_is_searching (model));
  g_assert_cmpuint (count_children (model, analog), ==, 4);      /* and the Expert GainReadback */
  g_assert_cmpuint (count_children (model, NULL), ==, 1);        /* VigilGuru (Guru) hides its Gain */
  g_assert_cmpuint (vigil_feature_model_count_shown (model), ==, 5);
  vigil_feature_model_set_filter (model, VIGIL_FEATURE_VISIBILITY_GURU, "decibels");
  g_assert_cmpuint (count_children (model, NULL), ==, 2);        /* Gain under AnalogControl and VigilGuru */
  vigil_feature_model_set_filter (model, VIGIL_FEATURE_VISIBILITY_GURU, "no such words");
  g_assert_cmpuint (vigil_feature_model_count_shown (model), ==, 0);
  g_assert_cmpuint (count_children (model, NULL), ==, 0);
}

/* A value reaches every place of its feature; forgetting brings back the
 * placeholder. */
static void
test_values (void)
{
  g_autoptr(VigilFeatureTree) tree = tree_from_file ();
  g_autoptr(VigilFeatureModel) model = vigil_feature_model_new (tree);
  VigilFeatureValue value = { .name = (char *) "Gain", .text = (char *) "3.5", .available = TRUE };
  guint places = 0;

  for (guint i = 0; i < vigil_feature_model_get_rows (model)->len; i++)
    {
      VigilFeatureRow *row = vigil_feature_model_get_rows (model)->pdata[i];

      if (g_str_equal (vigil_feature_row_get_node (row)->name, "Gain"))
        g_assert_cmpstr (vigil_feature_row_get_text (row), ==, VIGIL_FEATURE_ROW_PLACEHOLDER);
    }
  vigil_feature_model_set_value (model, &value);
  for (guint i = 0; i < vigil_feature_model_get_rows (model)->len; i++)
    {
      VigilFeatureRow *row = vigil_feature_model_get_rows (model)->pdata[i];

      if (g_str_equal (vigil_feature_row_get_node (row)->name, "Gain"))
        {
          g_assert_cmpstr (vigil_feature_row_get_text (row), ==, "3.5");
          places++;
        }
    }
  g_assert_cmpuint (places, ==, 2);
  vigil_feature_model_forget_values (model);
  g_assert_cmpstr (vigil_feature_row_get_text (vigil_feature_model_lookup (model, "Gain")), ==,
                   VIGIL_FEATURE_ROW_PLACEHOLDER);
  g_assert_cmpstr (vigil_feature_row_get_text (vigil_feature_model_lookup (model, "AnalogControl")), ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vigil/feature-model/hostile", test_hostile);
  g_test_add_func ("/vigil/feature-model/no-root", test_no_root);
  g_test_add_func ("/vigil/feature-model/filter", test_filter);
  g_test_add_func ("/vigil/feature-model/values", test_values);
  return g_test_run ();
}
