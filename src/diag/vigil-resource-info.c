/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-resource-info"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vigil-resource-info.h"

G_DEFINE_BOXED_TYPE (VigilResourceInfo, vigil_resource_info,
                     vigil_resource_info_copy, vigil_resource_info_free)

static const char * const kind_names[VIGIL_N_RESOURCE_KINDS] = {
  [VIGIL_RESOURCE_DEVICE]         = "Device",
  [VIGIL_RESOURCE_STREAM]         = "Stream",
  [VIGIL_RESOURCE_BUFFERS]        = "Buffers",
  [VIGIL_RESOURCE_SIGNAL_HANDLER] = "SignalHandler",
  [VIGIL_RESOURCE_THREAD]         = "Thread",
  [VIGIL_RESOURCE_TIMER]          = "Timer",
  [VIGIL_RESOURCE_EVENT]          = "Event",
  [VIGIL_RESOURCE_SUBPROCESS]     = "Subprocess",
};

static const char * const action_names[VIGIL_N_ACTIONS] = {
  [VIGIL_ACTION_CREATE]     = "Create",
  [VIGIL_ACTION_OPEN]       = "Open",
  [VIGIL_ACTION_REGISTER]   = "Register",
  [VIGIL_ACTION_CLOSE]      = "Close",
  [VIGIL_ACTION_DISPOSE]    = "Dispose",
  [VIGIL_ACTION_UNREGISTER] = "Unregister",
};

/**
 * vigil_resource_kind_to_string:
 *
 * Returns: (nullable): the fixed name of @kind, %NULL when out of range
 */
const char *
vigil_resource_kind_to_string (VigilResourceKind kind)
{
  return (guint) kind < VIGIL_N_RESOURCE_KINDS ? kind_names[kind] : NULL;
}

gboolean
vigil_resource_kind_from_string (const char        *name,
                                 VigilResourceKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  if (name == NULL)
    return FALSE;
  for (guint i = 0; i < VIGIL_N_RESOURCE_KINDS; i++)
    if (strcmp (name, kind_names[i]) == 0)
      {
        *kind = (VigilResourceKind) i;
        return TRUE;
      }
  return FALSE;
}

/**
 * vigil_action_to_string:
 *
 * Returns: (nullable): the fixed name of @action, %NULL when out of range
 */
const char *
vigil_action_to_string (VigilAction action)
{
  return (guint) action < VIGIL_N_ACTIONS ? action_names[action] : NULL;
}

/**
 * vigil_resource_kind_default_actions:
 * @create_action: (out): how a resource of @kind comes into being
 * @close_action: (out): how it ends
 *
 * Device: Open/Close; Stream, Thread, Event, Subprocess: Create/Close;
 * Buffers, Timer: Create/Dispose; SignalHandler: Register/Unregister.
 */
void
vigil_resource_kind_default_actions (VigilResourceKind  kind,
                                     VigilAction       *create_action,
                                     VigilAction       *close_action)
{
  VigilAction create = VIGIL_ACTION_CREATE;
  VigilAction close = VIGIL_ACTION_CLOSE;

  switch (kind)
    {
    case VIGIL_RESOURCE_DEVICE:
      create = VIGIL_ACTION_OPEN;
      break;
    case VIGIL_RESOURCE_BUFFERS:
    case VIGIL_RESOURCE_TIMER:
      close = VIGIL_ACTION_DISPOSE;
      break;
    case VIGIL_RESOURCE_SIGNAL_HANDLER:
      create = VIGIL_ACTION_REGISTER;
      close = VIGIL_ACTION_UNREGISTER;
      break;
    case VIGIL_RESOURCE_STREAM:
    case VIGIL_RESOURCE_THREAD:
    case VIGIL_RESOURCE_EVENT:
    case VIGIL_RESOURCE_SUBPROCESS:
    case VIGIL_N_RESOURCE_KINDS:
    default:
      break;
    }

  if (create_action != NULL)
    *create_action = create;
  if (close_action != NULL)
    *close_action = close;
}

/**
 * vigil_resource_info_copy:
 *
 * Returns: (transfer full): a deep copy
 */
VigilResourceInfo *
vigil_resource_info_copy (const VigilResourceInfo *info)
{
  g_autoptr(VigilResourceInfo) copy = NULL;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_memdup2 (info, sizeof *info);
  copy->camera = g_strdup (info->camera);
  copy->name = g_strdup (info->name);
  copy->owner = g_strdup (info->owner);
  copy->os_target = g_strdup (info->os_target);
  return g_steal_pointer (&copy);
}

void
vigil_resource_info_free (VigilResourceInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->camera);
  g_free (info->name);
  g_free (info->owner);
  g_free (info->os_target);
  g_free (info);
}

void
vigil_session_info_free (VigilSessionInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->camera);
  g_free (info);
}
