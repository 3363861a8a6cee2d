/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vswitch: a port's policy: VLANs, guards, isolation, storm limit (policy.c).
 */
#ifndef _VSW_POLICY_H
#define _VSW_POLICY_H

#include <linux/if_vlan.h>
#include <linux/in6.h>
#include <net/genetlink.h>

#include "parse.h"
#include "vswitch.h"

/*
 * A port's policy (policy.c), replaced whole under RTNL and read under RCU;
 * NULL is the default: PVID 0, every VID carried, no guard.
 */
struct vsw_policy {
	u16 pvid;			/* untagged frames' VLAN */
	bool vlan_filter;		/* carries only @vlans tagged */
	bool isolated;
	bool mac_guard;
	bool dhcp_guard;
	bool router_guard;
	bool dhcp_trust;
	bool ip_guard;
	bool bpdu_guard;
	u8 promisc;			/* enum vsw_promisc */
	u8 n_macs;
	u8 n_ips;
	u32 storm_limit;		/* frames per second, 0: none */
	u8 macs[VSW_PORT_MACS_MAX][ETH_ALEN];
	struct in6_addr ips[VSW_PORT_IPS_MAX];	/* IPv4 mapped */
	DECLARE_BITMAP(vlans, VLAN_N_VID);
	struct rcu_head rcu;
};

static inline bool vsw_policy_carries(const struct vsw_policy *pol, u16 vid)
{
	if (!pol)
		return true;
	if (vid == pol->pvid)
		return true;
	return vid && (!pol->vlan_filter || test_bit(vid, pol->vlans));
}

static inline bool vsw_policy_ip_guard(const struct vsw_policy *pol)
{
	return pol && pol->ip_guard;
}

static inline u16 vsw_policy_pvid(const struct vsw_policy *pol)
{
	return pol ? pol->pvid : 0;
}

/* Whether a port with @pol has VLAN settings (a PVID, or a VLAN filter). */
static inline bool vsw_policy_vlans(const struct vsw_policy *pol)
{
	return pol && (pol->pvid || pol->vlan_filter);
}

/*
 * A frame (data at the MAC header) that still has a tag in its data under
 * the one in the skb: QinQ, which only transparent ports pass. Frames the
 * host sends may have their only tag in the data: not QinQ.
 */
static inline bool vsw_qinq(const struct sk_buff *skb)
{
	return unlikely(eth_type_vlan(eth_hdr(skb)->h_proto)) &&
	       skb_vlan_tag_present(skb);
}

/* Whether a port with @pol has guards that read a frame's IP headers. */
static inline bool vsw_policy_l3_guards(const struct vsw_policy *pol)
{
	return pol && (pol->ip_guard || pol->dhcp_guard || pol->router_guard);
}

int vsw_policy_vid_in(const struct vsw_policy *pol, struct sk_buff *skb,
		      u16 *vid);
void vsw_policy_vid_out(const struct vsw_policy *pol, struct sk_buff *skb,
			u16 vid);
int vsw_policy_guard(struct vsw_port *port, const struct vsw_policy *pol,
		     struct sk_buff *skb, const struct vsw_l3 *l3);
bool vsw_policy_storm_ok(struct vsw_port *port,
			 const struct vsw_policy *pol);
int vsw_policy_set(struct vsw_switch *sw, struct vsw_port *port,
		   struct nlattr **attrs, struct netlink_ext_ack *extack);
int vsw_policy_set_defaults(struct vsw_switch *sw, struct nlattr **attrs,
			    struct netlink_ext_ack *extack);
int vsw_policy_port_init(struct vsw_port *port);
void vsw_policy_recount(struct vsw_switch *sw);
int vsw_policy_fill(struct sk_buff *skb, const struct vsw_port *port,
		    const struct vsw_policy *pol);
int vsw_policy_fill_defaults(struct sk_buff *skb, struct vsw_switch *sw);

/* VSW_CMD_PORT_SET and SWITCH_SET (netlink.h). */
int vsw_policy_nl_port_set(struct sk_buff *skb, struct genl_info *info);
int vsw_policy_nl_defaults_check(struct genl_info *info);
int vsw_policy_nl_switch_set(struct sk_buff *skb, struct genl_info *info);

#endif /* _VSW_POLICY_H */
