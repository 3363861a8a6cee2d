// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl: its netlink requests over the core (nlcore.c): one rtnetlink
 * socket for links and addresses, one generic netlink socket for the
 * vswitch family and its events; errors printed as the kernel gave them.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/genetlink.h>
#include <linux/rtnetlink.h>
#include <linux/vswitch.h>

#include "vswctl.h"

#define EVENTS_RCVBUF	(4 << 20)

static struct nlsock rtnl = { .bus = NETLINK_ROUTE };
static struct nlsock genl = { .bus = NETLINK_GENERIC };
static uint16_t vsw_family;
static uint32_t vsw_events_group;

static struct nlsock *sock_open(struct nlsock *s)
{
	int err = nlsock_open(s);

	if (err)
		die("cannot open netlink socket: %s", strerror(-err));
	return s;
}

/* ---- errors ---- */

void nl_print_error(int err)
{
	fflush(stdout);
	fprintf(stderr, "Error: %s\n", nl_strerror(err));
}

void nl_die(int err)
{
	nl_print_error(err);
	exit(1);
}

/* The kernel's warning on a request that succeeded. */
static void print_warning(int err)
{
	if (!err && nl_errmsg()[0]) {
		fprintf(stderr, "Warning: %s\n", nl_errmsg());
		nl_errmsg_clear();
	}
}

/* ---- requests ---- */

static int request(struct nlsock *s, struct nlmsghdr *nlh, mnl_cb_t cb,
		   void *data)
{
	struct nl_msgs m = { 0 };
	int err = nl_collect(sock_open(s), nlh, &m);

	print_warning(err);
	if (!err)
		nl_msgs_run(&m, cb, data);
	nl_msgs_free(&m);
	return err;
}

int rtnl_request(struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	return request(&rtnl, nlh, cb, data);
}

int genl_request(struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	return request(&genl, nlh, cb, data);
}

void genl_show(struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	struct nl_msgs m = { 0 };
	int err = nl_collect(sock_open(&genl), nlh, &m);

	print_warning(err);
	if (err)
		nl_die(err);
	print_start();
	nl_msgs_run(&m, cb, data);
	print_end();
	nl_msgs_free(&m);
}

/* ---- the vswitch family ---- */

/*
 * Asking nlctrl for the family makes the kernel autoload the module
 * (MODULE_ALIAS_GENL_FAMILY); ENOENT after that means there is none.
 */
static void resolve_family(void)
{
	int err;

	if (vsw_family)
		return;
	err = genl_family(sock_open(&genl), VSWITCH_GENL_NAME,
			  VSWITCH_MCGRP_EVENTS, &vsw_family, &vsw_events_group);
	print_warning(err);
	if (err == -ENOENT) {
		fflush(stdout);
		fprintf(stderr, "Error: vswitch module not loaded\n");
		exit(1);
	}
	if (err)
		nl_die(err);
	if (!vsw_family) {
		fprintf(stderr, "Error: nlctrl gave no id for family \"%s\"\n",
			VSWITCH_GENL_NAME);
		exit(1);
	}
}

struct nlmsghdr *genl_msg(char *buf, uint8_t cmd, uint16_t flags)
{
	resolve_family();
	return genl_cmd_msg(buf, vsw_family, cmd, VSWITCH_GENL_VERSION, flags);
}

struct nlmsghdr *vsw_msg(char *buf, uint8_t cmd, uint16_t flags,
			 const char *sw)
{
	struct nlmsghdr *nlh = genl_msg(buf, cmd, flags);

	if (sw)
		mnl_attr_put_strz(nlh, VSW_A_IFNAME, sw);
	return nlh;
}

void vsw_get(uint8_t cmd, const char *sw, mnl_cb_t cb, void *data)
{
	char buf[NL_BUF_SIZE];
	int err = genl_request(vsw_msg(buf, cmd, 0, sw), cb, data);

	if (err)
		nl_die(err);
}

void vsw_show(uint8_t cmd, const char *sw, mnl_cb_t cb, void *data)
{
	char buf[NL_BUF_SIZE];

	genl_show(vsw_msg(buf, cmd, NLM_F_DUMP, sw), cb, data);
}

int vsw_show_cmd(int argc, char **argv, uint8_t cmd, mnl_cb_t cb)
{
	const char *sw = argc ? argv[0] : NULL;

	if (argc > 1)
		die("unknown argument \"%s\"", argv[1]);
	if (sw)
		check_dev(sw);
	vsw_show(cmd, sw, cb, NULL);
	return 0;
}

int genl_events_open(void)
{
	int size = EVENTS_RCVBUF;
	int fd;

	resolve_family();
	if (!vsw_events_group) {
		fprintf(stderr, "Error: family \"%s\" has no multicast group \"%s\"\n",
			VSWITCH_GENL_NAME, VSWITCH_MCGRP_EVENTS);
		exit(1);
	}
	fd = mnl_socket_get_fd(genl.sk);
	/* A bigger queue loses fewer events in a learning storm. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	if (mnl_socket_setsockopt(genl.sk, NETLINK_ADD_MEMBERSHIP,
				  &vsw_events_group, sizeof(vsw_events_group)) < 0)
		die("cannot join multicast group \"%s\": %s",
		    VSWITCH_MCGRP_EVENTS, strerror(errno));
	return fd;
}

struct events {
	mnl_cb_t cb;
	void *data;
};

static int event_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct events *e = data;

	if (nlh->nlmsg_type != vsw_family)
		return MNL_CB_OK;
	return e->cb(nlh, e->data);
}

/* Read one batch of events; -EINTR and -ENOBUFS are for the caller. */
int genl_events_recv(mnl_cb_t cb, void *data)
{
	struct events e = { cb, data };

	return nl_recv(&genl, event_cb, &e);
}

/* ---- rtnetlink ---- */

struct nlmsghdr *rtnl_addr_msg(char *buf, uint16_t type, uint16_t flags,
			       unsigned int ifindex, int family,
			       unsigned int prefixlen)
{
	struct nlmsghdr *nlh = nl_msg(buf, type, flags, sizeof(struct ifaddrmsg));
	struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);

	ifa->ifa_family = (uint8_t)family;
	ifa->ifa_prefixlen = (uint8_t)prefixlen;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_index = ifindex;
	return nlh;
}

int rtnl_link_up(unsigned int ifindex)
{
	char buf[NL_BUF_SIZE];
	struct nlmsghdr *nlh = rtnl_link_msg(buf, RTM_NEWLINK, 0, ifindex);
	struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);

	ifi->ifi_flags = IFF_UP;
	ifi->ifi_change = IFF_UP;
	return rtnl_request(nlh, NULL, NULL);
}

/* master 0: detach. */
int rtnl_set_master(unsigned int ifindex, unsigned int master)
{
	char buf[NL_BUF_SIZE];
	struct nlmsghdr *nlh = rtnl_link_msg(buf, RTM_NEWLINK, 0, ifindex);

	mnl_attr_put_u32(nlh, IFLA_MASTER, master);
	return rtnl_request(nlh, NULL, NULL);
}

static int master_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[IFLA_MAX + 1] = { NULL };

	nl_parse(nlh, sizeof(struct ifinfomsg), tb, IFLA_MAX);
	*(unsigned int *)data = nla_u32(tb[IFLA_MASTER], 0);
	return MNL_CB_OK;
}

/* The ifindex of the device's master, 0 if it has none. */
int rtnl_get_master(unsigned int ifindex, unsigned int *master)
{
	char buf[NL_BUF_SIZE];
	struct nlmsghdr *nlh = rtnl_link_msg(buf, RTM_GETLINK, 0, ifindex);

	*master = 0;
	return rtnl_request(nlh, master_cb, master);
}

struct addr4 {
	unsigned int ifindex;
	char *buf;
	size_t len;
};

static int addr4_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[IFA_MAX + 1];
	struct addr4 *a = data;
	const void *addr;
	char s[INET_ADDRSTRLEN];

	if (a->buf[0] || mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifa) ||
	    ifa->ifa_family != AF_INET ||
	    ifa->ifa_index != a->ifindex)
		return MNL_CB_OK;
	nl_parse(nlh, sizeof(*ifa), tb, IFA_MAX);
	addr = nla_bin(tb[IFA_LOCAL], 4);
	if (!addr)
		addr = nla_bin(tb[IFA_ADDRESS], 4);
	if (addr && inet_ntop(AF_INET, addr, s, sizeof(s)))
		snprintf(a->buf, a->len, "%s/%u", s, ifa->ifa_prefixlen);
	return MNL_CB_OK;
}

/* The device's first IPv4 address as "A.B.C.D/LEN"; "" if it has none. */
int rtnl_get_addr4(unsigned int ifindex, char *buf, size_t len)
{
	char req[NL_BUF_SIZE];
	struct nlmsghdr *nlh;
	struct addr4 a = { ifindex, buf, len };

	buf[0] = '\0';
	nlh = rtnl_addr_msg(req, RTM_GETADDR, NLM_F_DUMP, ifindex, AF_INET, 0);
	return rtnl_request(nlh, addr4_cb, &a);
}

int rtnl_del_link(unsigned int ifindex)
{
	char buf[NL_BUF_SIZE];
	struct nlmsghdr *nlh = rtnl_link_msg(buf, RTM_DELLINK, 0, ifindex);

	return rtnl_request(nlh, NULL, NULL);
}
