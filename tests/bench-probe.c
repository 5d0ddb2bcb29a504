/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "bench-util.h"
#include "config.h"

#include <stdlib.h>
#include <fcntl.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "vigil-ledger.h"
#include "vigil-probe.h"

/* Run with: meson test -C _build --benchmark --verbose  (or run
 * _build/tests/bench-probe directly).  Prints medians in microseconds. */

#define RUNS        2000
#define PAIR_BATCH  1000
#define PAIR_RUNS   200

static gdouble
time_sample (VigilProbe      *probe,
             VigilProbeFlags  flags)
{
  g_autofree gdouble *us = g_new (gdouble, RUNS);

  for (guint i = 0; i < RUNS; i++)
    {
      g_autoptr(VigilProbeSample) sample = NULL;
      gint64 start = now_ns ();

      sample = vigil_probe_sample (probe, flags);
      g_clear_pointer (&sample, vigil_probe_sample_free);
      us[i] = (now_ns () - start) / 1000.0;
    }
  return median (us, RUNS);
}

static gdouble
time_list (VigilProbe *probe)
{
  g_autofree gdouble *us = g_new (gdouble, RUNS);

  for (guint i = 0; i < RUNS; i++)
    {
      g_autoptr(GArray) list = NULL;
      gint64 start = now_ns ();

      list = vigil_probe_list_fds (probe, NULL);
      g_clear_pointer (&list, g_array_unref);
      us[i] = (now_ns () - start) / 1000.0;
    }
  return median (us, RUNS);
}

/* Opens fds until the process has @target: sockets and pipe ends (the
 * usual case), or eventfds (the worst case: anonymous inodes need a
 * readlink each).  Returns how many fds the process has. */
static guint
fill_fds (VigilProbe *probe,
          GArray     *opened,
          gint64      target,
          gboolean    eventfds)
{
  g_autoptr(VigilProbeSample) sample = vigil_probe_sample (probe, VIGIL_PROBE_HANDLES);

  for (gint64 n = sample->open_fds; n < target; n++)
    {
      int fd;

      if (eventfds)
        fd = eventfd (0, EFD_CLOEXEC);
      else if (n % 2 == 0)
        fd = socket (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
      else
        fd = open ("/dev/null", O_RDONLY | O_CLOEXEC);
      if (fd < 0)
        break;
      g_array_append_val (opened, fd);
    }
  g_clear_pointer (&sample, vigil_probe_sample_free);
  sample = vigil_probe_sample (probe, VIGIL_PROBE_HANDLES);
  return (guint) sample->open_fds;
}

static void
close_all (GArray *opened)
{
  for (guint i = 0; i < opened->len; i++)
    close (g_array_index (opened, int, i));
  g_array_set_size (opened, 0);
}

static void
bench_probe (VigilProbe *probe,
             GArray     *opened,
             gint64      target,
             gboolean    eventfds)
{
  guint fds = fill_fds (probe, opened, target, eventfds);

  g_print ("%s:\n", eventfds ? "filled with eventfds (worst case)" : "filled with sockets and /dev/null");
  g_print ("probe, %4u fds: full sample (fds, kinds, threads, RSS, private, limits) %8.1f us\n",
           fds, time_sample (probe, VIGIL_PROBE_DEFAULT));
  g_print ("probe, %4u fds:   fd counts by kind only                           %8.1f us\n",
           fds, time_sample (probe, VIGIL_PROBE_HANDLES));
  g_print ("probe, %4u fds:   full sample with fd list                         %8.1f us\n",
           fds, time_sample (probe, VIGIL_PROBE_ALL));
  g_print ("probe, %4u fds:   vigil_probe_list_fds                             %8.1f us\n",
           fds, time_list (probe));
}

static void
bench_ledger (void)
{
  g_autoptr(VigilLedger) ledger = vigil_ledger_new ();
  g_autofree gdouble *us = g_new (gdouble, PAIR_RUNS);

  for (guint run = 0; run < PAIR_RUNS; run++)
    {
      guint64 session = vigil_ledger_begin_session (ledger, "bench");
      gint64 start = now_ns ();

      for (guint i = 0; i < PAIR_BATCH; i++)
        {
          guint64 id = vigil_ledger_record_create (ledger, session, VIGIL_RESOURCE_EVENT,
                                                   "wake", "bench", VIGIL_ACTION_CREATE,
                                                   VIGIL_ACTION_CLOSE, -1, NULL);

          vigil_ledger_record_close (ledger, id);
        }
      us[run] = (now_ns () - start) / 1000.0 / PAIR_BATCH;
      vigil_ledger_end_session (ledger, session);
    }
  g_print ("ledger: create+close pair (median of %u batches of %u)           %8.3f us\n",
           PAIR_RUNS, PAIR_BATCH, median (us, PAIR_RUNS));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(VigilProbe) probe = vigil_probe_new ();
  g_autoptr(GArray) opened = g_array_new (FALSE, FALSE, sizeof (int));
  struct rlimit limit;

  /* 1,000 fds need a soft limit above the usual 1024 default margin. */
  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < 2048 && limit.rlim_max >= 2048)
    {
      limit.rlim_cur = 2048;
      setrlimit (RLIMIT_NOFILE, &limit);
    }

  for (guint worst = 0; worst < 2; worst++)
    {
      bench_probe (probe, opened, 100, worst);
      bench_probe (probe, opened, 1000, worst);
      close_all (opened);
    }
  bench_ledger ();
  return 0;
}
