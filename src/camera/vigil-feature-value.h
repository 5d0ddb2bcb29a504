/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <arv.h>
#include <glib-object.h>

#include "vigil-feature-tree.h"

G_BEGIN_DECLS

/* What one read of one feature found: its value in words and, by type, its
 * number, range and the entries available now.  Read on the session worker
 * thread (each read is a network round trip), then handed to the main
 * thread.  Strings are sanitised and bounded. */
typedef struct
{
  char             *name;
  VigilFeatureKind  kind;
  char             *text;          /* (nullable) the value in words; NULL when unread */
  char             *error;         /* (nullable) why it could not be read, in words */
  char             *refusal;       /* (nullable) a write refused: the camera's words */
  gboolean          timed_out;     /* the camera did not answer */
  gboolean          available;
  gboolean          implemented;
  gboolean          locked;
  gboolean          writable;      /* available, not locked, not read-only */
  gint64            int_value;
  gint64            int_min;
  gint64            int_max;
  gint64            int_inc;
  double            float_value;
  double            float_min;
  double            float_max;
  double            float_inc;     /* 0: none */
  gboolean          bool_value;
  gint64            max_length;    /* strings */
  GStrv             available_entries; /* enumerations: entries available now */
} VigilFeatureValue;

#define VIGIL_TYPE_FEATURE_VALUE (vigil_feature_value_get_type ())

/* The longest string written or read (a string register is rarely more
 * than a few hundred bytes). */
#define VIGIL_FEATURE_STRING_MAX 4096

GType              vigil_feature_value_get_type   (void) G_GNUC_CONST;
VigilFeatureValue *vigil_feature_value_read       (ArvGc              *genicam,
                                                   const char         *name);
VigilFeatureValue *vigil_feature_value_copy       (const VigilFeatureValue *self);
void               vigil_feature_value_free       (VigilFeatureValue  *self);
gboolean           vigil_feature_value_write_text (ArvGc              *genicam,
                                                   const char         *name,
                                                   const char         *text,
                                                   GError            **error);
gboolean           vigil_feature_value_is_timeout (const GError       *error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilFeatureValue, vigil_feature_value_free)

G_END_DECLS
