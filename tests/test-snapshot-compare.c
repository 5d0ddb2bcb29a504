/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "vigil-error.h"
#include "vigil-snapshot-compare.h"

/* Two snapshots of one host, before and after leaking reconnects: the
 * difference names the new unpaired resources and orphans by kind and
 * phase, and the figures that moved. */

/* A document with @n_leaked sessions (ids 1…) that each left an Event
 * from CallbackRegistered open, and one orphan UDP socket in session 1. */
static JsonObject *
document (const char *host,
          gint64      created_us,
          guint       n_leaked,
          gint64      eventfds,
          gint64      reconnects)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_string_append_printf (text, "{\"schema\": \"vigil-snapshot/1\", \"created_us\": %" G_GINT64_FORMAT ","
                          " \"host\": {\"hostname\": \"%s\"},"
                          " \"process\": {\"open_fds\": %" G_GINT64_FORMAT ", \"threads\": 9, \"private_bytes\": 1000,"
                          " \"fds_by_kind\": {\"socket\": 4, \"eventfd\": %" G_GINT64_FORMAT "}},"
                          " \"supervisor\": {\"reconnects\": %" G_GINT64_FORMAT "}, \"sessions\": [",
                          created_us, host, 4 + eventfds, eventfds, reconnects);
  for (guint s = 1; s <= n_leaked; s++)
    g_string_append_printf (text, "%s{\"id\": %u, \"state\": \"ended\", \"unpaired\": [{\"id\": %u, \"kind\": \"Event\","
                            " \"create_phase\": \"CallbackRegistered\"}], \"orphans\": [%s]}",
                            s > 1 ? ", " : "", s, 100 + s,
                            s == 1 ? "{\"phase\": \"DeviceOpened\", \"what\": \"UDP socket to :3956\", \"fd\": 9}" : "");
  g_string_append (text, "]}");
  json_parser_load_from_data (parser, text->str, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_leaking_reconnects (void)
{
  g_autoptr(JsonObject) before = document ("lab-pc", 1000, 2, 3, 5);
  g_autoptr(JsonObject) after = document ("lab-pc", 2000, 12, 13, 15);
  g_autoptr(VigilSnapshotDiff) diff = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const VigilSnapshotChange *change;

  /* Given in either order, the earlier is "before". */
  diff = vigil_snapshot_compare (after, before, &error);
  g_assert_no_error (error);
  g_assert_cmpint (diff->before_us, ==, 1000);

  change = vigil_snapshot_diff_find (diff, "unpaired Event/CallbackRegistered");
  g_assert_nonnull (change);
  g_assert_cmpint (change->before, ==, 2);
  g_assert_cmpint (change->after, ==, 12);
  g_assert_cmpint (change->added, ==, 10);
  change = vigil_snapshot_diff_find (diff, "fds_by_kind.eventfd");
  g_assert_cmpint (change->added, ==, 10);
  g_assert_cmpint (vigil_snapshot_diff_find (diff, "open_fds")->added, ==, 10);
  g_assert_cmpint (vigil_snapshot_diff_find (diff, "reconnects")->added, ==, 10);
  g_assert_cmpint (vigil_snapshot_diff_find (diff, "threads")->added, ==, 0);
  /* The same orphan in both: not new. */
  change = vigil_snapshot_diff_find (diff, "orphans UDP socket to :3956/DeviceOpened");
  g_assert_cmpint (change->before, ==, 1);
  g_assert_cmpint (change->after, ==, 1);
  g_assert_cmpint (change->added, ==, 0);
  /* A figure one document lacks is unknown, not zero. */
  g_assert_cmpint (vigil_snapshot_diff_find (diff, "fds_by_kind.pipe")->before, ==, -1);

  text = vigil_snapshot_diff_describe (diff);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "unpaired Event/CallbackRegistered: 2 → 12 (+10 new)"));
  g_assert_nonnull (strstr (text, "fds_by_kind.eventfd: 3 → 13 (+10)"));
  g_assert_null (strstr (text, "threads:"));
  g_assert_null (strstr (text, "orphans UDP"));
}

/* What was unpaired before and is gone after (pruned, or the fix) counts
 * down; an unpaired resource of a new session with the same count is new. */
static void
test_replaced (void)
{
  g_autoptr(JsonObject) before = document ("lab-pc", 1000, 1, 1, 1);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(VigilSnapshotDiff) diff = NULL;
  g_autoptr(GError) error = NULL;
  const VigilSnapshotChange *change;

  json_parser_load_from_data (parser, "{\"created_us\": 2000, \"host\": {\"hostname\": \"lab-pc\"}, \"sessions\":"
                              " [{\"id\": 7, \"unpaired\": [{\"id\": 70, \"kind\": \"Event\","
                              " \"create_phase\": \"CallbackRegistered\"}]}]}", -1, &error);
  g_assert_no_error (error);
  diff = vigil_snapshot_compare (before, json_node_get_object (json_parser_get_root (parser)), &error);
  g_assert_no_error (error);
  change = vigil_snapshot_diff_find (diff, "unpaired Event/CallbackRegistered");
  g_assert_cmpint (change->before, ==, 1);
  g_assert_cmpint (change->after, ==, 1);
  g_assert_cmpint (change->added, ==, 1);
  change = vigil_snapshot_diff_find (diff, "orphans UDP socket to :3956/DeviceOpened");
  g_assert_cmpint (change->after, ==, 0);
}

static void
test_other_host (void)
{
  g_autoptr(JsonObject) a = document ("lab-pc", 1000, 1, 1, 1);
  g_autoptr(JsonObject) b = document ("line-3", 2000, 1, 1, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSnapshotDiff) diff = vigil_snapshot_compare (a, b, &error);

  g_assert_null (diff);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "different hosts"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vigil/snapshot-compare/leaking-reconnects", test_leaking_reconnects);
  g_test_add_func ("/vigil/snapshot-compare/replaced", test_replaced);
  g_test_add_func ("/vigil/snapshot-compare/other-host", test_other_host);
  return g_test_run ();
}
