/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-replay-refusals"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vigil-replay-refusals.h"

/* The settings changed in this run are written again at every open (the
 * session's "replay NAME=VALUE" events); those the camera refused are
 * Error events.  This gathers them per session and words them once for
 * the banner, so that an operator learns that the camera now runs with a
 * value of its own. */
struct _VigilReplayRefusals
{
  guint64    session;     /* the newest session that refused one, 0: none */
  GPtrArray *refused;     /* "NAME=VALUE (the camera's words)" */
  gboolean   taken;       /* its message was given out */
};

#define REPLAY_PREFIX "replay "
#define LISTED_MAX    5

VigilReplayRefusals *
vigil_replay_refusals_new (void)
{
  VigilReplayRefusals *self = g_new0 (VigilReplayRefusals, 1);

  self->refused = g_ptr_array_new_with_free_func (g_free);
  return self;
}

void
vigil_replay_refusals_free (VigilReplayRefusals *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->refused);
  g_free (self);
}

/**
 * vigil_replay_refusals_add:
 * @event: any event; only refused replays count
 *
 * Returns: %TRUE when @event was a refused replay
 */
gboolean
vigil_replay_refusals_add (VigilReplayRefusals *self,
                           const VigilEvent    *event)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (event != NULL, FALSE);

  if (event->event != VIGIL_EVENT_ERROR || event->operation == NULL ||
      !g_str_has_prefix (event->operation, REPLAY_PREFIX))
    return FALSE;

  if (event->session != self->session)
    {
      self->session = event->session;
      g_ptr_array_set_size (self->refused, 0);
      self->taken = FALSE;
    }
  /* Event strings are sanitized and bounded when the event is made. */
  g_ptr_array_add (self->refused,
                   event->error_message != NULL
                   ? g_strdup_printf ("%s (%s)", event->operation + strlen (REPLAY_PREFIX), event->error_message)
                   : g_strdup (event->operation + strlen (REPLAY_PREFIX)));
  return TRUE;
}

/**
 * vigil_replay_refusals_take_message:
 *
 * The words for the newest session's refusals, once per session.
 *
 * Returns: (transfer full) (nullable): the message, %NULL when there is
 *   nothing new to say
 */
char *
vigil_replay_refusals_take_message (VigilReplayRefusals *self)
{
  g_autoptr(GString) list = g_string_new (NULL);
  guint n;

  g_return_val_if_fail (self != NULL, NULL);

  n = self->refused->len;
  if (n == 0 || self->taken)
    return NULL;
  self->taken = TRUE;

  for (guint i = 0; i < MIN (n, LISTED_MAX); i++)
    {
      if (i > 0)
        g_string_append (list, "; ");
      g_string_append (list, g_ptr_array_index (self->refused, i));
    }
  if (n > LISTED_MAX)
    {
      g_string_append (list, "; ");
      /* Translators: after a list of refused settings */
      g_string_append_printf (list, ngettext ("and %u more", "and %u more", n - LISTED_MAX), n - LISTED_MAX);
    }
  /* Translators: %u is how many settings, %s lists them as NAME=VALUE (the camera's words) */
  return g_strdup_printf (ngettext ("The camera refused %u setting changed in this run, so it keeps a value of its own: %s",
                                    "The camera refused %u settings changed in this run, so it keeps values of its own: %s",
                                    n),
                          n, list->str);
}
