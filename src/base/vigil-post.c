/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-post"

#include "config.h"

#include "vigil-post.h"

/**
 * vigil_post:
 * @context: (transfer none): the context to run @func on
 * @data: (transfer full): passed to @func, released with @destroy on
 *   @context's thread
 *
 * Queues @func to run once on @context's thread.  Unlike
 * g_main_context_invoke () it never runs @func inline on the calling
 * thread, whoever owns @context at that moment.
 *
 * Returns: the source id on @context
 */
guint
vigil_post (GMainContext   *context,
            GSourceFunc     func,
            gpointer        data,
            GDestroyNotify  destroy)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, destroy);
  g_source_set_static_name (source, "[vigil] post");
  return g_source_attach (source, context);
}
