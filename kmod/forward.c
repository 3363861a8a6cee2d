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
#include <linux/netdevice.h>
#include <linux/netfilter_netdev.h>
#include <net/ip.h>

#include "vswitch.h"

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

static void vsw_stats_rx(struct vsw_pcpu_stats __percpu *pcpu,
			 unsigned int len, bool flooded)
{
	struct vsw_pcpu_stats *s = this_cpu_ptr(pcpu);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->rx_packets);
	u64_stats_add(&s->rx_bytes, len);
	if (flooded)
		u64_stats_inc(&s->flooded);
	u64_stats_update_end(&s->syncp);
}

static void vsw_stats_tx(struct vsw_pcpu_stats __percpu *pcpu,
			 unsigned int len)
{
	struct vsw_pcpu_stats *s = this_cpu_ptr(pcpu);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->tx_packets);
	u64_stats_add(&s->tx_bytes, len);
	u64_stats_update_end(&s->syncp);
}

static bool vsw_port_up(const struct vsw_port *p)
{
	return netif_running(p->dev) && netif_carrier_ok(p->dev);
}

/* Send @skb (data at the MAC header) out of @p; consumes it. */
static void vsw_port_xmit(struct vsw_port *p, struct sk_buff *skb,
			  struct vsw_pcpu_stats __percpu *in_stats)
{
	if (unlikely(!is_skb_forwardable(p->dev, skb))) {
		vsw_stats_drop(in_stats, VSW_DROP_MTU);
		kfree_skb(skb);
		return;
	}
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
			  struct vsw_pcpu_stats __percpu *in_stats)
{
	struct sk_buff *nskb = skb_clone(skb, GFP_ATOMIC);

	if (likely(nskb))
		vsw_port_xmit(p, nskb, in_stats);
	else
		vsw_stats_drop(in_stats, VSW_DROP_NOMEM);
}

/*
 * Send @skb to every port that is up except @in (the port it came from, or
 * NULL), counting failures in @in_stats. What comes from an uplink never
 * goes out of another (a swap has both for a moment). If @to_host, the host
 * gets a copy too: then @skb is returned for the caller to deliver,
 * otherwise it is consumed and NULL returned.
 */
static struct sk_buff *vsw_flood(struct vsw_switch *sw, struct vsw_port *in,
				 struct vsw_pcpu_stats __percpu *in_stats,
				 struct sk_buff *skb, bool to_host)
{
	bool from_uplink = in && in->uplink;
	struct vsw_port *p, *prev = NULL;

	list_for_each_entry_rcu(p, &sw->ports, list) {
		if (p == in || !vsw_port_up(p) || (from_uplink && p->uplink))
			continue;
		if (prev)
			vsw_xmit_copy(prev, skb, in_stats);
		prev = p;
	}

	if (to_host) {
		if (prev)
			vsw_xmit_copy(prev, skb, in_stats);
		return skb;
	}
	if (prev)
		vsw_port_xmit(prev, skb, in_stats);
	else
		consume_skb(skb);
	return NULL;
}

/*
 * A frame a guest of a bridged switch sent to the host (or to everyone): up
 * the host's stack as received on the uplink @up, where the host has its
 * address. Consumes @skb (data at the MAC header).
 */
static void vsw_uplink_to_host(struct vsw_switch *sw, struct vsw_port *up,
			       struct sk_buff *skb)
{
	vsw_stats_tx(sw->host_stats, skb->len);
	skb->pkt_type = PACKET_HOST;
	skb->protocol = eth_type_trans(skb, up->dev);
	/* Synchronous, on this CPU: the uplink's rx handler sees the mark. */
	__this_cpu_write(vsw_uplink_rx, skb);
	netif_receive_skb_core(skb);
	__this_cpu_write(vsw_uplink_rx, NULL);
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
	struct vsw_port *dst;
	struct vsw_fdb *f;

	/* A guest's frame for the host, or the host's own traffic. */
	if (skb == __this_cpu_read(vsw_uplink_rx) ||
	    unlikely(!netif_running(sw->dev)))
		return RX_HANDLER_PASS;
	if (!is_multicast_ether_addr(eth->h_dest) &&
	    ether_addr_equal(eth->h_dest, dev->dev_addr))
		return RX_HANDLER_PASS;

	if (likely(is_valid_ether_addr(eth->h_source)))
		vsw_fdb_learn(sw, up, eth->h_source, 0);

	if (is_multicast_ether_addr(eth->h_dest)) {
		skb_push(skb, ETH_HLEN);
		vsw_stats_rx(up->stats, skb->len, true);
		skb = vsw_flood(sw, up, up->stats, skb, true);
		__skb_pull(skb, ETH_HLEN);
		*pskb = skb;
		return RX_HANDLER_PASS;
	}

	f = vsw_fdb_find_rcu(sw, eth->h_dest, 0);
	dst = f ? READ_ONCE(f->port) : NULL;
	if (!dst || dst == up) {
		/* For a station that is not ours: the host sees it only if it
		 * listens for it (promiscuous for itself, a secondary
		 * address); the promiscuity is the switch's.
		 */
		if (dev->promiscuity > 1 || !netdev_uc_empty(dev))
			return RX_HANDLER_PASS;
		vsw_stats_drop(up->stats, VSW_DROP_NOT_GUEST);
		consume_skb(skb);
		return RX_HANDLER_CONSUMED;
	}
	if (unlikely(!vsw_port_up(dst))) {
		vsw_stats_drop(up->stats, VSW_DROP_DOWN);
		kfree_skb(skb);
		return RX_HANDLER_CONSUMED;
	}
	skb_push(skb, ETH_HLEN);
	vsw_stats_rx(up->stats, skb->len, false);
	vsw_port_xmit(dst, skb, up->stats);
	return RX_HANDLER_CONSUMED;
}

rx_handler_result_t vsw_handle_frame(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	bool flood = false, to_host = false;
	struct vsw_port *port, *up = NULL, *dst = NULL;
	const struct ethhdr *eth;
	struct vsw_switch *sw;
	struct vsw_fdb *f;

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

	vsw_fdb_learn(sw, port, eth->h_source, 0);

	if (is_multicast_ether_addr(eth->h_dest)) {
		flood = true;
		to_host = vsw_has_host(sw) || up;
	} else if (up && ether_addr_equal(eth->h_dest, up->dev->dev_addr)) {
		to_host = true;
	} else {
		f = vsw_fdb_find_rcu(sw, eth->h_dest, 0);
		if (!f) {
			/* Unknown unicast is not for the host unless it
			 * listens to everything.
			 */
			flood = true;
			to_host = vsw_has_host(sw) &&
				  (sw->dev->flags & IFF_PROMISC);
		} else {
			dst = READ_ONCE(f->port);
			if (!dst) {
				to_host = vsw_has_host(sw);
			} else if (unlikely(dst == port)) {
				vsw_stats_drop(port->stats,
					       VSW_DROP_SAME_PORT);
				goto drop;
			} else if (unlikely(!vsw_port_up(dst))) {
				vsw_stats_drop(port->stats, VSW_DROP_DOWN);
				goto drop;
			}
		}
	}

	skb_push(skb, ETH_HLEN);
	vsw_stats_rx(port->stats, skb->len, flood);

	if (flood) {
		skb = vsw_flood(sw, port, port->stats, skb, to_host);
		if (!skb)
			return RX_HANDLER_CONSUMED;
	} else if (dst) {
		vsw_port_xmit(dst, skb, port->stats);
		return RX_HANDLER_CONSUMED;
	} else if (!to_host) {
		vsw_stats_drop(port->stats, VSW_DROP_HOST);
		goto drop;
	} else if (sw->nat && skb->protocol == htons(ETH_P_IP)) {
		/* To the gateway: NAT takes what is not for the host. */
		__skb_pull(skb, ETH_HLEN);
		if (vsw_nat_from_guest(sw, port, skb))
			return RX_HANDLER_CONSUMED;
		__skb_push(skb, ETH_HLEN);
	}

	if (up) {
		vsw_uplink_to_host(sw, up, skb);
		return RX_HANDLER_CONSUMED;
	}
	/* Up the host's stack, as if received on the switch device;
	 * eth_type_trans() only ever lowers pkt_type from PACKET_HOST.
	 */
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
 * The egress hook of a bridged switch's uplink: the host's frames for a
 * guest go to the guest's port instead of the wire, and the host's
 * broadcast and multicast go to the guests as well as out.
 */
unsigned int vsw_uplink_egress(void *priv, struct sk_buff *skb,
			       const struct nf_hook_state *state)
{
	struct vsw_port *up = priv, *dst;
	struct vsw_switch *sw = up->sw;
	const struct ethhdr *eth;
	struct sk_buff *nskb;
	struct vsw_fdb *f;

	if (__this_cpu_read(vsw_uplink_xmit) || !netif_running(sw->dev) ||
	    unlikely(!pskb_may_pull(skb, ETH_HLEN)))
		return NF_ACCEPT;
	eth = (const struct ethhdr *)skb->data;

	if (is_multicast_ether_addr(eth->h_dest)) {
		vsw_stats_rx(sw->host_stats, skb->len, true);
		nskb = skb_clone(skb, GFP_ATOMIC);
		if (nskb)
			vsw_flood(sw, up, sw->host_stats, nskb, false);
		else
			vsw_stats_drop(sw->host_stats, VSW_DROP_NOMEM);
		return NF_ACCEPT;
	}

	f = vsw_fdb_find_rcu(sw, eth->h_dest, 0);
	dst = f ? READ_ONCE(f->port) : NULL;
	if (!dst || dst == up)
		return NF_ACCEPT;
	vsw_stats_rx(sw->host_stats, skb->len, false);
	if (likely(vsw_port_up(dst))) {
		vsw_port_xmit(dst, skb, sw->host_stats);
	} else {
		vsw_stats_drop(sw->host_stats, VSW_DROP_DOWN);
		kfree_skb(skb);
	}
	return NF_STOLEN;
}

netdev_tx_t vsw_host_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct vsw_switch *sw = netdev_priv(dev);
	const struct ethhdr *eth;
	struct vsw_port *dst;
	struct vsw_fdb *f;

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
	/* Nothing outside reaches a nat switch's guests but through NAT: not
	 * even when the host routes (ip_forward=1).
	 */
	if (sw->nat && skb->protocol == htons(ETH_P_IP) &&
	    (IPCB(skb)->flags & IPSKB_FORWARDED)) {
		vsw_stats_drop(sw->host_stats, VSW_DROP_NAT);
		goto drop;
	}

	rcu_read_lock();
	if (is_multicast_ether_addr(eth->h_dest)) {
		vsw_stats_rx(sw->host_stats, skb->len, true);
		vsw_flood(sw, NULL, sw->host_stats, skb, false);
		goto out;
	}
	f = vsw_fdb_find_rcu(sw, eth->h_dest, 0);
	dst = f ? READ_ONCE(f->port) : NULL;
	if (dst) {
		vsw_stats_rx(sw->host_stats, skb->len, false);
		if (likely(vsw_port_up(dst))) {
			vsw_port_xmit(dst, skb, sw->host_stats);
		} else {
			vsw_stats_drop(sw->host_stats, VSW_DROP_DOWN);
			kfree_skb(skb);
		}
	} else if (f) {
		/* To the host's own address: nothing to switch. */
		vsw_stats_rx(sw->host_stats, skb->len, false);
		vsw_stats_drop(sw->host_stats, VSW_DROP_SAME_PORT);
		kfree_skb(skb);
	} else {
		vsw_stats_rx(sw->host_stats, skb->len, true);
		vsw_flood(sw, NULL, sw->host_stats, skb, false);
	}
out:
	rcu_read_unlock();
	return NETDEV_TX_OK;

drop:
	kfree_skb(skb);
	return NETDEV_TX_OK;
}
