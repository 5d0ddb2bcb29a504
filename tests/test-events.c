/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>

#include <glib/gstdio.h>

#include "vigil-error.h"
#include "vigil-events.h"
#include "vigil-resource.h"

static const char * const shape[] = {
  "ts", "event", "session", "camera", "operation", "reconnects", "phase",
  "resource", "kind", "name", "action", "os_handle", "owner",
  "error_domain", "error_code", "error_message", "errno", "timeout_ms",
  "open_fds", "threads", "private_bytes",
};

/* The journal fields of the last event, captured by our writer. */
static GHashTable *captured;
static GLogLevelFlags captured_level;

static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  g_autoptr(GHashTable) table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gboolean ours = FALSE;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "VIGIL_EVENT"))
        ours = TRUE;
      if (fields[i].length < 0)
        g_hash_table_insert (table, g_strdup (fields[i].key), g_strdup (fields[i].value));
    }
  if (!ours)
    return g_log_writer_default (log_level, fields, n_fields, user_data);

  g_clear_pointer (&captured, g_hash_table_unref);
  captured = g_steal_pointer (&table);
  captured_level = log_level;
  return G_LOG_WRITER_HANDLED;
}

static VigilEvent *
full_event (void)
{
  VigilEvent *event = vigil_event_new (VIGIL_EVENT_CAMERA_RESOURCE);

  vigil_event_set_strings (event, "cam-1", "open");
  event->session = 42;
  event->reconnects = 3;
  event->phase = VIGIL_PHASE_STREAM_CREATED;
  event->resource = 7;
  event->kind = g_strdup ("Stream");
  event->name = g_strdup ("GVSP socket");
  event->action = g_strdup ("Create");
  event->os_handle = 12;
  event->owner = g_strdup ("session-worker");
  event->open_fds = 30;
  event->threads = 4;
  event->private_bytes = 1 << 20;
  return event;
}

static VigilEvent *
error_event (void)
{
  g_autoptr(GError) error = g_error_new_literal (VIGIL_ERROR, VIGIL_ERROR_TIMEOUT, "timed out");
  VigilEvent *event = vigil_event_new (VIGIL_EVENT_ERROR);

  event->session = 42;
  event->phase = VIGIL_PHASE_OPEN_FAILED;
  vigil_event_set_error (event, error);
  event->errno_value = ETIMEDOUT;
  event->timeout_ms = 2500;
  return event;
}

static GPtrArray *
read_lines (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *objects = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (contents, "\n"));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonNode *root;

      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      root = json_parser_get_root (parser);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
      g_ptr_array_add (objects, json_object_ref (json_node_get_object (root)));
    }
  return objects;
}

static void
assert_shape (JsonObject *object)
{
  g_assert_cmpuint (json_object_get_size (object), ==, G_N_ELEMENTS (shape));
  for (guint i = 0; i < G_N_ELEMENTS (shape); i++)
    g_assert_true (json_object_has_member (object, shape[i]));
}

static void
test_events_json_lines (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-events-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "events.jsonl", NULL);
  g_autoptr(VigilEvents) events = vigil_events_new ();
  g_autoptr(VigilEvent) ok = full_event ();
  g_autoptr(VigilEvent) failed = error_event ();
  g_autoptr(GPtrArray) objects = NULL;
  JsonObject *object;
  gboolean opened;

  g_assert_no_error (error);
  vigil_events_set_journal (events, FALSE);
  opened = vigil_events_set_log_file (events, path, &error);
  g_assert_no_error (error);
  g_assert_true (opened);
  vigil_events_post (events, ok);
  vigil_events_post (events, failed);

  objects = read_lines (path);
  g_assert_cmpuint (objects->len, ==, 2);
  for (guint i = 0; i < objects->len; i++)
    assert_shape (g_ptr_array_index (objects, i));

  object = g_ptr_array_index (objects, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "event"), ==, "CameraResource");
  g_assert_cmpint (json_object_get_int_member (object, "session"), ==, 42);
  g_assert_cmpstr (json_object_get_string_member (object, "phase"), ==, "StreamCreated");
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "Stream");
  g_assert_cmpint (json_object_get_int_member (object, "os_handle"), ==, 12);
  g_assert_cmpint (json_object_get_int_member (object, "open_fds"), ==, 30);
  g_assert_cmpint (json_object_get_int_member (object, "ts"), >, 0);
  g_assert_true (json_object_get_null_member (object, "error_domain"));
  g_assert_true (json_object_get_null_member (object, "errno"));

  object = g_ptr_array_index (objects, 1);
  g_assert_cmpstr (json_object_get_string_member (object, "event"), ==, "Error");
  g_assert_cmpstr (json_object_get_string_member (object, "error_domain"), ==, "vigil-error-quark");
  g_assert_cmpint (json_object_get_int_member (object, "error_code"), ==, VIGIL_ERROR_TIMEOUT);
  g_assert_cmpstr (json_object_get_string_member (object, "error_message"), ==, "timed out");
  g_assert_cmpint (json_object_get_int_member (object, "errno"), ==, ETIMEDOUT);
  g_assert_cmpint (json_object_get_int_member (object, "timeout_ms"), ==, 2500);
  g_assert_true (json_object_get_null_member (object, "camera"));
  g_assert_true (json_object_get_null_member (object, "kind"));
  g_assert_true (json_object_get_null_member (object, "open_fds"));

  g_assert_finalize_object (g_steal_pointer (&events));
  g_unlink (path);
  g_rmdir (dir);
}

static int
find_fd_of (const char *path)
{
  g_autoptr(VigilProbe) probe = vigil_probe_new ();
  g_autoptr(GArray) list = vigil_probe_list_fds (probe, NULL);

  for (guint i = 0; list != NULL && i < list->len; i++)
    if (g_strcmp0 (g_array_index (list, VigilFdEntry, i).target, path) == 0)
      return g_array_index (list, VigilFdEntry, i).fd;
  return -1;
}

static void
test_events_reopen (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-events-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "events.jsonl", NULL);
  g_autofree char *rotated = g_build_filename (dir, "events.jsonl.1", NULL);
  g_autoptr(VigilEvents) events = vigil_events_new ();
  g_autoptr(GPtrArray) objects = NULL;
  int fd, flags;

  g_assert_no_error (error);
  vigil_events_set_journal (events, FALSE);
  vigil_events_set_log_file (events, path, &error);
  g_assert_no_error (error);

  fd = find_fd_of (path);
  g_assert_cmpint (fd, >=, 0);
  flags = fcntl (fd, F_GETFD);
  g_assert_cmpint (flags & FD_CLOEXEC, ==, FD_CLOEXEC);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(VigilEvent) event = vigil_event_new (VIGIL_EVENT_HEARTBEAT);

      event->reconnects = i;
      vigil_events_post (events, event);
      if (i == 0)
        g_unlink (path);                 /* removed: reopened */
      else if (i == 1)
        g_rename (path, rotated);        /* rotated: reopened */
    }

  objects = read_lines (path);
  g_assert_cmpuint (objects->len, ==, 1);
  g_assert_cmpint (json_object_get_int_member (g_ptr_array_index (objects, 0), "reconnects"), ==, 2);
  g_clear_pointer (&objects, g_ptr_array_unref);
  objects = read_lines (rotated);
  g_assert_cmpuint (objects->len, ==, 1);
  g_assert_cmpint (json_object_get_int_member (g_ptr_array_index (objects, 0), "reconnects"), ==, 1);

  /* Closing the log closes its fd. */
  vigil_events_set_log_file (events, NULL, &error);
  g_assert_no_error (error);
  fd = find_fd_of (path);
  g_assert_cmpint (fd, ==, -1);

  g_assert_finalize_object (g_steal_pointer (&events));
  g_unlink (path);
  g_unlink (rotated);
  g_rmdir (dir);
}

/* Error events about the log file in the ring. */
static guint
count_log_errors (VigilEvents *events)
{
  g_autoptr(GPtrArray) list = vigil_events_list (events);
  guint n = 0;

  for (guint i = 0; i < list->len; i++)
    {
      VigilEvent *event = g_ptr_array_index (list, i);

      if (event->event == VIGIL_EVENT_ERROR && g_strcmp0 (event->operation, "log-file") == 0)
        {
          g_assert_nonnull (event->error_message);
          g_assert_nonnull (strstr (event->error_message, g_strerror (ENOSPC)));
          n++;
        }
    }
  return n;
}

static void
post_heartbeats (VigilEvents *events,
                 guint        n,
                 gint64       first)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VigilEvent) event = vigil_event_new (VIGIL_EVENT_HEARTBEAT);

      event->reconnects = first + i;
      vigil_events_post (events, event);
    }
}

/* /dev/full fails every write with ENOSPC: said once, as an Error event,
 * however many events follow (issue 16, item 4). */
static void
test_events_log_full_device (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilEvents) events = vigil_events_new ();

  if (!g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /dev/full");
      return;
    }
  vigil_events_set_journal (events, FALSE);
  vigil_events_set_log_file (events, "/dev/full", &error);
  g_assert_no_error (error);

  post_heartbeats (events, 50, 0);
  g_assert_cmpuint (count_log_errors (events), ==, 1);
  g_usleep (1200 * 1000);                     /* past the retry interval: fails again, still said once */
  post_heartbeats (events, 5, 50);
  g_assert_cmpuint (count_log_errors (events), ==, 1);
  g_assert_finalize_object (g_steal_pointer (&events));
}

/* A disk that fills mid-record: the file holds whole lines only, the
 * failure is said once, writes are retried at most once a second, and
 * after recovery the file goes on with whole lines. */
static void
test_events_log_disk_full (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-events-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "events.jsonl", NULL);
  g_autoptr(VigilEvents) events = vigil_events_new ();
  g_autoptr(GPtrArray) objects = NULL;
  g_autofree char *contents = NULL;
  GStatBuf st;
  gint64 failed_at;
  guint written;
  gint64 last;

  g_assert_no_error (error);
  vigil_events_set_journal (events, FALSE);
  vigil_events_set_log_file (events, path, &error);
  g_assert_no_error (error);

  post_heartbeats (events, 3, 0);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  /* Full half-way through the fifth record. */
  vigil_events_set_log_fault (events, st.st_size + st.st_size / 3 * 3 / 2);
  failed_at = g_get_monotonic_time ();
  post_heartbeats (events, 200, 3);
  g_assert_cmpuint (count_log_errors (events), ==, 1);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (contents, "\n"));
  objects = read_lines (path);                /* every line parses */
  g_assert_cmpuint (objects->len, ==, 4);

  /* Space again, but within the retry interval: not tried yet (unless
   * this thread stalled for most of a second, as under a heavy load). */
  vigil_events_set_log_fault (events, -1);
  post_heartbeats (events, 1, 1000);
  g_clear_pointer (&objects, g_ptr_array_unref);
  objects = read_lines (path);
  if (g_get_monotonic_time () - failed_at < 900 * 1000)
    g_assert_cmpuint (objects->len, ==, 4);
  else
    g_test_message ("stalled past the retry interval: the retry-rate check is skipped");
  written = objects->len;

  g_usleep (1200 * 1000);
  post_heartbeats (events, 2, 2000);
  g_clear_pointer (&objects, g_ptr_array_unref);
  objects = read_lines (path);
  g_assert_cmpuint (objects->len, ==, written + 2);
  last = json_object_get_int_member (g_ptr_array_index (objects, objects->len - 1), "reconnects");
  g_assert_cmpint (last, ==, 2001);
  g_assert_cmpuint (count_log_errors (events), ==, 1);

  g_assert_finalize_object (g_steal_pointer (&events));
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_events_journal (void)
{
  g_autoptr(VigilEvents) events = vigil_events_new ();
  g_autoptr(VigilEvent) ok = full_event ();
  g_autoptr(VigilEvent) failed = error_event ();
  static const char * const keys[] = {
    "MESSAGE", "VIGIL_TS", "VIGIL_EVENT", "VIGIL_SESSION", "VIGIL_CAMERA",
    "VIGIL_OPERATION", "VIGIL_RECONNECTS", "VIGIL_PHASE", "VIGIL_RESOURCE",
    "VIGIL_KIND", "VIGIL_NAME", "VIGIL_ACTION", "VIGIL_OS_HANDLE", "VIGIL_OWNER",
    "VIGIL_OPEN_FDS", "VIGIL_THREADS", "VIGIL_PRIVATE_BYTES",
    "VIGIL_PID", "VIGIL_TID", "VIGIL_VERSION", "VIGIL_HOST",
  };
  g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());

  vigil_events_post (events, ok);
  g_assert_nonnull (captured);
  g_assert_cmpint (captured_level, ==, G_LOG_LEVEL_INFO);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_true (g_hash_table_contains (captured, keys[i]));
  g_assert_cmpstr (g_hash_table_lookup (captured, "VIGIL_SESSION"), ==, "42");
  g_assert_cmpstr (g_hash_table_lookup (captured, "VIGIL_PHASE"), ==, "StreamCreated");
  g_assert_cmpstr (g_hash_table_lookup (captured, "VIGIL_OPEN_FDS"), ==, "30");
  g_assert_cmpstr (g_hash_table_lookup (captured, "VIGIL_PID"), ==, pid);
  g_assert_cmpstr (g_hash_table_lookup (captured, "VIGIL_VERSION"), ==, PACKAGE_VERSION);
  g_assert_false (g_hash_table_contains (captured, "VIGIL_ERROR_DOMAIN"));

  vigil_events_post (events, failed);
  g_assert_cmpint (captured_level, ==, G_LOG_LEVEL_MESSAGE);
  g_assert_cmpstr (g_hash_table_lookup (captured, "VIGIL_ERROR_DOMAIN"), ==, "vigil-error-quark");
  g_assert_cmpstr (g_hash_table_lookup (captured, "VIGIL_ERRNO"), ==, "110");
  g_assert_cmpstr (g_hash_table_lookup (captured, "VIGIL_TIMEOUT_MS"), ==, "2500");
  g_assert_false (g_hash_table_contains (captured, "VIGIL_KIND"));

  /* Every key is a valid journal field name. */
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, captured);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      {
        const char *k = key;

        g_assert_true (g_ascii_isupper (k[0]));
        for (const char *c = k; *c; c++)
          g_assert_true (g_ascii_isupper (*c) || g_ascii_isdigit (*c) || *c == '_');
      }
  }

  g_assert_finalize_object (g_steal_pointer (&events));
}

static void
test_events_ring (void)
{
  g_autoptr(VigilEvents) events = vigil_events_new ();
  g_autoptr(GPtrArray) list = NULL;

  g_assert_cmpuint (vigil_events_get_capacity (events), ==, VIGIL_EVENTS_DEFAULT_CAPACITY);
  vigil_events_set_journal (events, FALSE);
  vigil_events_set_capacity (events, 5);
  for (guint i = 0; i < 8; i++)
    {
      g_autoptr(VigilEvent) event = vigil_event_new (VIGIL_EVENT_HEARTBEAT);

      event->reconnects = i;
      vigil_events_post (events, event);
    }
  list = vigil_events_list (events);
  g_assert_cmpuint (list->len, ==, 5);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (((VigilEvent *) g_ptr_array_index (list, i))->reconnects, ==, 3 + i);
  g_clear_pointer (&list, g_ptr_array_unref);

  vigil_events_set_capacity (events, 3);
  list = vigil_events_list (events);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpint (((VigilEvent *) g_ptr_array_index (list, 0))->reconnects, ==, 5);
  g_clear_pointer (&list, g_ptr_array_unref);

  vigil_events_set_capacity (events, 10);
  vigil_events_set_reconnects (events, 99);
  {
    g_autoptr(VigilEvent) event = vigil_event_new (VIGIL_EVENT_HEARTBEAT);

    vigil_events_post (events, event);
    g_assert_cmpint (event->reconnects, ==, 99);
  }
  list = vigil_events_list (events);
  g_assert_cmpuint (list->len, ==, 4);

  g_assert_finalize_object (g_steal_pointer (&events));
}

#define N_POSTERS 3
#define N_POSTS   100

typedef struct
{
  GThread *main_thread;
  guint    received;
  gboolean wrong_thread;
} Delivery;

static void
on_event_added (VigilEvents *events,
                VigilEvent  *event,
                gpointer     user_data)
{
  Delivery *delivery = user_data;

  if (g_thread_self () != delivery->main_thread)
    delivery->wrong_thread = TRUE;
  delivery->received++;
}

static gpointer
post_many (gpointer data)
{
  VigilEvents *events = data;

  for (guint i = 0; i < N_POSTS; i++)
    {
      g_autoptr(VigilEvent) event = vigil_event_new (VIGIL_EVENT_HEARTBEAT);

      vigil_events_post (events, event);
    }
  return NULL;
}

static void
test_events_signal_thread (void)
{
  g_autoptr(VigilEvents) events = vigil_events_new ();
  g_autoptr(VigilProbe) probe = vigil_probe_new ();
  g_autoptr(GPtrArray) list = NULL;
  Delivery delivery = { g_thread_self (), 0, FALSE };
  GThread *threads[N_POSTERS];

  vigil_events_set_journal (events, FALSE);
  vigil_events_set_probe (events, probe);
  g_signal_connect (events, "event-added", G_CALLBACK (on_event_added), &delivery);

  for (guint t = 0; t < N_POSTERS; t++)
    threads[t] = g_thread_new ("poster", post_many, events);
  for (guint t = 0; t < N_POSTERS; t++)
    g_thread_join (threads[t]);
  g_assert_cmpuint (delivery.received, ==, 0);     /* never inline */

  while (delivery.received < N_POSTERS * N_POSTS)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (delivery.wrong_thread);

  list = vigil_events_list (events);
  g_assert_cmpuint (list->len, ==, N_POSTERS * N_POSTS);
  g_assert_cmpint (((VigilEvent *) g_ptr_array_index (list, 0))->open_fds, >, 0);
  g_assert_cmpint (((VigilEvent *) g_ptr_array_index (list, 0))->threads, >, 0);
  g_assert_cmpint (((VigilEvent *) g_ptr_array_index (list, 0))->private_bytes, >, 0);

  g_assert_finalize_object (g_steal_pointer (&events));
  g_assert_finalize_object (g_steal_pointer (&probe));
}

/* Created on a thread with its own context: delivered there. */
static gpointer
own_context (gpointer data)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(VigilEvents) events = NULL;
  Delivery delivery = { g_thread_self (), 0, FALSE };
  GThread *poster;

  g_main_context_push_thread_default (context);
  events = vigil_events_new ();
  vigil_events_set_journal (events, FALSE);
  g_signal_connect (events, "event-added", G_CALLBACK (on_event_added), &delivery);
  poster = g_thread_new ("poster", post_many, events);
  g_thread_join (poster);
  while (delivery.received < N_POSTS)
    g_main_context_iteration (context, TRUE);
  g_assert_false (delivery.wrong_thread);
  g_assert_false (g_main_context_pending (NULL));
  g_assert_finalize_object (g_steal_pointer (&events));
  g_main_context_pop_thread_default (context);
  return NULL;
}

static void
test_events_signal_context (void)
{
  g_thread_join (g_thread_new ("context", own_context, NULL));
}

static void
test_events_json_node (void)
{
  g_autoptr(VigilEvent) event = vigil_event_new (VIGIL_EVENT_FAULT);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *line = NULL;

  node = vigil_event_to_json_node (event);
  assert_shape (json_node_get_object (node));
  line = vigil_event_to_json_line (event);
  g_assert_null (strchr (line, '\n'));
  g_assert_cmpstr (vigil_event_type_to_string (VIGIL_EVENT_CAMERA_SESSION), ==, "CameraSession");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* Can be set once per process: before any test logs. */
  g_log_set_writer_func (capture_writer, NULL, NULL);

  g_test_add_func ("/vigil/events/json-lines", test_events_json_lines);
  g_test_add_func ("/vigil/events/reopen", test_events_reopen);
  g_test_add_func ("/vigil/events/log-full-device", test_events_log_full_device);
  g_test_add_func ("/vigil/events/log-disk-full", test_events_log_disk_full);
  g_test_add_func ("/vigil/events/journal", test_events_journal);
  g_test_add_func ("/vigil/events/ring", test_events_ring);
  g_test_add_func ("/vigil/events/signal-thread", test_events_signal_thread);
  g_test_add_func ("/vigil/events/signal-context", test_events_signal_context);
  g_test_add_func ("/vigil/events/json-node", test_events_json_node);

  int ret = g_test_run ();
  g_clear_pointer (&captured, g_hash_table_unref);
  return ret;
}
