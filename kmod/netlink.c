// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink family "vswitch": attribute parsing, replies, dumps and
 * events. The protocol is specified in uapi/linux/vswitch.h.
 */

#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/inetdevice.h>
#include <linux/rtnetlink.h>
#include <linux/kmod.h>
#include <net/genetlink.h>
#include <net/netns/generic.h>
#include <net/sock.h>

#include "bind.h"
#include "fdb.h"
#include "mirror.h"
#include "nat.h"
#include "netlink.h"
#include "policy.h"

static struct genl_family vsw_genl_family;

struct vsw_nl_net {
	atomic_t gen;			/* lists the dumps walk, see below */
};

static unsigned int vsw_nl_net_id __read_mostly;

/*
 * The lists the dumps walk by index from one part to the next (ports,
 * mirrors, forwards, bindings) changed in @net: a dump that spans the
 * change says so (NLM_F_DUMP_INTR) instead of skipping or repeating one.
 */
void vsw_net_changed(const struct net *net)
{
	struct vsw_nl_net *vn = net_generic(net, vsw_nl_net_id);

	atomic_inc(&vn->gen);
}
EXPORT_SYMBOL_GPL(vsw_net_changed);

/* cb->seq of a dump in @net: switches come and go with dev_base_seq. */
u32 vsw_net_dump_seq(const struct net *net)
{
	struct vsw_nl_net *vn = net_generic(net, vsw_nl_net_id);

	return (READ_ONCE(net->dev_base_seq) + (u32)atomic_read(&vn->gen)) ?: 1;
}
EXPORT_SYMBOL_GPL(vsw_net_dump_seq);

static struct pernet_operations vsw_nl_net_ops = {
	.id	= &vsw_nl_net_id,
	.size	= sizeof(struct vsw_nl_net),
};

static struct netlink_range_validation vsw_timeout_range = {
	.max = VSW_NAT_TIMEOUT_MAX,
};

const struct nla_policy vsw_nl_policy[VSW_A_MAX + 1] = {
	[VSW_A_IFINDEX]		= { .type = NLA_U32 },
	[VSW_A_IFNAME]		= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[VSW_A_MODE]		= { .type = NLA_REJECT,
				    .reject_message = "the mode is set at creation (rtnetlink)" },
	[VSW_A_AGEING]		= { .type = NLA_REJECT,
				    .reject_message = "switch settings change through rtnetlink" },
	[VSW_A_FDB_MAX]		= { .type = NLA_REJECT,
				    .reject_message = "switch settings change through rtnetlink" },
	[VSW_A_FDB_COUNT]	= { .type = NLA_REJECT },
	[VSW_A_FDB_STATIC]	= { .type = NLA_REJECT },
	[VSW_A_PORT_COUNT]	= { .type = NLA_REJECT },
	[VSW_A_STATS]		= { .type = NLA_REJECT },
	[VSW_A_PORT_IFINDEX]	= { .type = NLA_U32 },
	[VSW_A_PORT_IFNAME]	= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[VSW_A_PORT_FDB_MAX]	= { .type = NLA_U32 },
	[VSW_A_PORT_FDB_COUNT]	= { .type = NLA_REJECT },
	[VSW_A_FDB_MAC]		= NLA_POLICY_ETH_ADDR,
	[VSW_A_FDB_VLAN]	= NLA_POLICY_MAX(NLA_U16, VLAN_N_VID - 2),
	[VSW_A_FDB_FLAGS]	= { .type = NLA_REJECT },
	[VSW_A_FDB_AGE]		= { .type = NLA_REJECT },
	[VSW_A_EVENT]		= { .type = NLA_REJECT },
	[VSW_A_NAT_ZONE]	= { .type = NLA_REJECT },
	[VSW_A_NAT_UDP_TIMEOUT]	= NLA_POLICY_FULL_RANGE(NLA_U32, &vsw_timeout_range),
	[VSW_A_NAT_TCP_TIMEOUT]	= NLA_POLICY_FULL_RANGE(NLA_U32, &vsw_timeout_range),
	[VSW_A_NAT_TCP_EST_TIMEOUT] = NLA_POLICY_FULL_RANGE(NLA_U32, &vsw_timeout_range),
	[VSW_A_FWD_NAME]	= { .type = NLA_NUL_STRING, .len = VSW_FWD_NAME_LEN - 1 },
	[VSW_A_FWD_PROTO]	= { .type = NLA_U8 },
	[VSW_A_FWD_HOST_ADDR]	= { .type = NLA_BE32 },
	[VSW_A_FWD_HOST_PORT]	= NLA_POLICY_MIN(NLA_U16, 1),
	[VSW_A_FWD_GUEST_ADDR]	= { .type = NLA_BE32 },
	[VSW_A_FWD_GUEST_PORT]	= NLA_POLICY_MIN(NLA_U16, 1),
	[VSW_A_UPLINK_IFINDEX]	= { .type = NLA_REJECT,
				    .reject_message = "the uplink changes through rtnetlink" },
	[VSW_A_UPLINK_IFNAME]	= { .type = NLA_REJECT,
				    .reject_message = "the uplink changes through rtnetlink" },
	[VSW_A_UPLINK_STATE]	= { .type = NLA_REJECT },
	[VSW_A_PORT_UPLINK]	= { .type = NLA_REJECT },
	[VSW_A_PORT_PVID]	= NLA_POLICY_MAX(NLA_U16, VLAN_N_VID - 2),
	[VSW_A_PORT_VLAN_FILTER] = NLA_POLICY_MAX(NLA_U8, 1),
	[VSW_A_PORT_VLANS]	= NLA_POLICY_EXACT_LEN(VLAN_N_VID / 8),
	[VSW_A_PORT_ISOLATED]	= NLA_POLICY_MAX(NLA_U8, 1),
	[VSW_A_PORT_MAC_GUARD]	= NLA_POLICY_MAX(NLA_U8, 1),
	[VSW_A_PORT_DHCP_GUARD]	= NLA_POLICY_MAX(NLA_U8, 1),
	[VSW_A_PORT_ROUTER_GUARD] = NLA_POLICY_MAX(NLA_U8, 1),
	[VSW_A_PORT_DHCP_TRUST]	= NLA_POLICY_MAX(NLA_U8, 1),
	[VSW_A_PORT_MACS]	= { .type = NLA_BINARY,
				    .len = VSW_PORT_MACS_MAX * ETH_ALEN },
	[VSW_A_PORT_STORM_LIMIT] = { .type = NLA_U32 },
	[VSW_A_PORT_GUARD_MAC]	= { .type = NLA_REJECT },
	[VSW_A_PORT_HOST]	= { .type = NLA_REJECT },
	[VSW_A_PORT_IP_GUARD]	= NLA_POLICY_MAX(NLA_U8, 1),
	[VSW_A_PORT_IPS]	= { .type = NLA_BINARY,
				    .len = VSW_PORT_IPS_MAX * sizeof(struct in6_addr) },
	[VSW_A_PORT_PROMISC]	= NLA_POLICY_MAX(NLA_U8, __VSW_PROMISC_MAX - 1),
	[VSW_A_PORT_MIRROR]	= { .type = NLA_REJECT },
	[VSW_A_PORT_DEFAULTS]	= { .type = NLA_NESTED },
	[VSW_A_BIND_ADDR]	= { .type = NLA_REJECT },
	[VSW_A_BIND_TYPE]	= { .type = NLA_REJECT },
	[VSW_A_BIND_EXPIRES]	= { .type = NLA_REJECT },
	[VSW_A_MIRROR_NAME]	= { .type = NLA_NUL_STRING,
				    .len = VSW_MIRROR_NAME_LEN - 1 },
	[VSW_A_MIRROR_FROM]	= { .type = NLA_BINARY,
				    .len = VSW_MIRROR_FROM_MAX * sizeof(u32) },
	[VSW_A_MIRROR_DIR]	= NLA_POLICY_RANGE(NLA_U8, VSW_MIRROR_RX,
						   VSW_MIRROR_RX | VSW_MIRROR_TX),
	[VSW_A_MIRROR_TO]	= { .type = NLA_U32 },
	[VSW_A_GROUP_FWD_MASK]	= { .type = NLA_REJECT,
				    .reject_message = "switch settings change through rtnetlink" },
	[VSW_A_PORT_BPDU_GUARD]	= NLA_POLICY_MAX(NLA_U8, 1),
	[VSW_A_PORT_SHUT]	= NLA_POLICY_MAX(NLA_U8, VSW_SHUT_ADMIN),
};

/* ------------------------------------------------------------------ */
/* naming devices                                                     */

static struct net_device *vsw_dev_lookup(struct net *net, struct nlattr *index,
					 struct nlattr *name, const char *what,
					 struct netlink_ext_ack *extack)
{
	struct net_device *dev;
	char ifname[IFNAMSIZ];

	ASSERT_RTNL();
	if (!index == !name) {
		NL_SET_ERR_MSG_FMT(extack, "name the %s by exactly one of ifindex and ifname",
				   what);
		return ERR_PTR(-EINVAL);
	}
	if (index) {
		dev = __dev_get_by_index(net, nla_get_u32(index));
	} else {
		nla_strscpy(ifname, name, sizeof(ifname));
		dev = __dev_get_by_name(net, ifname);
	}
	if (!dev) {
		NL_SET_ERR_MSG_ATTR_FMT(extack, index ?: name, "no such %s device",
					what);
		return ERR_PTR(-ENODEV);
	}
	return dev;
}

struct vsw_switch *vsw_nl_switch_lookup(struct net *net, struct nlattr **attrs,
					struct netlink_ext_ack *extack)
{
	struct net_device *dev;

	dev = vsw_dev_lookup(net, attrs[VSW_A_IFINDEX], attrs[VSW_A_IFNAME],
			     "switch", extack);
	if (IS_ERR(dev))
		return ERR_CAST(dev);
	if (!netif_is_vswitch(dev)) {
		NL_SET_ERR_MSG_FMT(extack, "%s is not a vswitch device",
				   dev->name);
		return ERR_PTR(-EOPNOTSUPP);
	}
	return netdev_priv(dev);
}
EXPORT_SYMBOL_GPL(vsw_nl_switch_lookup);

/* @sw, if given, is the switch the port must belong to. */
struct vsw_port *vsw_nl_port_lookup(struct net *net, struct nlattr **attrs,
				    struct vsw_switch *sw,
				    struct netlink_ext_ack *extack)
{
	struct net_device *dev;
	struct vsw_port *port;

	dev = vsw_dev_lookup(net, attrs[VSW_A_PORT_IFINDEX],
			     attrs[VSW_A_PORT_IFNAME], "port", extack);
	if (IS_ERR(dev))
		return ERR_CAST(dev);
	port = vsw_port_get_rtnl(dev);
	if (!port) {
		NL_SET_ERR_MSG_FMT(extack, "%s is not a port of a vswitch",
				   dev->name);
		return ERR_PTR(-EOPNOTSUPP);
	}
	if (sw && port->sw != sw) {
		NL_SET_ERR_MSG_FMT(extack, "%s is not a port of %s", dev->name,
				   sw->dev->name);
		return ERR_PTR(-EINVAL);
	}
	return port;
}

/*
 * A port named in a request, or the host port of a switch named as the
 * port (then NULL, and *@host is the switch).
 */
static struct vsw_port *vsw_port_or_host(struct net *net,
					 struct nlattr **attrs,
					 struct vsw_switch **host,
					 struct netlink_ext_ack *extack)
{
	struct net_device *dev;
	struct vsw_switch *sw;

	*host = NULL;
	dev = vsw_dev_lookup(net, attrs[VSW_A_PORT_IFINDEX],
			     attrs[VSW_A_PORT_IFNAME], "port", extack);
	if (IS_ERR(dev))
		return ERR_CAST(dev);
	if (!netif_is_vswitch(dev))
		return vsw_nl_port_lookup(net, attrs, NULL, extack);
	sw = netdev_priv(dev);
	if (!vsw_has_host(sw)) {
		NL_SET_ERR_MSG_FMT(extack, "%s has no host port", dev->name);
		return ERR_PTR(-EOPNOTSUPP);
	}
	*host = sw;
	return NULL;
}

/* ------------------------------------------------------------------ */
/* messages                                                           */

int vsw_nl_put_switch_id(struct sk_buff *skb, const struct vsw_switch *sw)
{
	if (nla_put_u32(skb, VSW_A_IFINDEX, sw->dev->ifindex) ||
	    nla_put_string(skb, VSW_A_IFNAME, sw->dev->name))
		return -EMSGSIZE;
	return 0;
}
EXPORT_SYMBOL_GPL(vsw_nl_put_switch_id);

/* A message of the family. */
void *vsw_nl_msg_put(struct sk_buff *skb, u32 portid, u32 seq, int flags,
		     u8 cmd)
{
	return genlmsg_put(skb, portid, seq, &vsw_genl_family, flags, cmd);
}
EXPORT_SYMBOL_GPL(vsw_nl_msg_put);

int vsw_nl_put_port_id(struct sk_buff *skb, const struct vsw_port *port)
{
	if (vsw_nl_put_switch_id(skb, port->sw) ||
	    nla_put_u32(skb, VSW_A_PORT_IFINDEX, port->dev->ifindex) ||
	    nla_put_string(skb, VSW_A_PORT_IFNAME, port->dev->name))
		return -EMSGSIZE;
	return 0;
}

/* A bridged switch's uplink: its state, and its name while it has one. */
static int vsw_put_uplink(struct sk_buff *skb, struct vsw_switch *sw)
{
	struct vsw_port *up = rtnl_dereference(sw->uplink);

	if (nla_put_u32(skb, VSW_A_UPLINK_STATE, vsw_uplink_state(sw)))
		return -EMSGSIZE;
	if (up)
		return nla_put_u32(skb, VSW_A_UPLINK_IFINDEX, up->dev->ifindex) ?:
		       nla_put_string(skb, VSW_A_UPLINK_IFNAME, up->dev->name);
	if (sw->uplink_gone[0])
		return nla_put_string(skb, VSW_A_UPLINK_IFNAME,
				      sw->uplink_gone);
	return 0;
}

static int vsw_fill_switch(struct sk_buff *skb, struct vsw_switch *sw,
			   u32 portid, u32 seq, int flags)
{
	struct vsw_stats sum;
	void *hdr;

	ASSERT_RTNL();
	hdr = genlmsg_put(skb, portid, seq, &vsw_genl_family, flags,
			  VSW_CMD_SWITCH_GET);
	if (!hdr)
		return -EMSGSIZE;

	vsw_switch_stats(sw, &sum);

	if (vsw_nl_put_switch_id(skb, sw) ||
	    nla_put_u32(skb, VSW_A_MODE, sw->mode) ||
	    nla_put_u32(skb, VSW_A_AGEING, READ_ONCE(sw->ageing) / HZ) ||
	    nla_put_u32(skb, VSW_A_FDB_MAX, READ_ONCE(sw->fdb_max)) ||
	    nla_put_u32(skb, VSW_A_FDB_COUNT, READ_ONCE(sw->fdb_learned)) ||
	    nla_put_u32(skb, VSW_A_FDB_STATIC, READ_ONCE(sw->fdb_static)) ||
	    nla_put_u32(skb, VSW_A_PORT_COUNT, sw->port_count) ||
	    nla_put_u16(skb, VSW_A_GROUP_FWD_MASK, READ_ONCE(sw->group_fwd_mask)) ||
	    (sw->nat && sw->nat_ops->fill(skb, sw)) ||
	    (sw->mode == VSW_MODE_BRIDGED && vsw_put_uplink(skb, sw)) ||
	    (vsw_has_host(sw) &&
	     vsw_policy_fill(skb, NULL, rtnl_dereference(sw->host_policy))) ||
	    vsw_policy_fill_defaults(skb, sw) ||
	    vsw_stats_fill(skb, VSW_A_STATS, &sum)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int vsw_fill_port(struct sk_buff *skb, struct vsw_port *port,
			 u32 portid, u32 seq, int flags, u8 cmd)
{
	struct vsw_stats s;
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &vsw_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;

	vsw_stats_read(port->stats, &s);
	if (vsw_nl_put_port_id(skb, port) ||
	    nla_put_u32(skb, VSW_A_PORT_FDB_MAX, READ_ONCE(port->fdb_max)) ||
	    nla_put_u32(skb, VSW_A_PORT_FDB_COUNT, READ_ONCE(port->fdb_count)) ||
	    (port->uplink && nla_put_flag(skb, VSW_A_PORT_UPLINK)) ||
	    nla_put_u8(skb, VSW_A_PORT_SHUT, READ_ONCE(port->shut)) ||
	    vsw_policy_fill(skb, port, rtnl_dereference(port->policy)) ||
	    (port->mirror_dest &&
	     nla_put_string(skb, VSW_A_PORT_MIRROR, port->mirror_dest->name)) ||
	    vsw_stats_fill(skb, VSW_A_STATS, &s)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* The host port of @sw, as a PORT_GET reply: its VLANs. */
static int vsw_fill_host_port(struct sk_buff *skb, struct vsw_switch *sw,
			      u32 portid, u32 seq)
{
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &vsw_genl_family, 0,
			  VSW_CMD_PORT_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (vsw_nl_put_switch_id(skb, sw) ||
	    nla_put_u32(skb, VSW_A_PORT_IFINDEX, sw->dev->ifindex) ||
	    nla_put_string(skb, VSW_A_PORT_IFNAME, sw->dev->name) ||
	    nla_put_flag(skb, VSW_A_PORT_HOST) ||
	    vsw_policy_fill(skb, NULL, rtnl_dereference(sw->host_policy))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* ------------------------------------------------------------------ */
/* requests                                                           */

/*
 * NAT's requests are the NAT module's (nat.h), loaded for the ones that
 * change something if need be: by a caller who could load it with
 * modprobe, and with neither RTNL (module initialisation registers
 * per-namespace operations, and a namespace's teardown holds their lock
 * while it waits for RTNL) nor genl_mutex held (whatever modprobe runs may
 * use a family of its own), as l2tp does.
 */
static void vsw_nl_nat_load(void)
{
	if (vsw_nat_loaded() || !ns_capable_noaudit(&init_user_ns, CAP_NET_ADMIN))
		return;
	/* The family stays registered while genl_mutex is let go. */
	if (!try_module_get(THIS_MODULE))
		return;
	genl_unlock();
	request_module(VSW_NAT_MODULE);
	genl_lock();
	module_put(THIS_MODULE);
}

/* The switch, and the port if @flags ask for one, named in a request. */
static int vsw_nl_lookup(u8 flags, struct genl_info *info,
			 struct vsw_switch **sw, struct vsw_port **port)
{
	struct net *net = genl_info_net(info);

	if (flags & VSW_NL_F_PORT_HOST) {
		*port = vsw_port_or_host(net, info->attrs, sw, info->extack);
		if (IS_ERR(*port))
			return PTR_ERR(*port);
		if (*port)
			*sw = (*port)->sw;
		return 0;
	}
	*sw = vsw_nl_switch_lookup(net, info->attrs, info->extack);
	if (IS_ERR(*sw))
		return PTR_ERR(*sw);
	if ((flags & VSW_NL_F_PORT) ||
	    ((flags & VSW_NL_F_PORT_OPT) && vsw_nl_has_port(info->attrs))) {
		*port = vsw_nl_port_lookup(net, info->attrs, *sw, info->extack);
		if (IS_ERR(*port))
			return PTR_ERR(*port);
	}
	return 0;
}

/*
 * What a request's own attributes are checked for before anything is
 * looked up, by the operations whose doit needs more than the policy.
 */
static const vsw_nl_check_fn vsw_nl_checks[VSW_CMD_MAX + 1] = {
	[VSW_CMD_FDB_NEW]	= vsw_fdb_nl_new_check,
	[VSW_CMD_FDB_DEL]	= vsw_fdb_nl_del_check,
	[VSW_CMD_SWITCH_SET]	= vsw_policy_nl_defaults_check,
	[VSW_CMD_MIRROR_NEW]	= vsw_mirror_nl_new_check,
	[VSW_CMD_MIRROR_DEL]	= vsw_mirror_nl_del_check,
};

/*
 * Before an operation's doit, what its internal_flags ask for: the
 * request's own attributes checked (vsw_nl_checks), the NAT module
 * loaded, then RTNL taken and the switch and port it names found, in
 * info->user_ptr[] (vsw_nl_sw(), vsw_nl_port()). On a refusal nothing is
 * held and post_doit does not run.
 */
int vsw_nl_pre_doit(u8 flags, struct sk_buff *skb, struct genl_info *info)
{
	vsw_nl_check_fn check = vsw_nl_checks[info->genlhdr->cmd];
	struct vsw_switch *sw = NULL;
	struct vsw_port *port = NULL;
	int err;

	if (check) {
		err = check(info);
		if (err)
			return err;
	}
	if (flags & VSW_NL_F_NAT)
		vsw_nl_nat_load();
	if (!(flags & VSW_NL_F_LOCKED))
		return 0;
	rtnl_lock();
	if (flags & (VSW_NL_F_SWITCH | VSW_NL_F_PORT_HOST)) {
		err = vsw_nl_lookup(flags, info, &sw, &port);
		if (err) {
			rtnl_unlock();
			return err;
		}
	}
	info->user_ptr[0] = sw;
	info->user_ptr[1] = port;
	return 0;
}

void vsw_nl_post_doit(u8 flags, struct sk_buff *skb, struct genl_info *info)
{
	if (flags & VSW_NL_F_LOCKED)
		rtnl_unlock();
}

/* ------------------------------------------------------------------ */
/* dumps                                                              */

/* A dump's cursor: switches done, and objects of the next one done. */
struct vsw_nl_dump_ctx {
	long sw;
	long idx;
};

/*
 * After a part of a dump (cb->seq set from vsw_net_dump_seq() before the
 * walk, and the objects' own generation if they have one): flags it
 * NLM_F_DUMP_INTR if what it walks changed since the last part.
 */
static void vsw_nl_dump_check(struct sk_buff *skb, struct netlink_callback *cb)
{
	if (skb->len)
		nl_dump_check_consistent(cb, nlmsg_hdr(skb));
}

/*
 * A part of a dump over @one, or every switch of the namespace; RTNL.
 * @one is handed to @fn in every part, the last one too (then @fn finds
 * nothing more to put), so that it can fold its generation into cb->seq.
 */
int vsw_nl_dump_walk(struct sk_buff *skb, struct netlink_callback *cb,
		     struct vsw_switch *one, vsw_nl_dump_fn fn)
{
	struct vsw_nl_dump_ctx *ctx = (struct vsw_nl_dump_ctx *)cb->ctx;
	struct net_device *dev;
	struct vsw_switch *sw;
	long i = 0;
	int err = 0;

	BUILD_BUG_ON(sizeof(*ctx) > sizeof(cb->ctx));
	ASSERT_RTNL();
	cb->seq = vsw_net_dump_seq(sock_net(skb->sk));
	for_each_netdev(sock_net(skb->sk), dev) {
		if (!netif_is_vswitch(dev))
			continue;
		sw = netdev_priv(dev);
		if ((one && sw != one) || i++ < ctx->sw)
			continue;
		err = fn(skb, cb, sw, &ctx->idx);
		if (err || one)
			break;
		ctx->sw++;
		ctx->idx = 0;
	}
	vsw_nl_dump_check(skb, cb);
	return err && err != -EMSGSIZE ? err : skb->len;
}
EXPORT_SYMBOL_GPL(vsw_nl_dump_walk);

/* A part of a dump under RTNL, over the switches @which says. */
int vsw_nl_dump(struct sk_buff *skb, struct netlink_callback *cb,
		enum vsw_nl_dump_which which, vsw_nl_dump_fn fn)
{
	struct nlattr **attrs = vsw_compat_dump_attrs(cb);
	struct vsw_switch *one = NULL;
	int err;

	rtnl_lock();
	if (which == VSW_NL_DUMP_ONE ||
	    (which == VSW_NL_DUMP_FILTER && vsw_nl_has_switch(attrs)))
		one = vsw_nl_switch_lookup(sock_net(skb->sk), attrs, cb->extack);
	err = IS_ERR(one) ? PTR_ERR(one) : vsw_nl_dump_walk(skb, cb, one, fn);
	rtnl_unlock();
	return err;
}

/* ------------------------------------------------------------------ */
/* switches                                                           */

/* The reply to a request: @fill puts it in a message of its own. */
static int vsw_nl_reply(struct genl_info *info,
			int (*fill)(struct sk_buff *msg, struct genl_info *info))
{
	struct sk_buff *msg;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	err = fill(msg, info);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

static int vsw_nl_switch_reply(struct sk_buff *msg, struct genl_info *info)
{
	return vsw_fill_switch(msg, vsw_nl_sw(info), info->snd_portid,
			       info->snd_seq, 0);
}

static int vsw_nl_switch_get(struct sk_buff *skb, struct genl_info *info)
{
	return vsw_nl_reply(info, vsw_nl_switch_reply);
}

static int vsw_dump_switch(struct sk_buff *skb, struct netlink_callback *cb,
			   struct vsw_switch *sw, long *idx)
{
	return vsw_fill_switch(skb, sw, NETLINK_CB(cb->skb).portid,
			       cb->nlh->nlmsg_seq, NLM_F_MULTI);
}

static int vsw_nl_switch_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return vsw_nl_dump(skb, cb, VSW_NL_DUMP_ALL, vsw_dump_switch);
}

/* ------------------------------------------------------------------ */
/* ports                                                              */

static int vsw_nl_port_reply(struct sk_buff *msg, struct genl_info *info)
{
	struct vsw_port *port = vsw_nl_port(info);

	if (!port)
		return vsw_fill_host_port(msg, vsw_nl_sw(info),
					  info->snd_portid, info->snd_seq);
	return vsw_fill_port(msg, port, info->snd_portid, info->snd_seq, 0,
			     VSW_CMD_PORT_GET);
}

static int vsw_nl_port_get(struct sk_buff *skb, struct genl_info *info)
{
	return vsw_nl_reply(info, vsw_nl_port_reply);
}

static int vsw_dump_ports(struct sk_buff *skb, struct netlink_callback *cb,
			  struct vsw_switch *sw, long *idx)
{
	struct vsw_port *port;
	long i = 0;

	list_for_each_entry(port, &sw->ports, list) {
		if (i++ < *idx)
			continue;
		if (vsw_fill_port(skb, port, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, NLM_F_MULTI,
				  VSW_CMD_PORT_GET))
			return -EMSGSIZE;
		(*idx)++;
	}
	return 0;
}

static int vsw_nl_port_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return vsw_nl_dump(skb, cb, VSW_NL_DUMP_FILTER, vsw_dump_ports);
}

/* ------------------------------------------------------------------ */
/* nat                                                                */

/*
 * Without the NAT module there is no nat switch: a request for one gets
 * the answer it always got for a switch of another mode.
 */
static int vsw_nl_no_nat(struct net *net, struct nlattr **attrs,
			 struct netlink_ext_ack *extack)
{
	struct vsw_switch *sw = vsw_nl_switch_lookup(net, attrs, extack);

	if (IS_ERR(sw))
		return PTR_ERR(sw);
	NL_SET_ERR_MSG_FMT(extack, "%s is not a nat switch", sw->dev->name);
	return -EOPNOTSUPP;
}

/* NAT_SET, FWD_NEW and FWD_DEL: the module loaded by pre_doit if it can. */
static int vsw_nl_nat_doit(struct sk_buff *skb, struct genl_info *info)
{
	const struct vsw_nat_ops *ops = vsw_nat_ops_rtnl();

	if (!ops)
		return vsw_nl_no_nat(genl_info_net(info), info->attrs,
				     info->extack);
	if (info->genlhdr->cmd == VSW_CMD_NAT_SET)
		return ops->nl_set(skb, info);
	if (info->genlhdr->cmd == VSW_CMD_FWD_NEW)
		return ops->nl_fwd_new(skb, info);
	return ops->nl_fwd_del(skb, info);
}

/* Without the NAT module, no forward: reading them loads nothing. */
static int vsw_nl_fwd_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nlattr **attrs = vsw_compat_dump_attrs(cb);
	struct net *net = sock_net(skb->sk);
	const struct vsw_nat_ops *ops;
	int err = 0;

	rtnl_lock();
	/* The module's unloading between two parts ends the dump flagged
	 * (it took its switches with it: dev_base_seq moved).
	 */
	cb->seq = vsw_net_dump_seq(net);
	ops = vsw_nat_ops_rtnl();
	if (ops)
		err = ops->nl_fwd_dump(skb, cb);
	else if (vsw_nl_has_switch(attrs))
		err = vsw_nl_no_nat(net, attrs, cb->extack);
	rtnl_unlock();
	return err;
}

/* ------------------------------------------------------------------ */
/* events                                                             */

enum vsw_mcgrp {
	VSW_MCGRP_EVENTS,
};

static const struct genl_multicast_group vsw_mcgrps[] = {
	[VSW_MCGRP_EVENTS] = { .name = VSWITCH_MCGRP_EVENTS },
};

bool vsw_nl_listening(struct net *net)
{
	return genl_has_listeners(&vsw_genl_family, net, VSW_MCGRP_EVENTS);
}

/* An event to @net's listeners; may run in softirq (@gfp GFP_ATOMIC). */
void vsw_nl_multicast(struct net *net, struct sk_buff *skb, gfp_t gfp)
{
	genlmsg_multicast_netns(&vsw_genl_family, net, skb, 0,
				VSW_MCGRP_EVENTS, gfp);
}

void vsw_nl_notify_port(struct vsw_port *port, u8 cmd)
{
	struct net *net = dev_net(port->dev);
	struct sk_buff *skb;

	if (!genl_has_listeners(&vsw_genl_family, net, VSW_MCGRP_EVENTS))
		return;
	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return;
	if (vsw_fill_port(skb, port, 0, 0, 0, cmd)) {
		nlmsg_free(skb);
		return;
	}
	genlmsg_multicast_netns(&vsw_genl_family, net, skb, 0,
				VSW_MCGRP_EVENTS, GFP_KERNEL);
}

/*
 * From the data path (softirq, the port alive under RCU): @port's BPDU
 * guard shut it. The names are copied into buffers first, so that the
 * attributes are terminated strings even if a rename (RTNL) races; the
 * ifindexes are what identify the devices.
 */
void vsw_nl_notify_shut(struct vsw_port *port)
{
	struct net *net = dev_net(port->dev);
	char swname[IFNAMSIZ], name[IFNAMSIZ];
	struct sk_buff *skb;
	void *hdr;

	if (!genl_has_listeners(&vsw_genl_family, net, VSW_MCGRP_EVENTS))
		return;
	skb = genlmsg_new(2 * nla_total_size(sizeof(u32)) +
			  2 * nla_total_size(IFNAMSIZ) +
			  nla_total_size(sizeof(u8)) +
			  nla_total_size(sizeof(u32)), GFP_ATOMIC);
	if (!skb)
		return;
	hdr = genlmsg_put(skb, 0, 0, &vsw_genl_family, 0, VSW_CMD_PORT_SET);
	strscpy(swname, port->sw->dev->name, sizeof(swname));
	strscpy(name, port->dev->name, sizeof(name));
	if (!hdr ||
	    nla_put_u32(skb, VSW_A_IFINDEX, port->sw->dev->ifindex) ||
	    nla_put_string(skb, VSW_A_IFNAME, swname) ||
	    nla_put_u32(skb, VSW_A_PORT_IFINDEX, port->dev->ifindex) ||
	    nla_put_string(skb, VSW_A_PORT_IFNAME, name) ||
	    nla_put_u8(skb, VSW_A_PORT_SHUT, VSW_SHUT_BPDU_GUARD) ||
	    nla_put_u32(skb, VSW_A_EVENT, VSW_EVENT_SHUT)) {
		nlmsg_free(skb);
		return;
	}
	genlmsg_end(skb, hdr);
	genlmsg_multicast_netns(&vsw_genl_family, net, skb, 0,
				VSW_MCGRP_EVENTS, GFP_ATOMIC);
}

/* ------------------------------------------------------------------ */
/* family                                                             */

/* What pre_doit takes for an operation (internal_flags). */
#define VSW_NL_SW	(VSW_NL_F_RTNL | VSW_NL_F_SWITCH)
#define VSW_NL_PORT	(VSW_NL_F_RTNL | VSW_NL_F_PORT_HOST)

static const struct genl_small_ops vsw_genl_ops[] = {
	{
		.cmd = VSW_CMD_SWITCH_GET,
		.doit = vsw_nl_switch_get,
		.dumpit = vsw_nl_switch_dump,
		.internal_flags = VSW_NL_SW,
	}, {
		.cmd = VSW_CMD_PORT_GET,
		.doit = vsw_nl_port_get,
		.dumpit = vsw_nl_port_dump,
		.internal_flags = VSW_NL_PORT,
	}, {
		.cmd = VSW_CMD_PORT_SET,
		.doit = vsw_policy_nl_port_set,
		.flags = GENL_UNS_ADMIN_PERM,
		.internal_flags = VSW_NL_PORT,
	}, {
		.cmd = VSW_CMD_FDB_GET,
		.dumpit = vsw_fdb_nl_dump,
	}, {
		.cmd = VSW_CMD_FDB_NEW,
		.doit = vsw_fdb_nl_new,
		.flags = GENL_UNS_ADMIN_PERM,
		.internal_flags = VSW_NL_SW | VSW_NL_F_PORT,
	}, {
		.cmd = VSW_CMD_FDB_DEL,
		.doit = vsw_fdb_nl_del,
		.flags = GENL_UNS_ADMIN_PERM,
		.internal_flags = VSW_NL_SW,
	}, {
		.cmd = VSW_CMD_FDB_FLUSH,
		.doit = vsw_fdb_nl_flush,
		.flags = GENL_UNS_ADMIN_PERM,
		.internal_flags = VSW_NL_SW | VSW_NL_F_PORT_OPT,
	}, {
		.cmd = VSW_CMD_NAT_SET,
		.doit = vsw_nl_nat_doit,
		.flags = GENL_UNS_ADMIN_PERM,
		.internal_flags = VSW_NL_F_NAT | VSW_NL_F_RTNL,
	}, {
		.cmd = VSW_CMD_FWD_GET,
		.dumpit = vsw_nl_fwd_dump,
	}, {
		.cmd = VSW_CMD_FWD_NEW,
		.doit = vsw_nl_nat_doit,
		.flags = GENL_UNS_ADMIN_PERM,
		.internal_flags = VSW_NL_F_NAT | VSW_NL_F_RTNL,
	}, {
		.cmd = VSW_CMD_FWD_DEL,
		.doit = vsw_nl_nat_doit,
		.flags = GENL_UNS_ADMIN_PERM,
		.internal_flags = VSW_NL_F_NAT | VSW_NL_F_RTNL,
	}, {
		.cmd = VSW_CMD_SWITCH_SET,
		.doit = vsw_policy_nl_switch_set,
		.flags = GENL_UNS_ADMIN_PERM,
		.internal_flags = VSW_NL_SW,
	}, {
		.cmd = VSW_CMD_BINDING_GET,
		.dumpit = vsw_bind_nl_dump,
	}, {
		.cmd = VSW_CMD_MIRROR_GET,
		.dumpit = vsw_mirror_nl_dump,
	}, {
		.cmd = VSW_CMD_MIRROR_NEW,
		.doit = vsw_mirror_nl_new,
		.flags = GENL_UNS_ADMIN_PERM,
		.internal_flags = VSW_NL_SW,
	}, {
		.cmd = VSW_CMD_MIRROR_DEL,
		.doit = vsw_mirror_nl_del,
		.flags = GENL_UNS_ADMIN_PERM,
		.internal_flags = VSW_NL_SW,
	},
};

static struct genl_family vsw_genl_family __ro_after_init = {
	.name		= VSWITCH_GENL_NAME,
	.version	= VSWITCH_GENL_VERSION,
	.maxattr	= VSW_A_MAX,
	.policy		= vsw_nl_policy,
	.netnsok	= true,
	.pre_doit	= vsw_compat_pre_doit,
	.post_doit	= vsw_compat_post_doit,
	.module		= THIS_MODULE,
	.small_ops	= vsw_genl_ops,
	.n_small_ops	= ARRAY_SIZE(vsw_genl_ops),
	.mcgrps		= vsw_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(vsw_mcgrps),
};

int __init vsw_genl_init(void)
{
	return genl_register_family(&vsw_genl_family);
}

void vsw_genl_exit(void)
{
	genl_unregister_family(&vsw_genl_family);
}

/*
 * The per-namespace generation outlives every switch: it is registered
 * first and unregistered last (unloading deletes the switches after the
 * family is gone, and each port that goes bumps it).
 */
int __init vsw_net_init(void)
{
	return register_pernet_subsys(&vsw_nl_net_ops);
}

void vsw_net_exit(void)
{
	unregister_pernet_subsys(&vsw_nl_net_ops);
}
