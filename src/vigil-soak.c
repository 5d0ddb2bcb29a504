/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-soak"

#include "config.h"

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

#include "vigil-metrics.h"
#include "vigil-snapshot-load.h"
#include "vigil-snapshot-path.h"
#include "vigil-snapshot.h"
#include "vigil-soak-runner.h"
#include "vigil-soak-trigger.h"

/* vigil-soak: the headless stress harness (DESIGN.md "External
 * interfaces").  This file reads the command line into a config, prints
 * and picks the exit code; the runner (src/soak/vigil-soak-runner.c)
 * checks the config and does the run. */

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

/* The command line as given; the runner checks what it means. */
typedef struct
{
  char     *cycles_text;
  char     *cameras_text;
  char     *seed_text;
  char     *camera_id;
  char     *faults;
  char     *mode;
  char     *report;
  char     *explain;
  gdouble   probability;
  gdouble   frame_rate;
  gdouble   memory_budget_mb;
  gdouble   memory_budget_days;
  gboolean  simulate;
  gboolean  leak_demo;
  gboolean  strict;
  Output    output;
  char     *metrics_address;
  char     *trigger;
} Options;

static void
options_clear (Options *options)
{
  g_clear_pointer (&options->cycles_text, g_free);
  g_clear_pointer (&options->trigger, g_free);
  g_clear_pointer (&options->cameras_text, g_free);
  g_clear_pointer (&options->seed_text, g_free);
  g_clear_pointer (&options->camera_id, g_free);
  g_clear_pointer (&options->faults, g_free);
  g_clear_pointer (&options->mode, g_free);
  g_clear_pointer (&options->report, g_free);
  g_clear_pointer (&options->explain, g_free);
  g_clear_pointer (&options->metrics_address, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

/* One line of output: "vigil-soak: " and @text. */
static void
say (const char *text)
{
  g_print ("vigil-soak: %s\n", text);
}

static int
usage_error (const char *message)
{
  g_printerr ("vigil-soak: %s\n", message);
  g_printerr ("%s\n", _("Try “vigil-soak --help”."));
  return EXIT_USAGE;
}

/* A whole number from @text into @out, at most @max (the type's); its
 * range for the run is the runner's to check. */
static gboolean
parse_number (const char  *option,
              const char  *text,
              guint64      max,
              guint64     *out,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, 0, max, out, &local_error))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s: %s", option, local_error->message);
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
  g_autofree char *line = NULL;
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
      line = g_strdup_printf (_("[%s] %" PRIu64 "/%" PRIu64 " cycles  %.1f cycles/s  "
                                "fd %+" PRId64 "  threads %+" PRId64 "  memory %s%s"),
                              bar, progress->cycles, progress->target, progress->rate, progress->fd_delta,
                              progress->thread_delta, memory, progress->measuring ? "" : _("  (warming up)"));
      g_print ("\r\033[K%s", line);
      fflush (stdout);
      return;
    }
  if (decile > output->last_decile)
    {
      output->last_decile = decile;
      line = g_strdup_printf (_("%" PRIu64 "/%" PRIu64 " cycles (%u %%), %.1f cycles/s, "
                                "fd %+" PRId64 ", threads %+" PRId64 ", memory %s"),
                              progress->cycles, progress->target, decile * 10, progress->rate,
                              progress->fd_delta, progress->thread_delta, memory);
      say (line);
    }
}

static void
on_round (VigilSoakRunner      *runner,
          const VigilSoakRound *round,
          gpointer              user_data)
{
  Output *output = user_data;
  g_autofree char *line = NULL;

  if (!output->verbose)
    return;
  if (output->tty)
    g_print ("\r\033[K");
  line = g_strdup_printf (_("round %" PRIu64 ": fired %s"), round->round, round->fired);
  g_print ("%s\n", line);
}

/* vigil-soak --explain FILE */
static int
explain_file (const char *path)
{
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  /* Bounded in size and depth, regular files only (vigil-snapshot-load.c). */
  if (!(document = vigil_snapshot_load (path, &error)) ||
      !(text = vigil_snapshot_explain (document, &error)))
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
 * both set.  A setting already in the environment is left as it is, and
 * under a tool (running_under_tool ()) it does not run itself again. */
/* The name of a tool that runs vigil-soak inside itself (valgrind,
 * heaptrack), or NULL.  Re-executing /proc/self/exe there would start the
 * tool's own binary (valgrind: "You cannot run … directly") or leave the
 * tool behind (heaptrack profiled 0.00 s).  Both preload a library of
 * theirs; VIGIL_SOAK_NO_REEXEC=1 covers any other tool. */
static const char *
running_under_tool (void)
{
  const char *preload = getenv ("LD_PRELOAD");
  const char *no_reexec = getenv ("VIGIL_SOAK_NO_REEXEC");

  if (preload != NULL && strstr (preload, "vgpreload") != NULL)
    return "valgrind";
  if (preload != NULL && strstr (preload, "heaptrack") != NULL)
    return "heaptrack";
  if (no_reexec != NULL && g_str_equal (no_reexec, "1"))
    return "VIGIL_SOAK_NO_REEXEC=1";
  return NULL;
}

static void
drop_allocator_caches (char **argv)
{
  gboolean again = FALSE;
  const char *tool = running_under_tool ();

  if (tool != NULL)
    {
      /* Under valgrind GLib's slices are plain mallocs already.  Said before
       * the text domain is bound, hence in English. */
      if (getenv ("G_SLICE") == NULL || getenv ("GLIBC_TUNABLES") == NULL)
        fprintf (stderr, "vigil-soak: under %s, not running itself again; for the figures of a plain run set "
                         "G_SLICE=always-malloc GLIBC_TUNABLES=glibc.malloc.tcache_count=0\n", tool);
      return;
    }
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

/* Reads the command line into @options: the options and no argument. */
static gboolean
parse_options (Options   *options,
               int       *argc,
               char    ***argv,
               GError   **error)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  const GOptionEntry entries[] = {
    { "cycles", 'n', 0, G_OPTION_ARG_STRING, &options->cycles_text, N_("Reconnect cycles to run"), "N" },
    { "simulate", 0, 0, G_OPTION_ARG_NONE, &options->simulate, N_("Use the simulated camera (the default)"), NULL },
    { "camera", 0, 0, G_OPTION_ARG_STRING, &options->camera_id,
      N_("A real camera: Aravis device id or IP address"), "ID" },
    { "faults", 0, 0, G_OPTION_ARG_STRING, &options->faults,
      N_("Fault points to take, separated by commas, or “all” (sim.freeze, sim.unplug, sim.loss included)"), "LIST" },
    { "mode", 0, 0, G_OPTION_ARG_STRING, &options->mode, N_("systematic (default) or random"), "MODE" },
    { "probability", 0, 0, G_OPTION_ARG_DOUBLE, &options->probability,
      N_("Random mode: chance of each point per round (default 0.05)"), "P" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &options->seed_text,
      N_("Random mode: the seed (default: a new one, printed)"), "S" },
    { "leak-demo", 0, 0, G_OPTION_ARG_NONE, &options->leak_demo,
      N_("Leak an event fd on the callback.register failure path, on purpose"), NULL },
    { "cameras", 0, 0, G_OPTION_ARG_STRING, &options->cameras_text,
      N_("Simulated cameras side by side on 127.0.0.1…K (K > 1 adds addresses to lo: root)"), "K" },
    { "frame-rate", 0, 0, G_OPTION_ARG_DOUBLE, &options->frame_rate,
      N_("Frame rate set on the simulated cameras (default 200; 0 keeps theirs)"), "FPS" },
    { "trigger", 0, 0, G_OPTION_ARG_STRING, &options->trigger,
      N_("Triggered soak: the simulated cameras in software-trigger mode, triggered HZ times a second"),
      "software:HZ" },
    { "metrics-address", 0, 0, G_OPTION_ARG_STRING, &options->metrics_address,
      N_("Serve Prometheus metrics at http://ADDR:PORT/metrics during the run (loopback when only :PORT)"),
      "ADDR:PORT" },
    { "memory-budget", 0, 0, G_OPTION_ARG_DOUBLE, &options->memory_budget_mb,
      N_("Memory growth that matters, in MB (default 100)…"), "MB" },
    { "memory-budget-days", 0, 0, G_OPTION_ARG_DOUBLE, &options->memory_budget_days,
      N_("…when reached within this many days at the run's cycle rate (default 365)"), "DAYS" },
    { "report", 0, 0, G_OPTION_ARG_FILENAME, &options->report,
      N_("Write a vigil-snapshot/1 document to PATH"), "PATH" },
    { "explain", 0, 0, G_OPTION_ARG_FILENAME, &options->explain, N_("Explain a snapshot file and exit"), "FILE" },
    { "strict", 0, 0, G_OPTION_ARG_NONE, &options->strict, N_("Exit 1 on WATCH too"), NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &options->output.quiet, N_("Print the summary only"), NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &options->output.verbose,
      N_("Print every round in which faults fired"), NULL },
    { NULL }
  };

  options->probability = DEFAULT_PROBABILITY;
  options->frame_rate = DEFAULT_FRAME_RATE;
  g_option_context_set_summary (context,
                                _("Opens, breaks and recovers a camera session N times through the "
                                  "viewer's own supervisor and fault points, then says whether handles, "
                                  "threads or memory leaked.\n"
                                  "Exit status: 0 PASS (or WATCH), 1 LEAK (or WATCH with --strict), "
                                  "2 usage or environment error."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;
  if (*argc > 1)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _("Unexpected argument “%s”"), (*argv)[1]);
      return FALSE;
    }
  return TRUE;
}

/* The run's config from @options, checked as far as the command line
 * goes (numbers, exclusive options, the report's folder); the runner
 * checks the rest. */
static gboolean
make_config (const Options    *options,
             VigilSoakConfig  *config,
             GError          **error)
{
  guint64 cycles = 0, cameras = 1, seed = 0;

  /* Before the run, not after it: a report that cannot be written was
   * found out only when the run was over. */
  if (options->report != NULL && !vigil_snapshot_check_target (options->report, error))
    return FALSE;
  if (options->cycles_text == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _("--cycles N is required"));
      return FALSE;
    }
  if (!parse_number ("--cycles", options->cycles_text, G_MAXUINT64, &cycles, error) ||
      !parse_number ("--cameras", options->cameras_text, G_MAXUINT, &cameras, error) ||
      !parse_number ("--seed", options->seed_text, G_MAXUINT32, &seed, error))
    return FALSE;
  if (options->simulate && options->camera_id != NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("--simulate and --camera exclude each other"));
      return FALSE;
    }
  if (options->mode != NULL && !g_str_equal (options->mode, "systematic") && !g_str_equal (options->mode, "random"))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--mode is systematic or random, not “%s”"), options->mode);
      return FALSE;
    }

  config->cycles = cycles;
  config->camera_id = options->camera_id;
  config->faults = options->faults;
  config->mode = options->mode != NULL && g_str_equal (options->mode, "random") ? VIGIL_SOAK_RANDOM
                                                                               : VIGIL_SOAK_SYSTEMATIC;
  config->probability = options->probability;
  config->seed = options->seed_text != NULL ? (guint32) seed : g_random_int ();
  config->leak_demo = options->leak_demo;
  config->cameras = (guint) cameras;
  config->frame_rate = options->frame_rate;
  config->memory_budget_bytes = options->memory_budget_mb * 1e6;
  config->memory_budget_days = options->memory_budget_days;
  if (options->trigger != NULL && !vigil_soak_trigger_parse (options->trigger, &config->trigger_hz, error))
    return FALSE;
  return TRUE;
}

static GPtrArray *
list_supervisors (gpointer runner)
{
  return vigil_soak_runner_list_supervisors (runner);
}

/* The metrics endpoint of --metrics-address, serving the run's figures. */
static VigilMetrics *
start_metrics (VigilSoakRunner  *runner,
               const char       *address,
               GError          **error)
{
  g_autoptr(VigilMetrics) metrics = vigil_metrics_new (vigil_soak_runner_get_diagnostics (runner));
  g_autofree char *url = NULL;
  g_autofree char *line = NULL;

  vigil_metrics_collector_set_supervisors_func (vigil_metrics_get_collector (metrics), list_supervisors, runner);
  if (!vigil_metrics_start (metrics, address, error))
    return NULL;
  url = vigil_metrics_server_dup_url (vigil_metrics_get_server (metrics));
  line = g_strdup_printf (_("metrics at %s"), url);
  say (line);
  return g_steal_pointer (&metrics);
}

static void
print_start (VigilSoakRunner       *runner,
             const VigilSoakConfig *config)
{
  g_autofree char *plan = vigil_soak_plan_describe (vigil_soak_runner_get_plan (runner));
  g_autofree char *line = NULL;
  const char *where = config->camera_id;

  if (where == NULL)
    where = config->cameras > 1 ? _("simulated cameras on 127.0.0.1 and up") : _("the simulated camera on 127.0.0.1");
  line = g_strdup_printf (_("%" PRIu64 " cycles on %s; %s"), config->cycles, where, plan);
  say (line);
  if (config->mode == VIGIL_SOAK_RANDOM)
    {
      g_autofree char *seed = g_strdup_printf (_("seed %u (rerun with --seed %u)"), config->seed, config->seed);

      say (seed);
    }
}

static gboolean
write_report (VigilSoakRunner *runner,
              const Options   *options)
{
  g_autoptr(JsonNode) document = vigil_soak_runner_build_report (runner);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  g_autofree char *fallback = NULL;
  const char *path = options->report;

  if (!vigil_snapshot_write (document, path, &error))
    {
      /* It could be written when the run began: keep the run's result. */
      g_printerr ("vigil-soak: %s\n", error->message);
      g_clear_error (&error);
      fallback = vigil_snapshot_fallback_path ("vigil-soak-report");
      if (!vigil_snapshot_write (document, fallback, &error))
        {
          g_printerr ("vigil-soak: %s\n", error->message);
          return FALSE;
        }
      line = g_strdup_printf (_("report written to %s instead (read it with vigil-soak --explain %s)"),
                              fallback, fallback);
      g_printerr ("vigil-soak: %s\n", line);
      return FALSE;
    }
  if (options->output.quiet)
    return TRUE;
  line = g_strdup_printf (_("report written to %s (read it with vigil-soak --explain %s)"), path, path);
  say (line);
  return TRUE;
}

/* Runs the soak, prints its result and returns the exit status. */
static int
run_soak (VigilSoakRunner       *runner,
          Options               *options,
          const VigilSoakConfig *config)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *unpaired = NULL;
  g_autofree char *orphans = NULL;
  g_autofree char *unexplained = NULL;
  const VigilSoakResult *result;
  guint sigint_id, sigterm_id;
  gboolean ran;

  options->output.tty = isatty (STDOUT_FILENO);
  vigil_soak_runner_set_progress_func (runner, on_progress, on_round, &options->output);
  if (!options->output.quiet)
    print_start (runner, config);

  sigint_id = g_unix_signal_add (SIGINT, on_signal, runner);
  sigterm_id = g_unix_signal_add (SIGTERM, on_signal, runner);
  ran = vigil_soak_runner_run (runner, &error);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  if (options->output.tty && !options->output.quiet)
    g_print ("\n");
  if (!ran)
    {
      g_printerr ("vigil-soak: %s\n", error->message);
      return EXIT_USAGE;
    }

  result = vigil_soak_runner_get_result (runner);
  if (!options->output.quiet)
    {
      g_autofree char *details = vigil_soak_result_format_details (result);

      g_print ("%s\n", details);
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
  if (options->report != NULL && !write_report (runner, options))
    return EXIT_USAGE;

  if (result->interrupted)
    {
      g_printerr ("vigil-soak: %s\n", _("interrupted before all cycles ran"));
      return EXIT_USAGE;
    }
  if (result->status == VIGIL_VERDICT_LEAK || (options->strict && result->status == VIGIL_VERDICT_WATCH))
    return EXIT_LEAK;
  return EXIT_PASS;
}

int
main (int   argc,
      char *argv[])
{
  g_auto(Options) options = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSoakRunner) runner = NULL;
  g_autoptr(VigilMetrics) metrics = NULL;
  VigilSoakConfig config = { 0 };
  int status;

  drop_allocator_caches (argv);
  /* One malloc arena: glibc otherwise gives new threads arenas of their
   * own, which shows as steps of tens of MB in private memory that are
   * not growth of the code under test. */
  mallopt (M_ARENA_MAX, 1);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (!parse_options (&options, &argc, &argv, &error))
    return usage_error (error->message);
  if (options.explain != NULL)
    return explain_file (options.explain);
  if (!make_config (&options, &config, &error) ||
      !(runner = vigil_soak_runner_new (&config, &error)))
    return usage_error (error->message);
  if (options.metrics_address != NULL &&
      !(metrics = start_metrics (runner, options.metrics_address, &error)))
    return usage_error (error->message);

  status = run_soak (runner, &options, &config);
  g_clear_object (&metrics);
  g_clear_object (&runner);
  arv_shutdown ();
  return status;
}
