/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "vigil-history.h"
#include "vigil-ledger.h"
#include "vigil-memory.h"
#include "vigil-probe.h"
#include "vigil-resource.h"

#define N_THREADS      4
#define N_RESOURCES    10000
#define KEEP_EVERY     97             /* each 97th resource is left open */

typedef struct
{
  VigilLedger *ledger;
  guint64      sessions[2];
  guint        index;
  GPtrArray   *kept;                  /* VigilResource left open */
} Worker;

static gint creates, closes;

static void
count_records (VigilLedger             *ledger,
               const VigilResourceInfo *info,
               gpointer                 user_data)
{
  if (info->closed)
    g_atomic_int_inc (&closes);
  else
    g_atomic_int_inc (&creates);
}

static gpointer
work (gpointer data)
{
  Worker *worker = data;
  guint64 session = worker->sessions[worker->index % 2];

  for (guint i = 0; i < N_RESOURCES / N_THREADS; i++)
    {
      g_autoptr(VigilResource) resource =
        vigil_resource_new (worker->ledger, session, i % VIGIL_N_RESOURCE_KINDS,
                            "r", "worker", -1, NULL, NULL);

      if (vigil_resource_get_id (resource) == 0)
        return GINT_TO_POINTER (FALSE);
      if (i % KEEP_EVERY == 0)
        g_ptr_array_add (worker->kept, g_steal_pointer (&resource));
      /* else: closed here by the autoptr */
    }
  return GINT_TO_POINTER (TRUE);
}

static gint
compare_id (gconstpointer a,
            gconstpointer b)
{
  guint64 ia = *(const guint64 *) a, ib = *(const guint64 *) b;

  return (ia > ib) - (ia < ib);
}

static void
test_ledger_threads (void)
{
  g_autoptr(VigilLedger) ledger = vigil_ledger_new ();
  g_autoptr(GArray) kept = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(GPtrArray) kept_resources = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_resource_close);
  g_autoptr(GPtrArray) unpaired = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  Worker workers[N_THREADS];
  GThread *threads[N_THREADS];
  guint expected_created[2][VIGIL_N_RESOURCE_KINDS] = { { 0 } };
  guint expected_open[2][VIGIL_N_RESOURCE_KINDS] = { { 0 } };
  guint64 ids[2];

  vigil_ledger_set_listener (ledger, count_records, NULL, NULL);
  ids[0] = vigil_ledger_begin_session (ledger, "cam-a");
  ids[1] = vigil_ledger_begin_session (ledger, "cam-b");
  g_assert_cmpuint (ids[0], !=, ids[1]);

  for (guint t = 0; t < N_THREADS; t++)
    {
      workers[t] = (Worker) { ledger, { ids[0], ids[1] }, t, g_ptr_array_new () };
      threads[t] = g_thread_new ("ledger-test", work, &workers[t]);
    }
  for (guint t = 0; t < N_THREADS; t++)
    {
      gboolean ok = GPOINTER_TO_INT (g_thread_join (threads[t]));

      g_assert_true (ok);
      for (guint i = 0; i < workers[t].kept->len; i++)
        {
          VigilResource *resource = g_ptr_array_index (workers[t].kept, i);
          guint64 id = vigil_resource_get_id (resource);

          g_array_append_val (kept, id);
          g_ptr_array_add (kept_resources, resource);
        }
      g_ptr_array_unref (workers[t].kept);
      for (guint i = 0; i < N_RESOURCES / N_THREADS; i++)
        {
          expected_created[t % 2][i % VIGIL_N_RESOURCE_KINDS]++;
          if (i % KEEP_EVERY == 0)
            expected_open[t % 2][i % VIGIL_N_RESOURCE_KINDS]++;
        }
    }

  g_assert_cmpint (g_atomic_int_get (&creates), ==, N_RESOURCES);
  g_assert_cmpint (g_atomic_int_get (&closes), ==, N_RESOURCES - (gint) kept->len);
  g_assert_cmpuint (vigil_ledger_count_open (ledger), ==, kept->len);

  for (guint s = 0; s < 2; s++)
    {
      g_autoptr(GArray) pairs = vigil_ledger_get_pairs (ledger, ids[s]);

      g_assert_cmpuint (pairs->len, ==, VIGIL_N_RESOURCE_KINDS);
      for (guint k = 0; k < VIGIL_N_RESOURCE_KINDS; k++)
        {
          const VigilKindPairs *p = &g_array_index (pairs, VigilKindPairs, k);

          g_assert_cmpint (p->kind, ==, k);
          g_assert_cmpuint (p->created, ==, expected_created[s][k]);
          g_assert_cmpuint (p->open, ==, expected_open[s][k]);
          g_assert_cmpuint (p->closed, ==, expected_created[s][k] - expected_open[s][k]);
        }
    }

  /* Nothing is unpaired while the sessions run; all kept ones once ended. */
  unpaired = vigil_ledger_list_unpaired (ledger);
  g_assert_cmpuint (unpaired->len, ==, 0);
  g_clear_pointer (&unpaired, g_ptr_array_unref);
  vigil_ledger_end_session (ledger, ids[0]);
  vigil_ledger_end_session (ledger, ids[1]);
  unpaired = vigil_ledger_list_unpaired (ledger);
  g_array_sort (kept, compare_id);
  g_assert_cmpuint (unpaired->len, ==, kept->len);
  for (guint i = 0; i < kept->len; i++)
    {
      const VigilResourceInfo *info = g_ptr_array_index (unpaired, i);

      g_assert_cmpuint (info->id, ==, g_array_index (kept, guint64, i));
      g_assert_false (info->closed);
    }

  sessions = vigil_ledger_list_sessions (ledger);
  g_assert_cmpuint (sessions->len, ==, 2);
  for (guint s = 0; s < 2; s++)
    {
      const VigilSessionInfo *info = g_ptr_array_index (sessions, s);

      g_assert_cmpuint (info->id, ==, ids[s]);
      g_assert_true (info->ended);
      g_assert_cmpint (info->closed_us, >=, info->opened_us);
    }
  g_assert_cmpstr (((VigilSessionInfo *) g_ptr_array_index (sessions, 1))->camera, ==, "cam-b");

  /* Closing the leftovers late pairs them: nothing unpaired remains. */
  g_clear_pointer (&kept_resources, g_ptr_array_unref);
  g_clear_pointer (&unpaired, g_ptr_array_unref);
  unpaired = vigil_ledger_list_unpaired (ledger);
  g_assert_cmpuint (unpaired->len, ==, 0);
  g_assert_cmpuint (vigil_ledger_count_open (ledger), ==, 0);

  g_assert_finalize_object (g_steal_pointer (&ledger));
}

static void
test_ledger_prune (void)
{
  g_autoptr(VigilLedger) ledger = vigil_ledger_new ();
  g_autoptr(GPtrArray) sessions = NULL;
  guint64 leaky = 0;

  vigil_ledger_set_max_ended_sessions (ledger, 3);
  for (guint i = 0; i < 10; i++)
    {
      guint64 session = vigil_ledger_begin_session (ledger, "cam");
      guint64 id = vigil_ledger_record_create (ledger, session, VIGIL_RESOURCE_STREAM, "s", NULL,
                                               VIGIL_ACTION_CREATE, VIGIL_ACTION_CLOSE, -1, NULL);

      if (i == 1)
        leaky = session;               /* leaves its stream open */
      else
        vigil_ledger_record_close (ledger, id);
      vigil_ledger_end_session (ledger, session);
    }

  /* The 3 newest ended sessions plus the one with an unpaired resource. */
  sessions = vigil_ledger_list_sessions (ledger);
  g_assert_cmpuint (sessions->len, ==, 4);
  g_assert_cmpuint (((VigilSessionInfo *) g_ptr_array_index (sessions, 0))->id, ==, leaky);
  g_assert_cmpuint (((VigilSessionInfo *) g_ptr_array_index (sessions, 0))->n_open, ==, 1);
  g_assert_cmpint (vigil_ledger_get_phase (ledger, leaky), ==, VIGIL_PHASE_OPEN_START);
  g_assert_cmpint (vigil_ledger_get_phase (ledger, 12345), ==, VIGIL_PHASE_NONE);

  g_assert_finalize_object (g_steal_pointer (&ledger));
}

static void
add_fd (GArray     *list,
        int         fd,
        const char *target)
{
  VigilFdEntry entry = { fd, g_strdup (target) };

  g_array_append_val (list, entry);
}

static void
test_ledger_attribution (void)
{
  g_autoptr(VigilLedger) ledger = vigil_ledger_new ();
  g_autoptr(GArray) before = vigil_fd_list_new ();
  g_autoptr(GArray) after = vigil_fd_list_new ();
  g_autoptr(GArray) now = vigil_fd_list_new ();
  g_autoptr(GArray) attributed = NULL;
  g_autoptr(GArray) residue = NULL;
  guint64 session = vigil_ledger_begin_session (ledger, "cam");
  guint added;

  add_fd (before, 0, "/dev/null");
  add_fd (before, 5, "pipe:[1]");
  add_fd (after, 0, "/dev/null");
  add_fd (after, 5, "socket:[7]");           /* number reused: new */
  add_fd (after, 9, "anon_inode:[eventfd]");
  added = vigil_ledger_attribute_fds (ledger, session, VIGIL_PHASE_DEVICE_OPENED, before, after);
  g_assert_cmpuint (added, ==, 2);

  attributed = vigil_ledger_list_attributed_fds (ledger, session);
  g_assert_cmpuint (attributed->len, ==, 2);
  g_assert_cmpint (g_array_index (attributed, VigilFdAttribution, 0).fd, ==, 5);
  g_assert_cmpstr (g_array_index (attributed, VigilFdAttribution, 0).target, ==, "socket:[7]");
  g_assert_cmpint (g_array_index (attributed, VigilFdAttribution, 1).phase, ==, VIGIL_PHASE_DEVICE_OPENED);

  add_fd (now, 0, "/dev/null");
  add_fd (now, 9, "anon_inode:[eventfd]");
  residue = vigil_ledger_list_residue (ledger, session, now);
  g_assert_cmpuint (residue->len, ==, 1);
  g_assert_cmpint (g_array_index (residue, VigilFdAttribution, 0).fd, ==, 9);

  g_assert_finalize_object (g_steal_pointer (&ledger));
}

#define N_BOUNDED_SESSIONS 10000

/* One reconnect's session: a Device and a Stream closed, and with @leak an
 * Event made at CallbackRegistered left open.  Returns the Event's id. */
static guint64
run_session (VigilLedger *ledger,
             gboolean     leak)
{
  guint64 session = vigil_ledger_begin_session (ledger, "cam");
  guint64 device, stream, event = 0;

  vigil_ledger_set_phase (ledger, session, VIGIL_PHASE_DEVICE_OPENED);
  device = vigil_ledger_record_create (ledger, session, VIGIL_RESOURCE_DEVICE, "GVCP", "worker",
                                       VIGIL_ACTION_OPEN, VIGIL_ACTION_CLOSE, 17, "socket:[1]");
  vigil_ledger_set_phase (ledger, session, VIGIL_PHASE_STREAM_CREATED);
  stream = vigil_ledger_record_create (ledger, session, VIGIL_RESOURCE_STREAM, "GVSP", "worker",
                                       VIGIL_ACTION_CREATE, VIGIL_ACTION_CLOSE, -1, NULL);
  vigil_ledger_set_phase (ledger, session, VIGIL_PHASE_CALLBACK_REGISTERED);
  if (leak)
    event = vigil_ledger_record_create (ledger, session, VIGIL_RESOURCE_EVENT, "leak-demo eventfd", "worker",
                                        VIGIL_ACTION_CREATE, VIGIL_ACTION_CLOSE, 42, "anon_inode:[eventfd]");
  vigil_ledger_set_phase (ledger, session, VIGIL_PHASE_CLOSE_DONE);
  vigil_ledger_record_close (ledger, stream);
  vigil_ledger_record_close (ledger, device);
  vigil_ledger_end_session (ledger, session);
  return event;
}

/* The history's ledger metric over one sample per reconnect. */
static void
add_ledger_sample (VigilHistory *history,
                   guint         i,
                   gint64        ledger_open)
{
  VigilProbeSample sample = { 0 };

  sample.monotonic_us = (gint64) i * G_USEC_PER_SEC;
  sample.wall_us = G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC + sample.monotonic_us;
  sample.open_fds = 20;
  for (guint k = 0; k < VIGIL_N_FD_KINDS; k++)
    sample.fds_by_kind[k] = -1;
  sample.threads = 5;
  sample.private_bytes = -1;
  sample.heap_bytes = -1;
  sample.rss_bytes = -1;
  sample.rss_anon_bytes = -1;
  sample.fd_soft_limit = 1024;
  sample.fd_hard_limit = 4096;
  sample.gui_objects = -1;
  vigil_history_add_reconnect_sample (history, &sample, ledger_open);
}

/* 10,000 leaking sessions through a ledger that keeps 4 clean and 8
 * unpaired sessions in full: every count stays exact, and the verdict is
 * the one a ledger that keeps everything gives. */
static void
test_ledger_bounded_leaking (void)
{
  g_autoptr(VigilLedger) small = vigil_ledger_new ();
  g_autoptr(VigilLedger) full = vigil_ledger_new ();
  g_autoptr(VigilHistory) small_history = vigil_history_new ();
  g_autoptr(VigilHistory) full_history = vigil_history_new ();
  g_autoptr(VigilVerdict) small_verdict = NULL;
  g_autoptr(VigilVerdict) full_verdict = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) unpaired = NULL;
  VigilLedgerDropped dropped;
  guint64 first_leak = 0;
  gsize bytes_small, bytes_full;

  vigil_ledger_set_max_ended_sessions (small, 4);
  vigil_ledger_set_max_unpaired_sessions (small, 8);
  vigil_ledger_set_max_ended_sessions (full, G_MAXUINT);
  vigil_ledger_set_max_unpaired_sessions (full, G_MAXUINT);
  vigil_history_mark_session_opened (small_history);
  vigil_history_mark_session_opened (full_history);
  vigil_history_set_capacity (small_history, 16, N_BOUNDED_SESSIONS);
  vigil_history_set_capacity (full_history, 16, N_BOUNDED_SESSIONS);
  for (guint i = 0; i < N_BOUNDED_SESSIONS; i++)
    {
      guint64 event = run_session (small, TRUE);

      run_session (full, TRUE);
      if (first_leak == 0)
        first_leak = event;
      add_ledger_sample (small_history, i, vigil_ledger_count_open (small));
      add_ledger_sample (full_history, i, vigil_ledger_count_open (full));
    }

  g_assert_cmpuint (vigil_ledger_count_open (small), ==, N_BOUNDED_SESSIONS);
  g_assert_cmpuint (vigil_ledger_count_unpaired (small), ==, N_BOUNDED_SESSIONS);
  sessions = vigil_ledger_list_sessions (small);
  g_assert_cmpuint (sessions->len, ==, 8);
  unpaired = vigil_ledger_list_unpaired (small);
  g_assert_cmpuint (unpaired->len, ==, 8);
  vigil_ledger_get_dropped (small, &dropped);
  g_assert_cmpuint (dropped.sessions, ==, N_BOUNDED_SESSIONS - 8);
  g_assert_cmpuint (dropped.unpaired_sessions, ==, N_BOUNDED_SESSIONS - 8);
  g_assert_cmpuint (dropped.n_unpaired, ==, N_BOUNDED_SESSIONS - 8);
  g_assert_cmpuint (dropped.unpaired[VIGIL_RESOURCE_EVENT][VIGIL_PHASE_CALLBACK_REGISTERED], ==,
                    N_BOUNDED_SESSIONS - 8);
  g_assert_cmpuint (dropped.created[VIGIL_RESOURCE_DEVICE], ==, N_BOUNDED_SESSIONS - 8);
  g_assert_cmpuint (dropped.closed[VIGIL_RESOURCE_DEVICE], ==, N_BOUNDED_SESSIONS - 8);
  g_assert_cmpuint (dropped.created[VIGIL_RESOURCE_EVENT], ==, N_BOUNDED_SESSIONS - 8);
  g_assert_cmpuint (dropped.closed[VIGIL_RESOURCE_EVENT], ==, 0);

  /* The verdict does not depend on what was kept in full. */
  small_verdict = vigil_history_get_verdict (small_history);
  full_verdict = vigil_history_get_verdict (full_history);
  g_assert_cmpint (small_verdict->metrics[VIGIL_METRIC_LEDGER_OPEN].status, ==, VIGIL_VERDICT_LEAK);
  g_assert_cmpint (full_verdict->metrics[VIGIL_METRIC_LEDGER_OPEN].status, ==, VIGIL_VERDICT_LEAK);
  g_assert_cmpfloat (small_verdict->metrics[VIGIL_METRIC_LEDGER_OPEN].slope, ==,
                     full_verdict->metrics[VIGIL_METRIC_LEDGER_OPEN].slope);
  g_assert_cmpfloat (small_verdict->metrics[VIGIL_METRIC_LEDGER_OPEN].current, ==, N_BOUNDED_SESSIONS);
  g_assert_cmpint (small_verdict->status, ==, full_verdict->status);

  /* What the small one keeps: 8 sessions in full and 32 bytes for each
   * resource still open in a dropped one (the leak itself). */
  bytes_small = vigil_ledger_get_retained_bytes (small);
  bytes_full = vigil_ledger_get_retained_bytes (full);
  g_test_message ("retained: %" G_GSIZE_FORMAT " B with bounds 4/8, %" G_GSIZE_FORMAT " B keeping all",
                  bytes_small, bytes_full);
  g_assert_cmpuint (bytes_small, <, bytes_full / 10);
  g_assert_cmpuint (bytes_small, <, 64 * N_BOUNDED_SESSIONS);

  /* A late Close of a dropped session's resource is still counted. */
  g_assert_true (vigil_ledger_record_close (small, first_leak));
  g_assert_false (vigil_ledger_record_close (small, first_leak));
  vigil_ledger_get_dropped (small, &dropped);
  g_assert_cmpuint (dropped.n_unpaired, ==, N_BOUNDED_SESSIONS - 9);
  g_assert_cmpuint (dropped.closed[VIGIL_RESOURCE_EVENT], ==, 1);
  g_assert_cmpuint (vigil_ledger_count_open (small), ==, N_BOUNDED_SESSIONS - 1);

  g_assert_finalize_object (g_steal_pointer (&small));
  g_assert_finalize_object (g_steal_pointer (&full));
  g_assert_finalize_object (g_steal_pointer (&small_history));
  g_assert_finalize_object (g_steal_pointer (&full_history));
}

/* 10,000 clean sessions: what the ledger holds stops growing once its
 * bounds are reached, by its own account and by malloc's. */
static void
test_ledger_bounded_clean (void)
{
  g_autoptr(VigilLedger) ledger = vigil_ledger_new ();
  g_autoptr(GPtrArray) sessions = NULL;
  VigilLedgerDropped dropped;
  gsize bytes_at_1000 = 0;
  gint64 heap_at_1000 = -1, heap_at_end;

  vigil_ledger_set_max_ended_sessions (ledger, 100);
  vigil_ledger_set_max_unpaired_sessions (ledger, 100);
  for (guint i = 0; i < N_BOUNDED_SESSIONS; i++)
    {
      run_session (ledger, FALSE);
      if (i + 1 == 1000)
        {
          bytes_at_1000 = vigil_ledger_get_retained_bytes (ledger);
          heap_at_1000 = vigil_memory_heap_in_use ();
        }
    }
  heap_at_end = vigil_memory_heap_in_use ();

  g_test_message ("retained after 1,000 sessions %" G_GSIZE_FORMAT " B, after 10,000 %" G_GSIZE_FORMAT " B; "
                  "heap in use %+" G_GINT64_FORMAT " B between them",
                  bytes_at_1000, vigil_ledger_get_retained_bytes (ledger),
                  heap_at_1000 >= 0 ? heap_at_end - heap_at_1000 : 0);
  g_assert_cmpuint (vigil_ledger_get_retained_bytes (ledger), ==, bytes_at_1000);
  if (heap_at_1000 >= 0)
    g_assert_cmpint (heap_at_end - heap_at_1000, <, 16 * 1024);
  sessions = vigil_ledger_list_sessions (ledger);
  g_assert_cmpuint (sessions->len, ==, 100);
  g_assert_true (vigil_ledger_is_full (ledger));
  vigil_ledger_get_dropped (ledger, &dropped);
  g_assert_cmpuint (dropped.sessions, ==, N_BOUNDED_SESSIONS - 100);
  g_assert_cmpuint (dropped.unpaired_sessions, ==, 0);
  g_assert_cmpuint (dropped.n_unpaired, ==, 0);
  g_assert_cmpuint (dropped.created[VIGIL_RESOURCE_STREAM], ==, N_BOUNDED_SESSIONS - 100);
  g_assert_cmpuint (dropped.closed[VIGIL_RESOURCE_STREAM], ==, N_BOUNDED_SESSIONS - 100);
  g_assert_cmpuint (vigil_ledger_count_open (ledger), ==, 0);
  g_assert_cmpuint (vigil_ledger_count_unpaired (ledger), ==, 0);

  g_assert_finalize_object (g_steal_pointer (&ledger));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/ledger/threads", test_ledger_threads);
  g_test_add_func ("/vigil/ledger/prune", test_ledger_prune);
  g_test_add_func ("/vigil/ledger/attribution", test_ledger_attribution);
  g_test_add_func ("/vigil/ledger/bounded-leaking", test_ledger_bounded_leaking);
  g_test_add_func ("/vigil/ledger/bounded-clean", test_ledger_bounded_clean);

  return g_test_run ();
}
