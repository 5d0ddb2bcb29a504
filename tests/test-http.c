/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <unistd.h>

#include "test-http.h"

/* A plain blocking HTTP/1.1 client on 127.0.0.1 for the metrics tests:
 * exactly the bytes the test means to send, nothing more. */

/* A connected socket, or -1 when nobody listens (yet). */
int
test_http_try_connect (guint16 port)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons (port) };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (connect (fd, (struct sockaddr *) &addr, sizeof addr) != 0)
    {
      close (fd);
      return -1;
    }
  return fd;
}

int
test_http_connect (guint16 port)
{
  int fd = test_http_try_connect (port);

  g_assert_cmpint (fd, >=, 0);
  return fd;
}

void
test_http_send (int         fd,
          const char *data,
          gsize       length)
{
  while (length > 0)
    {
      ssize_t n = send (fd, data, length, MSG_NOSIGNAL);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return;                         /* the server may close first: fine */
      data += n;
      length -= (gsize) n;
    }
}

/* Reads until the server closes (at most @timeout_ms).  Returns what came. */
char *
test_http_read (int   fd,
          guint timeout_ms)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gint64 deadline = g_get_monotonic_time () + timeout_ms * (gint64) 1000;
  char buffer[16384];

  for (;;)
    {
      struct pollfd pfd = { .fd = fd, .events = POLLIN };
      gint64 left = (deadline - g_get_monotonic_time ()) / 1000;
      ssize_t n;

      if (left <= 0 || poll (&pfd, 1, (int) left) <= 0)
        break;
      n = recv (fd, buffer, sizeof buffer, 0);
      if (n <= 0)
        break;
      g_string_append_len (text, buffer, n);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
test_http (guint16     port,
      const char *request)
{
  int fd = test_http_connect (port);
  char *reply;

  test_http_send (fd, request, strlen (request));
  reply = test_http_read (fd, 5000);
  close (fd);
  return reply;
}

char *
test_http_get (guint16     port,
     const char *path,
     const char *accept)
{
  g_autofree char *request = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: localhost\r\n%s%s%sConnection: close\r\n\r\n",
                                              path, accept ? "Accept: " : "", accept ? accept : "",
                                              accept ? "\r\n" : "");

  return test_http (port, request);
}

guint
test_http_status (const char *reply)
{
  if (!g_str_has_prefix (reply, "HTTP/1.1 ") && !g_str_has_prefix (reply, "HTTP/1.0 "))
    return 0;
  return (guint) g_ascii_strtoull (reply + 9, NULL, 10);
}

/* The body of a reply (after the blank line), or "". */
const char *
test_http_body (const char *reply)
{
  const char *blank = strstr (reply, "\r\n\r\n");

  return blank != NULL ? blank + 4 : "";
}
