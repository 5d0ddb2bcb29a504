/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "vigil-error.h"
#include "vigil-soak-runner.h"
#include "test-util.h"

/* VigilSoakRunner in-process: the one check of its config, its
 * preconditions, the result's details in words, and a short run on a thread-default main context that is
 * not the global default one (the run's own sources and the supervisors'
 * must all be on it).  Runs inside isolate.sh: the simulated camera owns
 * 127.0.0.1 for this test alone. */

#define RUN_CYCLES   6
#define RUN_DEADLINE (120 * G_USEC_PER_SEC)   /* generous: CI runs under load */

static VigilSoakConfig
good_config (void)
{
  VigilSoakConfig config = {
    .cycles = RUN_CYCLES,
    .mode = VIGIL_SOAK_SYSTEMATIC,
    .probability = 0.05,
    .seed = 1,
    .cameras = 1,
    .frame_rate = 200,
  };

  return config;
}

/* Configs the runner refuses, each with the option its message names. */
static const struct
{
  const char *option;
  guint64     cycles;
  guint       cameras;
  const char *camera_id;
  gdouble     probability;
  gdouble     frame_rate;
} refused[] = {
  { "--cycles",      0,                             1,   NULL,        0.05,  200 },
  { "--cycles",      (guint64) G_MAXUINT32 + 1,     1,   NULL,        0.05,  200 },
  { "--cameras",     RUN_CYCLES,                    0,   NULL,        0.05,  200 },
  { "--cameras",     RUN_CYCLES,                    201, NULL,        0.05,  200 },
  { "--cameras",     RUN_CYCLES,                    2,   "192.0.2.1", 0.05,  200 },
  { "--probability", RUN_CYCLES,                    1,   NULL,        -0.01, 200 },
  { "--probability", RUN_CYCLES,                    1,   NULL,        1.01,  200 },
  { "--probability", RUN_CYCLES,                    1,   NULL,        NAN,   200 },
  { "--frame-rate",  RUN_CYCLES,                    1,   NULL,        0.05,  -1 },
  { "--frame-rate",  RUN_CYCLES,                    1,   NULL,        0.05,  1000.5 },
  { "--frame-rate",  RUN_CYCLES,                    1,   NULL,        0.05,  NAN },
};

static void
test_config_checked (void)
{
  VigilSoakConfig config = good_config ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSoakRunner) runner = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) refusal = NULL;

      config = good_config ();
      config.cycles = refused[i].cycles;
      config.cameras = refused[i].cameras;
      config.camera_id = refused[i].camera_id;
      config.probability = refused[i].probability;
      config.frame_rate = refused[i].frame_rate;
      g_assert_null (vigil_soak_runner_new (&config, &refusal));
      g_assert_error (refusal, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT);
      /* In words, naming the option. */
      g_assert_nonnull (strstr (refusal->message, refused[i].option));
    }

  /* The edges are accepted. */
  config = good_config ();
  config.cameras = 200;
  config.probability = 1;
  config.frame_rate = 1000;
  config.cycles = G_MAXUINT32;
  runner = vigil_soak_runner_new (&config, &error);
  g_assert_no_error (error);
  g_assert_nonnull (runner);
  g_assert_finalize_object (g_steal_pointer (&runner));
}

static void
test_preconditions (void)
{
  VigilSoakConfig config = good_config ();
  g_autoptr(GError) error = NULL;

  /* Checked before anything is dereferenced or made. */
  g_test_expect_message ("vigil-soak-report", G_LOG_LEVEL_CRITICAL, "*VIGIL_IS_SOAK_RUNNER*");
  g_assert_null (vigil_soak_runner_build_report (NULL));
  g_test_assert_expected_messages ();

  g_test_expect_message ("vigil-soak-runner", G_LOG_LEVEL_CRITICAL, "*config != NULL*");
  g_assert_null (vigil_soak_runner_new (NULL, &error));
  g_test_assert_expected_messages ();
  g_assert_no_error (error);

  /* An interrupt before the run queues nothing, on no context. */
  {
    g_autoptr(VigilSoakRunner) runner = vigil_soak_runner_new (&config, &error);

    g_assert_no_error (error);
    vigil_soak_runner_interrupt (runner);
    g_assert_false (g_main_context_pending (NULL));
    g_assert_finalize_object (g_steal_pointer (&runner));
  }
}

/* The details above the summary line, one "vigil-soak: " line each. */
static void
test_details (void)
{
  VigilVerdict verdict = { .status = VIGIL_VERDICT_PASS };
  g_autoptr(GArray) fired = g_array_new (FALSE, TRUE, sizeof (VigilFaultState));
  VigilFaultState once = { .point = "open.device", .total_fired = 1 };
  VigilFaultState thrice = { .point = "stream.create", .total_fired = 3 };
  VigilFaultState never = { .point = "buffers.alloc", .total_fired = 0 };
  VigilSoakResult result = { .verdict = &verdict, .fired = fired, .rounds = 7, .measured_cycles = 20,
                             .memory_slope = NAN, .memory_n = 2 };
  g_autofree char *details = NULL;
  g_auto(GStrv) lines = NULL;

  g_array_append_val (fired, once);
  g_array_append_val (fired, thrice);
  g_array_append_val (fired, never);
  details = vigil_soak_result_format_details (&result);
  lines = g_strsplit (details, "\n", -1);

  /* The history's line, one per metric, memory, the memory verdict, the
   * two faults that fired. */
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + VIGIL_N_METRICS + 2 + 2);
  for (guint i = 0; lines[i]; i++)
    g_assert_true (g_str_has_prefix (lines[i], "vigil-soak: "));
  g_assert_nonnull (strstr (lines[0], "7 rounds, 20 cycles after the baseline"));
  g_assert_nonnull (strstr (lines[1 + VIGIL_N_METRICS], "2 samples, too few for a trend"));
  g_assert_true (g_str_has_prefix (lines[2 + VIGIL_N_METRICS], "vigil-soak: memory verdict "));
  g_assert_cmpstr (lines[3 + VIGIL_N_METRICS], ==, "vigil-soak: fault open.device fired 1 time");
  g_assert_cmpstr (lines[4 + VIGIL_N_METRICS], ==, "vigil-soak: fault stream.create fired 3 times");
}

typedef struct
{
  GMutex   lock;
  GCond    cond;
  gboolean done;
  gboolean ran;
  GError  *error;
  guint64  cycles;
  VigilVerdictStatus status;
} OwnContext;

/* A thread whose thread-default context is its own: nobody iterates the
 * global default context while the run goes on. */
static gpointer
run_on_own_context (gpointer data)
{
  OwnContext *shared = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  VigilSoakConfig config = good_config ();
  g_autoptr(VigilSoakRunner) runner = NULL;
  GError *error = NULL;
  gboolean ran = FALSE;

  g_main_context_push_thread_default (context);
  runner = vigil_soak_runner_new (&config, &error);
  if (runner != NULL)
    ran = vigil_soak_runner_run (runner, &error);
  g_mutex_lock (&shared->lock);
  if (ran)
    {
      shared->cycles = vigil_soak_runner_get_result (runner)->cycles;
      shared->status = vigil_soak_runner_get_result (runner)->status;
    }
  g_clear_object (&runner);
  shared->ran = ran;
  shared->error = error;
  shared->done = TRUE;
  g_cond_signal (&shared->cond);
  g_mutex_unlock (&shared->lock);
  g_main_context_pop_thread_default (context);
  return NULL;
}

/* One run on a thread of its own, its result checked. */
static void
run_in_own_thread (void)
{
  OwnContext shared = { 0 };
  gint64 deadline = g_get_monotonic_time () + RUN_DEADLINE;
  GThread *thread;

  g_mutex_init (&shared.lock);
  g_cond_init (&shared.cond);
  thread = g_thread_new ("soak-runner", run_on_own_context, &shared);

  g_mutex_lock (&shared.lock);
  while (!shared.done)
    if (!g_cond_wait_until (&shared.cond, &shared.lock, deadline))
      break;
  /* Before the runner attached its sources to the run's context, its
   * evaluation waited on the global default context for ever. */
  g_assert_true (shared.done);
  g_mutex_unlock (&shared.lock);
  g_thread_join (thread);

  g_assert_no_error (shared.error);
  g_assert_true (shared.ran);
  g_assert_cmpuint (shared.cycles, >=, RUN_CYCLES);
  g_assert_cmpint (shared.status, ==, VIGIL_VERDICT_PASS);
  /* Nothing was left on the global default context either. */
  g_assert_false (g_main_context_pending (NULL));

  g_mutex_clear (&shared.lock);
  g_cond_clear (&shared.cond);
}

static void
test_own_context (void)
{
  guint fds, threads;

  /* The first run warms up: Aravis makes some process-wide state on the
   * first open.  The second leaves the process as it found it. */
  run_in_own_thread ();
  fds = test_count_fds ();
  threads = test_count_threads ();
  run_in_own_thread ();
  g_assert_cmpuint (test_count_fds (), ==, fds);
  g_assert_cmpuint (test_settled_threads (threads), ==, threads);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/soak-runner/config-checked", test_config_checked);
  g_test_add_func ("/vigil/soak-runner/preconditions", test_preconditions);
  g_test_add_func ("/vigil/soak-runner/details", test_details);
  g_test_add_func ("/vigil/soak-runner/own-context", test_own_context);

  return g_test_run ();
}
