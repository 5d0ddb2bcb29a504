/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-soak-result"

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "vigil-history.h"
#include "vigil-orphans.h"
#include "vigil-soak-runner.h"

/* The result of a vigil-soak run in words: the one summary line, the
 * details above it, the orphans by phase and kind, the unpaired resources
 * grouped by kind and phase, and growth that nothing explains. */

static void
describe_significance (GString          *out,
                       const VigilTrend *trend)
{
  gboolean mk_says = trend->mk_p < VIGIL_VERDICT_TREND_ALPHA;
  gboolean ts_says = !isnan (trend->lower) && trend->lower > 0;

  if (trend->step && (mk_says || ts_says))
    g_string_append (out, _("one step, not a trend"));
  else if (mk_says && ts_says)
    g_string_append (out, _("significant"));
  else if (mk_says || ts_says)
    g_string_append (out, _("weak"));
  else
    g_string_append (out, _("not significant"));
  g_string_append_printf (out, ", Mann–Kendall p=%.2g", trend->mk_p);
}

/**
 * vigil_soak_result_format_summary:
 *
 * Returns: (transfer full): the one summary line, without a newline
 */
char *
vigil_soak_result_format_summary (const VigilSoakResult *result)
{
  const VigilMemoryJudgement *memory = &result->memory;
  GString *out = g_string_new ("vigil-soak: ");

  g_string_append_printf (out, "%s %" G_GUINT64_FORMAT " cycles, %+.3f fd/reconnect, %+" G_GINT64_FORMAT
                          " threads, ",
                          vigil_verdict_status_to_string (result->status), result->cycles,
                          result->fd_slope, result->thread_delta);
  /* The figure that decides the memory word, named: the heap in use where
   * the C library gives it, else resident memory.  Too few samples for a
   * slope is said, not written as a zero. */
  if (memory->heap_known || !isnan (memory->pages.slope))
    {
      const VigilTrend *trend = memory->heap_known ? &memory->heap : &memory->pages;

      g_string_append_printf (out, "memory %+.0f B/cycle (%s, ", trend->slope,
                              memory->heap_known ? _("heap in use") : _("resident"));
      describe_significance (out, trend);
      g_string_append (out, ")");
    }
  else
    g_string_append_printf (out, _("memory unknown (%u samples, too few)"), result->memory_n);
  g_string_append_printf (out, ", %.1f cycles/s", result->rate);
  return g_string_free (out, FALSE);
}

/* The history's verdict, metric by metric. */
static void
describe_history (GString               *out,
                  const VigilSoakResult *result)
{
  g_string_append (out, "vigil-soak: ");
  g_string_append_printf (out, _("%" PRIu64 " rounds, %" PRIu64 " cycles after the baseline; "
                                 "fds %+" PRId64 ", threads %+" PRId64 " from the baseline "
                                 "(both quiesced); history verdict (per reconnect, sessions "
                                 "open) %s"),
                          result->rounds, result->measured_cycles, result->fd_delta, result->thread_delta,
                          vigil_verdict_status_to_string (result->verdict->status));
  for (guint m = 0; m < VIGIL_N_METRICS; m++)
    {
      const VigilMetricVerdict *v = &result->verdict->metrics[m];

      g_string_append (out, "\nvigil-soak: ");
      g_string_append_printf (out, _("history %s: %s, baseline %.0f, now %.0f, Theil–Sen %+.3g "
                                     "per reconnect, Mann–Kendall p=%.2g, %u points"),
                              vigil_metric_to_string (m), vigil_verdict_status_to_string (v->status),
                              v->baseline, v->current, v->theil_sen, v->mk_p, v->n);
    }
}

/* Memory at the quiesce points, and how often each fault fired. */
static void
describe_memory_and_faults (GString               *out,
                            const VigilSoakResult *result)
{
  g_string_append (out, "\nvigil-soak: ");
  if (isnan (result->memory_slope))
    g_string_append_printf (out, _("resident memory: %u samples, too few for a trend"), result->memory_n);
  else
    g_string_append_printf (out, _("resident memory over the later half of the run %+.0f B/cycle (Theil–Sen, "
                                   "Mann–Kendall p=%.2g, %u quiesced samples in all, each after malloc_trim, "
                                   "%.1f s of pauses left out of the rate); private %+.0f B/cycle (p=%.2g), "
                                   "before the trim %+.0f B/cycle (p=%.2g); malloc's bytes in use "
                                   "%+.0f B/cycle (p=%.2g)"),
                            result->memory_slope, result->memory_mk_p, result->memory_n,
                            result->checkpoint_seconds, result->private_slope, result->private_mk_p,
                            result->untrimmed_slope, result->untrimmed_mk_p,
                            result->heap_slope, result->heap_mk_p);
  {
    g_autofree char *reason = vigil_memory_judgement_describe (&result->memory, _("resident"), _("cycle"),
                                                               result->measured_cycles);

    g_string_append (out, "\nvigil-soak: ");
    g_string_append_printf (out, _("memory verdict %s, decided by %s: %s"),
                            vigil_verdict_status_to_string (result->memory.status),
                            vigil_memory_signal_to_string (result->memory.signal), reason);
  }
  for (guint i = 0; i < result->fired->len; i++)
    {
      const VigilFaultState *state = &g_array_index (result->fired, VigilFaultState, i);

      if (state->total_fired == 0)
        continue;
      g_string_append (out, "\nvigil-soak: ");
      g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "fault %s fired %" PRIu64 " time",
                                                "fault %s fired %" PRIu64 " times",
                                                (gulong) MIN (state->total_fired, G_MAXULONG)),
                              state->point, state->total_fired);
    }
}

/**
 * vigil_soak_result_format_details:
 *
 * Returns: (transfer full): what the summary line stands on, one
 *   "vigil-soak: " line each (the history's verdict metric by metric,
 *   memory at the quiesce points, the faults that fired), without a final
 *   newline
 */
char *
vigil_soak_result_format_details (const VigilSoakResult *result)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (result != NULL && result->verdict != NULL && result->fired != NULL, NULL);

  describe_history (out, result);
  describe_memory_and_faults (out, result);
  return g_string_free (out, FALSE);
}

/**
 * vigil_soak_result_format_unpaired:
 *
 * Returns: (transfer full) (nullable): the unpaired resources grouped by
 *   phase and kind, one group a line; %NULL when there are none
 */
char *
vigil_soak_result_format_unpaired (const VigilSoakResult *result)
{
  guint64 counts[VIGIL_N_RESOURCE_KINDS][VIGIL_N_PHASES];
  const VigilResourceInfo *examples[VIGIL_N_RESOURCE_KINDS][VIGIL_N_PHASES] = { { NULL } };
  guint n_kept = result->unpaired != NULL ? result->unpaired->len : 0;
  GString *out;

  if (n_kept == 0 && result->dropped.n_unpaired == 0)
    return NULL;

  /* The kept resources name a group; the dropped sessions' count in it. */
  memcpy (counts, result->dropped.unpaired, sizeof counts);
  for (guint i = 0; i < n_kept; i++)
    {
      const VigilResourceInfo *info = g_ptr_array_index (result->unpaired, i);

      counts[info->kind][info->create_phase]++;
      if (examples[info->kind][info->create_phase] == NULL)
        examples[info->kind][info->create_phase] = info;
    }

  out = g_string_new (_("unpaired resources (kind/phase where created):"));
  for (guint k = 0; k < VIGIL_N_RESOURCE_KINDS; k++)
    for (guint p = 0; p < VIGIL_N_PHASES; p++)
      {
        const VigilResourceInfo *example = examples[k][p];

        if (counts[k][p] == 0)
          continue;
        g_string_append_printf (out, "\n  %s/%s: %" PRIu64, vigil_resource_kind_to_string (k),
                                vigil_phase_to_string (p), (uint64_t) counts[k][p]);
        if (example != NULL)
          g_string_append_printf (out, " × “%s”%s%s", example->name != NULL ? example->name : "",
                                  example->os_target != NULL ? _(", e.g. ") : "",
                                  example->os_target != NULL ? example->os_target : "");
      }
  if (result->dropped.unpaired_sessions > 0)
    g_string_append_printf (out, _("\n  (%" PRIu64 " older sessions with unpaired resources are counted, "
                                   "not kept in full)"), (uint64_t) result->dropped.unpaired_sessions);
  return g_string_free (out, FALSE);
}

/**
 * vigil_soak_result_format_orphans:
 *
 * Returns: (transfer full) (nullable): the orphans (what phases left that
 *   nobody tracked) by phase and kind, leaks first, one group a line;
 *   %NULL when there are none
 */
char *
vigil_soak_result_format_orphans (const VigilSoakResult *result)
{
  GString *out;

  if (result->orphans == NULL || result->orphans->len == 0)
    return NULL;
  out = g_string_new (_("orphans (left by a phase, tracked by nobody):"));
  for (guint i = 0; i < result->orphans->len; i++)
    {
      const VigilOrphanGroup *group = g_ptr_array_index (result->orphans, i);
      g_autofree char *text = vigil_orphan_group_describe (group);

      /* Translators: "  LEAK DeviceOpened leaves … — e.g. fd 21 UDP …; sessions 3–30" */
      g_string_append_printf (out, _("\n  %s%s — e.g. %s %d %s; sessions %" PRIu64 "–%" PRIu64),
                              group->leak ? "LEAK " : "", text,
                              g_strcmp0 (group->kind, "thread") == 0 ? "tid" : "fd", group->example_handle,
                              group->example, (uint64_t) group->first_session, (uint64_t) group->last_session);
    }
  return g_string_free (out, FALSE);
}

/**
 * vigil_soak_result_format_unexplained:
 *
 * Returns: (transfer full) (nullable): when fds or threads grew and
 *   neither the ledger nor the orphans explain it, that in words with
 *   what appeared outside every phase and when; %NULL otherwise
 */
char *
vigil_soak_result_format_unexplained (const VigilSoakResult *result)
{
  GString *out;

  if (result->fd_delta <= 0 && result->thread_delta <= 0)
    return NULL;
  if ((result->unpaired != NULL && result->unpaired->len > 0) || result->dropped.n_unpaired > 0)
    return NULL;
  for (guint i = 0; result->orphans != NULL && i < result->orphans->len; i++)
    if (((VigilOrphanGroup *) g_ptr_array_index (result->orphans, i))->leak)
      return NULL;

  out = g_string_new (NULL);
  g_string_append_printf (out, _("growth not attributed to any phase: %+" PRId64 " fds, %+" PRId64 " threads"),
                          (int64_t) result->fd_delta, (int64_t) result->thread_delta);
  for (guint i = 0; result->growth != NULL && i < result->growth->len && i < 10; i++)
    {
      const VigilGrowth *item = g_ptr_array_index (result->growth, i);
      g_autoptr(GDateTime) from = g_date_time_new_from_unix_utc (item->from_us / G_USEC_PER_SEC);
      g_autoptr(GDateTime) to = g_date_time_new_from_unix_utc (item->to_us / G_USEC_PER_SEC);
      g_autofree char *from_text = from ? g_date_time_format (from, "%H:%M:%SZ") : g_strdup ("?");
      g_autofree char *to_text = to ? g_date_time_format (to, "%H:%M:%SZ") : g_strdup ("?");

      g_string_append_printf (out, _("\n  %s %d (%s), between %s and %s, %s"), item->thread ? "tid" : "fd",
                              item->handle, item->name, from_text, to_text,
                              vigil_growth_context_to_string (item->context));
    }
  return g_string_free (out, FALSE);
}
