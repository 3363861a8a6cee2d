// SPDX-License-Identifier: GPL-2.0
/*
 * vswitch_nat: the data path. Three places see a nat switch's packets:
 *  - the switch's rx_handler (vsw_nat_from_guest): IPv4 from a guest to
 *    the gateway's MAC address (forward.c passes nothing else: no
 *    broadcast, multicast or flooded unknown unicast) that is not for the
 *    host itself;
 *  - a PRE_ROUTING hook ahead of the host's conntrack (vsw_nat_hook):
 *    replies from outside to masqueraded connections, and connections to
 *    a forwarded port; the host's own conntrack never sees them;
 *  - a LOCAL_OUT hook ahead of it too: the host's own connections to a
 *    forwarded port (ssh -p 2222 localhost).
 * Each tracks the packet in the switch's zone (nf_conntrack_in with a
 * template), sets up the translation of a new connection, translates,
 * confirms, and sends the result on: to a guest through the switch device,
 * anywhere else as a packet the host sends (ip_local_out), so the host's
 * routing, OUTPUT and POSTROUTING rules and masquerade's address tracking
 * all apply as to the host's own traffic.
 */

#include <linux/etherdevice.h>
#include <linux/icmp.h>
#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <net/ip.h>
#include <net/neighbour.h>
#include <net/arp.h>
#include <net/route.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/netfilter/nf_conntrack_acct.h>
#include <net/netfilter/nf_conntrack_core.h>
#include <net/netfilter/nf_conntrack_zones.h>
#include <net/netfilter/nf_nat.h>
#include <net/netfilter/nf_nat_masquerade.h>

#include "fdb.h"
#include "nat_priv.h"

/* ------------------------------------------------------------------ */
/* addresses                                                          */

/* Is @addr on one of the switch device's subnets? */
static bool vsw_nat_on_subnet(struct vsw_switch *sw, __be32 addr)
{
	struct in_device *in_dev = __in_dev_get_rcu(sw->dev);
	const struct in_ifaddr *ifa;

	if (!in_dev)
		return false;
	in_dev_for_each_ifa_rcu(ifa, in_dev) {
		if (inet_ifa_match(addr, ifa))
			return true;
	}
	return false;
}

/* The ports of a TCP or UDP packet; false for anything else. */
static bool vsw_l4_ports(struct sk_buff *skb, u8 *proto, __be16 *dport)
{
	const struct iphdr *iph = ip_hdr(skb);
	__be16 _ports[2];
	const __be16 *ports;

	if (iph->protocol != IPPROTO_TCP && iph->protocol != IPPROTO_UDP)
		return false;
	if (ip_is_fragment(iph))
		return false;
	ports = skb_header_pointer(skb, skb_network_offset(skb) + ip_hdrlen(skb),
				   sizeof(_ports), _ports);
	if (!ports)
		return false;
	*proto = iph->protocol;
	*dport = ports[1];
	return true;
}

/* ------------------------------------------------------------------ */
/* conntrack                                                          */

/* The nat switch whose zone holds @ct, if any; under RCU. */
static struct vsw_switch *vsw_nat_ct_switch(struct net *net,
					    const struct nf_conn *ct)
{
	const struct nf_conntrack_zone *zone = nf_ct_zone(ct);

	if (zone->dir != NF_CT_ZONE_DIR_ORIG || zone->id < VSW_NAT_ZONE_MIN)
		return NULL;
	return idr_find(&vsw_nat_net(net)->zones, zone->id);
}

/*
 * Look up the connection a packet belongs to, without tracking it: in the
 * switch's zone for a guest-side tuple, else in the default zone for the
 * other side. @sw NULL: any nat switch's connection seen from outside.
 */
static struct vsw_switch *vsw_nat_lookup(struct net *net, struct vsw_switch *sw,
					 const struct nf_conntrack_tuple *tuple)
{
	const struct nf_conntrack_tuple_hash *h = NULL;
	struct vsw_switch *owner = NULL;
	struct nf_conn *ct;

	if (sw)
		h = nf_conntrack_find_get(net, &sw->nat->zone, tuple);
	if (!h) {
		h = nf_conntrack_find_get(net, &nf_ct_zone_dflt, tuple);
		if (!h)
			return NULL;
		if (NF_CT_DIRECTION(h) != IP_CT_DIR_REPLY)
			goto out;
	}
	ct = nf_ct_tuplehash_to_ctrack(h);
	owner = vsw_nat_ct_switch(net, ct);
	if (sw && owner != sw)
		owner = NULL;
out:
	nf_ct_put(nf_ct_tuplehash_to_ctrack(h));
	return owner;
}

/* The tuple an ICMP error is about, as the reply it answers. */
static bool vsw_icmp_err_tuple(struct net *net, struct sk_buff *skb,
			       struct nf_conntrack_tuple *tuple)
{
	unsigned int off = skb_network_offset(skb) + ip_hdrlen(skb);
	struct nf_conntrack_tuple inner;
	const struct icmphdr *ih;
	struct icmphdr _ih;

	ih = skb_header_pointer(skb, off, sizeof(_ih), &_ih);
	if (!ih || !icmp_is_err(ih->type))
		return false;
	if (!nf_ct_get_tuplepr(skb, off + sizeof(_ih), NFPROTO_IPV4, net,
			       &inner))
		return false;
	return nf_ct_invert_tuple(tuple, &inner);
}

/*
 * Track @skb in @sw's zone. Returns the connection, attached to the skb,
 * or NULL if conntrack found the packet invalid.
 */
static struct nf_conn *vsw_nat_track(struct vsw_switch *sw, struct sk_buff *skb,
				     unsigned int hook,
				     enum ip_conntrack_info *ctinfo)
{
	struct vsw_nat *nat = sw->nat;
	struct nf_hook_state state;
	struct nf_conn *tmpl, *ct;

	switch (ip_hdr(skb)->protocol) {
	case IPPROTO_TCP:
		tmpl = nat->tmpl[VSW_NAT_TCP];
		break;
	case IPPROTO_UDP:
		tmpl = nat->tmpl[VSW_NAT_UDP];
		break;
	default:
		tmpl = nat->tmpl[VSW_NAT_OTHER];
		break;
	}

	nf_reset_ct(skb);
	nf_conntrack_get(&tmpl->ct_general);
	nf_ct_set(skb, tmpl, IP_CT_NEW);
	nf_hook_state_init(&state, hook, NFPROTO_IPV4,
			   hook == NF_INET_LOCAL_OUT ? NULL : skb->dev,
			   NULL, NULL, dev_net(sw->dev), NULL);
	if (nf_conntrack_in(skb, &state) != NF_ACCEPT)
		return NULL;
	ct = nf_ct_get(skb, ctinfo);
	if (!ct || nf_ct_is_template(ct))
		return NULL;
	if (nf_ct_zone(ct)->id != nat->zone.id)
		return NULL;
	return ct;
}

/* Count the connection's packets even if nf_conntrack_acct is off. */
static void vsw_nat_acct(struct nf_conn *ct, enum ip_conntrack_info ctinfo,
			 const struct sk_buff *skb)
{
	if (nf_conn_acct_find(ct))
		return;
	if (!nf_ct_ext_add(ct, NF_CT_EXT_ACCT, GFP_ATOMIC))
		return;
	nf_ct_acct_update(ct, CTINFO2DIR(ctinfo), skb->len);
}

static int vsw_nat_map(struct nf_conn *ct, enum nf_nat_manip_type type,
		       __be32 addr, __be16 port)
{
	struct nf_nat_range2 range = {
		.flags = NF_NAT_RANGE_MAP_IPS,
		.min_addr.ip = addr,
		.max_addr.ip = addr,
	};

	if (nf_nat_initialized(ct, type))
		return NF_ACCEPT;
	if (port) {
		range.flags |= NF_NAT_RANGE_PROTO_SPECIFIED;
		range.min_proto.all = port;
		range.max_proto.all = port;
	}
	return nf_nat_setup_info(ct, &range, type);
}

static int vsw_nat_null(struct nf_conn *ct, enum nf_nat_manip_type type)
{
	if (nf_nat_initialized(ct, type))
		return NF_ACCEPT;
	return nf_nat_alloc_null_binding(ct, type == NF_NAT_MANIP_SRC ?
					 NF_INET_POST_ROUTING :
					 NF_INET_PRE_ROUTING);
}

/*
 * The translation of a new connection to a forwarded port: to the guest,
 * and, when the guest's reply would not otherwise come back through us (the
 * host itself or another guest of the switch opened it), from the gateway.
 */
static int vsw_nat_setup_fwd(struct vsw_switch *sw, struct nf_conn *ct,
			     const struct vsw_nat_fwd *fwd, bool from_gateway)
{
	__be32 gw;
	int ret;

	ret = vsw_nat_map(ct, NF_NAT_MANIP_DST, fwd->guest_addr,
			  fwd->guest_port);
	if (ret != NF_ACCEPT)
		return ret;
	if (!from_gateway)
		return vsw_nat_null(ct, NF_NAT_MANIP_SRC);
	gw = inet_select_addr(sw->dev, fwd->guest_addr, RT_SCOPE_LINK);
	if (!gw)
		return NF_DROP;
	return vsw_nat_map(ct, NF_NAT_MANIP_SRC, gw, 0);
}

/* Masquerade a guest's new connection behind the host's route to it. */
static int vsw_nat_setup_masq(struct sk_buff *skb, struct nf_conn *ct)
{
	struct nf_nat_range2 range = {};
	int ret;

	ret = vsw_nat_null(ct, NF_NAT_MANIP_DST);
	if (ret != NF_ACCEPT || nf_nat_initialized(ct, NF_NAT_MANIP_SRC))
		return ret;
	return nf_nat_masquerade_ipv4(skb, NF_INET_POST_ROUTING, &range,
				      skb_dst(skb)->dev);
}

/* Tell the host's ARP where a guest is: its replies need no ARP first. */
static void vsw_nat_learn_neigh(struct vsw_switch *sw, struct sk_buff *skb)
{
	__be32 saddr = ip_hdr(skb)->saddr;
	struct neighbour *n;

	if (!skb_mac_header_was_set(skb) || !vsw_nat_on_subnet(sw, saddr))
		return;
	n = neigh_event_ns(&arp_tbl, eth_hdr(skb)->h_source, &saddr, sw->dev);
	if (n)
		neigh_release(n);
}

/* Rewrite the packet both ways the connection says. */
static bool vsw_nat_packet(struct sk_buff *skb, struct nf_conn *ct,
			   enum ip_conntrack_info ctinfo)
{
	static const unsigned int hooks[] = {
		NF_INET_PRE_ROUTING,	/* destination */
		NF_INET_POST_ROUTING,	/* source */
	};
	bool icmp_rel = (ctinfo == IP_CT_RELATED ||
			 ctinfo == IP_CT_RELATED_REPLY) &&
			ip_hdr(skb)->protocol == IPPROTO_ICMP;
	int i;

	for (i = 0; i < ARRAY_SIZE(hooks); i++) {
		if (icmp_rel) {
			if (!nf_nat_icmp_reply_translation(skb, ct, ctinfo,
							   hooks[i]))
				return false;
		} else if (nf_nat_packet(ct, ctinfo, hooks[i], skb) !=
			   NF_ACCEPT) {
			return false;
		}
	}
	return true;
}

/* ------------------------------------------------------------------ */
/* sending on                                                         */

/* The host's route for @skb; @saddr 0: as if the host sent it afresh. */
static struct rtable *vsw_nat_route(struct net *net, struct sk_buff *skb,
				    int oif, __be32 saddr)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct flowi4 fl4 = {
		.daddr = iph->daddr,
		.saddr = saddr,
		.flowi4_oif = oif,
		.flowi4_mark = skb->mark,
		.flowi4_proto = iph->protocol,
		.flowi4_flags = FLOWI_FLAG_ANYSRC,
	};

	return ip_route_output_key(net, &fl4);
}

/*
 * Send a translated packet on; consumes it. A guest of @sw gets it through
 * the switch device (routed out of it, so it is fragmented as needed and
 * its MAC address resolved by the host's ARP); anything else, the host sends.
 * @routed: the skb's route is still right (its destination did not change).
 */
static void vsw_nat_send(struct vsw_switch *sw, struct sk_buff *skb,
			 bool routed, struct vsw_pcpu_stats __percpu *stats)
{
	struct net *net = dev_net(sw->dev);
	__be32 daddr = ip_hdr(skb)->daddr;
	struct rtable *rt;
	bool to_guest;

	to_guest = vsw_nat_on_subnet(sw, daddr) && !vsw_addr_is_local(net, daddr);
	if (!routed || to_guest || !skb_dst(skb)) {
		skb_dst_drop(skb);
		rt = vsw_nat_route(net, skb, to_guest ? sw->dev->ifindex : 0,
				   ip_hdr(skb)->saddr);
		if (IS_ERR(rt) || (to_guest && rt->dst.dev != sw->dev)) {
			if (!IS_ERR(rt))
				ip_rt_put(rt);
			vsw_stats_drop(stats, VSW_DROP_NO_ROUTE);
			kfree_skb(skb);
			return;
		}
		skb_dst_set(skb, &rt->dst);
	}
	vsw_stats_inc(stats, to_guest ? VSW_CTR_NAT_IN : VSW_CTR_NAT_OUT);
	if (to_guest)
		dst_output(net, NULL, skb);
	else
		ip_local_out(net, NULL, skb);
}

/* ------------------------------------------------------------------ */
/* the three entry points                                             */

/* Make an skb that came up a port or the host's input look sent. */
static void vsw_nat_scrub(struct sk_buff *skb)
{
	/* A port in promiscuous mode saw it as PACKET_OTHERHOST. */
	skb->pkt_type = PACKET_HOST;
	memset(IPCB(skb), 0, sizeof(struct inet_skb_parm));
	skb_forward_csum(skb);
	skb_clear_tstamp(skb);
}

enum vsw_nat_kind {
	VSW_NAT_FROM_GUEST,	/* a guest sent it */
	VSW_NAT_FROM_OUTSIDE,	/* it came in from outside the host */
	VSW_NAT_FROM_HOST,	/* the host itself sent it */
};

/*
 * The first packet of connection @ct: its translation set up, by the
 * forward @fwd or (a guest's) by masquerading. NF_ACCEPT or NF_DROP, or
 * -ENETUNREACH when the packet was dropped and counted here (no route).
 */
static int vsw_nat_first(struct vsw_switch *sw, struct sk_buff *skb,
			 struct nf_conn *ct, enum ip_conntrack_info ctinfo,
			 enum vsw_nat_kind kind, const struct vsw_nat_fwd *fwd,
			 struct vsw_pcpu_stats __percpu *stats)
{
	struct rtable *rt;
	int ret;

	if (ctinfo != IP_CT_NEW && ctinfo != IP_CT_RELATED)
		return NF_DROP;
	/* Outside and host only open connections through forwards. */
	if (!fwd && kind != VSW_NAT_FROM_GUEST)
		return NF_DROP;
	vsw_nat_acct(ct, ctinfo, skb);
	if (fwd) {
		ret = vsw_nat_setup_fwd(sw, ct, fwd,
					kind != VSW_NAT_FROM_OUTSIDE);
	} else {
		/* Reassembly drops the route. */
		if (!skb_dst(skb)) {
			rt = vsw_nat_route(dev_net(sw->dev), skb, 0, 0);
			if (IS_ERR(rt)) {
				kfree_skb(skb);
				vsw_stats_drop(stats, VSW_DROP_NO_ROUTE);
				return -ENETUNREACH;
			}
			skb_dst_set(skb, &rt->dst);
		}
		ret = vsw_nat_setup_masq(skb, ct);
	}
	if (ret == NF_ACCEPT && kind == VSW_NAT_FROM_GUEST)
		vsw_nat_learn_neigh(sw, skb);
	return ret;
}

/*
 * Track, translate and send on a packet of @sw's; consumes it. @fwd is the
 * forward a new connection would take, if any.
 */
static void vsw_nat_process(struct vsw_switch *sw, struct sk_buff *skb,
			    enum vsw_nat_kind kind,
			    const struct vsw_nat_fwd *fwd,
			    struct vsw_pcpu_stats __percpu *stats)
{
	__be32 daddr = ip_hdr(skb)->daddr;
	enum ip_conntrack_info ctinfo;
	struct nf_conn *ct;
	int ret;

	ct = vsw_nat_track(sw, skb, kind == VSW_NAT_FROM_HOST ?
			   NF_INET_LOCAL_OUT : NF_INET_PRE_ROUTING, &ctinfo);
	if (!ct)
		goto drop;
	if (!nf_ct_is_confirmed(ct)) {
		ret = vsw_nat_first(sw, skb, ct, ctinfo, kind, fwd, stats);
		if (ret < 0)
			return;
		if (ret != NF_ACCEPT)
			goto drop;
	}

	if (!vsw_nat_packet(skb, ct, ctinfo))
		goto drop;
	/* A refusal (a clash with the same connection's first packet
	 * confirmed on another CPU) leaves the packet and its unconfirmed
	 * entry to the caller, as a hook's NF_DROP would.
	 */
	if (nf_conntrack_confirm(skb) != NF_ACCEPT)
		goto drop;
	vsw_nat_send(sw, skb, ip_hdr(skb)->daddr == daddr, stats);
	return;

drop:
	kfree_skb(skb);
	vsw_stats_drop(stats, VSW_DROP_NAT);
}

/*
 * A guest's IPv4 packet (data at the network header) checked as ip_rcv()
 * would check it (version, header length and checksum, total length) and
 * trimmed to its total length: what follows it in the frame (Ethernet
 * padding) is no part of it, for conntrack's checksums or reassembly.
 * False if it is malformed: the host's stack then drops and counts it.
 */
static bool vsw_nat_ip_valid(struct sk_buff *skb)
{
	const struct iphdr *iph;
	unsigned int len;

	if (!pskb_may_pull(skb, sizeof(struct iphdr)))
		return false;
	iph = ip_hdr(skb);
	if (iph->version != 4 || iph->ihl < 5 ||
	    !pskb_may_pull(skb, ip_hdrlen(skb)))
		return false;
	iph = ip_hdr(skb);
	if (unlikely(ip_fast_csum((const u8 *)iph, iph->ihl)))
		return false;
	len = ntohs(iph->tot_len);
	if (skb->len < len || len < ip_hdrlen(skb))
		return false;
	return !pskb_trim_rcsum(skb, len);
}

/*
 * A guest's packet for the host (@local), or with no route: the host's,
 * unless it belongs to a connection of ours (a hairpin, or the host's own
 * to a forward) or opens one to a forwarded port of @sw (in *@fwd).
 */
static bool vsw_nat_for_us(struct vsw_switch *sw, struct sk_buff *skb,
			   bool local, const struct vsw_nat_fwd **fwd)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct net *net = dev_net(sw->dev);
	struct nf_conntrack_tuple tuple;
	__be16 dport;
	u8 proto;

	if (!local || ip_is_fragment(iph))
		return false;
	if (!nf_ct_get_tuplepr(skb, skb_network_offset(skb), NFPROTO_IPV4,
			       net, &tuple))
		return false;
	if (vsw_nat_lookup(net, sw, &tuple))
		return true;
	if (!vsw_l4_ports(skb, &proto, &dport))
		return false;
	*fwd = vsw_fwd_match(net, proto, iph->daddr, dport);
	/* Forwards to another switch's guests are not reached from this one. */
	return *fwd && (*fwd)->sw == sw;
}

/*
 * From the rx_handler: an IPv4 packet (data at the network header) a guest
 * sent to the gateway's MAC address. Returns true if NAT took it, false if
 * it is for the host's own stack.
 */
bool vsw_nat_from_guest(struct vsw_switch *sw, struct vsw_port *port,
			struct sk_buff *skb)
{
	struct net *net = dev_net(sw->dev);
	const struct vsw_nat_fwd *fwd = NULL;
	const struct iphdr *iph;
	struct rtable *rt;
	bool local;

	if (!vsw_nat_ip_valid(skb))
		return false;
	/* A route tc gave it on the port device (a tunnel's metadata dst)
	 * is none of ours: NAT looks up its own, and would take that one
	 * for it (no device: a NULL dereference in masquerading).
	 */
	skb_dst_drop(skb);
	iph = ip_hdr(skb);
	if (ipv4_is_multicast(iph->daddr) || ipv4_is_lbcast(iph->daddr) ||
	    ipv4_is_zeronet(iph->saddr) || ipv4_is_zeronet(iph->daddr))
		return false;

	if (vsw_nat_on_subnet(sw, iph->daddr)) {
		local = vsw_addr_is_local(net, iph->daddr);
	} else {
		/* Off the subnet: the route it leaves by, or the host. */
		rt = vsw_nat_route(net, skb, 0, 0);
		if (IS_ERR(rt)) {
			vsw_stats_drop(port->stats, VSW_DROP_NO_ROUTE);
			kfree_skb(skb);
			return true;
		}
		local = rt->rt_type == RTN_LOCAL;
		if (local)
			ip_rt_put(rt);
		else
			skb_dst_set(skb, &rt->dst);
	}
	if ((local || !skb_dst(skb)) && !vsw_nat_for_us(sw, skb, local, &fwd))
		return false;

	vsw_nat_scrub(skb);
	if (ip_is_fragment(ip_hdr(skb))) {
		if (ip_defrag(net, skb, IP_DEFRAG_CONNTRACK_IN + sw->nat->zone.id))
			return true;
		skb->ignore_df = 1;
	}
	vsw_nat_process(sw, skb, VSW_NAT_FROM_GUEST, fwd, port->stats);
	return true;
}

/* Which nat switch, if any, an incoming packet or the host's own is for. */
static struct vsw_switch *vsw_nat_claim(struct net *net, struct sk_buff *skb,
					const struct vsw_nat_fwd **fwd)
{
	struct nf_conntrack_tuple tuple;
	struct vsw_switch *sw;
	__be16 dport;
	u8 proto;

	*fwd = NULL;
	if (ip_hdr(skb)->protocol == IPPROTO_ICMP &&
	    vsw_icmp_err_tuple(net, skb, &tuple))
		return vsw_nat_lookup(net, NULL, &tuple);
	if (!nf_ct_get_tuplepr(skb, skb_network_offset(skb), NFPROTO_IPV4,
			       net, &tuple))
		return NULL;
	sw = vsw_nat_lookup(net, NULL, &tuple);
	if (sw)
		return sw;
	if (!vsw_l4_ports(skb, &proto, &dport))
		return NULL;
	*fwd = vsw_fwd_match(net, proto, ip_hdr(skb)->daddr, dport);
	return *fwd ? (*fwd)->sw : NULL;
}

static unsigned int vsw_nat_hook(void *priv, struct sk_buff *skb,
				 const struct nf_hook_state *state)
{
	bool local_out = state->hook == NF_INET_LOCAL_OUT;
	enum ip_conntrack_info ctinfo;
	const struct vsw_nat_fwd *fwd;
	struct vsw_switch *sw;
	struct nf_conn *ct;
	int err;

	/* Tracked already; but a template (the raw table's ct zone or
	 * helper) or notrack is the host's say on its own connections, not
	 * on a switch's: those still get claimed (vsw_nat_track() drops
	 * them).
	 */
	ct = nf_ct_get(skb, &ctinfo);
	if (ct && !nf_ct_is_template(ct))
		return NF_ACCEPT;
	/* What a switch's guest sends the host: its rx_handler decided. */
	if (state->in && netif_is_vswitch(state->in))
		return NF_ACCEPT;
	if (!pskb_may_pull(skb, sizeof(struct iphdr)))
		return NF_ACCEPT;

	if (!local_out && ip_is_fragment(ip_hdr(skb))) {
		/* What the host's conntrack would do: fragments are tracked
		 * as the whole datagram. The host's stack needs the whole
		 * datagram anyway.
		 */
		local_bh_disable();
		err = ip_defrag(state->net, skb, IP_DEFRAG_CONNTRACK_IN);
		local_bh_enable();
		if (err)
			return NF_STOLEN;
		skb->ignore_df = 1;
	}

	sw = vsw_nat_claim(state->net, skb, &fwd);
	if (!sw)
		return NF_ACCEPT;

	/* LOCAL_OUT runs in process context: the per-CPU counters and
	 * conntrack want it as the receive path has it.
	 */
	local_bh_disable();
	if (!local_out)
		vsw_nat_scrub(skb);
	vsw_nat_process(sw, skb, local_out ? VSW_NAT_FROM_HOST :
			VSW_NAT_FROM_OUTSIDE, fwd, sw->host_stats);
	local_bh_enable();
	return NF_STOLEN;
}

/*
 * Nothing outside reaches a nat switch's guests but through NAT, and they
 * reach nothing but through it: not even when the host routes (IPv4
 * ip_forward=1, IPv6 forwarding). What the host would forward to or from
 * a nat switch is dropped (VSW_STATS_DROP_NAT, on the switch).
 */
static unsigned int vsw_nat_forward_hook(void *priv, struct sk_buff *skb,
					 const struct nf_hook_state *state)
{
	struct net_device *dev = NULL;
	struct vsw_switch *sw;

	if (state->out && netif_is_vswitch(state->out))
		dev = state->out;
	else if (state->in && netif_is_vswitch(state->in))
		dev = state->in;
	if (!dev)
		return NF_ACCEPT;
	sw = netdev_priv(dev);
	if (!sw->nat)
		return NF_ACCEPT;
	vsw_stats_drop(sw->host_stats, VSW_DROP_NAT);
	return NF_DROP;
}

const struct nf_hook_ops vsw_nat_hook_ops[4] = {
	{
		.hook		= vsw_nat_forward_hook,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_FORWARD,
		.priority	= NF_IP_PRI_FIRST,
	},
	{
		.hook		= vsw_nat_forward_hook,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_FORWARD,
		.priority	= NF_IP6_PRI_FIRST,
	},
	{
		.hook		= vsw_nat_hook,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_PRE_ROUTING,
		.priority	= NF_IP_PRI_CONNTRACK - 1,
	},
	{
		.hook		= vsw_nat_hook,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_LOCAL_OUT,
		.priority	= NF_IP_PRI_CONNTRACK - 1,
	},
};

/* ------------------------------------------------------------------ */
/* flushing connections                                               */

struct vsw_nat_flush {
	struct vsw_switch *sw;
	struct vsw_port *port;		/* only the guests behind it */
	const struct vsw_nat_fwd *fwd;	/* only those it brought in */
};

/* The address of the connection's guest: who sent it, or the forward's. */
static __be32 vsw_ct_guest_addr(struct vsw_switch *sw, const struct nf_conn *ct)
{
	const struct nf_conntrack_tuple *orig, *reply;

	orig = &ct->tuplehash[IP_CT_DIR_ORIGINAL].tuple;
	reply = &ct->tuplehash[IP_CT_DIR_REPLY].tuple;
	if (!(ct->status & IPS_DST_NAT) &&
	    vsw_nat_on_subnet(sw, orig->src.u3.ip))
		return orig->src.u3.ip;
	return reply->src.u3.ip;
}

static bool vsw_ct_behind_port(struct vsw_switch *sw, struct vsw_port *port,
			       const struct nf_conn *ct)
{
	__be32 addr = vsw_ct_guest_addr(sw, ct);
	u8 ha[ETH_ALEN] __aligned(2);
	struct neighbour *n;
	struct vsw_fdb *f;
	bool found = false;

	n = __ipv4_neigh_lookup_noref(sw->dev, (__force u32)addr);
	if (n && (READ_ONCE(n->nud_state) & NUD_VALID)) {
		neigh_ha_snapshot(ha, n, sw->dev);
		f = vsw_fdb_find_rcu(sw, ha, 0);
		found = f && READ_ONCE(f->port) == port;
	}
	return found;
}

static int vsw_nat_flush_one(struct nf_conn *ct, void *data)
{
	const struct vsw_nat_flush *w = data;
	const struct nf_conntrack_tuple *orig;
	bool kill;

	if (nf_ct_zone(ct)->id != w->sw->nat->zone.id ||
	    nf_ct_zone(ct)->dir != NF_CT_ZONE_DIR_ORIG)
		return 0;
	if (!w->port && !w->fwd)
		return 1;

	rcu_read_lock();
	if (w->port) {
		kill = vsw_ct_behind_port(w->sw, w->port, ct);
	} else {
		orig = &ct->tuplehash[IP_CT_DIR_ORIGINAL].tuple;
		kill = (ct->status & IPS_DST_NAT) &&
		       orig->dst.protonum == w->fwd->proto &&
		       orig->dst.u.all == w->fwd->host_port &&
		       (!w->fwd->host_addr ||
			orig->dst.u3.ip == w->fwd->host_addr);
	}
	rcu_read_unlock();
	return kill;
}

void vsw_nat_flush(struct vsw_switch *sw, struct vsw_port *port,
		   const struct vsw_nat_fwd *fwd)
{
	struct vsw_nat_flush w = { .sw = sw, .port = port, .fwd = fwd };
	struct nf_ct_iter_data iter = {
		.net = dev_net(sw->dev),
		.data = &w,
	};

	nf_ct_iterate_cleanup_net(vsw_nat_flush_one, &iter);
}

/* A port leaves: end the connections of the guests behind it. */
void vsw_nat_port_del(struct vsw_port *port)
{
	if (port->sw->nat)
		vsw_nat_flush(port->sw, port, NULL);
}
