/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-camera-chooser"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-camera-chooser.h"
#include "vigil-camera-watch.h"
#include "vigil-utf8.h"

#define LABEL_MAX 48      /* characters of an entry: the dropdown's labels do not ellipsize */

/* The header bar's camera chooser, following the network (issue 19): a
 * VigilCameraWatch repeats discovery off the main thread — every few
 * seconds while the chooser's list is open, at a slower rate otherwise —
 * and the entries follow: "Simulated camera" first, then every camera seen,
 * in the order first seen, a camera that no longer answers marked gone in
 * its place, and offered again when it answers again.  The current camera
 * stays selected through it all.  Main thread. */
struct _VigilCameraChooser
{
  GObject           parent_instance;

  GtkDropDown      *dropdown;       /* (weak): the window owns the widgets */
  GtkStringList    *names;
  GtkWidget        *refresh_button;
  VigilCameraWatch *watch;
  GPtrArray        *ids;            /* parallel to names; "" = simulated */
  GVariant         *state;          /* a(ssb): id, label, present */
  char             *current;
  gboolean          current_simulated;
  gboolean          selecting;
};

G_DEFINE_FINAL_TYPE (VigilCameraChooser, vigil_camera_chooser, G_TYPE_OBJECT)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
entry_label (const VigilCameraEntry *entry)
{
  g_autofree char *label = vigil_camera_info_dup_label (entry->info);
  g_autofree char *bounded = vigil_utf8_sanitize_bounded (label, -1, LABEL_MAX);

  if (entry->present)
    return g_steal_pointer (&bounded);
  /* Translators: a camera in the chooser that no longer answers discovery. */
  return g_strdup_printf (_("%s — gone"), bounded);
}

/* Puts @labels into the list, touching only what changed from the first
 * difference on, so an open list does not jump. */
static void
splice_changed (GtkStringList *names,
                GPtrArray     *labels)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (names));
  guint first = 0;

  while (first < n && first < labels->len &&
         g_strcmp0 (gtk_string_list_get_string (names, first), g_ptr_array_index (labels, first)) == 0)
    first++;
  if (first == n && first == labels->len)
    return;
  g_ptr_array_add (labels, NULL);
  gtk_string_list_splice (names, first, n - first, (const char * const *) labels->pdata + first);
  g_ptr_array_remove_index (labels, labels->len - 1);
}

static gboolean
is_current (VigilCameraChooser    *self,
            const VigilCameraInfo *info)
{
  return self->current != NULL && !self->current_simulated &&
         (g_strcmp0 (self->current, info->id) == 0 || g_strcmp0 (self->current, info->address) == 0);
}

static void
rebuild (VigilCameraChooser *self)
{
  GPtrArray *entries = vigil_camera_watch_get_entries (self->watch);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GVariantBuilder) state = g_variant_builder_new (G_VARIANT_TYPE ("a(ssb)"));
  guint selected = 0;

  if (self->dropdown == NULL || self->names == NULL)
    return;
  g_ptr_array_set_size (self->ids, 0);
  g_ptr_array_add (self->ids, g_strdup (""));
  g_ptr_array_add (labels, g_strdup (_("Simulated camera")));
  for (guint i = 0; i < entries->len; i++)
    {
      const VigilCameraEntry *entry = g_ptr_array_index (entries, i);
      const char *id = entry->info->address ? entry->info->address : entry->info->id;
      char *label = entry_label (entry);

      g_ptr_array_add (self->ids, g_strdup (id));
      g_ptr_array_add (labels, label);
      g_variant_builder_add (state, "(ssb)", id, label, entry->present);
      if (is_current (self, entry->info))
        selected = self->ids->len - 1;
    }
  /* A camera given on the command line but not found by discovery. */
  if (self->current != NULL && !self->current_simulated && selected == 0)
    {
      g_ptr_array_add (self->ids, g_strdup (self->current));
      g_ptr_array_add (labels, vigil_utf8_sanitize_bounded (self->current, -1, LABEL_MAX));
      selected = self->ids->len - 1;
    }

  self->selecting = TRUE;
  splice_changed (self->names, labels);
  if (gtk_drop_down_get_selected (self->dropdown) != selected)
    gtk_drop_down_set_selected (self->dropdown, selected);
  self->selecting = FALSE;

  g_clear_pointer (&self->state, g_variant_unref);
  self->state = g_variant_ref_sink (g_variant_builder_end (state));
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_busy (VigilCameraChooser *self)
{
  if (self->refresh_button != NULL)
    gtk_widget_set_sensitive (self->refresh_button, !vigil_camera_watch_is_busy (self->watch));
}

/* Fast rounds while the dropdown's list (its popover) is open. */
static void
on_popup_visible (GtkWidget          *popover,
                  GParamSpec         *pspec,
                  VigilCameraChooser *self)
{
  vigil_camera_watch_set_fast (self->watch, gtk_widget_get_visible (popover));
}

static void
follow_popup (VigilCameraChooser *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->dropdown));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child))
      g_signal_connect_object (child, "notify::visible", G_CALLBACK (on_popup_visible), self, 0);
}

static void
vigil_camera_chooser_dispose (GObject *object)
{
  VigilCameraChooser *self = (VigilCameraChooser *) object;

  g_clear_object (&self->watch);
  g_clear_weak_pointer (&self->dropdown);
  g_clear_weak_pointer (&self->names);
  g_clear_weak_pointer (&self->refresh_button);

  G_OBJECT_CLASS (vigil_camera_chooser_parent_class)->dispose (object);
}

static void
vigil_camera_chooser_finalize (GObject *object)
{
  VigilCameraChooser *self = (VigilCameraChooser *) object;

  g_clear_pointer (&self->ids, g_ptr_array_unref);
  g_clear_pointer (&self->state, g_variant_unref);
  g_free (self->current);

  G_OBJECT_CLASS (vigil_camera_chooser_parent_class)->finalize (object);
}

static void
vigil_camera_chooser_class_init (VigilCameraChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_camera_chooser_dispose;
  object_class->finalize = vigil_camera_chooser_finalize;

  /**
   * VigilCameraChooser::changed:
   *
   * The entries changed (see vigil_camera_chooser_get_state ()).  Main
   * thread.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vigil_camera_chooser_init (VigilCameraChooser *self)
{
  self->ids = g_ptr_array_new_with_free_func (g_free);
  self->state = g_variant_ref_sink (g_variant_new_array (G_VARIANT_TYPE ("(ssb)"), NULL, 0));
}

/**
 * vigil_camera_chooser_new:
 * @dropdown: the chooser, showing @names
 * @refresh_button: (nullable): insensitive while a round runs
 *
 * Starts watching the network at once.
 *
 * Returns: (transfer full): the chooser's keeper
 */
VigilCameraChooser *
vigil_camera_chooser_new (GtkDropDown   *dropdown,
                          GtkStringList *names,
                          GtkWidget     *refresh_button)
{
  VigilCameraChooser *self;

  g_return_val_if_fail (GTK_IS_DROP_DOWN (dropdown), NULL);
  g_return_val_if_fail (GTK_IS_STRING_LIST (names), NULL);

  self = g_object_new (VIGIL_TYPE_CAMERA_CHOOSER, NULL);
  g_set_weak_pointer (&self->dropdown, dropdown);
  g_set_weak_pointer (&self->names, names);
  g_set_weak_pointer (&self->refresh_button, refresh_button);
  self->watch = vigil_camera_watch_new ();
  g_signal_connect_object (self->watch, "changed", G_CALLBACK (rebuild), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->watch, "notify::busy", G_CALLBACK (on_busy), self, G_CONNECT_SWAPPED);
  follow_popup (self);
  rebuild (self);
  return self;
}

/* The camera the supervisor serves: kept selected. */
void
vigil_camera_chooser_set_current (VigilCameraChooser *self,
                                  const char         *camera_id,
                                  gboolean            simulated)
{
  g_return_if_fail (VIGIL_IS_CAMERA_CHOOSER (self));

  if (g_strcmp0 (self->current, camera_id) == 0 && self->current_simulated == simulated)
    return;
  g_free (self->current);
  self->current = g_strdup (camera_id);
  self->current_simulated = simulated;
  if (self->dropdown != NULL && self->names != NULL)
    rebuild (self);
}

/* No background discovery round starts while paused (F5 and the rounds
 * while the list is open still run). */
void
vigil_camera_chooser_set_paused (VigilCameraChooser *self,
                                 gboolean            paused)
{
  g_return_if_fail (VIGIL_IS_CAMERA_CHOOSER (self));
  vigil_camera_watch_set_paused (self->watch, paused);
}

/* Looks again now (F5). */
void
vigil_camera_chooser_refresh (VigilCameraChooser *self)
{
  g_return_if_fail (VIGIL_IS_CAMERA_CHOOSER (self));
  vigil_camera_watch_refresh (self->watch);
}

/**
 * vigil_camera_chooser_get_selected_id:
 *
 * Returns: (nullable): the selected camera's id or address, "" for the
 *   simulated camera, %NULL when nothing is selected
 */
const char *
vigil_camera_chooser_get_selected_id (VigilCameraChooser *self)
{
  guint i;

  g_return_val_if_fail (VIGIL_IS_CAMERA_CHOOSER (self), NULL);

  if (self->dropdown == NULL)
    return NULL;
  i = gtk_drop_down_get_selected (self->dropdown);
  return i < self->ids->len ? g_ptr_array_index (self->ids, i) : NULL;
}

/* Whether the selection is being changed by the chooser itself (not the user). */
gboolean
vigil_camera_chooser_is_selecting (VigilCameraChooser *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMERA_CHOOSER (self), FALSE);
  return self->selecting;
}

/**
 * vigil_camera_chooser_get_state:
 *
 * Returns: (transfer none): `a(ssb)`: for every camera seen, its id (the
 *   address for GigE), its label and whether it answers now
 */
GVariant *
vigil_camera_chooser_get_state (VigilCameraChooser *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMERA_CHOOSER (self), NULL);
  return self->state;
}
