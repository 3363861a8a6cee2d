// SPDX-License-Identifier: GPL-2.0
/*
 * The netlink core shared by vswctl and vswitch-bridge-helper (nlcore.h):
 * sockets, round trips with extended acks, buffered dumps, attributes and
 * the generic netlink controller.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "nlcore.h"

#define RX_BUF_SIZE	(1 << 16)

static char errmsg[512];
static char rxbuf[RX_BUF_SIZE] __attribute__((aligned(8)));

/* ---- sockets ---- */

int nlsock_open(struct nlsock *s)
{
	int one = 1;

	if (s->sk)
		return 0;
	s->sk = mnl_socket_open2(s->bus, SOCK_CLOEXEC);
	if (!s->sk)
		return -errno;
	if (mnl_socket_bind(s->sk, 0, MNL_SOCKET_AUTOPID) < 0) {
		int err = -errno;

		nlsock_close(s);
		return err;
	}
	/* Old kernels lack these; errors then come without a message. */
	mnl_socket_setsockopt(s->sk, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(s->sk, NETLINK_CAP_ACK, &one, sizeof(one));
	s->portid = mnl_socket_get_portid(s->sk);
	s->seq = (unsigned int)time(NULL);
	return 0;
}

void nlsock_close(struct nlsock *s)
{
	if (s->sk)
		mnl_socket_close(s->sk);
	s->sk = NULL;
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

void nl_errmsg_clear(void)
{
	errmsg[0] = '\0';
}

const char *nl_strerror(int err)
{
	return errmsg[0] ? errmsg : strerror(err < 0 ? -err : err);
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

/* ---- round trips ---- */

int nl_recv(struct nlsock *s, mnl_cb_t cb, void *data)
{
	ssize_t n = mnl_socket_recvfrom(s->sk, rxbuf, sizeof(rxbuf));
	const struct nlmsghdr *r = (const void *)rxbuf;
	int len;

	if (n < 0)
		return -errno;
	len = (int)n;
	for (; mnl_nlmsg_ok(r, len); r = mnl_nlmsg_next(r, &len))
		if (cb(r, data) <= MNL_CB_STOP)
			break;
	return 0;
}

struct talk {
	unsigned int seq, portid;
	mnl_cb_t cb;
	void *data;
	int err;
	bool done;
};

/* A reply to nl_talk(): its end, or one more for the caller's cb. */
static int talk_cb(const struct nlmsghdr *r, void *data)
{
	struct talk *t = data;

	if (r->nlmsg_seq != t->seq || r->nlmsg_pid != t->portid)
		return MNL_CB_OK;	/* stale, or not ours */
	switch (r->nlmsg_type) {
	case NLMSG_ERROR:
		t->err = ack_error(r);
		break;
	case NLMSG_DONE:
		t->err = done_error(r);
		if (!t->err && (r->nlmsg_flags & NLM_F_DUMP_INTR))
			t->err = NL_DUMP_INTR;
		break;
	case NLMSG_NOOP:
		return MNL_CB_OK;
	case NLMSG_OVERRUN:
		t->err = -ENOBUFS;
		break;
	default:
		if (r->nlmsg_flags & NLM_F_DUMP_INTR) {
			t->err = NL_DUMP_INTR;
			break;
		}
		if (t->cb)
			t->cb(r, t->data);
		return MNL_CB_OK;
	}
	t->done = true;
	return MNL_CB_STOP;
}

int nl_talk(struct nlsock *s, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	struct talk t = { ++s->seq, s->portid, cb, data, 0, false };

	nlh->nlmsg_seq = t.seq;
	nlh->nlmsg_pid = 0;
	errmsg[0] = '\0';
	if (mnl_socket_sendto(s->sk, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	while (!t.done) {
		int err = nl_recv(s, talk_cb, &t);

		if (err && err != -EINTR)
			return err;
	}
	return t.err;
}

/* ---- buffered requests ---- */

struct collect {
	struct nl_msgs *m;
	bool nomem;
};

static int collect_cb(const struct nlmsghdr *nlh, void *data)
{
	struct collect *c = data;
	struct nl_msgs *m = c->m;
	size_t len = MNL_ALIGN(nlh->nlmsg_len);

	if (m->keep && !m->keep(nlh, m->keep_data))
		return MNL_CB_OK;
	if (m->len + len > m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 65536;
		char *buf;

		while (cap < m->len + len)
			cap *= 2;
		buf = realloc(m->buf, cap);
		if (!buf) {
			c->nomem = true;
			return MNL_CB_OK;
		}
		m->buf = buf;
		m->cap = cap;
	}
	memcpy(m->buf + m->len, nlh, nlh->nlmsg_len);
	m->len += len;
	return MNL_CB_OK;
}

int nl_collect(struct nlsock *s, struct nlmsghdr *nlh, struct nl_msgs *m)
{
	struct collect c = { m, false };
	int err, tries = 0;

	for (;;) {
		m->len = 0;
		err = nlsock_open(s);
		if (!err)
			err = nl_talk(s, nlh, collect_cb, &c);
		if (err != NL_DUMP_INTR || ++tries >= NL_DUMP_TRIES)
			break;
		/*
		 * The table changed under the dump: closing the socket ends
		 * the kernel's side of it at once, then start again.
		 */
		nlsock_close(s);
	}
	if (err == NL_DUMP_INTR) {
		snprintf(errmsg, sizeof(errmsg),
			 "dump interrupted by concurrent changes %d times, giving up",
			 NL_DUMP_TRIES);
		err = -EINTR;
	}
	if (!err && c.nomem)
		err = -ENOMEM;
	return err;
}

void nl_msgs_run(const struct nl_msgs *m, mnl_cb_t cb, void *data)
{
	size_t off = 0;

	while (cb && off < m->len) {
		const struct nlmsghdr *nlh = (const void *)(m->buf + off);

		if (cb(nlh, data) <= MNL_CB_STOP)
			break;
		off += MNL_ALIGN(nlh->nlmsg_len);
	}
}

void nl_msgs_free(struct nl_msgs *m)
{
	free(m->buf);
	m->buf = NULL;
	m->len = m->cap = 0;
}

/* ---- message headers ---- */

struct nlmsghdr *nl_msg(char *buf, uint16_t type, uint16_t flags,
			size_t hdrlen)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	mnl_nlmsg_put_extra_header(nlh, hdrlen);
	return nlh;
}

struct nlmsghdr *genl_cmd_msg(char *buf, uint16_t family, uint8_t cmd,
			      uint8_t version, uint16_t flags)
{
	struct nlmsghdr *nlh = nl_msg(buf, family, flags,
				      sizeof(struct genlmsghdr));
	struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);

	g->cmd = cmd;
	g->version = version;
	return nlh;
}

struct nlmsghdr *rtnl_link_msg(char *buf, uint16_t type, uint16_t flags,
			       unsigned int ifindex)
{
	struct nlmsghdr *nlh = nl_msg(buf, type, flags, sizeof(struct ifinfomsg));
	struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);

	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = (int)ifindex;
	return nlh;
}

/* ---- generic netlink controller ---- */

struct family {
	const char *grp;
	uint16_t id;
	uint32_t grp_id;
};

static void family_groups(const struct nlattr *groups, struct family *f)
{
	const struct nlattr *g;

	mnl_attr_for_each_nested(g, groups) {
		const struct nlattr *tb[CTRL_ATTR_MCAST_GRP_MAX + 1];
		const char *name;

		nl_parse_nested(g, tb, CTRL_ATTR_MCAST_GRP_MAX);
		name = nla_str(tb[CTRL_ATTR_MCAST_GRP_NAME]);
		if (name && f->grp && !strcmp(name, f->grp))
			f->grp_id = nla_u32(tb[CTRL_ATTR_MCAST_GRP_ID], 0);
	}
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1];
	struct family *f = data;

	nl_parse(nlh, sizeof(struct genlmsghdr), tb, CTRL_ATTR_MAX);
	f->id = nla_u16(tb[CTRL_ATTR_FAMILY_ID], 0);
	if (tb[CTRL_ATTR_MCAST_GROUPS])
		family_groups(tb[CTRL_ATTR_MCAST_GROUPS], f);
	return MNL_CB_OK;
}

int genl_family(struct nlsock *s, const char *name, const char *grp,
		uint16_t *id, uint32_t *grp_id)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct family f = { .grp = grp };
	struct nl_msgs m = { 0 };
	struct nlmsghdr *nlh;
	int err;

	nlh = genl_cmd_msg(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, 0);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, name);

	err = nl_collect(s, nlh, &m);
	if (!err)
		nl_msgs_run(&m, family_cb, &f);
	nl_msgs_free(&m);
	*id = f.id;
	if (grp_id)
		*grp_id = f.grp_id;
	return err;
}
