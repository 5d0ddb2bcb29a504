/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-snapshot-dropped"

#include "config.h"

#include "vigil-json.h"
#include "vigil-snapshot-private.h"

/* The snapshot's "sessions_dropped": the ended sessions the ledger no
 * longer keeps in full (src/diag/vigil-ledger-retention.c), in totals, so
 * that whoever reads the snapshot counts every unpaired resource, also
 * those whose details were dropped. */

/**
 * vigil_snapshot_add_sessions_dropped:
 *
 * Adds "sessions_dropped": the ledger's bounds, how many ended sessions
 * were dropped (and of them with resources open), per kind what they
 * created and closed and what is still open, and the unpaired by phase.
 */
void
vigil_snapshot_add_sessions_dropped (JsonBuilder *builder,
                                     VigilLedger *ledger)
{
  VigilLedgerDropped dropped;
  guint max_ended, max_unpaired;

  vigil_ledger_get_dropped (ledger, &dropped);
  vigil_ledger_get_bounds (ledger, &max_ended, &max_unpaired);

  json_builder_set_member_name (builder, "sessions_dropped");
  json_builder_begin_object (builder);
  vigil_json_add_int (builder, "max_ended_kept", max_ended);
  vigil_json_add_int (builder, "max_unpaired_kept", max_unpaired);
  vigil_json_add_int (builder, "sessions", (gint64) dropped.sessions);
  vigil_json_add_int (builder, "unpaired_sessions", (gint64) dropped.unpaired_sessions);
  vigil_json_add_int (builder, "unpaired_resources", (gint64) dropped.n_unpaired);

  json_builder_set_member_name (builder, "kinds");
  json_builder_begin_object (builder);
  for (guint k = 0; k < VIGIL_N_RESOURCE_KINDS; k++)
    {
      guint64 open = 0;

      for (guint p = 0; p < VIGIL_N_PHASES; p++)
        open += dropped.unpaired[k][p];
      if (dropped.created[k] == 0)
        continue;
      json_builder_set_member_name (builder, vigil_resource_kind_to_string (k));
      json_builder_begin_object (builder);
      vigil_json_add_int (builder, "created", (gint64) dropped.created[k]);
      vigil_json_add_int (builder, "closed", (gint64) dropped.closed[k]);
      vigil_json_add_int (builder, "unpaired", (gint64) open);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "unpaired");
  json_builder_begin_array (builder);
  for (guint k = 0; k < VIGIL_N_RESOURCE_KINDS; k++)
    for (guint p = 0; p < VIGIL_N_PHASES; p++)
      if (dropped.unpaired[k][p] > 0)
        {
          json_builder_begin_object (builder);
          vigil_json_add_string (builder, "kind", vigil_resource_kind_to_string (k));
          vigil_json_add_string (builder, "create_phase", vigil_phase_to_string (p));
          vigil_json_add_int (builder, "count", (gint64) dropped.unpaired[k][p]);
          json_builder_end_object (builder);
        }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}
