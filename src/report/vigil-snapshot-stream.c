/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-snapshot-stream"

#include "config.h"

#include "vigil-json.h"
#include "vigil-snapshot-private.h"

/* "camera"."stream_statistics": Aravis's counts of the current stream and
 * their rise over the last minute (docs/snapshot.md). */

static const char *
alert_name (VigilStreamAlert alert)
{
  switch (alert)
    {
    case VIGIL_STREAM_ALERT_UNDERRUN:
      return "underrun";
    case VIGIL_STREAM_ALERT_PACKET_LOSS:
      return "packet-loss";
    case VIGIL_STREAM_ALERT_NONE:
    default:
      return "none";
    }
}

static gboolean
applies (const VigilStreamStatsInfo *info,
         VigilStreamStat             stat)
{
  return info->counts.gige || (stat != VIGIL_STREAM_STAT_MISSING_PACKETS &&
                               stat != VIGIL_STREAM_STAT_RESENT_PACKETS);
}

/* Adds the member "stream_statistics": null when no stream was read. */
void
vigil_snapshot_add_stream_stats (JsonBuilder                *builder,
                                 const VigilStreamStatsInfo *info)
{
  json_builder_set_member_name (builder, "stream_statistics");
  if (info == NULL || !info->valid)
    {
      json_builder_add_null_value (builder);
      return;
    }

  json_builder_begin_object (builder);
  vigil_json_add_int (builder, "session", (gint64) info->session);
  vigil_json_add_int (builder, "stream_restarts", (gint64) info->stream);
  vigil_json_add_string (builder, "transport", info->counts.gige ? "GigE Vision" : "other");
  for (guint i = 0; i < VIGIL_STREAM_N_STATS; i++)
    if (applies (info, i))
      vigil_json_add_int (builder, vigil_stream_stat_name (i), (gint64) info->counts.values[i]);
  vigil_json_add_double (builder, "window_s", info->window_s);
  json_builder_set_member_name (builder, "last_minute");
  json_builder_begin_object (builder);
  for (guint i = 0; i < VIGIL_STREAM_N_STATS; i++)
    if (applies (info, i))
      vigil_json_add_int (builder, vigil_stream_stat_name (i), (gint64) info->in_window[i]);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "per_minute");
  json_builder_begin_object (builder);
  for (guint i = 0; i < VIGIL_STREAM_N_STATS; i++)
    if (applies (info, i))
      vigil_json_add_double (builder, vigil_stream_stat_name (i), info->per_minute[i]);
  json_builder_end_object (builder);
  vigil_json_add_string (builder, "alert", alert_name (info->alert));
  json_builder_end_object (builder);
}
