/*
 * gdb_server.c - a GDB stub's transport and session loop.
 * Introduced in chapter 15.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gdb_server.h"

int gdb_listen(int port, int *bound)
{
    struct sockaddr_in address = {
        .sin_family = AF_INET,
        .sin_port = htons(port),
        .sin_addr.s_addr = htonl(INADDR_LOOPBACK), /* never other hosts */
    };
    socklen_t size = sizeof(address);
    int one = 1, saved;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

    if (fd < 0)
        return -1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, (struct sockaddr *)&address, sizeof(address)) < 0 ||
        listen(fd, 1) < 0 ||
        getsockname(fd, (struct sockaddr *)&address, &size) < 0)
        goto fail;
    *bound = ntohs(address.sin_port);
    return fd;
fail:
    saved = errno;
    close(fd);
    errno = saved;
    return -1;
}

/* Wait until fd is readable, for at most `seconds`. 0, or -1 with errno
 * (ETIMEDOUT). */
static int wait_readable(int fd, double seconds)
{
    struct pollfd poller = {.fd = fd, .events = POLLIN};
    int ready;

    do
        ready = poll(&poller, 1, (int)(seconds * 1000));
    while (ready < 0 && errno == EINTR);
    if (ready == 0)
        errno = ETIMEDOUT;
    return ready > 0 ? 0 : -1;
}

int gdb_accept(int listener, double seconds)
{
    if (wait_readable(listener, seconds) < 0)
        return -1;
    return accept4(listener, NULL, NULL, SOCK_CLOEXEC);
}

/* Everything, or -1: MSG_NOSIGNAL, so a gdb that went away is an error
 * (EPIPE), not a SIGPIPE that kills us. */
static int send_all(int fd, const char *data, size_t length)
{
    while (length > 0) {
        ssize_t sent = send(fd, data, length, MSG_NOSIGNAL);

        if (sent < 0 && errno == EINTR)
            continue;
        if (sent < 0)
            return -1;
        data += sent;
        length -= sent;
    }
    return 0;
}

/* Frame and send a reply, keeping it to send again after a `-`. */
static int send_reply(struct gdb_session *session,
                      const struct gdb_reply *reply)
{
    int length = gdb_frame(reply->text, reply->length, session->sent,
                           sizeof(session->sent));

    if (length < 0)
        return -1;
    session->sent_length = length;
    return send_all(session->fd, session->sent, session->sent_length);
}

// ANCHOR: packet
/* A whole packet arrived: acknowledge it, answer it, and do what it
 * asks. Returns -1 to go on serving, or how the session ends. */
static int on_packet(struct gdb_session *session)
{
    const struct gdb_target *target = session->target;
    struct gdb_reply reply;
    enum gdb_action action;

    session->packets++;
    if (send_all(session->fd, "+", 1) < 0)
        return GDB_END_LOST;
    action = gdb_command(target, session->reader.body,
                         session->reader.length, &reply);
    switch (action) {
    case GDB_SEND_REPLY:
        break;
    case GDB_CONTINUE:
    case GDB_STEP:
        if (target->resume(target->context, action == GDB_STEP,
                           &session->stop) < 0)
            session->stop.kind = GDB_STOP_FAILED;
        gdb_stop_reply(&session->stop, &reply);
        if (session->stop.kind != GDB_STOP_TRAP) {
            send_reply(session, &reply); /* gdb may be gone */
            return GDB_END_GUEST;
        }
        break;
    case GDB_DETACH:
        send_reply(session, &reply);
        return GDB_END_DETACH;
    case GDB_KILL:
        return GDB_END_KILL;
    }
    return send_reply(session, &reply) < 0 ? GDB_END_LOST : -1;
}
// ANCHOR_END: packet

// ANCHOR: serve
enum gdb_end gdb_serve(struct gdb_session *session)
{
    struct gdb_reply error = {.length = 3, .text = "E01"};
    unsigned char bytes[512];
    int end;

    gdb_reader_init(&session->reader);
    session->sent_length = 0;
    for (;;) {
        ssize_t got;

        if (wait_readable(session->fd, session->wait) < 0)
            goto lost; /* ETIMEDOUT: silence */
        got = read(session->fd, bytes, sizeof(bytes));
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            errno = got == 0 ? 0 : errno; /* 0: gdb closed the connection */
            goto lost;
        }
        for (ssize_t i = 0; i < got; i++) {
            switch (gdb_reader_feed(&session->reader, bytes[i])) {
            case GDB_PACKET:
                end = on_packet(session);
                if (end >= 0) {
                    session->error = errno;
                    return end;
                }
                break;
            case GDB_BAD_CHECKSUM: /* "send it again" */
                session->bad_packets++;
                if (send_all(session->fd, "-", 1) < 0)
                    goto lost;
                break;
            case GDB_OVERLONG: /* received, but more than we take */
                session->bad_packets++;
                if (send_all(session->fd, "+", 1) < 0 ||
                    send_reply(session, &error) < 0)
                    goto lost;
                break;
            case GDB_NACK: /* our last packet arrived damaged */
                if (session->sent_length &&
                    send_all(session->fd, session->sent,
                             session->sent_length) < 0)
                    goto lost;
                break;
            case GDB_ACK:       /* fine */
            case GDB_INTERRUPT: /* the guest is already stopped */
            case GDB_NOTHING:
                break;
            }
        }
    }
lost:
    session->error = errno;
    return GDB_END_LOST;
}
// ANCHOR_END: serve

void gdb_session_print_end(FILE *out, const struct gdb_session *session,
                           enum gdb_end end)
{
    if (end == GDB_END_DETACH)
        fprintf(out, "host: gdb detached: the guest runs on alone\n");
    if (end == GDB_END_LOST && session->fd >= 0)
        fprintf(out, "host: gdb %s: the guest runs on alone\n",
                session->error == ETIMEDOUT ? "said nothing for too long"
                                            : "went away");
}
