/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-features-editor"

#include "config.h"

#include <inttypes.h>
#include <math.h>

#include <glib/gi18n.h>

#include "vigil-feature-client.h"
#include "vigil-features-window-private.h"

/* The details pane of the Features view: what the XML and the newest read
 * say about the selected feature, and an editor by its type.  An edit is
 * written on the session worker; the features the XML says it invalidates
 * are read again with it; a refusal shows the camera's words and the
 * value it kept. */

#define EDITOR_NAME "vigil-feature-name"

static const char *
yes_no (gboolean value)
{
  return value ? _("yes") : _("no");
}

static char *
describe (const VigilFeatureNode  *node,
          const VigilFeatureValue *value)
{
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, _("Name: %s\n"), node->name);
  g_string_append_printf (text, _("Type: %s\n"), _(vigil_feature_kind_to_string (node->kind)));
  g_string_append_printf (text, _("Visibility: %s\n"), _(vigil_feature_visibility_to_string (node->visibility)));
  g_string_append_printf (text, _("Access: %s\n"), _(vigil_feature_access_to_string (node->access)));
  if (node->unit != NULL)
    g_string_append_printf (text, _("Unit: %s\n"), node->unit);
  if (node->representation == VIGIL_FEATURE_REPRESENTATION_HEX_NUMBER)
    g_string_append (text, _("Shown as a hexadecimal number\n"));
  else if (node->representation == VIGIL_FEATURE_REPRESENTATION_LOGARITHMIC)
    g_string_append (text, _("Shown on a logarithmic scale\n"));
  if (node->polling_ms > 0)
    g_string_append_printf (text, _("Read again every %u ms while shown\n"), node->polling_ms);
  if (value != NULL && value->text != NULL && node->kind == VIGIL_FEATURE_KIND_INTEGER)
    g_string_append_printf (text, _("Range: %" PRId64 " to %" PRId64 ", increment %" PRId64 "\n"),
                            value->int_min, value->int_max, value->int_inc);
  else if (value != NULL && value->text != NULL && node->kind == VIGIL_FEATURE_KIND_FLOAT)
    g_string_append_printf (text, _("Range: %g to %g\n"), value->float_min, value->float_max);
  if (value != NULL)
    g_string_append_printf (text, _("Available: %s · Implemented: %s · Locked: %s\n"),
                            yes_no (value->available), yes_no (value->implemented), yes_no (value->locked));
  g_string_append_printf (text, _("Streamable: %s\n"), yes_no (node->streamable));
  if (node->description != NULL)
    g_string_append_printf (text, "\n%s\n", node->description);
  if (node->tooltip != NULL && g_strcmp0 (node->tooltip, node->description) != 0)
    g_string_append_printf (text, "\n%s\n", node->tooltip);
  return g_string_free (text, FALSE);
}

/* Why the feature cannot be edited now; %NULL when it can. */
static const char *
reason (const VigilFeatureNode  *node,
        const VigilFeatureValue *value)
{
  if (value == NULL)
    return _("Reading the value…");
  if (value->text == NULL)
    return value->error;
  if (node->kind == VIGIL_FEATURE_KIND_OTHER)
    return _("Vigil does not edit this kind of node.");
  if (!value->implemented)
    return _("Not implemented by this camera.");
  if (!value->available)
    return _("Not available now.");
  if (value->locked)
    return _("Locked while acquiring.");
  if (!value->writable)
    return _("Read only.");
  return NULL;
}

static const char *
editor_feature (GtkWidget *widget)
{
  return g_object_get_data (G_OBJECT (widget), EDITOR_NAME);
}

static void
on_spin_changed (GtkSpinButton       *spin,
                 VigilFeaturesWindow *self)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  double v = gtk_spin_button_get_value (spin);

  if (self->updating)
    return;
  if (gtk_spin_button_get_digits (spin) == 0)
    g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT, (gint64) llround (v));
  else
    g_ascii_formatd (buffer, sizeof buffer, "%.10g", v);
  vigil_features_window_write (self, editor_feature (GTK_WIDGET (spin)), buffer);
}

static void
on_entry_activate (GtkEntry            *entry,
                   VigilFeaturesWindow *self)
{
  if (!self->updating)
    vigil_features_window_write (self, editor_feature (GTK_WIDGET (entry)),
                                 gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_set_clicked (GtkButton           *button,
                VigilFeaturesWindow *self)
{
  GtkWidget *editor = gtk_widget_get_prev_sibling (GTK_WIDGET (button));

  if (GTK_IS_ENTRY (editor))
    on_entry_activate (GTK_ENTRY (editor), self);
}

static void
on_dropdown_selected (GtkDropDown         *dropdown,
                      GParamSpec          *pspec,
                      VigilFeaturesWindow *self)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (dropdown);

  if (!self->updating && item != NULL)
    vigil_features_window_write (self, editor_feature (GTK_WIDGET (dropdown)), gtk_string_object_get_string (item));
}

static gboolean
on_switch_state (GtkSwitch           *toggle,
                 gboolean             state,
                 VigilFeaturesWindow *self)
{
  if (!self->updating)
    vigil_features_window_write (self, editor_feature (GTK_WIDGET (toggle)), state ? "true" : "false");
  return FALSE;
}

static void
on_execute_clicked (GtkButton           *button,
                    VigilFeaturesWindow *self)
{
  vigil_features_window_write (self, editor_feature (GTK_WIDGET (button)), "");
}

/* A float on a slider, logarithmic when the XML says so and the range
 * allows (positive minimum). */
static void
on_scale_value (GtkRange            *range,
                VigilFeaturesWindow *self)
{
  GtkSpinButton *spin = g_object_get_data (G_OBJECT (range), "vigil-spin");
  gboolean log_scale = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (range), "vigil-log"));
  double v = gtk_range_get_value (range);

  if (self->updating)
    return;
  gtk_spin_button_set_value (spin, log_scale ? pow (10, v) : v);
}

static GtkWidget *
number_editor (VigilFeaturesWindow     *self,
               const VigilFeatureNode  *node,
               const VigilFeatureValue *value)
{
  gboolean is_float = node->kind == VIGIL_FEATURE_KIND_FLOAT;
  double min = is_float ? value->float_min : (double) value->int_min;
  double max = is_float ? value->float_max : (double) value->int_max;
  double step = is_float ? (value->float_inc > 0 ? value->float_inc : (max - min) / 1000) : (double) value->int_inc;
  GtkWidget *spin = gtk_spin_button_new_with_range (min, max > min ? max : min + 1, step > 0 ? step : 1);

  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), is_float ? 3 : 0);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), is_float ? value->float_value : (double) value->int_value);
  gtk_widget_set_hexpand (spin, TRUE);
  /* GTK 4.8's spin button has no "activate": every value it takes (typed
   * and confirmed, or stepped) is written. */
  g_signal_connect (spin, "value-changed", G_CALLBACK (on_spin_changed), self);
  if (is_float && isfinite (min) && isfinite (max) && max > min)
    {
      gboolean log_scale = node->representation == VIGIL_FEATURE_REPRESENTATION_LOGARITHMIC && min > 0;
      GtkWidget *scale = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL,
                                                   log_scale ? log10 (min) : min,
                                                   log_scale ? log10 (max) : max, (max - min) / 1000);

      gtk_range_set_value (GTK_RANGE (scale), log_scale ? log10 (value->float_value) : value->float_value);
      gtk_widget_set_size_request (scale, 160, -1);
      g_object_set_data (G_OBJECT (scale), "vigil-spin", spin);
      g_object_set_data (G_OBJECT (scale), "vigil-log", GINT_TO_POINTER (log_scale));
      g_signal_connect (scale, "value-changed", G_CALLBACK (on_scale_value), self);
      gtk_box_append (self->editor_box, scale);
    }
  return spin;
}

static GtkWidget *
enumeration_editor (VigilFeaturesWindow     *self,
                    const VigilFeatureNode  *node,
                    const VigilFeatureValue *value)
{
  const char * const *entries = (const char * const *) (value->available_entries ? value->available_entries : node->entries);
  GtkWidget *dropdown = gtk_drop_down_new_from_strings (entries);

  for (guint i = 0; entries[i] != NULL; i++)
    if (g_strcmp0 (entries[i], value->text) == 0)
      gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), i);
  g_signal_connect (dropdown, "notify::selected", G_CALLBACK (on_dropdown_selected), self);
  return dropdown;
}

static GtkWidget *
text_editor (VigilFeaturesWindow     *self,
             const VigilFeatureValue *value)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_editable_set_text (GTK_EDITABLE (entry), value->text);
  if (value->max_length > 0 && value->max_length < G_MAXINT)
    gtk_entry_set_max_length (GTK_ENTRY (entry), (int) value->max_length);
  gtk_widget_set_hexpand (entry, TRUE);
  g_signal_connect (entry, "activate", G_CALLBACK (on_entry_activate), self);
  return entry;
}

static GtkWidget *
make_editor (VigilFeaturesWindow     *self,
             const VigilFeatureNode  *node,
             const VigilFeatureValue *value)
{
  GtkWidget *editor;

  switch (node->kind)
    {
    case VIGIL_FEATURE_KIND_INTEGER:
      if (node->representation == VIGIL_FEATURE_REPRESENTATION_HEX_NUMBER)
        return text_editor (self, value);
      return number_editor (self, node, value);
    case VIGIL_FEATURE_KIND_FLOAT:
      return number_editor (self, node, value);
    case VIGIL_FEATURE_KIND_ENUMERATION:
      return enumeration_editor (self, node, value);
    case VIGIL_FEATURE_KIND_BOOLEAN:
      editor = gtk_switch_new ();
      gtk_switch_set_active (GTK_SWITCH (editor), value->bool_value);
      g_signal_connect (editor, "state-set", G_CALLBACK (on_switch_state), self);
      return editor;
    case VIGIL_FEATURE_KIND_STRING:
      return text_editor (self, value);
    case VIGIL_FEATURE_KIND_COMMAND:
      editor = gtk_button_new_with_label (_("Execute"));
      gtk_widget_add_css_class (editor, "suggested-action");
      g_signal_connect (editor, "clicked", G_CALLBACK (on_execute_clicked), self);
      return editor;
    case VIGIL_FEATURE_KIND_CATEGORY:
    case VIGIL_FEATURE_KIND_OTHER:
    default:
      return NULL;
    }
}

static void
clear_editor (VigilFeaturesWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->editor_box))) != NULL)
    gtk_box_remove (self->editor_box, child);
}

static void
fill_editor (VigilFeaturesWindow     *self,
             const VigilFeatureNode  *node,
             const VigilFeatureValue *value,
             const char              *why)
{
  GtkWidget *editor = value && value->text ? make_editor (self, node, value) : NULL;

  if (editor == NULL)
    return;
  g_object_set_data_full (G_OBJECT (editor), EDITOR_NAME, g_strdup (node->name), g_free);
  gtk_widget_set_sensitive (editor, why == NULL);
  gtk_box_prepend (self->editor_box, editor);
  if (GTK_IS_ENTRY (editor))
    {
      GtkWidget *set = gtk_button_new_with_label (_("Set"));

      gtk_widget_set_sensitive (set, why == NULL);
      g_signal_connect (set, "clicked", G_CALLBACK (on_set_clicked), self);
      gtk_box_insert_child_after (self->editor_box, set, editor);
    }
  if (node->unit != NULL)
    gtk_box_append (self->editor_box, gtk_label_new (node->unit));
}

/* Fills the pane for the selected row (and again whenever its value was
 * read anew). */
void
vigil_features_window_show_details (VigilFeaturesWindow *self)
{
  VigilFeatureNode *node = self->selected ? vigil_feature_row_get_node (self->selected) : NULL;
  const VigilFeatureValue *value = self->selected ? vigil_feature_row_get_value (self->selected) : NULL;
  g_autofree char *details = NULL;
  const char *why;

  self->updating = TRUE;
  clear_editor (self);
  if (node == NULL || vigil_feature_node_is_category (node))
    {
      gtk_label_set_label (self->title_label, node ? node->display_name : _("Select a feature"));
      gtk_label_set_label (self->details_label, node && node->description ? node->description : "");
      gtk_widget_set_visible (GTK_WIDGET (self->reason_label), FALSE);
      self->updating = FALSE;
      return;
    }
  gtk_label_set_label (self->title_label, node->display_name);
  why = reason (node, value);
  fill_editor (self, node, value, why);
  gtk_label_set_label (self->reason_label, why ? why : "");
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), why != NULL);
  details = describe (node, value);
  gtk_label_set_label (self->details_label, details);
  self->updating = FALSE;
}

typedef struct
{
  VigilFeaturesWindow *self;
  char                *name;
} Write;

static void
write_free (Write *write)
{
  g_object_unref (write->self);
  g_free (write->name);
  g_free (write);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Write, write_free)

static void
show_refusal (VigilFeaturesWindow     *self,
              const VigilFeatureValue *written)
{
  g_autofree char *text = NULL;

  if (written == NULL || written->refusal == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->refusal_label), FALSE);
      return;
    }
  /* Translators: the camera's words, then the value it kept. */
  text = written->text ? g_strdup_printf (_("%s — the camera kept %s"), written->refusal, written->text)
                       : g_strdup (written->refusal);
  gtk_label_set_label (self->refusal_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->refusal_label), TRUE);
}

static void
on_write_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Write) write = user_data;
  VigilFeaturesWindow *self = write->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) values = vigil_feature_client_write_finish (result, &error);

  if (self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;
  self->writes--;
  if (values == NULL)
    {
      gtk_label_set_label (self->refusal_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->refusal_label), TRUE);
      return;
    }
  vigil_features_window_apply_values (self, values);
  if (self->selected != NULL && g_strcmp0 (vigil_feature_row_get_node (self->selected)->name, write->name) == 0)
    {
      vigil_features_window_show_details (self);
      show_refusal (self, values->pdata[0]);
      if (vigil_feature_row_get_node (self->selected)->kind == VIGIL_FEATURE_KIND_COMMAND &&
          ((VigilFeatureValue *) values->pdata[0])->refusal == NULL)
        {
          gtk_label_set_label (self->reason_label, _("Done."));
          gtk_widget_set_visible (GTK_WIDGET (self->reason_label), TRUE);
        }
    }
}

/* Writes @text to feature @name and reads it back, with the features the
 * XML says it invalidates. */
void
vigil_features_window_write (VigilFeaturesWindow *self,
                             const char          *name,
                             const char          *text)
{
  g_autoptr(GPtrArray) reread = NULL;
  Write *write;

  if (self->model == NULL || name == NULL)
    return;
  reread = vigil_feature_tree_dup_invalidated (vigil_feature_model_get_tree (self->model), name);
  g_ptr_array_add (reread, NULL);
  write = g_new0 (Write, 1);
  write->self = g_object_ref (self);
  write->name = g_strdup (name);
  self->writes++;
  gtk_label_set_label (self->reason_label, _("Writing…"));
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), TRUE);
  vigil_feature_client_write_async (self->supervisor, name, text, (const char * const *) reread->pdata,
                                    NULL, on_write_done, write);
}
