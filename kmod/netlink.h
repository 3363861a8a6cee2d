/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vswitch: what the generic netlink family (netlink.c) offers the handlers
 * of each object (fdb.c, policy.c, mirror.c, bind.c, and the NAT module's
 * nat_netlink.c).
 *
 * Requests: the family's pre_doit takes what an operation's internal_flags
 * ask for, RTNL and the switch and port the request names, and post_doit
 * lets them go; the handler finds them with vsw_nl_sw() and vsw_nl_port().
 * An operation whose attributes are checked before anything is looked up
 * has a check function in the family's table (netlink.c), run first.
 *
 * Dumps: vsw_nl_dump() and vsw_nl_dump_walk() walk a namespace's switches,
 * their cursor in cb->ctx, and flag a dump that spans a change.
 */
#ifndef _VSW_NETLINK_H
#define _VSW_NETLINK_H

#include <net/genetlink.h>
#include <net/sock.h>

#include "vswitch.h"

/* genl_small_ops.internal_flags: what pre_doit gets ready. */
#define VSW_NL_F_RTNL		BIT(0)	/* RTNL, held until post_doit */
#define VSW_NL_F_SWITCH		BIT(1)	/* the switch named (implies RTNL) */
#define VSW_NL_F_PORT		BIT(2)	/* and the port named, of that switch */
#define VSW_NL_F_PORT_OPT	BIT(3)	/* as _PORT, if one is named */
#define VSW_NL_F_PORT_HOST	BIT(4)	/* the port named, or a switch named
					 * as its own host port (port NULL)
					 */
#define VSW_NL_F_NAT		BIT(5)	/* NAT's: its module loaded first */
/* The flags that have pre_doit take RTNL (and post_doit release it). */
#define VSW_NL_F_LOCKED		(VSW_NL_F_RTNL | VSW_NL_F_SWITCH | \
				 VSW_NL_F_PORT | VSW_NL_F_PORT_OPT | \
				 VSW_NL_F_PORT_HOST)

/* A check of a request's own attributes, run before pre_doit's lookups. */
typedef int (*vsw_nl_check_fn)(struct genl_info *info);

extern const struct nla_policy vsw_nl_policy[VSW_A_MAX + 1];

/* The switch and port pre_doit found; the port may be NULL. */
static inline struct vsw_switch *vsw_nl_sw(struct genl_info *info)
{
	return info->user_ptr[0];
}

static inline struct vsw_port *vsw_nl_port(struct genl_info *info)
{
	return info->user_ptr[1];
}

struct vsw_switch *vsw_nl_switch_lookup(struct net *net, struct nlattr **attrs,
					struct netlink_ext_ack *extack);
struct vsw_port *vsw_nl_port_lookup(struct net *net, struct nlattr **attrs,
				    struct vsw_switch *sw,
				    struct netlink_ext_ack *extack);

static inline bool vsw_nl_has_port(struct nlattr **attrs)
{
	return attrs[VSW_A_PORT_IFINDEX] || attrs[VSW_A_PORT_IFNAME];
}

static inline bool vsw_nl_has_switch(struct nlattr **attrs)
{
	return attrs[VSW_A_IFINDEX] || attrs[VSW_A_IFNAME];
}

/* Messages of the family, and the attributes naming a switch or port. */
void *vsw_nl_msg_put(struct sk_buff *skb, u32 portid, u32 seq, int flags,
		     u8 cmd);
int vsw_nl_put_switch_id(struct sk_buff *skb, const struct vsw_switch *sw);
int vsw_nl_put_port_id(struct sk_buff *skb, const struct vsw_port *port);

/* A part of a dump: the next message, NLM_F_MULTI, to the requester. */
static inline void *vsw_nl_dump_put(struct sk_buff *skb,
				    struct netlink_callback *cb, u8 cmd)
{
	return vsw_nl_msg_put(skb, NETLINK_CB(cb->skb).portid,
			      cb->nlh->nlmsg_seq, NLM_F_MULTI, cmd);
}

/*
 * Dumps. @fn puts @sw's objects from the @*idx-th on, counting @*idx up
 * with each: 0 when it is through with @sw, -EMSGSIZE when @skb is full
 * (the dump goes on from there in the next part), another error to end
 * the dump with it.
 */
typedef int (*vsw_nl_dump_fn)(struct sk_buff *skb, struct netlink_callback *cb,
			      struct vsw_switch *sw, long *idx);

enum vsw_nl_dump_which {
	VSW_NL_DUMP_ALL,	/* every switch; a switch named is ignored */
	VSW_NL_DUMP_FILTER,	/* the switch named, or every switch */
	VSW_NL_DUMP_ONE,	/* the switch named, which must be */
};

int vsw_nl_dump(struct sk_buff *skb, struct netlink_callback *cb,
		enum vsw_nl_dump_which which, vsw_nl_dump_fn fn);
int vsw_nl_dump_walk(struct sk_buff *skb, struct netlink_callback *cb,
		     struct vsw_switch *one, vsw_nl_dump_fn fn);

/*
 * Objects that change without the namespace's generation moving (the FDB,
 * in softirq) give the dump theirs instead, with the namespace's device
 * list's (a switch replaced between parts): the namespace's own moves with
 * every lease and port change, which say nothing of the FDB. Call from @fn
 * of a dump of one switch (VSW_NL_DUMP_ONE), in every part.
 */
static inline void vsw_nl_dump_gen(struct netlink_callback *cb, u32 gen)
{
	cb->seq = (READ_ONCE(sock_net(cb->skb->sk)->dev_base_seq) + gen) ?: 1;
}

/* Events, to the family's multicast group in @net. */
bool vsw_nl_listening(struct net *net);
void vsw_nl_multicast(struct net *net, struct sk_buff *skb, gfp_t gfp);

#endif /* _VSW_NETLINK_H */
