/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-metrics-server"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "vigil-error.h"
#include "vigil-metrics-exposition.h"
#include "vigil-metrics-server.h"

#define GUARD_KEY      "vigil-metrics-guard"
#define LISTEN_BACKLOG 128

/* GET /metrics over HTTP, served by libsoup 3 on a thread of its own with
 * a main context of its own: neither the GUI nor a frozen camera can delay
 * a scrape, and a slow scraper never delays the GUI.  A scrape takes a
 * reference to the figures the sampler last published (under the board's
 * mutex) and renders them; it samples nothing and touches no camera.
 *
 * Everything else is refused: other paths 404, other methods 405 (nothing
 * here changes anything).  libsoup refuses request heads over 64 kB (400).
 * Each request must have arrived whole within the request timeout from
 * the moment its connection was ready for it (a slowloris, an idle
 * keep-alive connection), else its socket is shut down; at most
 * max_connections requests are read at once, further connections are
 * shut down at once. */
struct _VigilMetricsServer
{
  GObject             parent_instance;

  /* Any thread. */
  VigilMetricsBoard  *board;
  guint64             scrapes;          /* atomic */
  guint64             dropped;          /* atomic */

  /* Set before start, then read-only. */
  guint               request_timeout_ms;
  guint               max_connections;

  /* The caller's thread (start, stop). */
  GThread            *thread;
  GMainContext       *context;
  GMainLoop          *loop;
  GInetSocketAddress *address;
  guint16             port;

  /* The start handshake. */
  GMutex              lock;
  GCond               cond;
  gboolean            ready;
  GError             *start_error;

  /* The server thread only. */
  guint               in_flight;
};

G_DEFINE_FINAL_TYPE (VigilMetricsServer, vigil_metrics_server, G_TYPE_OBJECT)

/* One request being read: its socket and its deadline. */
typedef struct
{
  VigilMetricsServer *server;
  GSocket            *socket;
  GSource            *timer;
} Guard;

static void
guard_free (gpointer data)
{
  Guard *guard = data;

  guard->server->in_flight--;
  g_source_destroy (guard->timer);
  g_source_unref (guard->timer);
  g_object_unref (guard->socket);
  g_free (guard);
}

static gboolean
on_request_timeout (gpointer data)
{
  Guard *guard = data;

  /* Counted before the shutdown the client sees, so that whoever watches
   * the connection end finds it counted.  The pending read ends; libsoup
   * closes the connection. */
  __atomic_add_fetch (&guard->server->dropped, 1, __ATOMIC_RELAXED);
  g_socket_shutdown (guard->socket, TRUE, TRUE, NULL);
  return G_SOURCE_REMOVE;
}

static void
on_request_started (SoupServer         *soup,
                    SoupServerMessage  *msg,
                    VigilMetricsServer *self)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  Guard *guard;

  if (socket == NULL)
    return;
  if (self->in_flight >= self->max_connections)
    {
      __atomic_add_fetch (&self->dropped, 1, __ATOMIC_RELAXED);
      g_socket_shutdown (socket, TRUE, TRUE, NULL);
      return;
    }
  guard = g_new0 (Guard, 1);
  guard->server = self;
  guard->socket = g_object_ref (socket);
  guard->timer = g_timeout_source_new (self->request_timeout_ms);
  g_source_set_callback (guard->timer, on_request_timeout, guard, NULL);
  g_source_set_name (guard->timer, "[vigil] metrics request timeout");
  g_source_attach (guard->timer, self->context);
  self->in_flight++;
  g_object_set_data_full (G_OBJECT (msg), GUARD_KEY, guard, guard_free);
}

static void
on_request_read (SoupServer         *soup,
                 SoupServerMessage  *msg,
                 VigilMetricsServer *self)
{
  g_object_set_data (G_OBJECT (msg), GUARD_KEY, NULL);
}

static void
respond_text (SoupServerMessage *msg,
              guint              status,
              const char        *text)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/plain; charset=utf-8", SOUP_MEMORY_COPY, text, strlen (text));
}

static void
handle_request (SoupServer        *soup,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  VigilMetricsServer *self = user_data;
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  g_autoptr(VigilMetricsFigures) figures = NULL;
  const char *accept;
  VigilMetricsFormat format;
  GString *out;
  gsize length;

  if (g_strcmp0 (path, "/metrics") != 0)
    {
      respond_text (msg, SOUP_STATUS_NOT_FOUND, "Not found: the metrics are at /metrics\n");
      return;
    }
  if (g_strcmp0 (soup_server_message_get_method (msg), SOUP_METHOD_GET) != 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "GET");
      respond_text (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Only GET\n");
      return;
    }

  accept = soup_message_headers_get_list (request_headers, "Accept");
  format = vigil_metrics_format_from_accept (accept);
  figures = vigil_metrics_board_dup (self->board);
  if (figures == NULL)
    figures = vigil_metrics_figures_new ();   /* before the first sample */
  out = g_string_sized_new (8192);
  vigil_metrics_render (figures, format, out);
  length = out->len;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, vigil_metrics_format_content_type (format), SOUP_MEMORY_TAKE,
                                    g_string_free (out, FALSE), length);
  __atomic_add_fetch (&self->scrapes, 1, __ATOMIC_RELAXED);
}

static void
signal_ready (VigilMetricsServer *self,
              GError             *error)
{
  g_mutex_lock (&self->lock);
  self->ready = TRUE;
  self->start_error = error;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
}

/* The port the listener got (the address may have asked for 0). */
static guint16
listening_port (SoupServer *soup)
{
  GSList *listeners = soup_server_get_listeners (soup);
  g_autoptr(GSocketAddress) local = NULL;
  guint16 port = 0;

  if (listeners != NULL)
    local = g_socket_get_local_address (listeners->data, NULL);
  if (local != NULL && G_IS_INET_SOCKET_ADDRESS (local))
    port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
  g_slist_free (listeners);
  return port;
}

/* Listens with a backlog of LISTEN_BACKLOG (GSocketListener's default of
 * 10 makes a burst of connections wait a second for a SYN-ACK again). */
static gboolean
listen_on (SoupServer          *soup,
           GInetSocketAddress  *address,
           GError             **error)
{
  g_autoptr(GSocket) socket = g_socket_new (g_socket_address_get_family (G_SOCKET_ADDRESS (address)),
                                            G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);

  if (socket == NULL)
    return FALSE;
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  return g_socket_bind (socket, G_SOCKET_ADDRESS (address), TRUE, error) &&
         g_socket_listen (socket, error) &&
         soup_server_listen_socket (soup, socket, 0, error);
}

static gpointer
server_thread (gpointer data)
{
  VigilMetricsServer *self = data;
  g_autoptr(SoupServer) soup = NULL;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (self->context);
  soup = soup_server_new ("server-header", "vigil/" PACKAGE_VERSION " ", NULL);
  soup_server_add_handler (soup, NULL, handle_request, self, NULL);
  g_signal_connect (soup, "request-started", G_CALLBACK (on_request_started), self);
  g_signal_connect (soup, "request-read", G_CALLBACK (on_request_read), self);

  if (!listen_on (soup, self->address, &error))
    signal_ready (self, g_steal_pointer (&error));
  else
    {
      self->port = listening_port (soup);
      signal_ready (self, NULL);
      g_main_loop_run (self->loop);
    }

  soup_server_disconnect (soup);
  g_clear_object (&soup);
  /* Let the closed connections finish on this context. */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
vigil_metrics_server_dispose (GObject *object)
{
  VigilMetricsServer *self = (VigilMetricsServer *) object;

  vigil_metrics_server_stop (self);
  g_clear_pointer (&self->board, vigil_metrics_board_unref);

  G_OBJECT_CLASS (vigil_metrics_server_parent_class)->dispose (object);
}

static void
vigil_metrics_server_finalize (GObject *object)
{
  VigilMetricsServer *self = (VigilMetricsServer *) object;

  g_clear_error (&self->start_error);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (vigil_metrics_server_parent_class)->finalize (object);
}

static void
vigil_metrics_server_class_init (VigilMetricsServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_metrics_server_dispose;
  object_class->finalize = vigil_metrics_server_finalize;
}

static void
vigil_metrics_server_init (VigilMetricsServer *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->request_timeout_ms = VIGIL_METRICS_REQUEST_TIMEOUT_MS_DEFAULT;
  self->max_connections = VIGIL_METRICS_MAX_CONNECTIONS_DEFAULT;
}

/**
 * vigil_metrics_server_new:
 * @board: what the scrapes read
 *
 * Returns: (transfer full): a server not yet listening
 */
VigilMetricsServer *
vigil_metrics_server_new (VigilMetricsBoard *board)
{
  VigilMetricsServer *self;

  g_return_val_if_fail (board != NULL, NULL);

  self = g_object_new (VIGIL_TYPE_METRICS_SERVER, NULL);
  self->board = vigil_metrics_board_ref (board);
  return self;
}

/* How long a request may take to arrive whole.  Before start. */
void
vigil_metrics_server_set_request_timeout (VigilMetricsServer *self,
                                          guint               timeout_ms)
{
  g_return_if_fail (VIGIL_IS_METRICS_SERVER (self));
  g_return_if_fail (self->thread == NULL);

  self->request_timeout_ms = MAX (timeout_ms, 10);
}

/**
 * vigil_metrics_server_start:
 * @address: "ADDR:PORT", ":PORT" or "PORT" (loopback); PORT 0 picks one
 *
 * Starts the server thread and waits until it listens.
 *
 * Returns: %FALSE with @error set when @address is not valid or cannot be
 *   listened on
 */
gboolean
vigil_metrics_server_start (VigilMetricsServer  *self,
                            const char          *address,
                            GError             **error)
{
  g_autoptr(GInetSocketAddress) parsed = NULL;
  GError *start_error;

  g_return_val_if_fail (VIGIL_IS_METRICS_SERVER (self), FALSE);
  g_return_val_if_fail (self->thread == NULL, FALSE);

  if (!(parsed = vigil_metrics_parse_address (address, error)))
    return FALSE;
  g_clear_object (&self->address);
  self->address = g_steal_pointer (&parsed);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->ready = FALSE;
  self->thread = g_thread_new ("vigil-metrics", server_thread, self);

  g_mutex_lock (&self->lock);
  while (!self->ready)
    g_cond_wait (&self->cond, &self->lock);
  start_error = g_steal_pointer (&self->start_error);
  g_mutex_unlock (&self->lock);

  if (start_error != NULL)
    {
      g_autofree char *text = g_inet_address_to_string (g_inet_socket_address_get_address (self->address));
      guint port = g_inet_socket_address_get_port (self->address);

      vigil_metrics_server_stop (self);
      g_propagate_prefixed_error (error, start_error, _("Cannot serve metrics on %s port %u: "), text, port);
      return FALSE;
    }
  return TRUE;
}

/* Stops serving and joins the server thread.  Idempotent. */
void
vigil_metrics_server_stop (VigilMetricsServer *self)
{
  GSource *quit;

  g_return_if_fail (VIGIL_IS_METRICS_SERVER (self));

  if (self->thread == NULL)
    return;
  quit = g_idle_source_new ();
  g_source_set_callback (quit, quit_loop, g_main_loop_ref (self->loop), (GDestroyNotify) g_main_loop_unref);
  g_source_attach (quit, self->context);
  g_source_unref (quit);
  g_thread_join (g_steal_pointer (&self->thread));
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_object (&self->address);
  self->port = 0;
}

/* The port listened on, 0 when not listening. */
guint16
vigil_metrics_server_get_port (VigilMetricsServer *self)
{
  g_return_val_if_fail (VIGIL_IS_METRICS_SERVER (self), 0);
  return self->thread != NULL ? self->port : 0;
}

/** vigil_metrics_server_dup_url: Returns: (transfer full) (nullable): */
char *
vigil_metrics_server_dup_url (VigilMetricsServer *self)
{
  g_autofree char *host = NULL;
  GInetAddress *inet;

  g_return_val_if_fail (VIGIL_IS_METRICS_SERVER (self), NULL);
  if (self->thread == NULL)
    return NULL;
  inet = g_inet_socket_address_get_address (self->address);
  host = g_inet_address_to_string (inet);
  if (g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6)
    return g_strdup_printf ("http://[%s]:%u/metrics", host, self->port);
  return g_strdup_printf ("http://%s:%u/metrics", host, self->port);
}

/* Scrapes answered with figures.  Any thread. */
guint64
vigil_metrics_server_get_scrapes (VigilMetricsServer *self)
{
  g_return_val_if_fail (VIGIL_IS_METRICS_SERVER (self), 0);
  return __atomic_load_n (&self->scrapes, __ATOMIC_RELAXED);
}

/* Connections shut down: too slow or too many.  Any thread. */
guint64
vigil_metrics_server_get_dropped (VigilMetricsServer *self)
{
  g_return_val_if_fail (VIGIL_IS_METRICS_SERVER (self), 0);
  return __atomic_load_n (&self->dropped, __ATOMIC_RELAXED);
}

/**
 * vigil_metrics_parse_address:
 * @text: "ADDR:PORT" (a numeric IPv4 address, "[IPv6]" or "localhost"),
 *   ":PORT" or "PORT" for the loopback
 *
 * No name is looked up: an address is given as numbers.
 *
 * Returns: (transfer full) (nullable): the address, or %NULL with @error set
 */
GInetSocketAddress *
vigil_metrics_parse_address (const char  *text,
                             GError     **error)
{
  g_autofree char *host = NULL;
  g_autoptr(GInetAddress) inet = NULL;
  const char *colon = NULL;
  const char *port_text = NULL;
  guint64 port;

  if (text != NULL && *text != '\0' && strlen (text) <= 128 && g_utf8_validate (text, -1, NULL))
    {
      colon = strrchr (text, ':');
      port_text = colon != NULL ? colon + 1 : text;      /* "PORT" alone */
    }
  if (port_text == NULL || !g_ascii_string_to_unsigned (port_text, 10, 0, 65535, &port, NULL))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a metrics address: use ADDR:PORT, for example 127.0.0.1:9464"),
                   text ? text : "");
      return NULL;
    }
  host = colon != NULL ? g_strndup (text, colon - text) : g_strdup ("");
  if (host[0] == '[' && g_str_has_suffix (host, "]"))
    {
      char *inner = g_strndup (host + 1, strlen (host) - 2);

      g_free (host);
      host = inner;
    }
  if (*host == '\0' || g_ascii_strcasecmp (host, "localhost") == 0)
    inet = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  else
    inet = g_inet_address_new_from_string (host);
  if (inet == NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a numeric IP address (metrics addresses are not looked up)"), host);
      return NULL;
    }
  return G_INET_SOCKET_ADDRESS (g_inet_socket_address_new (inet, (guint16) port));
}
