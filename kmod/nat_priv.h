/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vswitch_nat: definitions shared by the NAT module's files, none of the
 * core's business. The design is in nat_main.c.
 */
#ifndef _VSW_NAT_PRIV_H
#define _VSW_NAT_PRIV_H

#include <linux/idr.h>
#include <net/route.h>
#include <net/netfilter/nf_conntrack_zones.h>

#include "nat.h"

/* Conntrack zones of nat switches, allocated per network namespace. */
#define VSW_NAT_ZONE_MIN	0xf000
#define VSW_NAT_ZONE_MAX	0xfffe

#define VSW_FWD_HASH_BITS	6

/* A port forward. */
struct vsw_nat_fwd {
	struct hlist_node node;		/* per-netns table, RCU */
	struct list_head list;		/* in sw->nat->fwds, RTNL */
	struct vsw_switch *sw;
	char name[VSW_FWD_NAME_LEN];
	u8 proto;
	__be16 host_port;
	__be16 guest_port;
	__be32 host_addr;		/* 0: every address of the host */
	__be32 guest_addr;
	struct rcu_head rcu;
};

/* Conntrack templates, one per timeout policy. */
enum {
	VSW_NAT_OTHER,
	VSW_NAT_TCP,
	VSW_NAT_UDP,
	VSW_NAT_TMPL_MAX
};

/* A nat switch's state. */
struct vsw_nat {
	struct nf_conntrack_zone zone;	/* original direction only */
	struct nf_conn *tmpl[VSW_NAT_TMPL_MAX];
	struct nf_ct_timeout *timeout[VSW_NAT_TMPL_MAX];
	u32 udp_timeout;		/* seconds, 0: default; RTNL */
	u32 tcp_timeout;
	u32 tcp_est_timeout;
	struct list_head fwds;		/* RTNL */
};

/* A network namespace's nat switches and forwards. */
struct vsw_nat_net {
	struct hlist_head fwd_hash[1 << VSW_FWD_HASH_BITS];
	struct idr zones;		/* zone id -> nat switch */
	unsigned int nat_switches;	/* the hooks are in while > 0 */
};

struct vsw_nat_net *vsw_nat_net(const struct net *net);

static inline bool vsw_addr_is_local(struct net *net, __be32 addr)
{
	return inet_addr_type(net, addr) == RTN_LOCAL;
}

/* nat_path.c: the data path */
extern const struct nf_hook_ops vsw_nat_hook_ops[4];
bool vsw_nat_from_guest(struct vsw_switch *sw, struct vsw_port *port,
			struct sk_buff *skb);
void vsw_nat_flush(struct vsw_switch *sw, struct vsw_port *port,
		   const struct vsw_nat_fwd *fwd);
void vsw_nat_port_del(struct vsw_port *port);

/* nat_fwd.c: port forwards */
struct vsw_nat_fwd *vsw_fwd_match(struct net *net, u8 proto, __be32 addr,
				  __be16 port);
int vsw_nat_fwd_add(struct vsw_switch *sw, const struct vsw_nat_fwd *req,
		    struct netlink_ext_ack *extack);
struct vsw_nat_fwd *vsw_nat_fwd_find(struct vsw_switch *sw, const char *name,
				     u8 proto, __be16 host_port);
void vsw_nat_fwd_del(struct vsw_nat_fwd *fwd);
void vsw_nat_fwd_del_all(struct vsw_switch *sw);

/* nat_main.c: a nat switch's life and settings */
void vsw_nat_set_timeouts(struct vsw_switch *sw, const u32 *udp,
			  const u32 *tcp, const u32 *tcp_est);

/* nat_netlink.c */
int vsw_nat_fill(struct sk_buff *skb, const struct vsw_switch *sw);
int vsw_nat_nl_set(struct sk_buff *skb, struct genl_info *info);
int vsw_nat_nl_fwd_new(struct sk_buff *skb, struct genl_info *info);
int vsw_nat_nl_fwd_del(struct sk_buff *skb, struct genl_info *info);
int vsw_nat_nl_fwd_dump(struct sk_buff *skb, struct netlink_callback *cb);

#endif /* _VSW_NAT_PRIV_H */
