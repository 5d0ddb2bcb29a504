/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sys/wait.h>

#include "soak-run.h"

/* vigil-soak as a user runs it: the built binary (VIGIL_SOAK_BINARY),
 * spawned inside the test's private network namespace (isolate.sh), with
 * its exit status and output kept for the test to check. */

void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

/**
 * soak_argv:
 * @envp: (nullable): the environment of vigil-soak, %NULL for this one's
 * @args: the arguments after the binary, %NULL-terminated
 */
void
soak_argv (Run                *run,
           char              **envp,
           const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *binary = g_getenv ("VIGIL_SOAK_BINARY");
  gboolean spawned;
  int wait_status = 0;

  g_assert_nonnull (binary);
  g_ptr_array_add (argv, (gpointer) binary);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  spawned = g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                          &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (spawned);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
  g_test_message ("exit %d\n%s%s", run->status, run->out, run->err);
}

void
soak (Run        *run,
      const char *first,
      ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  soak_argv (run, NULL, (const char * const *) args->pdata);
}

/* The line that starts with "vigil-soak: PASS|WATCH|LEAK". */
char *
summary_line (const char *out)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  for (guint i = 0; lines[i]; i++)
    if (g_regex_match_simple ("^vigil-soak: (PASS|WATCH|LEAK) [0-9]+ cycles, [-+][0-9.]+ fd/reconnect, "
                              "[-+][0-9]+ threads, memory ([-+][0-9]+ B/cycle|unknown) \\(.*\\), [0-9.]+ cycles/s$",
                              lines[i], 0, 0))
      return g_strdup (lines[i]);
  return NULL;
}

