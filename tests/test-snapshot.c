/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "vigil-diagnostics.h"
#include "vigil-error.h"
#include "vigil-snapshot.h"

#define HOUR_US     (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)
#define WALL_ORIGIN (G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC)
#define N_RECONNECTS 20

/* What the fixture put into the diagnostics, to check against. */
typedef struct
{
  VigilDiagnostics *diagnostics;
  guint64           ended;          /* a session that leaked one Event */
  guint64           open;           /* a session still streaming */
  guint64           leaked;         /* the Event resource left open */
  char             *tmpdir;
} Fixture;

static void
drain_main_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
add_reconnect (VigilHistory *history,
               guint         i)
{
  VigilProbeSample sample = { 0 };

  sample.monotonic_us = (gint64) i * HOUR_US;
  sample.wall_us = WALL_ORIGIN + sample.monotonic_us;
  sample.open_fds = 100 + i;             /* one fd per reconnect: a leak */
  for (guint k = 0; k < VIGIL_N_FD_KINDS; k++)
    sample.fds_by_kind[k] = -1;
  sample.threads = 5;
  sample.private_bytes = 50 << 20;
  sample.rss_bytes = -1;
  sample.rss_anon_bytes = -1;
  sample.fd_soft_limit = 1024;
  sample.fd_hard_limit = 4096;
  sample.gui_objects = -1;
  vigil_history_add_reconnect_sample (history, &sample, 3);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  VigilLedger *ledger;
  VigilHistory *history;
  VigilFaults *faults;
  guint64 device, stream, handler;
  gboolean armed, fired;

  fixture->tmpdir = g_dir_make_tmp ("vigil-snapshot-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->diagnostics = vigil_diagnostics_new ();
  ledger = vigil_diagnostics_get_ledger (fixture->diagnostics);
  history = vigil_diagnostics_get_history (fixture->diagnostics);
  faults = vigil_diagnostics_get_faults (fixture->diagnostics);

  /* Session 1 fails after CallbackRegistered and forgets its event fd. */
  fixture->ended = vigil_ledger_begin_session (ledger, "127.0.0.1");
  vigil_ledger_set_phase (ledger, fixture->ended, VIGIL_PHASE_DEVICE_OPENED);
  device = vigil_ledger_record_create (ledger, fixture->ended, VIGIL_RESOURCE_DEVICE, "camera", "session",
                                       VIGIL_ACTION_OPEN, VIGIL_ACTION_DISPOSE, 17, "socket:[4242]");
  vigil_ledger_set_phase (ledger, fixture->ended, VIGIL_PHASE_CALLBACK_REGISTERED);
  handler = vigil_ledger_record_create (ledger, fixture->ended, VIGIL_RESOURCE_SIGNAL_HANDLER, "control-lost",
                                        "session", VIGIL_ACTION_REGISTER, VIGIL_ACTION_UNREGISTER, -1, NULL);
  fixture->leaked = vigil_ledger_record_create (ledger, fixture->ended, VIGIL_RESOURCE_EVENT, "leak-demo eventfd",
                                                "session", VIGIL_ACTION_CREATE, VIGIL_ACTION_CLOSE, 23,
                                                "anon_inode:[eventfd]");
  vigil_ledger_set_phase (ledger, fixture->ended, VIGIL_PHASE_OPEN_FAILED);
  g_assert_true (vigil_ledger_record_close (ledger, handler));
  g_assert_true (vigil_ledger_record_close (ledger, device));
  vigil_ledger_end_session (ledger, fixture->ended);

  /* Session 2 streams. */
  fixture->open = vigil_ledger_begin_session (ledger, "127.0.0.1");
  stream = vigil_ledger_record_create (ledger, fixture->open, VIGIL_RESOURCE_STREAM, "stream", "session",
                                       VIGIL_ACTION_CREATE, VIGIL_ACTION_DISPOSE, -1, NULL);
  g_assert_cmpuint (stream, >, 0);
  vigil_ledger_set_phase (ledger, fixture->open, VIGIL_PHASE_OPEN_DONE);

  vigil_history_mark_session_opened (history);
  for (guint i = 1; i <= N_RECONNECTS; i++)
    add_reconnect (history, i);

  armed = vigil_faults_arm (faults, "callback.register", "persistent", &error);
  g_assert_no_error (error);
  g_assert_true (armed);
  vigil_faults_set_seed (faults, 7);
  vigil_faults_set_leak_demo (faults, TRUE);
  fired = vigil_faults_fire (faults, "callback.register", &error);
  g_assert_true (fired);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_FAULT_INJECTED);
  g_clear_error (&error);

  g_set_error (&error, VIGIL_ERROR, VIGIL_ERROR_TIMEOUT, "no frame for 400 ms");
  vigil_diagnostics_post (fixture->diagnostics, VIGIL_EVENT_ERROR, fixture->ended, "127.0.0.1", "open",
                          VIGIL_PHASE_CALLBACK_REGISTERED, error);
  vigil_diagnostics_post (fixture->diagnostics, VIGIL_EVENT_CAMERA_SESSION, fixture->open, "127.0.0.1", "open",
                          VIGIL_PHASE_OPEN_DONE, NULL);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->tmpdir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->tmpdir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        g_rmdir (path);
      else
        g_unlink (path);
    }
  g_rmdir (fixture->tmpdir);
  g_free (fixture->tmpdir);

  vigil_snapshot_set_write_fault (-1);
  drain_main_context ();
  g_assert_finalize_object (fixture->diagnostics);
}

static VigilControls *
make_controls (void)
{
  VigilControls *controls = g_new0 (VigilControls, 1);

  controls->device_id = g_strdup ("Aravis-Fake-GV01");
  controls->vendor = g_strdup ("Aravis");
  controls->model = g_strdup ("Fake");
  controls->serial = g_strdup ("GV01");
  controls->pixel_format = g_strdup ("Mono8");
  controls->width = 512;
  controls->height = 512;
  controls->has_frame_rate = TRUE;
  controls->frame_rate = 25.0;
  return controls;
}

static GVariant *
make_settings (void)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  g_variant_builder_add (&builder, "{sv}", "watchdog-intervals", g_variant_new_uint32 (3));
  g_variant_builder_add (&builder, "{sv}", "snapshot-dir", g_variant_new_string ("/tmp/snaps"));
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

/* Builds, writes as text and parses back, as a reader far away would. */
static JsonNode *
build_and_reparse (const VigilSnapshotSource *source,
                   char                     **text_out)
{
  g_autoptr(JsonNode) built = vigil_snapshot_build (source);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gboolean parsed;

  g_assert_nonnull (built);
  json_generator_set_root (generator, built);
  text = json_generator_to_data (generator, NULL);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  parsed = json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (parsed);
  if (text_out != NULL)
    *text_out = g_steal_pointer (&text);
  return json_node_copy (json_parser_get_root (parser));
}

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  return json_node_get_array (node);
}

static void
assert_null_member (JsonObject *object,
                    const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_NULL (node));
}

static void
assert_members (JsonObject         *object,
                const char * const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (!json_object_has_member (object, names[i]))
        g_test_message ("missing member %s", names[i]);
      g_assert_true (json_object_has_member (object, names[i]));
    }
}

static JsonObject *
find_session (JsonArray *sessions,
              guint64    id)
{
  for (guint i = 0; i < json_array_get_length (sessions); i++)
    {
      JsonObject *session = json_array_get_object_element (sessions, i);

      if ((guint64) json_object_get_int_member (session, "id") == id)
        return session;
    }
  return NULL;
}

static void
check_header (JsonObject *root)
{
  JsonObject *app = member_object (root, "app");
  JsonObject *host = member_object (root, "host");
  g_autofree char *glib = g_strdup_printf ("%u.%u.%u", glib_major_version, glib_minor_version, glib_micro_version);
  static const char * const top[] = { "schema", "created", "created_us", "app", "host", "process", "settings",
                                      "camera", "supervisor", "verdict", "series", "sessions", "faults",
                                      "events", NULL };

  assert_members (root, top);
  g_assert_cmpstr (json_object_get_string_member (root, "schema"), ==, "vigil-snapshot/1");
  g_assert_true (g_str_has_suffix (json_object_get_string_member (root, "created"), "Z"));
  g_assert_cmpint (json_object_get_int_member (root, "created_us"), >, WALL_ORIGIN);

  g_assert_cmpstr (json_object_get_string_member (app, "name"), ==, "vigil");
  g_assert_cmpstr (json_object_get_string_member (app, "version"), ==, PACKAGE_VERSION);
  g_assert_cmpstr (json_object_get_string_member (app, "gtk"), ==, "4.8.3");
  g_assert_cmpstr (json_object_get_string_member (app, "glib"), ==, glib);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (app, "aravis"), "0."));
  g_assert_cmpstr (json_object_get_string_member (app, "json_glib"), ==, JSON_VERSION_S);

  g_assert_cmpstr (json_object_get_string_member (host, "hostname"), ==, g_get_host_name ());
  g_assert_cmpstr (json_object_get_string_member (host, "os"), ==, "Linux");
  g_assert_nonnull (json_object_get_string_member (host, "kernel"));
  g_assert_nonnull (json_object_get_string_member (host, "kernel_build"));
  g_assert_nonnull (json_object_get_string_member (host, "machine"));
  g_assert_cmpint (json_object_get_int_member (host, "pid"), ==, getpid ());
}

static void
check_process (JsonObject *root)
{
  JsonObject *process = member_object (root, "process");
  JsonObject *by_kind = member_object (process, "fds_by_kind");
  JsonArray *fds = member_array (process, "fds");
  gint64 open_fds = json_object_get_int_member (process, "open_fds");
  gint64 sum = 0;
  gboolean saw_stdin = FALSE;

  g_assert_cmpstr (json_object_get_string_member (process, "backend"), ==, "linux");
  g_assert_cmpint (json_object_get_int_member (process, "sampled_us"), >, WALL_ORIGIN);
  g_assert_cmpint (open_fds, >, 0);
  for (guint kind = 0; kind < VIGIL_N_FD_KINDS; kind++)
    sum += json_object_get_int_member (by_kind, vigil_fd_kind_to_string (kind));
  g_assert_cmpint (sum, ==, open_fds);
  g_assert_cmpuint (json_array_get_length (fds), ==, (guint) open_fds);
  for (guint i = 0; i < json_array_get_length (fds); i++)
    {
      JsonObject *fd = json_array_get_object_element (fds, i);

      g_assert_nonnull (json_object_get_string_member (fd, "target"));
      g_assert_nonnull (json_object_get_string_member (fd, "kind"));
      if (json_object_get_int_member (fd, "fd") == 0)
        saw_stdin = TRUE;
    }
  g_assert_true (saw_stdin);
  g_assert_cmpint (json_object_get_int_member (process, "threads"), >=, 1);
  g_assert_cmpint (json_object_get_int_member (process, "private_bytes"), >, 0);
  g_assert_cmpint (json_object_get_int_member (process, "rss_bytes"), >, 0);
  g_assert_cmpint (json_object_get_int_member (process, "rss_anon_bytes"), >, 0);
  g_assert_true (json_object_has_member (process, "fd_soft_limit"));
  g_assert_true (json_object_has_member (process, "fd_hard_limit"));
}

static void
check_camera_and_supervisor (JsonObject *root)
{
  JsonObject *settings = member_object (root, "settings");
  JsonObject *camera = member_object (root, "camera");
  JsonObject *stream = member_object (camera, "stream");
  JsonObject *supervisor = member_object (root, "supervisor");
  JsonObject *last_error = member_object (supervisor, "last_error");

  g_assert_cmpint (json_object_get_int_member (settings, "watchdog-intervals"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (settings, "snapshot-dir"), ==, "/tmp/snaps");

  g_assert_cmpstr (json_object_get_string_member (camera, "id"), ==, "127.0.0.1");
  g_assert_cmpstr (json_object_get_string_member (camera, "device_id"), ==, "Aravis-Fake-GV01");
  g_assert_cmpstr (json_object_get_string_member (camera, "vendor"), ==, "Aravis");
  g_assert_cmpstr (json_object_get_string_member (camera, "model"), ==, "Fake");
  g_assert_cmpstr (json_object_get_string_member (camera, "serial"), ==, "GV01");
  g_assert_cmpstr (json_object_get_string_member (camera, "pixel_format"), ==, "Mono8");
  g_assert_cmpint (json_object_get_int_member (camera, "width"), ==, 512);
  g_assert_cmpint (json_object_get_int_member (camera, "height"), ==, 512);
  g_assert_cmpfloat (json_object_get_double_member (camera, "frame_rate"), ==, 25.0);
  g_assert_cmpint (json_object_get_int_member (stream, "received"), ==, 1000);
  g_assert_cmpint (json_object_get_int_member (stream, "received_bytes"), ==, 1000 * 512 * 512);
  g_assert_cmpint (json_object_get_int_member (stream, "failed"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (stream, "displayed"), ==, 900);
  g_assert_cmpint (json_object_get_int_member (stream, "dropped"), ==, 98);

  g_assert_cmpstr (json_object_get_string_member (supervisor, "state"), ==, "Recovering");
  g_assert_cmpint (json_object_get_int_member (supervisor, "reconnects"), ==, N_RECONNECTS);
  g_assert_cmpstr (json_object_get_string_member (supervisor, "liveness"), ==, "WaitingForTrigger");
  g_assert_cmpint (json_object_get_int_member (supervisor, "stream_restarts"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (supervisor, "triggers"), ==, 20);
  g_assert_cmpstr (json_object_get_string_member (last_error, "domain"), ==, "vigil-error-quark");
  g_assert_cmpint (json_object_get_int_member (last_error, "code"), ==, VIGIL_ERROR_TIMEOUT);
  g_assert_cmpstr (json_object_get_string_member (last_error, "message"), ==, "Camera stopped sending frames");
}

static void
check_verdict_and_series (JsonObject *root)
{
  JsonObject *verdict = member_object (root, "verdict");
  JsonObject *baseline = member_object (verdict, "baseline");
  JsonObject *metrics = member_object (verdict, "metrics");
  JsonObject *fds = member_object (metrics, "open_fds");
  JsonObject *series = member_object (root, "series");
  JsonArray *per_reconnect = member_array (series, "per_reconnect");
  JsonArray *periodic = member_array (series, "periodic");
  JsonObject *last;
  static const char * const metric_members[] = { "status", "valid", "n", "baseline", "current", "slope",
                                                  "theil_sen", "theil_sen_lower", "mann_kendall_z",
                                                  "mann_kendall_p", NULL };

  g_assert_cmpstr (json_object_get_string_member (verdict, "status"), ==, "LEAK");
  g_assert_cmpint (json_object_get_int_member (verdict, "reconnects"), ==, N_RECONNECTS);
  g_assert_cmpint (json_object_get_int_member (baseline, "reconnects"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (baseline, "wall_us"), ==, WALL_ORIGIN + 2 * HOUR_US);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (verdict, "reconnects_per_day"), 24.0, 1e-9);
  g_assert_cmpint (json_object_get_int_member (verdict, "fd_soft_limit"), ==, 1024);
  g_assert_cmpint (json_object_get_int_member (verdict, "open_fds"), ==, 100 + N_RECONNECTS);
  /* (1024 − 120) / (1 × 24) */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (verdict, "time_to_exhaustion_days"),
                                  (1024.0 - 120.0) / 24.0, 0.5);

  for (guint m = 0; m < VIGIL_N_METRICS; m++)
    assert_members (member_object (metrics, vigil_metric_to_string (m)), metric_members);
  g_assert_cmpstr (json_object_get_string_member (fds, "status"), ==, "LEAK");
  g_assert_true (json_object_get_boolean_member (fds, "valid"));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (fds, "slope"), 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (fds, "theil_sen"), 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (fds, "baseline"), 102.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (fds, "current"), 120.0, 1e-9);
  g_assert_cmpstr (json_object_get_string_member (member_object (metrics, "threads"), "status"), ==, "PASS");

  g_assert_cmpuint (json_array_get_length (per_reconnect), ==, N_RECONNECTS);
  g_assert_cmpuint (json_array_get_length (periodic), ==, N_RECONNECTS);
  last = json_array_get_object_element (per_reconnect, N_RECONNECTS - 1);
  g_assert_cmpint (json_object_get_int_member (last, "wall_us"), ==, WALL_ORIGIN + N_RECONNECTS * HOUR_US);
  g_assert_cmpint (json_object_get_int_member (last, "reconnects"), ==, N_RECONNECTS);
  g_assert_cmpint (json_object_get_int_member (last, "open_fds"), ==, 100 + N_RECONNECTS);
  g_assert_cmpint (json_object_get_int_member (last, "threads"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (last, "ledger_open"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (last, "private_bytes"), ==, 50 << 20);
}

static void
check_sessions (Fixture    *fixture,
                JsonObject *root)
{
  JsonArray *sessions = member_array (root, "sessions");
  JsonObject *ended = find_session (sessions, fixture->ended);
  JsonObject *open = find_session (sessions, fixture->open);
  JsonArray *resources, *unpaired;
  JsonObject *pairs, *event_pairs, *device, *leak;

  g_assert_cmpuint (json_array_get_length (sessions), ==, 2);
  g_assert_nonnull (ended);
  g_assert_nonnull (open);

  g_assert_cmpstr (json_object_get_string_member (ended, "camera"), ==, "127.0.0.1");
  g_assert_cmpint (json_object_get_int_member (ended, "opened_us"), >, 0);
  g_assert_cmpint (json_object_get_int_member (ended, "closed_us"), >=,
                   json_object_get_int_member (ended, "opened_us"));
  g_assert_cmpstr (json_object_get_string_member (ended, "state"), ==, "ended");
  g_assert_cmpstr (json_object_get_string_member (ended, "phase"), ==, "OpenFailed");
  g_assert_cmpint (json_object_get_int_member (ended, "open"), ==, 1);

  resources = member_array (ended, "resources");
  g_assert_cmpuint (json_array_get_length (resources), ==, 3);
  device = json_array_get_object_element (resources, 0);
  g_assert_cmpstr (json_object_get_string_member (device, "kind"), ==, "Device");
  g_assert_cmpstr (json_object_get_string_member (device, "name"), ==, "camera");
  g_assert_cmpstr (json_object_get_string_member (device, "owner"), ==, "session");
  g_assert_cmpstr (json_object_get_string_member (device, "create_action"), ==, "Open");
  g_assert_cmpstr (json_object_get_string_member (device, "close_action"), ==, "Dispose");
  g_assert_cmpstr (json_object_get_string_member (device, "create_phase"), ==, "DeviceOpened");
  g_assert_cmpint (json_object_get_int_member (device, "created_us"), >, 0);
  g_assert_true (json_object_get_boolean_member (device, "closed"));
  g_assert_cmpstr (json_object_get_string_member (device, "close_phase"), ==, "OpenFailed");
  g_assert_cmpint (json_object_get_int_member (device, "closed_us"), >, 0);
  g_assert_cmpint (json_object_get_int_member (device, "os_handle"), ==, 17);
  g_assert_cmpstr (json_object_get_string_member (device, "os_target"), ==, "socket:[4242]");

  pairs = member_object (ended, "pairs");
  for (guint kind = 0; kind < VIGIL_N_RESOURCE_KINDS; kind++)
    g_assert_true (json_object_has_member (pairs, vigil_resource_kind_to_string (kind)));
  event_pairs = member_object (pairs, "Event");
  g_assert_cmpint (json_object_get_int_member (event_pairs, "created"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (event_pairs, "closed"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (event_pairs, "open"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (member_object (pairs, "Device"), "closed"), ==, 1);

  unpaired = member_array (ended, "unpaired");
  g_assert_cmpuint (json_array_get_length (unpaired), ==, 1);
  leak = json_array_get_object_element (unpaired, 0);
  g_assert_cmpint (json_object_get_int_member (leak, "id"), ==, (gint64) fixture->leaked);
  g_assert_cmpstr (json_object_get_string_member (leak, "kind"), ==, "Event");
  g_assert_cmpstr (json_object_get_string_member (leak, "create_phase"), ==, "CallbackRegistered");
  g_assert_false (json_object_get_boolean_member (leak, "closed"));
  assert_null_member (leak, "close_phase");
  assert_null_member (leak, "closed_us");
  g_assert_cmpstr (json_object_get_string_member (leak, "os_target"), ==, "anon_inode:[eventfd]");
  g_assert_cmpuint (json_array_get_length (member_array (ended, "attributed_fds")), ==, 0);

  /* A session still open has nothing unpaired yet. */
  g_assert_cmpstr (json_object_get_string_member (open, "state"), ==, "open");
  assert_null_member (open, "closed_us");
  g_assert_cmpuint (json_array_get_length (member_array (open, "unpaired")), ==, 0);
  g_assert_cmpint (json_object_get_int_member (member_object (member_object (open, "pairs"), "Stream"), "open"), ==, 1);
}

static void
check_faults_and_events (JsonObject *root)
{
  JsonObject *faults = member_object (root, "faults");
  JsonArray *points = member_array (faults, "points");
  JsonArray *events = member_array (root, "events");
  JsonObject *point, *last, *error_event = NULL;

  g_assert_true (json_object_get_boolean_member (faults, "leak_demo"));
  g_assert_cmpint (json_object_get_int_member (faults, "seed"), ==, 7);
  g_assert_cmpuint (json_array_get_length (points), ==, 1);
  point = json_array_get_object_element (points, 0);
  g_assert_cmpstr (json_object_get_string_member (point, "point"), ==, "callback.register");
  g_assert_cmpstr (json_object_get_string_member (point, "mode"), ==, "persistent");
  g_assert_true (json_object_get_boolean_member (point, "armed"));
  g_assert_cmpint (json_object_get_int_member (point, "hits"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (point, "fired"), ==, 1);

  /* The ring, newest last: the OpenDone posted last by the fixture. */
  g_assert_cmpuint (json_array_get_length (events), >=, 3);
  last = json_array_get_object_element (events, json_array_get_length (events) - 1);
  g_assert_cmpstr (json_object_get_string_member (last, "event"), ==, "CameraSession");
  g_assert_cmpstr (json_object_get_string_member (last, "phase"), ==, "OpenDone");
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);

      g_assert_true (json_object_has_member (event, "ts"));
      g_assert_true (json_object_has_member (event, "open_fds"));
      if (g_strcmp0 (json_object_get_string_member (event, "event"), "Error") == 0)
        error_event = event;
    }
  g_assert_nonnull (error_event);
  g_assert_cmpstr (json_object_get_string_member (error_event, "error_message"), ==, "no frame for 400 ms");
  g_assert_cmpint (json_object_get_int_member (error_event, "error_code"), ==, VIGIL_ERROR_TIMEOUT);
}

static void
test_snapshot_fields (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(VigilControls) controls = make_controls ();
  g_autoptr(GVariant) settings = make_settings ();
  g_autoptr(GError) last_error = g_error_new (VIGIL_ERROR, VIGIL_ERROR_TIMEOUT, "Camera stopped sending frames");
  VigilFrameCounts counts = { 1000, 1000 * 512 * 512, 2, 900, 98 };
  VigilSnapshotSource source = {
    .diagnostics = fixture->diagnostics,
    .state = "Recovering",
    .camera_id = "127.0.0.1",
    .reconnects = N_RECONNECTS,
    .liveness = "WaitingForTrigger",
    .stream_restarts = 3,
    .triggers = 20,
    .last_error = last_error,
    .controls = controls,
    .counts = &counts,
    .settings = settings,
    .gtk_version = "4.8.3",
  };
  g_autoptr(JsonNode) document = build_and_reparse (&source, NULL);
  JsonObject *root;

  g_assert_true (JSON_NODE_HOLDS_OBJECT (document));
  root = json_node_get_object (document);
  check_header (root);
  check_process (root);
  check_camera_and_supervisor (root);
  check_verdict_and_series (root);
  check_sessions (fixture, root);
  check_faults_and_events (root);
}

/* Only the diagnostics: every optional value is null or empty. */
static void
test_snapshot_minimal (Fixture       *fixture,
                       gconstpointer  data)
{
  VigilSnapshotSource source = { .diagnostics = fixture->diagnostics };
  g_autoptr(JsonNode) document = build_and_reparse (&source, NULL);
  JsonObject *root = json_node_get_object (document);
  JsonObject *camera = member_object (root, "camera");
  JsonObject *supervisor = member_object (root, "supervisor");

  g_assert_cmpuint (json_object_get_size (member_object (root, "settings")), ==, 0);
  assert_null_member (member_object (root, "app"), "gtk");
  assert_null_member (camera, "id");
  assert_null_member (camera, "vendor");
  assert_null_member (camera, "width");
  assert_null_member (camera, "frame_rate");
  assert_null_member (camera, "stream");
  assert_null_member (camera, "stream_statistics");
  assert_null_member (supervisor, "state");
  assert_null_member (supervisor, "last_error");
  /* No supervisor's liveness: its counts are unknown, not 0. */
  assert_null_member (supervisor, "liveness");
  assert_null_member (supervisor, "stream_restarts");
  assert_null_member (supervisor, "triggers");
  g_assert_cmpint (json_object_get_int_member (supervisor, "reconnects"), ==, 0);
}

/* Aravis's stream statistics: the counts, their rise over the last minute
 * and the alert, packet counts only for GigE Vision. */
static void
test_snapshot_stream_stats (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(VigilStreamStats) stats = vigil_stream_stats_new ();
  VigilStreamCounts counts = { .gige = TRUE };
  VigilStreamStatsInfo info;
  VigilSnapshotSource source = { .diagnostics = fixture->diagnostics, .stream_stats = &info };
  g_autoptr(JsonNode) document = NULL;
  JsonObject *stream, *minute;

  for (guint t = 0; t <= 30; t++)
    {
      counts.values[VIGIL_STREAM_STAT_COMPLETED] = 25 * t;
      counts.values[VIGIL_STREAM_STAT_FAILED] = t / 10;
      counts.values[VIGIL_STREAM_STAT_MISSING_PACKETS] = 7 * t;
      counts.values[VIGIL_STREAM_STAT_RESENT_PACKETS] = 2 * t;
      vigil_stream_stats_update (stats, 4, 1, &counts, (gint64) t * G_USEC_PER_SEC);
    }
  vigil_stream_stats_get (stats, &info);
  document = build_and_reparse (&source, NULL);
  stream = member_object (member_object (json_node_get_object (document), "camera"), "stream_statistics");
  g_assert_cmpint (json_object_get_int_member (stream, "session"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (stream, "stream_restarts"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (stream, "completed"), ==, 750);
  g_assert_cmpint (json_object_get_int_member (stream, "failed"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (stream, "underrun"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (stream, "aborted"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (stream, "timed_out"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (stream, "missing_packets"), ==, 210);
  g_assert_cmpint (json_object_get_int_member (stream, "resent_packets"), ==, 60);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (stream, "window_s"), 30.0, 1e-9);
  minute = member_object (stream, "last_minute");
  g_assert_cmpint (json_object_get_int_member (minute, "missing_packets"), ==, 210);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (member_object (stream, "per_minute"), "completed"),
                                  1500.0, 1e-6);
  g_assert_cmpstr (json_object_get_string_member (stream, "alert"), ==, "packet-loss");

  /* Not GigE Vision: no packet counts. */
  counts.gige = FALSE;
  vigil_stream_stats_update (stats, 5, 0, &counts, 31 * G_USEC_PER_SEC);
  vigil_stream_stats_get (stats, &info);
  g_clear_pointer (&document, json_node_unref);
  document = build_and_reparse (&source, NULL);
  stream = member_object (member_object (json_node_get_object (document), "camera"), "stream_statistics");
  g_assert_false (json_object_has_member (stream, "missing_packets"));
  g_assert_cmpstr (json_object_get_string_member (stream, "alert"), ==, "none");
}

/* Bytes that are not UTF-8 (a camera string, a resource name, an event's
 * camera) come out escaped: the document stays valid JSON. */
static void
test_snapshot_non_utf8 (Fixture       *fixture,
                        gconstpointer  data)
{
  VigilLedger *ledger = vigil_diagnostics_get_ledger (fixture->diagnostics);
  g_autoptr(VigilControls) controls = make_controls ();
  VigilSnapshotSource source = {
    .diagnostics = fixture->diagnostics,
    .camera_id = "cam\xc3\x28",
    .controls = controls,
  };
  g_autoptr(JsonNode) document = NULL;
  g_autofree char *text = NULL;
  JsonObject *root, *session, *resource;
  JsonArray *events;
  guint64 id;

  g_free (controls->vendor);
  controls->vendor = g_strdup ("Vend\xff" "or");
  id = vigil_ledger_begin_session (ledger, "bad\xfe" "camera");
  vigil_ledger_record_create (ledger, id, VIGIL_RESOURCE_EVENT, "name\xff\xfe", "owner",
                              VIGIL_ACTION_CREATE, VIGIL_ACTION_CLOSE, 99, "/tmp/caf\xe9");
  vigil_diagnostics_post (fixture->diagnostics, VIGIL_EVENT_CAMERA_SESSION, id, "ev\xff", "open",
                          VIGIL_PHASE_OPEN_START, NULL);

  document = build_and_reparse (&source, &text);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  root = json_node_get_object (document);
  g_assert_cmpstr (json_object_get_string_member (member_object (root, "camera"), "id"), ==, "cam\\xC3(");
  g_assert_cmpstr (json_object_get_string_member (member_object (root, "camera"), "vendor"), ==, "Vend\\xFFor");
  session = find_session (member_array (root, "sessions"), id);
  g_assert_nonnull (session);
  g_assert_cmpstr (json_object_get_string_member (session, "camera"), ==, "bad\\xFEcamera");
  resource = json_array_get_object_element (member_array (session, "resources"), 0);
  g_assert_cmpstr (json_object_get_string_member (resource, "name"), ==, "name\\xFF\\xFE");
  g_assert_cmpstr (json_object_get_string_member (resource, "os_target"), ==, "/tmp/caf\\xE9");
  events = member_array (root, "events");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, json_array_get_length (events) - 1),
                                                  "camera"), ==, "ev\\xFF");
}

static guint
count_entries (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static JsonNode *
load (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gboolean loaded = json_parser_load_from_file (parser, path, &error);

  g_assert_no_error (error);
  g_assert_true (loaded);
  return json_node_copy (json_parser_get_root (parser));
}

static void
test_snapshot_write (Fixture       *fixture,
                     gconstpointer  data)
{
  VigilSnapshotSource source = { .diagnostics = fixture->diagnostics, .state = "Streaming" };
  g_autoptr(JsonNode) document = vigil_snapshot_build (&source);
  g_autofree char *path = g_build_filename (fixture->tmpdir, "snap.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) loaded = NULL;
  gboolean written;

  written = vigil_snapshot_write (document, path, &error);
  g_assert_no_error (error);
  g_assert_true (written);
  g_assert_cmpuint (count_entries (fixture->tmpdir), ==, 1);     /* no temp file left */
  loaded = load (path);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (loaded), "schema"), ==, "vigil-snapshot/1");

  /* Again over the same path: replaced. */
  written = vigil_snapshot_write (document, path, &error);
  g_assert_no_error (error);
  g_assert_true (written);
  g_assert_cmpuint (count_entries (fixture->tmpdir), ==, 1);
}

/* An injected "disk full" halfway: neither the file nor the temp file is
 * left, and an existing snapshot at the path is untouched. */
static void
test_snapshot_write_fault (Fixture       *fixture,
                           gconstpointer  data)
{
  VigilSnapshotSource source = { .diagnostics = fixture->diagnostics };
  g_autoptr(JsonNode) document = vigil_snapshot_build (&source);
  g_autofree char *path = g_build_filename (fixture->tmpdir, "snap.json", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  gboolean written, read;

  vigil_snapshot_set_write_fault (100);
  written = vigil_snapshot_write (document, path, &error);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_IO);
  g_assert_false (written);
  g_assert_true (g_str_has_prefix (error->message, "Could not write the snapshot “"));
  g_assert_true (g_str_has_suffix (error->message, "”: the disk is full (No space left on device)"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_entries (fixture->tmpdir), ==, 0);
  g_clear_error (&error);

  vigil_snapshot_set_write_fault (-1);
  written = vigil_snapshot_write (document, path, &error);
  g_assert_no_error (error);
  g_assert_true (written);
  read = g_file_get_contents (path, &before, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (read);

  vigil_snapshot_set_write_fault (0);
  written = vigil_snapshot_write (document, path, &error);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_IO);
  g_assert_false (written);
  g_clear_error (&error);
  read = g_file_get_contents (path, &after, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (read);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (count_entries (fixture->tmpdir), ==, 1);
}

static void
test_snapshot_write_errors (Fixture       *fixture,
                            gconstpointer  data)
{
  VigilSnapshotSource source = { .diagnostics = fixture->diagnostics };
  g_autoptr(JsonNode) document = vigil_snapshot_build (&source);
  g_autofree char *folder = g_build_filename (fixture->tmpdir, "folder", NULL);
  g_autofree char *file = g_build_filename (fixture->tmpdir, "file", NULL);
  g_autofree char *under_file = g_build_filename (file, "snap.json", NULL);
  g_autofree char *missing = g_build_filename (fixture->tmpdir, "missing", "snap.json", NULL);
  g_autoptr(GError) error = NULL;
  gboolean done;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  done = g_file_set_contents (file, "x", 1, &error);
  g_assert_no_error (error);
  g_assert_true (done);

  /* The path is a folder. */
  done = vigil_snapshot_write (document, folder, &error);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_IO);
  g_assert_false (done);
  g_assert_nonnull (strstr (error->message, "is a folder"));
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));
  g_clear_error (&error);

  /* The folder is a regular file (ENOTDIR: root cannot write there either). */
  done = vigil_snapshot_write (document, under_file, &error);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_IO);
  g_assert_false (done);
  g_assert_nonnull (strstr (error->message, "”: the folder “"));
  g_assert_true (g_str_has_suffix (error->message, "” does not exist or is not a folder"));
  g_clear_error (&error);

  done = vigil_snapshot_write (document, missing, &error);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_IO);
  g_assert_false (done);
  g_assert_nonnull (strstr (error->message, "does not exist"));
  g_clear_error (&error);

  g_assert_cmpuint (count_entries (fixture->tmpdir), ==, 2);  /* folder and file only */
  g_assert_cmpuint (count_entries (folder), ==, 0);
}

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
write_async_and_wait (JsonNode    *document,
                      const char  *path,
                      GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vigil_snapshot_write_async (document, path, NULL, on_written, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return vigil_snapshot_write_finish (result, error);
}

static void
test_snapshot_write_async (Fixture       *fixture,
                           gconstpointer  data)
{
  VigilSnapshotSource source = { .diagnostics = fixture->diagnostics };
  g_autoptr(JsonNode) document = vigil_snapshot_build (&source);
  g_autofree char *path = g_build_filename (fixture->tmpdir, "async.json", NULL);
  g_autoptr(JsonNode) loaded = NULL;
  g_autoptr(GError) error = NULL;
  gboolean written;

  written = write_async_and_wait (document, path, &error);
  g_assert_no_error (error);
  g_assert_true (written);
  loaded = load (path);
  g_assert_true (json_object_has_member (json_node_get_object (loaded), "events"));
  g_assert_true (g_unlink (path) == 0);

  vigil_snapshot_set_write_fault (10);
  written = write_async_and_wait (document, path, &error);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_IO);
  g_assert_false (written);
  g_assert_cmpuint (count_entries (fixture->tmpdir), ==, 0);
}

static void
test_snapshot_explain (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) last_error = g_error_new (VIGIL_ERROR, VIGIL_ERROR_TIMEOUT, "Camera stopped sending frames");
  VigilSnapshotSource source = {
    .diagnostics = fixture->diagnostics,
    .state = "Recovering",
    .camera_id = "127.0.0.1",
    .reconnects = N_RECONNECTS,
    .last_error = last_error,
  };
  g_autoptr(JsonNode) document = build_and_reparse (&source, NULL);
  g_autoptr(JsonNode) other = json_from_string ("{\"schema\": \"something-else/2\"}", NULL);
  g_autoptr(JsonNode) array = json_from_string ("[1, 2]", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = vigil_snapshot_explain (document, &error);
  g_autofree char *bad = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (text);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "Verdict: LEAK after 20 reconnects"));
  g_assert_nonnull (strstr (text, "Growing kinds (left open by ended sessions): Event 1"));
  g_assert_nonnull (strstr (text, "Unpaired resources: 1, by phase and kind:"));
  g_assert_nonnull (strstr (text, "created in CallbackRegistered, Event: 1 (leak-demo eventfd; sessions"));
  g_assert_nonnull (strstr (text, "Camera stopped sending frames"));
  g_assert_nonnull (strstr (text, "no frame for 400 ms"));
  g_assert_nonnull (strstr (text, "Time to fd exhaustion:"));

  bad = vigil_snapshot_explain (other, &error);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT);
  g_assert_null (bad);
  g_clear_error (&error);
  bad = vigil_snapshot_explain (array, &error);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT);
  g_assert_null (bad);
}

/* An fd left by a phase of an ended session: in that session's "orphans"
 * and in the run's summary, and named in the explanation. */
static void
test_snapshot_orphans (Fixture       *fixture,
                       gconstpointer  data)
{
  VigilOrphans *orphans = vigil_diagnostics_get_orphans (fixture->diagnostics);
  VigilProbe *probe = vigil_diagnostics_get_probe (fixture->diagnostics);
  VigilLedger *ledger = vigil_diagnostics_get_ledger (fixture->diagnostics);
  VigilSnapshotSource source = { .diagnostics = fixture->diagnostics };
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonObject *root, *summary = NULL, *group;
  JsonArray *sessions;
  guint64 id = vigil_ledger_begin_session (ledger, "127.0.0.1");
  int fds[2];
  guint found = 0;

  before = vigil_probe_list_fds (probe, NULL);
  vigil_orphans_phase_begin (orphans, id, VIGIL_PHASE_STREAM_CREATED, before);
  g_assert_cmpint (pipe2 (fds, O_CLOEXEC), ==, 0);
  after = vigil_probe_list_fds (probe, NULL);
  vigil_orphans_phase_end (orphans, id, VIGIL_PHASE_STREAM_CREATED, before, after);
  close (fds[1]);
  vigil_ledger_end_session (ledger, id);
  vigil_orphans_session_closed (orphans, id);

  document = build_and_reparse (&source, NULL);
  root = json_node_get_object (document);
  sessions = json_object_get_array_member (root, "sessions");
  for (guint i = 0; i < json_array_get_length (sessions); i++)
    {
      JsonObject *session = json_array_get_object_element (sessions, i);
      JsonArray *list = json_object_get_array_member (session, "orphans");

      g_assert_nonnull (list);
      if ((guint64) json_object_get_int_member (session, "id") != id)
        {
          g_assert_cmpuint (json_array_get_length (list), ==, 0);
          continue;
        }
      g_assert_cmpuint (json_array_get_length (list), ==, 1);
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "kind"), ==, "pipe");
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "phase"), ==,
                       "StreamCreated");
      g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (list, 0), "fd"), ==, fds[0]);
      found++;
    }
  g_assert_cmpuint (found, ==, 1);
  summary = member_object (root, "orphans");
  g_assert_cmpint (json_object_get_int_member (summary, "total"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (summary, "leaked_fds"), ==, 0);
  group = json_array_get_object_element (json_object_get_array_member (summary, "groups"), 0);
  g_assert_false (json_object_get_boolean_member (group, "leak"));
  g_assert_nonnull (strstr (json_object_get_string_member (group, "text"), "StreamCreated: pipe kept since session"));
  g_assert_nonnull (member_object (summary, "unattributed"));

  text = vigil_snapshot_explain (document, &error);
  g_assert_no_error (error);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "Orphans (left by a phase, tracked by nobody), by phase and kind:"));
  g_assert_nonnull (strstr (text, "StreamCreated: pipe kept since session"));
  close (fds[0]);
}

/* A parsed document: orphans that leak come before the verdict; a fd LEAK
 * that nothing explains is said in words, with what grew and when. */
static void
test_snapshot_explain_orphans (void)
{
  const char *leaking =
    "{\"schema\": \"vigil-snapshot/1\", \"verdict\": {\"status\": \"LEAK\", \"metrics\": "
    "{\"open_fds\": {\"status\": \"LEAK\"}}, \"time_to_exhaustion_days\": 0.0139},"
    "\"orphans\": {\"total\": 45, \"leaked_fds\": 45, \"leaked_threads\": 0, \"groups\": [{\"leak\": true, "
    "\"text\": \"DeviceOpened leaves 1 UDP socket to :3956 per session, 45 of 45 sessions\", "
    "\"example\": \"UDP 127.0.0.1:41234 → 127.0.0.1:3956\", \"example_handle\": 142, "
    "\"first_session\": 3, \"last_session\": 47}]}}";
  const char *unexplained =
    "{\"schema\": \"vigil-snapshot/1\", \"verdict\": {\"status\": \"LEAK\", \"metrics\": "
    "{\"open_fds\": {\"status\": \"LEAK\"}}}, \"orphans\": {\"groups\": [], \"unattributed\": "
    "{\"fds\": 1, \"threads\": 0, \"items\": [{\"name\": \"pipe:[77]\", \"from_us\": 1700000000000000, "
    "\"to_us\": 1700000001000000, \"context\": \"between-sessions\"}]}}}";
  g_autoptr(JsonNode) first = json_from_string (leaking, NULL);
  g_autoptr(JsonNode) second = json_from_string (unexplained, NULL);
  g_autofree char *text = NULL;
  g_autofree char *other = NULL;
  const char *orphans, *verdict;

  g_assert_nonnull (first);
  g_assert_nonnull (second);
  text = vigil_snapshot_explain (first, NULL);
  g_test_message ("%s", text);
  orphans = strstr (text, "LEAK: DeviceOpened leaves 1 UDP socket to :3956 per session, 45 of 45 sessions");
  verdict = strstr (text, "Verdict: LEAK");
  g_assert_nonnull (orphans);
  g_assert_nonnull (verdict);
  g_assert_true (orphans < verdict);
  g_assert_nonnull (strstr (text, "e.g. UDP 127.0.0.1:41234 → 127.0.0.1:3956 (OS handle 142), sessions 3–47"));
  g_assert_nonnull (strstr (text, "Time to fd exhaustion: about 20 minutes"));
  g_assert_null (strstr (text, "Growth not attributed"));

  other = vigil_snapshot_explain (second, NULL);
  g_test_message ("%s", other);
  g_assert_nonnull (strstr (other, "Growth not attributed to any phase: 1 fds and 0 threads appeared outside every phase:"));
  g_assert_nonnull (strstr (other, "  pipe:[77], between 22:13:20Z and 22:13:21Z, between sessions"));
}

static void
test_snapshot_names (void)
{
  g_autofree char *name = vigil_snapshot_default_name ();
  g_autofree char *dir = vigil_snapshot_default_dir ();
  g_autofree char *expected_dir = g_build_filename (g_get_user_state_dir (), "vigil", "snapshots", NULL);
  gboolean matches = g_regex_match_simple ("^vigil-snapshot-[A-Za-z0-9._-]+-[0-9]{8}T[0-9]{6}Z\\.json$",
                                           name, 0, 0);

  g_test_message ("default name %s", name);
  g_assert_true (matches);
  g_assert_cmpstr (dir, ==, expected_dir);
}

/* Sessions past the ledger's bounds are in "sessions_dropped", and the
 * explanation counts their unpaired resources with the others. */
static void
test_snapshot_dropped (Fixture       *fixture,
                       gconstpointer  data)
{
  VigilLedger *ledger = vigil_diagnostics_get_ledger (fixture->diagnostics);
  VigilSnapshotSource source = { .diagnostics = fixture->diagnostics };
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonObject *dropped, *event, *entry;
  JsonArray *unpaired;

  vigil_ledger_set_max_ended_sessions (ledger, 2);
  vigil_ledger_set_max_unpaired_sessions (ledger, 4);
  for (guint i = 0; i < 30; i++)
    {
      guint64 session = vigil_ledger_begin_session (ledger, "127.0.0.1");

      vigil_ledger_set_phase (ledger, session, VIGIL_PHASE_CALLBACK_REGISTERED);
      vigil_ledger_record_create (ledger, session, VIGIL_RESOURCE_EVENT, "leak-demo eventfd", "session",
                                  VIGIL_ACTION_CREATE, VIGIL_ACTION_CLOSE, -1, NULL);
      vigil_ledger_end_session (ledger, session);
    }

  document = build_and_reparse (&source, NULL);
  dropped = member_object (json_node_get_object (document), "sessions_dropped");
  g_assert_cmpint (json_object_get_int_member (dropped, "max_ended_kept"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (dropped, "max_unpaired_kept"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (dropped, "sessions"), ==, 27);
  g_assert_cmpint (json_object_get_int_member (dropped, "unpaired_sessions"), ==, 27);
  g_assert_cmpint (json_object_get_int_member (dropped, "unpaired_resources"), ==, 27);
  event = member_object (member_object (dropped, "kinds"), "Event");
  g_assert_cmpint (json_object_get_int_member (event, "created"), ==, 27);
  g_assert_cmpint (json_object_get_int_member (event, "closed"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (event, "unpaired"), ==, 27);
  unpaired = json_object_get_array_member (dropped, "unpaired");
  g_assert_cmpuint (json_array_get_length (unpaired), ==, 1);
  entry = json_array_get_object_element (unpaired, 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "kind"), ==, "Event");
  g_assert_cmpstr (json_object_get_string_member (entry, "create_phase"), ==, "CallbackRegistered");
  g_assert_cmpint (json_object_get_int_member (entry, "count"), ==, 27);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (document),
                                                                         "sessions")), ==, 5);

  text = vigil_snapshot_explain (document, &error);
  g_assert_no_error (error);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "Unpaired resources: 31, by phase and kind:"));
  g_assert_nonnull (strstr (text, "created in CallbackRegistered, Event: 31"));
  g_assert_nonnull (strstr (text, "27 in older sessions, counted only"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/vigil/snapshot/fields", Fixture, NULL, fixture_setup, test_snapshot_fields, fixture_teardown);
  g_test_add ("/vigil/snapshot/minimal", Fixture, NULL, fixture_setup, test_snapshot_minimal, fixture_teardown);
  g_test_add ("/vigil/snapshot/stream-stats", Fixture, NULL, fixture_setup, test_snapshot_stream_stats, fixture_teardown);
  g_test_add ("/vigil/snapshot/non-utf8", Fixture, NULL, fixture_setup, test_snapshot_non_utf8, fixture_teardown);
  g_test_add ("/vigil/snapshot/write", Fixture, NULL, fixture_setup, test_snapshot_write, fixture_teardown);
  g_test_add ("/vigil/snapshot/write-fault", Fixture, NULL, fixture_setup, test_snapshot_write_fault, fixture_teardown);
  g_test_add ("/vigil/snapshot/write-errors", Fixture, NULL, fixture_setup, test_snapshot_write_errors, fixture_teardown);
  g_test_add ("/vigil/snapshot/write-async", Fixture, NULL, fixture_setup, test_snapshot_write_async, fixture_teardown);
  g_test_add ("/vigil/snapshot/explain", Fixture, NULL, fixture_setup, test_snapshot_explain, fixture_teardown);
  g_test_add ("/vigil/snapshot/dropped", Fixture, NULL, fixture_setup, test_snapshot_dropped, fixture_teardown);
  g_test_add ("/vigil/snapshot/orphans", Fixture, NULL, fixture_setup, test_snapshot_orphans, fixture_teardown);
  g_test_add_func ("/vigil/snapshot/explain-orphans", test_snapshot_explain_orphans);
  g_test_add_func ("/vigil/snapshot/names", test_snapshot_names);

  return g_test_run ();
}
