/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-snapshot-summary"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "vigil-json.h"
#include "vigil-snapshot-summary.h"
#include "vigil-snapshot.h"
#include "vigil-utf8.h"

/* The snapshot window's verdict, details and fds pages: the verdict and its
 * reasons, what could not be shown, the process figures, the faults that
 * fired, the camera and the settings, the explanation in words, and the
 * fd list.  Read from the document, never from this process. */

#define MAX_FDS_LISTED 65536
#define MAX_LINES 200

/* Returns: (transfer full): "PASS", "WATCH", "LEAK" or "Warming up" */
char *
vigil_snapshot_summary_dup_status (JsonObject *root)
{
  JsonObject *verdict = vigil_json_get_object (root, "verdict");
  const char *status = vigil_json_get_string (verdict, "status", NULL);

  if (verdict == NULL || status == NULL)
    return g_strdup (_("No verdict"));
  if (vigil_json_get_object (verdict, "baseline") == NULL &&
      g_strcmp0 (vigil_json_get_string (verdict, "raised_by", NULL), "orphans") != 0)
    return g_strdup (_("Warming up"));
  return vigil_utf8_sanitize_bounded (status, -1, 16);
}

/* Unpaired resources by kind and the phase that created them. */
static void
append_unpaired (GString    *text,
                 JsonObject *root)
{
  JsonArray *sessions = vigil_json_get_array (root, "sessions");
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GList) groups = NULL;

  for (guint s = 0; sessions != NULL && s < json_array_get_length (sessions); s++)
    {
      JsonArray *unpaired = vigil_json_get_array (vigil_json_element_object (sessions, s), "unpaired");

      for (guint i = 0; unpaired != NULL && i < json_array_get_length (unpaired) && g_hash_table_size (counts) < 32;
           i++)
        {
          JsonObject *item = vigil_json_element_object (unpaired, i);
          g_autofree char *raw = g_strdup_printf ("%s/%s", vigil_json_get_string (item, "kind", "?"),
                                                  vigil_json_get_string (item, "create_phase", "?"));
          char *group = vigil_utf8_sanitize_bounded (raw, -1, VIGIL_UTF8_NAME_MAX);

          g_hash_table_insert (counts, group, GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (counts, group)) + 1));
        }
    }
  groups = g_list_sort (g_hash_table_get_keys (counts), (GCompareFunc) g_strcmp0);
  for (GList *l = groups; l != NULL; l = l->next)
    {
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, l->data));

      /* Translators: "Unpaired Event/CallbackRegistered: 10 left open by ended sessions" */
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "Unpaired %s: %u left open by ended sessions\n",
                                                 "Unpaired %s: %u left open by ended sessions\n", n),
                              (const char *) l->data, n);
    }
}

/* Returns: (transfer full): why the verdict is what it is, one reason a
 * line: leaking orphan groups, metrics that are not PASS with their
 * slope, the memory word, the unpaired resources */
char *
vigil_snapshot_summary_dup_reasons (JsonObject *root)
{
  g_autoptr(GString) text = g_string_new (NULL);
  JsonObject *verdict = vigil_json_get_object (root, "verdict");
  JsonObject *metrics = vigil_json_get_object (verdict, "metrics");
  JsonArray *groups = vigil_json_get_array (vigil_json_get_object (root, "orphans"), "groups");
  g_autoptr(GList) names = metrics != NULL ? json_object_get_members (metrics) : NULL;
  const char *memory = vigil_json_get_string (vigil_json_get_object (verdict, "memory"), "reason", NULL);

  for (guint i = 0; groups != NULL && i < json_array_get_length (groups) && i < 8; i++)
    {
      JsonObject *group = vigil_json_element_object (groups, i);
      g_autofree char *line = NULL;

      if (!vigil_json_get_bool (group, "leak"))
        continue;
      line = vigil_utf8_sanitize_bounded (vigil_json_get_string (group, "text", "?"), -1, VIGIL_UTF8_MESSAGE_MAX);
      /* Translators: "Orphans: DeviceOpened leaves 1 UDP socket to :3956 per session, 12 of 12 sessions" */
      g_string_append_printf (text, _("Orphans: %s\n"), line);
    }
  guint n = 0;

  for (GList *l = names; l != NULL && n++ < 16; l = l->next)
    {
      JsonObject *metric = vigil_json_get_object (metrics, l->data);
      const char *status = vigil_json_get_string (metric, "status", "PASS");
      g_autofree char *name = vigil_utf8_sanitize_bounded (l->data, -1, 64);
      g_autofree char *word = vigil_utf8_sanitize_bounded (status, -1, 16);
      gdouble slope = 0;

      if (g_strcmp0 (status, "PASS") == 0)
        continue;
      vigil_json_get_number (metric, "theil_sen", &slope);
      /* Translators: a metric name, its verdict and its robust slope. */
      g_string_append_printf (text, _("%s %s (%+.3g per reconnect)"), name, word, slope);
      g_string_append_c (text, '\n');
    }
  if (memory != NULL && *memory != '\0')
    {
      g_autofree char *line = vigil_utf8_sanitize_bounded (memory, -1, VIGIL_UTF8_MESSAGE_MAX);

      g_string_append_printf (text, "%s\n", line);
    }
  append_unpaired (text, root);
  if (text->len == 0)
    g_string_append (text, _("Nothing grows and no session left a resource open"));
  else
    g_string_truncate (text, text->len - 1);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GtkWidget *
heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 8);
  return label;
}

static GtkWidget *
body (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  return label;
}

static GtkWidget *
verdict_box (JsonObject *root)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *icon;
  GtkWidget *status_label;
  GtkWidget *detail;
  g_autofree char *status = vigil_snapshot_summary_dup_status (root);
  g_autofree char *reasons = vigil_snapshot_summary_dup_reasons (root);
  const char *icon_name = "content-loading-symbolic";
  const char *css = "dim-label";

  if (g_strcmp0 (status, "LEAK") == 0)
    icon_name = "dialog-error-symbolic", css = "error";
  else if (g_strcmp0 (status, "WATCH") == 0)
    icon_name = "dialog-warning-symbolic", css = "warning";
  else if (g_strcmp0 (status, "PASS") == 0)
    icon_name = "emblem-ok-symbolic", css = "success";
  icon = gtk_image_new_from_icon_name (icon_name);
  gtk_image_set_pixel_size (GTK_IMAGE (icon), 32);
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, status, -1);
  status_label = gtk_label_new (status);
  gtk_widget_set_valign (status_label, GTK_ALIGN_START);
  gtk_widget_add_css_class (status_label, "verdict-status");
  /* One reason a line, each cut to the width (a wrapped label here makes
   * GTK 4.8 measure the box inconsistently); the whole text as tooltip. */
  detail = gtk_label_new (reasons);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_widget_set_tooltip_text (detail, reasons);
  gtk_widget_set_hexpand (detail, TRUE);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), status_label);
  gtk_box_append (GTK_BOX (box), detail);
  gtk_widget_add_css_class (box, "verdict");
  gtk_widget_add_css_class (box, css);
  return box;
}

/* What this Vigil could not show: members missing, or unknown to it. */
static char *
not_shown (VigilSnapshotModels *models)
{
  const char * const *missing = vigil_snapshot_models_get_missing (models);
  const char * const *unknown = vigil_snapshot_models_get_unknown (models);
  const char * const *cut = vigil_snapshot_models_get_cut (models);
  g_autoptr(GString) text = g_string_new (NULL);

  if (missing[0] != NULL)
    {
      g_autofree char *list = g_strjoinv (", ", (char **) missing);

      /* Translators: a list of member names of the snapshot document. */
      g_string_append_printf (text, _("Not in this snapshot (an older or damaged one), so not shown: %s."), list);
    }
  if (unknown[0] != NULL)
    {
      g_autofree char *list = g_strjoinv (", ", (char **) unknown);

      if (text->len > 0)
        g_string_append_c (text, ' ');
      /* Translators: a list of member names of the snapshot document. */
      g_string_append_printf (text, _("Written by a newer Vigil; this one cannot show: %s."), list);
    }
  if (cut[0] != NULL)
    {
      g_autofree char *list = g_strjoinv ("; ", (char **) cut);

      if (text->len > 0)
        g_string_append_c (text, ' ');
      /* Translators: a list like "events: the newest 50000 of 80000". */
      g_string_append_printf (text, _("Larger than any snapshot Vigil writes; shown: %s."), list);
    }
  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

static void
append_figure (GString    *text,
               const char *label,
               JsonObject *object,
               const char *member,
               gboolean    bytes)
{
  gint64 value = vigil_json_get_int (object, member, -1);
  g_autofree char *shown = NULL;

  if (value < 0)
    shown = g_strdup (_("unknown"));
  else if (bytes)
    shown = g_format_size_full ((guint64) value, G_FORMAT_SIZE_IEC_UNITS);
  else
    shown = g_strdup_printf ("%" PRId64, value);
  g_string_append_printf (text, "%s: %s\n", label, shown);
}

static char *
process_text (JsonObject *root)
{
  JsonObject *process = vigil_json_get_object (root, "process");
  JsonObject *by_kind = vigil_json_get_object (process, "fds_by_kind");
  JsonObject *supervisor = vigil_json_get_object (root, "supervisor");
  g_autoptr(GList) kinds = by_kind != NULL ? json_object_get_members (by_kind) : NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *state = vigil_snapshot_models_text (supervisor, "state");
  g_autofree char *last_error = vigil_snapshot_models_text (vigil_json_get_object (supervisor, "last_error"), "message");

  g_string_append_printf (text, _("Camera state: %s\n"), state != NULL ? state : _("unknown"));
  append_figure (text, _("Reconnects"), supervisor, "reconnects", FALSE);
  if (last_error != NULL)
    g_string_append_printf (text, _("Last error: %s\n"), last_error);
  append_figure (text, _("Open fds"), process, "open_fds", FALSE);
  guint n = 0;

  for (GList *l = kinds; l != NULL && n++ < 16; l = l->next)
    {
      g_autofree char *kind = vigil_utf8_sanitize_bounded (l->data, -1, 32);
      g_autofree char *label = g_strdup_printf ("  %s", kind);

      append_figure (text, label, by_kind, l->data, FALSE);
    }
  append_figure (text, _("fd soft limit"), process, "fd_soft_limit", FALSE);
  append_figure (text, _("Threads"), process, "threads", FALSE);
  append_figure (text, _("Private memory"), process, "private_bytes", TRUE);
  append_figure (text, _("Resident memory"), process, "rss_bytes", TRUE);
  g_string_truncate (text, text->len - 1);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
faults_text (JsonObject *root)
{
  JsonObject *faults = vigil_json_get_object (root, "faults");
  JsonArray *points = vigil_json_get_array (faults, "points");
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append (text, vigil_json_get_bool (faults, "leak_demo") ? _("Leak demonstration: on")
                                                                    : _("Leak demonstration: off"));
  for (guint i = 0; points != NULL && i < json_array_get_length (points) && i < MAX_LINES; i++)
    {
      JsonObject *point = vigil_json_element_object (points, i);
      g_autofree char *name = vigil_snapshot_models_text (point, "point");
      g_autofree char *mode = vigil_snapshot_models_text (point, "mode");

      /* Translators: a fault point, its mode, how often it fired and was reached. */
      g_string_append_printf (text, _("\n%s (%s): fired %" PRId64 " of %" PRId64 " times reached"),
                              name != NULL ? name : "?", mode != NULL ? mode : "?",
                              vigil_json_get_int (point, "fired", 0), vigil_json_get_int (point, "hits", 0));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Every scalar member of @object as "name: value" lines (strings bounded,
 * nested objects and arrays left out). */
static void
append_members (GString    *text,
                JsonObject *object)
{
  g_autoptr(GList) names = object != NULL ? json_object_get_members (object) : NULL;
  guint n = 0;

  for (GList *l = names; l != NULL && n++ < MAX_LINES; l = l->next)
    {
      JsonNode *node = json_object_get_member (object, l->data);
      g_autofree char *name = vigil_utf8_sanitize_bounded (l->data, -1, 64);
      g_autofree char *value = NULL;

      if (!JSON_NODE_HOLDS_VALUE (node) && !JSON_NODE_HOLDS_NULL (node))
        continue;
      if (JSON_NODE_HOLDS_NULL (node))
        value = g_strdup ("—");
      else if (json_node_get_value_type (node) == G_TYPE_STRING)
        value = vigil_utf8_sanitize_bounded (json_node_get_string (node), -1, VIGIL_UTF8_NAME_MAX);
      else
        {
          g_autoptr(JsonGenerator) generator = json_generator_new ();

          json_generator_set_root (generator, node);
          value = json_generator_to_data (generator, NULL);
        }
      g_string_append_printf (text, "%s: %s\n", name, value);
    }
}

static char *
camera_text (JsonObject *root)
{
  g_autoptr(GString) text = g_string_new (NULL);
  JsonObject *camera = vigil_json_get_object (root, "camera");

  append_members (text, camera);
  if (vigil_json_get_object (camera, "stream") != NULL)
    {
      g_string_append_printf (text, "%s\n", _("Stream:"));
      append_members (text, vigil_json_get_object (camera, "stream"));
    }
  g_string_append_printf (text, "%s\n", _("Settings:"));
  append_members (text, vigil_json_get_object (root, "settings"));
  g_string_truncate (text, text->len > 0 ? text->len - 1 : 0);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
add_section (GtkBox     *box,
             const char *title,
             const char *text)
{
  GtkWidget *label = body (text);

  gtk_box_append (box, heading (title));
  gtk_box_append (box, label);
}

/**
 * vigil_snapshot_verdict_new:
 *
 * Returns: (transfer floating): the verdict and its reasons, and what
 *   this snapshot could not show
 */
GtkWidget *
vigil_snapshot_verdict_new (VigilSnapshotModels *models)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  g_autofree char *missing = not_shown (models);

  gtk_box_append (GTK_BOX (box), verdict_box (vigil_snapshot_models_get_root (models)));
  if (missing != NULL)
    {
      GtkWidget *label = body (missing);

      gtk_widget_add_css_class (label, "warning");
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 8);
  gtk_widget_set_margin_top (box, 8);
  return box;
}

/**
 * vigil_snapshot_details_new:
 *
 * Returns: (transfer floating): the process figures, the faults, the
 *   camera and settings, and the explanation in words
 */
GtkWidget *
vigil_snapshot_details_new (VigilSnapshotModels *models)
{
  JsonObject *root = vigil_snapshot_models_get_root (models);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  g_autofree char *process = process_text (root);
  g_autofree char *faults = faults_text (root);
  g_autofree char *camera = camera_text (root);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_node_alloc ();
  g_autofree char *explanation = NULL;

  json_node_init_object (node, root);
  explanation = vigil_snapshot_explain (node, &error);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  add_section (GTK_BOX (box), _("Process"), process);
  add_section (GTK_BOX (box), _("Faults"), faults);
  add_section (GTK_BOX (box), _("Camera and settings"), camera);
  add_section (GTK_BOX (box), _("Explanation"), explanation != NULL ? explanation : error->message);
  gtk_widget_add_css_class (gtk_widget_get_last_child (box), "monospace");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  return scrolled;
}

static void
setup_fd (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "monospace");
  gtk_list_item_set_child (list_item, label);
}

static void
bind_fd (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         gpointer                  user_data)
{
  GtkStringObject *item = gtk_list_item_get_item (list_item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)), gtk_string_object_get_string (item));
}

/**
 * vigil_snapshot_process_new:
 *
 * Returns: (transfer floating): the fd list of the snapshot's process,
 *   one "fd kind target" a line
 */
GtkWidget *
vigil_snapshot_process_new (JsonObject *root)
{
  JsonArray *fds = vigil_json_get_array (vigil_json_get_object (root, "process"), "fds");
  GtkStringList *lines = gtk_string_list_new (NULL);
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view;

  for (guint i = 0; fds != NULL && i < json_array_get_length (fds) && i < MAX_FDS_LISTED; i++)
    {
      JsonObject *fd = vigil_json_element_object (fds, i);
      g_autofree char *kind = vigil_snapshot_models_text (fd, "kind");
      g_autofree char *target = vigil_snapshot_models_text (fd, "target");
      g_autofree char *line = g_strdup_printf ("%6" PRId64 "  %-8s  %s", vigil_json_get_int (fd, "fd", -1),
                                               kind != NULL ? kind : "?", target != NULL ? target : "?");

      gtk_string_list_append (lines, line);
    }
  if (g_list_model_get_n_items (G_LIST_MODEL (lines)) == 0)
    gtk_string_list_append (lines, _("This snapshot lists no fds"));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_fd), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_fd), NULL);
  view = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (lines))), factory);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Open file descriptors"),
                                  -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_widget_set_vexpand (scrolled, TRUE);
  return scrolled;
}
