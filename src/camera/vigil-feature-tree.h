/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <arv.h>
#include <glib-object.h>

G_BEGIN_DECLS

/* The camera's GenICam node tree as its XML defines it: categories from
 * "Root" down, each feature with what the XML says about it.  Built on the
 * session worker thread from the device's ArvGc without reading a single
 * register, then immutable: the main thread reads it freely.  Every string
 * came from the camera and is valid UTF-8, without control characters and
 * bounded. */

typedef enum
{
  VIGIL_FEATURE_KIND_CATEGORY,
  VIGIL_FEATURE_KIND_INTEGER,
  VIGIL_FEATURE_KIND_FLOAT,
  VIGIL_FEATURE_KIND_ENUMERATION,
  VIGIL_FEATURE_KIND_BOOLEAN,
  VIGIL_FEATURE_KIND_STRING,
  VIGIL_FEATURE_KIND_COMMAND,
  VIGIL_FEATURE_KIND_OTHER,      /* a register or a node Vigil does not edit */
} VigilFeatureKind;

/* Ordered from the most shown to the least, so "shown at level L" is
 * visibility <= L. */
typedef enum
{
  VIGIL_FEATURE_VISIBILITY_BEGINNER,
  VIGIL_FEATURE_VISIBILITY_EXPERT,
  VIGIL_FEATURE_VISIBILITY_GURU,
  VIGIL_FEATURE_VISIBILITY_INVISIBLE,
} VigilFeatureVisibility;

#define VIGIL_FEATURE_VISIBILITY_LEVELS 4

typedef enum
{
  VIGIL_FEATURE_ACCESS_UNDEFINED,
  VIGIL_FEATURE_ACCESS_RO,
  VIGIL_FEATURE_ACCESS_WO,
  VIGIL_FEATURE_ACCESS_RW,
} VigilFeatureAccess;

typedef enum
{
  VIGIL_FEATURE_REPRESENTATION_UNDEFINED,
  VIGIL_FEATURE_REPRESENTATION_LINEAR,
  VIGIL_FEATURE_REPRESENTATION_LOGARITHMIC,
  VIGIL_FEATURE_REPRESENTATION_BOOLEAN,
  VIGIL_FEATURE_REPRESENTATION_PURE_NUMBER,
  VIGIL_FEATURE_REPRESENTATION_HEX_NUMBER,
  VIGIL_FEATURE_REPRESENTATION_IPV4_ADDRESS,
  VIGIL_FEATURE_REPRESENTATION_MAC_ADDRESS,
} VigilFeatureRepresentation;

typedef struct _VigilFeatureNode VigilFeatureNode;

/* One place of a node in the tree: a feature listed by two categories has
 * two nodes. */
struct _VigilFeatureNode
{
  char                       *name;
  char                       *display_name;  /* the name when the XML has none */
  char                       *tooltip;       /* (nullable) */
  char                       *description;   /* (nullable) */
  char                       *unit;          /* (nullable) */
  VigilFeatureKind            kind;
  VigilFeatureVisibility      visibility;
  VigilFeatureAccess          access;        /* as the XML imposes it */
  VigilFeatureRepresentation  representation;
  gboolean                    streamable;
  guint                       polling_ms;    /* 0: not polled */
  GStrv                       entries;       /* enumerations: every entry's name */
  GStrv                       entry_labels;  /* their display names */
  GStrv                       invalidators;  /* nodes whose change invalidates this one */
  char                       *value_node;    /* (nullable) the node pValue names */
  guint                       depth;         /* Root's children are 0 */
  VigilFeatureNode           *parent;        /* (nullable) for Root's children */
  GPtrArray                  *children;      /* categories: of VigilFeatureNode */
};

typedef struct _VigilFeatureTree VigilFeatureTree;

#define VIGIL_TYPE_FEATURE_TREE (vigil_feature_tree_get_type ())

GType             vigil_feature_tree_get_type        (void) G_GNUC_CONST;
VigilFeatureTree *vigil_feature_tree_build           (ArvGc                  *genicam,
                                                      GError                **error);
VigilFeatureTree *vigil_feature_tree_ref             (VigilFeatureTree       *self);
void              vigil_feature_tree_unref           (VigilFeatureTree       *self);
GPtrArray        *vigil_feature_tree_get_roots       (VigilFeatureTree       *self);
GPtrArray        *vigil_feature_tree_get_nodes       (VigilFeatureTree       *self);
VigilFeatureNode *vigil_feature_tree_lookup          (VigilFeatureTree       *self,
                                                      const char             *name);
GPtrArray        *vigil_feature_tree_dup_invalidated (VigilFeatureTree       *self,
                                                      const char             *written);
guint             vigil_feature_tree_count           (VigilFeatureTree       *self,
                                                      gboolean                categories,
                                                      VigilFeatureVisibility  visibility);
gboolean          vigil_feature_node_is_category     (const VigilFeatureNode *node);
VigilFeatureKind  vigil_feature_kind_of              (ArvGcNode              *node);
const char       *vigil_feature_kind_to_string       (VigilFeatureKind        kind);
const char       *vigil_feature_visibility_to_string (VigilFeatureVisibility  visibility);
const char       *vigil_feature_access_to_string     (VigilFeatureAccess      access);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilFeatureTree, vigil_feature_tree_unref)

G_END_DECLS
