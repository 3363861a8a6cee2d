/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vswitch: a frame's IP headers, parsed once when it enters the switch and
 * read by every guard and by DHCP snooping (parse.c).
 */
#ifndef _VSW_PARSE_H
#define _VSW_PARSE_H

#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>

/*
 * Pointers into the frame's data, or into the copies here when the headers
 * are not in its linear part; valid while the skb is not changed. NULL
 * where the frame has no such header.
 */
struct vsw_l3 {
	__be16 proto;			/* the network protocol parsed */
	const struct iphdr *ip4;	/* ETH_P_IP with an IHL of 5 or more */
	const struct ipv6hdr *ip6;	/* ETH_P_IPV6 */
	/*
	 * The upper-layer protocol (IPv6: after the extension headers) and
	 * the first 8 bytes of its header (UDP's, ICMP's), at @l4off from
	 * skb->data; NULL for a later fragment, an IPv6 header chain that
	 * ends before its upper layer (@bad_chain), or a frame too short
	 * to have them.
	 */
	u8 l4proto;
	bool bad_chain;
	bool frag;			/* a fragment, first or later */
	bool later_frag;		/* a fragment but the first */
	bool l4_whole;			/* @l4 ends within the packet's length */
	int l4off;
	const union vsw_l4 {
		struct udphdr udp;
		struct icmphdr icmp;
		struct icmp6hdr icmp6;
	} *l4;
	unsigned int end;		/* where the packet ends, from skb->data
					 * (not Ethernet padding)
					 */
	union {
		struct iphdr ip4;
		struct ipv6hdr ip6;
	} _nh;
	union vsw_l4 _l4;
};

void vsw_l3_parse(struct sk_buff *skb, int nhoff, __be16 proto,
		  struct vsw_l3 *l3);

#endif /* _VSW_PARSE_H */
