// SPDX-License-Identifier: GPL-2.0
/*
 * A port's counters: per CPU, summed when read. See stats.h.
 */

#include <linux/ethtool.h>
#include <net/netlink.h>

#include "stats.h"
#include <linux/vswitch.h>

/* Each counter's attribute in VSW_A_STATS and its name (ethtool -S). */
static const struct {
	u16 attr;
	char name[ETH_GSTRING_LEN];
} vsw_ctrs[VSW_CTR_MAX] = {
	[VSW_CTR_RX_PACKETS]	= { VSW_STATS_RX_PACKETS, "rx_packets" },
	[VSW_CTR_RX_BYTES]	= { VSW_STATS_RX_BYTES, "rx_bytes" },
	[VSW_CTR_TX_PACKETS]	= { VSW_STATS_TX_PACKETS, "tx_packets" },
	[VSW_CTR_TX_BYTES]	= { VSW_STATS_TX_BYTES, "tx_bytes" },
	[VSW_CTR_FLOODED]	= { VSW_STATS_FLOODED, "flooded" },
	[VSW_CTR_LEARN_REFUSED]	= { VSW_STATS_LEARN_REFUSED, "learn_refused" },
	[VSW_CTR_NAT_OUT]	= { VSW_STATS_NAT_OUT, "nat_out" },
	[VSW_CTR_NAT_IN]	= { VSW_STATS_NAT_IN, "nat_in" },
	[VSW_DROP_BAD_SRC]	= { VSW_STATS_DROP_BAD_SRC, "drop_bad_src" },
	[VSW_DROP_SAME_PORT]	= { VSW_STATS_DROP_SAME_PORT, "drop_same_port" },
	[VSW_DROP_HOST]		= { VSW_STATS_DROP_HOST, "drop_host" },
	[VSW_DROP_DOWN]		= { VSW_STATS_DROP_DOWN, "drop_down" },
	[VSW_DROP_MTU]		= { VSW_STATS_DROP_MTU, "drop_mtu" },
	[VSW_DROP_NOMEM]	= { VSW_STATS_DROP_NOMEM, "drop_nomem" },
	[VSW_DROP_NAT]		= { VSW_STATS_DROP_NAT, "drop_nat" },
	[VSW_DROP_NO_ROUTE]	= { VSW_STATS_DROP_NO_ROUTE, "drop_no_route" },
	[VSW_DROP_NOT_GUEST]	= { VSW_STATS_DROP_NOT_GUEST, "drop_not_guest" },
	[VSW_DROP_VLAN]		= { VSW_STATS_DROP_VLAN, "drop_vlan" },
	[VSW_DROP_ISOLATED]	= { VSW_STATS_DROP_ISOLATED, "drop_isolated" },
	[VSW_DROP_MAC_GUARD]	= { VSW_STATS_DROP_MAC_GUARD, "drop_mac_guard" },
	[VSW_DROP_DHCP_GUARD]	= { VSW_STATS_DROP_DHCP_GUARD, "drop_dhcp_guard" },
	[VSW_DROP_ROUTER_GUARD]	= { VSW_STATS_DROP_ROUTER_GUARD, "drop_router_guard" },
	[VSW_DROP_STORM]	= { VSW_STATS_DROP_STORM, "drop_storm" },
	[VSW_DROP_IP_GUARD]	= { VSW_STATS_DROP_IP_GUARD, "drop_ip_guard" },
	[VSW_DROP_MIRROR]	= { VSW_STATS_DROP_MIRROR, "drop_mirror" },
	[VSW_DROP_LINK_LOCAL]	= { VSW_STATS_DROP_LINK_LOCAL, "drop_link_local" },
	[VSW_DROP_BPDU_GUARD]	= { VSW_STATS_DROP_BPDU_GUARD, "drop_bpdu_guard" },
	[VSW_DROP_SHUT]		= { VSW_STATS_DROP_SHUT, "drop_shut" },
};

void vsw_stats_read(struct vsw_pcpu_stats __percpu *pcpu, struct vsw_stats *s)
{
	struct vsw_stats c;
	unsigned int start;
	int cpu, i;

	memset(s, 0, sizeof(*s));
	for_each_possible_cpu(cpu) {
		const struct vsw_pcpu_stats *p = per_cpu_ptr(pcpu, cpu);

		do {
			start = u64_stats_fetch_begin(&p->syncp);
			for (i = 0; i < VSW_CTR_MAX; i++)
				c.ctr[i] = u64_stats_read(&p->ctr[i]);
		} while (u64_stats_fetch_retry(&p->syncp, start));
		vsw_stats_add(s, &c);
	}
}

void vsw_stats_add(struct vsw_stats *sum, const struct vsw_stats *s)
{
	int i;

	for (i = 0; i < VSW_CTR_MAX; i++)
		sum->ctr[i] += s->ctr[i];
}

/* Every frame dropped, whatever the reason. */
u64 vsw_stats_drops(const struct vsw_stats *s)
{
	u64 n = 0;
	int i;

	for (i = VSW_DROP_FIRST; i < VSW_CTR_MAX; i++)
		n += s->ctr[i];
	return n;
}

/* @s as the nested attribute @attr of a message. */
int vsw_stats_fill(struct sk_buff *skb, int attr, const struct vsw_stats *s)
{
	struct nlattr *nest;
	int i;

	nest = nla_nest_start(skb, attr);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < VSW_CTR_MAX; i++) {
		if (nla_put_u64_64bit(skb, vsw_ctrs[i].attr, s->ctr[i],
				      VSW_STATS_PAD)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* The counters' names, ETH_GSTRING_LEN bytes each, for ethtool -S. */
void vsw_stats_strings(u8 *data)
{
	int i;

	for (i = 0; i < VSW_CTR_MAX; i++)
		memcpy(data + i * ETH_GSTRING_LEN, vsw_ctrs[i].name,
		       ETH_GSTRING_LEN);
}
