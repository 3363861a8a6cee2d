/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vswitch: a port's counters (stats.c). One enum names them all; a table in
 * stats.c gives each its netlink attribute and its name, so reading,
 * summing, filling a message and ethtool's strings are loops over it.
 * Adding a counter is a line in the enum (in its group), one in the table
 * and one in the uapi header.
 */
#ifndef _VSW_STATS_H
#define _VSW_STATS_H

#include <linux/percpu.h>
#include <linux/u64_stats_sync.h>

struct sk_buff;

enum vsw_ctr {
	VSW_CTR_RX_PACKETS,
	VSW_CTR_RX_BYTES,
	VSW_CTR_TX_PACKETS,
	VSW_CTR_TX_BYTES,
	VSW_CTR_FLOODED,
	VSW_CTR_LEARN_REFUSED,
	VSW_CTR_NAT_OUT,
	VSW_CTR_NAT_IN,
	/* Drops, each under its reason: a guard or a decision returns one
	 * of these (never 0: 0 lets a frame through).
	 */
	VSW_DROP_BAD_SRC,
	VSW_DROP_SAME_PORT,
	VSW_DROP_HOST,
	VSW_DROP_DOWN,
	VSW_DROP_MTU,
	VSW_DROP_NOMEM,
	VSW_DROP_NAT,
	VSW_DROP_NO_ROUTE,
	VSW_DROP_NOT_GUEST,
	VSW_DROP_VLAN,
	VSW_DROP_ISOLATED,
	VSW_DROP_MAC_GUARD,
	VSW_DROP_DHCP_GUARD,
	VSW_DROP_ROUTER_GUARD,
	VSW_DROP_STORM,
	VSW_DROP_IP_GUARD,
	VSW_DROP_MIRROR,
	VSW_DROP_LINK_LOCAL,
	VSW_DROP_BPDU_GUARD,
	VSW_DROP_SHUT,
	VSW_CTR_MAX
};

#define VSW_DROP_FIRST	VSW_DROP_BAD_SRC

struct vsw_pcpu_stats {
	u64_stats_t ctr[VSW_CTR_MAX];
	struct u64_stats_sync syncp;
};

/* A snapshot of the counters, summed over the CPUs (and ports). */
struct vsw_stats {
	u64 ctr[VSW_CTR_MAX];
};

static inline void vsw_stats_inc(struct vsw_pcpu_stats __percpu *pcpu,
				 enum vsw_ctr ctr)
{
	struct vsw_pcpu_stats *s = this_cpu_ptr(pcpu);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->ctr[ctr]);
	u64_stats_update_end(&s->syncp);
}

/* A frame dropped for @reason (VSW_DROP_*). */
static inline void vsw_stats_drop(struct vsw_pcpu_stats __percpu *pcpu,
				  enum vsw_ctr reason)
{
	vsw_stats_inc(pcpu, reason);
}

/* A frame of @len bytes in (rx, @flooded or not) or out (tx). */
static inline void vsw_stats_rx(struct vsw_pcpu_stats __percpu *pcpu,
				unsigned int len, bool flooded)
{
	struct vsw_pcpu_stats *s = this_cpu_ptr(pcpu);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->ctr[VSW_CTR_RX_PACKETS]);
	u64_stats_add(&s->ctr[VSW_CTR_RX_BYTES], len);
	if (flooded)
		u64_stats_inc(&s->ctr[VSW_CTR_FLOODED]);
	u64_stats_update_end(&s->syncp);
}

static inline void vsw_stats_tx(struct vsw_pcpu_stats __percpu *pcpu,
				unsigned int len)
{
	struct vsw_pcpu_stats *s = this_cpu_ptr(pcpu);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->ctr[VSW_CTR_TX_PACKETS]);
	u64_stats_add(&s->ctr[VSW_CTR_TX_BYTES], len);
	u64_stats_update_end(&s->syncp);
}

void vsw_stats_read(struct vsw_pcpu_stats __percpu *pcpu, struct vsw_stats *s);
void vsw_stats_add(struct vsw_stats *sum, const struct vsw_stats *s);
u64 vsw_stats_drops(const struct vsw_stats *s);
int vsw_stats_fill(struct sk_buff *skb, int attr, const struct vsw_stats *s);
void vsw_stats_strings(u8 *data);

#endif /* _VSW_STATS_H */
