/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-banner"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-banner.h"
#include "vigil-utf8.h"

/* The message above the picture: a warning or an error, until dismissed
 * or hidden by its owner, optionally with "Open Folder".
 *
 * The words wrap and scroll inside a bounded height.  A wrapping label
 * that stops at a line count (lines + ellipsize) is not a valid
 * height-for-width widget in GTK 4.8: its minimum height when measured
 * without a width comes from a layout that ellipsized away some of the
 * text, while measured at a very wide width it shows all of it, and a
 * glyph from a taller fallback font (or one more paragraph) makes the
 * second one taller.  GTK's box layout checks exactly that and fails
 * with "reports a minimum height of 49, but minimum height for width of
 * 1048576 is 55" — fatal under G_DEBUG=fatal-warnings, and overlapping
 * widgets for everyone else.  The scrolled window's minimum height is its
 * own, whatever the words. */
struct _VigilBanner
{
  GtkWidget    parent_instance;

  GtkRevealer *revealer;
  GtkWidget   *box;
  GtkLabel    *label;
  GtkButton   *action;
  GtkButton   *close;

  char        *folder;   /* "Open Folder" target */
};

G_DEFINE_FINAL_TYPE (VigilBanner, vigil_banner, GTK_TYPE_WIDGET)

/* The longest message shown; the rest is cut at a character boundary. */
#define BANNER_TEXT_MAX VIGIL_UTF8_MESSAGE_MAX

static void
on_close_clicked (VigilBanner *self)
{
  vigil_banner_hide (self);
}

static void
on_action_clicked (VigilBanner *self)
{
  g_autoptr(GFile) folder = NULL;
  g_autofree char *uri = NULL;
  GtkRoot *root;

  if (self->folder == NULL)
    return;
  folder = g_file_new_for_path (self->folder);
  uri = g_file_get_uri (folder);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

static void
vigil_banner_dispose (GObject *object)
{
  VigilBanner *self = VIGIL_BANNER (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_BANNER);

  G_OBJECT_CLASS (vigil_banner_parent_class)->dispose (object);
}

static void
vigil_banner_finalize (GObject *object)
{
  VigilBanner *self = VIGIL_BANNER (object);

  g_free (self->folder);

  G_OBJECT_CLASS (vigil_banner_parent_class)->finalize (object);
}

static void
vigil_banner_class_init (VigilBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_banner_dispose;
  object_class->finalize = vigil_banner_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vigilcam/Vigil/vigil-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, VigilBanner, box);
  gtk_widget_class_bind_template_child (widget_class, VigilBanner, label);
  gtk_widget_class_bind_template_child (widget_class, VigilBanner, action);
  gtk_widget_class_bind_template_child (widget_class, VigilBanner, close);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

/* GTK 4.8's crossfade revealer keeps its child's size when it is not
 * revealed, which left an empty strip above the picture: once the fade
 * is over, the revealer goes. */
static void
on_child_revealed (VigilBanner *self)
{
  if (!gtk_revealer_get_reveal_child (self->revealer) && !gtk_revealer_get_child_revealed (self->revealer))
    gtk_widget_set_visible (GTK_WIDGET (self->revealer), FALSE);
}

static void
vigil_banner_init (VigilBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->revealer, "notify::child-revealed", G_CALLBACK (on_child_revealed), self);
  g_signal_connect_swapped (self->close, "clicked", G_CALLBACK (on_close_clicked), self);
  g_signal_connect_swapped (self->action, "clicked", G_CALLBACK (on_action_clicked), self);
}

GtkWidget *
vigil_banner_new (void)
{
  return g_object_new (VIGIL_TYPE_BANNER, NULL);
}

/**
 * vigil_banner_show:
 * @message: (nullable): what to say; untrusted text is fine, it is made
 *   valid UTF-8 and bounded here
 *
 * Shows @message until dismissed or vigil_banner_hide().
 */
void
vigil_banner_show (VigilBanner *self,
                   const char  *message,
                   gboolean     is_error)
{
  g_autofree char *text = NULL;

  g_return_if_fail (VIGIL_IS_BANNER (self));

  /* Messages quote what users, cameras and files said: bounded, valid. */
  text = vigil_utf8_sanitize_bounded (message, -1, BANNER_TEXT_MAX);
  g_debug ("banner: %s", text ? text : "");
  gtk_label_set_text (self->label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->action), FALSE);
  g_clear_pointer (&self->folder, g_free);
  if (is_error)
    gtk_widget_add_css_class (self->box, "error");
  else
    gtk_widget_remove_css_class (self->box, "error");
  gtk_widget_set_visible (GTK_WIDGET (self->revealer), TRUE);
  gtk_revealer_set_reveal_child (self->revealer, TRUE);
}

/**
 * vigil_banner_show_folder:
 * @folder: (type filename): what "Open Folder" opens
 *
 * Like vigil_banner_show() for a notice, with an "Open Folder" button.
 */
void
vigil_banner_show_folder (VigilBanner *self,
                          const char  *message,
                          const char  *folder)
{
  g_return_if_fail (VIGIL_IS_BANNER (self));
  g_return_if_fail (folder != NULL);

  vigil_banner_show (self, message, FALSE);
  self->folder = g_strdup (folder);
  gtk_widget_set_visible (GTK_WIDGET (self->action), TRUE);
}

void
vigil_banner_hide (VigilBanner *self)
{
  g_return_if_fail (VIGIL_IS_BANNER (self));

  if (gtk_revealer_get_reveal_child (self->revealer))
    g_debug ("banner: (hidden)");
  gtk_revealer_set_reveal_child (self->revealer, FALSE);
  on_child_revealed (self);
}

gboolean
vigil_banner_is_shown (VigilBanner *self)
{
  g_return_val_if_fail (VIGIL_IS_BANNER (self), FALSE);

  return gtk_revealer_get_reveal_child (self->revealer);
}

/* Returns: (transfer none): the words shown, as bounded and cleaned */
const char *
vigil_banner_get_text (VigilBanner *self)
{
  g_return_val_if_fail (VIGIL_IS_BANNER (self), NULL);

  return gtk_label_get_text (self->label);
}
