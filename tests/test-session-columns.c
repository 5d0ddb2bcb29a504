/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <dlfcn.h>

#include <gtk/gtk.h>
#include <X11/extensions/XInput2.h>

#include "vigil-label-tooltip.h"
#include "vigil-ledger.h"
#include "vigil-pairs-model.h"
#include "vigil-session-columns.h"

/* The session table while sessions come and go: refreshing it must not
 * ask the display server anything per cell.  In GTK 4.8 each
 * gtk_widget_set_tooltip_text () on a visible widget asks the X server
 * where the pointer is (XIQueryPointer, a synchronous round trip); the
 * cells set their tooltip at every bind and change, which was 43 % of the
 * main thread in the GUI soak.  This file interposes XIQueryPointer to
 * count the round trips.  Needs a display (isolate.sh --gui). */

#define N_SESSIONS  30
#define N_REFRESHES 10

static guint n_pointer_queries;

typedef Bool (*QueryPointerFunc) (Display *, int, Window, Window *, Window *, double *, double *, double *,
                                  double *, XIButtonState *, XIModifierState *, XIGroupState *);

Bool
XIQueryPointer (Display         *display,
                int              deviceid,
                Window           win,
                Window          *root,
                Window          *child,
                double          *root_x,
                double          *root_y,
                double          *win_x,
                double          *win_y,
                XIButtonState   *buttons,
                XIModifierState *mods,
                XIGroupState    *group)
{
  static QueryPointerFunc next;

  if (next == NULL)
    next = (QueryPointerFunc) dlsym (RTLD_NEXT, "XIQueryPointer");
  g_assert_nonnull (next);
  g_atomic_int_inc (&n_pointer_queries);
  return next (display, deviceid, win, root, child, root_x, root_y, win_x, win_y, buttons, mods, group);
}

static void
add_session (VigilLedger *ledger,
             gboolean     end)
{
  guint64 session = vigil_ledger_begin_session (ledger, "Aravis-Fake-GV01");
  guint64 device;

  vigil_ledger_set_phase (ledger, session, VIGIL_PHASE_DEVICE_OPENED);
  device = vigil_ledger_record_create (ledger, session, VIGIL_RESOURCE_DEVICE, "device", "test",
                                       VIGIL_ACTION_OPEN, VIGIL_ACTION_CLOSE, 7, "socket:[1]");
  vigil_ledger_record_create (ledger, session, VIGIL_RESOURCE_STREAM, "stream", "test",
                              VIGIL_ACTION_CREATE, VIGIL_ACTION_DISPOSE, -1, NULL);
  if (end)
    {
      vigil_ledger_record_close (ledger, device);
      vigil_ledger_end_session (ledger, session);
    }
}

static void
run_main_loop (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
}

/* The first bound label of the column view (its first cell). */
static GtkLabel *
find_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_has_tooltip (widget))
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *label = find_label (child);

      if (label != NULL)
        return label;
    }
  return NULL;
}

static void
test_refresh_without_round_trips (void)
{
  g_autoptr(VigilLedger) ledger = vigil_ledger_new ();
  g_autoptr(VigilPairsModel) pairs = vigil_pairs_model_new (ledger);
  GtkTreeListModel *tree;
  GtkWidget *window, *scrolled, *view;
  guint before, used;

  for (guint i = 0; i < N_SESSIONS; i++)
    add_session (ledger, TRUE);
  add_session (ledger, FALSE);
  vigil_pairs_model_refresh (pairs);

  tree = gtk_tree_list_model_new (g_object_ref (vigil_pairs_model_get_sessions (pairs)), FALSE, FALSE,
                                  vigil_session_columns_create_children, NULL, NULL);
  view = gtk_column_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (tree))));
  vigil_session_columns_add (GTK_COLUMN_VIEW (view));
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  gtk_window_present (GTK_WINDOW (window));
  run_main_loop (1000);
  g_assert_nonnull (find_label (view));

  /* Sessions come and go as in a reconnect storm: each new one sorts
   * first, so every visible row is bound again. */
  before = g_atomic_int_get (&n_pointer_queries);
  for (guint i = 0; i < N_REFRESHES; i++)
    {
      add_session (ledger, TRUE);
      vigil_pairs_model_refresh (pairs);
      run_main_loop (50);
    }
  used = g_atomic_int_get (&n_pointer_queries) - before;
  g_test_message ("%u refreshes of %u sessions: %u pointer queries", N_REFRESHES, N_SESSIONS, used);
  /* Some from GTK itself (a crossing, a surface), none a cell. */
  g_assert_cmpuint (used, <, N_REFRESHES);

  gtk_window_destroy (GTK_WINDOW (window));
  run_main_loop (100);
}

/* The tooltip is the label's own text, asked for when needed. */
static void
test_tooltip_is_text (void)
{
  GtkWidget *label = g_object_ref_sink (gtk_label_new (NULL));
  g_autoptr(GtkTooltip) tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  gboolean shown = TRUE;

  vigil_label_tooltip_shows_text (GTK_LABEL (label));
  g_assert_true (gtk_widget_get_has_tooltip (label));
  g_signal_emit_by_name (label, "query-tooltip", 0, 0, FALSE, tooltip, &shown);
  g_assert_false (shown);                           /* no text, no tooltip */
  gtk_label_set_text (GTK_LABEL (label), "Aravis-Fake-GV01 · a name a narrow column cuts");
  g_signal_emit_by_name (label, "query-tooltip", 0, 0, FALSE, tooltip, &shown);
  g_assert_true (shown);
  g_object_unref (label);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      return g_test_run ();
    }
  g_test_add_func ("/vigil/session-columns/refresh-without-round-trips", test_refresh_without_round_trips);
  g_test_add_func ("/vigil/session-columns/tooltip-is-text", test_tooltip_is_text);
  return g_test_run ();
}
