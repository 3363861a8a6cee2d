/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vswitch: DHCP snooping and the IP guard's bindings (bind.c).
 */
#ifndef _VSW_BIND_H
#define _VSW_BIND_H

#include <linux/in6.h>
#include <linux/jiffies.h>
#include <net/genetlink.h>

#include "parse.h"
#include "vswitch.h"

/* A lease snooped for a port with ip-guard (bind.c). */
struct vsw_lease {
	struct in6_addr addr;		/* IPv4 mapped */
	u8 mac[ETH_ALEN];
	u16 vid;
	unsigned long expires;		/* jiffies; 0: never */
};

/* A port's leases, replaced whole under sw->fdb_lock, read under RCU. */
struct vsw_leases {
	unsigned int n;
	struct rcu_head rcu;
	struct vsw_lease l[];
};

int vsw_bind_guard(struct vsw_port *port, const struct vsw_policy *pol,
		   struct sk_buff *skb, const struct vsw_l3 *l3);
void vsw_bind_snoop(struct vsw_switch *sw, const struct vsw_port *from,
		    struct sk_buff *skb, const struct vsw_l3 *l3, u16 vid);
void vsw_bind_port_del(struct vsw_port *port);

/* VSW_CMD_BINDING_GET (netlink.h). */
int vsw_bind_nl_dump(struct sk_buff *skb, struct netlink_callback *cb);

static inline bool vsw_lease_live(const struct vsw_lease *l)
{
	return !l->expires || time_before(jiffies, l->expires);
}

#endif /* _VSW_BIND_H */
