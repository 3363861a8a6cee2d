// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl: the supervisor of a switch's dnsmasq ("vswctl-dhcp" in ps),
 * forked by vswctl once per switch. It listens to rtnetlink link events,
 * runs dnsmasq as its child and, when the switch is deleted (vswctl switch
 * del or ip link del) or renamed, or the supervisor gets SIGTERM, SIGINT or
 * SIGHUP, stops dnsmasq and removes the run directory. If dnsmasq dies on
 * its own, the supervisor removes the pid files and exits, leaving the
 * leases and the log.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <linux/rtnetlink.h>

#include "vswctl.h"
#include "dnsmasq.h"

struct sup {
	const struct run *run;
	const char *ifname;
	unsigned int ifindex;
	pid_t dnsmasq;
	int sigfd;
	struct mnl_socket *nl;
	sigset_t oldmask;
	char log[PATH_MAX];
};

static void supervise(struct sup *s) __attribute__((noreturn));
static void sup_exit(struct sup *s, int code, bool remove)
	__attribute__((noreturn));
static void sup_stop(struct sup *s, const char *why, int sig)
	__attribute__((noreturn));
static void sup_log(const struct sup *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The signals it waits for, blocked from before the fork: none is lost. */
static void sup_sigset(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGCHLD);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGHUP);
}

pid_t supervisor_start(const struct run *r, const char *ifname,
		       unsigned int ifindex)
{
	struct sup s = {
		.run = r, .ifname = ifname, .ifindex = ifindex, .sigfd = -1,
	};
	sigset_t set;
	pid_t pid;

	path_join(s.log, r->dir, "dnsmasq.log");
	sup_sigset(&set);
	sigprocmask(SIG_BLOCK, &set, &s.oldmask);
	signal(SIGCHLD, SIG_DFL);	/* waitpid must see the supervisor */
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0)
		supervise(&s);
	sigprocmask(SIG_SETMASK, &s.oldmask, NULL);
	if (pid < 0)
		fprintf(stderr, "vswctl: cannot fork: %s\n", strerror(errno));
	return pid;
}

/* ---- its life ---- */

static void sup_log(const struct sup *s, const char *fmt, ...)
{
	int fd = open(s->log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	va_list ap;

	if (fd < 0)
		return;
	dprintf(fd, "%s[%d]: ", SUP_COMM, (int)getpid());
	va_start(ap, fmt);
	vdprintf(fd, fmt, ap);
	va_end(ap);
	dprintf(fd, "\n");
	close(fd);
}

/* The switch is still there, under its name. */
static bool link_present(const struct sup *s)
{
	char name[IF_NAMESIZE];

	return if_indextoname(s->ifindex, name) && !strcmp(name, s->ifname);
}

static void sup_exit(struct sup *s, int code, bool remove)
{
	if (s->nl)
		mnl_socket_close(s->nl);
	if (s->sigfd >= 0)
		close(s->sigfd);
	if (remove) {
		run_remove(s->run);
	} else {
		char path[PATH_MAX];

		path_join(path, s->run->dir, "dnsmasq.pid");
		unlink(path);
		path_join(path, s->run->dir, "supervisor.pid");
		unlink(path);
	}
	_exit(code);
}

/* SIGTERM dnsmasq, SIGKILL it if it lingers, reap it. */
static void sup_kill_dnsmasq(struct sup *s)
{
	unsigned int t;
	int status;

	if (s->dnsmasq <= 0)
		return;
	kill(s->dnsmasq, SIGTERM);
	for (t = 0; t < KILL_WAIT_MS; t += 50) {
		if (waitpid(s->dnsmasq, &status, WNOHANG) == s->dnsmasq)
			goto reaped;
		ms_sleep(50);
	}
	sup_log(s, "dnsmasq did not exit on SIGTERM, killing it");
	kill(s->dnsmasq, SIGKILL);
	while (waitpid(s->dnsmasq, &status, 0) < 0 && errno == EINTR)
		;
reaped:
	s->dnsmasq = 0;
}

static void sup_stop(struct sup *s, const char *why, int sig)
{
	if (sig)
		sup_log(s, "%s %d: stopping dnsmasq", why, sig);
	else
		sup_log(s, "%s: stopping dnsmasq", why);
	sup_kill_dnsmasq(s);
	sup_exit(s, 0, true);
}

static void sup_dnsmasq_died(struct sup *s, int status)
	__attribute__((noreturn));

static void sup_dnsmasq_died(struct sup *s, int status)
{
	if (WIFEXITED(status))
		sup_log(s, "dnsmasq exited with status %d", WEXITSTATUS(status));
	else
		sup_log(s, "dnsmasq was killed by signal %d",
			WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	s->dnsmasq = 0;
	/* Keep leases and log for inspection, unless the switch is gone. */
	sup_exit(s, exit_code(status), !link_present(s));
}

static void sup_start_dnsmasq(struct sup *s)
{
	char conf[CONF_ARG_LEN];
	char *const argv[] = { "dnsmasq", conf, "--keep-in-foreground", NULL };
	int fd;

	conf_arg(s->run, conf);
	s->dnsmasq = fork();
	if (s->dnsmasq < 0) {
		sup_log(s, "cannot fork: %s", strerror(errno));
		sup_exit(s, 1, false);
	}
	if (s->dnsmasq > 0)
		return;

	/* dnsmasq: its stdout and stderr go to the log too. */
	signal(SIGPIPE, SIG_DFL);
	sigprocmask(SIG_SETMASK, &s->oldmask, NULL);
	fd = open(s->log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd >= 0) {
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
	}
	execv(DNSMASQ, argv);
	dprintf(STDERR_FILENO, "vswctl: cannot run %s: %s\n", DNSMASQ,
		strerror(errno));
	_exit(127);
}

/* ---- its events ---- */

static void sup_signals(struct sup *s)
{
	struct signalfd_siginfo si;
	bool child = false;
	int term = 0, status;

	while (read(s->sigfd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGCHLD)
			child = true;
		else
			term = (int)si.ssi_signo;
	}
	if (term)
		sup_stop(s, "signal", term);
	if (child && waitpid(s->dnsmasq, &status, WNOHANG) == s->dnsmasq)
		sup_dnsmasq_died(s, status);
}

/* Any news of the switch (RTM_DELLINK, a rename, lost events): look. */
static void sup_netlink(struct sup *s)
{
	static char buf[1 << 16] __attribute__((aligned(8)));
	bool check = false;

	for (;;) {
		ssize_t n = mnl_socket_recvfrom(s->nl, buf, sizeof(buf));
		const struct nlmsghdr *nlh = (const void *)buf;
		int len;

		if (n < 0) {
			if (errno == ENOBUFS) {	/* lost events: look */
				check = true;
				continue;
			}
			if (errno == EINTR)
				continue;
			break;		/* EAGAIN: all read */
		}
		len = (int)n;
		for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
			const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);

			if ((nlh->nlmsg_type == RTM_DELLINK ||
			     nlh->nlmsg_type == RTM_NEWLINK) &&
			    mnl_nlmsg_get_payload_len(nlh) >= sizeof(*ifi) &&
			    ifi->ifi_family == AF_UNSPEC &&
			    (unsigned int)ifi->ifi_index == s->ifindex)
				check = true;
		}
	}
	if (check && !link_present(s))
		sup_stop(s, "switch deleted or renamed", 0);
}

/* ---- the process ---- */

/* Its own session, stdio on /dev/null, nothing of vswctl's open. */
static void sup_detach(void)
{
	int fd;

	setsid();
	prctl(PR_SET_NAME, SUP_COMM, 0, 0, 0);
	if (chdir("/") < 0)
		_exit(1);
	fd = open("/dev/null", O_RDWR);
	if (fd < 0)
		_exit(1);
	dup2(fd, STDIN_FILENO);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	/* Nothing of vswctl's: its netlink sockets stay with it. */
	if (close_range(3, ~0U, 0) < 0)
		for (fd = 3; fd < 1024; fd++)
			close(fd);
}

static void sup_write_pid(const struct sup *s)
{
	char path[PATH_MAX], tmp[PATH_MAX];
	int fd;

	path_join(path, s->run->dir, "supervisor.pid");
	path_join(tmp, s->run->dir, "supervisor.pid.new");
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || dprintf(fd, "%d\n", (int)getpid()) < 0 ||
	    close(fd) < 0 || rename(tmp, path) < 0) {
		sup_log(s, "cannot write %s: %s", path, strerror(errno));
		_exit(1);
	}
}

static void sup_open_signalfd(struct sup *s)
{
	sigset_t set;

	sup_sigset(&set);
	signal(SIGCHLD, SIG_DFL);	/* not ignored: they must reach us */
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	s->sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (s->sigfd < 0) {
		sup_log(s, "signalfd: %s", strerror(errno));
		sup_exit(s, 1, false);
	}
}

static void sup_listen(struct sup *s)
{
	s->nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (!s->nl || mnl_socket_bind(s->nl, RTMGRP_LINK, MNL_SOCKET_AUTOPID) < 0) {
		sup_log(s, "cannot listen to rtnetlink: %s", strerror(errno));
		sup_exit(s, 1, false);
	}
}

static void supervise(struct sup *s)
{
	sup_detach();
	sup_write_pid(s);
	sup_open_signalfd(s);
	/* Listen first, then look: a deletion in between is not missed. */
	sup_listen(s);
	if (!link_present(s))
		sup_stop(s, "switch gone before dnsmasq started", 0);
	sup_start_dnsmasq(s);

	for (;;) {
		struct pollfd p[2] = {
			{ .fd = s->sigfd, .events = POLLIN },
			{ .fd = mnl_socket_get_fd(s->nl), .events = POLLIN },
		};

		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			sup_log(s, "poll: %s", strerror(errno));
			sup_stop(s, "error", 0);
		}
		if (p[0].revents)
			sup_signals(s);
		if (p[1].revents)
			sup_netlink(s);
	}
}
