/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "vigil-diagnostics.h"
#include "vigil-feature-client.h"
#include "vigil-sim-camera.h"
#include "vigil-supervisor.h"
#include "test-util.h"

/* The feature tree against arv-fake-gv-camera-0.8 serving its own XML
 * (tests/data/feature-camera.xml, issue 18).  Runs inside isolate.sh: the
 * camera owns 127.0.0.1:3956 of a private network namespace. */
#define ADDRESS "127.0.0.1"

/* ---- Counting the XML independently (GMarkup, not Aravis) -------------- */

typedef struct
{
  char      *tag;
  guint      visibility;   /* 0 Beginner … 3 Invisible */
  GPtrArray *features;     /* pFeature names, categories only */
} XmlNode;

typedef struct
{
  GHashTable *nodes;       /* Name → XmlNode */
  XmlNode    *current;     /* the top-level node being read */
  guint       depth;
  char       *element;
} XmlParse;

static void
xml_node_free (XmlNode *node)
{
  g_free (node->tag);
  g_ptr_array_unref (node->features);
  g_free (node);
}

static void
xml_start (GMarkupParseContext  *context,
           const char           *element,
           const char          **names,
           const char          **values,
           gpointer              user_data,
           GError              **error)
{
  XmlParse *parse = user_data;

  parse->depth++;
  g_free (parse->element);
  parse->element = g_strdup (element);
  if (parse->depth != 2)
    return;
  parse->current = NULL;
  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], "Name"))
      {
        XmlNode *node = g_new0 (XmlNode, 1);

        node->tag = g_strdup (element);
        node->features = g_ptr_array_new_with_free_func (g_free);
        g_hash_table_replace (parse->nodes, g_strdup (values[i]), node);
        parse->current = node;
      }
}

static void
xml_end (GMarkupParseContext  *context,
         const char           *element,
         gpointer              user_data,
         GError              **error)
{
  XmlParse *parse = user_data;

  parse->depth--;
  g_clear_pointer (&parse->element, g_free);
}

static void
xml_text (GMarkupParseContext  *context,
          const char           *text,
          gsize                 length,
          gpointer              user_data,
          GError              **error)
{
  XmlParse *parse = user_data;
  g_autofree char *value = g_strstrip (g_strndup (text, length));
  static const char * const levels[] = { "Beginner", "Expert", "Guru", "Invisible" };

  if (parse->depth != 3 || parse->current == NULL || parse->element == NULL)
    return;
  if (g_str_equal (parse->element, "pFeature"))
    g_ptr_array_add (parse->current->features, g_steal_pointer (&value));
  else if (g_str_equal (parse->element, "Visibility"))
    for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
      if (g_str_equal (value, levels[i]))
        parse->current->visibility = i;
}

typedef struct
{
  guint categories[VIGIL_FEATURE_VISIBILITY_LEVELS];
  guint features[VIGIL_FEATURE_VISIBILITY_LEVELS];
} Counts;

static void
xml_walk (GHashTable *nodes,
          XmlNode    *category,
          GHashTable *path,
          Counts     *counts)
{
  for (guint i = 0; i < category->features->len; i++)
    {
      const char *name = category->features->pdata[i];
      XmlNode *node = g_hash_table_lookup (nodes, name);

      if (node == NULL || g_hash_table_contains (path, name))
        continue;
      if (g_str_equal (node->tag, "Category"))
        {
          counts->categories[node->visibility]++;
          g_hash_table_add (path, (gpointer) name);
          xml_walk (nodes, node, path, counts);
          g_hash_table_remove (path, name);
        }
      else
        counts->features[node->visibility]++;
    }
}

static void
count_xml (const char *path,
           Counts     *counts)
{
  static const GMarkupParser parser = { xml_start, xml_end, xml_text, NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;
  XmlParse parse = { g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) xml_node_free) };
  g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, &parse, NULL);
  g_autoptr(GHashTable) on_path = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_true (g_file_get_contents (path, &text, &length, &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_parse (context, text, length, &error));
  g_assert_no_error (error);
  memset (counts, 0, sizeof *counts);
  g_hash_table_add (on_path, (gpointer) "Root");
  xml_walk (parse.nodes, g_hash_table_lookup (parse.nodes, "Root"), on_path, counts);
  g_hash_table_unref (parse.nodes);
  g_free (parse.element);
}

/* ---- The camera and the supervisor ------------------------------------- */

typedef struct
{
  VigilSimCamera   *sim;
  VigilDiagnostics *diagnostics;
  VigilSupervisor  *supervisor;
  char             *genicam;
  GAsyncResult     *result;
} Fixture;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fixture *fixture = user_data;

  g_assert_null (fixture->result);
  fixture->result = g_object_ref (result);
}

static GAsyncResult *
wait_result (Fixture *fixture,
             guint    timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (fixture->result == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return g_steal_pointer (&fixture->result);
}

static void
fixture_init (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  gint64 deadline;

  memset (fixture, 0, sizeof *fixture);
  fixture->genicam = g_test_build_filename (G_TEST_DIST, "data", "feature-camera.xml", NULL);
  fixture->sim = vigil_sim_camera_new (ADDRESS, "FEAT01");
  vigil_sim_camera_set_genicam (fixture->sim, fixture->genicam);
  g_assert_true (vigil_sim_camera_start (fixture->sim, &error));
  g_assert_no_error (error);

  fixture->diagnostics = vigil_diagnostics_new ();
  fixture->supervisor = vigil_supervisor_new (fixture->diagnostics);
  vigil_supervisor_open (fixture->supervisor, ADDRESS);
  deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  while (vigil_supervisor_get_state (fixture->supervisor) != VIGIL_SUPERVISOR_STREAMING)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
fixture_clear (Fixture *fixture)
{
  g_assert_true (vigil_supervisor_shutdown (fixture->supervisor, 20000));
  test_drain_main_context ();
  g_assert_finalize_object (g_steal_pointer (&fixture->supervisor));
  g_assert_finalize_object (g_steal_pointer (&fixture->diagnostics));
  vigil_sim_camera_stop (fixture->sim);
  g_clear_object (&fixture->sim);
  g_free (fixture->genicam);
}

static VigilFeatureTree *
load_tree (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  VigilFeatureTree *tree;

  vigil_feature_client_load_tree_async (fixture->supervisor, NULL, on_done, fixture);
  result = wait_result (fixture, 10000);
  tree = vigil_feature_client_load_tree_finish (result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (tree);
  return tree;
}

static GPtrArray *
write_feature (Fixture            *fixture,
               const char         *name,
               const char         *text,
               const char * const *reread)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *values;

  vigil_feature_client_write_async (fixture->supervisor, name, text, reread, NULL, on_done, fixture);
  result = wait_result (fixture, 20000);
  values = vigil_feature_client_write_finish (result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (values);
  g_assert_cmpuint (values->len, >=, 1);
  return values;
}

static VigilFeatureValue *
read_one (Fixture    *fixture,
          const char *name)
{
  const char *names[] = { name, NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) values = NULL;

  vigil_feature_client_read_async (fixture->supervisor, names, NULL, on_done, fixture);
  result = wait_result (fixture, 20000);
  values = vigil_feature_client_read_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (values->len, ==, 1);
  return vigil_feature_value_copy (values->pdata[0]);
}

/* The tree's categories and features per visibility level are those of
 * the XML the camera serves, counted here with GMarkup. */
static void
test_counts (void)
{
  Fixture fixture;
  g_autoptr(VigilFeatureTree) tree = NULL;
  Counts counts;
  guint total = 0;

  fixture_init (&fixture);
  tree = load_tree (&fixture);
  count_xml (fixture.genicam, &counts);
  for (guint level = 0; level < VIGIL_FEATURE_VISIBILITY_LEVELS; level++)
    {
      g_test_message ("%s: %u categories, %u features",
                      vigil_feature_visibility_to_string (level), counts.categories[level], counts.features[level]);
      g_assert_cmpuint (vigil_feature_tree_count (tree, TRUE, level), ==, counts.categories[level]);
      g_assert_cmpuint (vigil_feature_tree_count (tree, FALSE, level), ==, counts.features[level]);
      total += counts.categories[level] + counts.features[level];
    }
  /* The XML has each level, so the comparison means something. */
  for (guint level = 0; level < VIGIL_FEATURE_VISIBILITY_LEVELS; level++)
    g_assert_cmpuint (counts.features[level], >, 0);
  g_assert_cmpuint (vigil_feature_tree_get_nodes (tree)->len, ==, total);
  fixture_clear (&fixture);
}

/* What the XML says about a node reaches the tree; nothing is read. */
static void
test_details (void)
{
  Fixture fixture;
  g_autoptr(VigilFeatureTree) tree = NULL;
  g_autoptr(GPtrArray) invalidated = NULL;
  guint64 reads = vigil_feature_client_get_reads ();
  VigilFeatureNode *node;

  fixture_init (&fixture);
  tree = load_tree (&fixture);
  g_assert_cmpuint (vigil_feature_client_get_reads (), ==, reads);

  node = vigil_feature_tree_lookup (tree, "Gain");
  g_assert_nonnull (node);
  g_assert_cmpint (node->kind, ==, VIGIL_FEATURE_KIND_FLOAT);
  g_assert_cmpstr (node->display_name, ==, "Gain (dB)");
  g_assert_cmpstr (node->unit, ==, "dB");
  g_assert_cmpstr (node->tooltip, ==, "Gain in dB");
  g_assert_cmpint (node->representation, ==, VIGIL_FEATURE_REPRESENTATION_LOGARITHMIC);
  g_assert_cmpint (node->access, ==, VIGIL_FEATURE_ACCESS_RW);
  g_assert_cmpstr (node->parent->name, ==, "AnalogControl");

  node = vigil_feature_tree_lookup (tree, "TriggerMode");
  g_assert_cmpint (node->kind, ==, VIGIL_FEATURE_KIND_ENUMERATION);
  g_assert_cmpuint (g_strv_length (node->entries), ==, 2);
  g_assert_cmpstr (node->entries[0], ==, "Off");
  g_assert_cmpstr (node->entries[1], ==, "On");
  /* In the XML's order. */
  node = vigil_feature_tree_lookup (tree, "DeviceControl");
  g_assert_cmpstr (((VigilFeatureNode *) node->children->pdata[0])->name, ==, "DeviceVendorName");
  g_assert_cmpstr (((VigilFeatureNode *) vigil_feature_tree_get_roots (tree)->pdata[0])->name, ==, "DeviceControl");

  g_assert_cmpint (vigil_feature_tree_lookup (tree, "VigilHex")->representation, ==,
                   VIGIL_FEATURE_REPRESENTATION_HEX_NUMBER);
  g_assert_cmpuint (vigil_feature_tree_lookup (tree, "VigilTemperature")->polling_ms, ==, 1000);
  g_assert_cmpint (vigil_feature_tree_lookup (tree, "VigilCommand")->kind, ==, VIGIL_FEATURE_KIND_COMMAND);
  g_assert_cmpint (vigil_feature_tree_lookup (tree, "DeviceVendorName")->access, ==, VIGIL_FEATURE_ACCESS_RO);
  g_assert_null (vigil_feature_tree_lookup (tree, "NoSuchFeature"));

  invalidated = vigil_feature_tree_dup_invalidated (tree, "Gain");
  g_assert_cmpuint (invalidated->len, ==, 1);
  g_assert_cmpstr (invalidated->pdata[0], ==, "GainReadback");
  fixture_clear (&fixture);
}

/* Gain, an enumeration and a command reach the camera (read back through
 * the session); refusals come back in words with the value kept. */
static void
test_edit (void)
{
  Fixture fixture;
  g_autoptr(VigilFeatureTree) tree = NULL;
  g_autoptr(GPtrArray) invalidated = NULL;
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(VigilFeatureValue) value = NULL;
  VigilFeatureValue *written;
  guint64 reads;

  fixture_init (&fixture);
  tree = load_tree (&fixture);
  invalidated = vigil_feature_tree_dup_invalidated (tree, "Gain");
  g_ptr_array_add (invalidated, NULL);

  reads = vigil_feature_client_get_reads ();
  values = write_feature (&fixture, "Gain", "7.5", (const char * const *) invalidated->pdata);
  g_assert_cmpuint (vigil_feature_client_get_reads () - reads, ==, 2);
  written = values->pdata[0];
  g_assert_null (written->refusal);
  g_assert_cmpfloat_with_epsilon (written->float_value, 7.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (written->float_max, 24, 1e-9);
  g_assert_cmpstr (((VigilFeatureValue *) values->pdata[1])->name, ==, "GainReadback");
  g_assert_cmpfloat_with_epsilon (((VigilFeatureValue *) values->pdata[1])->float_value, 7.5, 1e-9);
  g_clear_pointer (&values, g_ptr_array_unref);

  values = write_feature (&fixture, "Gain", "99", NULL);
  written = values->pdata[0];
  g_assert_nonnull (written->refusal);
  g_test_message ("Gain=99: %s (kept %s)", written->refusal, written->text);
  g_assert_nonnull (strstr (written->refusal, "24"));
  g_assert_cmpstr (written->text, ==, "7.5");
  g_clear_pointer (&values, g_ptr_array_unref);

  values = write_feature (&fixture, "TriggerMode", "On", NULL);
  g_assert_null (((VigilFeatureValue *) values->pdata[0])->refusal);
  g_clear_pointer (&values, g_ptr_array_unref);
  value = read_one (&fixture, "TriggerMode");
  g_assert_cmpstr (value->text, ==, "On");
  g_assert_true (g_strv_contains ((const char * const *) value->available_entries, "Off"));
  g_clear_pointer (&value, vigil_feature_value_free);
  g_clear_pointer (&values, g_ptr_array_unref);

  values = write_feature (&fixture, "TriggerMode", "Sometimes", NULL);
  g_assert_nonnull (((VigilFeatureValue *) values->pdata[0])->refusal);
  g_assert_cmpstr (((VigilFeatureValue *) values->pdata[0])->text, ==, "On");
  g_clear_pointer (&values, g_ptr_array_unref);

  value = read_one (&fixture, "VigilCommandRegister");
  g_assert_cmpint (value->int_value, ==, 0);
  g_clear_pointer (&value, vigil_feature_value_free);
  values = write_feature (&fixture, "VigilCommand", "", NULL);
  g_assert_null (((VigilFeatureValue *) values->pdata[0])->refusal);
  g_clear_pointer (&values, g_ptr_array_unref);
  value = read_one (&fixture, "VigilCommandRegister");
  g_assert_cmpint (value->int_value, ==, 1);
  g_clear_pointer (&value, vigil_feature_value_free);

  values = write_feature (&fixture, "VigilHex", "0x1F", NULL);
  g_assert_cmpstr (((VigilFeatureValue *) values->pdata[0])->text, ==, "0x1F");
  g_clear_pointer (&values, g_ptr_array_unref);

  values = write_feature (&fixture, "DeviceVendorName", "Someone", NULL);
  g_assert_nonnull (strstr (((VigilFeatureValue *) values->pdata[0])->refusal, "read-only"));
  g_assert_cmpstr (((VigilFeatureValue *) values->pdata[0])->text, ==, "Aravis");
  g_clear_pointer (&values, g_ptr_array_unref);

  values = write_feature (&fixture, "NoSuchFeature", "1", NULL);
  g_assert_nonnull (((VigilFeatureValue *) values->pdata[0])->refusal);
  g_assert_nonnull (((VigilFeatureValue *) values->pdata[0])->error);
  fixture_clear (&fixture);
}

static guint
count_replays (Fixture    *fixture,
               const char *operation,
               gboolean    refused)
{
  g_autoptr(GPtrArray) events = vigil_events_list (vigil_diagnostics_get_events (fixture->diagnostics));
  guint n = 0;

  for (guint i = 0; i < events->len; i++)
    {
      VigilEvent *event = events->pdata[i];

      if (g_strcmp0 (event->operation, operation) == 0 && (event->error_message != NULL) == refused)
        n++;
    }
  return n;
}

static gboolean
reconnected (Fixture *fixture)
{
  return vigil_supervisor_get_reconnects (fixture->supervisor) >= 1 &&
         vigil_supervisor_get_state (fixture->supervisor) == VIGIL_SUPERVISOR_STREAMING;
}

/* Unplug and replug (a fresh camera process, its registers at their
 * defaults): the Gain and TriggerMode written before are on the camera
 * again, each re-applied write an event; a value the new camera refuses
 * is an error event. */
static void
test_replug (void)
{
  Fixture fixture;
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(VigilFeatureValue) value = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline;

  fixture_init (&fixture);
  g_clear_pointer (&values, g_ptr_array_unref);
  values = write_feature (&fixture, "Gain", "4.5", NULL);
  g_assert_null (((VigilFeatureValue *) values->pdata[0])->refusal);
  g_clear_pointer (&values, g_ptr_array_unref);
  values = write_feature (&fixture, "TriggerMode", "On", NULL);
  g_assert_null (((VigilFeatureValue *) values->pdata[0])->refusal);
  /* Remembered, as `vigil --feature` does, and refused by every camera. */
  vigil_feature_client_remember (fixture.supervisor, "VigilHex", g_variant_new_string ("0x10000"));

  g_assert_true (vigil_sim_camera_unplug (fixture.sim, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_sim_camera_replug (fixture.sim, &error));
  g_assert_no_error (error);
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!reconnected (&fixture))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }

  value = read_one (&fixture, "Gain");
  g_assert_cmpstr (value->text, ==, "4.5");
  g_clear_pointer (&value, vigil_feature_value_free);
  value = read_one (&fixture, "TriggerMode");
  g_assert_cmpstr (value->text, ==, "On");
  test_drain_main_context ();
  g_assert_cmpuint (count_replays (&fixture, "replay Gain=4.5", FALSE), >=, 1);
  g_assert_cmpuint (count_replays (&fixture, "replay TriggerMode=On", FALSE), >=, 1);
  g_assert_cmpuint (count_replays (&fixture, "replay VigilHex=0x10000", TRUE), >=, 1);
  fixture_clear (&fixture);
}

static GPtrArray *
load_settings (Fixture    *fixture,
               const char *path)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *problems;

  vigil_feature_client_load_async (fixture->supervisor, path, NULL, on_done, fixture);
  result = wait_result (fixture, 60000);
  problems = vigil_feature_client_load_finish (result, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("could not set: %s", (char *) problems->pdata[i]);
  return problems;
}

static void
assert_value (Fixture    *fixture,
              const char *name,
              const char *text)
{
  g_autoptr(VigilFeatureValue) value = read_one (fixture, name);

  g_assert_cmpstr (value->text, ==, text);
}

/* Save, change, load: the camera ends with the saved values.  A hostile
 * file loads what it can and lists the rest in words. */
static void
test_settings (void)
{
  Fixture fixture;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GString) hostile = g_string_new (NULL);
  g_autofree char *dir = g_dir_make_tmp ("vigil-settings-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "camera.txt", NULL);
  g_autofree char *bad_path = g_build_filename (dir, "hostile.txt", NULL);
  g_autofree char *text = NULL;
  guint saved = 0;

  fixture_init (&fixture);
  values = write_feature (&fixture, "Gain", "3.25", NULL);
  g_clear_pointer (&values, g_ptr_array_unref);
  values = write_feature (&fixture, "VigilHex", "0x2A", NULL);
  g_clear_pointer (&values, g_ptr_array_unref);

  vigil_feature_client_save_async (fixture.supervisor, path, NULL, on_done, &fixture);
  result = wait_result (&fixture, 30000);
  g_assert_true (vigil_feature_client_save_finish (result, &saved, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_test_message ("%u features saved:\n%s", saved, text);
  g_assert_cmpuint (saved, >, 10);
  g_assert_true (g_str_has_prefix (text, "# Vigil camera settings"));
  g_assert_nonnull (strstr (text, "# Vendor: Aravis\n"));
  g_assert_nonnull (strstr (text, "# Serial: FEAT01\n"));
  g_assert_nonnull (strstr (text, "# Date: 20"));
  g_assert_nonnull (strstr (text, "\nGain=3.25\n"));
  g_assert_nonnull (strstr (text, "\nVigilHex=0x2A\n"));
  /* The selector before what it selects. */
  g_assert_true (strstr (text, "\nTriggerSelector=") < strstr (text, "\nTriggerMode="));

  values = write_feature (&fixture, "Gain", "9", NULL);
  g_clear_pointer (&values, g_ptr_array_unref);
  values = write_feature (&fixture, "VigilHex", "0x1", NULL);
  g_clear_pointer (&values, g_ptr_array_unref);
  problems = load_settings (&fixture, path);
  g_assert_cmpuint (problems->len, ==, 0);
  assert_value (&fixture, "Gain", "3.25");
  assert_value (&fixture, "VigilHex", "0x2A");
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* The camera locks VigilLocked. */
  values = write_feature (&fixture, "VigilLockRegister", "1", NULL);
  g_assert_null (((VigilFeatureValue *) values->pdata[0])->refusal);
  g_clear_pointer (&values, g_ptr_array_unref);
  g_string_append (hostile, "# a hostile settings file\nNoSuchFeature=1\nGain=99\nVigilLocked=3\n");
  g_string_append (hostile, "Gain=\xff\xfe\n");
  g_string_append (hostile, "TestStringReg=");
  for (guint i = 0; i < 10 * 1024 * 1024 / 64; i++)
    g_string_append (hostile, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
  g_string_append (hostile, "\nVigilHex=0x33\n");
  g_assert_true (g_file_set_contents (bad_path, hostile->str, hostile->len, &error));
  problems = load_settings (&fixture, bad_path);
  g_assert_cmpuint (problems->len, ==, 5);
  g_assert_nonnull (strstr (problems->pdata[0], "Line 2, NoSuchFeature"));
  g_assert_nonnull (strstr (problems->pdata[1], "Line 3, Gain"));
  g_assert_nonnull (strstr (problems->pdata[1], "24"));
  g_assert_nonnull (strstr (problems->pdata[2], "locked"));
  g_assert_nonnull (strstr (problems->pdata[3], "UTF-8"));
  g_assert_nonnull (strstr (problems->pdata[4], "bytes long"));
  assert_value (&fixture, "VigilHex", "0x33");
  assert_value (&fixture, "Gain", "3.25");

  g_unlink (path);
  g_unlink (bad_path);
  g_rmdir (dir);
  fixture_clear (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (vigil_sim_camera_find_program () == NULL)
    {
      g_test_skip ("arv-fake-gv-camera-0.8 is not installed");
      return g_test_run ();
    }
  g_test_add_func ("/vigil/feature-tree/counts", test_counts);
  g_test_add_func ("/vigil/feature-tree/details", test_details);
  g_test_add_func ("/vigil/feature-tree/edit", test_edit);
  g_test_add_func ("/vigil/feature-tree/replug", test_replug);
  g_test_add_func ("/vigil/feature-tree/settings", test_settings);
  return g_test_run ();
}
