/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-loopback"

#include "config.h"

#include <ifaddrs.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-loopback.h"

/* Loopback addresses 127.0.0.N for simulated cameras side by side
 * (reference/aravis.md): added to lo with `ip addr add` while needed and
 * removed again by vigil_loopback_remove_all () or dispose.  Only the
 * addresses this object added are removed. */
struct _VigilLoopback
{
  GObject    parent_instance;

  GPtrArray *added;
};

G_DEFINE_FINAL_TYPE (VigilLoopback, vigil_loopback, G_TYPE_OBJECT)

static gboolean
run_ip (const char  *verb,
        const char  *address,
        GError     **error)
{
  g_autofree char *cidr = g_strdup_printf ("%s/8", address);
  g_autofree char *err_out = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *argv[] = { "ip", "addr", verb, cidr, "dev", "lo", NULL };
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err_out, &status, &local_error) ||
      !g_spawn_check_wait_status (status, &local_error))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_SIMULATOR,
                   _("Could not %s %s on the loopback interface (%s%s%s); this needs root: "
                     "run as root, or inside `unshare --net --map-root-user` after `ip link set lo up`"),
                   g_str_equal (verb, "add") ? _("add") : _("remove"), cidr,
                   local_error->message, err_out && *err_out ? ": " : "",
                   err_out ? g_strstrip (err_out) : "");
      return FALSE;
    }
  return TRUE;
}

static void
vigil_loopback_dispose (GObject *object)
{
  vigil_loopback_remove_all (VIGIL_LOOPBACK (object));

  G_OBJECT_CLASS (vigil_loopback_parent_class)->dispose (object);
}

static void
vigil_loopback_finalize (GObject *object)
{
  VigilLoopback *self = (VigilLoopback *) object;

  g_clear_pointer (&self->added, g_ptr_array_unref);

  G_OBJECT_CLASS (vigil_loopback_parent_class)->finalize (object);
}

static void
vigil_loopback_class_init (VigilLoopbackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_loopback_dispose;
  object_class->finalize = vigil_loopback_finalize;
}

static void
vigil_loopback_init (VigilLoopback *self)
{
  self->added = g_ptr_array_new_with_free_func (g_free);
}

VigilLoopback *
vigil_loopback_new (void)
{
  return g_object_new (VIGIL_TYPE_LOOPBACK, NULL);
}

/* Whether an interface of this network namespace has @address (IPv4). */
gboolean
vigil_loopback_has_address (const char *address)
{
  struct ifaddrs *list = NULL;
  struct in_addr wanted;
  gboolean found = FALSE;

  if (inet_pton (AF_INET, address, &wanted) != 1 || getifaddrs (&list) != 0)
    return FALSE;
  for (struct ifaddrs *i = list; i != NULL && !found; i = i->ifa_next)
    if (i->ifa_addr != NULL && i->ifa_addr->sa_family == AF_INET)
      found = ((struct sockaddr_in *) i->ifa_addr)->sin_addr.s_addr == wanted.s_addr;
  freeifaddrs (list);
  return found;
}

/**
 * vigil_loopback_ensure:
 * @address: an IPv4 address in 127.0.0.0/8
 *
 * Puts @address on lo unless an interface already has it.
 */
gboolean
vigil_loopback_ensure (VigilLoopback  *self,
                       const char     *address,
                       GError        **error)
{
  g_return_val_if_fail (VIGIL_IS_LOOPBACK (self), FALSE);

  if (vigil_loopback_has_address (address))
    return TRUE;
  if (!run_ip ("add", address, error))
    return FALSE;
  g_ptr_array_add (self->added, g_strdup (address));
  g_debug ("Added %s/8 to lo", address);
  return TRUE;
}

/* Removes the addresses this object added.  Idempotent. */
void
vigil_loopback_remove_all (VigilLoopback *self)
{
  g_return_if_fail (VIGIL_IS_LOOPBACK (self));

  for (guint i = 0; self->added != NULL && i < self->added->len; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!run_ip ("del", g_ptr_array_index (self->added, i), &error))
        g_debug ("%s", error->message);
    }
  if (self->added != NULL)
    g_ptr_array_set_size (self->added, 0);
}
