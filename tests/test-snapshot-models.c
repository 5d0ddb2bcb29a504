/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "vigil-diagnostics.h"
#include "vigil-error.h"
#include "vigil-event-item.h"
#include "vigil-pairs-model.h"
#include "vigil-snapshot-load.h"
#include "vigil-snapshot-models.h"
#include "vigil-snapshot.h"

/* The panel's models built from a snapshot document equal those built
 * live from the same diagnostics: chart points, pairs rows (every text of
 * every row, at every level), bars and events. */

#define N_SAMPLES 12

/* A ledger like the leak demonstration's: session 1 paired, sessions 2
 * and 3 each left an Event from CallbackRegistered open, session 4 live. */
static void
fill_ledger (VigilLedger *ledger)
{
  for (guint s = 0; s < 4; s++)
    {
      guint64 session = vigil_ledger_begin_session (ledger, "127.0.0.1");
      guint64 device;

      vigil_ledger_set_phase (ledger, session, VIGIL_PHASE_DEVICE_OPENED);
      device = vigil_ledger_record_create (ledger, session, VIGIL_RESOURCE_DEVICE, "Fake", "test",
                                           VIGIL_ACTION_OPEN, VIGIL_ACTION_CLOSE, 14, "socket:[60252]");
      if (s == 3)
        break;
      vigil_ledger_set_phase (ledger, session, VIGIL_PHASE_CALLBACK_REGISTERED);
      if (s > 0)
        vigil_ledger_record_create (ledger, session, VIGIL_RESOURCE_EVENT, "wake-up eventfd (leak demonstration)",
                                    "test", VIGIL_ACTION_CREATE, VIGIL_ACTION_CLOSE, 20 + s, "anon_inode:[eventfd]");
      g_assert_true (vigil_ledger_record_close (ledger, device));
      vigil_ledger_end_session (ledger, session);
    }
}

/* The four charts of the viewer, pushed point by point as the panel does. */
static void
push_live (VigilChartModel        **live,
           const VigilProbeSample  *sample,
           guint64                  reconnects)
{
  gdouble values[VIGIL_SNAPSHOT_N_CHARTS] = {
    (gdouble) sample->open_fds, (gdouble) sample->threads, (gdouble) sample->private_bytes, (gdouble) reconnects
  };

  for (guint c = 0; c < VIGIL_SNAPSHOT_N_CHARTS; c++)
    vigil_chart_model_push (live[c], sample->wall_us, &values[c]);
}

static void
push_panel_fds (VigilChartModel        *fds,
                const VigilProbeSample *sample)
{
  gdouble values[VIGIL_N_FD_KINDS];

  for (guint k = 0; k < VIGIL_N_FD_KINDS; k++)
    values[k] = (gdouble) sample->fds_by_kind[k];
  vigil_chart_model_push (fds, sample->wall_us, values);
}

/* Samples into the history as the panel takes them (periodic), and the
 * same samples into the live charts; a reconnect sample every fourth. */
static void
sample_live (VigilDiagnostics  *diagnostics,
             VigilChartModel  **live,
             VigilChartModel   *panel_fds)
{
  VigilHistory *history = vigil_diagnostics_get_history (diagnostics);

  for (guint i = 0; i < N_SAMPLES; i++)
    {
      g_autoptr(VigilProbeSample) sample = vigil_probe_sample (vigil_diagnostics_get_probe (diagnostics),
                                                               VIGIL_PROBE_DEFAULT);

      if (i % 4 == 3)
        {
          vigil_history_add_reconnect_sample (history, sample, 1);
          vigil_diagnostics_post (diagnostics, VIGIL_EVENT_CAMERA_SESSION, 0, "127.0.0.1", "reconnect",
                                  VIGIL_PHASE_RECONNECT_START, NULL);
        }
      else
        {
          vigil_history_add_sample (history, sample, 1);
          push_live (live, sample, vigil_history_get_reconnects (history));
          push_panel_fds (panel_fds, sample);
        }
      g_usleep (2000);
    }
}

static void
assert_charts_equal (VigilChartModel *live,
                     VigilChartModel *read)
{
  guint n = vigil_chart_model_get_n_points (live);

  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (vigil_chart_model_get_n_points (read), ==, n);
  g_assert_cmpuint (vigil_chart_model_get_n_markers (read), ==, vigil_chart_model_get_n_markers (live));
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpint (vigil_chart_model_get_time (read, i), ==, vigil_chart_model_get_time (live, i));
      g_assert_cmpfloat (vigil_chart_model_get_value (read, i, 0), ==, vigil_chart_model_get_value (live, i, 0));
      g_assert_cmpfloat (vigil_chart_model_get_x (read, i), ==, vigil_chart_model_get_x (live, i));
      g_assert_cmpfloat (vigil_chart_model_get_y (read, i, 0), ==, vigil_chart_model_get_y (live, i, 0));
    }
}

/* Every row of @a and @b, recursively: same keys, texts and flags. */
static guint
assert_rows_equal (GListModel *a,
                   GListModel *b)
{
  guint n = g_list_model_get_n_items (a);
  guint rows = n;

  g_assert_cmpuint (g_list_model_get_n_items (b), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VigilPairsRow) ra = g_list_model_get_item (a, i);
      g_autoptr(VigilPairsRow) rb = g_list_model_get_item (b, i);
      GListModel *ca = vigil_pairs_row_get_children (ra);
      GListModel *cb = vigil_pairs_row_get_children (rb);

      g_assert_cmpint (vigil_pairs_row_get_row_type (ra), ==, vigil_pairs_row_get_row_type (rb));
      g_assert_cmpuint (vigil_pairs_row_get_key (ra), ==, vigil_pairs_row_get_key (rb));
      g_assert_cmpuint (vigil_pairs_row_get_session (ra), ==, vigil_pairs_row_get_session (rb));
      g_assert_cmpint (vigil_pairs_row_get_unpaired (ra), ==, vigil_pairs_row_get_unpaired (rb));
      for (guint c = 0; c < VIGIL_PAIRS_N_COLUMNS; c++)
        g_assert_cmpstr (vigil_pairs_row_get_text (ra, c), ==, vigil_pairs_row_get_text (rb, c));
      g_assert_cmpint (ca == NULL, ==, cb == NULL);
      if (ca != NULL)
        rows += assert_rows_equal (ca, cb);
    }
  return rows;
}

static void
assert_pairs_equal (VigilPairsModel *live,
                    VigilPairsModel *read)
{
  guint rows = assert_rows_equal (vigil_pairs_model_get_sessions (live), vigil_pairs_model_get_sessions (read));

  g_test_message ("%u rows compared", rows);
  g_assert_cmpuint (rows, ==, 4 + 6 + 6);           /* sessions, kinds, resources */
  g_assert_cmpuint (vigil_pairs_model_get_n_unpaired (read), ==, 2);
  g_assert_cmpuint (vigil_pairs_model_get_n_unpaired (read), ==, vigil_pairs_model_get_n_unpaired (live));
  g_assert_cmpuint (vigil_pairs_model_get_n_bars (read), ==, vigil_pairs_model_get_n_bars (live));
  g_assert_cmpuint (vigil_pairs_model_get_bar_max (read), ==, vigil_pairs_model_get_bar_max (live));
  for (guint i = 0; i < vigil_pairs_model_get_n_bars (live); i++)
    {
      const VigilPairsBar *a = vigil_pairs_model_get_bar (live, i);
      const VigilPairsBar *b = vigil_pairs_model_get_bar (read, i);

      g_assert_cmpmem (a, sizeof *a, b, sizeof *b);
    }
}

/* The document as a file would carry it: written as text, parsed back
 * through the bounded loader. */
static JsonNode *
round_trip (VigilDiagnostics *diagnostics)
{
  VigilSnapshotSource source = { .diagnostics = diagnostics, .state = "Streaming", .camera_id = "127.0.0.1" };
  g_autoptr(JsonNode) built = vigil_snapshot_build (&source);
  g_autofree char *text = json_to_string (built, TRUE);
  g_autoptr(GError) error = NULL;
  JsonNode *read = vigil_snapshot_load_from_data (text, strlen (text), &error);

  g_assert_no_error (error);
  return read;
}

static void
test_equal_to_live (void)
{
  g_autoptr(VigilDiagnostics) diagnostics = vigil_diagnostics_new ();
  VigilChartModel *live[VIGIL_SNAPSHOT_N_CHARTS];
  g_autoptr(VigilChartModel) panel_fds = vigil_chart_model_new (VIGIL_N_FD_KINDS, 100);
  g_autoptr(VigilPairsModel) live_pairs = NULL;
  g_autoptr(VigilSnapshotModels) models = NULL;
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  VigilChartModel *fds;

  vigil_events_set_journal (vigil_diagnostics_get_events (diagnostics), FALSE);
  fill_ledger (vigil_diagnostics_get_ledger (diagnostics));
  for (guint c = 0; c < VIGIL_SNAPSHOT_N_CHARTS; c++)
    live[c] = vigil_chart_model_new (1, 100);
  vigil_chart_model_set_zero_based (live[VIGIL_SNAPSHOT_CHART_RECONNECTS], TRUE);
  sample_live (diagnostics, live, panel_fds);
  events = vigil_events_list (vigil_diagnostics_get_events (diagnostics));
  for (guint i = 0; i < events->len; i++)
    {
      VigilEvent *event = g_ptr_array_index (events, i);

      if (event->phase == VIGIL_PHASE_RECONNECT_START)
        for (guint c = 0; c < VIGIL_SNAPSHOT_N_CHARTS; c++)
          vigil_chart_model_add_marker (live[c], event->ts_us, VIGIL_CHART_MARKER_RECONNECT);
    }

  live_pairs = vigil_pairs_model_new (vigil_diagnostics_get_ledger (diagnostics));
  vigil_pairs_model_set_orphans (live_pairs, vigil_diagnostics_get_orphans (diagnostics));
  vigil_pairs_model_set_max_bars (live_pairs, G_MAXUINT);
  vigil_pairs_model_refresh (live_pairs);

  document = round_trip (diagnostics);
  models = vigil_snapshot_models_new (document, &error);
  g_assert_no_error (error);
  g_assert_nonnull (models);

  for (guint c = 0; c < VIGIL_SNAPSHOT_N_CHARTS; c++)
    assert_charts_equal (live[c], vigil_snapshot_models_get_chart (models, c));
  g_assert_cmpuint (vigil_chart_model_get_n_points (live[0]), ==, N_SAMPLES - N_SAMPLES / 4);
  /* The last reconnect comes after the last periodic point: not in view. */
  g_assert_cmpuint (vigil_chart_model_get_n_markers (live[0]), ==, N_SAMPLES / 4 - 1);
  /* The panel stacks the fds by kind: the same totals. */
  fds = vigil_snapshot_models_get_chart (models, VIGIL_SNAPSHOT_CHART_FDS);
  g_assert_cmpuint (vigil_chart_model_get_n_points (panel_fds), ==, vigil_chart_model_get_n_points (fds));
  for (guint i = 0; i < vigil_chart_model_get_n_points (fds); i++)
    {
      gdouble total = 0;

      for (guint k = 0; k < VIGIL_N_FD_KINDS; k++)
        total += vigil_chart_model_get_value (panel_fds, i, k);
      g_assert_cmpfloat (vigil_chart_model_get_value (fds, i, 0), ==, total);
    }

  assert_pairs_equal (live_pairs, vigil_snapshot_models_get_pairs (models));

  g_assert_cmpuint (events->len, >=, N_SAMPLES / 4);
  g_assert_cmpuint (g_list_model_get_n_items (vigil_snapshot_models_get_events (models)), ==, events->len);
  for (guint i = 0; i < events->len; i++)
    {
      g_autoptr(VigilEventItem) read = g_list_model_get_item (vigil_snapshot_models_get_events (models), i);
      g_autoptr(VigilEventItem) item = vigil_event_item_new (g_ptr_array_index (events, i));
      g_autofree char *a = vigil_event_item_dup_json (item);
      g_autofree char *b = vigil_event_item_dup_json (read);

      g_assert_cmpstr (vigil_event_item_get_title (read), ==, vigil_event_item_get_title (item));
      g_assert_cmpstr (b, ==, a);
    }
  g_assert_null (vigil_snapshot_models_get_missing (models)[0]);
  g_assert_null (vigil_snapshot_models_get_unknown (models)[0]);

  for (guint c = 0; c < VIGIL_SNAPSHOT_N_CHARTS; c++)
    g_object_unref (live[c]);
}

/* Sessions the ledger no longer keeps in full (its bounds) are still
 * counted by the model of a snapshot, from its "sessions_dropped". */
static void
test_dropped_sessions (void)
{
  g_autoptr(VigilDiagnostics) diagnostics = vigil_diagnostics_new ();
  VigilLedger *ledger = vigil_diagnostics_get_ledger (diagnostics);
  g_autoptr(VigilPairsModel) live = NULL;
  g_autoptr(VigilSnapshotModels) models = NULL;
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(GError) error = NULL;
  const VigilLedgerDropped *a, *b;

  vigil_events_set_journal (vigil_diagnostics_get_events (diagnostics), FALSE);
  vigil_ledger_set_max_ended_sessions (ledger, 0);
  vigil_ledger_set_max_unpaired_sessions (ledger, 1);
  fill_ledger (ledger);
  live = vigil_pairs_model_new (ledger);
  vigil_pairs_model_refresh (live);
  a = vigil_pairs_model_get_dropped (live);
  g_assert_cmpuint (a->sessions, ==, 2);            /* one clean, one leaking: past the bounds */
  g_assert_cmpuint (a->n_unpaired, ==, 1);

  document = round_trip (diagnostics);
  models = vigil_snapshot_models_new (document, &error);
  g_assert_no_error (error);
  b = vigil_pairs_model_get_dropped (vigil_snapshot_models_get_pairs (models));
  g_assert_cmpmem (a, sizeof *a, b, sizeof *b);
  g_assert_cmpuint (vigil_pairs_model_get_n_unpaired (vigil_snapshot_models_get_pairs (models)), ==,
                    vigil_pairs_model_get_n_unpaired (live));
  g_assert_null (vigil_snapshot_models_get_unknown (models)[0]);
}

static VigilSnapshotModels *
models_from_text (const char  *text,
                  GError     **error)
{
  g_autoptr(JsonNode) document = vigil_snapshot_load_from_data (text, strlen (text), error);

  return document != NULL ? vigil_snapshot_models_new (document, error) : NULL;
}

/* An older or newer minor opens with what it has and names the rest. */
static void
test_minor_versions (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSnapshotModels) older = models_from_text (
    "{\"schema\": \"vigil-snapshot/1\", \"created_us\": 1795634086843678, \"host\": {\"hostname\": \"lab-pc\"},"
    " \"events\": [{\"ts\": 1, \"event\": \"Error\", \"session\": 3, \"error_message\": \"boom\"},"
    " {\"ts\": 2, \"event\": \"SomethingNew\"}], \"sessions\": {}}", &error);
  g_autoptr(VigilSnapshotModels) newer = NULL;
  g_autofree char *title = NULL;
  const char * const *missing;

  g_assert_no_error (error);
  missing = vigil_snapshot_models_get_missing (older);
  g_assert_true (g_strv_contains (missing, "series"));
  g_assert_true (g_strv_contains (missing, "sessions"));        /* of another type */
  g_assert_false (g_strv_contains (missing, "events"));
  g_assert_false (g_strv_contains (missing, "host"));
  g_assert_cmpuint (g_list_model_get_n_items (vigil_snapshot_models_get_events (older)), ==, 1);
  g_assert_cmpuint (vigil_chart_model_get_n_points (vigil_snapshot_models_get_chart (older, 0)), ==, 0);
  title = vigil_snapshot_models_dup_title (older);
  g_assert_cmpstr (title, ==, "Snapshot of lab-pc, 2026-11-25 19:14:46 UTC");

  newer = models_from_text ("{\"schema\": \"vigil-snapshot/1.3\", \"gpu\": {}, \"host\": 7}", &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_contains (vigil_snapshot_models_get_unknown (newer), "gpu"));
  g_assert_true (g_strv_contains (vigil_snapshot_models_get_missing (newer), "host"));
  g_assert_null (vigil_snapshot_models_get_host (newer));
}

/* A document larger than any Vigil writes (a hostile one within the
 * loader's 64 MiB) is shown cut to its newest items, and says so. */
static void
test_bounded (void)
{
  g_autoptr(GString) text = g_string_new ("{\"schema\": \"vigil-snapshot/1\", \"series\": {\"periodic\": [");
  g_autoptr(VigilSnapshotModels) models = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *cut;

  for (guint i = 0; i < 25000; i++)
    g_string_append_printf (text, "%s{\"wall_us\": %u, \"open_fds\": %u}", i ? ", " : "", i, i);
  g_string_append (text, "]}, \"sessions\": [");
  for (guint i = 1; i <= 2100; i++)
    g_string_append_printf (text, "%s{\"id\": %u, \"state\": \"ended\"}", i > 1 ? ", " : "", i);
  g_string_append (text, "], \"events\": [");
  for (guint i = 0; i < 60000; i++)
    g_string_append_printf (text, "%s{\"event\": \"Fault\", \"ts\": %u}", i ? ", " : "", i);
  g_string_append (text, "]}");

  models = models_from_text (text->str, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vigil_chart_model_get_n_points (vigil_snapshot_models_get_chart (models, 0)), ==, 20000);
  g_assert_cmpfloat (vigil_chart_model_get_value (vigil_snapshot_models_get_chart (models, 0), 0, 0), ==, 5000);
  g_assert_cmpuint (g_list_model_get_n_items (vigil_snapshot_models_get_events (models)), ==, 50000);
  g_assert_cmpuint (g_list_model_get_n_items (vigil_pairs_model_get_sessions (vigil_snapshot_models_get_pairs (models))),
                    ==, VIGIL_SNAPSHOT_MODELS_MAX_SESSIONS);
  cut = vigil_snapshot_models_get_cut (models);
  g_assert_cmpuint (g_strv_length ((char **) cut), ==, 3);
  g_assert_cmpstr (cut[1], ==, "events: the newest 50000 of 60000");
}

static void
test_refused (void)
{
  const char *documents[] = {
    "{\"schema\": \"vigil-snapshot/2\"}", "{\"schema\": \"vigil-snapshot/10\"}", "{\"name\": \"package.json\"}",
    "[1, 2, 3]", "{\"schema\": 1}", "{\"schema\": \"vigil-snapshot/1\", \"host\": {\"hos",
  };

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VigilSnapshotModels) models = models_from_text (documents[i], &error);

      g_assert_null (models);
      g_assert_nonnull (error);
      g_test_message ("%s: %s", documents[i], error->message);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vigil/snapshot-models/equal-to-live", test_equal_to_live);
  g_test_add_func ("/vigil/snapshot-models/dropped-sessions", test_dropped_sessions);
  g_test_add_func ("/vigil/snapshot-models/minor-versions", test_minor_versions);
  g_test_add_func ("/vigil/snapshot-models/bounded", test_bounded);
  g_test_add_func ("/vigil/snapshot-models/refused", test_refused);
  return g_test_run ();
}
