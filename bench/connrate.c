// SPDX-License-Identifier: GPL-2.0
/*
 * connrate: new TCP connections per second, for bench/nat.sh.
 *
 *   connrate server PORT
 *   connrate client ADDR PORT SECONDS [PARALLEL]
 *
 * One transaction: the client connects, sends one byte; the server
 * accepts, reads the byte, answers one byte and closes (FIN); the client
 * reads the answer and closes with SO_LINGER 0 (RST). So every counted
 * connection went through the whole path both ways (SYN, SYN-ACK, ACK,
 * data, answer), and neither side keeps a TIME_WAIT socket: the client's
 * ephemeral ports are free again at once and conntrack sees the
 * connection end in CLOSE (10 s) rather than TIME_WAIT (120 s).
 *
 * The client keeps PARALLEL (default 4) transactions in flight, non-
 * blocking, for SECONDS seconds, and prints one line:
 *   conns=N secs=T rate=R errors=E
 * where R = N / T (N: completed transactions, E: failed ones, with the
 * first error on stderr). Only transactions completed before the deadline
 * count. The server serves until killed.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAXPAR 256

static void die(const char *what)
{
	fprintf(stderr, "connrate: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void usage(void)
{
	fprintf(stderr, "usage: connrate server PORT\n"
			"       connrate client ADDR PORT SECONDS [PARALLEL]\n");
	exit(2);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int server(int port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
				  .sin_port = htons(port) };
	struct epoll_event ev, evs[64];
	int one = 1, lfd, efd, n, i, fd;
	ssize_t k;
	char c;

	signal(SIGPIPE, SIG_IGN);
	lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (lfd < 0)
		die("socket");
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		die("bind");
	if (listen(lfd, 4096) < 0)
		die("listen");
	efd = epoll_create1(0);
	if (efd < 0)
		die("epoll_create1");
	ev.events = EPOLLIN;
	ev.data.fd = lfd;
	if (epoll_ctl(efd, EPOLL_CTL_ADD, lfd, &ev) < 0)
		die("epoll_ctl");
	for (;;) {
		n = epoll_wait(efd, evs, 64, -1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			die("epoll_wait");
		}
		for (i = 0; i < n; i++) {
			if (evs[i].data.fd == lfd) {
				while ((fd = accept4(lfd, NULL, NULL,
						     SOCK_NONBLOCK)) >= 0) {
					ev.events = EPOLLIN | EPOLLRDHUP;
					ev.data.fd = fd;
					if (epoll_ctl(efd, EPOLL_CTL_ADD, fd, &ev) < 0)
						close(fd);
				}
				continue;
			}
			fd = evs[i].data.fd;
			k = read(fd, &c, 1);
			if (k == 1)
				(void)!write(fd, &c, 1);
			else if (k < 0 && errno == EAGAIN)
				continue;
			close(fd);	/* FIN; the client answers with RST */
		}
	}
	return 0;
}

struct slot {
	int fd;
	int state;	/* 0 connecting, 1 waiting for the answer, 2 failed */
};

static struct slot slots[MAXPAR];
static struct sockaddr_in peer = { .sin_family = AF_INET };
static unsigned long errors;
static int ep;

static void fail(const char *what, int err)
{
	if (!errors++)
		fprintf(stderr, "connrate: first error: %s: %s\n", what,
			strerror(err));
}

/* start(i): a new transaction in slot i */
static void start(unsigned int i)
{
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };
	struct epoll_event ev = { .events = EPOLLOUT | EPOLLRDHUP,
				  .data.u32 = i };
	struct slot *s = &slots[i];

	s->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (s->fd < 0)
		die("socket");
	if (setsockopt(s->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)) < 0)
		die("SO_LINGER");
	s->state = 0;
	if (connect(s->fd, (struct sockaddr *)&peer, sizeof(peer)) < 0 &&
	    errno != EINPROGRESS) {
		fail("connect", errno);
		s->state = 2;	/* closed and restarted on its next event */
	}
	if (epoll_ctl(ep, EPOLL_CTL_ADD, s->fd, &ev) < 0)
		die("epoll_ctl");
}

/* step(i): slot i has an event; 1 when its transaction is over */
static int step(unsigned int i, int *ok)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP,
				  .data.u32 = i };
	struct slot *s = &slots[i];
	socklen_t len = sizeof(int);
	int err = 0;
	ssize_t k;
	char c = 'x';

	*ok = 0;
	switch (s->state) {
	case 0:
		if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
			err = errno;
		if (err) {
			fail("connect", err);
			return 1;
		}
		k = write(s->fd, &c, 1);
		if (k == 1) {
			s->state = 1;
			if (epoll_ctl(ep, EPOLL_CTL_MOD, s->fd, &ev) < 0)
				die("epoll_ctl");
			return 0;
		}
		if (k < 0 && errno == EAGAIN)
			return 0;
		fail("write", k < 0 ? errno : EIO);
		return 1;
	case 1:
		k = read(s->fd, &c, 1);
		if (k == 1) {
			*ok = 1;
			return 1;
		}
		if (k < 0 && errno == EAGAIN)
			return 0;
		fail("read", k < 0 ? errno : ECONNRESET);
		return 1;
	default:
		return 1;
	}
}

static int client(const char *addr, int port, double secs, int par)
{
	struct epoll_event evs[MAXPAR];
	unsigned long conns = 0;
	double t0, end, t;
	int n, i, ms, ok;

	peer.sin_port = htons(port);
	if (inet_pton(AF_INET, addr, &peer.sin_addr) != 1) {
		fprintf(stderr, "connrate: bad address %s\n", addr);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	ep = epoll_create1(0);
	if (ep < 0)
		die("epoll_create1");

	t0 = now();
	end = t0 + secs;
	for (i = 0; i < par; i++)
		start(i);
	while ((t = now()) < end) {
		ms = (int)((end - t) * 1000) + 1;
		n = epoll_wait(ep, evs, MAXPAR, ms);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			die("epoll_wait");
		}
		t = now();
		for (i = 0; i < n; i++) {
			unsigned int j = evs[i].data.u32;

			if (!step(j, &ok))
				continue;
			if (ok && t < end)
				conns++;
			close(slots[j].fd);	/* SO_LINGER 0: RST */
			start(j);
		}
	}
	t = now() - t0;
	for (i = 0; i < par; i++)
		close(slots[i].fd);
	printf("conns=%lu secs=%.3f rate=%.1f errors=%lu\n",
	       conns, t, conns / t, errors);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "server"))
		return server(atoi(argv[2]));
	if ((argc == 5 || argc == 6) && !strcmp(argv[1], "client")) {
		int par = argc == 6 ? atoi(argv[5]) : 4;

		if (par < 1 || par > MAXPAR || atof(argv[4]) <= 0)
			usage();
		return client(argv[2], atoi(argv[3]), atof(argv[4]), par);
	}
	usage();
	return 2;
}
