// SPDX-License-Identifier: GPL-2.0
/*
 * framefuzz: malformed and adversarial Ethernet frames in bulk, written
 * into TAP devices by one process, for the frame fuzz selftest.
 *
 *   framefuzz [-s SEED] TAP...
 *   framefuzz [-s SEED] -w FILE -n N     N frames into a pcap FILE instead
 *
 * Creates each TAP (IFF_TAP | IFF_NO_PI; gone when the process exits),
 * prints "seed S" and "ready", then takes commands on standard input, one
 * a line, each answered by lines ending with "ok" (or "error: WHY"):
 *
 *   mac TAP MAC      the source address TAP's guest mostly uses
 *   peer MAC         a destination worth aiming at (gateway, guests)
 *   ip A.B.C.D       an IPv4 address worth aiming at (guests, gateway,
 *                    forwarded host addresses, the outside)
 *   port N           a UDP/TCP port worth aiming at (forwards)
 *   send N [TAP...]  N frames over the TAPs (all by default), each one
 *                    picked at random; answers "sent TAP COUNT CUT" per TAP:
 *                    the frames the TAP took in (a write that failed,
 *                    e.g. shorter than a header, is not counted), and a
 *                    second count: those of them with an 802.1Q or
 *                    802.1ad tag cut short, which the kernel's VLAN code
 *                    drops before any rx handler
 *   clash N TAP1 TAP2 DSTMAC SRCIP DSTIP DPORT
 *                    the same TCP SYN from SRCIP (source ports 10000
 *                    and up, one a round) to DSTIP:DPORT written into
 *                    TAP1 and TAP2 at once by two threads on two CPUs,
 *                    N rounds: two first packets of one connection that
 *                    race to conntrack's confirmation
 *   open TAP         create one more TAP (a guest's QEMU starting)
 *   close TAP        close it: the TAP goes away (its QEMU exiting)
 *   quit
 *
 * The seed (VSWITCH_FUZZ_SEED, or -s) makes the frames the same again.
 * Frames: ARP, IPv4 (options, bad IHL and lengths, fragments that overlap),
 * UDP, TCP, ICMP errors quoting cut headers, DHCPv4 with option lists that
 * lie, IPv6 with extension header chains, ICMPv6 RS/RA/NS/NA/redirect with
 * options, DHCPv6, BPDUs, pause, LACP and LLDP, any ethertype; untagged,
 * 802.1Q, priority-tagged and QinQ; then cut at any offset, bytes flipped,
 * padded as Ethernet pads, runts and frames far beyond the MTU.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <unistd.h>

#define MAX_TAPS	16
#define MAX_POOL	32
#define FRAME_MAX	9300

struct tap {
	char name[IFNAMSIZ];
	int fd;
	uint8_t mac[6];
	unsigned long long sent;
	unsigned long long cut_tag;	/* sent, but a tag cut short */
};

static struct tap taps[MAX_TAPS];
static int ntaps;
static uint8_t peers[MAX_POOL][6];
static int npeers;
static uint32_t ips[MAX_POOL];	/* network order */
static int nips;
static uint16_t l4ports[MAX_POOL];
static int nl4ports;

/* xorshift64*: fast, and the same frames again for the same seed. */
static uint64_t rng_state;

static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static unsigned int below(unsigned int n)
{
	return n ? (unsigned int)(rnd() % n) : 0;
}

static int chance(unsigned int percent)
{
	return below(100) < percent;
}

static void rnd_bytes(uint8_t *p, size_t n)
{
	while (n--)
		*p++ = (uint8_t)rnd();
}

struct buf {
	uint8_t d[FRAME_MAX];
	size_t len;
};

/* @n zeroed bytes at the end of @b; past its end, a sink nobody sends. */
static uint8_t *put(struct buf *b, size_t n)
{
	uint8_t *p;

	if (n > sizeof(b->d) - b->len) {
		static uint8_t sink[FRAME_MAX];

		return memset(sink, 0, n < sizeof(sink) ? n : sizeof(sink));
	}
	p = b->d + b->len;
	memset(p, 0, n);
	b->len += n;
	return p;
}

static void put8(struct buf *b, uint8_t v)
{
	*put(b, 1) = v;
}

static void put16(struct buf *b, uint16_t v)
{
	uint8_t *p = put(b, 2);

	p[0] = v >> 8;
	p[1] = (uint8_t)v;
}

static void put32(struct buf *b, uint32_t v)
{
	put16(b, v >> 16);
	put16(b, (uint16_t)v);
}

static void put_rnd(struct buf *b, size_t n)
{
	size_t before = b->len;
	uint8_t *p = put(b, n);

	rnd_bytes(p, b->len - before);
}

static void putmem(struct buf *b, const void *src, size_t n)
{
	memcpy(put(b, n), src, n);
}

static void set16(struct buf *b, size_t off, uint16_t v)
{
	if (off + 2 <= b->len) {
		b->d[off] = v >> 8;
		b->d[off + 1] = (uint8_t)v;
	}
}

static uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	return sum;
}

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void rnd_mac(uint8_t *mac)
{
	rnd_bytes(mac, 6);
	mac[0] &= 0xfe;		/* unicast */
	mac[0] |= 0x02;		/* locally administered */
}

static uint32_t pick_ip(void)
{
	if (nips && chance(80))
		return ips[below(nips)];
	switch (below(4)) {
	case 0:
		return htonl(0xffffffff);
	case 1:
		return 0;
	case 2:
		return htonl(0xe0000001 + below(255));	/* multicast */
	default:
		return (uint32_t)rnd();
	}
}

static uint16_t pick_port(void)
{
	static const uint16_t well_known[] = { 53, 67, 68, 69, 123, 0, 65535 };

	if (nl4ports && chance(40))
		return l4ports[below(nl4ports)];
	if (chance(50))
		return well_known[below(sizeof(well_known) / 2)];
	return (uint16_t)rnd();
}

static void pick_dst(uint8_t *mac, const struct tap *t)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	unsigned int r = below(100);

	if (r < 35 && npeers) {
		memcpy(mac, peers[below(npeers)], 6);
	} else if (r < 55) {
		memcpy(mac, bcast, 6);
	} else if (r < 65) {
		memcpy(mac, taps[below(ntaps)].mac, 6);
	} else if (r < 72) {
		memcpy(mac, (uint8_t[6]){ 0x33, 0x33, 0, 0, 0, 1 }, 6);
		mac[5] = (uint8_t)below(3);
	} else if (r < 78) {
		memcpy(mac, (uint8_t[6]){ 0x01, 0x00, 0x5e, 0, 0, 1 }, 6);
	} else if (r < 88) {
		/* reserved link-local groups: STP, pause, LACP, 802.1X ... */
		memcpy(mac, (uint8_t[6]){ 0x01, 0x80, 0xc2, 0, 0, 0 }, 6);
		mac[5] = (uint8_t)below(16);
	} else if (r < 93) {
		memcpy(mac, t->mac, 6);
	} else {
		rnd_mac(mac);
	}
}

static void pick_src(uint8_t *mac, const struct tap *t)
{
	unsigned int r = below(100);

	if (r < 85) {
		memcpy(mac, t->mac, 6);
	} else if (r < 92) {
		rnd_mac(mac);
	} else if (r < 95 && npeers) {
		memcpy(mac, peers[below(npeers)], 6);	/* spoofed */
	} else if (r < 98) {
		memset(mac, 0, 6);
	} else {
		memcpy(mac, (uint8_t[6]){ 0x01, 0, 0x5e, 0, 0, 9 }, 6);
	}
}

/* Ethernet header and tags; returns nothing, the caller adds the type. */
static void eth_header(struct buf *b, const struct tap *t)
{
	static const uint16_t tpids[] = { 0x8100, 0x88a8, 0x9100 };
	static const uint16_t vids[] = { 0, 1, 10, 20, 42, 4095 };
	unsigned int tags = 0, r = below(100), i;

	pick_dst(put(b, 6), t);
	pick_src(put(b, 6), t);
	if (r >= 55)
		tags = r < 85 ? 1 : (r < 97 ? 2 : 3);
	for (i = 0; i < tags; i++) {
		put16(b, i == 0 && tags > 1 && chance(50) ?
			 0x88a8 : (chance(90) ? 0x8100 : tpids[below(3)]));
		put16(b, (uint16_t)(below(8) << 13 |
				    (chance(80) ? vids[below(6)] :
						  below(4096))));
	}
}

static void build_arp(struct buf *b)
{
	uint32_t a;

	put16(b, chance(95) ? 1 : (uint16_t)rnd());	/* htype */
	put16(b, chance(95) ? 0x0800 : (uint16_t)rnd());
	put8(b, chance(95) ? 6 : (uint8_t)rnd());
	put8(b, chance(95) ? 4 : (uint8_t)rnd());
	put16(b, chance(90) ? 1 + below(2) : (uint16_t)rnd());
	rnd_mac(put(b, 6));
	a = pick_ip();
	putmem(b, &a, 4);
	rnd_mac(put(b, 6));
	a = pick_ip();
	putmem(b, &a, 4);
}

/* DHCP (v4) options that may lie about their lengths. */
static void dhcp4_options(struct buf *b)
{
	static const uint8_t codes[] = { 53, 50, 54, 61, 12, 55, 51, 82, 0, 52 };
	unsigned int n = below(8), i;

	put32(b, 0x63825363);		/* magic cookie */
	if (chance(60)) {
		put8(b, 53);
		put8(b, chance(90) ? 1 : (uint8_t)rnd());
		put8(b, 1 + below(10));	/* DISCOVER .. INFORM, and beyond */
	}
	for (i = 0; i < n; i++) {
		unsigned int len;

		put8(b, chance(80) ? codes[below(sizeof(codes))] :
				     (uint8_t)rnd());
		len = chance(70) ? 4 : below(256);
		put8(b, (uint8_t)len);
		put_rnd(b, chance(70) ? len : below(len + 8));
	}
	if (chance(70))
		put8(b, 255);
}

static void build_dhcp4(struct buf *b, const struct tap *t)
{
	uint32_t a;
	uint8_t *p;

	put8(b, chance(80) ? 1 + below(2) : (uint8_t)rnd());	/* op */
	put8(b, 1);
	put8(b, 6);
	put8(b, 0);
	put32(b, (uint32_t)rnd());	/* xid */
	put16(b, 0);
	put16(b, chance(50) ? 0x8000 : 0);
	a = chance(50) ? 0 : pick_ip();	/* ciaddr */
	putmem(b, &a, 4);
	a = pick_ip();			/* yiaddr */
	putmem(b, &a, 4);
	put(b, 8);			/* siaddr, giaddr */
	p = put(b, 16);			/* chaddr */
	if (chance(70))
		memcpy(p, t->mac, 6);
	else if (npeers)
		memcpy(p, peers[below(npeers)], 6);
	put(b, 192);			/* sname, file */
	dhcp4_options(b);
}

static void build_l4_payload(struct buf *b, unsigned int max)
{
	put_rnd(b, below(max + 1));
}

/* UDP or TCP or ICMP after an IP header at @l3 (IPv4) of @b. */
static size_t build_udp(struct buf *b, const struct tap *t, int dhcp)
{
	size_t off = b->len;

	put16(b, dhcp ? (chance(70) ? 68 : 67) : pick_port());
	put16(b, dhcp ? (chance(70) ? 67 : 68) : pick_port());
	put16(b, 0);
	put16(b, 0);
	if (dhcp)
		build_dhcp4(b, t);
	else
		build_l4_payload(b, 64);
	set16(b, off + 4, chance(85) ? (uint16_t)(b->len - off) :
				       (uint16_t)below(1600));
	return off;
}

static size_t build_tcp(struct buf *b)
{
	size_t off = b->len;

	put16(b, pick_port());
	put16(b, pick_port());
	put32(b, (uint32_t)rnd());
	put32(b, chance(50) ? 0 : (uint32_t)rnd());
	put8(b, chance(85) ? 5 << 4 : (uint8_t)(below(16) << 4));
	put8(b, chance(60) ? 0x02 : (uint8_t)rnd());	/* SYN, or any */
	put16(b, 65535);
	put16(b, 0);
	put16(b, 0);
	build_l4_payload(b, 32);
	return off;
}

static void build_ipv4_inner(struct buf *b, int depth);

static size_t build_icmp(struct buf *b, int depth)
{
	size_t off = b->len;
	static const uint8_t types[] = { 0, 3, 5, 8, 11, 12 };

	put8(b, chance(90) ? types[below(6)] : (uint8_t)rnd());
	put8(b, (uint8_t)below(16));
	put16(b, 0);
	put32(b, (uint32_t)rnd());
	if (depth < 2 && chance(50))
		build_ipv4_inner(b, depth + 1);	/* an error quoting a header */
	else
		build_l4_payload(b, 32);
	return off;
}

static void l4_csum(struct buf *b, size_t l4, uint32_t pseudo, int proto)
{
	size_t csum_off = proto == 6 ? 16 : (proto == 17 ? 6 : 2);
	uint32_t sum = pseudo;

	if (l4 + csum_off + 2 > b->len || chance(10))
		return;
	set16(b, l4 + csum_off, 0);
	sum = csum_add(sum, b->d + l4, b->len - l4);
	set16(b, l4 + csum_off, csum_fold(sum) ?: (proto == 17 ? 0xffff : 0));
}

/* An IPv4 packet (the quoted one of an ICMP error when depth > 0). */
static void build_ipv4_inner(struct buf *b, int depth)
{
	static const uint8_t protos[] = { 17, 17, 6, 6, 1, 47, 50, 132 };
	const struct tap *t = &taps[below(ntaps)];
	size_t ip = b->len, l4 = 0;
	unsigned int optwords = chance(80) ? 0 : below(11), i;
	uint32_t src, dst, pseudo;
	uint8_t proto;
	int dhcp = chance(20);

	put8(b, 0x40 | (chance(90) ? 5 + optwords : below(16)));
	put8(b, (uint8_t)(chance(90) ? 0 : rnd()));
	put16(b, 0);			/* tot_len, below */
	put16(b, (uint16_t)rnd());
	/* fragments: MF, offsets that overlap (a few small values) */
	put16(b, chance(75) ? (chance(50) ? 0x4000 : 0) :
			      (uint16_t)((chance(50) ? 0x2000 : 0) |
					 (chance(70) ? below(4) : below(8192))));
	put8(b, chance(90) ? 64 : (uint8_t)below(2));
	proto = dhcp ? 17 : (chance(90) ? protos[below(8)] : (uint8_t)rnd());
	put8(b, proto);
	put16(b, 0);
	src = dhcp && chance(60) ? 0 : (chance(60) ? pick_ip() : (uint32_t)rnd());
	dst = dhcp && chance(50) ? htonl(0xffffffff) : pick_ip();
	putmem(b, &src, 4);
	putmem(b, &dst, 4);
	for (i = 0; i < optwords; i++) {
		/* options: NOP, EOL, RR/timestamp/LSRR with lying lengths */
		static const uint8_t opts[] = { 1, 0, 7, 68, 131, 137, 148 };
		uint8_t *p = put(b, 4);

		p[0] = opts[below(sizeof(opts))];
		p[1] = (uint8_t)(chance(50) ? 4 : rnd());
		p[2] = (uint8_t)below(40);
		p[3] = (uint8_t)rnd();
	}
	l4 = b->len;
	if (proto == 17)
		build_udp(b, t, dhcp);
	else if (proto == 6)
		build_tcp(b);
	else if (proto == 1)
		build_icmp(b, depth);
	else
		build_l4_payload(b, 64);
	if (chance(10))
		build_l4_payload(b, FRAME_MAX - b->len);	/* jumbo */
	set16(b, ip + 2, chance(85) ? (uint16_t)(b->len - ip) :
				      (uint16_t)below(2000));
	if (!chance(5))
		set16(b, ip + 10, csum_fold(csum_add(0, b->d + ip,
						     (b->d[ip] & 15) * 4u)));
	pseudo = csum_add(0, (uint8_t *)&src, 4);
	pseudo = csum_add(pseudo, (uint8_t *)&dst, 4);
	pseudo += proto + (uint32_t)(b->len - l4);
	if (proto == 6 || proto == 17)
		l4_csum(b, l4, pseudo, proto);
	else if (proto == 1)
		l4_csum(b, l4, 0, proto);
}

static void rnd_ip6(uint8_t *a)
{
	switch (below(5)) {
	case 0:		/* link-local */
		memset(a, 0, 16);
		a[0] = 0xfe;
		a[1] = 0x80;
		rnd_bytes(a + 8, 8);
		break;
	case 1:		/* all nodes, all routers, solicited node */
		memset(a, 0, 16);
		a[0] = 0xff;
		a[1] = 0x02;
		a[15] = (uint8_t)(1 + below(2));
		break;
	case 2:
		memset(a, 0, 16);
		break;
	case 3:
		memset(a, 0, 16);
		a[0] = 0xfd;
		a[15] = (uint8_t)below(32);
		break;
	default:
		rnd_bytes(a, 16);
	}
}

/* Neighbour discovery options, whose lengths may lie (0 included). */
static void nd_options(struct buf *b)
{
	unsigned int n = below(4), i;

	for (i = 0; i < n; i++) {
		unsigned int len = chance(70) ? 1 : below(6);

		put8(b, chance(85) ? 1 + below(5) : (uint8_t)rnd());
		put8(b, (uint8_t)len);
		if (len)
			put_rnd(b, chance(85) ? len * 8 - 2 : below(len * 8));
	}
}

static void build_icmp6(struct buf *b)
{
	static const uint8_t types[] = { 133, 134, 135, 136, 137, 128, 1, 2 };
	uint8_t type = chance(90) ? types[below(8)] : (uint8_t)rnd();

	put8(b, type);
	put8(b, chance(90) ? 0 : (uint8_t)rnd());
	put16(b, 0);
	switch (type) {
	case 134:		/* RA: hop limit, flags, lifetime, timers */
		put32(b, (uint32_t)rnd());
		put32(b, 0);
		put32(b, 0);
		nd_options(b);
		break;
	case 135: case 136:	/* NS, NA: flags and a target */
		put32(b, (uint32_t)rnd());
		rnd_ip6(put(b, 16));
		nd_options(b);
		break;
	case 137:		/* redirect: target, destination */
		put32(b, 0);
		rnd_ip6(put(b, 16));
		rnd_ip6(put(b, 16));
		nd_options(b);
		break;
	default:
		put32(b, 0);
		chance(50) ? nd_options(b) : build_l4_payload(b, 48);
	}
}

static void build_dhcp6(struct buf *b)
{
	unsigned int n = below(6), i;

	put8(b, (uint8_t)(chance(90) ? 1 + below(13) : rnd()));
	put8(b, (uint8_t)rnd());
	put16(b, (uint16_t)rnd());
	for (i = 0; i < n; i++) {
		unsigned int len;

		put16(b, (uint16_t)(chance(85) ? 1 + below(25) : rnd()));
		len = chance(70) ? below(20) : (uint16_t)rnd();
		put16(b, (uint16_t)len);
		put_rnd(b, chance(70) ? (len < 64 ? len : 64) : below(24));
	}
}

static void build_ipv6(struct buf *b)
{
	static const uint8_t exts[] = { 0, 43, 44, 60, 51, 135, 59 };
	size_t ip = b->len, l4, nh_off = ip + 6;
	unsigned int n = chance(50) ? 0 : 1 + below(5), i;
	uint8_t nh;

	put32(b, 0x60000000 | (uint32_t)below(1 << 20));
	put16(b, 0);
	put8(b, 0);
	put8(b, chance(50) ? 255 : (uint8_t)rnd());
	rnd_ip6(put(b, 16));
	rnd_ip6(put(b, 16));
	for (i = 0; i < n; i++) {
		/* extension headers, lengths that may lie; fragments */
		nh = chance(90) ? exts[below(sizeof(exts))] : (uint8_t)rnd();
		b->d[nh_off] = nh;
		nh_off = b->len;
		put8(b, 0);
		if (nh == 44) {
			put8(b, 0);
			put16(b, (uint16_t)(chance(50) ? below(4) << 3 | below(2) :
					    rnd()));
			put32(b, (uint32_t)rnd());
		} else {
			unsigned int hl = chance(80) ? below(3) : below(256);

			put8(b, (uint8_t)hl);
			put_rnd(b, chance(80) ? hl * 8 + 6 : below(64));
		}
	}
	nh = chance(90) ? (uint8_t[]){ 58, 58, 58, 17, 17, 6, 59 }[below(7)] :
			  (uint8_t)rnd();
	b->d[nh_off] = nh;
	l4 = b->len;
	if (nh == 58) {
		build_icmp6(b);
	} else if (nh == 17) {
		put16(b, chance(50) ? 546 : pick_port());
		put16(b, chance(50) ? 547 : pick_port());
		put16(b, 0);
		put16(b, 0);
		build_dhcp6(b);
		set16(b, l4 + 4, chance(85) ? (uint16_t)(b->len - l4) :
					      (uint16_t)rnd());
	} else if (nh == 6) {
		build_tcp(b);
	} else {
		build_l4_payload(b, 40);
	}
	set16(b, ip + 4, chance(85) ? (uint16_t)(b->len - ip - 40) :
				      (uint16_t)rnd());
	if (nh == 58 || nh == 17) {
		uint32_t sum = csum_add(0, b->d + ip + 8, 32);

		sum += nh + (uint32_t)(b->len - l4);
		l4_csum(b, l4, sum, nh);
	}
}

static void build_link_local(struct buf *b)
{
	static const uint8_t group[6] = { 0x01, 0x80, 0xc2, 0, 0, 0 };

	memcpy(b->d, group, 6);
	b->d[5] = chance(70) ? (uint8_t[]){ 0, 1, 2, 3, 0xe }[below(5)] :
			       (uint8_t)below(16);
	switch (below(4)) {
	case 0:		/* STP BPDU over LLC */
		b->d[b->len - 2] = 0;
		b->d[b->len - 1] = 38;
		put8(b, 0x42);
		put8(b, 0x42);
		put8(b, 0x03);
		build_l4_payload(b, 35);
		break;
	case 1:		/* pause */
		b->d[b->len - 2] = 0x88;
		b->d[b->len - 1] = 0x08;
		put16(b, 1);
		put16(b, (uint16_t)rnd());
		break;
	case 2:		/* LACP */
		b->d[b->len - 2] = 0x88;
		b->d[b->len - 1] = 0x09;
		build_l4_payload(b, 110);
		break;
	default:	/* LLDP */
		b->d[b->len - 2] = 0x88;
		b->d[b->len - 1] = 0xcc;
		build_l4_payload(b, 80);
	}
}

/* One frame from @t into @b. */
static void build_frame(struct buf *b, const struct tap *t)
{
	unsigned int r = below(100);

	b->len = 0;
	eth_header(b, t);
	put16(b, 0);		/* the type, set below */
	if (r < 12) {
		set16(b, b->len - 2, 0x0806);
		build_arp(b);
	} else if (r < 55) {
		set16(b, b->len - 2, 0x0800);
		build_ipv4_inner(b, 0);
	} else if (r < 82) {
		set16(b, b->len - 2, 0x86dd);
		build_ipv6(b);
	} else if (r < 90) {
		build_link_local(b);
	} else {
		set16(b, b->len - 2, (uint16_t)(chance(50) ? rnd() :
						below(1536)));	/* 802.3 */
		build_l4_payload(b, 100);
	}

	/* Then break it: cut anywhere, flip bytes, pad as Ethernet does. */
	if (chance(35) && b->len > 14)
		b->len = 14 + below((unsigned int)(b->len - 14));
	if (chance(15)) {
		/* past the addresses: 12 bytes at least, as built */
		unsigned int n = 1 + below(4), i;
		unsigned int span = b->len < 96 ? (unsigned int)b->len : 96;

		for (i = 0; i < n; i++)
			b->d[12 + below(span - 12)] ^= (uint8_t)(1 + below(255));
	}
	if (b->len < 60 && chance(40)) {
		memset(b->d + b->len, 0, 60 - b->len);
		b->len = 60;
	}
}

static struct tap *tap_by_name(const char *name);
static int parse_mac(const char *s, uint8_t *mac);

/* clash: two threads, one a CPU, meeting at a barrier before each write. */
struct clash {
	struct tap *tap[2];
	uint8_t dst[6];
	uint32_t saddr, daddr;	/* network order */
	uint16_t dport;
	unsigned long n;
	atomic_ulong arrived;
	unsigned long sent[2];
};

static size_t syn_frame(uint8_t *f, const struct clash *c, int k,
			uint16_t sport)
{
	struct buf b = { .len = 0 };
	uint32_t pseudo;

	putmem(&b, c->dst, 6);
	putmem(&b, c->tap[k]->mac, 6);
	put16(&b, 0x0800);
	put8(&b, 0x45);
	put8(&b, 0);
	put16(&b, 40);
	put16(&b, sport);
	put16(&b, 0x4000);
	put8(&b, 64);
	put8(&b, 6);
	put16(&b, 0);
	putmem(&b, &c->saddr, 4);
	putmem(&b, &c->daddr, 4);
	set16(&b, 24, csum_fold(csum_add(0, b.d + 14, 20)));
	put16(&b, sport);
	put16(&b, c->dport);
	put32(&b, 1);
	put32(&b, 0);
	put8(&b, 5 << 4);
	put8(&b, 0x02);
	put16(&b, 65535);
	put16(&b, 0);
	put16(&b, 0);
	pseudo = csum_add(0, (const uint8_t *)&c->saddr, 4);
	pseudo = csum_add(pseudo, (const uint8_t *)&c->daddr, 4);
	set16(&b, 50, csum_fold(csum_add(pseudo + 6 + 20, b.d + 34, 20)));
	memcpy(f, b.d, b.len);
	return b.len;
}

static struct clash clash_run;

static void *clash_thread(void *arg)
{
	struct clash *c = &clash_run;
	int k = (int)(intptr_t)arg;
	uint8_t f[64];
	cpu_set_t cpus;
	unsigned long i;

	CPU_ZERO(&cpus);
	CPU_SET(k, &cpus);
	sched_setaffinity(0, sizeof(cpus), &cpus);
	for (i = 0; i < c->n; i++) {
		size_t len = syn_frame(f, c, k, (uint16_t)(10000 + i % 50000));

		atomic_fetch_add(&c->arrived, 1);
		while (atomic_load(&c->arrived) < 2 * (i + 1))
			;
		if (write(c->tap[k]->fd, f, len) == (ssize_t)len)
			c->sent[k]++;
	}
	return NULL;
}

static void cmd_clash(const char *line)
{
	struct clash *c = &clash_run;
	char t1[64], t2[64], mac[64], sa[64], da[64];
	unsigned int dport;
	pthread_t th[2];
	int k;

	memset(c, 0, sizeof(*c));
	if (sscanf(line, "clash %lu %63s %63s %63s %63s %63s %u", &c->n, t1,
		   t2, mac, sa, da, &dport) != 7 || dport > 65535 ||
	    !(c->tap[0] = tap_by_name(t1)) || !(c->tap[1] = tap_by_name(t2)) ||
	    parse_mac(mac, c->dst) || inet_pton(AF_INET, sa, &c->saddr) != 1 ||
	    inet_pton(AF_INET, da, &c->daddr) != 1) {
		printf("error: clash: bad arguments\n");
		return;
	}
	c->dport = (uint16_t)dport;
	for (k = 0; k < 2; k++)
		pthread_create(&th[k], NULL, clash_thread, (void *)(intptr_t)k);
	for (k = 0; k < 2; k++)
		pthread_join(th[k], NULL);
	printf("sent %s %lu 0\nsent %s %lu 0\nok\n", c->tap[0]->name,
	       c->sent[0], c->tap[1]->name, c->sent[1]);
}

static struct tap *tap_by_name(const char *name)
{
	int i;

	for (i = 0; i < ntaps; i++)
		if (!strcmp(taps[i].name, name))
			return &taps[i];
	return NULL;
}

static int parse_mac(const char *s, uint8_t *mac)
{
	unsigned int m[6], i;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3],
		   &m[4], &m[5]) != 6)
		return -1;
	for (i = 0; i < 6; i++) {
		if (m[i] > 255)
			return -1;
		mac[i] = (uint8_t)m[i];
	}
	return 0;
}

static int tap_open(struct tap *t, const char *name)
{
	struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI };

	t->fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	if (t->fd < 0)
		return -1;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(t->fd, TUNSETIFF, &ifr) < 0) {
		close(t->fd);
		return -1;
	}
	snprintf(t->name, sizeof(t->name), "%s", ifr.ifr_name);
	rnd_mac(t->mac);
	return 0;
}

static void cmd_send(unsigned long long n, char *names)
{
	struct tap *sel[MAX_TAPS];
	static struct buf b;
	int nsel = 0, i;
	char *tok;

	for (tok = strtok(names, " \t\n"); tok; tok = strtok(NULL, " \t\n")) {
		sel[nsel] = tap_by_name(tok);
		if (!sel[nsel]) {
			printf("error: no tap %s\n", tok);
			return;
		}
		nsel++;
	}
	if (!nsel)
		for (i = 0; i < ntaps; i++)
			sel[nsel++] = &taps[i];
	for (i = 0; i < nsel; i++)
		sel[i]->sent = sel[i]->cut_tag = 0;
	while (n--) {
		struct tap *t = sel[below(nsel)];

		build_frame(&b, t);
		if (write(t->fd, b.d, b.len) != (ssize_t)b.len)
			continue;
		t->sent++;
		/* The kernel's VLAN code drops a tag without the 6 bytes
		 * after it (skb_vlan_untag()) before any rx handler.
		 */
		if (b.len < 20 && b.d[12] == 0x81 && b.d[13] == 0)
			t->cut_tag++;
		else if (b.len < 20 && b.d[12] == 0x88 && b.d[13] == 0xa8)
			t->cut_tag++;
	}
	for (i = 0; i < nsel; i++)
		printf("sent %s %llu %llu\n", sel[i]->name, sel[i]->sent,
		       sel[i]->cut_tag);
	printf("ok\n");
}

/* -w: the frames as a pcap file, for a person to read with tcpdump. */
static int write_pcap(const char *path, unsigned long long n)
{
	const uint32_t hdr[6] = { 0xa1b2c3d4, 0x00040002, 0, 0, 65535, 1 };
	static struct buf b;
	FILE *f = fopen(path, "w");
	uint32_t rec[4] = { 0 };

	if (!f)
		return 1;
	fwrite(hdr, sizeof(hdr), 1, f);
	while (n--) {
		build_frame(&b, &taps[0]);
		rec[2] = rec[3] = (uint32_t)b.len;
		fwrite(rec, sizeof(rec), 1, f);
		fwrite(b.d, b.len, 1, f);
		rec[1]++;
	}
	return fclose(f) ? 1 : 0;
}

int main(int argc, char **argv)
{
	const char *pcap = NULL;
	unsigned long long count = 0;
	char line[1024], arg[64];
	const char *env = getenv("VSWITCH_FUZZ_SEED");
	unsigned long long n;
	uint64_t seed = 0;
	int c, i;

	if (env)
		seed = strtoull(env, NULL, 0);
	while ((c = getopt(argc, argv, "s:w:n:")) != -1) {
		switch (c) {
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'w':
			pcap = optarg;
			break;
		case 'n':
			count = strtoull(optarg, NULL, 0);
			break;
		default:
			fprintf(stderr, "usage: framefuzz [-s SEED] TAP...\n"
				"       framefuzz [-s SEED] -w FILE -n N\n");
			return 2;
		}
	}
	if (!seed && getrandom(&seed, sizeof(seed), 0) != sizeof(seed))
		return 1;
	rng_state = seed ?: 1;
	if (pcap) {
		ntaps = 1;
		rnd_mac(taps[0].mac);
		printf("seed %llu\n", (unsigned long long)seed);
		return write_pcap(pcap, count);
	}
	if (optind >= argc || argc - optind > MAX_TAPS) {
		fprintf(stderr, "framefuzz: 1 to %d TAPs\n", MAX_TAPS);
		return 2;
	}
	for (i = optind; i < argc; i++) {
		if (tap_open(&taps[ntaps], argv[i])) {
			fprintf(stderr, "framefuzz: tap %s: %s\n", argv[i],
				strerror(errno));
			return 1;
		}
		ntaps++;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("seed %llu\nready\n", (unsigned long long)seed);

	while (fgets(line, sizeof(line), stdin)) {
		char *rest, arg2[64];

		if (sscanf(line, "mac %63s %63s", arg, arg2) == 2) {
			struct tap *t = tap_by_name(arg);
			uint8_t mac[6];

			if (!t || parse_mac(arg2, mac)) {
				printf("error: mac %s\n", arg);
			} else {
				memcpy(t->mac, mac, 6);
				printf("ok\n");
			}
		} else if (sscanf(line, "peer %63s", arg) == 1) {
			if (npeers == MAX_POOL || parse_mac(arg, peers[npeers])) {
				printf("error: peer %s\n", arg);
			} else {
				npeers++;
				printf("ok\n");
			}
		} else if (sscanf(line, "ip %63s", arg) == 1) {
			if (nips == MAX_POOL ||
			    inet_pton(AF_INET, arg, &ips[nips]) != 1) {
				printf("error: ip %s\n", arg);
			} else {
				nips++;
				printf("ok\n");
			}
		} else if (sscanf(line, "port %llu", &n) == 1) {
			if (nl4ports == MAX_POOL || n > 65535) {
				printf("error: port %llu\n", n);
			} else {
				l4ports[nl4ports++] = (uint16_t)n;
				printf("ok\n");
			}
		} else if (sscanf(line, "send %llu", &n) == 1) {
			rest = line + 5;
			while (*rest == ' ')
				rest++;
			while (*rest >= '0' && *rest <= '9')
				rest++;
			cmd_send(n, rest);
		} else if (sscanf(line, "open %63s", arg) == 1) {
			if (ntaps == MAX_TAPS || tap_by_name(arg) ||
			    tap_open(&taps[ntaps], arg)) {
				printf("error: open %s\n", arg);
			} else {
				ntaps++;
				printf("ok\n");
			}
		} else if (sscanf(line, "close %63s", arg) == 1) {
			struct tap *t = tap_by_name(arg);

			if (!t) {
				printf("error: close %s\n", arg);
			} else {
				close(t->fd);
				*t = taps[--ntaps];
				printf("ok\n");
			}
		} else if (!strncmp(line, "clash ", 6)) {
			cmd_clash(line);
		} else if (!strncmp(line, "quit", 4)) {
			break;
		} else {
			printf("error: %s", line);
		}
	}
	return 0;
}
