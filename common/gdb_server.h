/*
 * gdb_server.h - a GDB stub's transport and session: listen on a TCP port
 * of 127.0.0.1, and serve one gdb over the connection, packet by packet,
 * with gdb_commands.c answering and the target running the guest.
 *
 * Never a hang: every wait for gdb has a limit (`wait` seconds of
 * silence), and a gdb that goes away or says nothing for that long ends
 * the session as if it had detached.
 *
 * Introduced in chapter 15.
 */
#ifndef KVM101_GDB_SERVER_H
#define KVM101_GDB_SERVER_H

#include <stdio.h>

#include "gdb_commands.h"

/* Listen on 127.0.0.1:port (0: a free port the kernel picks). Returns the
 * listening socket with *bound set to its port, or -1 with errno set. */
int gdb_listen(int port, int *bound);

/* Wait at most `seconds` for gdb to connect. Returns the connection, or
 * -1 with errno set (ETIMEDOUT: nobody came). */
int gdb_accept(int listener, double seconds);

/* How a session ended. */
enum gdb_end {
    GDB_END_GUEST,  /* the guest exited or died: *stop says how */
    GDB_END_DETACH, /* gdb sent D: the guest runs on alone */
    GDB_END_KILL,   /* gdb sent k */
    GDB_END_LOST,   /* gdb went away or said nothing for `wait` seconds
                     * (errno says which: 0 closed, ETIMEDOUT, ...) */
};

struct gdb_session {
    int fd;                        /* the connection */
    const struct gdb_target *target;
    double wait;                   /* seconds of silence that end it */
    struct gdb_stop stop;          /* how the last resume ended */
    unsigned long packets;         /* good packets received */
    unsigned long bad_packets;     /* bad checksums and overlong ones */
    int error;                     /* GDB_END_LOST: errno, or 0 */
    /* gdb_serve()'s own: the packet being read, and the last one sent,
     * kept to send again after a `-`. */
    struct gdb_reader reader;
    size_t sent_length;
    char sent[2 * GDB_PACKET_MAX + 4];
};

/* Serve gdb on session->fd until the session ends. */
enum gdb_end gdb_serve(struct gdb_session *session);

/* Say on `out`, for people, how gdb left a session it joined: "host: gdb
 * detached: ...", or that it went away or said nothing for too long.
 * Nothing for the other ends, nor when gdb never came (session->fd < 0):
 * the caller tells those. */
void gdb_session_print_end(FILE *out, const struct gdb_session *session,
                           enum gdb_end end);

#endif
