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

/*
 * Classify a frame entering by @port (data at the network header) and run
 * its guards: 0 with its VLAN in @vid, or the reason to drop it.
 */
static int vsw_ingress(struct vsw_port *port, const struct vsw_policy *pol,
		       struct sk_buff *skb, u16 *vid)
{
	if (unlikely(vsw_policy_vid_in(pol, skb, vid)))
		return VSW_DROP_VLAN;
	return pol ? vsw_policy_guard(port, pol, skb) : 0;
}

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
 * A frame from the LAN, received on a bridged switch's uplink @up. The host
 * gets what it would get without the switch; guests get the LAN's
 * broadcast and multicast and the unicast addressed to them, nothing else.
 */
static rx_handler_result_t vsw_uplink_frame(struct vsw_switch *sw,
					    struct vsw_port *up,
					    struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	const struct ethhdr *eth = eth_hdr(skb);
	struct net_device *dev = up->dev;
	const struct vsw_policy *pol;
	struct vsw_port *dst;
	struct vsw_fdb *f;
	int why;
	u16 vid;

	/* A guest's frame for the host, or the host's own traffic. */
	if (skb == __this_cpu_read(vsw_uplink_rx) ||
	    unlikely(!netif_running(sw->dev)))
		return RX_HANDLER_PASS;
	vsw_mirror_rx(up, skb);
	if (!is_multicast_ether_addr(eth->h_dest) &&
	    ether_addr_equal(eth->h_dest, dev->dev_addr)) {
		if (unlikely(READ_ONCE(sw->promisc_ports)))
			vsw_uplink_promisc(sw, up, skb);
		return RX_HANDLER_PASS;
	}

	/* The LAN's link-local frames are the host's, unless forwarded. */
	if (unlikely(is_link_local_ether_addr(eth->h_dest)) &&
	    !vsw_link_local_fwd(sw, eth->h_dest))
		return RX_HANDLER_PASS;
	pol = rcu_dereference(up->policy);
	why = vsw_ingress(up, pol, skb, &vid);
	if (unlikely(why)) {
		/* Not the switch's, but the host's still. */
		vsw_stats_drop(up->stats, why);
		return RX_HANDLER_PASS;
	}
	if (likely(is_valid_ether_addr(eth->h_source)))
		vsw_fdb_learn(sw, up, eth->h_source, vid);
	if (unlikely(READ_ONCE(sw->ip_guard_ports)))
		vsw_bind_snoop(sw, up, skb, skb->protocol, 0, vid);

	if (is_multicast_ether_addr(eth->h_dest)) {
		if (unlikely(!vsw_policy_storm_ok(up, pol))) {
			vsw_stats_drop(up->stats, VSW_DROP_STORM);
			return RX_HANDLER_PASS;
		}
		skb_push(skb, ETH_HLEN);
		vsw_stats_rx(up->stats, skb->len, true);
		skb = vsw_flood(sw, up, up->stats, skb, vid, true);
		__skb_pull(skb, ETH_HLEN);
		*pskb = skb;
		return RX_HANDLER_PASS;
	}

	f = vsw_fdb_find_rcu(sw, eth->h_dest, vid);
	dst = f ? READ_ONCE(f->port) : NULL;
	if (!dst || dst == up) {
		/* For a station that is not ours: the host sees it only if it
		 * listens for it (promiscuous for itself, a secondary
		 * address); the promiscuity is the switch's.
		 */
		if (unlikely(READ_ONCE(sw->promisc_ports)))
			vsw_uplink_promisc(sw, up, skb);
		if (dev->promiscuity > 1 || !netdev_uc_empty(dev))
			return RX_HANDLER_PASS;
		vsw_stats_drop(up->stats, VSW_DROP_NOT_GUEST);
		consume_skb(skb);
		return RX_HANDLER_CONSUMED;
	}
	if (unlikely(!vsw_port_up(dst) ||
		     !vsw_policy_carries(rcu_dereference(dst->policy), vid))) {
		vsw_stats_drop(up->stats, vsw_port_up(dst) ? VSW_DROP_VLAN :
							     VSW_DROP_DOWN);
		kfree_skb(skb);
		return RX_HANDLER_CONSUMED;
	}
	skb_push(skb, ETH_HLEN);
	vsw_stats_rx(up->stats, skb->len, false);
	if (unlikely(READ_ONCE(sw->promisc_ports)))
		vsw_promisc(sw, up, dst, skb, up->stats, vid);
	vsw_port_xmit(dst, skb, up->stats, vid);
	return RX_HANDLER_CONSUMED;
}

/* Whether the host takes frames of VLAN @vid from the segment. */
static bool vsw_host_carries(struct vsw_switch *sw, u16 vid)
{
	return vsw_has_host(sw) &&
	       vsw_policy_carries(rcu_dereference(sw->host_policy), vid);
}

rx_handler_result_t vsw_handle_frame(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	bool flood = false, to_host = false;
	struct vsw_port *port, *up = NULL, *dst = NULL;
	const struct vsw_policy *pol, *host_pol;
	const struct ethhdr *eth;
	struct vsw_switch *sw;
	struct vsw_fdb *f;
	int why;
	u16 vid;

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
	eth = eth_hdr(skb);
	if (unlikely(READ_ONCE(port->shut))) {
		/* Its cable is out. */
		vsw_stats_drop(port->stats, VSW_DROP_SHUT);
		goto drop;
	}
	vsw_mirror_rx(port, skb);
	if (unlikely(READ_ONCE(port->mirror_dest))) {
		/* A mirror's destination sends nothing into the switch. */
		vsw_stats_drop(port->stats, VSW_DROP_MIRROR);
		goto drop;
	}

	if (unlikely(!is_valid_ether_addr(eth->h_source))) {
		vsw_stats_drop(port->stats, VSW_DROP_BAD_SRC);
		goto drop;
	}
	if (unlikely(!netif_running(sw->dev))) {
		vsw_stats_drop(port->stats, VSW_DROP_DOWN);
		goto drop;
	}
	if (sw->mode == VSW_MODE_BRIDGED) {
		/* The host is behind the uplink: no guest may pose as it. */
		up = rcu_dereference(sw->uplink);
		if (up && unlikely(ether_addr_equal(eth->h_source,
						    up->dev->dev_addr))) {
			vsw_stats_drop(port->stats, VSW_DROP_BAD_SRC);
			goto drop;
		}
	}
	pol = rcu_dereference(port->policy);
	if (unlikely(is_link_local_ether_addr(eth->h_dest))) {
		if (!eth->h_dest[5] && pol && pol->bpdu_guard) {
			vsw_bpdu_guard_trip(port);
			vsw_stats_drop(port->stats, VSW_DROP_BPDU_GUARD);
			goto drop;
		}
		if (!vsw_link_local_fwd(sw, eth->h_dest)) {
			vsw_stats_drop(port->stats, VSW_DROP_LINK_LOCAL);
			goto drop;
		}
	}
	why = vsw_ingress(port, pol, skb, &vid);
	if (unlikely(why)) {
		vsw_stats_drop(port->stats, why);
		goto drop;
	}

	vsw_fdb_learn(sw, port, eth->h_source, vid);
	if (unlikely(READ_ONCE(sw->ip_guard_ports)))
		vsw_bind_snoop(sw, port, skb, skb->protocol, 0, vid);

	if (is_multicast_ether_addr(eth->h_dest)) {
		flood = true;
		to_host = vsw_host_carries(sw, vid) ||
			  (up && vsw_policy_carries(rcu_dereference(up->policy),
						    vid));
	} else if (up && ether_addr_equal(eth->h_dest, up->dev->dev_addr)) {
		to_host = vsw_policy_carries(rcu_dereference(up->policy), vid);
		if (!to_host) {
			vsw_stats_drop(port->stats, VSW_DROP_VLAN);
			goto drop;
		}
	} else {
		f = vsw_fdb_find_rcu(sw, eth->h_dest, vid);
		if (!f && vid && ether_addr_equal(eth->h_dest,
						  sw->dev->dev_addr)) {
			/* The host's address is local in every VLAN. */
			f = vsw_fdb_find_rcu(sw, eth->h_dest, 0);
		}
		if (!f) {
			/* Unknown unicast is not for the host unless it
			 * listens to everything.
			 */
			flood = true;
			to_host = vsw_host_carries(sw, vid) &&
				  (sw->dev->flags & IFF_PROMISC);
		} else {
			dst = READ_ONCE(f->port);
			why = 0;
			if (!dst) {
				to_host = vsw_host_carries(sw, vid);
				if (!to_host)
					why = vsw_has_host(sw) ? VSW_DROP_VLAN :
								 VSW_DROP_HOST;
			} else if (unlikely(dst == port)) {
				why = VSW_DROP_SAME_PORT;
			} else if (unlikely(!vsw_port_up(dst))) {
				why = VSW_DROP_DOWN;
			} else if (unlikely(pol || rcu_access_pointer(dst->policy))) {
				const struct vsw_policy *dpol;

				dpol = rcu_dereference(dst->policy);
				if (vsw_isolated(pol) && vsw_isolated(dpol))
					why = VSW_DROP_ISOLATED;
				else if (!vsw_policy_carries(dpol, vid) ||
					 (vsw_qinq(skb) &&
					  vsw_policy_vlans(dpol)))
					why = VSW_DROP_VLAN;
			}
			if (unlikely(why)) {
				vsw_stats_drop(port->stats, why);
				goto drop;
			}
		}
	}
	host_pol = up ? rcu_dereference(up->policy) :
		   rcu_dereference(sw->host_policy);
	if (to_host && vsw_qinq(skb) && vsw_policy_vlans(host_pol)) {
		/* Nor to a host port with VLAN settings (the host's stack
		 * would deliver it by its inner tag): a flood skips the host
		 * as it skips such ports.
		 */
		if (!flood) {
			vsw_stats_drop(port->stats, VSW_DROP_VLAN);
			goto drop;
		}
		to_host = false;
	}
	if (flood && unlikely(!vsw_policy_storm_ok(port, pol))) {
		vsw_stats_drop(port->stats, VSW_DROP_STORM);
		goto drop;
	}

	skb_push(skb, ETH_HLEN);
	vsw_stats_rx(port->stats, skb->len, flood);
	if (unlikely(READ_ONCE(sw->promisc_ports)) && !flood &&
	    (dst || to_host))
		vsw_promisc(sw, port, dst, skb, port->stats, vid);

	if (flood) {
		skb = vsw_flood(sw, port, port->stats, skb, vid, to_host);
		if (!skb)
			return RX_HANDLER_CONSUMED;
	} else if (dst) {
		vsw_port_xmit(dst, skb, port->stats, vid);
		return RX_HANDLER_CONSUMED;
	} else if (!to_host) {
		vsw_stats_drop(port->stats, VSW_DROP_HOST);
		goto drop;
	}

	if (up) {
		vsw_uplink_to_host(sw, up, skb, vid);
		return RX_HANDLER_CONSUMED;
	}
	if (sw->nat && !flood && vid == vsw_policy_pvid(host_pol) &&
	    skb->protocol == htons(ETH_P_IP)) {
		/* Sent to the gateway's address (not broadcast, multicast
		 * or flooded unknown unicast a promiscuous host sees): NAT
		 * takes what is not for the host.
		 */
		__skb_pull(skb, ETH_HLEN);
		if (sw->nat_ops->from_guest(sw, port, skb))
			return RX_HANDLER_CONSUMED;
		__skb_push(skb, ETH_HLEN);
	}

	/* Up the host's stack, as if received on the switch device, tagged
	 * as the host port carries the VLAN; eth_type_trans() only ever
	 * lowers pkt_type from PACKET_HOST.
	 */
	vsw_policy_vid_out(host_pol, skb, vid);
	vsw_stats_tx(sw->host_stats, skb->len);
	skb->pkt_type = PACKET_HOST;
	skb->protocol = eth_type_trans(skb, sw->dev);
	*pskb = skb;
	return RX_HANDLER_ANOTHER;

drop:
	kfree_skb(skb);
	return RX_HANDLER_CONSUMED;
}

/*
 * The host's unicast frame @skb (data at the MAC header) of VLAN @vid to
 * the guest port @dst; consumes it.
 */
static void vsw_host_to_port(struct vsw_switch *sw, struct vsw_port *dst,
			     struct sk_buff *skb, u16 vid)
{
	vsw_stats_rx(sw->host_stats, skb->len, false);
	if (unlikely(!vsw_port_fwd(dst) ||
		     !vsw_policy_carries(rcu_dereference(dst->policy), vid))) {
		vsw_stats_drop(sw->host_stats, vsw_port_up(dst) ?
				VSW_DROP_VLAN : VSW_DROP_DOWN);
		kfree_skb(skb);
		return;
	}
	if (unlikely(READ_ONCE(sw->promisc_ports)))
		vsw_promisc(sw, NULL, dst, skb, sw->host_stats, vid);
	vsw_port_xmit(dst, skb, sw->host_stats, vid);
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
	struct vsw_port *up = priv, *dst, *mirror;
	struct vsw_switch *sw = up->sw;
	const struct ethhdr *eth;
	struct sk_buff *nskb;
	struct vsw_fdb *f;
	u16 vid;

	if (__this_cpu_read(vsw_uplink_xmit) || !netif_running(sw->dev) ||
	    unlikely(!pskb_may_pull(skb, ETH_HLEN)))
		return NF_ACCEPT;
	skb_reset_mac_header(skb);
	eth = eth_hdr(skb);
	vid = vsw_host_vid(skb, vsw_policy_pvid(rcu_dereference(up->policy)));
	mirror = rcu_dereference(up->mirror_tx);

	if (is_multicast_ether_addr(eth->h_dest)) {
		vsw_stats_rx(sw->host_stats, skb->len, true);
		nskb = skb_clone(skb, GFP_ATOMIC);
		if (nskb)
			vsw_flood(sw, up, sw->host_stats, nskb, vid, false);
		else
			vsw_stats_drop(sw->host_stats, VSW_DROP_NOMEM);
		if (unlikely(mirror))
			vsw_mirror_copy(mirror, skb);
		return NF_ACCEPT;
	}

	f = vsw_fdb_find_rcu(sw, eth->h_dest, vid);
	dst = f ? READ_ONCE(f->port) : NULL;
	if (!dst || dst == up) {
		if (unlikely(READ_ONCE(sw->promisc_ports)))
			vsw_promisc(sw, NULL, up, skb, sw->host_stats, vid);
		if (unlikely(mirror))
			vsw_mirror_copy(mirror, skb);
		return NF_ACCEPT;
	}
	if (unlikely(READ_ONCE(sw->ip_guard_ports)))
		vsw_bind_snoop(sw, NULL, skb, eth->h_proto, ETH_HLEN, vid);
	vsw_host_to_port(sw, dst, skb, vid);
	return NF_STOLEN;
}

netdev_tx_t vsw_host_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct vsw_switch *sw = netdev_priv(dev);
	const struct vsw_policy *host_pol;
	const struct ethhdr *eth;
	struct vsw_port *dst;
	struct vsw_fdb *f;
	u16 vid;

	if (unlikely(!vsw_has_host(sw))) {
		vsw_stats_drop(sw->host_stats, VSW_DROP_HOST);
		goto drop;
	}
	if (unlikely(!pskb_may_pull(skb, ETH_HLEN))) {
		vsw_stats_drop(sw->host_stats, VSW_DROP_BAD_SRC);
		goto drop;
	}
	skb_reset_mac_header(skb);
	eth = eth_hdr(skb);
	rcu_read_lock();
	host_pol = rcu_dereference(sw->host_policy);
	vid = vsw_host_vid(skb, vsw_policy_pvid(host_pol));
	if (unlikely(!vsw_policy_carries(host_pol, vid))) {
		vsw_stats_drop(sw->host_stats, VSW_DROP_VLAN);
		kfree_skb(skb);
		goto out;
	}
	if (unlikely(READ_ONCE(sw->ip_guard_ports)))
		vsw_bind_snoop(sw, NULL, skb, eth->h_proto, ETH_HLEN, vid);
	if (is_multicast_ether_addr(eth->h_dest)) {
		vsw_stats_rx(sw->host_stats, skb->len, true);
		vsw_flood(sw, NULL, sw->host_stats, skb, vid, false);
		goto out;
	}
	f = vsw_fdb_find_rcu(sw, eth->h_dest, vid);
	dst = f ? READ_ONCE(f->port) : NULL;
	if (dst) {
		vsw_host_to_port(sw, dst, skb, vid);
	} else if (f) {
		/* To the host's own address: nothing to switch. */
		vsw_stats_rx(sw->host_stats, skb->len, false);
		vsw_stats_drop(sw->host_stats, VSW_DROP_SAME_PORT);
		kfree_skb(skb);
	} else {
		vsw_stats_rx(sw->host_stats, skb->len, true);
		vsw_flood(sw, NULL, sw->host_stats, skb, vid, false);
	}
out:
	rcu_read_unlock();
	return NETDEV_TX_OK;

drop:
	kfree_skb(skb);
	return NETDEV_TX_OK;
}
