/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "vigil-banner.h"

/* The banner above the picture: its size must be a valid height-for-width
 * request whatever it says.  A message that wrapped to a line count made
 * GTK 4.8 fail with "GtkRevealer reports a minimum height of 49, but
 * minimum height for width of 1048576 is 55" (gui-fuzz, under
 * G_DEBUG=fatal-warnings).  Random words here: reproduce a run with
 * --seed=<the seed in the log>.  Needs a display (isolate.sh --gui). */

#define N_MESSAGES 300
#define HUGE_WIDTH 1048576   /* what GTK's box layout checks against */

/* Random text the way cameras, files and fuzzers send it: ASCII words,
 * line breaks, other scripts, CJK and emoji (taller fallback fonts),
 * combining marks; 1 to 3000 characters. */
static char *
random_message (void)
{
  GString *text = g_string_new (NULL);
  guint length = g_test_rand_int_range (1, g_test_rand_bit () ? 200 : 3000);

  for (guint i = 0; i < length; i++)
    {
      guint kind = g_test_rand_int_range (0, 12);
      gunichar c;

      if (kind < 5)
        c = g_test_rand_int_range (0x20, 0x7f);
      else if (kind == 5)
        c = '\n';
      else if (kind == 6)
        c = g_test_rand_int_range (0x300, 0x370);          /* combining marks */
      else if (kind < 9)
        c = g_test_rand_int_range (0x80, 0x3000);
      else if (kind < 11)
        c = g_test_rand_int_range (0x3000, 0xa000);        /* CJK and around */
      else
        c = g_test_rand_int_range (0x1f300, 0x1fa00);      /* emoji */
      if (g_unichar_validate (c) && c != 0)
        g_string_append_unichar (text, c);
    }
  return g_string_free (text, FALSE);
}

static int
min_height (GtkWidget *widget,
            int        for_width)
{
  int minimum = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, for_width, &minimum, NULL, NULL, NULL);
  return minimum;
}

static GtkWidget *
banner_in_window (VigilBanner **banner)
{
  GtkWidget *window = gtk_window_new ();

  *banner = VIGIL_BANNER (vigil_banner_new ());
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (*banner));
  return window;
}

static int
natural_height (GtkWidget *widget)
{
  int natural = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, -1, NULL, &natural, NULL, NULL);
  return natural;
}

/* A banner with nothing to say takes no room above the picture, before
 * its first message and after a message is hidden (with GTK 4.8's
 * crossfade revealer it kept an empty strip of its full height). */
static void
test_hidden_takes_no_room (void)
{
  VigilBanner *banner;
  GtkWidget *window = banner_in_window (&banner);
  gint64 deadline;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpint (min_height (GTK_WIDGET (banner), -1), ==, 0);
  g_assert_cmpint (natural_height (GTK_WIDGET (banner)), ==, 0);

  vigil_banner_show (banner, "Camera lost: reconnecting", TRUE);
  g_assert_cmpint (natural_height (GTK_WIDGET (banner)), >, 0);

  vigil_banner_hide (banner);
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (natural_height (GTK_WIDGET (banner)) > 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (vigil_banner_is_shown (banner));
  g_assert_cmpint (min_height (GTK_WIDGET (banner), -1), ==, 0);
  g_assert_cmpint (natural_height (GTK_WIDGET (banner)), ==, 0);

  /* And it comes back. */
  vigil_banner_show (banner, "Camera lost again", TRUE);
  g_assert_cmpint (natural_height (GTK_WIDGET (banner)), >, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* What GTK's box layout checks when a window is squeezed below its
 * minimum: the minimum height measured without a width may not be below
 * the minimum height at the widest width.  And the banner keeps to a
 * bounded height at every width. */
static void
test_height_for_width (void)
{
  static const int widths[] = { 80, 300, 800, 1600, HUGE_WIDTH };
  VigilBanner *banner;
  GtkWidget *window = banner_in_window (&banner);
  int tallest = 0;

  for (guint i = 0; i < N_MESSAGES; i++)
    {
      g_autofree char *message = random_message ();
      int without_width, at_huge_width;

      vigil_banner_show (banner, message, i % 2 == 0);
      without_width = min_height (GTK_WIDGET (banner), -1);
      at_huge_width = min_height (GTK_WIDGET (banner), HUGE_WIDTH);
      if (at_huge_width > without_width)
        g_error ("message %u: minimum height %d without a width, %d at width %d", i, without_width,
                 at_huge_width, HUGE_WIDTH);
      for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
        {
          int natural = 0;

          gtk_widget_measure (GTK_WIDGET (banner), GTK_ORIENTATION_VERTICAL, widths[w], NULL, &natural, NULL, NULL);
          tallest = MAX (tallest, natural);
        }
    }
  g_test_message ("tallest natural height over %u messages: %d px", N_MESSAGES, tallest);
  /* 120 px of words, the padding and the scroller's edges. */
  g_assert_cmpint (tallest, <=, 200);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Invalid UTF-8 and 100,000 characters: shown valid and bounded. */
static void
test_bounded (void)
{
  VigilBanner *banner;
  GtkWidget *window = banner_in_window (&banner);
  GString *message = g_string_new ("bad \xff\xfe bytes ");
  const char *shown;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (message, 'a' + i % 26);
  vigil_banner_show (banner, message->str, TRUE);
  shown = vigil_banner_get_text (banner);
  g_assert_true (g_utf8_validate (shown, -1, NULL));
  g_assert_cmpuint (g_utf8_strlen (shown, -1), <=, 1024 + 1);
  g_assert_true (g_str_has_prefix (shown, "bad "));
  g_assert_true (vigil_banner_is_shown (banner));
  g_string_free (message, TRUE);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The only button with words: "Open Folder" (the other is an icon). */
static GtkWidget *
find_labelled_button (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_labelled_button (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* "Open Folder" belongs to the message that offered it. */
static void
test_folder (void)
{
  VigilBanner *banner;
  GtkWidget *window = banner_in_window (&banner);
  GtkWidget *action;

  vigil_banner_show_folder (banner, "Snapshot written to /tmp/x.json", "/tmp");
  g_assert_true (vigil_banner_is_shown (banner));
  g_assert_cmpstr (vigil_banner_get_text (banner), ==, "Snapshot written to /tmp/x.json");
  action = find_labelled_button (GTK_WIDGET (banner));
  g_assert_nonnull (action);
  g_assert_true (gtk_widget_get_visible (action));

  vigil_banner_show (banner, "The camera stopped answering", TRUE);
  g_assert_false (gtk_widget_get_visible (action));
  vigil_banner_hide (banner);
  g_assert_false (vigil_banner_is_shown (banner));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      return g_test_run ();
    }

  g_test_add_func ("/vigil/banner/hidden-takes-no-room", test_hidden_takes_no_room);
  g_test_add_func ("/vigil/banner/height-for-width", test_height_for_width);
  g_test_add_func ("/vigil/banner/bounded", test_bounded);
  g_test_add_func ("/vigil/banner/folder", test_folder);
  return g_test_run ();
}
