// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl: netlink helpers. rtnetlink for links and addresses, generic
 * netlink for the vswitch family, extended acks, buffered dumps.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/genetlink.h>
#include <linux/rtnetlink.h>
#include <linux/vswitch.h>

#include "vswctl.h"

#define DUMP_TRIES	10
#define RX_BUF_SIZE	(1 << 16)
#define EVENTS_RCVBUF	(4 << 20)

struct nlsock {
	struct mnl_socket *sk;
	unsigned int portid;
	unsigned int seq;
	int bus;
};

/* Replies of one request, kept until the request fully succeeded. */
struct msgs {
	char *buf;
	size_t len;
	size_t cap;
	bool intr;
};

static struct nlsock rtnl = { .bus = NETLINK_ROUTE };
static struct nlsock genl = { .bus = NETLINK_GENERIC };
static uint16_t vsw_family;
static uint32_t vsw_events_group;
static char errmsg[512];
static char rxbuf[RX_BUF_SIZE] __attribute__((aligned(8)));

static void sock_open(struct nlsock *s)
{
	int one = 1;

	if (s->sk)
		return;
	s->sk = mnl_socket_open(s->bus);
	if (!s->sk)
		die("cannot open netlink socket: %s", strerror(errno));
	if (mnl_socket_bind(s->sk, 0, MNL_SOCKET_AUTOPID) < 0)
		die("cannot bind netlink socket: %s", strerror(errno));
	/* Old kernels lack these; errors then come without a message. */
	mnl_socket_setsockopt(s->sk, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(s->sk, NETLINK_CAP_ACK, &one, sizeof(one));
	s->portid = mnl_socket_get_portid(s->sk);
	s->seq = (unsigned int)time(NULL);
}

/* ---- attributes ---- */

struct parse_ctx {
	const struct nlattr **tb;
	unsigned int max;
};

static int parse_cb(const struct nlattr *a, void *data)
{
	const struct parse_ctx *p = data;
	unsigned int type = mnl_attr_get_type(a);

	if (type <= p->max)
		p->tb[type] = a;
	return MNL_CB_OK;
}

void nl_parse(const struct nlmsghdr *nlh, size_t hdrlen,
	      const struct nlattr **tb, unsigned int max)
{
	struct parse_ctx p = { tb, max };

	memset(tb, 0, sizeof(*tb) * (max + 1));
	mnl_attr_parse(nlh, hdrlen, parse_cb, &p);
}

void nl_parse_nested(const struct nlattr *nest, const struct nlattr **tb,
		     unsigned int max)
{
	struct parse_ctx p = { tb, max };

	memset(tb, 0, sizeof(*tb) * (max + 1));
	if (nest)
		mnl_attr_parse_nested(nest, parse_cb, &p);
}

uint8_t nla_u8(const struct nlattr *a, uint8_t dflt)
{
	if (!a || mnl_attr_get_payload_len(a) < sizeof(uint8_t))
		return dflt;
	return mnl_attr_get_u8(a);
}

uint16_t nla_u16(const struct nlattr *a, uint16_t dflt)
{
	if (!a || mnl_attr_get_payload_len(a) < sizeof(uint16_t))
		return dflt;
	return mnl_attr_get_u16(a);
}

uint32_t nla_u32(const struct nlattr *a, uint32_t dflt)
{
	if (!a || mnl_attr_get_payload_len(a) < sizeof(uint32_t))
		return dflt;
	return mnl_attr_get_u32(a);
}

uint64_t nla_u64(const struct nlattr *a, uint64_t dflt)
{
	uint64_t v;

	if (!a || mnl_attr_get_payload_len(a) < sizeof(uint64_t))
		return dflt;
	memcpy(&v, mnl_attr_get_payload(a), sizeof(v));
	return v;
}

const char *nla_str(const struct nlattr *a)
{
	if (!a || mnl_attr_validate(a, MNL_TYPE_NUL_STRING) < 0)
		return NULL;
	return mnl_attr_get_str(a);
}

const void *nla_bin(const struct nlattr *a, size_t len)
{
	if (!a || mnl_attr_get_payload_len(a) != len)
		return NULL;
	return mnl_attr_get_payload(a);
}

/* ---- errors ---- */

const char *nl_errmsg(void)
{
	return errmsg;
}

void nl_print_error(int err)
{
	fflush(stdout);
	if (errmsg[0])
		fprintf(stderr, "Error: %s\n", errmsg);
	else
		fprintf(stderr, "Error: %s\n", strerror(err < 0 ? -err : err));
}

void nl_die(int err)
{
	nl_print_error(err);
	exit(1);
}

/* The extack TLVs of an NLMSG_ERROR or NLMSG_DONE, from payload offset off. */
static void parse_extack(const struct nlmsghdr *nlh, size_t off)
{
	const struct nlattr *a;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) ||
	    mnl_nlmsg_get_payload_len(nlh) <= off)
		return;
	mnl_attr_for_each(a, nlh, off) {
		const char *msg;

		if (mnl_attr_get_type(a) != NLMSGERR_ATTR_MSG)
			continue;
		msg = nla_str(a);
		if (msg)
			snprintf(errmsg, sizeof(errmsg), "%s", msg);
	}
}

static int ack_error(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	size_t off = sizeof(*e);

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e))
		return -EBADMSG;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
	parse_extack(nlh, off);
	if (!e->error && errmsg[0]) {
		fprintf(stderr, "Warning: %s\n", errmsg);
		errmsg[0] = '\0';
	}
	return e->error > 0 ? -e->error : e->error;
}

static int done_error(const struct nlmsghdr *nlh)
{
	int err;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(int))
		return 0;
	memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
	if (err < 0)
		parse_extack(nlh, sizeof(int));
	return err < 0 ? err : 0;
}

/* ---- requests ---- */

static void msgs_add(struct msgs *m, const struct nlmsghdr *nlh)
{
	size_t len = MNL_ALIGN(nlh->nlmsg_len);

	if (m->len + len > m->cap) {
		m->cap = m->cap ? m->cap * 2 : 65536;
		while (m->cap < m->len + len)
			m->cap *= 2;
		m->buf = xrealloc(m->buf, m->cap);
	}
	memcpy(m->buf + m->len, nlh, nlh->nlmsg_len);
	m->len += len;
}

static int msgs_run(const struct msgs *m, mnl_cb_t cb, void *data)
{
	size_t off = 0;

	while (cb && off < m->len) {
		const struct nlmsghdr *nlh = (const void *)(m->buf + off);

		if (cb(nlh, data) <= MNL_CB_STOP)
			break;
		off += MNL_ALIGN(nlh->nlmsg_len);
	}
	return 0;
}

/* One round trip: send, then read until the ack or the end of the dump. */
static int talk_once(struct nlsock *s, struct nlmsghdr *nlh, struct msgs *m)
{
	unsigned int seq = ++s->seq;

	nlh->nlmsg_seq = seq;
	nlh->nlmsg_pid = 0;
	errmsg[0] = '\0';
	m->len = 0;
	m->intr = false;

	if (mnl_socket_sendto(s->sk, nlh, nlh->nlmsg_len) < 0)
		return -errno;

	for (;;) {
		ssize_t n = mnl_socket_recvfrom(s->sk, rxbuf, sizeof(rxbuf));
		const struct nlmsghdr *r = (const void *)rxbuf;
		int len;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		len = (int)n;
		for (; mnl_nlmsg_ok(r, len); r = mnl_nlmsg_next(r, &len)) {
			if (r->nlmsg_seq != seq || r->nlmsg_pid != s->portid)
				continue;	/* stale, or not ours */
			switch (r->nlmsg_type) {
			case NLMSG_ERROR:
				return ack_error(r);
			case NLMSG_DONE:
				if (r->nlmsg_flags & NLM_F_DUMP_INTR)
					m->intr = true;
				return done_error(r);
			case NLMSG_NOOP:
				break;
			case NLMSG_OVERRUN:
				return -ENOBUFS;
			default:
				/* The caller drops the socket to abort the dump. */
				if (r->nlmsg_flags & NLM_F_DUMP_INTR) {
					m->intr = true;
					return 0;
				}
				msgs_add(m, r);
				break;
			}
		}
	}
}

static int talk(struct nlsock *s, struct nlmsghdr *nlh, struct msgs *m)
{
	int err, tries = 0;

	for (;;) {
		sock_open(s);
		err = talk_once(s, nlh, m);
		if (err || !m->intr || ++tries >= DUMP_TRIES)
			break;
		/*
		 * The table changed under the dump: closing the socket ends
		 * the kernel's side of it at once, then start again.
		 */
		mnl_socket_close(s->sk);
		s->sk = NULL;
	}
	if (!err && m->intr) {
		snprintf(errmsg, sizeof(errmsg),
			 "dump interrupted by concurrent changes %d times, giving up",
			 DUMP_TRIES);
		err = -EINTR;
	}
	return err;
}

static int request(struct nlsock *s, struct nlmsghdr *nlh, mnl_cb_t cb,
		   void *data)
{
	struct msgs m = { 0 };
	int err = talk(s, nlh, &m);

	if (!err)
		msgs_run(&m, cb, data);
	free(m.buf);
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
	struct msgs m = { 0 };
	int err = talk(&genl, nlh, &m);

	if (err)
		nl_die(err);
	print_start();
	msgs_run(&m, cb, data);
	print_end();
	free(m.buf);
}

/* ---- generic netlink family ---- */

static int ctrl_groups(const struct nlattr *groups)
{
	const struct nlattr *g;

	mnl_attr_for_each_nested(g, groups) {
		const struct nlattr *tb[CTRL_ATTR_MCAST_GRP_MAX + 1];
		const char *name;

		nl_parse_nested(g, tb, CTRL_ATTR_MCAST_GRP_MAX);
		name = nla_str(tb[CTRL_ATTR_MCAST_GRP_NAME]);
		if (name && !strcmp(name, VSWITCH_MCGRP_EVENTS))
			vsw_events_group = nla_u32(tb[CTRL_ATTR_MCAST_GRP_ID], 0);
	}
	return 0;
}

static int ctrl_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1];

	nl_parse(nlh, sizeof(struct genlmsghdr), tb, CTRL_ATTR_MAX);
	vsw_family = nla_u16(tb[CTRL_ATTR_FAMILY_ID], 0);
	if (tb[CTRL_ATTR_MCAST_GROUPS])
		ctrl_groups(tb[CTRL_ATTR_MCAST_GROUPS]);
	return MNL_CB_OK;
}

/*
 * Asking nlctrl for the family makes the kernel autoload the module
 * (MODULE_ALIAS_GENL_FAMILY); ENOENT after that means there is none.
 */
static void resolve_family(void)
{
	char buf[NL_BUF_SIZE];
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;
	int err;

	if (vsw_family)
		return;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = CTRL_CMD_GETFAMILY;
	g->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, VSWITCH_GENL_NAME);

	err = genl_request(nlh, ctrl_cb, NULL);
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
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;

	resolve_family();
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = vsw_family;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = VSWITCH_GENL_VERSION;
	return nlh;
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

/* Read one batch of events; -EINTR and -ENOBUFS are for the caller. */
int genl_events_recv(mnl_cb_t cb, void *data)
{
	ssize_t n = mnl_socket_recvfrom(genl.sk, rxbuf, sizeof(rxbuf));
	const struct nlmsghdr *r = (const void *)rxbuf;
	int len;

	if (n < 0)
		return -errno;
	len = (int)n;
	for (; mnl_nlmsg_ok(r, len); r = mnl_nlmsg_next(r, &len)) {
		if (r->nlmsg_type != vsw_family)
			continue;
		if (cb(r, data) <= MNL_CB_STOP)
			break;
	}
	return 0;
}

/* ---- rtnetlink ---- */

struct nlmsghdr *rtnl_link_msg(char *buf, uint16_t type, uint16_t flags,
			       unsigned int ifindex)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifi;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = (int)ifindex;
	return nlh;
}

struct nlmsghdr *rtnl_addr_msg(char *buf, uint16_t type, uint16_t flags,
			       unsigned int ifindex, int family,
			       unsigned int prefixlen)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifaddrmsg *ifa;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
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
