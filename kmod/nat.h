/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vswitch: the core's interface to NAT.
 *
 * NAT is a module of its own, vswitch_nat.ko, because it needs conntrack
 * and nf_nat: the core (vswitch.ko) loads on a host without them, and runs
 * internal, host-only and bridged switches. The NAT module registers its
 * operations when it loads; a nat switch keeps them (sw->nat_ops) for its
 * life, and the NAT module deletes its switches before it unloads, as the
 * core deletes every switch before it does.
 *
 * Every operation but from_guest() is called under RTNL; from_guest()
 * under RCU, from the switch's data path. The switch's NAT state,
 * sw->nat, is the NAT module's own (nat_priv.h).
 */
#ifndef _VSW_NAT_H
#define _VSW_NAT_H

#include <linux/netlink.h>
#include <net/genetlink.h>

#include "netlink.h"
#include "vswitch.h"

#define VSW_NAT_MODULE	"vswitch_nat"
#define VSW_NAT_MISSING	\
	"nat switches need the " VSW_NAT_MODULE " module (modprobe " VSW_NAT_MODULE ")"

struct vsw_nat_ops {
	/* A nat switch's life: whether @net has a conntrack zone for one
	 * more, its NAT state made (before its FDB has any entry), and
	 * undone and freed when it is unregistered. Nothing of NAT's runs
	 * after that: the device may outlive the module (a reference held
	 * elsewhere keeps it until its destructor runs).
	 */
	bool (*zone_left)(struct net *net);
	int (*init)(struct vsw_switch *sw, struct netlink_ext_ack *extack);
	void (*uninit)(struct vsw_switch *sw);
	/* An IPv4 packet a guest sent to the gateway (data at the network
	 * header): true if NAT took it, false if the host's stack is to.
	 */
	bool (*from_guest)(struct vsw_switch *sw, struct vsw_port *port,
			   struct sk_buff *skb);
	/* @port leaves: the connections of the guests behind it end. */
	void (*port_del)(struct vsw_port *port);
	/* The switch's NAT attributes in a SWITCH_GET reply. */
	int (*fill)(struct sk_buff *skb, const struct vsw_switch *sw);
	/* VSW_CMD_NAT_SET, FWD_NEW, FWD_DEL and FWD_GET, under RTNL. */
	int (*nl_set)(struct sk_buff *skb, struct genl_info *info);
	int (*nl_fwd_new)(struct sk_buff *skb, struct genl_info *info);
	int (*nl_fwd_del)(struct sk_buff *skb, struct genl_info *info);
	int (*nl_fwd_dump)(struct sk_buff *skb, struct netlink_callback *cb);
};

int vsw_nat_register(const struct vsw_nat_ops *ops);
void vsw_nat_unregister(const struct vsw_nat_ops *ops);
const struct vsw_nat_ops *vsw_nat_ops_rtnl(void);
bool vsw_nat_loaded(void);

#endif /* _VSW_NAT_H */
