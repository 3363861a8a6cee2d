// SPDX-License-Identifier: GPL-2.0
/*
 * The data path: frames a port receives (its rx_handler) and frames the host
 * sends through the switch device (ndo_start_xmit). Both run under RCU and
 * take no lock; learning takes the FDB lock only to add or move an entry.
 *
 * Counters: every frame is counted as received on the port it entered by
 * (the host counts as a port) and as sent on each port it left by; a frame
 * the switch drops is counted once, on the port it entered by, under its
 * reason.
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/netfilter_netdev.h>
#include <net/ip.h>

#include "bind.h"
#include "fdb.h"
#include "mirror.h"
#include "nat.h"
#include "parse.h"
#include "policy.h"

/*
 * A bridged switch shares its uplink with the host, and two marks tell the
 * switch's own frames from the host's there, both set only while the frame
 * is being handed over, on this CPU, with bottom halves off:
 *  - vsw_uplink_xmit: the switch is sending a frame out of an uplink, whose
 *    egress hook (which takes the host's frames for guests) lets it pass
 *    (the frame skips netfilter egress, where the kernel has that; the
 *    mark is for kernels without it);
 *  - vsw_uplink_rx: the frame a guest sent to the host, going up the
 *    host's stack as received on the uplink, whose rx handler passes it.
 */
static DEFINE_PER_CPU(bool, vsw_uplink_xmit);
static DEFINE_PER_CPU(struct sk_buff *, vsw_uplink_rx);

/* A port that is up and not shut: it can be sent to. */
static bool vsw_port_up(const struct vsw_port *p)
{
	return netif_running(p->dev) && netif_carrier_ok(p->dev) &&
	       !READ_ONCE(p->shut);
}

/*
 * A frame to a reserved link-local group (01:80:C2:00:00:0X) that a port
 * sent: whether the switch forwards it (bit X of its mask; the mask never
 * has the bits of VSW_GROUP_FWD_NEVER).
 */
static bool vsw_link_local_fwd(const struct vsw_switch *sw, const u8 *dest)
{
	return READ_ONCE(sw->group_fwd_mask) & BIT(dest[5]);
}

/*
 * A guest port with BPDU guard sent a BPDU: shut it, once, and tell the
 * listeners.
 */
static void vsw_bpdu_guard_trip(struct vsw_port *port)
{
	if (cmpxchg(&port->shut, VSW_SHUT_NO, VSW_SHUT_BPDU_GUARD) ==
	    VSW_SHUT_NO) {
		net_info_ratelimited("%s: port %s shut by its BPDU guard\n",
				     port->sw->dev->name, port->dev->name);
		vsw_nl_notify_shut(port);
	}
}

/*
 * The VLAN of a frame the host hands to an uplink or the switch device:
 * its tag's (in the skb, or still in the data if the device was given it
 * that way), else @pvid.
 */
static u16 vsw_host_vid(const struct sk_buff *skb, u16 pvid)
{
	const struct vlan_ethhdr *veth;

	if (skb_vlan_tag_present(skb))
		return skb_vlan_tag_get_id(skb) ?: pvid;
	if (!eth_type_vlan(eth_hdr(skb)->h_proto) ||
	    skb_headlen(skb) < VLAN_ETH_HLEN)
		return pvid;
	veth = (const struct vlan_ethhdr *)eth_hdr(skb);
	return (ntohs(veth->h_vlan_TCI) & VLAN_VID_MASK) ?: pvid;
}

/* A copy of @skb (data at the MAC header) for the mirror port @to. */
static void vsw_mirror_copy(struct vsw_port *to, struct sk_buff *skb)
{
	struct sk_buff *nskb;

	if (!vsw_port_up(to))
		return;
	nskb = skb_clone(skb, GFP_ATOMIC);
	if (unlikely(!nskb)) {
		vsw_stats_drop(to->stats, VSW_DROP_NOMEM);
		return;
	}
	vsw_stats_tx(to->stats, nskb->len);
	nskb->dev = to->dev;
	dev_queue_xmit(nskb);
}

/* Mirror what @p received: @skb, data at the network header. */
static void vsw_mirror_rx(struct vsw_port *p, struct sk_buff *skb)
{
	struct vsw_port *to = rcu_dereference(p->mirror_rx);

	if (likely(!to))
		return;
	skb_push(skb, ETH_HLEN);
	vsw_mirror_copy(to, skb);
	__skb_pull(skb, ETH_HLEN);
}

/*
 * Send @skb (data at the MAC header) of VLAN @vid out of @p, which carries
 * it; consumes it.
 */
static void vsw_port_xmit(struct vsw_port *p, struct sk_buff *skb,
			  struct vsw_pcpu_stats __percpu *in_stats, u16 vid)
{
	const struct vsw_policy *pol = rcu_dereference(p->policy);
	struct vsw_port *mirror;

	if (unlikely(!is_skb_forwardable(p->dev, skb))) {
		vsw_stats_drop(in_stats, VSW_DROP_MTU);
		kfree_skb(skb);
		return;
	}
	/* A second tag still in the data (QinQ between transparent ports)
	 * stays as it is, and goes to no port with VLAN settings: taking the
	 * outer tag off for a PVID would put the frame in the inner VLAN.
	 */
	if (likely(!eth_type_vlan(eth_hdr(skb)->h_proto))) {
		vsw_policy_vid_out(pol, skb, vid);
	} else if (vsw_qinq(skb) && vsw_policy_vlans(pol)) {
		vsw_stats_drop(in_stats, VSW_DROP_VLAN);
		kfree_skb(skb);
		return;
	}
	mirror = rcu_dereference(p->mirror_tx);
	if (unlikely(mirror))
		vsw_mirror_copy(mirror, skb);
	vsw_stats_tx(p->stats, skb->len);
	skb_forward_csum(skb);
	skb->dev = p->dev;
	if (unlikely(p->uplink)) {
		/* The uplink's netfilter egress hooks are for the host's
		 * frames (ours takes those for guests): the switch's skip
		 * them, as frames redirected by tc do.
		 */
		nf_skip_egress(skb, true);
		__this_cpu_write(vsw_uplink_xmit, true);
		dev_queue_xmit(skb);
		__this_cpu_write(vsw_uplink_xmit, false);
		return;
	}
	dev_queue_xmit(skb);
}

/* Send a copy of @skb out of @p. */
static void vsw_xmit_copy(struct vsw_port *p, struct sk_buff *skb,
			  struct vsw_pcpu_stats __percpu *in_stats, u16 vid)
{
	struct sk_buff *nskb = skb_clone(skb, GFP_ATOMIC);

	if (likely(nskb))
		vsw_port_xmit(p, nskb, in_stats, vid);
	else
		vsw_stats_drop(in_stats, VSW_DROP_NOMEM);
}

static bool vsw_isolated(const struct vsw_policy *pol)
{
	return pol && pol->isolated;
}

/* A port that is up and takes part in forwarding (not a mirror's). */
static bool vsw_port_fwd(const struct vsw_port *p)
{
	return vsw_port_up(p) && !READ_ONCE(p->mirror_dest);
}

/*
 * Copies of a unicast frame (data at the MAC header) of VLAN @vid from @in
 * to @out (NULL: the host) for the ports whose promiscuous policy covers
 * it: traffic between guests for allow-vms, any for allow-all.
 */
static void vsw_promisc(struct vsw_switch *sw, const struct vsw_port *in,
			const struct vsw_port *out, struct sk_buff *skb,
			struct vsw_pcpu_stats __percpu *in_stats, u16 vid)
{
	u8 level = VSW_PROMISC_ALLOW_ALL;
	bool qinq = vsw_qinq(skb);
	const struct vsw_policy *pol;
	struct vsw_port *p;

	if (in && !in->uplink && out && !out->uplink)
		level = VSW_PROMISC_ALLOW_VMS;
	list_for_each_entry_rcu(p, &sw->ports, list) {
		if (p == in || p == out || p->uplink || !vsw_port_fwd(p))
			continue;
		pol = rcu_dereference(p->policy);
		if (pol && pol->promisc >= level &&
		    vsw_policy_carries(pol, vid) &&
		    !(qinq && vsw_policy_vlans(pol)))
			vsw_xmit_copy(p, skb, in_stats, vid);
	}
}

/*
 * Send @skb of VLAN @vid to every port that is up and carries @vid except
 * @in (the port it came from, or NULL), counting failures in @in_stats.
 * An isolated port's frames skip the other isolated ports; what comes
 * from an uplink never goes out of another (a swap has both for a
 * moment). If @to_host, the host gets a copy too: then @skb is returned
 * for the caller to deliver, otherwise it is consumed and NULL returned.
 */
static struct sk_buff *vsw_flood(struct vsw_switch *sw, struct vsw_port *in,
				 struct vsw_pcpu_stats __percpu *in_stats,
				 struct sk_buff *skb, u16 vid, bool to_host)
{
	bool from_uplink = in && in->uplink;
	bool isolated = in && vsw_isolated(rcu_dereference(in->policy));
	bool qinq = vsw_qinq(skb);
	struct vsw_port *p, *prev = NULL;
	const struct vsw_policy *pol;

	list_for_each_entry_rcu(p, &sw->ports, list) {
		if (p == in || !vsw_port_fwd(p) || (from_uplink && p->uplink))
			continue;
		pol = rcu_dereference(p->policy);
		if (unlikely(pol) &&
		    (!vsw_policy_carries(pol, vid) ||
		     (isolated && pol->isolated) ||
		     (qinq && vsw_policy_vlans(pol))))
			continue;
		if (prev)
			vsw_xmit_copy(prev, skb, in_stats, vid);
		prev = p;
	}

	if (to_host) {
		if (prev)
			vsw_xmit_copy(prev, skb, in_stats, vid);
		return skb;
	}
	if (prev)
		vsw_port_xmit(prev, skb, in_stats, vid);
	else
		consume_skb(skb);
	return NULL;
}

/*
 * A frame a guest of a bridged switch sent to the host (or to everyone): up
 * the host's stack as received on the uplink @up, where the host has its
 * address, tagged as it would leave the uplink. Consumes @skb (data at the
 * MAC header).
 */
static void vsw_uplink_to_host(struct vsw_switch *sw, struct vsw_port *up,
			       struct sk_buff *skb, u16 vid)
{
	vsw_policy_vid_out(rcu_dereference(up->policy), skb, vid);
	vsw_stats_tx(sw->host_stats, skb->len);
	skb->pkt_type = PACKET_HOST;
	skb->protocol = eth_type_trans(skb, up->dev);
	/* Synchronous, on this CPU: the uplink's rx handler sees the mark. */
	__this_cpu_write(vsw_uplink_rx, skb);
	netif_receive_skb_core(skb);
	__this_cpu_write(vsw_uplink_rx, NULL);
}

/* ------------------------------------------------------------------ */
/* classification and decision, shared by every entry point           */

/* A frame entering the switch: by which port, and what it was found to be. */
struct vsw_frame {
	struct vsw_port *in;			/* NULL: sent by the host */
	struct vsw_pcpu_stats __percpu *stats;	/* the ingress's counters */
	const struct vsw_policy *pol;		/* the ingress's policy */
	struct vsw_port *up;			/* bridged: the uplink */
	u16 vid;
	struct vsw_l3 l3;			/* parsed if a guard reads it */
};

/* Where it goes. */
enum vsw_to {
	VSW_TO_PORT,	/* to fwd->dst */
	VSW_TO_FLOOD,	/* to every port that carries its VLAN; fwd->host: and
			 * to the host
			 */
	VSW_TO_HOST,	/* to the host only */
	VSW_TO_NAT,	/* a nat switch's guest to the gateway: NAT takes
			 * what is not for the host
			 */
};

struct vsw_fwd {
	enum vsw_to to;
	bool host;
	bool unknown;			/* a flood of unknown unicast */
	struct vsw_port *dst;
};

/*
 * Classification: the VLAN of a frame entering by port fr->in (data at
 * the network header), its IP headers parsed once if a guard or DHCP
 * snooping reads them, then the port's guards. A frame that passes has its
 * source learned and its leases snooped. 0, or the reason to drop it.
 */
static int vsw_classify(struct vsw_switch *sw, struct vsw_frame *fr,
			struct sk_buff *skb)
{
	const u8 *src = eth_hdr(skb)->h_source;
	bool snoop = READ_ONCE(sw->ip_guard_ports);
	int why;

	if (unlikely(vsw_policy_vid_in(fr->pol, skb, &fr->vid)))
		return VSW_DROP_VLAN;
	if (unlikely(snoop || vsw_policy_l3_guards(fr->pol)))
		vsw_l3_parse(skb, 0, skb->protocol, &fr->l3);
	if (unlikely(fr->pol)) {
		why = vsw_policy_guard(fr->in, fr->pol, skb, &fr->l3);
		if (why)
			return why;
	}
	if (likely(is_valid_ether_addr(src)))
		vsw_fdb_learn(sw, fr->in, src, fr->vid);
	if (unlikely(snoop))
		vsw_bind_snoop(sw, fr->in, skb, &fr->l3, fr->vid);
	return 0;
}

/*
 * Whether port @dst takes a unicast frame of VLAN @vid (data at the MAC
 * header) that came in with policy @pol: 0, or the reason not. A second
 * tag goes to no port with VLAN settings: taking the outer one off for a
 * PVID would put the frame in the inner VLAN.
 */
static int vsw_dst_check(const struct vsw_policy *pol,
			 const struct vsw_port *dst, const struct sk_buff *skb,
			 u16 vid)
{
	const struct vsw_policy *dpol;

	if (unlikely(!vsw_port_fwd(dst)))
		return VSW_DROP_DOWN;
	dpol = rcu_dereference(dst->policy);
	if (likely(!pol && !dpol))
		return 0;
	if (vsw_isolated(pol) && vsw_isolated(dpol))
		return VSW_DROP_ISOLATED;
	if (!vsw_policy_carries(dpol, vid) ||
	    (vsw_qinq(skb) && vsw_policy_vlans(dpol)))
		return VSW_DROP_VLAN;
	return 0;
}

/*
 * The decision, the same for every entry point: where a frame of VLAN
 * fr->vid (data at the MAC header) goes by its destination. Group
 * addresses and unknown unicast are flooded, the switch's own addresses
 * (an FDB entry without a port; the host's is local in every VLAN of a
 * switch that has the host on its segment) go to
 * the host, a known station to its port if that takes it. 0 with @fwd
 * filled, or the reason to drop the frame (@fwd says where it was going).
 */
static int vsw_decide(struct vsw_switch *sw, const struct vsw_frame *fr,
		      const struct sk_buff *skb, struct vsw_fwd *fwd)
{
	const u8 *dest = eth_hdr(skb)->h_dest;
	struct vsw_fdb *f;

	fwd->to = VSW_TO_FLOOD;
	fwd->host = false;
	fwd->unknown = false;
	fwd->dst = NULL;
	if (is_multicast_ether_addr(dest))
		return 0;
	f = vsw_fdb_find_rcu(sw, dest, fr->vid);
	if (!f && fr->vid && vsw_has_host(sw) &&
	    ether_addr_equal(dest, sw->dev->dev_addr))
		f = vsw_fdb_find_rcu(sw, dest, 0);
	if (!f) {
		fwd->unknown = true;
		return 0;
	}
	fwd->dst = READ_ONCE(f->port);
	if (!fwd->dst) {
		fwd->to = VSW_TO_HOST;
		return 0;
	}
	fwd->to = VSW_TO_PORT;
	if (unlikely(fwd->dst == fr->in))
		return VSW_DROP_SAME_PORT;
	return vsw_dst_check(fr->pol, fwd->dst, skb, fr->vid);
}

/* ------------------------------------------------------------------ */
/* frames from the LAN (a bridged switch's uplink)                    */

/*
 * Copies of a LAN frame the switch does not forward (data at the network
 * header), for the ports that see everything: in the uplink's VLAN as it
 * would be classified.
 */
static void vsw_uplink_promisc(struct vsw_switch *sw, struct vsw_port *up,
			       struct sk_buff *skb)
{
	u16 vid;

	if (vsw_policy_vid_in(rcu_dereference(up->policy), skb, &vid))
		return;
	skb_push(skb, ETH_HLEN);
	vsw_promisc(sw, up, NULL, skb, up->stats, vid);
	__skb_pull(skb, ETH_HLEN);
}

/*
 * A LAN frame the switch leaves to the host (data at the network header):
 * the host's own traffic and link-local frames the switch does not
 * forward.
 */
static bool vsw_uplink_hosts(struct vsw_switch *sw, struct vsw_port *up,
			     struct sk_buff *skb)
{
	const u8 *dest = eth_hdr(skb)->h_dest;

	if (!is_multicast_ether_addr(dest) &&
	    ether_addr_equal(dest, up->dev->dev_addr)) {
		if (unlikely(READ_ONCE(sw->promisc_ports)))
			vsw_uplink_promisc(sw, up, skb);
		return true;
	}
	return unlikely(is_link_local_ether_addr(dest)) &&
	       !vsw_link_local_fwd(sw, dest);
}

/*
 * A LAN frame for no guest: the host sees it only if it listens for it
 * (promiscuous for itself, a secondary address); the promiscuity is the
 * switch's.
 */
static rx_handler_result_t vsw_uplink_not_guest(struct vsw_switch *sw,
						struct vsw_port *up,
						struct sk_buff *skb)
{
	if (unlikely(READ_ONCE(sw->promisc_ports)))
		vsw_uplink_promisc(sw, up, skb);
	if (up->dev->promiscuity > 1 || !netdev_uc_empty(up->dev))
		return RX_HANDLER_PASS;
	vsw_stats_drop(up->stats, VSW_DROP_NOT_GUEST);
	consume_skb(skb);
	return RX_HANDLER_CONSUMED;
}

/*
 * A frame from the LAN, received on a bridged switch's uplink @up. The host
 * gets what it would get without the switch; guests get the LAN's
 * broadcast and multicast and the unicast addressed to them, nothing else.
 */
static rx_handler_result_t vsw_uplink_frame(struct vsw_switch *sw,
					    struct vsw_port *up,
					    struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	struct vsw_frame fr;
	struct vsw_fwd fwd;
	int why;

	/* A guest's frame for the host, or the host's own traffic. */
	if (skb == __this_cpu_read(vsw_uplink_rx) ||
	    unlikely(!netif_running(sw->dev)))
		return RX_HANDLER_PASS;
	vsw_mirror_rx(up, skb);
	if (vsw_uplink_hosts(sw, up, skb))
		return RX_HANDLER_PASS;
	fr.in = up;
	fr.stats = up->stats;
	fr.pol = rcu_dereference(up->policy);
	fr.up = NULL;
	why = vsw_classify(sw, &fr, skb);
	if (unlikely(why)) {
		/* Not the switch's, but the host's still. */
		vsw_stats_drop(up->stats, why);
		return RX_HANDLER_PASS;
	}
	why = vsw_decide(sw, &fr, skb, &fwd);
	if (fwd.to == VSW_TO_FLOOD && !fwd.unknown) {
		if (unlikely(!vsw_policy_storm_ok(up, fr.pol))) {
			vsw_stats_drop(up->stats, VSW_DROP_STORM);
			return RX_HANDLER_PASS;
		}
		skb_push(skb, ETH_HLEN);
		vsw_stats_rx(up->stats, skb->len, true);
		*pskb = vsw_flood(sw, up, up->stats, skb, fr.vid, true);
		__skb_pull(*pskb, ETH_HLEN);
		return RX_HANDLER_PASS;
	}
	if (fwd.to != VSW_TO_PORT || fwd.dst == up)
		return vsw_uplink_not_guest(sw, up, skb);
	if (unlikely(why)) {
		vsw_stats_drop(up->stats, why);
		kfree_skb(skb);
		return RX_HANDLER_CONSUMED;
	}
	skb_push(skb, ETH_HLEN);
	vsw_stats_rx(up->stats, skb->len, false);
	if (unlikely(READ_ONCE(sw->promisc_ports)))
		vsw_promisc(sw, up, fwd.dst, skb, up->stats, fr.vid);
	vsw_port_xmit(fwd.dst, skb, up->stats, fr.vid);
	return RX_HANDLER_CONSUMED;
}

/* ------------------------------------------------------------------ */
/* frames from guests                                                 */

/* Whether the host takes frames of VLAN @vid from the segment. */
static bool vsw_host_carries(struct vsw_switch *sw, u16 vid)
{
	return vsw_has_host(sw) &&
	       vsw_policy_carries(rcu_dereference(sw->host_policy), vid);
}

/*
 * The checks on a frame guest port fr->in sent (data at the network
 * header), then its classification: 0, or the reason to drop it.
 */
static int vsw_guest_admit(struct vsw_switch *sw, struct vsw_frame *fr,
			   struct sk_buff *skb)
{
	const struct ethhdr *eth = eth_hdr(skb);
	struct vsw_port *port = fr->in;

	if (unlikely(READ_ONCE(port->shut)))
		return VSW_DROP_SHUT;	/* its cable is out */
	vsw_mirror_rx(port, skb);
	/* A mirror's destination sends nothing into the switch. */
	if (unlikely(READ_ONCE(port->mirror_dest)))
		return VSW_DROP_MIRROR;
	if (unlikely(!is_valid_ether_addr(eth->h_source)))
		return VSW_DROP_BAD_SRC;
	if (unlikely(!netif_running(sw->dev)))
		return VSW_DROP_DOWN;
	/* The host is behind the uplink: no guest may pose as it. */
	if (fr->up && unlikely(ether_addr_equal(eth->h_source,
						fr->up->dev->dev_addr)))
		return VSW_DROP_BAD_SRC;
	fr->pol = rcu_dereference(port->policy);
	if (unlikely(is_link_local_ether_addr(eth->h_dest))) {
		if (!eth->h_dest[5] && fr->pol && fr->pol->bpdu_guard) {
			vsw_bpdu_guard_trip(port);
			return VSW_DROP_BPDU_GUARD;
		}
		if (!vsw_link_local_fwd(sw, eth->h_dest))
			return VSW_DROP_LINK_LOCAL;
	}
	return vsw_classify(sw, fr, skb);
}

/*
 * Where a guest's frame (data at the MAC header) goes, with the host's
 * part: the host behind a bridged switch's uplink, or up the switch device
 * (through NAT first on a nat switch). 0, or the reason to drop it.
 */
static int vsw_guest_decide(struct vsw_switch *sw, const struct vsw_frame *fr,
			    const struct vsw_policy *host_pol,
			    struct sk_buff *skb, struct vsw_fwd *fwd)
{
	const u8 *dest = eth_hdr(skb)->h_dest;
	u16 vid = fr->vid;
	int why;

	if (fr->up && ether_addr_equal(dest, fr->up->dev->dev_addr)) {
		fwd->to = VSW_TO_HOST;
		fwd->host = false;
		fwd->unknown = false;
		fwd->dst = NULL;
		why = vsw_policy_carries(host_pol, vid) ? 0 : VSW_DROP_VLAN;
	} else {
		why = vsw_decide(sw, fr, skb, fwd);
		if (fwd->to == VSW_TO_HOST && !why && !vsw_host_carries(sw, vid))
			why = vsw_has_host(sw) ? VSW_DROP_VLAN : VSW_DROP_HOST;
		else if (fwd->to == VSW_TO_FLOOD && fwd->unknown)
			/* Not for the host unless it listens to everything. */
			fwd->host = vsw_host_carries(sw, vid) &&
				    (sw->dev->flags & IFF_PROMISC);
		else if (fwd->to == VSW_TO_FLOOD)
			fwd->host = fr->up ? vsw_policy_carries(host_pol, vid) :
					     vsw_host_carries(sw, vid);
	}
	if (why)
		return why;

	/* A second tag goes to no host port with VLAN settings either (the
	 * host's stack would deliver it by the inner tag): a flood skips it.
	 */
	if ((fwd->to == VSW_TO_HOST || fwd->host) && vsw_qinq(skb) &&
	    vsw_policy_vlans(host_pol)) {
		if (fwd->to == VSW_TO_HOST)
			return VSW_DROP_VLAN;
		fwd->host = false;
	}
	if (fwd->to == VSW_TO_FLOOD &&
	    unlikely(!vsw_policy_storm_ok(fr->in, fr->pol)))
		return VSW_DROP_STORM;
	/* Sent to the gateway's address (not broadcast, multicast or flooded
	 * unknown unicast a promiscuous host sees).
	 */
	if (fwd->to == VSW_TO_HOST && sw->nat &&
	    vid == vsw_policy_pvid(host_pol) && skb->protocol == htons(ETH_P_IP))
		fwd->to = VSW_TO_NAT;
	return 0;
}

/*
 * Up the host's stack, as if received on the switch device, tagged as the
 * host port carries the VLAN; eth_type_trans() only ever lowers pkt_type
 * from PACKET_HOST.
 */
static rx_handler_result_t vsw_guest_to_host(struct vsw_switch *sw,
					     const struct vsw_policy *host_pol,
					     struct sk_buff **pskb, u16 vid)
{
	struct sk_buff *skb = *pskb;

	vsw_policy_vid_out(host_pol, skb, vid);
	vsw_stats_tx(sw->host_stats, skb->len);
	skb->pkt_type = PACKET_HOST;
	skb->protocol = eth_type_trans(skb, sw->dev);
	return RX_HANDLER_ANOTHER;
}

/* Carry out the decision on a guest's frame (data at the MAC header). */
static rx_handler_result_t vsw_guest_deliver(struct vsw_switch *sw,
					     const struct vsw_frame *fr,
					     const struct vsw_policy *host_pol,
					     const struct vsw_fwd *fwd,
					     struct sk_buff **pskb)
{
	bool flood = fwd->to == VSW_TO_FLOOD;
	struct sk_buff *skb = *pskb;

	vsw_stats_rx(fr->stats, skb->len, flood);
	if (unlikely(READ_ONCE(sw->promisc_ports)) && !flood)
		vsw_promisc(sw, fr->in, fwd->dst, skb, fr->stats, fr->vid);
	switch (fwd->to) {
	case VSW_TO_PORT:
		vsw_port_xmit(fwd->dst, skb, fr->stats, fr->vid);
		return RX_HANDLER_CONSUMED;
	case VSW_TO_FLOOD:
		skb = vsw_flood(sw, fr->in, fr->stats, skb, fr->vid, fwd->host);
		if (!skb)
			return RX_HANDLER_CONSUMED;
		break;
	case VSW_TO_NAT:
		__skb_pull(skb, ETH_HLEN);
		if (sw->nat_ops->from_guest(sw, fr->in, skb))
			return RX_HANDLER_CONSUMED;
		__skb_push(skb, ETH_HLEN);
		break;
	case VSW_TO_HOST:
		break;
	}
	if (fr->up) {
		vsw_uplink_to_host(sw, fr->up, skb, fr->vid);
		return RX_HANDLER_CONSUMED;
	}
	*pskb = skb;
	return vsw_guest_to_host(sw, host_pol, pskb, fr->vid);
}

rx_handler_result_t vsw_handle_frame(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	const struct vsw_policy *host_pol;
	struct vsw_port *port;
	struct vsw_switch *sw;
	struct vsw_frame fr;
	struct vsw_fwd fwd;
	int why;

	if (unlikely(skb->pkt_type == PACKET_LOOPBACK))
		return RX_HANDLER_PASS;
	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb))
		return RX_HANDLER_CONSUMED;
	*pskb = skb;

	port = rcu_dereference(skb->dev->rx_handler_data);
	sw = port->sw;
	if (port->uplink)
		return vsw_uplink_frame(sw, port, pskb);
	fr.in = port;
	fr.stats = port->stats;
	fr.pol = NULL;
	fr.up = sw->mode == VSW_MODE_BRIDGED ? rcu_dereference(sw->uplink) :
					       NULL;
	host_pol = fr.up ? rcu_dereference(fr.up->policy) :
			   rcu_dereference(sw->host_policy);
	why = vsw_guest_admit(sw, &fr, skb);
	if (likely(!why)) {
		skb_push(skb, ETH_HLEN);
		why = vsw_guest_decide(sw, &fr, host_pol, skb, &fwd);
		if (likely(!why))
			return vsw_guest_deliver(sw, &fr, host_pol, &fwd, pskb);
	}
	vsw_stats_drop(port->stats, why);
	kfree_skb(skb);
	return RX_HANDLER_CONSUMED;
}

/* ------------------------------------------------------------------ */
/* frames from the host                                               */

/*
 * Classification of the host's frame @skb (data at the MAC header), sent
 * by the switch device or an uplink: its VLAN (its tag's, else @pvid).
 */
static void vsw_host_classify(struct vsw_switch *sw, struct vsw_frame *fr,
			      struct sk_buff *skb, u16 pvid)
{
	fr->in = NULL;
	fr->stats = sw->host_stats;
	fr->pol = NULL;
	fr->up = NULL;
	fr->vid = vsw_host_vid(skb, pvid);
}

/* The leases in a frame of the host that enters the segment. */
static void vsw_host_snoop(struct vsw_switch *sw, struct vsw_frame *fr,
			   struct sk_buff *skb)
{
	if (unlikely(READ_ONCE(sw->ip_guard_ports))) {
		vsw_l3_parse(skb, ETH_HLEN, eth_hdr(skb)->h_proto, &fr->l3);
		vsw_bind_snoop(sw, NULL, skb, &fr->l3, fr->vid);
	}
}

/*
 * The host's unicast frame @skb (data at the MAC header) to the guest port
 * fwd->dst, which takes it unless @why; consumes it.
 */
static void vsw_host_to_port(struct vsw_switch *sw, const struct vsw_fwd *fwd,
			     struct sk_buff *skb, u16 vid, int why)
{
	vsw_stats_rx(sw->host_stats, skb->len, false);
	if (unlikely(why)) {
		vsw_stats_drop(sw->host_stats, why);
		kfree_skb(skb);
		return;
	}
	if (unlikely(READ_ONCE(sw->promisc_ports)))
		vsw_promisc(sw, NULL, fwd->dst, skb, sw->host_stats, vid);
	vsw_port_xmit(fwd->dst, skb, sw->host_stats, vid);
}

/*
 * The egress hook of a bridged switch's uplink: the host's frames for a
 * guest go to the guest's port instead of the wire, and the host's
 * broadcast and multicast go to the guests as well as out. What leaves
 * for the wire is mirrored as the uplink's.
 */
unsigned int vsw_uplink_egress(void *priv, struct sk_buff *skb,
			       const struct nf_hook_state *state)
{
	struct vsw_port *up = priv, *mirror;
	struct vsw_switch *sw = up->sw;
	struct sk_buff *nskb;
	struct vsw_frame fr;
	struct vsw_fwd fwd;
	int why;

	if (__this_cpu_read(vsw_uplink_xmit) || !netif_running(sw->dev) ||
	    unlikely(!pskb_may_pull(skb, ETH_HLEN)))
		return NF_ACCEPT;
	skb_reset_mac_header(skb);
	vsw_host_classify(sw, &fr, skb,
			  vsw_policy_pvid(rcu_dereference(up->policy)));
	why = vsw_decide(sw, &fr, skb, &fwd);
	if (fwd.to == VSW_TO_PORT && fwd.dst != up) {
		vsw_host_snoop(sw, &fr, skb);
		vsw_host_to_port(sw, &fwd, skb, fr.vid, why);
		return NF_STOLEN;
	}
	if (fwd.to == VSW_TO_FLOOD && !fwd.unknown) {
		vsw_stats_rx(sw->host_stats, skb->len, true);
		nskb = skb_clone(skb, GFP_ATOMIC);
		if (nskb)
			vsw_flood(sw, up, sw->host_stats, nskb, fr.vid, false);
		else
			vsw_stats_drop(sw->host_stats, VSW_DROP_NOMEM);
	} else if (unlikely(READ_ONCE(sw->promisc_ports))) {
		vsw_promisc(sw, NULL, up, skb, sw->host_stats, fr.vid);
	}
	mirror = rcu_dereference(up->mirror_tx);
	if (unlikely(mirror))
		vsw_mirror_copy(mirror, skb);
	return NF_ACCEPT;
}

netdev_tx_t vsw_host_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct vsw_switch *sw = netdev_priv(dev);
	const struct vsw_policy *host_pol;
	struct vsw_frame fr;
	struct vsw_fwd fwd;
	int why;

	if (unlikely(!vsw_has_host(sw))) {
		vsw_stats_drop(sw->host_stats, VSW_DROP_HOST);
		goto drop;
	}
	if (unlikely(!pskb_may_pull(skb, ETH_HLEN))) {
		vsw_stats_drop(sw->host_stats, VSW_DROP_BAD_SRC);
		goto drop;
	}
	skb_reset_mac_header(skb);
	rcu_read_lock();
	host_pol = rcu_dereference(sw->host_policy);
	vsw_host_classify(sw, &fr, skb, vsw_policy_pvid(host_pol));
	if (unlikely(!vsw_policy_carries(host_pol, fr.vid))) {
		vsw_stats_drop(sw->host_stats, VSW_DROP_VLAN);
		kfree_skb(skb);
		goto out;
	}
	vsw_host_snoop(sw, &fr, skb);
	why = vsw_decide(sw, &fr, skb, &fwd);
	if (fwd.to == VSW_TO_PORT) {
		vsw_host_to_port(sw, &fwd, skb, fr.vid, why);
	} else if (fwd.to == VSW_TO_HOST) {
		/* To the host's own address: nothing to switch. */
		vsw_stats_rx(sw->host_stats, skb->len, false);
		vsw_stats_drop(sw->host_stats, VSW_DROP_SAME_PORT);
		kfree_skb(skb);
	} else {
		vsw_stats_rx(sw->host_stats, skb->len, true);
		vsw_flood(sw, NULL, sw->host_stats, skb, fr.vid, false);
	}
out:
	rcu_read_unlock();
	return NETDEV_TX_OK;

drop:
	kfree_skb(skb);
	return NETDEV_TX_OK;
}
