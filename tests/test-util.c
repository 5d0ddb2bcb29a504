/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <dirent.h>
#include <string.h>

#include "test-util.h"

/* Helpers shared by the camera tests: exact counts straight from /proc,
 * independent of the probe under test. */

guint
test_count_fds (void)
{
  DIR *dir = opendir ("/proc/self/fd");
  struct dirent *entry;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((entry = readdir (dir)) != NULL)
    if (entry->d_name[0] != '.')
      n++;
  closedir (dir);
  return n - 1;                         /* the directory itself */
}

guint
test_count_threads (void)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "\nThreads:");
  g_assert_nonnull (line);
  return (guint) g_ascii_strtoull (line + strlen ("\nThreads:"), NULL, 10);
}

/* The thread count once threads that just ended are gone (at most 2 s). */
guint
test_settled_threads (guint expected)
{
  gint64 deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  guint n;

  while ((n = test_count_threads ()) != expected && g_get_monotonic_time () < deadline)
    g_usleep (5 * 1000);
  return n;
}

/* Runs what is queued on the default main context (idles of sinks and
 * events), so objects they hold can be finalized. */
void
test_drain_main_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}
