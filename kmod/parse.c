// SPDX-License-Identifier: GPL-2.0
/*
 * A frame's IPv4 or IPv6 header and the start of its upper layer, parsed
 * once as it enters the switch: the guards (policy.c, bind.c) and DHCP
 * snooping read the result, none parses again.
 */

#include <linux/skbuff.h>
#include <net/ip.h>
#include <net/ipv6.h>

#include "parse.h"

static void vsw_parse_ip4(struct sk_buff *skb, int nhoff, struct vsw_l3 *l3)
{
	const struct iphdr *iph;

	iph = skb_header_pointer(skb, nhoff, sizeof(l3->_nh.ip4), &l3->_nh.ip4);
	if (!iph || iph->ihl < 5)
		return;
	l3->ip4 = iph;
	l3->l4proto = iph->protocol;
	l3->l4off = nhoff + iph->ihl * 4;
	/* Not what Ethernet padding adds. */
	l3->end = nhoff + ntohs(iph->tot_len);
	l3->frag = (iph->frag_off & htons(IP_MF | IP_OFFSET)) != 0;
	l3->later_frag = (iph->frag_off & htons(IP_OFFSET)) != 0;
}

static void vsw_parse_ip6(struct sk_buff *skb, int nhoff, struct vsw_l3 *l3)
{
	const struct ipv6hdr *ip6h;
	__be16 frag_off;
	u8 nexthdr;
	int off;

	ip6h = skb_header_pointer(skb, nhoff, sizeof(l3->_nh.ip6), &l3->_nh.ip6);
	if (!ip6h)
		return;
	l3->ip6 = ip6h;
	/* Not what Ethernet padding adds (0: a jumbogram, to the end). */
	l3->end = ip6h->payload_len ?
		  nhoff + sizeof(*ip6h) + ntohs(ip6h->payload_len) : skb->len;
	nexthdr = ip6h->nexthdr;
	off = ipv6_skip_exthdr(skb, nhoff + sizeof(*ip6h), &nexthdr,
			       &frag_off);
	if (off < 0) {
		l3->bad_chain = true;
		return;
	}
	l3->l4proto = nexthdr;
	l3->l4off = off;
	l3->frag = frag_off != 0;
	l3->later_frag = (frag_off & htons(IP6_OFFSET)) != 0;
}

/*
 * Parse the frame's network header, of protocol @proto at @nhoff from
 * skb->data, into @l3.
 */
void vsw_l3_parse(struct sk_buff *skb, int nhoff, __be16 proto,
		  struct vsw_l3 *l3)
{
	l3->proto = proto;
	l3->ip4 = NULL;
	l3->ip6 = NULL;
	l3->l4 = NULL;
	l3->l4proto = 0;
	l3->bad_chain = false;
	l3->frag = false;
	l3->later_frag = false;
	l3->l4_whole = false;
	if (proto == htons(ETH_P_IP))
		vsw_parse_ip4(skb, nhoff, l3);
	else if (proto == htons(ETH_P_IPV6))
		vsw_parse_ip6(skb, nhoff, l3);
	else
		return;
	if ((!l3->ip4 && !l3->ip6) || l3->bad_chain || l3->later_frag)
		return;
	l3->l4 = skb_header_pointer(skb, l3->l4off, sizeof(l3->_l4), &l3->_l4);
	l3->l4_whole = l3->l4 && l3->l4off + sizeof(l3->_l4) <= l3->end;
}
