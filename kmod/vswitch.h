/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vswitch: the core's types (a switch, a port) and the
 * functions of device.c, port.c, forward.c and netlink.c. Each other job
 * has a header of its own: fdb.h, policy.h, bind.h, mirror.h, nat.h.
 *
 * Locking:
 *  - RTNL serialises every change of a switch's settings and port list.
 *  - The port list and the FDB are read under RCU on the fast path.
 *  - sw->fdb_lock (BH) serialises FDB changes: learning in softirq, aging in
 *    a work item, and netlink requests.
 */
#ifndef _VSW_VSWITCH_H
#define _VSW_VSWITCH_H

#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/rhashtable-types.h>
#include <linux/workqueue.h>
#include <linux/vswitch.h>

#include "stats.h"

struct vsw_switch;
struct vsw_fdb;
struct vsw_policy;
struct vsw_leases;
struct vsw_mirror;
struct vsw_nat;
struct vsw_nat_ops;

struct vsw_port {
	struct list_head list;		/* in sw->ports, RCU */
	struct net_device *dev;
	struct vsw_switch *sw;
	struct vsw_pcpu_stats __percpu *stats;
	u32 fdb_count;			/* learned entries; sw->fdb_lock */
	u32 fdb_max;			/* 0: unlimited */
	bool uplink;			/* a bridged switch's uplink */
	struct nf_hook_ops egress;	/* uplink: the host's frames to guests */
	struct vsw_policy __rcu *policy;
	/* mac-guard without a list: the first source seen (sw->fdb_lock) */
	bool guard_mac_set;
	u8 guard_mac[ETH_ALEN];
	/* storm limit: frames counted in the second that began at start */
	unsigned long storm_start;
	atomic_t storm_count;
	struct vsw_leases __rcu *leases;
	/* Mirroring: where copies of the port's frames go (NULL: nowhere),
	 * the mirror the port is a source of and the one it is the
	 * destination of (RTNL).
	 */
	struct vsw_port __rcu *mirror_rx;
	struct vsw_port __rcu *mirror_tx;
	struct vsw_mirror *mirror;
	struct vsw_mirror *mirror_dest;
	/* enum vsw_shut: RTNL or the BPDU guard (cmpxchg) to change */
	u32 shut;
	struct rcu_head rcu;
};

struct vsw_switch {
	struct net_device *dev;
	u32 mode;			/* enum vsw_mode, fixed at creation */
	struct list_head ports;		/* RTNL to change, RCU to read */
	u32 port_count;
	bool mtu_auto;			/* MTU follows the smallest port's */
	u16 group_fwd_mask;		/* link-local groups forwarded; RTNL */

	/* The host as a member of the segment: rx is what the host sent into
	 * the switch, tx what the switch delivered to the host.
	 */
	struct vsw_pcpu_stats __percpu *host_stats;

	/* Forwarding database, see fdb.c. */
	struct rhashtable fdb_hash;
	struct list_head fdb_list;	/* all entries, oldest first */
	spinlock_t fdb_lock;
	u32 fdb_learned;		/* fdb_lock to change */
	u32 fdb_static;			/* fdb_lock to change */
	u32 fdb_max;			/* 0: unlimited */
	unsigned long ageing;		/* jiffies, 0: never */
	atomic_t fdb_gen;		/* removals and moves, for dumps */
	struct delayed_work gc_work;

	/* Nat mode: the NAT module's operations and its state (nat.h) */
	const struct vsw_nat_ops *nat_ops;
	struct vsw_nat *nat;
	bool dying;			/* being deleted: RTNL */

	/* Bridged mode: the uplink (also in sw->ports), and the name of the
	 * last one if its device went away ("" otherwise); RTNL to change.
	 */
	struct vsw_port __rcu *uplink;
	char uplink_gone[IFNAMSIZ];

	/* The host port's VLANs (only VLAN settings apply to it). */
	struct vsw_policy __rcu *host_policy;

	/* What a new guest port starts with (NULL: the defaults); RTNL. */
	struct vsw_policy *port_defaults;
	/* Ports with ip-guard on (leases are snooped for them) and ports
	 * that get copies of others' traffic; RTNL to change.
	 */
	u32 ip_guard_ports;
	u32 promisc_ports;
	struct list_head mirrors;	/* RTNL */
};

/* device.c */
extern struct rtnl_link_ops vsw_link_ops;

static inline bool netif_is_vswitch(const struct net_device *dev)
{
	return dev->rtnl_link_ops == &vsw_link_ops;
}

/* The switch device is the host's interface on the segment. */
static inline bool vsw_has_host(const struct vsw_switch *sw)
{
	return sw->mode == VSW_MODE_HOST_ONLY || sw->mode == VSW_MODE_NAT;
}

void vsw_switch_stats(struct vsw_switch *sw, struct vsw_stats *sum);

/* port.c */
int vsw_port_add(struct vsw_switch *sw, struct net_device *dev,
		 struct netlink_ext_ack *extack);
void vsw_port_del(struct vsw_port *port);
void vsw_port_del_all(struct vsw_switch *sw);
struct vsw_port *vsw_port_get_rtnl(const struct net_device *dev);
void vsw_mtu_auto_adjust(struct vsw_switch *sw);
int vsw_uplink_check(struct vsw_switch *sw, struct net_device *dev,
		     struct netlink_ext_ack *extack);
int vsw_uplink_set(struct vsw_switch *sw, struct net_device *dev,
		   struct netlink_ext_ack *extack);
void vsw_uplink_carrier(struct vsw_switch *sw);
enum vsw_uplink_state vsw_uplink_state(struct vsw_switch *sw);
int vsw_netdev_notifier_init(void);
void vsw_netdev_notifier_exit(void);

/* forward.c */
rx_handler_result_t vsw_handle_frame(struct sk_buff **pskb);
netdev_tx_t vsw_host_xmit(struct sk_buff *skb, struct net_device *dev);
unsigned int vsw_uplink_egress(void *priv, struct sk_buff *skb,
			       const struct nf_hook_state *state);

/* netlink.c */
int vsw_genl_init(void);
void vsw_genl_exit(void);
int vsw_net_init(void);
void vsw_net_exit(void);
void vsw_net_changed(const struct net *net);
u32 vsw_net_dump_seq(const struct net *net);
void vsw_nl_notify_port(struct vsw_port *port, u8 cmd);
void vsw_nl_notify_shut(struct vsw_port *port);

#endif /* _VSW_VSWITCH_H */
