/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-metrics-board"

#include "config.h"

#include "vigil-metrics-board.h"

struct _VigilMetricsBoard
{
  GMutex               lock;
  VigilMetricsFigures *figures;        /* (nullable) under lock */
  guint64              publications;   /* under lock */
};

static void
board_clear (gpointer data)
{
  VigilMetricsBoard *board = data;

  g_clear_pointer (&board->figures, vigil_metrics_figures_unref);
  g_mutex_clear (&board->lock);
}

/**
 * vigil_metrics_board_new:
 *
 * Returns: (transfer full): an empty board (a scrape then shows only
 *   what needs no sample)
 */
VigilMetricsBoard *
vigil_metrics_board_new (void)
{
  VigilMetricsBoard *board = g_atomic_rc_box_new0 (VigilMetricsBoard);

  g_mutex_init (&board->lock);
  return board;
}

/** vigil_metrics_board_ref: Returns: (transfer full): */
VigilMetricsBoard *
vigil_metrics_board_ref (VigilMetricsBoard *board)
{
  g_return_val_if_fail (board != NULL, NULL);
  return g_atomic_rc_box_acquire (board);
}

void
vigil_metrics_board_unref (VigilMetricsBoard *board)
{
  g_return_if_fail (board != NULL);
  g_atomic_rc_box_release_full (board, board_clear);
}

/**
 * vigil_metrics_board_publish:
 * @figures: (transfer none): read-only from now on
 *
 * Replaces the published figures.  Any thread (the sampler's).
 */
void
vigil_metrics_board_publish (VigilMetricsBoard   *board,
                             VigilMetricsFigures *figures)
{
  g_autoptr(VigilMetricsFigures) old = NULL;

  g_return_if_fail (board != NULL);
  g_return_if_fail (figures != NULL);

  g_mutex_lock (&board->lock);
  old = g_steal_pointer (&board->figures);
  board->figures = vigil_metrics_figures_ref (figures);
  board->publications++;
  g_mutex_unlock (&board->lock);
  /* The old figures are released outside the lock. */
}

/**
 * vigil_metrics_board_dup:
 *
 * Any thread (the server's).
 *
 * Returns: (transfer full) (nullable): the newest figures, %NULL before
 *   the first publication
 */
VigilMetricsFigures *
vigil_metrics_board_dup (VigilMetricsBoard *board)
{
  VigilMetricsFigures *figures = NULL;

  g_return_val_if_fail (board != NULL, NULL);

  g_mutex_lock (&board->lock);
  if (board->figures != NULL)
    figures = vigil_metrics_figures_ref (board->figures);
  g_mutex_unlock (&board->lock);
  return figures;
}

/* How many times figures were published.  Any thread. */
guint64
vigil_metrics_board_get_publications (VigilMetricsBoard *board)
{
  guint64 n;

  g_return_val_if_fail (board != NULL, 0);

  g_mutex_lock (&board->lock);
  n = board->publications;
  g_mutex_unlock (&board->lock);
  return n;
}
