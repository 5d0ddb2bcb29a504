/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-metrics-process"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "vigil-metrics-process.h"

/**
 * vigil_metrics_process_read:
 * @cpu_seconds: (out): user + system CPU time of the process, -1 unknown
 * @virtual_bytes: (out): its virtual memory size, -1 unknown
 *
 * getrusage () and /proc/self/statm (Linux).  Any thread.
 */
void
vigil_metrics_process_read (gdouble *cpu_seconds,
                            gint64  *virtual_bytes)
{
  struct rusage usage;
  g_autofree char *statm = NULL;
  guint64 pages;
  long page_size = sysconf (_SC_PAGESIZE);

  *cpu_seconds = -1;
  *virtual_bytes = -1;
  if (getrusage (RUSAGE_SELF, &usage) == 0)
    *cpu_seconds = usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
                   (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  /* statm: size resident shared text lib data dt, in pages. */
  if (page_size > 0 && g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL) &&
      sscanf (statm, "%" G_GUINT64_FORMAT, &pages) == 1)
    *virtual_bytes = (gint64) (pages * (guint64) page_size);
}

/* The boot time in seconds since the epoch ("btime" of /proc/stat). */
static gdouble
boot_time (void)
{
  g_autofree char *stat = NULL;
  const char *line;
  guint64 btime;

  if (!g_file_get_contents ("/proc/stat", &stat, NULL, NULL) ||
      (line = strstr (stat, "\nbtime ")) == NULL ||
      sscanf (line + 7, "%" G_GUINT64_FORMAT, &btime) != 1)
    return -1;
  return (gdouble) btime;
}

/**
 * vigil_metrics_process_start_time:
 *
 * Field 22 of /proc/self/stat (clock ticks after boot) plus the boot
 * time, as Prometheus's own client libraries compute it.  Read once.
 *
 * Returns: seconds since the epoch, -1 unknown
 */
gdouble
vigil_metrics_process_start_time (void)
{
  g_autofree char *stat = NULL;
  const char *paren;
  guint64 start_ticks;
  long ticks = sysconf (_SC_CLK_TCK);
  gdouble boot = boot_time ();

  if (boot < 0 || ticks <= 0 ||
      !g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL) ||
      (paren = strrchr (stat, ')')) == NULL ||
      /* After "pid (comm) ": fields 3 … 21, then starttime (22). */
      sscanf (paren + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %"
              G_GUINT64_FORMAT, &start_ticks) != 1)
    return -1;
  return boot + (gdouble) start_ticks / ticks;
}
