// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: a netlink fuzzer for vswitch, its generic netlink family and its
 * rtnetlink link kind.
 *
 *   nlfuzz [-s SEED] [-n COUNT] [-b BATCH] [-c N] [-m root|user|userns] [-v]
 *          [-t] [-C]
 *
 *   -s SEED   the seed of the message generator (default: VSWITCH_FUZZ_SEED
 *             from the environment, else one from getrandom())
 *   -n COUNT  messages to send (default 10000)
 *   -b BATCH  messages between two full state checks (default 500)
 *   -c N      the "an error changed nothing" check on one mutating message
 *             in N (default 1: every one); the state scans it costs are
 *             most of the run's time, and a slow (debug) kernel needs N
 *             larger to send its 100,000 messages in CI's time
 *   -m MODE   root: as the caller (root); user: uid/gid 65534 without
 *             capabilities, every mutating request must fail with EPERM;
 *             userns: uid 65534 as root of a new user and network
 *             namespace, where switches are created and fuzzed
 *   -v        print every message: command, flags, mutations, the answer
 *   -t        self-check of the digest invariant: accepted mutating
 *             messages are checked as if they had failed, so the first one
 *             that changes the state must stop the run with exit 1
 *   -C        no churn child (for measurements)
 *
 * What it does. The generic netlink side is learned from the kernel: the
 * family's operations and their flags (CTRL_CMD_GETFAMILY) and the
 * attribute policies of each operation (CTRL_CMD_GETPOLICY), per operation
 * or family-wide, as the kernel reports them; attributes a policy dump
 * cannot describe (NLA_BE32) come from the uapi value hints. Messages are
 * then generated for the learned operations, most of them well-formed
 * (attributes of the right type, values from dictionaries of the devices,
 * switches, ports, addresses of the namespace) so that they reach the
 * handlers, the others
 * mutated: boundary values, wrong lengths, strings without NUL or too long,
 * deep and lying nests, duplicate and unknown attributes, odd nlmsg_flags,
 * truncated headers, wrong versions, unknown commands. On the rtnetlink
 * side it creates, changes and deletes switches named fzsw* (IFLA_INFO_DATA
 * fuzzed the same way) and sets IFLA_MASTER on odd devices it creates
 * itself (dummy, bridge, veth pair, VLAN over VLAN, all named fz*). A few
 * extra sockets start dumps that are left unfinished, and a child process
 * keeps creating and deleting a switch fzchurn with a port fzchurnp while
 * messages are aimed at it. Only devices named fz* are ever created or
 * deleted by name.
 *
 * Invariants, any failure stops the run with exit 1, naming the message
 * number and the seed, with a hex dump of the message:
 * - every BATCH messages: every dump of a GET operation completes without
 *   error, every port's switch is in the switch dump, the switches of
 *   rtnetlink (kind vswitch) and of generic netlink are the same, and
 *   every device whose master is a switch is in its port dump and back;
 * - a mutating message (an operation with GENL_ADMIN_PERM or
 *   GENL_UNS_ADMIN_PERM, RTM_NEWLINK, RTM_SETLINK, RTM_DELLINK) that got
 *   an error changed nothing: the digest of the state from those dumps
 *   (and the switches' links) is the same before and after it. Left out:
 *   what changes by itself (volatile_attr()), and the churn switch;
 * - user: such messages fail, with EPERM when well-formed;
 * - userns: at least one switch is created and changed, and nothing of the
 *   initial network namespace is visible.
 * Errors acked without an extended ack message are counted, not failed.
 * Two refusals of the rtnetlink core are not atomic by design and are
 * kept apart: IFLA_MASTER detaches a port before it looks at the new
 * master (counted), and a message's changes are applied one by one (so a
 * message carries one change only).
 *
 * A failure of a batch check names the batch's last message; -b 1 checks
 * after every message (slow). Runs are reproducible from the seed as far
 * as the starting state and, without -C, the churn child's timing allow.
 *
 * Exit status: 0 all invariants held, 1 one failed (or the setup did),
 * 2 usage.
 *
 * Example: nlfuzz -n 20000 -m userns; VSWITCH_FUZZ_SEED=42 nlfuzz -v
 */

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/capability.h>
#include <linux/genetlink.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/vswitch.h>
#include <libmnl/libmnl.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define MSG_MAX		16384	/* a generated message */
#define RX_MAX		(128 * 1024)
#define MAX_OPS		64
#define MAX_POLS	16
#define MAX_PATTRS	128
#define MAX_DEVS	512
#define MAX_SWS		128
#define MAX_PORTS	512
#define MAX_ADDRS	256
#define N_DUMPSK	4	/* sockets with dumps left unfinished */
#define DEEP_NEST	40
#define REPLY_TIMEOUT	60	/* seconds without an answer: a failure */

#define CHURN_SW	"fzchurn"
#define CHURN_PORT	"fzchurnp"

enum { MODE_ROOT, MODE_USER, MODE_USERNS };

static uint64_t seed;
static unsigned long count = 10000;
static unsigned long batch = 500;
static int mode = MODE_ROOT;
static bool verbose;
static bool inject;
static unsigned long check_every = 1;	/* -c: one mutating message in N */
static bool no_churn;
static unsigned long msgno;		/* the message being handled */

/* The last message sent, for the hex dump of a failure. */
static uint8_t cur_msg[MSG_MAX];
static size_t cur_len;
static unsigned long cur_no;

static pid_t churn_pid;
static int churn_stop_fd = -1;

/* ------------------------------------------------------------------ */
/* random numbers: xoshiro256** seeded by splitmix64                   */

struct rng {
	uint64_t s[4];
};

static struct rng rng;

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void rng_seed(struct rng *r, uint64_t s)
{
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = splitmix64(&s);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(struct rng *r)
{
	uint64_t res = rotl(r->s[1] * 5, 7) * 9;
	uint64_t t = r->s[1] << 17;

	r->s[2] ^= r->s[0];
	r->s[3] ^= r->s[1];
	r->s[1] ^= r->s[2];
	r->s[0] ^= r->s[3];
	r->s[2] ^= t;
	r->s[3] = rotl(r->s[3], 45);
	return res;
}

static uint64_t rnd64(void)
{
	return rng_next(&rng);
}

/* 0 .. n - 1 */
static uint32_t rnd(uint32_t n)
{
	return n ? (uint32_t)(((rnd64() >> 32) * n) >> 32) : 0;
}

static bool chance(unsigned int percent)
{
	return rnd(100) < percent;
}

static void rnd_bytes(void *p, size_t n)
{
	uint8_t *b = p;

	while (n--)
		*b++ = (uint8_t)rnd64();
}

/* ------------------------------------------------------------------ */
/* reporting                                                           */

static void hexdump(FILE *f, const uint8_t *p, size_t len)
{
	size_t i, j;

	for (i = 0; i < len; i += 16) {
		fprintf(f, "  %04zx:", i);
		for (j = i; j < i + 16 && j < len; j++)
			fprintf(f, " %02x", p[j]);
		fputc('\n', f);
	}
}

static void churn_stop(void);

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("nlfuzz: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	churn_stop();
	exit(1);
}

/* A failed invariant: the message number, the seed and the message. */
static void __attribute__((noreturn, format(printf, 1, 2)))
fail(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("nlfuzz: FAIL: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nnlfuzz: at message %lu, seed %" PRIu64 "\n", msgno,
		seed);
	if (cur_no) {
		fprintf(stderr, "nlfuzz: %s message %lu (%zu bytes):\n",
			cur_no == msgno ? "the" : "the last sent,", cur_no,
			cur_len);
		hexdump(stderr, cur_msg, cur_len);
	}
	churn_stop();
	exit(1);
}

static const char *const cmd_names[] = {
	[VSW_CMD_SWITCH_GET]	= "SWITCH_GET",
	[VSW_CMD_PORT_GET]	= "PORT_GET",
	[VSW_CMD_PORT_SET]	= "PORT_SET",
	[VSW_CMD_PORT_NEW]	= "PORT_NEW",
	[VSW_CMD_PORT_DEL]	= "PORT_DEL",
	[VSW_CMD_FDB_GET]	= "FDB_GET",
	[VSW_CMD_FDB_NEW]	= "FDB_NEW",
	[VSW_CMD_FDB_DEL]	= "FDB_DEL",
	[VSW_CMD_FDB_FLUSH]	= "FDB_FLUSH",
	[VSW_CMD_NAT_SET]	= "NAT_SET",
	[VSW_CMD_FWD_GET]	= "FWD_GET",
	[VSW_CMD_FWD_NEW]	= "FWD_NEW",
	[VSW_CMD_FWD_DEL]	= "FWD_DEL",
	[VSW_CMD_SWITCH_SET]	= "SWITCH_SET",
	[VSW_CMD_BINDING_GET]	= "BINDING_GET",
	[VSW_CMD_MIRROR_GET]	= "MIRROR_GET",
	[VSW_CMD_MIRROR_NEW]	= "MIRROR_NEW",
	[VSW_CMD_MIRROR_DEL]	= "MIRROR_DEL",
};

static const char *const attr_names[] = {
	[VSW_A_IFINDEX]			= "IFINDEX",
	[VSW_A_IFNAME]			= "IFNAME",
	[VSW_A_MODE]			= "MODE",
	[VSW_A_AGEING]			= "AGEING",
	[VSW_A_FDB_MAX]			= "FDB_MAX",
	[VSW_A_FDB_COUNT]		= "FDB_COUNT",
	[VSW_A_FDB_STATIC]		= "FDB_STATIC",
	[VSW_A_PORT_COUNT]		= "PORT_COUNT",
	[VSW_A_STATS]			= "STATS",
	[VSW_A_PORT_IFINDEX]		= "PORT_IFINDEX",
	[VSW_A_PORT_IFNAME]		= "PORT_IFNAME",
	[VSW_A_PORT_FDB_MAX]		= "PORT_FDB_MAX",
	[VSW_A_PORT_FDB_COUNT]		= "PORT_FDB_COUNT",
	[VSW_A_FDB_MAC]			= "FDB_MAC",
	[VSW_A_FDB_VLAN]		= "FDB_VLAN",
	[VSW_A_FDB_FLAGS]		= "FDB_FLAGS",
	[VSW_A_FDB_AGE]			= "FDB_AGE",
	[VSW_A_EVENT]			= "EVENT",
	[VSW_A_PAD]			= "PAD",
	[VSW_A_NAT_ZONE]		= "NAT_ZONE",
	[VSW_A_NAT_UDP_TIMEOUT]		= "NAT_UDP_TIMEOUT",
	[VSW_A_NAT_TCP_TIMEOUT]		= "NAT_TCP_TIMEOUT",
	[VSW_A_NAT_TCP_EST_TIMEOUT]	= "NAT_TCP_EST_TIMEOUT",
	[VSW_A_FWD_NAME]		= "FWD_NAME",
	[VSW_A_FWD_PROTO]		= "FWD_PROTO",
	[VSW_A_FWD_HOST_ADDR]		= "FWD_HOST_ADDR",
	[VSW_A_FWD_HOST_PORT]		= "FWD_HOST_PORT",
	[VSW_A_FWD_GUEST_ADDR]		= "FWD_GUEST_ADDR",
	[VSW_A_FWD_GUEST_PORT]		= "FWD_GUEST_PORT",
	[VSW_A_UPLINK_IFINDEX]		= "UPLINK_IFINDEX",
	[VSW_A_UPLINK_IFNAME]		= "UPLINK_IFNAME",
	[VSW_A_UPLINK_STATE]		= "UPLINK_STATE",
	[VSW_A_PORT_UPLINK]		= "PORT_UPLINK",
	[VSW_A_PORT_PVID]		= "PORT_PVID",
	[VSW_A_PORT_VLAN_FILTER]	= "PORT_VLAN_FILTER",
	[VSW_A_PORT_VLANS]		= "PORT_VLANS",
	[VSW_A_PORT_ISOLATED]		= "PORT_ISOLATED",
	[VSW_A_PORT_MAC_GUARD]		= "PORT_MAC_GUARD",
	[VSW_A_PORT_DHCP_GUARD]		= "PORT_DHCP_GUARD",
	[VSW_A_PORT_ROUTER_GUARD]	= "PORT_ROUTER_GUARD",
	[VSW_A_PORT_MACS]		= "PORT_MACS",
	[VSW_A_PORT_STORM_LIMIT]	= "PORT_STORM_LIMIT",
	[VSW_A_PORT_GUARD_MAC]		= "PORT_GUARD_MAC",
	[VSW_A_PORT_HOST]		= "PORT_HOST",
	[VSW_A_PORT_IP_GUARD]		= "PORT_IP_GUARD",
	[VSW_A_PORT_IPS]		= "PORT_IPS",
	[VSW_A_PORT_PROMISC]		= "PORT_PROMISC",
	[VSW_A_PORT_MIRROR]		= "PORT_MIRROR",
	[VSW_A_PORT_DEFAULTS]		= "PORT_DEFAULTS",
	[VSW_A_BIND_ADDR]		= "BIND_ADDR",
	[VSW_A_BIND_TYPE]		= "BIND_TYPE",
	[VSW_A_BIND_EXPIRES]		= "BIND_EXPIRES",
	[VSW_A_MIRROR_NAME]		= "MIRROR_NAME",
	[VSW_A_MIRROR_FROM]		= "MIRROR_FROM",
	[VSW_A_MIRROR_DIR]		= "MIRROR_DIR",
	[VSW_A_MIRROR_TO]		= "MIRROR_TO",
	[VSW_A_PORT_DHCP_TRUST]		= "PORT_DHCP_TRUST",
	[VSW_A_GROUP_FWD_MASK]		= "GROUP_FWD_MASK",
	[VSW_A_PORT_BPDU_GUARD]		= "PORT_BPDU_GUARD",
	[VSW_A_PORT_SHUT]		= "PORT_SHUT",
};

static const char *cmd_name(unsigned int cmd)
{
	static char buf[16];

	if (cmd < ARRAY_SIZE(cmd_names) && cmd_names[cmd])
		return cmd_names[cmd];
	snprintf(buf, sizeof(buf), "CMD_%u", cmd);
	return buf;
}

static const char *attr_name(unsigned int type)
{
	if (type < ARRAY_SIZE(attr_names) && attr_names[type])
		return attr_names[type];
	return NULL;
}

/* Does @name start with @prefix followed by '_' (or end there)? */
static bool has_prefix(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);

	return name && !strncmp(name, prefix, n) &&
	       (name[n] == '_' || name[n] == '\0');
}

static bool is_churn(const char *name)
{
	return name && !strncmp(name, CHURN_SW, strlen(CHURN_SW));
}

/* ------------------------------------------------------------------ */
/* netlink sockets                                                     */

struct nlsk {
	int fd;
	uint32_t portid;
	size_t rxlen;		/* what recv() asks for: 0, all of rxbuf */
};

enum { EX_ACK, EX_DUMP, EX_DRAIN };

struct reply {
	int err;		/* of NLMSG_ERROR or NLMSG_DONE */
	bool end;		/* the ack or the end of the dump came */
	bool intr;		/* NLM_F_DUMP_INTR */
	bool has_msg;		/* NLMSGERR_ATTR_MSG */
	bool has_offs;		/* NLMSGERR_ATTR_OFFS */
	unsigned int data;	/* data messages */
	char msg[160];
};

typedef void (*rec_fn)(const struct nlmsghdr *nlh, void *arg);

static uint8_t rxbuf[RX_MAX] __attribute__((aligned(8)));
static uint32_t seqno;

static struct nlsk fz_genl, fz_rtnl;	/* the fuzzed messages */
static struct nlsk st_genl, st_rtnl;	/* state dumps, control requests */

static int nl_open(struct nlsk *s, int proto)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct timeval tv = { .tv_sec = REPLY_TIMEOUT };
	socklen_t len = sizeof(sa);
	int one = 1, size = 1 << 20;

	s->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, proto);
	if (s->fd < 0)
		return -errno;
	if (bind(s->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    getsockname(s->fd, (struct sockaddr *)&sa, &len) < 0) {
		int err = -errno;

		close(s->fd);
		s->fd = -1;
		return err;
	}
	s->portid = sa.nl_pid;
	setsockopt(s->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(s->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	setsockopt(s->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(s->fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	return 0;
}

static void nl_close(struct nlsk *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

static int nl_send(struct nlsk *s, const void *buf, size_t len)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	ssize_t n;

	do {
		n = sendto(s->fd, buf, len, 0, (struct sockaddr *)&sa,
			   sizeof(sa));
	} while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : 0;
}

#define for_each_attr(a, start, len)					\
	for ((a) = (const struct nlattr *)(start);			\
	     mnl_attr_ok((a), (int)((const char *)(start) + (len) -	\
				    (const char *)(a)));		\
	     (a) = mnl_attr_next(a))

static void tb_parse(const struct nlattr **tb, unsigned int max,
		     const void *start, size_t len)
{
	const struct nlattr *a;

	memset(tb, 0, sizeof(*tb) * (max + 1));
	for_each_attr(a, start, len) {
		unsigned int t = mnl_attr_get_type(a);

		if (t <= max)
			tb[t] = a;
	}
}

static void tb_parse_msg(const struct nlattr **tb, unsigned int max,
			 const struct nlmsghdr *nlh, size_t hdrlen)
{
	size_t plen = mnl_nlmsg_get_payload_len(nlh);

	if (plen < hdrlen) {
		memset(tb, 0, sizeof(*tb) * (max + 1));
		return;
	}
	tb_parse(tb, max, (const char *)mnl_nlmsg_get_payload(nlh) + hdrlen,
		 plen - hdrlen);
}

static void tb_parse_nest(const struct nlattr **tb, unsigned int max,
			  const struct nlattr *nest)
{
	tb_parse(tb, max, mnl_attr_get_payload(nest),
		 mnl_attr_get_payload_len(nest));
}

static uint32_t a_u32(const struct nlattr *a, uint32_t dflt)
{
	if (!a || mnl_attr_get_payload_len(a) < 4)
		return dflt;
	return mnl_attr_get_u32(a);
}

static uint16_t a_u16(const struct nlattr *a, uint16_t dflt)
{
	if (!a || mnl_attr_get_payload_len(a) < 2)
		return dflt;
	return mnl_attr_get_u16(a);
}

/* A string attribute copied into @buf, NUL-terminated; "" if absent. */
static const char *a_str(const struct nlattr *a, char *buf, size_t size)
{
	size_t n;

	buf[0] = '\0';
	if (!a)
		return buf;
	n = mnl_attr_get_payload_len(a);
	if (n >= size)
		n = size - 1;
	memcpy(buf, mnl_attr_get_payload(a), n);
	buf[n] = '\0';
	return buf;
}

static void reply_tlvs(const struct nlmsghdr *r, size_t off,
		       struct reply *rp)
{
	size_t plen = mnl_nlmsg_get_payload_len(r);
	const struct nlattr *a;

	if (!(r->nlmsg_flags & NLM_F_ACK_TLVS) || plen <= off)
		return;
	for_each_attr(a, (const char *)mnl_nlmsg_get_payload(r) + off,
		      plen - off) {
		switch (mnl_attr_get_type(a)) {
		case NLMSGERR_ATTR_MSG:
			rp->has_msg = true;
			a_str(a, rp->msg, sizeof(rp->msg));
			break;
		case NLMSGERR_ATTR_OFFS:
			rp->has_offs = true;
			break;
		}
	}
}

/*
 * Read the answers to request @seq: up to its ack (EX_ACK), up to the end
 * of its dump or its error (EX_DUMP), or whatever is queued (EX_DRAIN: a
 * message the kernel may answer with nothing). @fn sees the data messages.
 * Returns 0, or a negative errno of the socket (-EAGAIN: timeout).
 */
static int nl_read(struct nlsk *s, uint32_t seq, int ex, struct reply *rp,
		   rec_fn fn, void *arg)
{
	memset(rp, 0, sizeof(*rp));
	for (;;) {
		const struct nlmsghdr *r = (const void *)rxbuf;
		ssize_t n;
		int len;

		n = recv(s->fd, rxbuf, s->rxlen ?: sizeof(rxbuf),
			 ex == EX_DRAIN ? MSG_DONTWAIT : 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (ex == EX_DRAIN &&
			    (errno == EAGAIN || errno == EWOULDBLOCK))
				return 0;
			return -errno;
		}
		len = (int)n;
		for (; mnl_nlmsg_ok(r, len); r = mnl_nlmsg_next(r, &len)) {
			if (r->nlmsg_seq != seq)
				continue;	/* an answer to an earlier one */
			if (r->nlmsg_flags & NLM_F_DUMP_INTR)
				rp->intr = true;
			switch (r->nlmsg_type) {
			case NLMSG_ERROR: {
				const struct nlmsgerr *e =
					mnl_nlmsg_get_payload(r);
				size_t off = sizeof(*e);

				if (mnl_nlmsg_get_payload_len(r) < sizeof(*e))
					break;
				rp->err = e->error;
				if (!(r->nlmsg_flags & NLM_F_CAPPED))
					off = NLMSG_ALIGN(off + e->msg.nlmsg_len -
							  sizeof(struct nlmsghdr));
				reply_tlvs(r, off, rp);
				rp->end = true;
				break;
			}
			case NLMSG_DONE:
				if (mnl_nlmsg_get_payload_len(r) >= sizeof(int))
					memcpy(&rp->err,
					       mnl_nlmsg_get_payload(r),
					       sizeof(int));
				reply_tlvs(r, sizeof(int), rp);
				rp->end = true;
				break;
			case NLMSG_NOOP:
			case NLMSG_OVERRUN:
				break;
			default:
				rp->data++;
				if (fn)
					fn(r, arg);
			}
		}
		if (rp->end && ex != EX_DRAIN)
			return 0;
	}
}

/*
 * A request of ours (well-formed): its answers through @fn; returns the
 * errno of its ack or dump end, or of the socket.
 */
static int nl_request(struct nlsk *s, struct nlmsghdr *nlh, rec_fn fn,
		      void *arg, struct reply *rp)
{
	struct reply tmp;
	int err;

	if (!rp)
		rp = &tmp;
	nlh->nlmsg_seq = ++seqno;
	err = nl_send(s, nlh, nlh->nlmsg_len);
	if (err)
		return err;
	err = nl_read(s, nlh->nlmsg_seq,
		      (nlh->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP ?
		      EX_DUMP : EX_ACK, rp, fn, arg);
	return err ?: rp->err;
}

/* ------------------------------------------------------------------ */
/* the family, learned from the kernel                                 */

struct pattr {
	uint16_t type;
	uint8_t kind;		/* NL_ATTR_TYPE_* */
	uint8_t hint;		/* enum vclass */
	bool has_urange, has_srange;
	uint64_t umin, umax;
	int64_t smin, smax;
	uint32_t minlen, maxlen;
	bool has_maxlen;
	int nest_pol;		/* policy of a nest's attributes, or -1 */
	uint64_t mask;
	bool hinted;		/* not dumped by the kernel: from genl_hint */
};

struct policy {
	bool used;
	int n;
	uint32_t maxtype;
	struct pattr a[MAX_PATTRS];
};

struct op {
	uint8_t cmd;
	uint32_t flags;		/* GENL_* of CTRL_ATTR_OP_FLAGS */
	int do_pol, dump_pol;	/* -1: none reported */
	bool mutating;
	bool dump_per_switch;	/* its dump needs a switch */
};

static uint16_t fam_id;
static uint32_t fam_maxattr;
static struct op ops[MAX_OPS];
static int nops;
static struct policy pols[MAX_POLS];
static bool saw_op_policy;
static struct policy link_pol;	/* IFLA_VSW_*, not dumpable: kmod/device.c */

/* Value classes: which dictionary a well-formed value comes from. */
enum vclass {
	VC_NONE,
	VC_SW_IFINDEX, VC_SW_NAME,
	VC_PORT_IFINDEX, VC_PORT_NAME,
	VC_PORT2_IFINDEX, VC_IFINDEX_LIST,
	VC_MAC, VC_MAC_LIST, VC_IP6_LIST,
	VC_IPV4_HOST, VC_IPV4_GUEST, VC_L4PORT, VC_PROTO,
	VC_VID, VC_VLANS, VC_FWD_NAME, VC_MIRROR_NAME,
	VC_TIMEOUT, VC_COUNT, VC_MODE, VC_AGEING, VC_UPLINK, VC_GFM,
};

/* Dictionaries per attribute; the attributes themselves come from the
 * policy the kernel reports.
 */
static const uint8_t genl_hint[VSW_A_MAX + 1] = {
	[VSW_A_IFINDEX]			= VC_SW_IFINDEX,
	[VSW_A_IFNAME]			= VC_SW_NAME,
	[VSW_A_PORT_IFINDEX]		= VC_PORT_IFINDEX,
	[VSW_A_PORT_IFNAME]		= VC_PORT_NAME,
	[VSW_A_PORT_FDB_MAX]		= VC_COUNT,
	[VSW_A_FDB_MAC]			= VC_MAC,
	[VSW_A_FDB_VLAN]		= VC_VID,
	[VSW_A_NAT_UDP_TIMEOUT]		= VC_TIMEOUT,
	[VSW_A_NAT_TCP_TIMEOUT]		= VC_TIMEOUT,
	[VSW_A_NAT_TCP_EST_TIMEOUT]	= VC_TIMEOUT,
	[VSW_A_FWD_NAME]		= VC_FWD_NAME,
	[VSW_A_FWD_PROTO]		= VC_PROTO,
	[VSW_A_FWD_HOST_ADDR]		= VC_IPV4_HOST,
	[VSW_A_FWD_HOST_PORT]		= VC_L4PORT,
	[VSW_A_FWD_GUEST_ADDR]		= VC_IPV4_GUEST,
	[VSW_A_FWD_GUEST_PORT]		= VC_L4PORT,
	[VSW_A_PORT_PVID]		= VC_VID,
	[VSW_A_PORT_VLANS]		= VC_VLANS,
	[VSW_A_PORT_MACS]		= VC_MAC_LIST,
	[VSW_A_PORT_STORM_LIMIT]	= VC_COUNT,
	[VSW_A_PORT_IPS]		= VC_IP6_LIST,
	[VSW_A_MIRROR_NAME]		= VC_MIRROR_NAME,
	[VSW_A_MIRROR_FROM]		= VC_IFINDEX_LIST,
	[VSW_A_MIRROR_TO]		= VC_PORT2_IFINDEX,
};

static bool is_identity(const struct pattr *pa)
{
	return pa->hint >= VC_SW_IFINDEX && pa->hint <= VC_PORT_NAME;
}

static struct pattr *pol_attr(struct policy *p, uint16_t type)
{
	int i;

	for (i = 0; i < p->n; i++)
		if (p->a[i].type == type)
			return &p->a[i];
	if (p->n >= MAX_PATTRS)
		return NULL;
	p->a[p->n] = (struct pattr){ .type = type, .nest_pol = -1 };
	return &p->a[p->n++];
}

static struct op *op_find(unsigned int cmd)
{
	int i;

	for (i = 0; i < nops; i++)
		if (ops[i].cmd == cmd)
			return &ops[i];
	return NULL;
}

static void family_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1], *o;

	tb_parse_msg(tb, CTRL_ATTR_MAX, nlh, GENL_HDRLEN);
	fam_id = a_u16(tb[CTRL_ATTR_FAMILY_ID], 0);
	fam_maxattr = a_u32(tb[CTRL_ATTR_MAXATTR], 0);
	if (!tb[CTRL_ATTR_OPS])
		return;
	mnl_attr_for_each_nested(o, tb[CTRL_ATTR_OPS]) {
		const struct nlattr *ot[CTRL_ATTR_OP_MAX + 1];
		struct op *op;

		tb_parse_nest(ot, CTRL_ATTR_OP_MAX, o);
		if (!ot[CTRL_ATTR_OP_ID] || nops >= MAX_OPS)
			continue;
		op = &ops[nops++];
		op->cmd = (uint8_t)a_u32(ot[CTRL_ATTR_OP_ID], 0);
		op->flags = a_u32(ot[CTRL_ATTR_OP_FLAGS], 0);
		op->do_pol = op->dump_pol = -1;
		op->mutating = op->flags &
			       (GENL_ADMIN_PERM | GENL_UNS_ADMIN_PERM);
	}
}

static void parse_pattr(struct pattr *pa, const struct nlattr *nest)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest) {
		uint64_t u = 0;
		int64_t s = 0;

		if (mnl_attr_get_payload_len(a) == 8) {
			memcpy(&u, mnl_attr_get_payload(a), 8);
			s = (int64_t)u;
		} else if (mnl_attr_get_payload_len(a) == 4) {
			u = mnl_attr_get_u32(a);
			s = (int32_t)u;
		}
		switch (mnl_attr_get_type(a)) {
		case NL_POLICY_TYPE_ATTR_TYPE:
			pa->kind = (uint8_t)u;
			break;
		case NL_POLICY_TYPE_ATTR_MIN_VALUE_U:
			pa->umin = u;
			pa->has_urange = true;
			break;
		case NL_POLICY_TYPE_ATTR_MAX_VALUE_U:
			pa->umax = u;
			pa->has_urange = true;
			break;
		case NL_POLICY_TYPE_ATTR_MIN_VALUE_S:
			pa->smin = s;
			pa->has_srange = true;
			break;
		case NL_POLICY_TYPE_ATTR_MAX_VALUE_S:
			pa->smax = s;
			pa->has_srange = true;
			break;
		case NL_POLICY_TYPE_ATTR_MIN_LENGTH:
			pa->minlen = (uint32_t)u;
			break;
		case NL_POLICY_TYPE_ATTR_MAX_LENGTH:
			pa->maxlen = (uint32_t)u;
			pa->has_maxlen = true;
			break;
		case NL_POLICY_TYPE_ATTR_POLICY_IDX:
			pa->nest_pol = u < MAX_POLS ? (int)u : -1;
			break;
		case NL_POLICY_TYPE_ATTR_MASK:
			pa->mask = u;
			break;
		}
	}
}

/* One CTRL_CMD_GETPOLICY message: op -> policies, or policy -> attrs. */
static void policy_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *a, *p, *t, *d;

	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		switch (mnl_attr_get_type(a)) {
		case CTRL_ATTR_OP_POLICY:
			mnl_attr_for_each_nested(p, a) {
				struct op *op = op_find(mnl_attr_get_type(p));

				if (!op)
					continue;
				saw_op_policy = true;
				mnl_attr_for_each_nested(d, p) {
					uint32_t idx = a_u32(d, 0);

					if (idx >= MAX_POLS)
						continue;
					if (mnl_attr_get_type(d) ==
					    CTRL_ATTR_POLICY_DO)
						op->do_pol = (int)idx;
					else if (mnl_attr_get_type(d) ==
						 CTRL_ATTR_POLICY_DUMP)
						op->dump_pol = (int)idx;
				}
			}
			break;
		case CTRL_ATTR_POLICY:
			mnl_attr_for_each_nested(p, a) {
				unsigned int idx = mnl_attr_get_type(p);
				struct policy *pol;

				if (idx >= MAX_POLS)
					continue;
				pol = &pols[idx];
				pol->used = true;
				mnl_attr_for_each_nested(t, p) {
					uint16_t type = mnl_attr_get_type(t);
					struct pattr *pa = pol_attr(pol, type);

					if (!pa)
						continue;
					parse_pattr(pa, t);
					if (type > pol->maxtype)
						pol->maxtype = type;
				}
			}
			break;
		}
	}
}

/* The type a value class stands for. */
static uint8_t hint_kind(uint8_t hint, uint32_t *maxlen)
{
	*maxlen = 0;
	switch (hint) {
	case VC_SW_NAME:
	case VC_PORT_NAME:
		*maxlen = IFNAMSIZ - 1;
		return NL_ATTR_TYPE_NUL_STRING;
	case VC_FWD_NAME:
		*maxlen = VSW_FWD_NAME_LEN - 1;
		return NL_ATTR_TYPE_NUL_STRING;
	case VC_MIRROR_NAME:
		*maxlen = VSW_MIRROR_NAME_LEN - 1;
		return NL_ATTR_TYPE_NUL_STRING;
	case VC_MAC:
		*maxlen = ETH_ALEN;
		return NL_ATTR_TYPE_BINARY;
	case VC_MAC_LIST:
	case VC_IP6_LIST:
	case VC_IFINDEX_LIST:
	case VC_VLANS:
		return NL_ATTR_TYPE_BINARY;
	case VC_L4PORT:
	case VC_VID:
		return NL_ATTR_TYPE_U16;
	case VC_PROTO:
		return NL_ATTR_TYPE_U8;
	}
	return NL_ATTR_TYPE_U32;
}

/*
 * Attributes the policy dump leaves out although the operations take
 * them: 6.1 cannot describe NLA_BE32 (VSW_A_FWD_*_ADDR). Those the value
 * hints know are added to the operations' policies with the hinted type;
 * the others stay unknown (NLA_REJECT ones are never dumped either).
 */
static int supplement_policies(void)
{
	bool top[MAX_POLS] = { false };
	unsigned int t;
	int i, n = 0;

	for (i = 0; i < nops; i++) {
		if (ops[i].do_pol >= 0)
			top[ops[i].do_pol] = true;
		if (ops[i].dump_pol >= 0)
			top[ops[i].dump_pol] = true;
	}
	for (i = 0; i < MAX_POLS; i++) {
		if (!top[i] || !pols[i].used)
			continue;
		for (t = 1; t <= VSW_A_MAX && t <= fam_maxattr; t++) {
			struct pattr *pa;
			bool known = false;
			int j;

			if (!genl_hint[t])
				continue;
			for (j = 0; j < pols[i].n; j++)
				known |= pols[i].a[j].type == t;
			if (known)
				continue;
			pa = pol_attr(&pols[i], (uint16_t)t);
			if (!pa)
				continue;
			pa->hint = genl_hint[t];
			pa->kind = hint_kind(pa->hint, &pa->maxlen);
			pa->has_maxlen = pa->maxlen != 0;
			pa->minlen = pa->hint == VC_MAC ? ETH_ALEN : 0;
			pa->hinted = true;
			n++;
		}
	}
	return n;
}

static const char *const kind_names[] = {
	[NL_ATTR_TYPE_FLAG]		= "flag",
	[NL_ATTR_TYPE_U8]		= "u8",
	[NL_ATTR_TYPE_U16]		= "u16",
	[NL_ATTR_TYPE_U32]		= "u32",
	[NL_ATTR_TYPE_U64]		= "u64",
	[NL_ATTR_TYPE_S8]		= "s8",
	[NL_ATTR_TYPE_S16]		= "s16",
	[NL_ATTR_TYPE_S32]		= "s32",
	[NL_ATTR_TYPE_S64]		= "s64",
	[NL_ATTR_TYPE_BINARY]		= "binary",
	[NL_ATTR_TYPE_STRING]		= "string",
	[NL_ATTR_TYPE_NUL_STRING]	= "nul-string",
	[NL_ATTR_TYPE_NESTED]		= "nested",
	[NL_ATTR_TYPE_NESTED_ARRAY]	= "nested-array",
	[NL_ATTR_TYPE_BITFIELD32]	= "bitfield32",
};

static void print_policy(int idx)
{
	const struct policy *p = &pols[idx];
	int i;

	if (!p->used)
		return;
	printf("nlfuzz:   policy %d (max type %u):\n", idx, p->maxtype);
	for (i = 0; i < p->n; i++) {
		const struct pattr *pa = &p->a[i];
		const char *name = attr_name(pa->type);

		printf("nlfuzz:     %u %s: %s", pa->type, name ? name : "?",
		       pa->kind < ARRAY_SIZE(kind_names) &&
		       kind_names[pa->kind] ? kind_names[pa->kind] : "?");
		if (pa->has_urange)
			printf(" [%" PRIu64 "..%" PRIu64 "]", pa->umin,
			       pa->umax);
		if (pa->minlen || pa->has_maxlen)
			printf(" len %u..%u", pa->minlen, pa->maxlen);
		if (pa->nest_pol >= 0)
			printf(" policy %d", pa->nest_pol);
		printf("%s\n", pa->hinted ? " (from the hints)" : "");
	}
}

static void learn_family(void)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;
	struct reply rp;
	int err, i, j, nattrs = 0, npols = 0, nhinted;

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = CTRL_CMD_GETFAMILY;
	g->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, VSWITCH_GENL_NAME);
	err = nl_request(&st_genl, nlh, family_cb, NULL, &rp);
	if (err)
		die("family \"%s\": %s%s%s (is the module loaded?)",
		    VSWITCH_GENL_NAME, strerror(-err), rp.has_msg ? ": " : "",
		    rp.msg);
	if (!fam_id)
		die("nlctrl gave no id for family \"%s\"", VSWITCH_GENL_NAME);

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = CTRL_CMD_GETPOLICY;
	g->version = 1;
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, fam_id);
	err = nl_request(&st_genl, nlh, policy_cb, NULL, &rp);
	if (err)
		die("CTRL_CMD_GETPOLICY of family %u: %s%s%s", fam_id,
		    strerror(-err), rp.has_msg ? ": " : "", rp.msg);

	/*
	 * The family-wide form: one policy for every operation and no
	 * CTRL_ATTR_OP_POLICY (or operations it leaves out): policy 0.
	 */
	for (i = 0; i < nops; i++) {
		if (ops[i].do_pol < 0 && pols[0].used &&
		    (!saw_op_policy || (ops[i].flags & GENL_CMD_CAP_HASPOL)) &&
		    (ops[i].flags & GENL_CMD_CAP_DO))
			ops[i].do_pol = 0;
		if (ops[i].dump_pol < 0 && pols[0].used &&
		    (!saw_op_policy || (ops[i].flags & GENL_CMD_CAP_HASPOL)) &&
		    (ops[i].flags & GENL_CMD_CAP_DUMP))
			ops[i].dump_pol = 0;
	}
	for (i = 0; i < MAX_POLS; i++) {
		if (!pols[i].used)
			continue;
		npols++;
		nattrs += pols[i].n;
		for (j = 0; j < pols[i].n; j++) {
			struct pattr *pa = &pols[i].a[j];

			if (pa->type <= VSW_A_MAX)
				pa->hint = genl_hint[pa->type];
		}
	}
	nhinted = supplement_policies();
	printf("nlfuzz: family %s id %u: learned %d ops, %d attributes in %d policies (%s form); %d more from the uapi hints\n",
	       VSWITCH_GENL_NAME, fam_id, nops, nattrs, npols,
	       saw_op_policy ? "per-op" : "family-wide", nhinted);
	if (verbose) {
		for (i = 0; i < nops; i++)
			printf("nlfuzz:   op %s flags %#x do policy %d dump policy %d\n",
			       cmd_name(ops[i].cmd), ops[i].flags,
			       ops[i].do_pol, ops[i].dump_pol);
		for (i = 0; i < MAX_POLS; i++)
			print_policy(i);
	}
	if (!nops || !nattrs)
		die("learned %d ops and %d attributes: nothing to fuzz",
		    nops, nattrs);
}

static void link_pol_add(uint16_t type, uint8_t kind, uint64_t max,
			 uint8_t hint)
{
	struct pattr *pa = pol_attr(&link_pol, type);

	pa->kind = kind;
	pa->has_urange = true;
	pa->umin = 0;
	pa->umax = max;
	pa->hint = hint;
	if (type > link_pol.maxtype)
		link_pol.maxtype = type;
}

/* kmod/device.c's vsw_link_policy: rtnetlink has no policy dump for it. */
static void link_policy_init(void)
{
	link_pol_add(IFLA_VSW_MODE, NL_ATTR_TYPE_U32, VSW_MODE_MAX, VC_MODE);
	link_pol_add(IFLA_VSW_AGEING, NL_ATTR_TYPE_U32, VSW_AGEING_MAX,
		     VC_AGEING);
	link_pol_add(IFLA_VSW_FDB_MAX, NL_ATTR_TYPE_U32, UINT32_MAX, VC_COUNT);
	link_pol_add(IFLA_VSW_UPLINK, NL_ATTR_TYPE_U32, UINT32_MAX, VC_UPLINK);
	link_pol_add(IFLA_VSW_GROUP_FWD_MASK, NL_ATTR_TYPE_U16, UINT16_MAX,
		     VC_GFM);
	link_pol.used = true;
}

/* ------------------------------------------------------------------ */
/* state: dictionaries and the digest                                  */

struct dev {
	int ifindex;
	int master;
	char name[IFNAMSIZ];
	char kind[24];
	uint8_t mac[ETH_ALEN];
	bool has_mac;
};

struct sw {
	int ifindex;
	char name[IFNAMSIZ];
	uint32_t mode;
	uint32_t fdb_static;	/* static and local FDB entries */
	uint64_t key;		/* digest of its switch record and link */
};

struct port {
	int sw;			/* its switch's ifindex */
	int ifindex;
	char name[IFNAMSIZ];
	bool uplink;
	bool has_ips;		/* static bindings (VSW_A_PORT_IPS) */
	bool mirror_to;		/* a mirror's destination */
};

struct addr4 {
	int ifindex;
	uint32_t addr;		/* network order */
	uint8_t plen;
};

struct dict {
	struct dev devs[MAX_DEVS];
	int ndevs;
	struct sw sws[MAX_SWS];
	int nsws;
	struct port ports[MAX_PORTS];
	int nports;
	int rtnl_sws[MAX_SWS];	/* kind vswitch in the rtnetlink dump */
	int nrtnl_sws;
};

static struct dict dict, scan;
static struct addr4 addrs[MAX_ADDRS];
static int naddrs;
static uint8_t mac_pool[8][ETH_ALEN];
static char foreign_names[64][IFNAMSIZ];	/* /sys/class/net at start */
static int nforeign;

/* Devices that were ports at some point: detached ones may come back. */
static int ever_ports[MAX_PORTS];
static int never_ports;

/* The switches' link records of this scan: ifindex -> record digest. */
static struct {
	int ifindex;
	uint64_t h;
} link_hashes[MAX_SWS];
static int nlink_hashes;

static uint64_t scan_part;	/* digest of the dump being read */

/*
 * Each dump's part of the last scan's digest, and of the digest in force,
 * to name what changed when a refused message changed the state.
 */
#define MAX_PARTS	256
struct part {
	char what[64];
	uint64_t h;
};
static struct part parts_cur[MAX_PARTS], parts_dig[MAX_PARTS];
static int nparts_cur, nparts_dig;

static void part_note(const char *what, uint64_t h)
{
	if (!h || nparts_cur >= MAX_PARTS)
		return;		/* an empty dump adds nothing */
	snprintf(parts_cur[nparts_cur].what, sizeof(parts_cur[0].what), "%s",
		 what);
	parts_cur[nparts_cur++].h = h;
}

static bool part_in(const struct part *p, const struct part *set, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (set[i].h == p->h && !strcmp(set[i].what, p->what))
			return true;
	return false;
}

/* The dumps whose part differs between the digest in force and now. */
static const char *parts_changed(void)
{
	static char out[400];
	size_t len = 0;
	int i;

	out[0] = 0;
	for (i = 0; i < nparts_cur && len < sizeof(out) - 60; i++)
		if (!part_in(&parts_cur[i], parts_dig, nparts_dig))
			len += (size_t)snprintf(out + len, sizeof(out) - len,
						" now:%s", parts_cur[i].what);
	for (i = 0; i < nparts_dig && len < sizeof(out) - 60; i++)
		if (!part_in(&parts_dig[i], parts_cur, nparts_cur))
			len += (size_t)snprintf(out + len, sizeof(out) - len,
						" was:%s", parts_dig[i].what);
	return out;
}

static void parts_keep(void)
{
	memcpy(parts_dig, parts_cur, sizeof(parts_cur[0]) * (size_t)nparts_cur);
	nparts_dig = nparts_cur;
}
static bool scan_full;		/* the scan lists every device */
static int churn_ifindex;	/* of fzchurn, when last seen */
static unsigned long nscans;

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n--) {
		h ^= *b++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

#define FNV_INIT	0xcbf29ce484222325ULL

/*
 * Values that change by themselves, left out of the digest:
 * - VSW_A_STATS: traffic counters, moved by any frame;
 * - VSW_A_FDB_COUNT, VSW_A_PORT_FDB_COUNT: learned entries, made by the
 *   data path and aged out by a timer;
 * - VSW_A_FDB_AGE: time since the entry was seen;
 * - VSW_A_BIND_EXPIRES: seconds left of a lease;
 * - VSW_A_UPLINK_STATE: follows the uplink's carrier, which linkwatch
 *   updates later than the request that attached or changed it;
 * - VSW_A_PORT_GUARD_MAC: the first source address seen after the MAC
 *   guard was set, learned from traffic.
 * Whole records left out (genl_record()): learned FDB entries (neither
 * static nor local), DHCP lease bindings (snooped, and they expire), and
 * everything of the churn child's switch fzchurn (and so its ports).
 */
static bool volatile_attr(unsigned int type)
{
	switch (type) {
	case VSW_A_STATS:
	case VSW_A_FDB_COUNT:
	case VSW_A_PORT_FDB_COUNT:
	case VSW_A_FDB_AGE:
	case VSW_A_BIND_EXPIRES:
	case VSW_A_UPLINK_STATE:
	case VSW_A_PORT_GUARD_MAC:
		return true;
	}
	return false;
}

static void remember_port(int ifindex, const char *name)
{
	int i;

	if (is_churn(name))
		return;
	for (i = 0; i < never_ports; i++)
		if (ever_ports[i] == ifindex)
			return;
	if (never_ports < MAX_PORTS)
		ever_ports[never_ports++] = ifindex;
}

static void genl_record(const struct nlmsghdr *nlh, void *arg)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[VSW_A_MAX + 1], *a;
	char swname[IFNAMSIZ];
	uint64_t h = FNV_INIT;

	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN)
		return;
	tb_parse_msg(tb, VSW_A_MAX, nlh, GENL_HDRLEN);
	a_str(tb[VSW_A_IFNAME], swname, sizeof(swname));
	if (is_churn(swname)) {
		if (g->cmd == VSW_CMD_SWITCH_GET)
			churn_ifindex = (int)a_u32(tb[VSW_A_IFINDEX], 0);
		return;
	}
	if (tb[VSW_A_FDB_FLAGS] &&
	    !(a_u32(tb[VSW_A_FDB_FLAGS], 0) &
	      (VSW_FDB_F_STATIC | VSW_FDB_F_LOCAL)))
		return;
	if (tb[VSW_A_BIND_TYPE] &&
	    a_u32(tb[VSW_A_BIND_TYPE], 0) == VSW_BIND_DHCP)
		return;
	if (mode == MODE_USERNS && tb[VSW_A_IFNAME] &&
	    strncmp(swname, "fz", 2))
		fail("userns: %s of another namespace's switch %s in a dump",
		     cmd_name(g->cmd), swname);

	h = fnv(h, &g->cmd, 1);
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		if (volatile_attr(mnl_attr_get_type(a)))
			continue;
		h = fnv(h, a, a->nla_len);
	}
	scan_part += mix64(h);

	if (g->cmd == VSW_CMD_SWITCH_GET && scan.nsws < MAX_SWS &&
	    tb[VSW_A_IFINDEX]) {
		struct sw *s = &scan.sws[scan.nsws++];
		int i;

		s->ifindex = (int)a_u32(tb[VSW_A_IFINDEX], 0);
		snprintf(s->name, sizeof(s->name), "%s", swname);
		s->mode = a_u32(tb[VSW_A_MODE], 0);
		s->fdb_static = a_u32(tb[VSW_A_FDB_STATIC], 0);
		s->key = h;
		for (i = 0; i < nlink_hashes; i++)
			if (link_hashes[i].ifindex == s->ifindex)
				s->key = mix64(h ^ link_hashes[i].h);
	}
	if (g->cmd == VSW_CMD_PORT_GET && scan.nports < MAX_PORTS &&
	    tb[VSW_A_PORT_IFINDEX] && !tb[VSW_A_PORT_HOST]) {
		struct port *p = &scan.ports[scan.nports++];
		char name[IFNAMSIZ];

		p->sw = (int)a_u32(tb[VSW_A_IFINDEX], 0);
		p->ifindex = (int)a_u32(tb[VSW_A_PORT_IFINDEX], 0);
		snprintf(p->name, sizeof(p->name), "%s",
			 a_str(tb[VSW_A_PORT_IFNAME], name, sizeof(name)));
		p->uplink = tb[VSW_A_PORT_UPLINK];
		p->has_ips = tb[VSW_A_PORT_IPS] &&
			     mnl_attr_get_payload_len(tb[VSW_A_PORT_IPS]);
		p->mirror_to = tb[VSW_A_PORT_MIRROR];
		remember_port(p->ifindex, p->name);
	}
}

static void link_record(const struct nlmsghdr *nlh, void *arg)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[IFLA_MAX + 1], *li[IFLA_INFO_MAX + 1];
	char name[IFNAMSIZ], kind[24] = "";
	uint64_t h = FNV_INIT;
	uint32_t v;
	int i;

	if (nlh->nlmsg_type != RTM_NEWLINK ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifi))
		return;
	tb_parse_msg(tb, IFLA_MAX, nlh, sizeof(*ifi));
	memset(li, 0, sizeof(li));
	if (tb[IFLA_LINKINFO])
		tb_parse_nest(li, IFLA_INFO_MAX, tb[IFLA_LINKINFO]);
	a_str(tb[IFLA_IFNAME], name, sizeof(name));
	a_str(li[IFLA_INFO_KIND], kind, sizeof(kind));

	if (scan_full && scan.ndevs < MAX_DEVS) {
		struct dev *d;

		d = &scan.devs[scan.ndevs++];
		d->ifindex = ifi->ifi_index;
		d->master = (int)a_u32(tb[IFLA_MASTER], 0);
		snprintf(d->name, sizeof(d->name), "%s", name);
		snprintf(d->kind, sizeof(d->kind), "%s", kind);
		d->has_mac = tb[IFLA_ADDRESS] &&
			     mnl_attr_get_payload_len(tb[IFLA_ADDRESS]) ==
			     ETH_ALEN;
		if (d->has_mac)
			memcpy(d->mac, mnl_attr_get_payload(tb[IFLA_ADDRESS]),
			       ETH_ALEN);
	}
	if (is_churn(name) || strcmp(kind, VSWITCH_LINK_KIND))
		return;
	if (scan.nrtnl_sws < MAX_SWS)
		scan.rtnl_sws[scan.nrtnl_sws++] = ifi->ifi_index;

	/*
	 * The switches' links, only what requests change: carrier, operstate
	 * and the other flags but IFF_UP follow the lower devices by
	 * themselves, statistics move on their own. The other devices are
	 * in the digest through the port dumps; that the two views agree is
	 * checked by the full scans.
	 */
	h = fnv(h, "link", 4);
	h = fnv(h, &ifi->ifi_index, sizeof(ifi->ifi_index));
	v = ifi->ifi_flags & IFF_UP;
	h = fnv(h, &v, sizeof(v));
	h = fnv(h, name, strlen(name) + 1);
	h = fnv(h, kind, strlen(kind) + 1);
	v = a_u32(tb[IFLA_MASTER], 0);
	h = fnv(h, &v, sizeof(v));
	v = a_u32(tb[IFLA_MTU], 0);
	h = fnv(h, &v, sizeof(v));
	if (tb[IFLA_ADDRESS])
		h = fnv(h, tb[IFLA_ADDRESS], tb[IFLA_ADDRESS]->nla_len);
	if (li[IFLA_INFO_DATA])
		h = fnv(h, li[IFLA_INFO_DATA], li[IFLA_INFO_DATA]->nla_len);
	for (i = 0; i < nlink_hashes; i++)
		if (link_hashes[i].ifindex == ifi->ifi_index)
			break;		/* the dump was started again */
	if (i < MAX_SWS) {
		link_hashes[i].ifindex = ifi->ifi_index;
		link_hashes[i].h = h;
		nlink_hashes += i == nlink_hashes;
	}
	scan_part += mix64(h);
}

static void addr_record(const struct nlmsghdr *nlh, void *arg)
{
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[IFA_MAX + 1], *a;

	if (nlh->nlmsg_type != RTM_NEWADDR ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifa) ||
	    ifa->ifa_family != AF_INET || naddrs >= MAX_ADDRS)
		return;
	tb_parse_msg(tb, IFA_MAX, nlh, sizeof(*ifa));
	a = tb[IFA_LOCAL] ?: tb[IFA_ADDRESS];
	if (!a || mnl_attr_get_payload_len(a) != 4)
		return;
	addrs[naddrs].ifindex = (int)ifa->ifa_index;
	memcpy(&addrs[naddrs].addr, mnl_attr_get_payload(a), 4);
	addrs[naddrs].plen = ifa->ifa_prefixlen;
	naddrs++;
}

static struct nlmsghdr *genl_hdr(char *buf, uint8_t cmd, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = fam_id;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = VSWITCH_GENL_VERSION;
	return nlh;
}

static struct nlmsghdr *link_hdr(char *buf, uint16_t type, uint16_t flags,
				 int ifindex)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifi;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	return nlh;
}

/*
 * One dump into the scan, again while it reports NLM_F_DUMP_INTR (the
 * table changed between its messages); its records count only once it
 * completed. Any error is a failed invariant.
 */
static void scan_dump(struct nlsk *s, struct nlmsghdr *nlh, rec_fn fn,
		      const char *what)
{
	int ndevs = scan.ndevs, nsws = scan.nsws, nports = scan.nports;
	int nrtnl = scan.nrtnl_sws, tries;
	struct reply rp;

	for (tries = 0; ; tries++) {
		int err;

		scan_part = 0;
		scan.ndevs = ndevs;
		scan.nsws = nsws;
		scan.nports = nports;
		scan.nrtnl_sws = nrtnl;
		err = nl_request(s, nlh, fn, NULL, &rp);
		if (err)
			fail("dump of %s failed: %s%s%s", what, strerror(-err),
			     rp.has_msg ? ": " : "", rp.msg);
		if (!rp.intr)
			return;
		if (tries >= 50)
			fail("dump of %s interrupted 50 times in a row", what);
	}
}

static const struct dev *scan_dev(int ifindex)
{
	int i;

	for (i = 0; i < scan.ndevs; i++)
		if (scan.devs[i].ifindex == ifindex)
			return &scan.devs[i];
	return NULL;
}

/*
 * The core's view (IFLA_MASTER) and the switches' (their port lists) of
 * which device is whose port agree. A bridged switch's uplink has no
 * master: it is not enslaved.
 */
static void check_masters(void)
{
	const struct dev *d;
	int i, j;

	for (i = 0; i < scan.ndevs; i++) {
		bool port = false, sw = false;

		d = &scan.devs[i];
		if (!d->master || is_churn(d->name))
			continue;
		for (j = 0; j < scan.nrtnl_sws; j++)
			sw |= scan.rtnl_sws[j] == d->master;
		if (!sw)
			continue;
		for (j = 0; j < scan.nports; j++)
			port |= scan.ports[j].ifindex == d->ifindex &&
				scan.ports[j].sw == d->master &&
				!scan.ports[j].uplink;
		if (!port)
			fail("%s (%d) has switch %d as its master but is not in its port dump",
			     d->name, d->ifindex, d->master);
	}
	for (j = 0; j < scan.nports; j++) {
		const struct port *p = &scan.ports[j];

		if (p->uplink || is_churn(p->name))
			continue;
		d = scan_dev(p->ifindex);
		if (!d || d->master != p->sw)
			fail("port %s (%d) of switch %d has %s%d as its master",
			     p->name, p->ifindex, p->sw,
			     d ? "" : "no device, ", d ? d->master : 0);
	}
}

static bool sw_in(const struct sw *s, int n, int ifindex)
{
	int i;

	for (i = 0; i < n; i++)
		if (s[i].ifindex == ifindex)
			return true;
	return false;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double scan_secs;

/*
 * Can this switch's per-switch dump of @cmd add nothing to the digest?
 * The FDB dump's records that count are the static and local entries,
 * which the switch record counts (VSW_A_FDB_STATIC); the binding dump's
 * are the static bindings, which are the ports' VSW_A_PORT_IPS. Scans
 * after single messages skip such dumps; full scans (every batch) make
 * them all and check that they indeed added nothing.
 */
static bool dump_empty(unsigned int cmd, const struct sw *sw)
{
	int i;

	if (!sw && cmd != VSW_CMD_MIRROR_GET)
		return false;
	if (cmd == VSW_CMD_FDB_GET)
		return !sw->fdb_static;
	if (cmd == VSW_CMD_MIRROR_GET) {
		/* every mirror has a destination port, which names it */
		for (i = 0; i < scan.nports; i++)
			if (scan.ports[i].mirror_to)
				return false;
		return true;
	}
	if (cmd != VSW_CMD_BINDING_GET)
		return false;
	for (i = 0; i < scan.nports; i++)
		if (scan.ports[i].sw == sw->ifindex && scan.ports[i].has_ips)
			return false;
	return true;
}

/*
 * A switch with a host port has one local FDB entry, the switch device's
 * address. If that is all it has (VSW_A_FDB_STATIC 1), its FDB dump is
 * decided by the switch record and link: the digest of its last dump can
 * stand in for it while those are the same.
 */
static struct {
	int ifindex;
	uint64_t key, part;
} fdb_cache[MAX_SWS];

static int fdb_cached(const struct sw *sw)
{
	int i;

	if (sw->fdb_static != 1 ||
	    (sw->mode != VSW_MODE_HOST_ONLY && sw->mode != VSW_MODE_NAT))
		return -1;
	for (i = 0; i < MAX_SWS; i++)
		if (fdb_cache[i].ifindex == sw->ifindex &&
		    fdb_cache[i].key == sw->key)
			return i;
	return -1;
}

static void fdb_cache_put(const struct sw *sw, uint64_t part)
{
	int i, slot = (int)(mix64((uint64_t)sw->ifindex) % MAX_SWS);

	for (i = 0; i < MAX_SWS; i++)
		if (fdb_cache[i].ifindex == sw->ifindex)
			slot = i;
	fdb_cache[slot].ifindex = sw->ifindex;
	fdb_cache[slot].key = sw->key;
	fdb_cache[slot].part = part;
}

/*
 * Dump the whole state: every link, then every GET operation's dump
 * (globally, or per switch for those that need one). Refreshes the
 * dictionaries, checks the cross-invariants, returns the digest. @full:
 * also the dumps that add nothing (dump_empty()).
 */
static uint64_t state_scan(bool full)
{
	char buf[MNL_SOCKET_BUFFER_SIZE], what[64];
	struct nlmsghdr *nlh;
	double t0 = now();
	uint64_t sum = 0;
	int i, j, nsws;

	nscans++;
	scan_full = full;
	nlink_hashes = 0;
	scan.nsws = scan.nports = scan.nrtnl_sws = 0;
	if (full)
		scan.ndevs = 0;		/* else those of the last full scan */

	nlh = link_hdr(buf, RTM_GETLINK, NLM_F_DUMP, 0);
	mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	if (!full) {
		struct nlattr *li = mnl_attr_nest_start(nlh, IFLA_LINKINFO);

		mnl_attr_put_strz(nlh, IFLA_INFO_KIND, VSWITCH_LINK_KIND);
		mnl_attr_nest_end(nlh, li);
	}
	nparts_cur = 0;
	scan_dump(&st_rtnl, nlh, link_record, "links (RTM_GETLINK)");
	part_note("links", scan_part);
	sum += scan_part;

	for (i = 0; i < nops; i++) {
		bool empty;

		if (!(ops[i].flags & GENL_CMD_CAP_DUMP) ||
		    ops[i].dump_per_switch)
			continue;
		/* after the switch and port dumps (commands 1 and 2) */
		empty = ops[i].cmd > VSW_CMD_PORT_GET &&
			dump_empty(ops[i].cmd, NULL);
		if (empty && !full)
			continue;
		nlh = genl_hdr(buf, ops[i].cmd, NLM_F_DUMP);
		scan_dump(&st_genl, nlh, genl_record, cmd_name(ops[i].cmd));
		if (empty && scan_part)
			fail("%s lists entries although no port is a mirror's destination",
			     cmd_name(ops[i].cmd));
		part_note(cmd_name(ops[i].cmd), scan_part);
		sum += scan_part;
	}
	nsws = scan.nsws;
	for (i = 0; i < nops; i++) {
		if (!(ops[i].flags & GENL_CMD_CAP_DUMP) ||
		    !ops[i].dump_per_switch)
			continue;
		for (j = 0; j < nsws; j++) {
			bool empty = dump_empty(ops[i].cmd, &scan.sws[j]);
			int c = ops[i].cmd == VSW_CMD_FDB_GET ?
				fdb_cached(&scan.sws[j]) : -1;

			if (is_churn(scan.sws[j].name) || (empty && !full))
				continue;
			snprintf(what, sizeof(what), "%s of %s",
				 cmd_name(ops[i].cmd), scan.sws[j].name);
			if (c >= 0 && !full) {
				part_note(what, fdb_cache[c].part);
				sum += fdb_cache[c].part;
				continue;
			}
			nlh = genl_hdr(buf, ops[i].cmd, NLM_F_DUMP);
			mnl_attr_put_u32(nlh, VSW_A_IFINDEX,
					 (uint32_t)scan.sws[j].ifindex);
			scan_dump(&st_genl, nlh, genl_record, what);
			if (empty && scan_part)
				fail("%s lists entries that count although %s",
				     what, ops[i].cmd == VSW_CMD_FDB_GET ?
				     "VSW_A_FDB_STATIC is 0" :
				     "no port has VSW_A_PORT_IPS");
			if (c >= 0 && scan_part != fdb_cache[c].part)
				fail("%s changed, its switch record and link did not",
				     what);
			if (ops[i].cmd == VSW_CMD_FDB_GET)
				fdb_cache_put(&scan.sws[j], scan_part);
			part_note(what, scan_part);
			sum += scan_part;
		}
	}

	/* Cross-invariants (the churn switch comes and goes in between). */
	for (i = 0; i < scan.nports; i++) {
		const struct port *p = &scan.ports[i];

		if (!sw_in(scan.sws, scan.nsws, p->sw))
			fail("port %s (%d) of switch %d, which is not in the switch dump",
			     p->name, p->ifindex, p->sw);
	}
	for (i = 0; i < scan.nrtnl_sws; i++)
		if (!sw_in(scan.sws, scan.nsws, scan.rtnl_sws[i]))
			fail("switch %d of rtnetlink (kind vswitch) not in the generic netlink switch dump",
			     scan.rtnl_sws[i]);
	for (i = 0; i < scan.nsws; i++) {
		bool found = false;

		if (is_churn(scan.sws[i].name))
			continue;
		for (j = 0; j < scan.nrtnl_sws; j++)
			found |= scan.rtnl_sws[j] == scan.sws[i].ifindex;
		if (!found)
			fail("switch %s (%d) of generic netlink not in the rtnetlink dump of kind vswitch",
			     scan.sws[i].name, scan.sws[i].ifindex);
	}
	if (full)
		check_masters();
	dict = scan;
	scan_secs += now() - t0;
	return sum;
}

static void scan_addrs(void)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifaddrmsg *ifa;
	int err;

	nlh->nlmsg_type = RTM_GETADDR;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = AF_INET;
	naddrs = 0;
	err = nl_request(&st_rtnl, nlh, addr_record, NULL, NULL);
	if (err)
		fail("dump of addresses (RTM_GETADDR) failed: %s",
		     strerror(-err));
}

/* Which dumps need a switch: those refused without one. */
static void probe_dumps(void)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct reply rp;
	int i, err;

	printf("nlfuzz: state dumps:");
	for (i = 0; i < nops; i++) {
		if (!(ops[i].flags & GENL_CMD_CAP_DUMP))
			continue;
		nlh = genl_hdr(buf, ops[i].cmd, NLM_F_DUMP);
		err = nl_request(&st_genl, nlh, NULL, NULL, &rp);
		ops[i].dump_per_switch = err != 0;
		printf(" %s%s", cmd_name(ops[i].cmd),
		       err ? " (per switch)" : "");
	}
	printf("\n");
}

/* ------------------------------------------------------------------ */
/* rtnetlink requests of the setup and the churn child                 */

static int link_del_name(struct nlsk *s, const char *name)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = link_hdr(buf, RTM_DELLINK, NLM_F_ACK, 0);

	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	return nl_request(s, nlh, NULL, NULL, NULL);
}

static void ifindex_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);

	if (nlh->nlmsg_type == RTM_NEWLINK &&
	    mnl_nlmsg_get_payload_len(nlh) >= sizeof(*ifi))
		*(int *)arg = ifi->ifi_index;
}

static int link_ifindex(struct nlsk *s, const char *name)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = link_hdr(buf, RTM_GETLINK, NLM_F_ACK, 0);
	int ifindex = 0;

	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	if (nl_request(s, nlh, ifindex_cb, &ifindex, NULL))
		return 0;
	return ifindex;
}

/*
 * Create device @name of @kind; @link: its lower device (vlan), @vid;
 * @peer: a veth's peer; @swmode: a vswitch's mode (-1: none given).
 */
static int link_add(struct nlsk *s, const char *name, const char *kind,
		    int link, int vid, const char *peer, int swmode)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct nlattr *li, *data;

	nlh = link_hdr(buf, RTM_NEWLINK,
		       NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, 0);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	if (link)
		mnl_attr_put_u32(nlh, IFLA_LINK, (uint32_t)link);
	li = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, kind);
	if (vid) {
		data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
		mnl_attr_put_u16(nlh, IFLA_VLAN_ID, (uint16_t)vid);
		mnl_attr_nest_end(nlh, data);
	}
	if (peer) {
		struct nlattr *pi;
		struct ifinfomsg *ifi;

		data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
		pi = mnl_attr_nest_start(nlh, 1 /* VETH_INFO_PEER */);
		ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
		memset(ifi, 0, sizeof(*ifi));
		mnl_attr_put_strz(nlh, IFLA_IFNAME, peer);
		mnl_attr_nest_end(nlh, pi);
		mnl_attr_nest_end(nlh, data);
	}
	if (swmode >= 0) {
		data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
		mnl_attr_put_u32(nlh, IFLA_VSW_MODE, (uint32_t)swmode);
		mnl_attr_nest_end(nlh, data);
	}
	mnl_attr_nest_end(nlh, li);
	return nl_request(s, nlh, NULL, NULL, NULL);
}

static int link_set_master(struct nlsk *s, int ifindex, int master)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = link_hdr(buf, RTM_SETLINK, NLM_F_ACK, ifindex);

	mnl_attr_put_u32(nlh, IFLA_MASTER, (uint32_t)master);
	return nl_request(s, nlh, NULL, NULL, NULL);
}

/* The odd devices: IFLA_MASTER and uplink targets that are not ports. */
static const char *const odd_devs[] = {
	"fzvlan1", "fzvlan0", "fzd0", "fzd1", "fzbr0", "fzveth0", "fzdigest",
};

static void setup_odd_devices(void)
{
	int d1, v0, err;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(odd_devs); i++)
		link_del_name(&st_rtnl, odd_devs[i]);
	err = link_add(&st_rtnl, "fzd0", "dummy", 0, 0, NULL, -1) ?:
	      link_add(&st_rtnl, "fzd1", "dummy", 0, 0, NULL, -1) ?:
	      link_add(&st_rtnl, "fzbr0", "bridge", 0, 0, NULL, -1) ?:
	      link_add(&st_rtnl, "fzveth0", "veth", 0, 0, "fzveth1", -1);
	if (err)
		printf("nlfuzz: warning: creating the odd devices: %s\n",
		       strerror(-err));
	d1 = link_ifindex(&st_rtnl, "fzd1");
	err = link_add(&st_rtnl, "fzvlan0", "vlan", d1, 10, NULL, -1);
	v0 = link_ifindex(&st_rtnl, "fzvlan0");
	err = err ?: link_add(&st_rtnl, "fzvlan1", "vlan", v0, 20, NULL, -1);
	if (err)
		printf("nlfuzz: warning: creating the VLAN devices: %s\n",
		       strerror(-err));
}

/* At the start (stale ones of a run that died) and at the end. */
static void cleanup_devices(void)
{
	size_t i;
	int j;

	state_scan(true);
	for (j = 0; j < dict.ndevs; j++)
		if (!strncmp(dict.devs[j].name, "fzsw", 4))
			link_del_name(&st_rtnl, dict.devs[j].name);
	for (i = 0; i < ARRAY_SIZE(odd_devs); i++)
		link_del_name(&st_rtnl, odd_devs[i]);
}

/* ------------------------------------------------------------------ */
/* the churn child                                                     */

static volatile sig_atomic_t churn_stopping;

static void churn_sigterm(int sig)
{
	churn_stopping = 1;
}

/*
 * Create and delete fzchurn, attach and detach fzchurnp, for the whole run,
 * until the parent closes the pipe (or dies) or sends SIGTERM.
 */
static void __attribute__((noreturn)) churn_run(int stopfd, uint64_t s)
{
	static const int modes[] = {
		VSW_MODE_INTERNAL, VSW_MODE_NAT, VSW_MODE_HOST_ONLY,
	};
	struct sigaction sa = { .sa_handler = churn_sigterm };
	struct pollfd pfd = { .fd = stopfd, .events = POLLIN };
	struct nlsk sk;
	int port;

	prctl(PR_SET_PDEATHSIG, SIGTERM);
	sigaction(SIGTERM, &sa, NULL);
	rng_seed(&rng, s ^ 0x636875726eULL);
	if (nl_open(&sk, NETLINK_ROUTE))
		_exit(1);
	link_del_name(&sk, CHURN_SW);
	link_del_name(&sk, CHURN_PORT);
	link_add(&sk, CHURN_PORT, "dummy", 0, 0, NULL, -1);
	port = link_ifindex(&sk, CHURN_PORT);
	while (!churn_stopping) {
		struct timespec t0, t1;
		long ms;
		int sw;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		link_add(&sk, CHURN_SW, VSWITCH_LINK_KIND, 0, 0, NULL,
			 modes[rnd(ARRAY_SIZE(modes))]);
		sw = link_ifindex(&sk, CHURN_SW);
		if (sw && port)
			link_set_master(&sk, port, sw);
		if (chance(50) && port)
			link_set_master(&sk, port, 0);
		link_del_name(&sk, CHURN_SW);
		/*
		 * A pause of twice the cycle: a cycle holds RTNL for long (an
		 * unregister waits for RCU, a nat switch registers hooks)
		 * and so stalls the fuzzed requests and the state dumps;
		 * back to back the child would take two thirds of the run on
		 * a debug kernel.
		 */
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ms = (t1.tv_sec - t0.tv_sec) * 1000 +
		     (t1.tv_nsec - t0.tv_nsec) / 1000000;
		if (poll(&pfd, 1, (int)(2 * ms) + (int)rnd(20)) != 0)
			break;		/* EOF: the parent is done */
	}
	link_del_name(&sk, CHURN_SW);
	link_del_name(&sk, CHURN_PORT);
	_exit(0);
}

static void churn_start(void)
{
	int fds[2];

	if (no_churn)
		return;
	if (pipe2(fds, O_CLOEXEC) < 0)
		die("pipe: %s", strerror(errno));
	fflush(stdout);
	churn_pid = fork();
	if (churn_pid < 0)
		die("fork: %s", strerror(errno));
	if (!churn_pid) {
		close(fds[1]);
		churn_run(fds[0], seed);
	}
	close(fds[0]);
	churn_stop_fd = fds[1];
}

/* Kill the child (or ask it to stop, when it is root and we are not). */
static void churn_stop(void)
{
	int status;

	if (churn_pid <= 0)
		return;
	if (churn_stop_fd >= 0)
		close(churn_stop_fd);
	churn_stop_fd = -1;
	kill(churn_pid, SIGTERM);
	waitpid(churn_pid, &status, 0);
	churn_pid = 0;
}

/* ------------------------------------------------------------------ */
/* message generation                                                  */

enum {
	MUT_VALUE	= 1 << 0,	/* boundary or random value */
	MUT_LEN		= 1 << 1,	/* wrong type or length */
	MUT_STR		= 1 << 2,	/* string without NUL, too long */
	MUT_NLAFLAG	= 1 << 3,	/* NLA_F_NESTED, NLA_F_NET_BYTEORDER */
	MUT_DEEP	= 1 << 4,	/* 40 nests deep */
	MUT_NEST	= 1 << 5,	/* a nest whose attributes lie */
	MUT_DUP		= 1 << 6,	/* an attribute twice */
	MUT_UNKNOWN	= 1 << 7,	/* an attribute type not in the policy */
	MUT_FLAGS	= 1 << 8,	/* odd nlmsg_flags */
	MUT_VERSION	= 1 << 9,	/* wrong genl version */
	MUT_CMD		= 1 << 10,	/* unknown command */
	MUT_LIE		= 1 << 11,	/* an attribute's length lies */
	MUT_TRUNC	= 1 << 12,	/* message cut short */
	MUT_TRAIL	= 1 << 13,	/* bytes after the last attribute */
	MUT_HDR		= 1 << 14,	/* truncated family header */
	MUT_DROP	= 1 << 15,	/* nlmsg_len lies: dropped by the core */
	MUT_NR		= 16
};

static const char *const mut_names[MUT_NR] = {
	"value", "len", "str", "nlaflag", "deep", "nest", "dup", "unknown",
	"flags", "version", "cmd", "lie", "trunc", "trail", "hdr", "drop",
};

struct tgt {
	int ifindex;
	char name[IFNAMSIZ];
};

enum { K_GENL, K_NEWLINK, K_CHANGELINK, K_DELLINK, K_SETMASTER };

struct gen {
	uint8_t b[MSG_MAX] __attribute__((aligned(8)));
	size_t len;
	int depth;
	size_t tops[64];	/* offsets of the top-level attributes */
	int ntops;

	int kind;		/* K_* */
	const struct op *op;	/* genl: NULL for an unknown command */
	uint8_t cmd;
	bool mutate;		/* this one may be mutated */
	unsigned int muts;	/* MUT_* applied */
	bool mutating;		/* changes state if accepted */
	size_t hdrlen;		/* nlmsghdr + family header */
	size_t safe;		/* attributes before this offset stay whole */
	const struct policy *pol;

	/* the targets: a switch, two ports */
	struct tgt sw, p1, p2;
	int slave;		/* K_SETMASTER: the device */
	int swi;		/* index in dict.sws, or -1 */
};

static struct gen gen;

static void *put_raw(struct gen *g, const void *data, size_t len)
{
	void *p;

	if (g->len + len > MSG_MAX)
		return NULL;
	p = g->b + g->len;
	if (data)
		memcpy(p, data, len);
	else
		memset(p, 0, len);
	g->len += len;
	return p;
}

/* An attribute with an honest length; returns its offset or -1. */
static long put_attr(struct gen *g, uint16_t type, const void *data,
		     size_t len)
{
	size_t total = NLA_HDRLEN + NLA_ALIGN(len);
	struct nlattr *a;
	size_t off = g->len;

	if (g->len + total > MSG_MAX || NLA_HDRLEN + len > UINT16_MAX)
		return -1;
	a = (struct nlattr *)(g->b + g->len);
	a->nla_type = type;
	a->nla_len = (uint16_t)(NLA_HDRLEN + len);
	if (len)
		memcpy(a + 1, data, len);
	memset((uint8_t *)(a + 1) + len, 0, NLA_ALIGN(len) - len);
	g->len += total;
	if (g->depth == 0 && g->ntops < (int)ARRAY_SIZE(g->tops))
		g->tops[g->ntops++] = off;
	return (long)off;
}

static long nest_start(struct gen *g, uint16_t type)
{
	long off = put_attr(g, type, NULL, 0);

	if (off >= 0)
		g->depth++;
	return off;
}

static void nest_end(struct gen *g, long off)
{
	struct nlattr *a;

	if (off < 0)
		return;
	g->depth--;
	a = (struct nlattr *)(g->b + off);
	a->nla_len = (uint16_t)(g->len - (size_t)off < UINT16_MAX ?
				g->len - (size_t)off : UINT16_MAX);
}

static void put_u32(struct gen *g, uint16_t type, uint32_t v)
{
	put_attr(g, type, &v, sizeof(v));
}

static void put_str(struct gen *g, uint16_t type, const char *s)
{
	put_attr(g, type, s, strlen(s) + 1);
}

/* ---- dictionaries ---- */

static void tgt_set(struct tgt *t, int ifindex, const char *name)
{
	t->ifindex = ifindex;
	snprintf(t->name, sizeof(t->name), "%s", name);
}

/* Any device but the churn child's (a fz* one or any of the netns). */
static void tgt_any_dev(struct tgt *t)
{
	int tries;

	for (tries = 0; tries < 8 && dict.ndevs; tries++) {
		const struct dev *d;

		d = &dict.devs[rnd(dict.ndevs)];
		if (is_churn(d->name))
			continue;
		tgt_set(t, d->ifindex, d->name);
		return;
	}
	tgt_set(t, 1, "lo");
}

static void tgt_nonexistent(struct tgt *t)
{
	static const char *const names[] = {
		"fznone", "", "lo0", "fzsw9", "eth99", CHURN_SW "x",
	};

	t->ifindex = chance(50) ? 0x7fff0000 + (int)rnd(100) :
		     (int)rnd(100000);
	if (nforeign && chance(40))
		snprintf(t->name, sizeof(t->name), "%s",
			 foreign_names[rnd(nforeign)]);
	else
		snprintf(t->name, sizeof(t->name), "%s",
			 names[rnd(ARRAY_SIZE(names))]);
}

/* A port of switch @sw (ifindex), -1 if it has none. */
static int port_of(int sw)
{
	int i, n = 0, pick;

	for (i = 0; i < dict.nports; i++)
		n += dict.ports[i].sw == sw;
	if (!n)
		return -1;
	pick = (int)rnd(n);
	for (i = 0; i < dict.nports; i++)
		if (dict.ports[i].sw == sw && !pick--)
			return i;
	return -1;
}

static void pick_port(struct gen *g, struct tgt *t)
{
	int r = (int)rnd(100), i = -1;

	if (r < 65 && g->swi >= 0)
		i = port_of(dict.sws[g->swi].ifindex);
	else if (r < 75 && dict.nports)
		i = (int)rnd(dict.nports);
	if (i >= 0) {
		tgt_set(t, dict.ports[i].ifindex, dict.ports[i].name);
		return;
	}
	if (r < 85 && g->swi >= 0)
		*t = g->sw;			/* the host port */
	else if (r < 95)
		tgt_any_dev(t);
	else
		tgt_nonexistent(t);
}

/* Per command, the switch of its last accepted request: worth more. */
static int hot_sw[256];

static void pick_context(struct gen *g)
{
	int r = (int)rnd(100);

	g->swi = -1;
	if (g->kind == K_GENL && hot_sw[g->cmd] && chance(35)) {
		int i;

		for (i = 0; i < dict.nsws; i++)
			if (dict.sws[i].ifindex == hot_sw[g->cmd])
				g->swi = i;
	}
	if (g->swi >= 0) {
		tgt_set(&g->sw, dict.sws[g->swi].ifindex,
			dict.sws[g->swi].name);
	} else if (r < 85 && dict.nsws) {
		g->swi = (int)rnd(dict.nsws);
		tgt_set(&g->sw, dict.sws[g->swi].ifindex,
			dict.sws[g->swi].name);
	} else if (r < 90) {
		/* the churn switch, by name and by its last known ifindex */
		tgt_set(&g->sw, churn_ifindex, CHURN_SW);
		if (!g->sw.ifindex || chance(30))
			g->sw.ifindex += (int)rnd(4);
	} else if (r < 96) {
		tgt_any_dev(&g->sw);
	} else {
		tgt_nonexistent(&g->sw);
	}
	pick_port(g, &g->p1);
	pick_port(g, &g->p2);
}

static void pick_mac(uint8_t *mac)
{
	int r = (int)rnd(100);

	if (r < 40) {
		int i;

		for (i = 0; i < 4 && dict.ndevs; i++) {
			const struct dev *d = &dict.devs[rnd(dict.ndevs)];

			if (d->has_mac) {
				memcpy(mac, d->mac, ETH_ALEN);
				return;
			}
		}
	}
	if (r < 90) {
		memcpy(mac, mac_pool[rnd(ARRAY_SIZE(mac_pool))], ETH_ALEN);
		return;
	}
	rnd_bytes(mac, ETH_ALEN);
	mac[0] &= 0xfe;		/* unicast */
}

static uint32_t pick_ipv4(int ifindex, bool guest)
{
	static const char *const fixed[] = {
		"0.0.0.0", "127.0.0.1", "224.0.0.1", "255.255.255.255",
		"10.255.0.1", "192.0.2.1",
	};
	int i, n = 0;
	uint32_t a, mask;

	for (i = 0; i < naddrs; i++)
		n += !ifindex || addrs[i].ifindex == ifindex;
	if (n && chance(guest ? 85 : 50)) {
		int pick;

		pick = (int)rnd(n);
		for (i = 0; i < naddrs; i++)
			if ((!ifindex || addrs[i].ifindex == ifindex) &&
			    !pick--)
				break;
		a = ntohl(addrs[i].addr);
		mask = addrs[i].plen ? ~0U << (32 - addrs[i].plen) : 0;
		if (!guest)
			return htonl(a);
		switch (rnd(6)) {
		case 0:
			return htonl(a & mask);		/* network */
		case 1:
			return htonl(a | ~mask);	/* broadcast */
		case 2:
			return htonl(a);		/* the switch itself */
		default:
			return htonl((a & mask) | ((a + 1 + rnd(5)) & ~mask));
		}
	}
	if (chance(70)) {
		inet_pton(AF_INET, fixed[rnd(ARRAY_SIZE(fixed))], &a);
		return a;
	}
	return (uint32_t)rnd64();
}

static const char *pick_name(const char *const *pool, size_t n)
{
	return pool[rnd((uint32_t)n)];
}

/* A boundary or random value for an integer of @bits. */
static uint64_t mut_uint(const struct pattr *pa, unsigned int bits)
{
	uint64_t all = bits >= 64 ? ~0ULL : (1ULL << bits) - 1;
	uint64_t lo = pa->has_urange ? pa->umin : 0;
	uint64_t hi = pa->has_urange ? pa->umax : all;

	switch (rnd(8)) {
	case 0:
		return (lo - 1) & all;
	case 1:
		return (hi + 1) & all;
	case 2:
		return 0;
	case 3:
		return all;
	case 4:
		return lo;
	case 5:
		return hi;
	case 6:
		return (all >> 1) + 1;	/* the sign bit */
	default:
		return rnd64() & all;
	}
}

/* A well-formed value from the policy's range. */
static uint64_t range_uint(const struct pattr *pa, unsigned int bits)
{
	uint64_t all = bits >= 64 ? ~0ULL : (1ULL << bits) - 1;
	uint64_t lo = pa->has_urange ? pa->umin : 0;
	uint64_t hi = pa->has_urange ? pa->umax : all;
	uint64_t span;

	if (hi > all)
		hi = all;
	if (lo > hi)
		lo = hi;
	span = hi - lo;
	switch (rnd(5)) {
	case 0:
		return lo;
	case 1:
		return hi;
	case 2:
		return lo + (span < 4 ? rnd((uint32_t)span + 1) : rnd(4));
	default:
		return span == ~0ULL ? rnd64() : lo + rnd64() % (span + 1);
	}
}

/* Well-formed integers from the dictionaries, by value class. */
static bool hint_uint(struct gen *g, const struct pattr *pa, uint64_t *v)
{
	static const uint32_t counts[] = { 0, 1, 2, 16, 1000, 8192 };
	static const uint32_t timeouts[] = {
		0, 1, 30, 600, VSW_NAT_TIMEOUT_MAX,
	};
	static const uint16_t vids[] = { 0, 1, 2, 10, 100, 4094 };
	static const uint16_t l4ports[] = { 1, 22, 80, 8080, 65535 };
	static const uint32_t ageings[] = { 0, 1, 5, 300, VSW_AGEING_MAX };
	static const uint16_t gfms[] = { 0, 1, 0x4000, 0x4001, 0xfff8 };
	struct tgt t;

	switch (pa->hint) {
	case VC_SW_IFINDEX:
		*v = (uint32_t)g->sw.ifindex;
		return true;
	case VC_PORT_IFINDEX:
		*v = (uint32_t)g->p1.ifindex;
		return true;
	case VC_PORT2_IFINDEX:
		*v = (uint32_t)g->p2.ifindex;
		return true;
	case VC_COUNT:
		*v = chance(80) ? counts[rnd(ARRAY_SIZE(counts))] :
		     (uint32_t)rnd64();
		return true;
	case VC_TIMEOUT:
		*v = timeouts[rnd(ARRAY_SIZE(timeouts))];
		return true;
	case VC_VID:
		*v = vids[rnd(ARRAY_SIZE(vids))];
		return true;
	case VC_L4PORT:
		*v = chance(80) ? l4ports[rnd(ARRAY_SIZE(l4ports))] :
		     1 + rnd(65535);
		return true;
	case VC_PROTO:
		*v = chance(50) ? IPPROTO_TCP : IPPROTO_UDP;
		return true;
	case VC_IPV4_HOST:
		*v = pick_ipv4(0, false);
		return true;
	case VC_IPV4_GUEST:
		*v = pick_ipv4(g->sw.ifindex, true);
		return true;
	case VC_MODE:
		*v = rnd(VSW_MODE_MAX + 1);
		return true;
	case VC_AGEING:
		*v = ageings[rnd(ARRAY_SIZE(ageings))];
		return true;
	case VC_GFM:
		*v = gfms[rnd(ARRAY_SIZE(gfms))];
		return true;
	case VC_UPLINK:
		if (chance(15)) {
			*v = 0;
		} else {
			tgt_any_dev(&t);
			*v = (uint32_t)t.ifindex;
		}
		return true;
	}
	return false;
}

static const char *const fwd_names[] = { "f0", "f1", "f2", "f3" };
static const char *const mirror_names[] = { "m0", "m1", "m2", "m3" };

/* A well-formed string, without its NUL. */
static void hint_str(struct gen *g, const struct pattr *pa, char *s,
		     size_t size)
{
	static const char alnum[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	size_t n, i, max;

	switch (pa->hint) {
	case VC_SW_NAME:
		snprintf(s, size, "%s", g->sw.name);
		return;
	case VC_PORT_NAME:
		snprintf(s, size, "%s", g->p1.name);
		return;
	case VC_FWD_NAME:
		snprintf(s, size, "%s",
			 pick_name(fwd_names, ARRAY_SIZE(fwd_names)));
		return;
	case VC_MIRROR_NAME:
		snprintf(s, size, "%s",
			 pick_name(mirror_names, ARRAY_SIZE(mirror_names)));
		return;
	}
	max = pa->has_maxlen && pa->maxlen ? pa->maxlen : 16;
	if (max >= size)
		max = size - 1;
	n = 1 + rnd((uint32_t)max);
	for (i = 0; i < n; i++)
		s[i] = alnum[rnd(sizeof(alnum) - 1)];
	s[n] = '\0';
}

/* A well-formed binary value; returns its length. */
static size_t hint_bin(struct gen *g, const struct pattr *pa, uint8_t *b,
		       size_t size)
{
	static const uint16_t vids[] = { 1, 2, 10, 100, 4094 };
	size_t n, i, len, min, max;
	uint32_t a;
	int pi;

	switch (pa->hint) {
	case VC_MAC:
		pick_mac(b);
		return ETH_ALEN;
	case VC_MAC_LIST:
		n = rnd(5);
		for (i = 0; i < n; i++)
			pick_mac(b + i * ETH_ALEN);
		return n * ETH_ALEN;
	case VC_IP6_LIST:
		n = rnd(4);
		memset(b, 0, n * 16);
		for (i = 0; i < n; i++) {
			uint8_t *ip = b + i * 16;

			if (chance(60)) {
				ip[10] = ip[11] = 0xff;
				a = pick_ipv4(g->sw.ifindex, true);
				memcpy(ip + 12, &a, 4);
			} else {
				ip[0] = chance(50) ? 0x20 : 0xfe;
				ip[1] = ip[0] == 0x20 ? 0x01 : 0x80;
				ip[15] = (uint8_t)(1 + rnd(9));
			}
		}
		return n * 16;
	case VC_VLANS:
		len = pa->minlen ? pa->minlen : 512;
		if (len > size)
			len = size;
		memset(b, 0, len);
		n = rnd(4);
		for (i = 0; i < n; i++) {
			uint16_t v = vids[rnd(ARRAY_SIZE(vids))];

			if (v / 8 < len)
				b[v / 8] |= (uint8_t)(1 << (v % 8));
		}
		return len;
	case VC_IFINDEX_LIST:
		n = 1 + rnd(3);
		for (i = 0; i < n; i++) {
			a = (uint32_t)g->p1.ifindex;
			if (i && g->swi >= 0) {
				pi = port_of(dict.sws[g->swi].ifindex);
				if (pi >= 0)
					a = (uint32_t)dict.ports[pi].ifindex;
			}
			memcpy(b + i * 4, &a, 4);
		}
		return n * 4;
	}
	min = pa->minlen;
	max = pa->has_maxlen ? pa->maxlen : 64;
	if (max > size)
		max = size;
	if (min > max)
		min = max;
	len = min + rnd((uint32_t)(max - min + 1));
	rnd_bytes(b, len);
	return len;
}

static unsigned int int_bits(uint8_t kind)
{
	switch (kind) {
	case NL_ATTR_TYPE_U8:
	case NL_ATTR_TYPE_S8:
		return 8;
	case NL_ATTR_TYPE_U16:
	case NL_ATTR_TYPE_S16:
		return 16;
	case NL_ATTR_TYPE_U32:
	case NL_ATTR_TYPE_S32:
		return 32;
	case NL_ATTR_TYPE_U64:
	case NL_ATTR_TYPE_S64:
		return 64;
	}
	return 0;
}

static const char *attr_prefix(const char *name, char *buf, size_t size)
{
	const char *u;

	if (!name)
		return NULL;
	u = strchr(name, '_');
	snprintf(buf, size, "%.*s", u ? (int)(u - name) : (int)strlen(name),
		 name);
	return buf;
}

static void emit_attr(struct gen *g, const struct pattr *pa, int depth);

/*
 * Attributes for a nest: of its own policy, or (a nest without one, as
 * VSW_A_PORT_DEFAULTS) of the enclosing policy, preferring those of the
 * nest's own prefix.
 */
static void emit_nest(struct gen *g, const struct pattr *pa, uint16_t type,
		      int depth)
{
	const struct policy *np = pa->nest_pol >= 0 &&
				  pols[pa->nest_pol].used ?
				  &pols[pa->nest_pol] : g->pol;
	const char *pfx;
	char pbuf[32];
	long off;
	int i, k, tries;

	off = nest_start(g, type);
	if (!np || !np->n || depth >= 3) {
		nest_end(g, off);
		return;
	}
	pfx = attr_prefix(g->kind == K_GENL ? attr_name(pa->type) : NULL,
			  pbuf, sizeof(pbuf));
	k = (int)rnd(5);
	for (i = 0; i < k; i++) {
		const struct pattr *c = NULL;

		for (tries = 0; tries < 8; tries++) {
			c = &np->a[rnd(np->n)];
			if (is_identity(c))
				continue;
			if (!pfx || chance(20) ||
			    has_prefix(attr_name(c->type), pfx))
				break;
		}
		if (c && !is_identity(c))
			emit_attr(g, c, depth + 1);
	}
	nest_end(g, off);
}

/* One attribute of policy entry @pa: well-formed, or mutated. */
static void emit_attr(struct gen *g, const struct pattr *pa, int depth)
{
	uint8_t b[1024];
	char s[512];
	uint16_t type = pa->type;
	bool mut = g->mutate && chance(20);
	unsigned int bits = int_bits(pa->kind);
	size_t len = 0;
	uint64_t v = 0;

	if (pa->kind == NL_ATTR_TYPE_NESTED ||
	    pa->kind == NL_ATTR_TYPE_NESTED_ARRAY)
		type |= NLA_F_NESTED;
	if (mut) {
		int r;

		r = (int)rnd(10);
		if (r < 3) {
			/* a payload of a size this type never has */
			static const size_t sizes[] = {
				0, 1, 2, 3, 5, 7, 8, 9, 17, 511, 513,
			};

			len = sizes[rnd(ARRAY_SIZE(sizes))];
			if (bits && len == bits / 8)
				len++;
			rnd_bytes(b, len);
			g->muts |= MUT_LEN;
			put_attr(g, type, b, len);
			return;
		}
		if (r < 4) {
			type ^= chance(50) ? NLA_F_NESTED : NLA_F_NET_BYTEORDER;
			g->muts |= MUT_NLAFLAG;
		}
	}

	switch (pa->kind) {
	case NL_ATTR_TYPE_FLAG:
		put_attr(g, type, NULL, 0);
		return;
	case NL_ATTR_TYPE_U8:
	case NL_ATTR_TYPE_U16:
	case NL_ATTR_TYPE_U32:
	case NL_ATTR_TYPE_U64:
	case NL_ATTR_TYPE_S8:
	case NL_ATTR_TYPE_S16:
	case NL_ATTR_TYPE_S32:
	case NL_ATTR_TYPE_S64:
		if (mut) {
			v = mut_uint(pa, bits);
			g->muts |= MUT_VALUE;
		} else if (!hint_uint(g, pa, &v)) {
			v = range_uint(pa, bits);
		}
		/* little endian hosts only: the low bytes first */
		put_attr(g, type, &v, bits / 8);
		return;
	case NL_ATTR_TYPE_STRING:
	case NL_ATTR_TYPE_NUL_STRING:
		hint_str(g, pa, s, sizeof(s));
		len = strlen(s) + 1;
		if (mut) {
			size_t max = pa->has_maxlen ? pa->maxlen : IFNAMSIZ;

			g->muts |= MUT_STR;
			switch (rnd(7)) {
			case 0:		/* no NUL */
				len--;
				break;
			case 1:		/* one too long */
				len = max + 1;
				break;
			case 2:
				len = IFNAMSIZ;
				break;
			case 3:
				len = IFNAMSIZ + 1;
				break;
			case 4:
				len = chance(50) ? 64 : 300;
				break;
			case 5:		/* empty */
				len = chance(50) ? 0 : 1;
				s[0] = '\0';
				break;
			default:	/* a NUL inside */
				if (len > 2)
					s[len / 2] = '\0';
				break;
			}
			if (len > strlen(s) + 1 && len < sizeof(s)) {
				memset(s + strlen(s), 'x', len - strlen(s));
				s[len - 1] = chance(50) ? '\0' : 'y';
			}
			if (len > sizeof(s))
				len = sizeof(s);
		}
		put_attr(g, type, s, len);
		return;
	case NL_ATTR_TYPE_BINARY:
		len = hint_bin(g, pa, b, sizeof(b));
		if (mut) {
			g->muts |= MUT_LEN;
			switch (rnd(4)) {
			case 0:
				len = pa->minlen ? pa->minlen - 1 : 0;
				break;
			case 1:
				len = (pa->has_maxlen ? pa->maxlen : len) + 1;
				break;
			case 2:
				len = rnd(sizeof(b));
				break;
			default:	/* right length, random bytes */
				break;
			}
			if (len > sizeof(b))
				len = sizeof(b);
			rnd_bytes(b, len);
		}
		put_attr(g, type, b, len);
		return;
	case NL_ATTR_TYPE_NESTED:
	case NL_ATTR_TYPE_NESTED_ARRAY:
		emit_nest(g, pa, type, depth);
		return;
	case NL_ATTR_TYPE_BITFIELD32: {
		uint32_t bf[2];

		bf[1] = (uint32_t)(pa->mask ?: rnd64());
		bf[0] = (uint32_t)rnd64() & bf[1];
		if (mut) {
			bf[1] = (uint32_t)rnd64();
			g->muts |= MUT_VALUE;
		}
		put_attr(g, type, bf, sizeof(bf));
		return;
	}
	default:
		len = rnd(16);
		rnd_bytes(b, len);
		put_attr(g, type, b, len);
	}
}

/*
 * An attribute type the policy does not have (or rejects). At the top
 * level of an rtnetlink message only types above IFLA_MAX (ignored) and 0:
 * IFLA_IFNAME, IFLA_NET_NS_PID, IFLA_GROUP... with random payloads would
 * rename devices or move them away.
 */
static uint16_t unknown_type(const struct gen *g, const struct policy *p)
{
	uint32_t max = p ? p->maxtype : 0;
	int i, tries;

	if (g->kind != K_GENL && p != &link_pol)
		return chance(10) ? 0 : (uint16_t)(IFLA_MAX + 1 + rnd(64));
	switch (rnd(4)) {
	case 0:
		return 0;
	case 1:
		return (uint16_t)(max + 1 + rnd(3));
	case 2:
		return (uint16_t)rnd(NLA_TYPE_MASK + 1);
	}
	/* inside the range but not in the policy: rejected attributes */
	for (tries = 0; p && tries < 16; tries++) {
		uint16_t t = (uint16_t)(1 + rnd(max ? max : 1));
		bool known = false;

		for (i = 0; i < p->n; i++)
			known |= p->a[i].type == t;
		if (!known)
			return t;
	}
	return (uint16_t)(max + 1);
}

static void put_deep(struct gen *g, uint16_t type)
{
	long offs[DEEP_NEST];
	uint32_t v = (uint32_t)rnd64();
	int i;

	for (i = 0; i < DEEP_NEST; i++)
		offs[i] = nest_start(g, (i ? (uint16_t)(1 + rnd(8)) : type) |
					NLA_F_NESTED);
	put_attr(g, (uint16_t)(1 + rnd(8)), &v, sizeof(v));
	for (i = DEEP_NEST - 1; i >= 0; i--)
		nest_end(g, offs[i]);
}

/* A nest whose inner attributes lie about their length. */
static void put_broken_nest(struct gen *g, uint16_t type)
{
	long off = nest_start(g, type | NLA_F_NESTED);
	struct nlattr *a;
	uint32_t v = (uint32_t)rnd64();
	long in;

	in = put_attr(g, (uint16_t)(1 + rnd(8)), &v, sizeof(v));
	if (chance(50))
		put_attr(g, (uint16_t)(1 + rnd(8)), &v, sizeof(v));
	nest_end(g, off);
	if (in < 0 || off < 0)
		return;
	a = (struct nlattr *)(g->b + in);
	switch (rnd(3)) {
	case 0:		/* past the end of the nest */
		a->nla_len = (uint16_t)(a->nla_len + 4 + rnd(64));
		break;
	case 1:		/* shorter than its header */
		a->nla_len = (uint16_t)rnd(NLA_HDRLEN);
		break;
	default:	/* the nest cuts its last attribute */
		a = (struct nlattr *)(g->b + off);
		a->nla_len = (uint16_t)(a->nla_len - 1 - rnd(3));
	}
}

static uint16_t random_flags(void)
{
	static const uint16_t bits[] = {
		NLM_F_ACK, NLM_F_ECHO, NLM_F_ROOT, NLM_F_MATCH, NLM_F_ATOMIC,
		NLM_F_EXCL, NLM_F_REPLACE, NLM_F_APPEND, NLM_F_DUMP_INTR,
		NLM_F_DUMP_FILTERED, 0x1000, 0x2000, 0x4000, 0x8000,
	};
	uint16_t f = chance(85) ? NLM_F_REQUEST : 0;
	int i, n = (int)rnd(5);

	for (i = 0; i < n; i++)
		f |= bits[rnd(ARRAY_SIZE(bits))];
	if (chance(10))
		f = (uint16_t)rnd64();
	return f;
}

/*
 * Message-level mutations out of @allowed: appended attributes first,
 * then header values and lying lengths, then at most one cut.
 */
static void mutate_msg(struct gen *g, unsigned int allowed)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)g->b;
	unsigned int pick = 0;
	int n = 1 + (int)rnd(2), i, tries;

	for (i = 0; i < n; i++) {
		for (tries = 0; tries < 8; tries++) {
			unsigned int m = 1U << rnd(MUT_NR);

			if (m & allowed & ~(MUT_VALUE | MUT_LEN | MUT_STR |
					    MUT_NLAFLAG)) {
				pick |= m;
				break;
			}
		}
	}
	if ((pick & MUT_DUP) && g->ntops) {
		struct nlattr *a = (struct nlattr *)(g->b +
						    g->tops[rnd(g->ntops)]);

		put_raw(g, a, NLA_ALIGN(a->nla_len));
		g->muts |= MUT_DUP;
	}
	if (pick & MUT_UNKNOWN) {
		uint8_t b[16];
		size_t len = rnd(sizeof(b));

		rnd_bytes(b, len);
		put_attr(g, unknown_type(g, g->pol), b, len);
		g->muts |= MUT_UNKNOWN;
	}
	if (pick & MUT_DEEP) {
		const struct pattr *pa = NULL;

		for (i = 0; g->pol && i < g->pol->n; i++)
			if (g->pol->a[i].kind == NL_ATTR_TYPE_NESTED)
				pa = &g->pol->a[i];
		put_deep(g, pa && chance(70) ? pa->type :
			 unknown_type(g, g->pol));
		g->muts |= MUT_DEEP;
	}
	if (pick & MUT_NEST) {
		const struct pattr *pa = NULL;

		for (i = 0; g->pol && i < g->pol->n; i++)
			if (g->pol->a[i].kind == NL_ATTR_TYPE_NESTED)
				pa = &g->pol->a[i];
		put_broken_nest(g, pa && chance(70) ? pa->type :
				unknown_type(g, g->pol));
		g->muts |= MUT_NEST;
	}
	if (pick & MUT_FLAGS) {
		nlh->nlmsg_flags = random_flags();
		g->muts |= MUT_FLAGS;
	}
	if ((pick & MUT_VERSION) && g->kind == K_GENL) {
		struct genlmsghdr *gh = (void *)(g->b + NLMSG_HDRLEN);
		static const uint8_t vers[] = { 0, 2, 3, 0x7f, 0xff };

		gh->version = vers[rnd(ARRAY_SIZE(vers))];
		if (chance(30))
			gh->reserved = (uint16_t)rnd64();
		g->muts |= MUT_VERSION;
	}
	if (pick & MUT_LIE) {
		for (tries = 0; tries < 8 && g->ntops; tries++) {
			size_t off = g->tops[rnd(g->ntops)];
			struct nlattr *a = (struct nlattr *)(g->b + off);
			size_t rest = g->len - off;

			if (off < g->safe)
				continue;
			a->nla_len = chance(40) ? (uint16_t)rnd(NLA_HDRLEN) :
				     (uint16_t)(rest + 1 + rnd(64));
			g->muts |= MUT_LIE;
			break;
		}
	}
	nlh->nlmsg_len = (uint32_t)g->len;

	/* one cut at most */
	if ((pick & MUT_TRUNC) && g->len > g->safe + 1) {
		g->len = g->safe + 1 + rnd((uint32_t)(g->len - g->safe - 1));
		g->muts |= MUT_TRUNC;
	} else if (pick & MUT_TRAIL) {
		uint8_t junk[3];
		size_t len = 1 + rnd(3);

		rnd_bytes(junk, len);
		put_raw(g, junk, len);
		g->muts |= MUT_TRAIL;
	} else if (pick & MUT_HDR) {
		/* the family header cut, or the nlmsghdr itself */
		g->len = chance(80) ? NLMSG_HDRLEN +
			 rnd((uint32_t)(g->hdrlen - NLMSG_HDRLEN)) :
			 1 + rnd(NLMSG_HDRLEN - 1);
		g->muts |= MUT_HDR;
	}
	if (g->len >= NLMSG_HDRLEN)
		nlh->nlmsg_len = (uint32_t)g->len;
	if (pick & MUT_DROP) {
		nlh->nlmsg_len = chance(50) ? rnd(NLMSG_HDRLEN) :
				 (uint32_t)(g->len + 4 + rnd(64));
		g->muts |= MUT_DROP;
	}
}

static void gen_reset(struct gen *g, int kind)
{
	g->len = 0;
	g->depth = 0;
	g->ntops = 0;
	g->kind = kind;
	g->op = NULL;
	g->cmd = 0;
	g->muts = 0;
	g->mutating = kind != K_GENL;
	g->pol = NULL;
	g->safe = 0;
	g->mutate = !chance(45);
}

/* Attributes of @pol for the message: identity ones, then some more. */
static void emit_attrs(struct gen *g, const struct policy *pol,
		       const char *pfx)
{
	const struct pattr *sw_idx = NULL, *sw_name = NULL;
	const struct pattr *p_idx = NULL, *p_name = NULL;
	const struct pattr *aff[MAX_PATTRS], *any[MAX_PATTRS];
	bool used[MAX_PATTRS] = { false };
	int naff = 0, nany = 0, i, k, r;

	if (!pol)
		return;
	for (i = 0; i < pol->n; i++) {
		const struct pattr *pa = &pol->a[i];

		switch (pa->hint) {
		case VC_SW_IFINDEX:
			sw_idx = pa;
			continue;
		case VC_SW_NAME:
			sw_name = pa;
			continue;
		case VC_PORT_IFINDEX:
			p_idx = pa;
			continue;
		case VC_PORT_NAME:
			p_name = pa;
			continue;
		}
		any[nany++] = pa;
		if (pfx && (has_prefix(attr_name(pa->type), pfx) ||
			    (!strcmp(pfx, "SWITCH") &&
			     pa->kind == NL_ATTR_TYPE_NESTED)))
			aff[naff++] = pa;
	}

	r = (int)rnd(100);
	if (r < 45 && sw_idx)
		emit_attr(g, sw_idx, 0);
	else if (r < 88 && sw_name)
		emit_attr(g, sw_name, 0);
	else if (r < 93 && sw_idx && sw_name) {
		emit_attr(g, sw_idx, 0);
		emit_attr(g, sw_name, 0);
	}
	if (chance(75)) {
		r = (int)rnd(100);
		if (r < 50 && p_idx)
			emit_attr(g, p_idx, 0);
		else if (r < 95 && p_name)
			emit_attr(g, p_name, 0);
		else if (p_idx && p_name) {
			emit_attr(g, p_idx, 0);
			emit_attr(g, p_name, 0);
		}
	}
	if (naff && naff <= 6) {
		/* the operation's few own attributes: most of them */
		for (i = 0; i < naff; i++) {
			if (!chance(85))
				continue;
			used[aff[i] - pol->a] = true;
			emit_attr(g, aff[i], 0);
		}
		k = chance(15);
	} else {
		k = 1 + (int)rnd(4);
	}
	for (i = 0; i < k && nany; i++) {
		const struct pattr *pa;
		int j, tries = 0;

		do {
			if (naff && chance(80)) {
				j = (int)rnd(naff);
				pa = aff[j];
			} else {
				pa = any[rnd(nany)];
			}
			j = (int)(pa - pol->a);
		} while (used[j] && !g->mutate && ++tries < 8);
		used[j] = true;
		emit_attr(g, pa, 0);
	}
}

static void gen_genl(struct gen *g)
{
	const struct op *op;
	struct nlmsghdr *nlh;
	struct genlmsghdr *gh;
	char pbuf[32];
	bool dump;
	int pol;

	gen_reset(g, K_GENL);
	if (g->mutate && chance(4)) {
		/* an unknown command: event-only ones included */
		do {
			g->cmd = chance(50) ? (uint8_t)rnd(VSW_CMD_MAX + 3) :
				 (uint8_t)rnd64();
		} while (op_find(g->cmd));
		g->muts |= MUT_CMD;
		op = NULL;
	} else {
		op = &ops[rnd(nops)];
		g->cmd = op->cmd;
	}
	g->op = op;
	g->mutating = op && op->mutating;
	if (op)
		dump = (op->flags & GENL_CMD_CAP_DUMP) &&
		       (!(op->flags & GENL_CMD_CAP_DO) || chance(50));
	else
		dump = chance(20);
	pol = op ? (dump ? op->dump_pol : op->do_pol) : 0;
	g->pol = pol >= 0 && pols[pol].used ? &pols[pol] : NULL;

	nlh = put_raw(g, NULL, NLMSG_HDRLEN);
	nlh->nlmsg_type = fam_id;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | (dump ? NLM_F_DUMP : 0);
	gh = put_raw(g, NULL, GENL_HDRLEN);
	gh->cmd = g->cmd;
	gh->version = VSWITCH_GENL_VERSION;
	g->hdrlen = g->safe = g->len;

	pick_context(g);
	emit_attrs(g, g->pol,
		   attr_prefix(op ? cmd_name(op->cmd) : NULL, pbuf,
			       sizeof(pbuf)));
	nlh = (struct nlmsghdr *)g->b;
	nlh->nlmsg_len = (uint32_t)g->len;
	if (g->mutate && chance(70))
		mutate_msg(g, ~0U);
}

/* IFLA_LINKINFO: the kind "vswitch" and fuzzed IFLA_INFO_DATA. */
static void put_linkinfo(struct gen *g, bool create, bool with_data)
{
	static const char *const kinds[] = {
		"vswitc", "", "vswitchx", "VSWITCH",
	};
	const struct policy *saved = g->pol;
	long li;
	int r;

	li = nest_start(g, IFLA_LINKINFO | NLA_F_NESTED);
	r = (int)rnd(1000);
	if (!g->mutate || r < 900) {
		put_str(g, IFLA_INFO_KIND, VSWITCH_LINK_KIND);
	} else if (r < 970) {
		/* without its NUL */
		put_attr(g, IFLA_INFO_KIND, VSWITCH_LINK_KIND,
			 strlen(VSWITCH_LINK_KIND));
		g->muts |= MUT_STR;
	} else if (r < 995 || !create) {
		put_str(g, IFLA_INFO_KIND, "");
		g->muts |= MUT_STR;
	} else {
		/* a module request for an unknown kind: slow, so rare */
		put_str(g, IFLA_INFO_KIND, kinds[rnd(ARRAY_SIZE(kinds))]);
		g->muts |= MUT_STR;
	}
	if (with_data && chance(90)) {
		long data;
		int i, k;

		g->pol = &link_pol;
		data = nest_start(g, IFLA_INFO_DATA | NLA_F_NESTED);
		k = (int)rnd(link_pol.n + 1);
		for (i = 0; i < k; i++)
			emit_attr(g, &link_pol.a[rnd(link_pol.n)], 1);
		if (g->mutate && chance(25)) {
			/* types 0 .. IFLA_VSW_MAX + 2, unknown ones too */
			uint16_t t = (uint16_t)rnd(IFLA_VSW_MAX + 3);
			uint32_t v = (uint32_t)mut_uint(&link_pol.a[0], 32);

			put_attr(g, t, &v, rnd(5));
			g->muts |= MUT_UNKNOWN;
		}
		if (g->mutate && chance(5)) {
			put_deep(g, (uint16_t)rnd(IFLA_VSW_MAX + 3));
			g->muts |= MUT_DEEP;
		}
		if (g->mutate && chance(5)) {
			put_broken_nest(g, (uint16_t)rnd(IFLA_VSW_MAX + 3));
			g->muts |= MUT_NEST;
		}
		nest_end(g, data);
		g->pol = saved;
	}
	nest_end(g, li);
}

/*
 * At most one top-level change besides IFLA_INFO_DATA, harmless ones and
 * only on our own switches. rtnetlink applies a message's changes one by
 * one (the kind's changelink, then IFLA_ADDRESS, IFLA_MTU, the flags...)
 * and stops at the first refused: a message with two of them may be
 * refused after changing something, by design of the core. So a message
 * has the kind's data or one of these, never two.
 */
static bool put_link_extra(struct gen *g)
{
	struct ifinfomsg *ifi = (struct ifinfomsg *)(g->b + NLMSG_HDRLEN);
	uint8_t mac[ETH_ALEN];
	uint32_t mtu;

	switch (rnd(20)) {
	case 0:
		pick_mac(mac);
		if (chance(30))
			mac[0] |= 1;		/* multicast: refused */
		put_attr(g, IFLA_ADDRESS, mac, chance(90) ? ETH_ALEN : 5);
		return true;
	case 1:
		mtu = chance(70) ? 1280 + rnd(8000) : (uint32_t)rnd64();
		put_u32(g, IFLA_MTU, mtu);
		return true;
	case 2:
		if (chance(30)) {
			put_u32(g, IFLA_LINK_NETNSID, 0);
			return true;
		}
		ifi->ifi_change = IFF_UP;
		ifi->ifi_flags = chance(50) ? IFF_UP : 0;
		return true;
	}
	return false;
}

static struct nlmsghdr *gen_link_hdr(struct gen *g, uint16_t type,
				     uint16_t flags, int ifindex)
{
	struct nlmsghdr *nlh = put_raw(g, NULL, NLMSG_HDRLEN);
	struct ifinfomsg *ifi = put_raw(g, NULL, sizeof(*ifi));

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	g->hdrlen = g->safe = g->len;
	return nlh;
}

static void gen_newlink(struct gen *g)
{
	char name[IFNAMSIZ];
	uint16_t flags = NLM_F_CREATE | (chance(50) ? NLM_F_EXCL : 0);

	gen_reset(g, K_NEWLINK);
	pick_context(g);
	if (chance(3))
		snprintf(name, sizeof(name), "fzsw%%d");
	else
		snprintf(name, sizeof(name), "fzsw%u", rnd(8));
	gen_link_hdr(g, RTM_NEWLINK, flags, 0);
	/* the name first, and no mutation may take it away */
	if (g->mutate && chance(10)) {
		put_attr(g, IFLA_IFNAME, name, strlen(name));
		g->muts |= MUT_STR;
	} else {
		put_str(g, IFLA_IFNAME, name);
	}
	g->safe = g->len;
	put_linkinfo(g, true, !put_link_extra(g));
	((struct nlmsghdr *)g->b)->nlmsg_len = (uint32_t)g->len;
	if (g->mutate && chance(50))
		mutate_msg(g, MUT_DUP | MUT_FLAGS | MUT_LIE | MUT_TRUNC |
			      MUT_TRAIL | MUT_HDR | MUT_DROP | MUT_DEEP |
			      MUT_NEST);
}

static void gen_changelink(struct gen *g)
{
	struct nlmsghdr *nlh;
	bool byname = chance(20), switch_target = true;

	gen_reset(g, K_CHANGELINK);
	pick_context(g);
	if (chance(8)) {
		tgt_any_dev(&g->sw);
		switch_target = false;
	}
	nlh = gen_link_hdr(g, RTM_NEWLINK, 0, byname ? 0 : g->sw.ifindex);
	if (byname)
		put_str(g, IFLA_IFNAME, g->sw.name);
	g->safe = g->len;
	put_linkinfo(g, false, !switch_target ||
		     strncmp(g->sw.name, "fzsw", 4) || !put_link_extra(g));
	nlh->nlmsg_len = (uint32_t)g->len;
	if (g->mutate && chance(50))
		mutate_msg(g, MUT_DUP | MUT_FLAGS | MUT_LIE | MUT_TRUNC |
			      MUT_TRAIL | MUT_HDR | MUT_DROP | MUT_UNKNOWN);
	/*
	 * Never a create: by name it would make a device of a name not ours,
	 * by an ifindex that is gone one named vswitch%d with that ifindex.
	 */
	((struct nlmsghdr *)g->b)->nlmsg_flags &= ~NLM_F_CREATE;
}

static void gen_dellink(struct gen *g)
{
	const struct sw *mine[MAX_SWS];
	struct nlmsghdr *nlh;
	char name[IFNAMSIZ];
	int n = 0, i, ifindex = 0;

	gen_reset(g, K_DELLINK);
	for (i = 0; i < dict.nsws; i++)
		if (!strncmp(dict.sws[i].name, "fzsw", 4))
			mine[n++] = &dict.sws[i];
	if (n) {
		i = (int)rnd(n);
		snprintf(name, sizeof(name), "%s", mine[i]->name);
		if (chance(80))
			ifindex = mine[i]->ifindex;
	} else {
		snprintf(name, sizeof(name), "fzsw%u", rnd(8));
	}
	nlh = gen_link_hdr(g, RTM_DELLINK, 0, ifindex);
	if (!ifindex)
		put_str(g, IFLA_IFNAME, name);
	g->safe = g->len;
	/* never IFLA_GROUP, never another device: flags and extras only */
	if (g->mutate && chance(20)) {
		uint32_t v = (uint32_t)rnd64();

		put_attr(g, (uint16_t)(IFLA_MAX + 1 + rnd(8)), &v, sizeof(v));
		g->muts |= MUT_UNKNOWN;
	}
	nlh->nlmsg_len = (uint32_t)g->len;
	if (g->mutate && chance(50))
		mutate_msg(g, MUT_FLAGS | MUT_HDR | MUT_DROP);
}

/*
 * IFLA_MASTER on odd devices: lo, a switch itself, another switch's port,
 * an uplink, the bridge, the VLANs, the veths, the dummies; the master a
 * switch (never the churn one: its deletion would change other devices),
 * none, or a device that is no master.
 */
static void gen_setmaster(struct gen *g)
{
	static const char *const odd[] = {
		"lo", "fzd0", "fzd1", "fzbr0", "fzveth0", "fzveth1",
		"fzvlan0", "fzvlan1",
	};
	struct nlmsghdr *nlh;
	struct tgt slave = { 0 };
	uint32_t master = 0;
	int r = (int)rnd(100), i;
	const struct dev *d;

	gen_reset(g, K_SETMASTER);
	pick_context(g);
	if (r < 40 || !dict.nports) {
		const char *name = odd[rnd(ARRAY_SIZE(odd))];

		for (i = 0; i < dict.ndevs; i++)
			if (!strcmp(dict.devs[i].name, name))
				tgt_set(&slave, dict.devs[i].ifindex, name);
	} else if (r < 65) {
		i = (int)rnd(dict.nports);
		tgt_set(&slave, dict.ports[i].ifindex, dict.ports[i].name);
	} else if (r < 85 && never_ports) {
		/* a port of earlier, maybe detached since */
		int ifindex = ever_ports[rnd(never_ports)];

		for (i = 0; i < dict.ndevs; i++)
			if (dict.devs[i].ifindex == ifindex)
				tgt_set(&slave, ifindex, dict.devs[i].name);
	} else if (dict.nsws) {
		i = (int)rnd(dict.nsws);
		tgt_set(&slave, dict.sws[i].ifindex, dict.sws[i].name);
	}
	if (!slave.ifindex || is_churn(slave.name))
		tgt_set(&slave, 1, "lo");

	r = (int)rnd(100);
	if (r < 70 && dict.nsws) {
		int tries;

		for (tries = 0; tries < 8; tries++) {
			i = (int)rnd(dict.nsws);
			if (!is_churn(dict.sws[i].name)) {
				master = (uint32_t)dict.sws[i].ifindex;
				break;
			}
		}
	} else if (r < 92) {
		master = 0;
	} else if (r < 97) {
		for (i = 0; i < dict.ndevs; i++) {
			d = &dict.devs[i];
			if (!strcmp(d->name, "lo") || !strcmp(d->name, "fzd0"))
				master = (uint32_t)d->ifindex;
		}
	} else {
		master = 0x7fff0000 + rnd(100);
	}

	g->slave = slave.ifindex;
	nlh = gen_link_hdr(g, chance(80) ? RTM_SETLINK : RTM_NEWLINK, 0,
			   slave.ifindex);
	if (g->mutate && chance(15)) {
		uint64_t v = master;

		put_attr(g, IFLA_MASTER, &v, chance(50) ? 2 : 8);
		g->muts |= MUT_LEN;
	} else {
		put_u32(g, IFLA_MASTER, master);
	}
	if (g->mutate && chance(10)) {
		put_u32(g, IFLA_MASTER, master ? 0 : (uint32_t)g->sw.ifindex);
		g->muts |= MUT_DUP;
	}
	nlh->nlmsg_len = (uint32_t)g->len;
	if (g->mutate && chance(40))
		mutate_msg(g, MUT_FLAGS | MUT_HDR | MUT_DROP | MUT_TRAIL |
			      MUT_LIE);
	/* no create, whatever the flags say: the name is not ours */
	((struct nlmsghdr *)g->b)->nlmsg_flags &= ~NLM_F_CREATE;
}

static void gen_rtnl(struct gen *g)
{
	int r = (int)rnd(100);

	if (r < 28)
		gen_newlink(g);
	else if (r < 55)
		gen_changelink(g);
	else if (r < 65)
		gen_dellink(g);
	else
		gen_setmaster(g);
}

/* ------------------------------------------------------------------ */
/* unfinished dumps                                                    */

struct dumpsk {
	struct nlsk s;
	bool open;
	bool unfinished;
};

static struct dumpsk dumpsks[N_DUMPSK];
static unsigned long n_unfinished, n_dumps_started;

static void dumpsk_close(struct dumpsk *d)
{
	if (!d->open)
		return;
	n_unfinished += d->unfinished;
	nl_close(&d->s);
	d->open = false;
}

/* Start a dump of a GET operation (or of links) and read one answer, or
 * nothing; or close a socket with its dump where it is.
 */
static void dump_action(void)
{
	struct dumpsk *d = &dumpsks[rnd(N_DUMPSK)];
	char buf[MNL_SOCKET_BUFFER_SIZE];
	const struct op *dops[MAX_OPS];
	struct nlmsghdr *nlh;
	int i, n = 0, proto;
	ssize_t got;

	if (d->open) {
		dumpsk_close(d);
		return;
	}
	for (i = 0; i < nops; i++)
		if (ops[i].flags & GENL_CMD_CAP_DUMP)
			dops[n++] = &ops[i];
	proto = !n || chance(15) ? NETLINK_ROUTE : NETLINK_GENERIC;
	if (nl_open(&d->s, proto))
		return;
	d->open = true;
	d->unfinished = true;
	if (proto == NETLINK_ROUTE) {
		nlh = link_hdr(buf, RTM_GETLINK, NLM_F_DUMP, 0);
	} else {
		const struct op *op = dops[rnd(n)];

		nlh = genl_hdr(buf, op->cmd, NLM_F_DUMP);
		if ((op->dump_per_switch || chance(30)) && dict.nsws)
			mnl_attr_put_u32(nlh, VSW_A_IFINDEX,
					 (uint32_t)dict.sws[rnd(dict.nsws)].ifindex);
	}
	nlh->nlmsg_seq = ++seqno;
	if (nl_send(&d->s, nlh, nlh->nlmsg_len)) {
		dumpsk_close(d);
		return;
	}
	n_dumps_started++;
	if (chance(50))
		return;			/* read nothing */
	got = recv(d->s.fd, rxbuf, sizeof(rxbuf), MSG_DONTWAIT);
	if (got > 0) {
		const struct nlmsghdr *r = (const void *)rxbuf;
		int len = (int)got;

		for (; mnl_nlmsg_ok(r, len); r = mnl_nlmsg_next(r, &len))
			if (r->nlmsg_type == NLMSG_DONE ||
			    r->nlmsg_type == NLMSG_ERROR)
				d->unfinished = false;
	}
}

/* ------------------------------------------------------------------ */
/* the fuzz loop                                                       */

static unsigned long n_genl, n_rtnl, n_err, n_acc, n_noext, n_noext_offs;
static unsigned long n_ignored, n_mutating, n_digest_checks;
static unsigned long n_noext_handler;	/* past the core's checks */
static char noext_first[128];
static unsigned long n_sw_created, n_genl_mut_ok, n_core_detach;
static uint64_t digest;
static bool digest_valid;

static const char *kind_name(const struct gen *g)
{
	static const char *const names[] = {
		[K_GENL]	= "genl",
		[K_NEWLINK]	= "RTM_NEWLINK(create)",
		[K_CHANGELINK]	= "RTM_NEWLINK(change)",
		[K_DELLINK]	= "RTM_DELLINK",
		[K_SETMASTER]	= "RTM_SETLINK(master)",
	};

	return names[g->kind];
}

static void print_muts(FILE *f, unsigned int muts)
{
	const char *sep = "";
	int i;

	if (!muts) {
		fputs("none", f);
		return;
	}
	for (i = 0; i < MUT_NR; i++) {
		if (muts & (1U << i)) {
			fprintf(f, "%s%s", sep, mut_names[i]);
			sep = ",";
		}
	}
}

/* What the kernel will answer: see netlink_rcv_skb() and the families. */
static int expectation(const struct gen *g, bool *ignored)
{
	const struct nlmsghdr *nlh = (const void *)g->b;

	*ignored = false;
	if (g->len < NLMSG_HDRLEN || nlh->nlmsg_len < NLMSG_HDRLEN ||
	    nlh->nlmsg_len > g->len) {
		*ignored = true;	/* netlink_rcv_skb() stops there */
		return EX_DRAIN;
	}
	if (!(nlh->nlmsg_flags & NLM_F_REQUEST)) {
		*ignored = true;	/* not a request: only acked */
		return EX_DRAIN;
	}
	if (g->kind != K_GENL && nlh->nlmsg_len == NLMSG_HDRLEN)
		*ignored = true;	/* rtnetlink: too short to look at */
	if (g->kind == K_GENL &&
	    (nlh->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP)
		return EX_DUMP;
	return (nlh->nlmsg_flags & NLM_F_ACK) ? EX_ACK : EX_DRAIN;
}

/* The switch @ifindex is a port of (not as an uplink), or 0. */
static int master_of(int ifindex)
{
	int i;

	for (i = 0; i < dict.nports; i++)
		if (dict.ports[i].ifindex == ifindex && !dict.ports[i].uplink)
			return dict.ports[i].sw;
	return 0;
}

/*
 * Would the genl core let this message's header through to the permission
 * check? A whole genlmsghdr, and since 6.1 (genl_header_check()) reserved
 * 0 and no nlmsg_flags but REQUEST, ACK, ECHO and both bits of DUMP.
 */
static bool genl_header_ok(const struct gen *g)
{
	const struct nlmsghdr *nlh = (const void *)g->b;
	const struct genlmsghdr *gh = (const void *)(g->b + NLMSG_HDRLEN);
	uint16_t flags = nlh->nlmsg_flags;

	if (g->len < NLMSG_HDRLEN + GENL_HDRLEN || gh->reserved)
		return false;
	if ((flags & NLM_F_DUMP) == NLM_F_DUMP)
		flags &= ~NLM_F_DUMP;
	return !(flags & ~(NLM_F_REQUEST | NLM_F_ACK | NLM_F_ECHO));
}

static void check_user(const struct gen *g, const struct reply *rp,
		       bool ignored, bool dumpflag)
{
	if (!g->mutating || ignored)
		return;
	if (!rp->err)
		fail("unprivileged %s %s accepted", kind_name(g),
		     g->kind == K_GENL ? cmd_name(g->cmd) : "");
	if (g->kind == K_GENL && !genl_header_ok(g))
		return;		/* the header checks come first */
	if (rp->err == -EPERM)
		return;
	/* 6.2+: a do-only command asked to dump is not found, before EPERM */
	if (g->kind == K_GENL && dumpflag && rp->err == -EOPNOTSUPP)
		return;
	fail("unprivileged %s %s: %s (%d), expected EPERM%s%s",
	     kind_name(g), g->kind == K_GENL ? cmd_name(g->cmd) : "",
	     strerror(-rp->err), rp->err, rp->has_msg ? "; extack: " : "",
	     rp->msg);
}

/* Userns: no switch of the initial namespace in an answer. */
static void foreign_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *tb[VSW_A_MAX + 1];
	char name[IFNAMSIZ];

	if (nlh->nlmsg_type != fam_id ||
	    mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN)
		return;
	tb_parse_msg(tb, VSW_A_MAX, nlh, GENL_HDRLEN);
	if (tb[VSW_A_IFNAME] &&
	    strncmp(a_str(tb[VSW_A_IFNAME], name, sizeof(name)), "fz", 2))
		fail("userns: an answer names switch %s, not one of this namespace",
		     name);
}

static void run_one(struct gen *g)
{
	struct nlsk *s = g->kind == K_GENL ? &fz_genl : &fz_rtnl;
	struct nlmsghdr *nlh = (struct nlmsghdr *)g->b;
	bool ignored, dumpflag, watch = false;
	uint32_t seq = ++seqno;
	struct reply rp;
	int ex, err, master = 0;

	if (g->len >= NLMSG_HDRLEN)
		nlh->nlmsg_seq = seq;
	dumpflag = g->len >= NLMSG_HDRLEN &&
		   (nlh->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
	ex = expectation(g, &ignored);
	if (g->mutating) {
		n_mutating++;
		watch = inject || n_mutating % check_every == 0;
		if (watch && !digest_valid) {
			digest = state_scan(false);
			parts_keep();
			digest_valid = true;
		}
		if (g->kind == K_SETMASTER)
			master = master_of(g->slave);
	}
	memcpy(cur_msg, g->b, g->len);
	cur_len = g->len;
	cur_no = msgno;
	err = nl_send(s, g->b, g->len);
	if (err)
		fail("send: %s", strerror(-err));
	err = nl_read(s, seq, ex, &rp,
		      mode == MODE_USERNS ? foreign_cb : NULL, NULL);
	if (err == -EAGAIN || err == -EWOULDBLOCK)
		fail("no answer within %d s to a %s message", REPLY_TIMEOUT,
		     ex == EX_DUMP ? "dump" : "request");
	if (err)
		fail("recv: %s", strerror(-err));
	if (ex == EX_DUMP && !rp.end)
		fail("a dump ended without NLMSG_DONE");

	if (g->kind == K_GENL)
		n_genl++;
	else
		n_rtnl++;
	n_ignored += ignored;
	if (rp.err) {
		n_err++;
		if (!rp.has_msg) {
			n_noext++;
			n_noext_offs += !rp.has_offs;
		}
		/*
		 * A genl request whose header the core let through to a
		 * known operation, refused without a message: the module's
		 * handler (or its policy) did not say why.
		 */
		if (!rp.has_msg && !rp.has_offs && g->kind == K_GENL &&
		    g->op && genl_header_ok(g) && !ignored &&
		    (g->op->flags & (dumpflag ? GENL_CMD_CAP_DUMP :
				     GENL_CMD_CAP_DO)) &&
		    !(mode == MODE_USER && g->mutating)) {
			if (!n_noext_handler++)
				snprintf(noext_first, sizeof(noext_first),
					 "message %lu, %s: %s", msgno,
					 cmd_name(g->cmd), strerror(-rp.err));
		}
	} else {
		n_acc++;
		if (!ignored && g->kind == K_NEWLINK)
			n_sw_created++;
		if (!ignored && g->kind == K_GENL && g->mutating)
			n_genl_mut_ok++;
		if (!ignored && g->kind == K_GENL && g->swi >= 0)
			hot_sw[g->cmd] = g->sw.ifindex;
	}
	if (verbose) {
		printf("#%lu %s %s flags %#x len %zu muts ", msgno,
		       kind_name(g), g->kind == K_GENL ? cmd_name(g->cmd) :
		       "", g->len >= 8 ? nlh->nlmsg_flags : 0, g->len);
		print_muts(stdout, g->muts);
		if (rp.err)
			printf(" -> %s (%d)%s%s\n", strerror(-rp.err), rp.err,
			       rp.has_msg ? ": " : "", rp.msg);
		else
			printf(" -> ok%s (%u replies)\n",
			       ignored ? ", ignored" : "", rp.data);
	}
	if (mode == MODE_USER)
		check_user(g, &rp, ignored, dumpflag);

	if (!g->mutating)
		return;
	if (!watch) {
		/* Not one of those checked (-c): what it did is unknown. */
		digest_valid = false;
		return;
	}
	if (rp.err || inject) {
		uint64_t after;

		after = state_scan(false);
		n_digest_checks++;
		/*
		 * do_set_master() of the core detaches a device from its
		 * master before it looks at the new one: a refused move
		 * leaves the device without a master. Not the module's
		 * doing; counted, and the state so left is the new one.
		 */
		if (after != digest && rp.err && g->kind == K_SETMASTER &&
		    master && !master_of(g->slave)) {
			n_core_detach++;
			digest = after;
			parts_keep();
			return;
		}
		if (after != digest) {
			if (!rp.err)
				fail("self-check (-t): accepted message changed the digest %016" PRIx64 " -> %016" PRIx64 " (the check works)",
				     digest, after);
			fail("%s %s failed with %s (%d)%s%s but changed the state: digest %016" PRIx64 " -> %016" PRIx64 ", dumps changed:%s",
			     kind_name(g),
			     g->kind == K_GENL ? cmd_name(g->cmd) : "",
			     strerror(-rp.err), rp.err,
			     rp.has_msg ? ", extack: " : "", rp.msg, digest,
			     after, parts_changed());
		}
	} else {
		digest_valid = false;
	}
}

static void batch_check(void)
{
	digest = state_scan(true);
	parts_keep();
	digest_valid = true;
	scan_addrs();
}

/* ------------------------------------------------------------------ */
/* the digest is not vacuous                                           */

static void digest_selftest(void)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	uint64_t d0, d1, d2, d3, d4;
	int err;

	d0 = state_scan(false);
	err = link_add(&st_rtnl, "fzdigest", VSWITCH_LINK_KIND, 0, 0, NULL,
		       VSW_MODE_HOST_ONLY);
	if (err)
		die("self-test: creating switch fzdigest: %s", strerror(-err));
	d1 = state_scan(false);

	nlh = genl_hdr(buf, VSW_CMD_PORT_SET, NLM_F_ACK);
	mnl_attr_put_strz(nlh, VSW_A_PORT_IFNAME, "fzdigest");
	mnl_attr_put_u16(nlh, VSW_A_PORT_PVID, 7);
	err = nl_request(&st_genl, nlh, NULL, NULL, NULL);
	if (err)
		die("self-test: PORT_SET of fzdigest's host port: %s",
		    strerror(-err));
	d2 = state_scan(false);

	nlh = genl_hdr(buf, VSW_CMD_PORT_SET, NLM_F_ACK);
	mnl_attr_put_strz(nlh, VSW_A_PORT_IFNAME, "fzdigest");
	mnl_attr_put_u16(nlh, VSW_A_PORT_PVID, 4095);
	err = nl_request(&st_genl, nlh, NULL, NULL, NULL);
	d3 = state_scan(false);

	link_del_name(&st_rtnl, "fzdigest");
	d4 = state_scan(false);
	if (d1 == d0 || d2 == d1)
		die("self-test: the digest did not see a change (%s)",
		    d1 == d0 ? "switch created" : "host port PVID set");
	if (!err || d3 != d2)
		die("self-test: refused PORT_SET (PVID 4095, %s) %s",
		    strerror(-err), err ? "changed the digest" : "accepted");
	if (d4 != d0)
		die("self-test: the digest after deleting fzdigest is not the one before creating it");
	printf("nlfuzz: digest self-test: creating a switch and setting a PVID change it, a refusal does not, deleting restores it\n");
}

/* ------------------------------------------------------------------ */
/* modes                                                               */

static void drop_privileges(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	if (setgroups(0, NULL) < 0 || setgid(65534) < 0 || setuid(65534) < 0)
		die("dropping to uid/gid 65534: %s", strerror(errno));
	memset(data, 0, sizeof(data));
	if (syscall(SYS_capset, &hdr, data) < 0)
		die("capset: %s", strerror(errno));
	memset(data, 0, sizeof(data));
	if (syscall(SYS_capget, &hdr, data) < 0 || data[0].effective ||
	    data[0].permitted || data[1].effective || data[1].permitted)
		die("capabilities left after dropping them");
	if (getuid() != 65534 || geteuid() != 65534)
		die("still uid %u", geteuid());
}

static void write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		die("%s: %s", path, strerror(errno));
	n = write(fd, s, strlen(s));
	if (n != (ssize_t)strlen(s))
		die("writing %s: %s", path, strerror(errno));
	close(fd);
}

/* uid 65534, then root of its own user namespace and network namespace */
static void enter_userns(void)
{
	drop_privileges();
	/* setuid() made us undumpable: /proc/self would be root's */
	prctl(PR_SET_DUMPABLE, 1);
	if (unshare(CLONE_NEWUSER | CLONE_NEWNET) < 0)
		die("unshare(CLONE_NEWUSER | CLONE_NEWNET): %s",
		    strerror(errno));
	write_file("/proc/self/setgroups", "deny");
	write_file("/proc/self/uid_map", "0 65534 1");
	write_file("/proc/self/gid_map", "0 65534 1");
}

/* Device names of the initial namespace, as the VFS sees them. */
static void read_sysfs_names(void)
{
	DIR *dir = opendir("/sys/class/net");
	struct dirent *de;

	if (!dir)
		return;
	while ((de = readdir(dir)) && nforeign < (int)ARRAY_SIZE(foreign_names)) {
		if (de->d_name[0] == '.' || strlen(de->d_name) >= IFNAMSIZ)
			continue;
		snprintf(foreign_names[nforeign++], IFNAMSIZ, "%s",
			 de->d_name);
	}
	closedir(dir);
}

static void open_sockets(void)
{
	int err = nl_open(&fz_genl, NETLINK_GENERIC) ?:
		  nl_open(&fz_rtnl, NETLINK_ROUTE) ?:
		  nl_open(&st_genl, NETLINK_GENERIC) ?:
		  nl_open(&st_rtnl, NETLINK_ROUTE);

	if (err)
		die("netlink socket: %s", strerror(-err));
	/*
	 * The kernel sizes a dump's buffers after the reader's (up to 32 KiB);
	 * smaller ones are cheaper on a debug kernel, and the largest
	 * record is a few KiB.
	 */
	st_genl.rxlen = st_rtnl.rxlen = 16384;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: nlfuzz [-s SEED] [-n COUNT] [-b BATCH] [-c N] [-m root|user|userns] [-v] [-t] [-C]\n");
	exit(2);
}

static uint64_t parse_num(const char *s, const char *what)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || !*s || *end)
		usage();
	(void)what;
	return v;
}

int main(int argc, char **argv)
{
	const char *env = getenv("VSWITCH_FUZZ_SEED");
	struct timespec t0, t1;
	bool have_seed = false;
	double secs;
	int opt, i;

	while ((opt = getopt(argc, argv, "s:n:b:c:m:vtCh")) != -1) {
		switch (opt) {
		case 's':
			seed = parse_num(optarg, "seed");
			have_seed = true;
			break;
		case 'n':
			count = (unsigned long)parse_num(optarg, "count");
			break;
		case 'b':
			batch = (unsigned long)parse_num(optarg, "batch");
			if (!batch)
				usage();
			break;
		case 'c':
			check_every = (unsigned long)parse_num(optarg, "check");
			if (!check_every)
				usage();
			break;
		case 'm':
			if (!strcmp(optarg, "root"))
				mode = MODE_ROOT;
			else if (!strcmp(optarg, "user"))
				mode = MODE_USER;
			else if (!strcmp(optarg, "userns"))
				mode = MODE_USERNS;
			else
				usage();
			break;
		case 'v':
			verbose = true;
			break;
		case 't':
			inject = true;
			break;
		case 'C':
			no_churn = true;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (!have_seed && env && *env) {
		seed = parse_num(env, "VSWITCH_FUZZ_SEED");
		have_seed = true;
	}
	if (!have_seed && getrandom(&seed, sizeof(seed), 0) != sizeof(seed))
		die("getrandom: %s", strerror(errno));
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("nlfuzz: seed %" PRIu64 "\n", seed);
	rng_seed(&rng, seed);
	for (i = 0; i < (int)ARRAY_SIZE(mac_pool); i++) {
		rnd_bytes(mac_pool[i], ETH_ALEN);
		mac_pool[i][0] = (uint8_t)((mac_pool[i][0] & 0xfc) | 0x02);
	}
	read_sysfs_names();
	link_policy_init();

	if (getuid() != 0 && mode != MODE_USER)
		die("mode %s needs root", mode == MODE_ROOT ? "root" :
		    "userns");
	switch (mode) {
	case MODE_USER:
		/* the churn child stays root: deletions under our feet */
		churn_start();
		drop_privileges();
		open_sockets();
		break;
	case MODE_USERNS:
		enter_userns();
		open_sockets();
		break;
	default:
		open_sockets();
	}
	printf("nlfuzz: mode %s, uid %u\n",
	       mode == MODE_ROOT ? "root" : mode == MODE_USER ? "user" :
	       "userns", getuid());

	learn_family();
	probe_dumps();
	if (mode != MODE_USER) {
		cleanup_devices();
		setup_odd_devices();
	}
	if (mode == MODE_USERNS) {
		state_scan(false);
		if (dict.nsws)
			fail("userns: the switch dump of a new namespace lists %d switches (%s...)",
			     dict.nsws, dict.sws[0].name);
	}
	if (mode != MODE_USER) {
		digest_selftest();
		churn_start();
	}
	batch_check();

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (msgno = 1; msgno <= count; msgno++) {
		if (chance(2))
			dump_action();
		if (chance(25))
			gen_rtnl(&gen);
		else
			gen_genl(&gen);
		run_one(&gen);
		if (msgno % batch == 0)
			batch_check();
	}
	msgno = count;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	for (i = 0; i < N_DUMPSK; i++)
		dumpsk_close(&dumpsks[i]);
	churn_stop();
	batch_check();

	if (mode == MODE_USERNS && (!n_sw_created || !n_genl_mut_ok))
		fail("userns: %lu switches created, %lu mutating genl requests accepted: the namespace's root could not use it",
		     n_sw_created, n_genl_mut_ok);
	if (inject)
		fail("self-check (-t): no accepted message changed the digest in %lu messages",
		     count);
	if (mode == MODE_ROOT)
		cleanup_devices();

	secs = (double)(t1.tv_sec - t0.tv_sec) +
	       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("nlfuzz: %lu errors without an extack message (%lu of them without a bad-attribute offset either; %lu past the core's checks%s%s), %lu ignored by the core\n",
	       n_noext, n_noext_offs, n_noext_handler,
	       n_noext_handler ? ", first: " : "", noext_first, n_ignored);
	printf("nlfuzz: %lu mutating messages, %lu digest checks after errors (%lu refused moves that detached the port first), %lu state scans; %lu switches created, %lu mutating genl requests accepted\n",
	       n_mutating, n_digest_checks, n_core_detach, nscans,
	       n_sw_created, n_genl_mut_ok);
	printf("nlfuzz: %.1f s, %.0f messages/s (state scans %.0f%% of the time)\n",
	       secs, secs > 0 ? (double)count / secs : 0.0,
	       secs > 0 ? 100 * scan_secs / secs : 0.0);
	printf("nlfuzz: %lu messages (genl %lu, rtnl %lu, dumps %lu left unfinished), %lu errors, %lu accepted, seed %" PRIu64 "\n",
	       n_genl + n_rtnl, n_genl, n_rtnl, n_unfinished, n_err, n_acc,
	       seed);
	return 0;
}
