/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-metrics-exposition"

#include "config.h"

#include <math.h>
#include <string.h>

#include "vigil-metrics-exposition.h"

/* The figures in the Prometheus text format 0.0.4 or in OpenMetrics 1.0.
 * The two differ in how a family is declared: OpenMetrics names a counter
 * family without its "_total" and an info family without its "_info", and
 * has the types stateset and info, which the text format writes as gauges.
 * A stateset's state label carries the family's own name, as OpenMetrics
 * requires (vigil_leak_verdict{metric="open_fds",vigil_leak_verdict="LEAK"}),
 * in both formats, so one query works on either.  Nothing here allocates
 * beyond the output string: a scrape costs microseconds. */

typedef enum
{
  KIND_GAUGE,
  KIND_COUNTER,
  KIND_STATESET,
  KIND_INFO,
} Kind;

typedef struct
{
  GString            *out;
  VigilMetricsFormat  format;
} Writer;

static const char *verdict_states[] = { "PASS", "WATCH", "LEAK" };

/* The family's name as declared: OpenMetrics drops the sample suffix. */
static void
family (Writer     *w,
        const char *name,
        Kind        kind,
        const char *help)
{
  gboolean om = w->format == VIGIL_METRICS_FORMAT_OPENMETRICS;
  const char *type = "gauge";
  const char *suffix = "";

  switch (kind)
    {
    case KIND_COUNTER:
      type = "counter";
      suffix = om ? "" : "_total";
      break;
    case KIND_STATESET:
      type = om ? "stateset" : "gauge";
      break;
    case KIND_INFO:
      type = om ? "info" : "gauge";
      suffix = om ? "" : "_info";
      break;
    case KIND_GAUGE:
    default:
      break;
    }
  g_string_append_printf (w->out, "# HELP %s%s %s\n# TYPE %s%s %s\n", name, suffix, help, name, suffix, type);
}

/* A label value: backslash, double quote and line feed escaped. */
static void
append_label_value (GString    *out,
                    const char *value)
{
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\\')
        g_string_append (out, "\\\\");
      else if (*p == '"')
        g_string_append (out, "\\\"");
      else if (*p == '\n')
        g_string_append (out, "\\n");
      else
        g_string_append_c (out, *p);
    }
}

/* name{k1="v1",k2="v2"} — @labels is NULL-terminated pairs, or NULL. */
static void
begin_sample (Writer             *w,
              const char         *name,
              const char         *suffix,
              const char * const *labels)
{
  g_string_append (w->out, name);
  g_string_append (w->out, suffix);
  if (labels != NULL && labels[0] != NULL)
    {
      g_string_append_c (w->out, '{');
      for (guint i = 0; labels[i] != NULL && labels[i + 1] != NULL; i += 2)
        {
          if (i > 0)
            g_string_append_c (w->out, ',');
          g_string_append (w->out, labels[i]);
          g_string_append (w->out, "=\"");
          append_label_value (w->out, labels[i + 1]);
          g_string_append_c (w->out, '"');
        }
      g_string_append_c (w->out, '}');
    }
  g_string_append_c (w->out, ' ');
}

static void
sample_int (Writer             *w,
            const char         *name,
            const char         *suffix,
            const char * const *labels,
            gint64              value)
{
  begin_sample (w, name, suffix, labels);
  g_string_append_printf (w->out, "%" G_GINT64_FORMAT "\n", value);
}

static void
sample_double (Writer             *w,
               const char         *name,
               const char         *suffix,
               const char * const *labels,
               gdouble             value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  begin_sample (w, name, suffix, labels);
  if (isnan (value))
    g_string_append (w->out, "NaN\n");
  else if (isinf (value))
    g_string_append (w->out, value > 0 ? "+Inf\n" : "-Inf\n");
  else
    {
      g_string_append (w->out, g_ascii_dtostr (buffer, sizeof buffer, value));
      g_string_append_c (w->out, '\n');
    }
}

/* A gauge of one sample, written only when known. */
static void
gauge_known (Writer     *w,
             const char *name,
             const char *help,
             gint64      value)
{
  if (value < 0)
    return;
  family (w, name, KIND_GAUGE, help);
  if (value == G_MAXINT64)
    sample_double (w, name, "", NULL, INFINITY);
  else
    sample_int (w, name, "", NULL, value);
}

static void
render_process (Writer                    *w,
                const VigilMetricsFigures *f)
{
  gauge_known (w, "process_open_fds", "Number of open file descriptors.", f->open_fds);
  gauge_known (w, "process_max_fds", "Maximum number of open file descriptors (soft limit).", f->max_fds);
  gauge_known (w, "process_resident_memory_bytes", "Resident memory size in bytes.", f->rss_bytes);
  gauge_known (w, "process_virtual_memory_bytes", "Virtual memory size in bytes.", f->virtual_bytes);
  if (f->cpu_seconds >= 0)
    {
      family (w, "process_cpu_seconds", KIND_COUNTER, "Total user and system CPU time spent in seconds.");
      sample_double (w, "process_cpu_seconds", "_total", NULL, f->cpu_seconds);
    }
  if (f->start_time_seconds >= 0)
    {
      family (w, "process_start_time_seconds", KIND_GAUGE, "Start time of the process since unix epoch in seconds.");
      sample_double (w, "process_start_time_seconds", "", NULL, f->start_time_seconds);
    }
  gauge_known (w, "process_threads", "Number of OS threads in the process.", f->threads);
}

static void
render_handles (Writer                    *w,
                const VigilMetricsFigures *f)
{
  if (f->open_fds >= 0)
    {
      family (w, "vigil_open_fds", KIND_GAUGE, "Open file descriptors by kind, as the panel counts them.");
      for (guint k = 0; k < VIGIL_N_FD_KINDS; k++)
        {
          const char *labels[] = { "kind", vigil_fd_kind_to_string (k), NULL };

          if (f->fds_by_kind[k] >= 0)
            sample_int (w, "vigil_open_fds", "", labels, f->fds_by_kind[k]);
        }
    }
  gauge_known (w, "vigil_private_memory_bytes", "Private memory (Private_Clean + Private_Dirty) in bytes.",
               f->private_bytes);
}

static void
render_cameras (Writer                    *w,
                const VigilMetricsFigures *f)
{
  static const struct { const char *name; const char *help; gsize offset; } counters[] = {
    { "vigil_reconnects", "Reconnects of the camera's supervisor (opening again after a loss).",
      G_STRUCT_OFFSET (VigilMetricsCamera, reconnects) },
    { "vigil_sessions", "Camera sessions opened (successful or not).",
      G_STRUCT_OFFSET (VigilMetricsCamera, sessions) },
    { "vigil_stream_restarts", "Streams made anew within a session (no frames, the camera still answering).",
      G_STRUCT_OFFSET (VigilMetricsCamera, stream_restarts) },
    { "vigil_triggers", "Software triggers the camera took.",
      G_STRUCT_OFFSET (VigilMetricsCamera, triggers) },
  };

  for (guint c = 0; c < G_N_ELEMENTS (counters); c++)
    {
      family (w, counters[c].name, KIND_COUNTER, counters[c].help);
      for (guint i = 0; i < f->cameras->len; i++)
        {
          const VigilMetricsCamera *camera = &g_array_index (f->cameras, VigilMetricsCamera, i);
          const char *labels[] = { "camera", camera->camera, NULL };

          sample_int (w, counters[c].name, "_total", labels,
                      (gint64) G_STRUCT_MEMBER (guint64, camera, counters[c].offset));
        }
    }

  family (w, "vigil_session_state", KIND_STATESET, "The supervisor's state for the camera (a stateset).");
  for (guint i = 0; i < f->cameras->len; i++)
    {
      const VigilMetricsCamera *camera = &g_array_index (f->cameras, VigilMetricsCamera, i);

      if (!camera->has_state)
        continue;
      for (guint s = VIGIL_SUPERVISOR_IDLE; s <= VIGIL_SUPERVISOR_CLOSING; s++)
        {
          const char *labels[] = { "camera", camera->camera,
                                   "vigil_session_state", vigil_supervisor_state_to_string (s), NULL };

          sample_int (w, "vigil_session_state", "", labels, camera->state == s);
        }
    }

  family (w, "vigil_frames_received", KIND_COUNTER, "Complete frames received from the cameras.");
  sample_int (w, "vigil_frames_received", "_total", NULL, (gint64) f->frames_received);
  family (w, "vigil_frames_shown", KIND_COUNTER, "Frames handed to the display (or its stand-in in vigil-soak).");
  sample_int (w, "vigil_frames_shown", "_total", NULL, (gint64) f->frames_shown);
  family (w, "vigil_stream_failed_buffers", KIND_COUNTER, "Stream buffers that came back with an error status.");
  sample_int (w, "vigil_stream_failed_buffers", "_total", NULL, (gint64) f->failed_buffers);
  family (w, "vigil_gv_missing_packets", KIND_COUNTER, "GigE Vision stream packets never received.");
  sample_int (w, "vigil_gv_missing_packets", "_total", NULL, (gint64) f->missing_packets);
  family (w, "vigil_gv_resent_packets", KIND_COUNTER, "GigE Vision stream packets the camera sent again.");
  sample_int (w, "vigil_gv_resent_packets", "_total", NULL, (gint64) f->resent_packets);
}

static void
render_ledger (Writer                    *w,
               const VigilMetricsFigures *f)
{
  family (w, "vigil_unpaired_resources", KIND_GAUGE,
          "Tracked resources of ended sessions never closed, by kind and the phase that made them.");
  for (guint i = 0; i < f->unpaired->len; i++)
    {
      const VigilMetricsUnpaired *u = &g_array_index (f->unpaired, VigilMetricsUnpaired, i);
      const char *labels[] = { "kind", vigil_resource_kind_to_string (u->kind),
                               "phase", vigil_phase_to_string (u->phase), NULL };

      sample_int (w, "vigil_unpaired_resources", "", labels, (gint64) u->count);
    }

  /* The collector always fills it; a caller without orphans leaves it out. */
  if (f->orphans != NULL)
    {
      family (w, "vigil_orphan_handles", KIND_GAUGE,
              "OS handles left by ended sessions that no ledger entry knows, by kind and phase.");
      for (guint i = 0; i < f->orphans->len; i++)
        {
          const VigilMetricsOrphans *o = &g_array_index (f->orphans, VigilMetricsOrphans, i);
          const char *labels[] = { "kind", o->kind, "phase", vigil_phase_to_string (o->phase), NULL };

          sample_int (w, "vigil_orphan_handles", "", labels, (gint64) o->count);
        }
    }
}

static void
render_verdict (Writer                    *w,
                const VigilMetricsFigures *f)
{
  if (f->has_verdict)
    {
      family (w, "vigil_leak_verdict", KIND_STATESET, "The leak verdict of each metric: PASS, WATCH or LEAK.");
      for (guint m = 0; m < VIGIL_N_METRICS; m++)
        for (guint s = 0; s < G_N_ELEMENTS (verdict_states); s++)
          {
            const char *labels[] = { "metric", vigil_metric_to_string (m),
                                     "vigil_leak_verdict", verdict_states[s], NULL };

            sample_int (w, "vigil_leak_verdict", "", labels, (guint) f->verdict[m] == s);
          }
    }
  if (!isnan (f->fd_slope_per_reconnect))
    {
      family (w, "vigil_fd_slope_per_reconnect", KIND_GAUGE,
              "Open fds gained per reconnect since the baseline (Theil-Sen).");
      sample_double (w, "vigil_fd_slope_per_reconnect", "", NULL, f->fd_slope_per_reconnect);
    }
  if (!isnan (f->time_to_exhaustion_seconds))
    {
      family (w, "vigil_time_to_fd_exhaustion_seconds", KIND_GAUGE,
              "Seconds until the fd limit is reached at the current slope and reconnect rate (+Inf: never).");
      sample_double (w, "vigil_time_to_fd_exhaustion_seconds", "", NULL, f->time_to_exhaustion_seconds);
    }

  family (w, "vigil_faults_fired", KIND_COUNTER, "Times each fault point fired.");
  for (guint i = 0; i < f->faults->len; i++)
    {
      const VigilMetricsFault *fault = &g_array_index (f->faults, VigilMetricsFault, i);
      const char *labels[] = { "point", fault->point, NULL };

      sample_int (w, "vigil_faults_fired", "_total", labels, (gint64) fault->fired);
    }
}

static void
render_build (Writer                    *w,
              const VigilMetricsFigures *f)
{
  const char *labels[] = { "version", f->version ? f->version : "",
                           "aravis_version", f->aravis_version ? f->aravis_version : "", NULL };

  family (w, "vigil_build", KIND_INFO, "The version of Vigil and of the Aravis library it runs with.");
  sample_int (w, "vigil_build", "_info", labels, 1);
  if (f->sample_wall_us > 0)
    {
      family (w, "vigil_last_sample_timestamp_seconds", KIND_GAUGE,
              "When the sampler published these figures, since unix epoch (stale: the sampler is stuck).");
      sample_double (w, "vigil_last_sample_timestamp_seconds", "", NULL, f->sample_wall_us / 1e6);
    }
}

/**
 * vigil_metrics_render:
 * @out: the exposition is appended here
 *
 * Any thread; reads @figures only.
 */
void
vigil_metrics_render (const VigilMetricsFigures *figures,
                      VigilMetricsFormat         format,
                      GString                   *out)
{
  Writer w = { out, format };

  g_return_if_fail (figures != NULL);
  g_return_if_fail (out != NULL);

  render_process (&w, figures);
  render_handles (&w, figures);
  render_cameras (&w, figures);
  render_ledger (&w, figures);
  render_verdict (&w, figures);
  render_build (&w, figures);
  if (format == VIGIL_METRICS_FORMAT_OPENMETRICS)
    g_string_append (out, "# EOF\n");
}

/* The q value of one media range ("type/subtype;version=…;q=0.5"), or -1
 * when it is not @type. */
static gdouble
media_range_q (const char *range,
               const char *type)
{
  g_auto(GStrv) params = g_strsplit (range, ";", -1);
  g_autofree char *media = g_strstrip (g_strdup (params[0]));
  gdouble q = 1.0;

  if (g_ascii_strcasecmp (media, type) != 0)
    return -1;
  for (guint i = 1; params[i] != NULL; i++)
    {
      const char *param = g_strstrip (params[i]);

      if (g_ascii_strncasecmp (param, "q=", 2) == 0)
        q = g_ascii_strtod (param + 2, NULL);
    }
  return q;
}

/**
 * vigil_metrics_format_from_accept:
 * @accept: (nullable): the request's Accept header
 *
 * OpenMetrics when the client accepts application/openmetrics-text at
 * least as much as text/plain, else the text format 0.0.4.
 */
VigilMetricsFormat
vigil_metrics_format_from_accept (const char *accept)
{
  g_auto(GStrv) ranges = NULL;
  gdouble om = -1, text = -1;

  if (accept == NULL || strlen (accept) > 4096)
    return VIGIL_METRICS_FORMAT_TEXT;
  ranges = g_strsplit (accept, ",", 64);
  for (guint i = 0; ranges[i] != NULL; i++)
    {
      om = MAX (om, media_range_q (ranges[i], "application/openmetrics-text"));
      text = MAX (text, media_range_q (ranges[i], "text/plain"));
    }
  return om > 0 && om >= text ? VIGIL_METRICS_FORMAT_OPENMETRICS : VIGIL_METRICS_FORMAT_TEXT;
}

const char *
vigil_metrics_format_content_type (VigilMetricsFormat format)
{
  return format == VIGIL_METRICS_FORMAT_OPENMETRICS ? VIGIL_METRICS_CONTENT_TYPE_OPENMETRICS
                                                    : VIGIL_METRICS_CONTENT_TYPE_TEXT;
}
