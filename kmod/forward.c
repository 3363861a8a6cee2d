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
#include <net/ip.h>

#include "vswitch.h"

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
 * Send @skb to every port that is up except @in (NULL: the host sent it).
 * If @to_host, the host gets a copy too: then @skb is returned for the
 * caller to deliver, otherwise it is consumed and NULL returned.
 */
static struct sk_buff *vsw_flood(struct vsw_switch *sw, struct vsw_port *in,
				 struct sk_buff *skb, bool to_host)
{
	struct vsw_pcpu_stats __percpu *in_stats;
	struct vsw_port *p, *prev = NULL;

	in_stats = in ? in->stats : sw->host_stats;
	list_for_each_entry_rcu(p, &sw->ports, list) {
		if (p == in || !vsw_port_up(p))
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

rx_handler_result_t vsw_handle_frame(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	bool flood = false, to_host = false;
	struct vsw_port *port, *dst = NULL;
	const struct ethhdr *eth;
	struct vsw_switch *sw;
	struct vsw_fdb *f;

	if (unlikely(skb->pkt_type == PACKET_LOOPBACK))
		return RX_HANDLER_PASS;

	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb))
		return RX_HANDLER_CONSUMED;

	port = rcu_dereference(skb->dev->rx_handler_data);
	sw = port->sw;
	eth = eth_hdr(skb);

	if (unlikely(!is_valid_ether_addr(eth->h_source))) {
		vsw_stats_drop(port->stats, VSW_DROP_BAD_SRC);
		goto drop;
	}
	if (unlikely(!netif_running(sw->dev))) {
		vsw_stats_drop(port->stats, VSW_DROP_DOWN);
		goto drop;
	}

	vsw_fdb_learn(sw, port, eth->h_source, 0);

	if (is_multicast_ether_addr(eth->h_dest)) {
		flood = true;
		to_host = vsw_has_host(sw);
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
		skb = vsw_flood(sw, port, skb, to_host);
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
		vsw_flood(sw, NULL, skb, false);
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
		vsw_flood(sw, NULL, skb, false);
	}
out:
	rcu_read_unlock();
	return NETDEV_TX_OK;

drop:
	kfree_skb(skb);
	return NETDEV_TX_OK;
}
