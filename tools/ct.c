// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl: the live translations of a nat switch, read from conntrack over
 * ctnetlink (NETLINK_NETFILTER, IPCTNL_MSG_CT_GET dump, IPv4).
 *
 * The module puts each nat switch in a conntrack zone of its own, for the
 * original direction only: ctnetlink reports it as CTA_TUPLE_ZONE inside
 * CTA_TUPLE_ORIG (a zone of both directions would be the top-level
 * CTA_ZONE; either is accepted). The reply tuple is in the default zone.
 */
#include <endian.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/netfilter/nf_conntrack_tcp.h>

#include "vswctl.h"

struct ct_tuple {
	bool ip;		/* src and dst are valid */
	struct in_addr src, dst;
	uint8_t proto;
	bool ports;		/* sport and dport are valid */
	uint16_t sport, dport;
	bool icmp;		/* id is valid */
	uint16_t id;
	bool zone;		/* zone_id is valid */
	uint16_t zone_id;
};

/* ---- parsing ---- */

static uint16_t be16_attr(const struct nlattr *a)
{
	return ntohs(nla_u16(a, 0));
}

static uint32_t be32_attr(const struct nlattr *a)
{
	return ntohl(nla_u32(a, 0));
}

static uint64_t be64_attr(const struct nlattr *a)
{
	return be64toh(nla_u64(a, 0));
}

static void parse_tuple(const struct nlattr *nest, struct ct_tuple *t)
{
	const struct nlattr *tb[CTA_TUPLE_MAX + 1];
	const struct nlattr *ip[CTA_IP_MAX + 1];
	const struct nlattr *pr[CTA_PROTO_MAX + 1];
	const void *src, *dst;

	memset(t, 0, sizeof(*t));
	if (!nest)
		return;
	nl_parse_nested(nest, tb, CTA_TUPLE_MAX);

	nl_parse_nested(tb[CTA_TUPLE_IP], ip, CTA_IP_MAX);
	src = nla_bin(ip[CTA_IP_V4_SRC], sizeof(struct in_addr));
	dst = nla_bin(ip[CTA_IP_V4_DST], sizeof(struct in_addr));
	if (src && dst) {
		memcpy(&t->src, src, sizeof(t->src));
		memcpy(&t->dst, dst, sizeof(t->dst));
		t->ip = true;
	}

	nl_parse_nested(tb[CTA_TUPLE_PROTO], pr, CTA_PROTO_MAX);
	if (pr[CTA_PROTO_NUM] && mnl_attr_get_payload_len(pr[CTA_PROTO_NUM]) >= 1)
		t->proto = mnl_attr_get_u8(pr[CTA_PROTO_NUM]);
	if (pr[CTA_PROTO_SRC_PORT] && pr[CTA_PROTO_DST_PORT]) {
		t->sport = be16_attr(pr[CTA_PROTO_SRC_PORT]);
		t->dport = be16_attr(pr[CTA_PROTO_DST_PORT]);
		t->ports = true;
	}
	if (pr[CTA_PROTO_ICMP_ID]) {
		t->id = be16_attr(pr[CTA_PROTO_ICMP_ID]);
		t->icmp = true;
	}

	if (tb[CTA_TUPLE_ZONE]) {
		t->zone_id = be16_attr(tb[CTA_TUPLE_ZONE]);
		t->zone = true;
	}
}

static bool in_zone(const struct nlmsghdr *nlh, uint16_t zone)
{
	const struct nfgenmsg *nfg = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[CTA_MAX + 1];
	struct ct_tuple orig;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*nfg) ||
	    nfg->nfgen_family != AF_INET)
		return false;
	nl_parse(nlh, sizeof(*nfg), tb, CTA_MAX);
	if (tb[CTA_ZONE] && be16_attr(tb[CTA_ZONE]) == zone)
		return true;
	parse_tuple(tb[CTA_TUPLE_ORIG], &orig);
	return orig.zone && orig.zone_id == zone;
}

/* ---- printing ---- */

static const char *proto_name(uint8_t proto, char *buf, size_t len)
{
	switch (proto) {
	case IPPROTO_ICMP:	return "icmp";
	case IPPROTO_TCP:	return "tcp";
	case IPPROTO_UDP:	return "udp";
	case IPPROTO_DCCP:	return "dccp";
	case IPPROTO_GRE:	return "gre";
	case IPPROTO_SCTP:	return "sctp";
	case IPPROTO_UDPLITE:	return "udplite";
	default:
		snprintf(buf, len, "%u", proto);
		return buf;
	}
}

/* The names of conntrack(8). */
static const char *const tcp_states[] = {
	[TCP_CONNTRACK_NONE]		= "NONE",
	[TCP_CONNTRACK_SYN_SENT]	= "SYN_SENT",
	[TCP_CONNTRACK_SYN_RECV]	= "SYN_RECV",
	[TCP_CONNTRACK_ESTABLISHED]	= "ESTABLISHED",
	[TCP_CONNTRACK_FIN_WAIT]	= "FIN_WAIT",
	[TCP_CONNTRACK_CLOSE_WAIT]	= "CLOSE_WAIT",
	[TCP_CONNTRACK_LAST_ACK]	= "LAST_ACK",
	[TCP_CONNTRACK_TIME_WAIT]	= "TIME_WAIT",
	[TCP_CONNTRACK_CLOSE]		= "CLOSE",
	[TCP_CONNTRACK_SYN_SENT2]	= "SYN_SENT2",
};

/* NULL when there is nothing to say. */
static const char *ct_state(const struct nlattr *const *tb, uint8_t proto,
			    char *buf, size_t len)
{
	if (proto == IPPROTO_TCP) {
		const struct nlattr *pi[CTA_PROTOINFO_MAX + 1];
		const struct nlattr *tcp[CTA_PROTOINFO_TCP_MAX + 1];
		const struct nlattr *st;
		uint8_t s;

		nl_parse_nested(tb[CTA_PROTOINFO], pi, CTA_PROTOINFO_MAX);
		nl_parse_nested(pi[CTA_PROTOINFO_TCP], tcp, CTA_PROTOINFO_TCP_MAX);
		st = tcp[CTA_PROTOINFO_TCP_STATE];
		if (!st || mnl_attr_get_payload_len(st) < 1)
			return NULL;
		s = mnl_attr_get_u8(st);
		if (s < sizeof(tcp_states) / sizeof(tcp_states[0]))
			return tcp_states[s];
		snprintf(buf, len, "%u", s);
		return buf;
	}
	if (tb[CTA_STATUS]) {
		uint32_t status = be32_attr(tb[CTA_STATUS]);

		if (!(status & IPS_SEEN_REPLY))
			return "UNREPLIED";
		if (status & IPS_ASSURED)
			return "ASSURED";
	}
	return NULL;
}

/* One end of a tuple: text "ADDR:PORT" (no port: "ADDR"); JSON keys. */
static void print_end_point(const char *key, const char *portkey,
			    const char *fmt, struct in_addr addr,
			    const struct ct_tuple *t, uint16_t port)
{
	char abuf[INET_ADDRSTRLEN], tbuf[INET_ADDRSTRLEN + 16];

	inet_ntop(AF_INET, &addr, abuf, sizeof(abuf));
	if (t->ports)
		snprintf(tbuf, sizeof(tbuf), "%s:%u", abuf, port);
	else
		snprintf(tbuf, sizeof(tbuf), "%s", abuf);
	print_string(PRINT_FP, NULL, fmt, tbuf);
	print_string(PRINT_JSON, key, NULL, abuf);
	if (t->ports)
		print_uint(PRINT_JSON, portkey, NULL, port);
}

static void print_counters(const char *key, const char *fmt, uint64_t o,
			   uint64_t r)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%llu/%llu", (unsigned long long)o,
		 (unsigned long long)r);
	print_string(PRINT_FP, NULL, fmt, buf);
	snprintf(buf, sizeof(buf), "[%llu,%llu]", (unsigned long long)o,
		 (unsigned long long)r);
	print_number(PRINT_JSON, key, NULL, buf);
}

static int ct_print(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[CTA_MAX + 1];
	const struct nlattr *co[CTA_COUNTERS_MAX + 1];
	const struct nlattr *cr[CTA_COUNTERS_MAX + 1];
	struct ct_tuple o, r;
	char pbuf[8], sbuf[8];
	const char *state;
	bool via = false, to = false;

	nl_parse(nlh, sizeof(struct nfgenmsg), tb, CTA_MAX);
	parse_tuple(tb[CTA_TUPLE_ORIG], &o);
	parse_tuple(tb[CTA_TUPLE_REPLY], &r);
	if (!o.ip)
		return MNL_CB_OK;
	/* A reply tuple of another kind than the original is not shown. */
	if (!r.ip || r.ports != o.ports || r.icmp != o.icmp)
		r.ip = false;
	if (r.ip) {
		/* Masquerade: the other side answers to another source. */
		via = r.dst.s_addr != o.src.s_addr ||
		      (o.ports && r.dport != o.sport) ||
		      (o.icmp && r.id != o.id);
		/* Port forward: the answer comes from another destination. */
		to = r.src.s_addr != o.dst.s_addr ||
		     (o.ports && r.sport != o.dport);
	}

	print_open_object(NULL);
	print_string(PRINT_ANY, "proto", "%s",
		     proto_name(o.proto, pbuf, sizeof(pbuf)));
	print_end_point("src", "sport", " %s", o.src, &o, o.sport);
	print_end_point("dst", "dport", " -> %s", o.dst, &o, o.dport);
	if (o.icmp)
		print_uint(PRINT_ANY, "id", " id %llu", o.id);
	if (r.ip) {
		print_end_point("reply_src", "reply_sport",
				to ? " to %s" : NULL, r.src, &r, r.sport);
		if (to && r.icmp && !via)
			print_uint(PRINT_FP, NULL, " id %llu", r.id);
		print_end_point("reply_dst", "reply_dport",
				via ? " via %s" : NULL, r.dst, &r, r.dport);
		if (r.icmp)
			print_uint(via ? PRINT_ANY : PRINT_JSON, "reply_id",
				   " id %llu", r.id);
	}
	state = ct_state(tb, o.proto, sbuf, sizeof(sbuf));
	if (state)
		print_string(PRINT_ANY, "state", " %s", state);
	if (tb[CTA_TIMEOUT])
		print_uint(PRINT_ANY, "timeout", " timeout %llu",
			   be32_attr(tb[CTA_TIMEOUT]));
	if (tb[CTA_COUNTERS_ORIG] || tb[CTA_COUNTERS_REPLY]) {
		nl_parse_nested(tb[CTA_COUNTERS_ORIG], co, CTA_COUNTERS_MAX);
		nl_parse_nested(tb[CTA_COUNTERS_REPLY], cr, CTA_COUNTERS_MAX);
		print_counters("packets", " packets %s",
			       be64_attr(co[CTA_COUNTERS_PACKETS]),
			       be64_attr(cr[CTA_COUNTERS_PACKETS]));
		print_counters("bytes", " bytes %s",
			       be64_attr(co[CTA_COUNTERS_BYTES]),
			       be64_attr(cr[CTA_COUNTERS_BYTES]));
	}
	print_nl();
	print_close_object();
	return MNL_CB_OK;
}

/* ---- the dump ---- */

/* The entries of the zone, from a dump that may hold every zone's. */
static bool ct_keep(const struct nlmsghdr *nlh, const void *data)
{
	const uint16_t *zone = data;

	return NFNL_SUBSYS_ID(nlh->nlmsg_type) == NFNL_SUBSYS_CTNETLINK &&
	       NFNL_MSG_TYPE(nlh->nlmsg_type) == IPCTNL_MSG_CT_NEW &&
	       in_zone(nlh, *zone);
}

/* IPCTNL_MSG_CT_GET, a dump of the IPv4 entries. */
static struct nlmsghdr *ct_dump_msg(char *buf, uint16_t zone)
{
	struct nlmsghdr *nlh;
	struct nfgenmsg *nfg;

	nlh = nl_msg(buf, (NFNL_SUBSYS_CTNETLINK << 8) | IPCTNL_MSG_CT_GET,
		     NLM_F_DUMP, sizeof(*nfg));
	nlh->nlmsg_flags &= ~NLM_F_ACK;	/* a dump ends with NLMSG_DONE */
	nfg = mnl_nlmsg_get_payload(nlh);
	nfg->nfgen_family = AF_INET;
	nfg->version = NFNETLINK_V0;
	nfg->res_id = 0;
	/* Since Linux 6.8 the kernel filters by zone too; before, it ignores it. */
	mnl_attr_put_u16(nlh, CTA_ZONE, htons(zone));
	return nlh;
}

/*
 * One dump on a socket of its own, printed only once it fully succeeded;
 * closing the socket ends an interrupted dump on the kernel's side at once.
 */
int ct_show_zone(uint16_t zone, const char *swname)
{
	/* Zeroed: libmnl before 1.0.5 leaves attribute padding as it is. */
	char buf[256] __attribute__((aligned(8))) = { 0 };
	struct nlsock sk = { .bus = NETLINK_NETFILTER };
	struct nl_msgs m = { .keep = ct_keep, .keep_data = &zone };
	int err;

	err = nl_collect(&sk, ct_dump_msg(buf, zone), &m);
	nlsock_close(&sk);
	if (err) {
		fflush(stdout);
		fprintf(stderr, "vswctl: conntrack: %s\n", nl_strerror(err));
		nl_msgs_free(&m);
		return 1;
	}
	print_start();
	nl_msgs_run(&m, ct_print, NULL);
	print_end();
	nl_msgs_free(&m);
	return 0;
}
