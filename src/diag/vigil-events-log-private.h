/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The JSON-lines file of VigilEvents (only src/diag uses it). */
typedef struct _VigilEventsLog VigilEventsLog;

typedef enum
{
  VIGIL_EVENTS_LOG_WRITTEN,        /* the record is in the file */
  VIGIL_EVENTS_LOG_SKIPPED,        /* failing, and not yet time to try again */
  VIGIL_EVENTS_LOG_FAILED,         /* this write failed; the first failure of an episode */
  VIGIL_EVENTS_LOG_STILL_FAILING,  /* tried again and failed again */
  VIGIL_EVENTS_LOG_RECOVERED,      /* written, after a failure episode */
} VigilEventsLogOutcome;

/* How often a failing file is tried again. */
#define VIGIL_EVENTS_LOG_RETRY_US G_USEC_PER_SEC

VigilEventsLog        *vigil_events_log_open       (const char      *path,
                                                    GError         **error);
void                   vigil_events_log_free       (VigilEventsLog  *self);
VigilEventsLogOutcome  vigil_events_log_write      (VigilEventsLog  *self,
                                                    const char      *record,
                                                    gint64           now_us,
                                                    guint64         *dropped,
                                                    GError         **error);
void                   vigil_events_log_set_fault  (VigilEventsLog  *self,
                                                    gint64           max_file_bytes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilEventsLog, vigil_events_log_free)

G_END_DECLS
