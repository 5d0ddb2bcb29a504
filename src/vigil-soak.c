/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-soak"

#include "config.h"

#include <math.h>

#include <inttypes.h>
#include <locale.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arv.h>
#include <glib-unix.h>
#include <glib/gi18n.h>

#include "vigil-snapshot.h"
#include "vigil-soak-runner.h"

/* vigil-soak: the headless stress harness (DESIGN.md "External
 * interfaces").  This file parses the options, prints and picks the exit
 * code; the run itself is vigil-soak-runner in the core library. */

enum
{
  EXIT_PASS = 0,
  EXIT_LEAK = 1,
  EXIT_USAGE = 2,
};

#define DEFAULT_PROBABILITY 0.05
#define DEFAULT_FRAME_RATE  200.0

typedef struct
{
  gboolean tty;
  gboolean quiet;
  gboolean verbose;
  guint    last_decile;
} Output;

static int
usage_error (const char *message)
{
  g_printerr ("vigil-soak: %s\n", message);
  g_printerr ("%s\n", _("Try “vigil-soak --help”."));
  return EXIT_USAGE;
}

static gboolean
parse_number (const char  *option,
              const char  *text,
              guint64      min,
              guint64      max,
              guint64     *out,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, min, max, out, &local_error))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s wants a whole number from %" PRIu64 " to %" PRIu64 ", not “%s”"),
                   option, min, max, text);
      return FALSE;
    }
  return TRUE;
}

static char *
format_bytes (gint64 bytes)
{
  g_autofree char *size = g_format_size (ABS (bytes));

  return g_strdup_printf ("%s%s", bytes < 0 ? "-" : "+", size);
}

static void
on_progress (VigilSoakRunner         *runner,
             const VigilSoakProgress *progress,
             gpointer                 user_data)
{
  Output *output = user_data;
  g_autofree char *memory = format_bytes (progress->memory_delta);
  guint decile = progress->target ? (guint) MIN (10, progress->cycles * 10 / progress->target) : 10;

  if (output->quiet)
    return;
  if (output->tty)
    {
      char bar[21];
      guint filled = decile * 2;

      for (guint i = 0; i < 20; i++)
        bar[i] = i < filled ? '#' : '.';
      bar[20] = '\0';
      g_print ("\r\033[K[%s] %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT " cycles  %.1f cycles/s  "
               "fd %+" G_GINT64_FORMAT "  threads %+" G_GINT64_FORMAT "  memory %s%s",
               bar, progress->cycles, progress->target, progress->rate, progress->fd_delta,
               progress->thread_delta, memory, progress->measuring ? "" : _("  (warming up)"));
      fflush (stdout);
      return;
    }
  if (decile > output->last_decile)
    {
      output->last_decile = decile;
      g_print ("vigil-soak: %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT " cycles (%u %%), %.1f cycles/s, "
               "fd %+" G_GINT64_FORMAT ", threads %+" G_GINT64_FORMAT ", memory %s\n",
               progress->cycles, progress->target, decile * 10, progress->rate, progress->fd_delta,
               progress->thread_delta, memory);
    }
}

static void
on_round (VigilSoakRunner      *runner,
          const VigilSoakRound *round,
          gpointer              user_data)
{
  Output *output = user_data;

  if (!output->verbose)
    return;
  if (output->tty)
    g_print ("\r\033[K");
  g_print ("round %" G_GUINT64_FORMAT ": fired %s\n", round->round, round->fired);
}

/* vigil-soak --explain FILE */
static int
explain_file (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!json_parser_load_from_file (parser, path, &error) ||
      !(text = vigil_snapshot_explain (json_parser_get_root (parser), &error)))
    {
      g_printerr ("vigil-soak: %s: %s\n", path, error->message);
      return EXIT_USAGE;
    }
  g_print ("%s", text);
  if (!g_str_has_suffix (text, "\n"))
    g_print ("\n");
  return EXIT_PASS;
}

static gboolean
on_signal (gpointer data)
{
  vigil_soak_runner_interrupt (data);
  return G_SOURCE_CONTINUE;
}

/* Allocator caches that fill for thousands of cycles, and that are the
 * allocator, not the code under test: glibc's per-thread caches (tcache)
 * of the long-lived threads -- the supervisors' workers and reapers, the
 * main thread -- (malloc's bytes in use rose 16 B/cycle over the later
 * half of 10,000 cycles with them and not at all without), and GLib 2.74's
 * slice allocator, whose slabs and per-thread magazines held 1.2 MB more
 * at the quiesce points of a run with simulated disconnects and grew with
 * it (heaptrack: 170 kB of GenICam nodes "live" at cycle 270 and not at
 * cycle 40, -9 kB with G_SLICE=always-malloc).  So the run goes without
 * them: once, before anything else, vigil-soak runs itself again with
 * both set.  A setting already in the environment is left as it is. */
static void
drop_allocator_caches (char **argv)
{
  gboolean again = FALSE;
#ifdef __GLIBC__
  const char *tunables = getenv ("GLIBC_TUNABLES");

  if (tunables == NULL || strstr (tunables, "glibc.malloc.tcache_count") == NULL)
    {
      g_autofree char *value = tunables != NULL && *tunables != '\0'
                                 ? g_strconcat (tunables, ":glibc.malloc.tcache_count=0", NULL)
                                 : g_strdup ("glibc.malloc.tcache_count=0");

      again |= setenv ("GLIBC_TUNABLES", value, 1) == 0;
    }
#endif
  if (getenv ("G_SLICE") == NULL)
    again |= setenv ("G_SLICE", "always-malloc", 1) == 0;
  if (again)
    execv ("/proc/self/exe", argv);
  /* Not fatal: the run goes on with the caches. */
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSoakRunner) runner = NULL;
  g_autofree char *cycles_text = NULL;
  g_autofree char *cameras_text = NULL;
  g_autofree char *seed_text = NULL;
  g_autofree char *camera_id = NULL;
  g_autofree char *faults = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *report = NULL;
  g_autofree char *explain = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *unpaired = NULL;
  g_autofree char *orphans = NULL;
  g_autofree char *unexplained = NULL;
  g_autofree char *plan = NULL;
  gdouble probability = -1, frame_rate = DEFAULT_FRAME_RATE;
  gboolean simulate = FALSE, leak_demo = FALSE, strict = FALSE;
  guint64 cycles = 0, cameras = 1, seed = 0;
  Output output = { 0 };
  VigilSoakConfig config = { 0 };
  const VigilSoakResult *result;
  guint sigint_id, sigterm_id;
  int status;
  GOptionEntry entries[] = {
    { "cycles", 'n', 0, G_OPTION_ARG_STRING, &cycles_text, N_("Reconnect cycles to run"), "N" },
    { "simulate", 0, 0, G_OPTION_ARG_NONE, &simulate, N_("Use the simulated camera (the default)"), NULL },
    { "camera", 0, 0, G_OPTION_ARG_STRING, &camera_id, N_("A real camera: Aravis device id or IP address"), "ID" },
    { "faults", 0, 0, G_OPTION_ARG_STRING, &faults,
      N_("Fault points to take, separated by commas, or “all” (sim.freeze, sim.unplug, sim.loss included)"), "LIST" },
    { "mode", 0, 0, G_OPTION_ARG_STRING, &mode, N_("systematic (default) or random"), "MODE" },
    { "probability", 0, 0, G_OPTION_ARG_DOUBLE, &probability,
      N_("Random mode: chance of each point per round (default 0.05)"), "P" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text, N_("Random mode: the seed (default: a new one, printed)"), "S" },
    { "leak-demo", 0, 0, G_OPTION_ARG_NONE, &leak_demo,
      N_("Leak an event fd on the callback.register failure path, on purpose"), NULL },
    { "cameras", 0, 0, G_OPTION_ARG_STRING, &cameras_text,
      N_("Simulated cameras side by side on 127.0.0.1…K (K > 1 adds addresses to lo: root)"), "K" },
    { "frame-rate", 0, 0, G_OPTION_ARG_DOUBLE, &frame_rate,
      N_("Frame rate set on the simulated cameras (default 200; 0 keeps theirs)"), "FPS" },
    { "report", 0, 0, G_OPTION_ARG_FILENAME, &report, N_("Write a vigil-snapshot/1 document to PATH"), "PATH" },
    { "explain", 0, 0, G_OPTION_ARG_FILENAME, &explain, N_("Explain a snapshot file and exit"), "FILE" },
    { "strict", 0, 0, G_OPTION_ARG_NONE, &strict, N_("Exit 1 on WATCH too"), NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &output.quiet, N_("Print the summary only"), NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &output.verbose, N_("Print every round in which faults fired"), NULL },
    { NULL }
  };

  drop_allocator_caches (argv);
  /* One malloc arena: glibc otherwise gives new threads arenas of their
   * own, which shows as steps of tens of MB in private memory that are
   * not growth of the code under test. */
  mallopt (M_ARENA_MAX, 1);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("Opens, breaks and recovers a camera session N times through the "
                                  "viewer's own supervisor and fault points, then says whether handles, "
                                  "threads or memory leaked.\n"
                                  "Exit status: 0 PASS (or WATCH), 1 LEAK (or WATCH with --strict), "
                                  "2 usage or environment error."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (error->message);
  if (argc > 1)
    {
      g_autofree char *message = g_strdup_printf (_("Unexpected argument “%s”"), argv[1]);

      return usage_error (message);
    }

  if (explain != NULL)
    return explain_file (explain);

  if (report != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (report);

      if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
        {
          g_autofree char *message = g_strdup_printf (_("The folder of --report, %s, does not exist"), dir);

          return usage_error (message);
        }
    }
  if (cycles_text == NULL)
    return usage_error (_("--cycles N is required"));
  if (!parse_number ("--cycles", cycles_text, 1, G_MAXUINT32, &cycles, &error) ||
      !parse_number ("--cameras", cameras_text, 1, 200, &cameras, &error) ||
      !parse_number ("--seed", seed_text, 0, G_MAXUINT32, &seed, &error))
    return usage_error (error->message);
  if (simulate && camera_id != NULL)
    return usage_error (_("--simulate and --camera exclude each other"));
  if (mode != NULL && !g_str_equal (mode, "systematic") && !g_str_equal (mode, "random"))
    {
      g_autofree char *message = g_strdup_printf (_("--mode is systematic or random, not “%s”"), mode);

      return usage_error (message);
    }
  if (probability != -1 && (probability < 0 || probability > 1))
    return usage_error (_("--probability must be between 0 and 1"));
  if (frame_rate < 0 || frame_rate > 1000)
    return usage_error (_("--frame-rate must be between 0 and 1000"));

  config.cycles = cycles;
  config.camera_id = camera_id;
  config.faults = faults;
  config.mode = mode != NULL && g_str_equal (mode, "random") ? VIGIL_SOAK_RANDOM : VIGIL_SOAK_SYSTEMATIC;
  config.probability = probability >= 0 ? probability : DEFAULT_PROBABILITY;
  config.seed = seed_text != NULL ? (guint32) seed : g_random_int ();
  config.leak_demo = leak_demo;
  config.cameras = (guint) cameras;
  config.frame_rate = camera_id != NULL ? 0 : frame_rate;

  runner = vigil_soak_runner_new (&config, &error);
  if (runner == NULL)
    return usage_error (error->message);

  output.tty = isatty (STDOUT_FILENO);
  vigil_soak_runner_set_progress_func (runner, on_progress, on_round, &output);
  plan = vigil_soak_plan_describe (vigil_soak_runner_get_plan (runner));
  if (!output.quiet)
    g_print ("vigil-soak: %" G_GUINT64_FORMAT " cycles on %s; %s\n", cycles,
             camera_id ? camera_id
                       : (cameras > 1 ? _("simulated cameras on 127.0.0.1 and up") : _("the simulated camera on 127.0.0.1")),
             plan);
  if (!output.quiet && config.mode == VIGIL_SOAK_RANDOM)
    g_print ("vigil-soak: seed %u (rerun with --seed %u)\n", config.seed, config.seed);

  sigint_id = g_unix_signal_add (SIGINT, on_signal, runner);
  sigterm_id = g_unix_signal_add (SIGTERM, on_signal, runner);
  if (!vigil_soak_runner_run (runner, &error))
    {
      g_source_remove (sigint_id);
      g_source_remove (sigterm_id);
      if (output.tty && !output.quiet)
        g_print ("\n");
      g_printerr ("vigil-soak: %s\n", error->message);
      g_clear_object (&runner);
      arv_shutdown ();
      return EXIT_USAGE;
    }
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  if (output.tty && !output.quiet)
    g_print ("\n");

  result = vigil_soak_runner_get_result (runner);
  if (!output.quiet)
    {
      g_print ("vigil-soak: %" G_GUINT64_FORMAT " rounds, %" G_GUINT64_FORMAT " cycles after the baseline; "
               "fds %+" G_GINT64_FORMAT ", threads %+" G_GINT64_FORMAT " from the baseline (both quiesced); "
               "history verdict (per reconnect, sessions open) %s\n",
               result->rounds, result->measured_cycles, result->fd_delta, result->thread_delta,
               vigil_verdict_status_to_string (result->verdict->status));
      for (guint m = 0; m < VIGIL_N_METRICS; m++)
        {
          const VigilMetricVerdict *v = &result->verdict->metrics[m];

          g_print ("vigil-soak: history %s: %s, baseline %.0f, now %.0f, Theil–Sen %+.3g per reconnect, "
                   "Mann–Kendall p=%.2g, %u points\n",
                   vigil_metric_to_string (m), vigil_verdict_status_to_string (v->status),
                   v->baseline, v->current, v->theil_sen, v->mk_p, v->n);
        }
      if (isnan (result->memory_slope))
        g_print ("vigil-soak: resident memory: %u samples, too few for a trend\n", result->memory_n);
      else
        g_print ("vigil-soak: resident memory over the later half of the run %+.0f B/cycle (Theil–Sen, "
                 "Mann–Kendall p=%.2g, %u quiesced samples in all, each after malloc_trim, %.1f s of pauses "
                 "left out of the rate); private "
                 "%+.0f B/cycle (p=%.2g), before the trim %+.0f B/cycle (p=%.2g); malloc's bytes in use "
                 "%+.0f B/cycle (p=%.2g)\n",
                 result->memory_slope, result->memory_mk_p, result->memory_n, result->checkpoint_seconds,
                 result->private_slope, result->private_mk_p,
                 result->untrimmed_slope, result->untrimmed_mk_p,
                 result->heap_slope, result->heap_mk_p);
      for (guint i = 0; i < result->fired->len; i++)
        {
          VigilFaultState *state = &g_array_index (result->fired, VigilFaultState, i);

          if (state->total_fired > 0)
            g_print ("vigil-soak: fault %s fired %" G_GUINT64_FORMAT " times\n", state->point, state->total_fired);
        }
    }
  summary = vigil_soak_result_format_summary (result);
  g_print ("%s\n", summary);
  /* Orphans first: a leak nobody's ledger knows is named only there. */
  if ((orphans = vigil_soak_result_format_orphans (result)) != NULL)
    g_print ("%s\n", orphans);
  if ((unpaired = vigil_soak_result_format_unpaired (result)) != NULL)
    g_print ("%s\n", unpaired);
  if ((unexplained = vigil_soak_result_format_unexplained (result)) != NULL)
    g_print ("%s\n", unexplained);
  if (report != NULL)
    {
      g_autoptr(JsonNode) document = vigil_soak_runner_build_report (runner);

      if (!vigil_snapshot_write (document, report, &error))
        {
          g_printerr ("vigil-soak: %s\n", error->message);
          g_clear_object (&runner);
          arv_shutdown ();
          return EXIT_USAGE;
        }
      if (!output.quiet)
        g_print ("vigil-soak: report written to %s (read it with vigil-soak --explain %s)\n", report, report);
    }
  if (result->interrupted)
    g_printerr ("vigil-soak: %s\n", _("interrupted before all cycles ran"));

  if (result->interrupted)
    status = EXIT_USAGE;
  else if (result->status == VIGIL_VERDICT_LEAK || (strict && result->status == VIGIL_VERDICT_WATCH))
    status = EXIT_LEAK;
  else
    status = EXIT_PASS;

  g_clear_object (&runner);
  arv_shutdown ();
  return status;
}
