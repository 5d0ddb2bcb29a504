/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <fcntl.h>
#include <unistd.h>

#include "vigil-ledger.h"
#include "vigil-pairs-model.h"
#include "vigil-probe.h"

/* A ledger with known contents:
 *   session 1: ended, Device and Stream created and closed (all paired);
 *   session 2: ended, a Device paired and an Event created at
 *              CallbackRegistered and never closed (the leak demonstration);
 *   session 3: live, a Device open (normal while the session lives). */
static VigilLedger *
make_ledger (guint64 *leaked)
{
  VigilLedger *ledger = vigil_ledger_new ();
  guint64 s1, s2, s3, r;

  s1 = vigil_ledger_begin_session (ledger, "cam");
  vigil_ledger_set_phase (ledger, s1, VIGIL_PHASE_DEVICE_OPENED);
  r = vigil_ledger_record_create (ledger, s1, VIGIL_RESOURCE_DEVICE, "device", "test",
                                  VIGIL_ACTION_OPEN, VIGIL_ACTION_CLOSE, 7, "socket:[1]");
  g_assert_true (vigil_ledger_record_close (ledger, r));
  r = vigil_ledger_record_create (ledger, s1, VIGIL_RESOURCE_STREAM, "stream", "test",
                                  VIGIL_ACTION_CREATE, VIGIL_ACTION_DISPOSE, -1, NULL);
  g_assert_true (vigil_ledger_record_close (ledger, r));
  vigil_ledger_end_session (ledger, s1);

  s2 = vigil_ledger_begin_session (ledger, "cam");
  vigil_ledger_set_phase (ledger, s2, VIGIL_PHASE_DEVICE_OPENED);
  r = vigil_ledger_record_create (ledger, s2, VIGIL_RESOURCE_DEVICE, "device", "test",
                                  VIGIL_ACTION_OPEN, VIGIL_ACTION_CLOSE, -1, NULL);
  vigil_ledger_set_phase (ledger, s2, VIGIL_PHASE_CALLBACK_REGISTERED);
  *leaked = vigil_ledger_record_create (ledger, s2, VIGIL_RESOURCE_EVENT, "wake-up eventfd", "test",
                                        VIGIL_ACTION_CREATE, VIGIL_ACTION_CLOSE, 42, "anon_inode:[eventfd]");
  g_assert_true (vigil_ledger_record_close (ledger, r));
  vigil_ledger_end_session (ledger, s2);

  s3 = vigil_ledger_begin_session (ledger, "cam");
  vigil_ledger_record_create (ledger, s3, VIGIL_RESOURCE_DEVICE, "device", "test",
                              VIGIL_ACTION_OPEN, VIGIL_ACTION_CLOSE, -1, NULL);
  g_assert_cmpuint (s1, <, s2);
  g_assert_cmpuint (s2, <, s3);
  return ledger;
}

static VigilPairsRow *
child (GListModel *model,
       guint       i)
{
  g_autoptr(VigilPairsRow) row = g_list_model_get_item (model, i);

  g_assert_nonnull (row);
  return row;                    /* the model holds another reference */
}

static void
test_rows (void)
{
  guint64 leaked = 0;
  g_autoptr(VigilLedger) ledger = make_ledger (&leaked);
  g_autoptr(VigilPairsModel) model = vigil_pairs_model_new (ledger);
  GListModel *sessions = vigil_pairs_model_get_sessions (model);
  VigilPairsRow *row, *kind, *resource;
  GListModel *kinds, *resources;

  vigil_pairs_model_refresh (model);
  g_assert_cmpuint (g_list_model_get_n_items (sessions), ==, 3);

  /* The session with the unpaired Event sorts first, then newest first. */
  row = child (sessions, 0);
  g_assert_cmpuint (vigil_pairs_row_get_key (row), ==, 2);
  g_assert_true (vigil_pairs_row_get_unpaired (row));
  g_assert_cmpstr (vigil_pairs_row_get_text (row, VIGIL_PAIRS_COLUMN_STATE), ==, "Ended · 1 unpaired");
  g_assert_cmpuint (vigil_pairs_row_get_key (child (sessions, 1)), ==, 3);
  g_assert_false (vigil_pairs_row_get_unpaired (child (sessions, 1)));
  g_assert_cmpstr (vigil_pairs_row_get_text (child (sessions, 1), VIGIL_PAIRS_COLUMN_STATE), ==, "Live · OpenStart");
  g_assert_cmpuint (vigil_pairs_row_get_key (child (sessions, 2)), ==, 1);
  g_assert_false (vigil_pairs_row_get_unpaired (child (sessions, 2)));
  g_assert_cmpstr (vigil_pairs_row_get_text (child (sessions, 2), VIGIL_PAIRS_COLUMN_STATE), ==, "Ended · all paired");

  /* Session 2: the Event kind first (unpaired), then Device. */
  kinds = vigil_pairs_row_get_children (row);
  g_assert_cmpuint (g_list_model_get_n_items (kinds), ==, 2);
  kind = child (kinds, 0);
  g_assert_cmpuint (vigil_pairs_row_get_key (kind), ==, VIGIL_RESOURCE_EVENT);
  g_assert_true (vigil_pairs_row_get_unpaired (kind));
  g_assert_cmpstr (vigil_pairs_row_get_text (kind, VIGIL_PAIRS_COLUMN_NAME), ==, "Event");
  g_assert_cmpstr (vigil_pairs_row_get_text (kind, VIGIL_PAIRS_COLUMN_CREATED), ==, "1 created");
  g_assert_cmpstr (vigil_pairs_row_get_text (kind, VIGIL_PAIRS_COLUMN_CLOSED), ==, "0 closed");
  g_assert_cmpstr (vigil_pairs_row_get_text (kind, VIGIL_PAIRS_COLUMN_STATE), ==, "1 unpaired");
  g_assert_cmpuint (vigil_pairs_row_get_key (child (kinds, 1)), ==, VIGIL_RESOURCE_DEVICE);
  g_assert_false (vigil_pairs_row_get_unpaired (child (kinds, 1)));
  g_assert_cmpstr (vigil_pairs_row_get_text (child (kinds, 1), VIGIL_PAIRS_COLUMN_STATE), ==, "Paired");

  resources = vigil_pairs_row_get_children (kind);
  g_assert_cmpuint (g_list_model_get_n_items (resources), ==, 1);
  resource = child (resources, 0);
  g_assert_cmpuint (vigil_pairs_row_get_key (resource), ==, leaked);
  g_assert_true (vigil_pairs_row_get_unpaired (resource));
  g_assert_null (vigil_pairs_row_get_children (resource));
  g_assert_cmpstr (vigil_pairs_row_get_text (resource, VIGIL_PAIRS_COLUMN_NAME), ==, "wake-up eventfd");
  g_assert_cmpstr (vigil_pairs_row_get_text (resource, VIGIL_PAIRS_COLUMN_CREATED), ==, "Create · CallbackRegistered");
  g_assert_cmpstr (vigil_pairs_row_get_text (resource, VIGIL_PAIRS_COLUMN_CLOSED), ==, "Close · —");
  g_assert_cmpstr (vigil_pairs_row_get_text (resource, VIGIL_PAIRS_COLUMN_STATE), ==, "Unpaired");
  g_assert_cmpstr (vigil_pairs_row_get_text (resource, VIGIL_PAIRS_COLUMN_HANDLE), ==, "fd 42 → anon_inode:[eventfd]");

  /* Session 3 is live: its open Device is not a leak. */
  kinds = vigil_pairs_row_get_children (child (sessions, 1));
  g_assert_cmpuint (g_list_model_get_n_items (kinds), ==, 1);
  g_assert_cmpstr (vigil_pairs_row_get_text (child (kinds, 0), VIGIL_PAIRS_COLUMN_STATE), ==, "1 open");
  g_assert_false (vigil_pairs_row_get_unpaired (child (kinds, 0)));

  /* Session 1: the Device resource shows its handle and both phases. */
  kinds = vigil_pairs_row_get_children (child (sessions, 2));
  g_assert_cmpuint (g_list_model_get_n_items (kinds), ==, 2);
  resources = vigil_pairs_row_get_children (child (kinds, 0));
  resource = child (resources, 0);
  g_assert_cmpstr (vigil_pairs_row_get_text (resource, VIGIL_PAIRS_COLUMN_CREATED), ==, "Open · DeviceOpened");
  g_assert_cmpstr (vigil_pairs_row_get_text (resource, VIGIL_PAIRS_COLUMN_CLOSED), ==, "Close · DeviceOpened");
  g_assert_cmpstr (vigil_pairs_row_get_text (resource, VIGIL_PAIRS_COLUMN_STATE), ==, "Closed");
  g_assert_cmpstr (vigil_pairs_row_get_text (resource, VIGIL_PAIRS_COLUMN_HANDLE), ==, "fd 7 → socket:[1]");

  g_assert_cmpuint (vigil_pairs_model_get_n_unpaired (model), ==, 1);

  g_assert_finalize_object (g_steal_pointer (&model));
  g_assert_finalize_object (g_steal_pointer (&ledger));
}

static void
test_bars (void)
{
  guint64 leaked = 0;
  g_autoptr(VigilLedger) ledger = make_ledger (&leaked);
  g_autoptr(VigilPairsModel) model = vigil_pairs_model_new (ledger);
  const VigilPairsBar *bar;

  vigil_pairs_model_set_max_bars (model, 2);
  vigil_pairs_model_refresh (model);

  /* The two newest sessions, oldest first (drawn newest right). */
  g_assert_cmpuint (vigil_pairs_model_get_n_bars (model), ==, 2);
  bar = vigil_pairs_model_get_bar (model, 0);
  g_assert_cmpuint (bar->session, ==, 2);
  g_assert_true (bar->unpaired);
  g_assert_cmpuint (bar->n_created, ==, 2);
  g_assert_cmpuint (bar->n_closed, ==, 1);
  g_assert_cmpuint (bar->created[VIGIL_RESOURCE_EVENT], ==, 1);
  g_assert_cmpuint (bar->closed[VIGIL_RESOURCE_EVENT], ==, 0);
  bar = vigil_pairs_model_get_bar (model, 1);
  g_assert_cmpuint (bar->session, ==, 3);
  g_assert_false (bar->unpaired);
  g_assert_false (bar->ended);
  g_assert_cmpuint (vigil_pairs_model_get_bar_max (model), ==, 2);

  g_assert_finalize_object (g_steal_pointer (&model));
  g_assert_finalize_object (g_steal_pointer (&ledger));
}

/* A refresh keeps row objects (so a tree view keeps them expanded) and
 * emits "changed" only when something differs. */
static void
test_refresh_in_place (void)
{
  guint64 leaked = 0;
  g_autoptr(VigilLedger) ledger = make_ledger (&leaked);
  g_autoptr(VigilPairsModel) model = vigil_pairs_model_new (ledger);
  GListModel *sessions = vigil_pairs_model_get_sessions (model);
  VigilPairsRow *first;
  guint changed = 0;

  g_signal_connect_swapped (model, "changed", G_CALLBACK (g_atomic_int_inc), &changed);
  vigil_pairs_model_refresh (model);
  g_assert_cmpuint (changed, ==, 1);
  first = child (sessions, 0);

  vigil_pairs_model_refresh (model);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_true (child (sessions, 0) == first);

  /* Closing the leaked Event pairs session 2: it moves after session 3. */
  g_assert_true (vigil_ledger_record_close (ledger, leaked));
  vigil_pairs_model_refresh (model);
  g_assert_cmpuint (changed, ==, 2);
  g_assert_false (vigil_pairs_row_get_unpaired (first));
  g_assert_cmpuint (vigil_pairs_row_get_key (child (sessions, 0)), ==, 3);
  g_assert_true (child (sessions, 1) == first);
  g_assert_cmpuint (vigil_pairs_model_get_n_unpaired (model), ==, 0);

  g_assert_finalize_object (g_steal_pointer (&model));
  g_assert_finalize_object (g_steal_pointer (&ledger));
}

/* A session's orphans are a red group of their own under it, one row each
 * with its OS handle and target, and counted on its bar. */
static void
test_orphans (void)
{
  guint64 leaked = 0;
  g_autoptr(VigilLedger) ledger = make_ledger (&leaked);
  g_autoptr(VigilOrphans) orphans = vigil_orphans_new (NULL);
  g_autoptr(VigilProbe) probe = vigil_probe_new ();
  g_autoptr(VigilPairsModel) model = vigil_pairs_model_new (ledger);
  g_autoptr(GArray) before = vigil_probe_list_fds (probe, NULL);
  g_autoptr(GArray) after = NULL;
  guint64 session = vigil_ledger_begin_session (ledger, "cam");
  g_autofree char *handle = NULL;
  VigilPairsRow *row, *group, *orphan;
  const VigilPairsBar *bar;
  int fds[2];

  vigil_orphans_phase_begin (orphans, session, VIGIL_PHASE_STREAM_CREATED, before);
  g_assert_cmpint (pipe2 (fds, O_CLOEXEC), ==, 0);
  after = vigil_probe_list_fds (probe, NULL);
  vigil_orphans_phase_end (orphans, session, VIGIL_PHASE_STREAM_CREATED, before, after);
  close (fds[1]);
  vigil_ledger_end_session (ledger, session);
  vigil_orphans_session_closed (orphans, session);

  vigil_pairs_model_set_orphans (model, orphans);
  vigil_pairs_model_refresh (model);
  row = child (vigil_pairs_model_get_sessions (model), 0);      /* flagged: first */
  g_assert_cmpuint (vigil_pairs_row_get_session (row), ==, session);
  g_assert_true (vigil_pairs_row_get_unpaired (row));
  g_assert_cmpstr (vigil_pairs_row_get_text (row, VIGIL_PAIRS_COLUMN_STATE), ==, "Ended · 1 orphan");
  group = child (vigil_pairs_row_get_children (row), 0);
  g_assert_true (vigil_pairs_row_get_unpaired (group));
  g_assert_cmpstr (vigil_pairs_row_get_text (group, VIGIL_PAIRS_COLUMN_NAME), ==, "Orphans (tracked by nobody)");
  orphan = child (vigil_pairs_row_get_children (group), 0);
  g_assert_true (vigil_pairs_row_get_unpaired (orphan));
  g_assert_cmpstr (vigil_pairs_row_get_text (orphan, VIGIL_PAIRS_COLUMN_CREATED), ==, "Left · StreamCreated");
  g_assert_cmpstr (vigil_pairs_row_get_text (orphan, VIGIL_PAIRS_COLUMN_STATE), ==, "Orphan");
  handle = g_strdup_printf ("fd %d → pipe:[", fds[0]);
  g_assert_true (g_str_has_prefix (vigil_pairs_row_get_text (orphan, VIGIL_PAIRS_COLUMN_HANDLE), handle));
  bar = vigil_pairs_model_get_bar (model, vigil_pairs_model_get_n_bars (model) - 1);
  g_assert_cmpuint (bar->session, ==, session);
  g_assert_cmpuint (bar->n_orphans, ==, 1);
  g_assert_true (bar->unpaired);

  /* Closed later: the group goes. */
  close (fds[0]);
  vigil_pairs_model_refresh (model);
  row = child (vigil_pairs_model_get_sessions (model), 0);
  g_assert_cmpuint (vigil_pairs_row_get_session (row), !=, session);
}

/* Sessions past the ledger's bounds: one "Older sessions" row with their
 * totals by kind, counted among the unpaired; the rows stay as many as the
 * bounds however many sessions ran. */
static void
test_dropped (void)
{
  g_autoptr(VigilLedger) ledger = vigil_ledger_new ();
  g_autoptr(VigilPairsModel) model = vigil_pairs_model_new (ledger);
  GListModel *sessions = vigil_pairs_model_get_sessions (model);
  VigilPairsRow *older, *event;

  vigil_ledger_set_max_ended_sessions (ledger, 2);
  vigil_ledger_set_max_unpaired_sessions (ledger, 3);
  for (guint i = 0; i < 1000; i++)
    {
      guint64 session = vigil_ledger_begin_session (ledger, "cam");
      guint64 device = vigil_ledger_record_create (ledger, session, VIGIL_RESOURCE_DEVICE, "device", "test",
                                                   VIGIL_ACTION_OPEN, VIGIL_ACTION_CLOSE, -1, NULL);

      vigil_ledger_set_phase (ledger, session, VIGIL_PHASE_CALLBACK_REGISTERED);
      if (i % 2 == 0)
        vigil_ledger_record_create (ledger, session, VIGIL_RESOURCE_EVENT, "wake-up eventfd", "test",
                                    VIGIL_ACTION_CREATE, VIGIL_ACTION_CLOSE, -1, NULL);
      vigil_ledger_record_close (ledger, device);
      vigil_ledger_end_session (ledger, session);
      if (i % 100 == 0)
        vigil_pairs_model_refresh (model);
    }
  vigil_pairs_model_refresh (model);

  /* 3 unpaired and 2 clean sessions in full, then the older ones. */
  g_assert_cmpuint (g_list_model_get_n_items (sessions), ==, 6);
  g_assert_cmpuint (vigil_pairs_model_get_n_unpaired (model), ==, 500);
  g_assert_cmpuint (vigil_pairs_model_get_dropped (model)->sessions, ==, 995);
  older = child (sessions, 3);
  g_assert_cmpuint (vigil_pairs_row_get_key (older), ==, 0);
  g_assert_true (vigil_pairs_row_get_unpaired (older));
  g_assert_cmpstr (vigil_pairs_row_get_text (older, VIGIL_PAIRS_COLUMN_STATE), ==, "995 sessions · 497 unpaired");
  event = child (vigil_pairs_row_get_children (older), 0);
  g_assert_cmpuint (vigil_pairs_row_get_key (event), ==, VIGIL_RESOURCE_EVENT);
  g_assert_cmpstr (vigil_pairs_row_get_text (event, VIGIL_PAIRS_COLUMN_CREATED), ==, "497 created");
  g_assert_cmpstr (vigil_pairs_row_get_text (event, VIGIL_PAIRS_COLUMN_STATE), ==, "497 unpaired");
  g_assert_cmpstr (vigil_pairs_row_get_text (child (vigil_pairs_row_get_children (older), 1),
                                             VIGIL_PAIRS_COLUMN_STATE), ==, "Paired");

  g_assert_finalize_object (g_steal_pointer (&model));
  g_assert_finalize_object (g_steal_pointer (&ledger));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/pairs-model/rows", test_rows);
  g_test_add_func ("/vigil/pairs-model/bars", test_bars);
  g_test_add_func ("/vigil/pairs-model/refresh-in-place", test_refresh_in_place);
  g_test_add_func ("/vigil/pairs-model/orphans", test_orphans);
  g_test_add_func ("/vigil/pairs-model/dropped", test_dropped);

  return g_test_run ();
}
