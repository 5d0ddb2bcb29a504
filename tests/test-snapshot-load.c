/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "vigil-error.h"
#include "vigil-snapshot-load.h"

/* Reading untrusted snapshot files (issue 16, item 3): depth checked
 * before parsing, size bounded, only regular files; and vigil-soak
 * --explain (VIGIL_SOAK_BINARY) refusing them in words instead of
 * crashing or reading forever. */

#define EXPLAIN_TIMEOUT_S 30

typedef struct
{
  GMainLoop *loop;
  char      *err;
  gboolean   done;
} Explain;

static void
on_communicated (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Explain *explain = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, NULL, &explain->err, &error);
  g_assert_no_error (error);
  explain->done = TRUE;
  g_main_loop_quit (explain->loop);
}

static gboolean
on_explain_timeout (gpointer user_data)
{
  Explain *explain = user_data;

  g_main_loop_quit (explain->loop);
  return G_SOURCE_REMOVE;
}

/* Runs `vigil-soak --explain @path`; returns its stderr.  The child must
 * exit by itself (no signal) with status 2 within EXPLAIN_TIMEOUT_S. */
static char *
explain_refused (const char *path)
{
  const char *binary = g_getenv ("VIGIL_SOAK_BINARY");
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  Explain explain = { loop, NULL, FALSE };
  guint timeout_id;
  gint64 start = g_get_monotonic_time ();

  if (binary == NULL)
    {
      g_test_skip ("VIGIL_SOAK_BINARY is not set");
      return NULL;
    }
  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                            binary, "--explain", path, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (child, NULL, NULL, on_communicated, &explain);
  timeout_id = g_timeout_add_seconds (EXPLAIN_TIMEOUT_S, on_explain_timeout, &explain);
  g_main_loop_run (loop);
  if (!explain.done)
    {
      g_subprocess_force_exit (child);
      g_subprocess_wait (child, NULL, NULL);
      while (!explain.done)
        g_main_context_iteration (NULL, TRUE);
    }
  else
    g_source_remove (timeout_id);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("vigil-soak --explain %s: %.1f s, %s", path,
                  (g_get_monotonic_time () - start) / 1e6, explain.err);
  g_assert_true (g_subprocess_get_if_exited (child));    /* not SIGSEGV, not killed by the timeout */
  g_assert_cmpint (g_subprocess_get_exit_status (child), ==, 2);
  return explain.err;
}

static char *
write_temp (const char *name,
            const char *contents,
            gssize      length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-load-XXXXXX", &error);
  char *path;

  g_assert_no_error (error);
  path = g_build_filename (dir, name, NULL);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  return path;
}

static void
remove_temp (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_nested (void)
{
  const gsize depth = 100000;
  g_autoptr(GString) text = g_string_sized_new (2 * depth);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *path = NULL;
  g_autofree char *err = NULL;

  for (gsize i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  for (gsize i = 0; i < depth; i++)
    g_string_append_c (text, ']');
  path = write_temp ("nested.json", text->str, text->len);

  node = vigil_snapshot_load (path, &error);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT);
  g_assert_null (node);
  g_assert_nonnull (strstr (error->message, "64"));

  err = explain_refused (path);
  if (err != NULL)
    g_assert_nonnull (strstr (err, "nested"));
  remove_temp (path);
}

static void
test_depth_counts_only_outside_strings (void)
{
  const char *text = "{\"a\": \"[[[[[[[[[[{{{{{{{{\\\"[[[[\", \"b\": [[[1]]]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_assert_true (vigil_snapshot_check_depth (text, strlen (text), 4, &error));
  g_assert_no_error (error);
  g_assert_false (vigil_snapshot_check_depth (text, strlen (text), 3, &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  node = vigil_snapshot_load_from_data (text, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
}

static void
test_dev_zero (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *err = NULL;

  node = vigil_snapshot_load ("/dev/zero", &error);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT);
  g_assert_null (node);

  err = explain_refused ("/dev/zero");
  if (err != NULL)
    g_assert_nonnull (strstr (err, "regular file"));
}

static void
test_directory_and_fifo (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-load-XXXXXX", &error);
  g_autofree char *fifo = g_build_filename (dir, "fifo.json", NULL);
  g_autoptr(JsonNode) node = NULL;

  g_assert_no_error (error);
  node = vigil_snapshot_load (dir, &error);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT);
  g_assert_null (node);
  g_clear_error (&error);

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  node = vigil_snapshot_load (fifo, &error);    /* must not wait for a writer */
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT);
  g_assert_null (node);
  g_clear_error (&error);
  g_free (explain_refused (fifo));

  node = vigil_snapshot_load ("/nonexistent/snapshot.json", &error);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_null (node);

  g_unlink (fifo);
  g_rmdir (dir);
}

static void
test_too_large (void)
{
  g_autofree char *path = write_temp ("large.json", "[]", 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *err = NULL;
  int fd = g_open (path, O_WRONLY, 0);

  g_assert_cmpint (fd, >=, 0);
  /* Sparse: costs no disk. */
  g_assert_cmpint (ftruncate (fd, VIGIL_SNAPSHOT_LOAD_MAX_BYTES + 1), ==, 0);
  g_close (fd, NULL);

  node = vigil_snapshot_load (path, &error);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT);
  g_assert_null (node);
  g_assert_nonnull (strstr (error->message, "MiB"));
  err = explain_refused (path);
  remove_temp (path);
}

static void
test_valid (void)
{
  const char *text = "{\"schema\": \"vigil-snapshot/1\", \"sessions\": [{\"resources\": [{\"kind\": \"Device\"}]}]}";
  g_autofree char *path = write_temp ("ok.json", text, -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = vigil_snapshot_load (path, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "schema"), ==, "vigil-snapshot/1");
  remove_temp (path);

  node = vigil_snapshot_load_from_data ("", 0, &error);
  g_assert_null (node);
  g_assert_nonnull (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/snapshot-load/nested", test_nested);
  g_test_add_func ("/vigil/snapshot-load/depth-counts-only-outside-strings", test_depth_counts_only_outside_strings);
  g_test_add_func ("/vigil/snapshot-load/dev-zero", test_dev_zero);
  g_test_add_func ("/vigil/snapshot-load/directory-and-fifo", test_directory_and_fifo);
  g_test_add_func ("/vigil/snapshot-load/too-large", test_too_large);
  g_test_add_func ("/vigil/snapshot-load/valid", test_valid);

  return g_test_run ();
}
