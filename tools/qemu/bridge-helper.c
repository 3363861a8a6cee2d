// SPDX-License-Identifier: GPL-2.0
/*
 * vswitch-bridge-helper: QEMU's bridge helper protocol for vswitch, so that
 * an unprivileged user's `-netdev bridge,br=SWITCH,helper=PATH` lands the
 * guest on a vswitch switch.
 *
 * QEMU runs `HELPER [--use-vnet] --br=SWITCH --fd=FD`, FD being its end of
 * an AF_UNIX stream socketpair. The helper checks the allow-list, creates a
 * tap ("vswtap%d"), gives it the switch's MTU, attaches it (IFLA_MASTER,
 * as `ip link set TAP master SWITCH`), brings it up and sends its fd back
 * (SCM_RIGHTS, one data byte). QEMU reads the fd and waits for exit 0.
 *
 * It runs with CAP_NET_ADMIN (a file capability) for any user the
 * allow-list admits: no environment when the kernel says the exec gained
 * privileges (AT_SECURE), no set-user-ID, no other fds, fail closed. The
 * tap is not persistent: on any failure exiting closes it, the kernel
 * deletes it and detaches its port; nothing is left behind.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/auxv.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <linux/if_link.h>
#include <linux/if_tun.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>

#include "nlcore.h"

#ifndef BRIDGE_CONF
#define BRIDGE_CONF	"/etc/vswitch/bridge.conf"
#endif

#define PROG		"vswitch-bridge-helper"
#define TAP_TEMPLATE	"vswtap%d"
#define VSW_KIND	"vswitch"
#define INCLUDE_DEPTH	8
#define NAME_MAX_LEN	(IFNAMSIZ - 1)

static char self[PATH_MAX];	/* this binary, for the install hints */

static void __attribute__((noreturn, format(printf, 1, 2)))
fail(const char *fmt, ...)
{
	va_list ap;

	fputs(PROG ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	/* Exiting closes the tap, if any: the kernel deletes it. */
	exit(1);
}

static void usage(void)
{
	printf("Usage: " PROG " [--use-vnet] --br=SWITCH --fd=FD\n"
	       "       " PROG " --help\n"
	       "QEMU's bridge helper for vswitch: creates a tap device, attaches it to\n"
	       "the vswitch switch SWITCH and passes it to QEMU over the unix socket FD.\n"
	       "  qemu-system-x86_64 -netdev bridge,id=n0,br=SWITCH,helper=%s ...\n"
	       "Access: the allow-list %s (\"allow SWITCH\", \"allow all\",\n"
	       "\"deny SWITCH\", \"deny all\", \"include PATH\"; deny wins).\n",
	       self, BRIDGE_CONF);
}

/* ---- the process ---- */

/* 0, 1 and 2 open, so that nothing we open becomes someone's stderr. */
static void std_fds(void)
{
	int fd;

	for (fd = 0; fd < 3; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		if (open("/dev/null", O_RDWR) != fd)
			exit(1);
	}
}

static void close_range_fallback(unsigned int first, unsigned int last)
{
	long max = sysconf(_SC_OPEN_MAX);
	unsigned int fd;

	if (max < 0 || max > 65536)
		max = 65536;
	for (fd = first; fd <= last && fd < (unsigned int)max; fd++)
		close((int)fd);
}

static void close_fds(unsigned int first, unsigned int last)
{
	if (first > last)
		return;
	if (close_range(first, last, 0) < 0)
		close_range_fallback(first, last);
}

/* Every fd but 0, 1, 2 and QEMU's socket. */
static void close_others(int keep)
{
	if (keep < 3) {
		close_fds(3, ~0U);
		return;
	}
	close_fds(3, (unsigned int)keep - 1);
	close_fds((unsigned int)keep + 1, ~0U);
}

static void find_self(const char *argv0)
{
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n > 0)
		self[n] = '\0';
	else
		snprintf(self, sizeof(self), "%s", argv0 ? argv0 : PROG);
}

/* A capability binary, not a set-user-ID or set-group-ID one. */
static void refuse_setid(void)
{
	uid_t ruid, euid, suid;
	gid_t rgid, egid, sgid;

	if (getresuid(&ruid, &euid, &suid) || getresgid(&rgid, &egid, &sgid))
		fail("cannot read the process's ids: %s", strerror(errno));
	if (ruid != euid || rgid != egid)
		fail("refusing to run set-user-ID or set-group-ID: install it without that bit and with \"setcap cap_net_admin+ep %s\"",
		     self);
}

/* ---- arguments ---- */

struct args {
	const char *sw;
	int fd;
	bool vnet;
};

/* As the kernel's dev_valid_name(). */
static void check_switch_name(const char *name)
{
	const char *c;

	if (strlen(name) > NAME_MAX_LEN)
		fail("switch name \"%s\" is too long (at most %d characters)",
		     name, NAME_MAX_LEN);
	if (!*name || !strcmp(name, ".") || !strcmp(name, ".."))
		fail("invalid switch name \"%s\"", name);
	for (c = name; *c; c++)
		if (*c == '/' || *c == ':' || *c == ' ' ||
		    (*c >= '\t' && *c <= '\r'))
			fail("invalid switch name \"%s\"", name);
}

static int parse_fd(const char *s)
{
	unsigned long v;
	char *end;

	if (!*s || strspn(s, "0123456789") != strlen(s))
		fail("invalid --fd value \"%s\" (a file descriptor number)", s);
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > INT_MAX)
		fail("invalid --fd value \"%s\" (a file descriptor number)", s);
	return (int)v;
}

static void parse_args(int argc, char **argv, struct args *a)
{
	bool have_fd = false;
	int i;

	a->sw = NULL;
	a->fd = -1;
	a->vnet = false;
	for (i = 1; i < argc; i++) {
		const char *s = argv[i];

		if (!strcmp(s, "--help")) {
			usage();
			exit(0);
		} else if (!strcmp(s, "--use-vnet")) {
			a->vnet = true;
		} else if (!strncmp(s, "--br=", 5)) {
			if (a->sw)
				fail("--br given twice");
			a->sw = s + 5;
		} else if (!strncmp(s, "--fd=", 5)) {
			if (have_fd)
				fail("--fd given twice");
			a->fd = parse_fd(s + 5);
			have_fd = true;
		} else {
			fail("unknown option \"%s\" (see --help)", s);
		}
	}
	if (!a->sw)
		fail("missing --br=SWITCH (see --help)");
	if (!have_fd)
		fail("missing --fd=FD (see --help)");
	check_switch_name(a->sw);
}

/* QEMU's end of the socketpair: an AF_UNIX stream socket. */
static void check_sock(int fd)
{
	int domain = 0, type = 0;
	socklen_t len = sizeof(domain);
	struct stat st;

	if (fstat(fd, &st) < 0)
		fail("--fd=%d: file descriptor %d is not open", fd, fd);
	if (!S_ISSOCK(st.st_mode) ||
	    getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) < 0 ||
	    domain != AF_UNIX)
		fail("--fd=%d: file descriptor %d is not a unix socket", fd, fd);
	len = sizeof(type);
	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) < 0 ||
	    type != SOCK_STREAM)
		fail("--fd=%d: file descriptor %d is not a unix stream socket",
		     fd, fd);
}

/* ---- the allow-list (QEMU's bridge.conf format) ---- */

struct acl {
	const char *sw;
	bool allowed, denied;
	int depth;
	struct {
		dev_t dev;
		ino_t ino;
	} open[INCLUDE_DEPTH + 1];
};

static void acl_file(struct acl *acl, const char *path, const char *from,
		     unsigned int from_line);

/* The next whitespace-separated word of *s, NUL-terminated; NULL at the end. */
static char *word(char **s)
{
	char *w = *s + strspn(*s, " \t\r\n\v\f");

	if (!*w) {
		*s = w;
		return NULL;
	}
	*s = w + strcspn(w, " \t\r\n\v\f");
	if (**s)
		*(*s)++ = '\0';
	return w;
}

/* An include: absolute, or relative to the including file's directory. */
static void acl_include(struct acl *acl, const char *file, unsigned int line,
			const char *arg)
{
	char path[PATH_MAX];
	const char *slash = strrchr(file, '/');
	int n;

	if (arg[0] == '/' || !slash)
		n = snprintf(path, sizeof(path), "%s", arg);
	else
		n = snprintf(path, sizeof(path), "%.*s/%s",
			     (int)(slash - file), file, arg);
	if (n < 0 || (size_t)n >= sizeof(path))
		fail("%s:%u: include path too long", file, line);
	acl_file(acl, path, file, line);
}

static void acl_line(struct acl *acl, const char *file, unsigned int line,
		     char *s)
{
	bool allow = false;
	char *cmd, *arg;

	cmd = word(&s);
	if (!cmd || cmd[0] == '#')
		return;
	arg = word(&s);
	if (!strcmp(cmd, "allow"))
		allow = true;
	else if (!strcmp(cmd, "deny"))
		allow = false;
	else if (strcmp(cmd, "include"))
		fail("%s:%u: unknown directive \"%s\" (allow, deny, include)",
		     file, line, cmd);
	if (!arg)
		fail("%s:%u: \"%s\" needs an argument", file, line, cmd);
	if (word(&s))
		fail("%s:%u: \"%s\" takes one argument", file, line, cmd);
	if (!strcmp(cmd, "include")) {
		acl_include(acl, file, line, arg);
		return;
	}
	if (strlen(arg) > NAME_MAX_LEN)
		fail("%s:%u: name \"%s\" is longer than %d characters",
		     file, line, arg, NAME_MAX_LEN);
	if (strcmp(arg, "all") && strcmp(arg, acl->sw))
		return;
	if (allow)
		acl->allowed = true;
	else
		acl->denied = true;
}

static void acl_file(struct acl *acl, const char *path, const char *from,
		     unsigned int from_line)
{
	unsigned int line = 0;
	size_t cap = 0;
	char *buf = NULL;
	struct stat st;
	FILE *f;
	int fd, i;

	/* Non-blocking: a FIFO must not hang us; only regular files pass. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		const char *why = fd < 0 ? strerror(errno) : "not a regular file";

		if (from)
			fail("%s:%u: cannot read include %s: %s", from,
			     from_line, path, why);
		fail("cannot read %s: %s", path, why);
	}
	for (i = 0; i < acl->depth; i++)
		if (acl->open[i].dev == st.st_dev &&
		    acl->open[i].ino == st.st_ino)
			fail("%s:%u: include loop: %s is already being read",
			     from, from_line, path);
	if (acl->depth > INCLUDE_DEPTH)
		fail("%s:%u: includes nested more than %d deep", from,
		     from_line, INCLUDE_DEPTH);
	acl->open[acl->depth].dev = st.st_dev;
	acl->open[acl->depth].ino = st.st_ino;
	acl->depth++;

	f = fdopen(fd, "r");
	if (!f)
		fail("cannot read %s: %s", path, strerror(errno));
	errno = 0;
	while (getline(&buf, &cap, f) >= 0) {
		line++;
		acl_line(acl, path, line, buf);
	}
	if (ferror(f))
		fail("cannot read %s: %s", path, strerror(errno));
	free(buf);
	fclose(f);
	acl->depth--;
}

static void check_access(const char *sw)
{
	const char *conf = BRIDGE_CONF;
	struct acl acl = { .sw = sw };

	/* The caller chooses the list only if it gained nothing at exec. */
	if (!getauxval(AT_SECURE)) {
		const char *env = getenv("VSWITCH_BRIDGE_CONF");

		if (env && *env)
			conf = env;
	}
	acl_file(&acl, conf, NULL, 0);
	if (!acl.allowed || acl.denied)
		fail("access to switch %s denied by %s", sw, conf);
}

/* ---- rtnetlink, over the netlink core (nlcore.c) ---- */

static struct nlsock nl = { .bus = NETLINK_ROUTE };

static void nl_open(void)
{
	int err = nlsock_open(&nl);

	if (err)
		fail("cannot open an rtnetlink socket: %s", strerror(-err));
}

struct link {
	unsigned int ifindex;
	unsigned int mtu;
	char kind[32];
};

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[IFLA_MAX + 1], *info[IFLA_INFO_MAX + 1];
	struct link *l = data;
	const char *kind;

	if (nlh->nlmsg_type != RTM_NEWLINK ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifi))
		return MNL_CB_OK;
	l->ifindex = (unsigned int)ifi->ifi_index;
	nl_parse(nlh, sizeof(*ifi), tb, IFLA_MAX);
	l->mtu = nla_u32(tb[IFLA_MTU], l->mtu);
	nl_parse_nested(tb[IFLA_LINKINFO], info, IFLA_INFO_MAX);
	kind = nla_str(info[IFLA_INFO_KIND]);
	if (kind)
		snprintf(l->kind, sizeof(l->kind), "%s", kind);
	return MNL_CB_OK;
}

/* The switch: it exists and its link kind is vswitch. */
static void find_switch(const char *name, struct link *sw)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = rtnl_link_msg(buf, RTM_GETLINK, 0, 0);
	int err;

	memset(sw, 0, sizeof(*sw));
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	err = nl_talk(&nl, nlh, link_cb, sw);
	if (err == -ENODEV)
		fail("no switch named %s", name);
	if (err)
		fail("cannot look up %s: %s", name, nl_strerror(err));
	if (!sw->ifindex)
		fail("cannot look up %s: no reply", name);
	if (strcmp(sw->kind, VSW_KIND)) {
		if (sw->kind[0])
			fail("%s is not a vswitch switch (its kind is %s)",
			     name, sw->kind);
		fail("%s is not a vswitch switch", name);
	}
}

static int set_link(unsigned int ifindex, unsigned int mtu, unsigned int master,
		    bool up)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = rtnl_link_msg(buf, RTM_NEWLINK, 0, ifindex);
	struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);

	if (mtu)
		mnl_attr_put_u32(nlh, IFLA_MTU, mtu);
	if (master)
		mnl_attr_put_u32(nlh, IFLA_MASTER, master);
	if (up) {
		ifi->ifi_flags = IFF_UP;
		ifi->ifi_change = IFF_UP;
	}
	return nl_talk(&nl, nlh, NULL, NULL);
}

/* ---- the tap ---- */

static int create_tap(bool vnet, char *name)
{
	unsigned int features = 0;
	struct ifreq ifr;
	int fd;

	fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		fail("cannot open /dev/net/tun: %s%s", strerror(errno),
		     errno == ENOENT ? " (modprobe tun)" : "");
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", TAP_TEMPLATE);
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	if (vnet && ioctl(fd, TUNGETFEATURES, &features) == 0 &&
	    (features & IFF_VNET_HDR))
		ifr.ifr_flags |= IFF_VNET_HDR;
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		if (errno == EPERM)
			fail("cannot create a tap device: the helper needs CAP_NET_ADMIN: install it with \"setcap cap_net_admin+ep %s\"",
			     self);
		fail("cannot create a tap device: %s", strerror(errno));
	}
	snprintf(name, IFNAMSIZ, "%s", ifr.ifr_name);
	return fd;
}

static void send_fd(int sock, int fd)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	char byte = 0;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = u.buf,
		.msg_controllen = sizeof(u.buf),
	};
	struct cmsghdr *c;
	ssize_t n;

	memset(&u, 0, sizeof(u));
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	do
		n = sendmsg(sock, &msg, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n != 1)
		fail("cannot send the tap to QEMU: %s",
		     n < 0 ? strerror(errno) : "short write");
}

int main(int argc, char **argv)
{
	char tap[IFNAMSIZ];
	struct link sw;
	struct args a;
	unsigned int ifindex;
	int fd, err;

	std_fds();
	find_self(argc > 0 ? argv[0] : NULL);
	refuse_setid();
	parse_args(argc, argv, &a);
	check_sock(a.fd);
	close_others(a.fd);

	check_access(a.sw);

	nl_open();
	find_switch(a.sw, &sw);

	fd = create_tap(a.vnet, tap);
	ifindex = if_nametoindex(tap);
	if (!ifindex)
		fail("cannot find the new tap %s: %s", tap, strerror(errno));
	err = set_link(ifindex, sw.mtu, 0, false);
	if (err)
		fail("cannot set the MTU of %s to %u (the MTU of %s): %s", tap,
		     sw.mtu, a.sw, nl_strerror(err));
	err = set_link(ifindex, 0, sw.ifindex, false);
	if (err)
		fail("cannot attach %s to %s: %s", tap, a.sw, nl_strerror(err));
	err = set_link(ifindex, 0, 0, true);
	if (err)
		fail("cannot bring %s up: %s", tap, nl_strerror(err));
	send_fd(a.fd, fd);
	return 0;
}
