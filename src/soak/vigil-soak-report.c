/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-soak-report"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-faults.h"
#include "vigil-json.h"
#include "vigil-snapshot.h"
#include "vigil-soak-runner-private.h"

/* A finished VigilSoakRunner run as a document: the vigil-snapshot/1 of
 * its diagnostics with a "soak" member for the run itself. */

static void
add_figures (VigilSoakRunner *self,
             JsonBuilder     *builder)
{
  const VigilSoakResult *r = &self->result;
  g_autofree char *summary = vigil_soak_result_format_summary (r);
  VigilSoakPlan *plan = self->plan;

  vigil_json_add_string (builder, "status", vigil_verdict_status_to_string (r->status));
  vigil_json_add_string (builder, "summary", summary);
  vigil_json_add_string (builder, "mode",
                         vigil_soak_plan_get_mode (plan) == VIGIL_SOAK_RANDOM ? "random" : "systematic");
  vigil_json_add_int (builder, "seed", vigil_soak_plan_get_seed (plan));
  vigil_json_add_int (builder, "cameras", self->slots->len);
  vigil_json_add_bool (builder, "leak_demo", self->leak_demo);
  vigil_json_add_int (builder, "cycles", (gint64) r->cycles);
  vigil_json_add_int (builder, "measured_cycles", (gint64) r->measured_cycles);
  vigil_json_add_int (builder, "rounds", (gint64) r->rounds);
  vigil_json_add_int (builder, "supervisor_replacements", (gint64) r->replacements);
  vigil_json_add_double (builder, "seconds", r->seconds);
  vigil_json_add_double (builder, "checkpoint_seconds", r->checkpoint_seconds);
  vigil_json_add_double (builder, "cycles_per_second", r->rate);
  vigil_json_add_int (builder, "fd_delta", r->fd_delta);
  vigil_json_add_double (builder, "fd_per_reconnect", r->fd_slope);
  vigil_json_add_int (builder, "thread_delta", r->thread_delta);
  vigil_json_add_double (builder, "resident_bytes_per_cycle", r->memory_slope);
  vigil_json_add_double (builder, "resident_bytes_mann_kendall_p", r->memory_mk_p);
  vigil_json_add_double (builder, "private_bytes_per_cycle", r->private_slope);
  vigil_json_add_double (builder, "private_bytes_mann_kendall_p", r->private_mk_p);
  vigil_json_add_double (builder, "private_bytes_untrimmed_per_cycle", r->untrimmed_slope);
  vigil_json_add_double (builder, "private_bytes_untrimmed_mann_kendall_p", r->untrimmed_mk_p);
  vigil_json_add_double (builder, "heap_in_use_bytes_per_cycle", r->heap_slope);
  vigil_json_add_double (builder, "heap_in_use_bytes_mann_kendall_p", r->heap_mk_p);
  vigil_snapshot_add_memory_judgement (builder, &r->memory, _("resident"), _("cycle"), r->measured_cycles);
}

/* "faults": the plan's points with the fired counts of the whole run
 * (none for sim.*, which the registry does not count). */
static void
add_faults (VigilSoakRunner *self,
            JsonBuilder     *builder)
{
  const char * const *points = vigil_soak_plan_get_points (self->plan);
  VigilFaults *faults = _vigil_soak_arming_get_faults (self);

  json_builder_set_member_name (builder, "faults");
  json_builder_begin_array (builder);
  for (guint i = 0; points[i]; i++)
    {
      json_builder_begin_object (builder);
      vigil_json_add_string (builder, "point", points[i]);
      if (!g_str_has_prefix (points[i], "sim."))
        vigil_json_add_int (builder, "fired", (gint64) vigil_faults_get_total_fired (faults, points[i]));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* "fired_rounds": "round N camera K: point, point" for each round in which
 * faults fired (the first VIGIL_SOAK_MAX_ROUNDS_KEPT). */
static void
add_fired_rounds (VigilSoakRunner *self,
                  JsonBuilder     *builder)
{
  json_builder_set_member_name (builder, "fired_rounds");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->n_fired_rounds; i++)
    {
      const FiredRound *fired = &self->fired_rounds[i];
      g_autofree char *names = _vigil_soak_arming_points_to_string (self, fired->points);
      g_autofree char *line = g_strdup_printf ("round %" G_GUINT64_FORMAT " camera %u: %s",
                                               fired->round, fired->camera, names);

      json_builder_add_string_value (builder, line);
    }
  json_builder_end_array (builder);
}

/**
 * vigil_soak_runner_build_report:
 *
 * After a run: the vigil-snapshot/1 document of the diagnostics, with a
 * "soak" member for the run itself (its verdict, figures, the fault counts
 * of the whole run and the rounds in which faults fired).
 *
 * Returns: (transfer full): the document
 */
JsonNode *
vigil_soak_runner_build_report (VigilSoakRunner *self)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) soak = NULL;
  VigilSnapshotSource source = { 0 };
  JsonNode *document;

  g_return_val_if_fail (VIGIL_IS_SOAK_RUNNER (self), NULL);

  source.diagnostics = self->diagnostics;
  source.state = "Idle";
  source.camera_id = vigil_soak_runner_get_camera_id (self);
  source.reconnects = self->result.cycles;
  document = vigil_snapshot_build (&source);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  add_figures (self, builder);
  vigil_soak_memory_add_json (self->memory, builder);
  add_faults (self, builder);
  add_fired_rounds (self, builder);
  json_builder_end_object (builder);

  soak = json_builder_get_root (builder);
  json_object_set_member (json_node_get_object (document), "soak", g_steal_pointer (&soak));
  return document;
}
