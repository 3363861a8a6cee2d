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

static const struct nla_policy vsw_policy[VSW_A_MAX + 1] = {
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

static bool vsw_has_port_attr(struct nlattr **attrs)
{
	return attrs[VSW_A_PORT_IFINDEX] || attrs[VSW_A_PORT_IFNAME];
}

/* @sw, if given, is the switch the port must belong to. */
static struct vsw_port *vsw_port_lookup(struct net *net, struct nlattr **attrs,
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
		return vsw_port_lookup(net, attrs, NULL, extack);
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

static int vsw_put_port_id(struct sk_buff *skb, const struct vsw_port *port)
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
	if (vsw_put_port_id(skb, port) ||
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

static int vsw_fill_fdb(struct sk_buff *skb, const struct vsw_switch *sw,
			const struct vsw_fdb *f, u32 portid, u32 seq,
			int flags, u8 cmd, u32 event,
			struct netlink_callback *cb)
{
	const struct vsw_port *port = READ_ONCE(f->port);
	unsigned long age = jiffies - READ_ONCE(f->updated);
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &vsw_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);

	if (vsw_nl_put_switch_id(skb, sw) ||
	    nla_put(skb, VSW_A_FDB_MAC, ETH_ALEN, f->key.addr) ||
	    nla_put_u16(skb, VSW_A_FDB_VLAN, f->key.vid) ||
	    nla_put_u32(skb, VSW_A_FDB_FLAGS, READ_ONCE(f->flags)) ||
	    nla_put_u32(skb, VSW_A_FDB_AGE, jiffies_to_msecs(age)) ||
	    (port && (nla_put_u32(skb, VSW_A_PORT_IFINDEX, port->dev->ifindex) ||
		      nla_put_string(skb, VSW_A_PORT_IFNAME, port->dev->name))) ||
	    (event && nla_put_u32(skb, VSW_A_EVENT, event))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* ------------------------------------------------------------------ */
/* switches                                                           */

/* The reply to a SWITCH_GET or PORT_GET request naming one device. */
static int vsw_nl_get_one(struct genl_info *info, u8 cmd)
{
	struct net *net = genl_info_net(info);
	struct vsw_switch *sw;
	struct vsw_port *port;
	struct sk_buff *msg;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	rtnl_lock();
	if (cmd == VSW_CMD_SWITCH_GET) {
		sw = vsw_nl_switch_lookup(net, info->attrs, info->extack);
		err = IS_ERR(sw) ? PTR_ERR(sw) :
		      vsw_fill_switch(msg, sw, info->snd_portid,
				      info->snd_seq, 0);
	} else {
		port = vsw_port_or_host(net, info->attrs, &sw, info->extack);
		if (IS_ERR(port))
			err = PTR_ERR(port);
		else if (!port)
			err = vsw_fill_host_port(msg, sw, info->snd_portid,
						 info->snd_seq);
		else
			err = vsw_fill_port(msg, port, info->snd_portid,
					    info->snd_seq, 0, cmd);
	}
	rtnl_unlock();

	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

static int vsw_nl_switch_get(struct sk_buff *skb, struct genl_info *info)
{
	return vsw_nl_get_one(info, VSW_CMD_SWITCH_GET);
}

/*
 * After a part of a dump that walks switches, ports, forwards, mirrors or
 * bindings by index (cb->seq set from vsw_net_dump_seq() before the
 * walk): flags it NLM_F_DUMP_INTR if they changed since the last part.
 */
void vsw_nl_dump_check(struct sk_buff *skb, struct netlink_callback *cb)
{
	if (skb->len)
		nl_dump_check_consistent(cb, nlmsg_hdr(skb));
}
EXPORT_SYMBOL_GPL(vsw_nl_dump_check);

static int vsw_nl_switch_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	long idx = 0, start = cb->args[0];
	struct net_device *dev;

	rtnl_lock();
	cb->seq = vsw_net_dump_seq(net);
	for_each_netdev(net, dev) {
		if (!netif_is_vswitch(dev))
			continue;
		if (idx >= start &&
		    vsw_fill_switch(skb, netdev_priv(dev),
				    NETLINK_CB(cb->skb).portid,
				    cb->nlh->nlmsg_seq, NLM_F_MULTI))
			break;
		idx++;
	}
	vsw_nl_dump_check(skb, cb);
	rtnl_unlock();
	cb->args[0] = idx;
	return skb->len;
}

/* ------------------------------------------------------------------ */
/* ports                                                              */

static int vsw_nl_port_get(struct sk_buff *skb, struct genl_info *info)
{
	return vsw_nl_get_one(info, VSW_CMD_PORT_GET);
}

/* Returns true when @skb is full. */
static bool vsw_dump_ports(struct sk_buff *skb, struct netlink_callback *cb,
			   struct vsw_switch *sw, long *idx)
{
	struct vsw_port *port;

	list_for_each_entry(port, &sw->ports, list) {
		if (*idx >= cb->args[0] &&
		    vsw_fill_port(skb, port, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, NLM_F_MULTI,
				  VSW_CMD_PORT_GET))
			return true;
		(*idx)++;
	}
	return false;
}

static int vsw_nl_port_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nlattr **attrs = vsw_compat_dump_attrs(cb);
	struct net *net = sock_net(skb->sk);
	struct net_device *dev;
	struct vsw_switch *sw;
	long idx = 0;
	int err = 0;

	rtnl_lock();
	cb->seq = vsw_net_dump_seq(net);
	if (attrs[VSW_A_IFINDEX] || attrs[VSW_A_IFNAME]) {
		sw = vsw_nl_switch_lookup(net, attrs, cb->extack);
		if (IS_ERR(sw))
			err = PTR_ERR(sw);
		else
			vsw_dump_ports(skb, cb, sw, &idx);
	} else {
		for_each_netdev(net, dev)
			if (netif_is_vswitch(dev) &&
			    vsw_dump_ports(skb, cb, netdev_priv(dev), &idx))
				break;
	}
	vsw_nl_dump_check(skb, cb);
	rtnl_unlock();
	cb->args[0] = idx;
	return err ?: skb->len;
}

static int vsw_nl_port_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *fdb_max = info->attrs[VSW_A_PORT_FDB_MAX];
	struct nlattr *shut = info->attrs[VSW_A_PORT_SHUT];
	struct vsw_switch *host;
	struct vsw_port *port;
	int err;

	rtnl_lock();
	port = vsw_port_or_host(genl_info_net(info), info->attrs, &host,
				info->extack);
	if (IS_ERR(port)) {
		err = PTR_ERR(port);
		goto out;
	}
	if (!port && (fdb_max || shut)) {
		NL_SET_ERR_MSG_ATTR(info->extack, fdb_max ?: shut,
				    "the host port takes VLAN settings only");
		err = -EOPNOTSUPP;
		goto out;
	}
	if (shut && port->uplink) {
		NL_SET_ERR_MSG_ATTR(info->extack, shut,
				    "the uplink is not shut: detach it (uplink none)");
		err = -EOPNOTSUPP;
		goto out;
	}
	/* The policy is the part that can be refused: first. */
	err = vsw_policy_set(port ? port->sw : host, port, info->attrs,
			     info->extack);
	if (!err && fdb_max)
		WRITE_ONCE(port->fdb_max, nla_get_u32(fdb_max));
	if (!err && shut)
		xchg(&port->shut, nla_get_u8(shut));	/* vs the BPDU guard */
out:
	rtnl_unlock();
	return err;
}

/* ------------------------------------------------------------------ */
/* forwarding database                                                */

static int vsw_nl_fdb_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nlattr **attrs = vsw_compat_dump_attrs(cb);
	struct net *net = sock_net(skb->sk);
	struct vsw_port *port = NULL;
	long idx = 0, start = cb->args[0];
	struct vsw_switch *sw;
	struct vsw_fdb *f;
	int err = 0;

	rtnl_lock();
	sw = vsw_nl_switch_lookup(net, attrs, cb->extack);
	if (IS_ERR(sw)) {
		err = PTR_ERR(sw);
		goto out;
	}
	if (vsw_has_port_attr(attrs)) {
		port = vsw_port_lookup(net, attrs, sw, cb->extack);
		if (IS_ERR(port)) {
			err = PTR_ERR(port);
			goto out;
		}
	}

	cb->seq = atomic_read(&sw->fdb_gen) + 1;
	rcu_read_lock();
	list_for_each_entry_rcu(f, &sw->fdb_list, list) {
		if (port && READ_ONCE(f->port) != port)
			continue;
		if (idx >= start &&
		    vsw_fill_fdb(skb, sw, f, NETLINK_CB(cb->skb).portid,
				 cb->nlh->nlmsg_seq, NLM_F_MULTI,
				 VSW_CMD_FDB_GET, 0, cb))
			break;
		idx++;
	}
	rcu_read_unlock();
	cb->args[0] = idx;
out:
	rtnl_unlock();
	return err ?: skb->len;
}

static int vsw_nl_fdb_mac(struct genl_info *info, const u8 **addr, u16 *vid)
{
	struct nlattr *vlan = info->attrs[VSW_A_FDB_VLAN];

	if (!info->attrs[VSW_A_FDB_MAC]) {
		NL_SET_ERR_MSG(info->extack, "missing the MAC address");
		return -EINVAL;
	}
	*addr = nla_data(info->attrs[VSW_A_FDB_MAC]);
	*vid = vlan ? nla_get_u16(vlan) : 0;
	return 0;
}

static int vsw_nl_fdb_new(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct vsw_switch *sw;
	struct vsw_port *port;
	const u8 *addr;
	u16 vid;
	int err;

	err = vsw_nl_fdb_mac(info, &addr, &vid);
	if (err)
		return err;
	if (!is_valid_ether_addr(addr)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[VSW_A_FDB_MAC],
				    "a static entry needs a unicast, non-zero address");
		return -EINVAL;
	}
	if (!vsw_has_port_attr(info->attrs)) {
		NL_SET_ERR_MSG(info->extack, "a static entry needs a port");
		return -EINVAL;
	}

	rtnl_lock();
	sw = vsw_nl_switch_lookup(net, info->attrs, info->extack);
	if (IS_ERR(sw)) {
		err = PTR_ERR(sw);
		goto out;
	}
	port = vsw_port_lookup(net, info->attrs, sw, info->extack);
	if (IS_ERR(port)) {
		err = PTR_ERR(port);
		goto out;
	}
	if (port->mirror_dest) {
		NL_SET_ERR_MSG_FMT(info->extack,
				   "%s is the destination of mirror %s: no station is behind it",
				   port->dev->name, port->mirror_dest->name);
		err = -EBUSY;
		goto out;
	}
	err = vsw_fdb_add_static(sw, port, addr, vid, info->extack);
out:
	rtnl_unlock();
	return err;
}

static int vsw_nl_fdb_del(struct sk_buff *skb, struct genl_info *info)
{
	struct vsw_switch *sw;
	const u8 *addr;
	u16 vid;
	int err;

	err = vsw_nl_fdb_mac(info, &addr, &vid);
	if (err)
		return err;

	rtnl_lock();
	sw = vsw_nl_switch_lookup(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(sw))
		err = PTR_ERR(sw);
	else
		err = vsw_fdb_delete(sw, addr, vid, info->extack);
	rtnl_unlock();
	return err;
}

static int vsw_nl_fdb_flush(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct vsw_port *port = NULL;
	struct vsw_switch *sw;
	int err = 0;

	rtnl_lock();
	sw = vsw_nl_switch_lookup(net, info->attrs, info->extack);
	if (IS_ERR(sw)) {
		err = PTR_ERR(sw);
		goto out;
	}
	if (vsw_has_port_attr(info->attrs)) {
		port = vsw_port_lookup(net, info->attrs, sw, info->extack);
		if (IS_ERR(port)) {
			err = PTR_ERR(port);
			goto out;
		}
	}
	vsw_fdb_flush(sw, port, false);
out:
	rtnl_unlock();
	return err;
}

/* ------------------------------------------------------------------ */
/* nat                                                                */

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
	genl_unlock();
	request_module(VSW_NAT_MODULE);
	genl_lock();
}

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

static int vsw_nl_nat_doit(struct sk_buff *skb, struct genl_info *info)
{
	const struct vsw_nat_ops *ops;
	int err;

	vsw_nl_nat_load();
	rtnl_lock();
	ops = vsw_nat_ops_rtnl();
	if (!ops)
		err = vsw_nl_no_nat(genl_info_net(info), info->attrs,
				    info->extack);
	else if (info->genlhdr->cmd == VSW_CMD_NAT_SET)
		err = ops->nl_set(skb, info);
	else if (info->genlhdr->cmd == VSW_CMD_FWD_NEW)
		err = ops->nl_fwd_new(skb, info);
	else
		err = ops->nl_fwd_del(skb, info);
	rtnl_unlock();
	return err;
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
	else if (attrs[VSW_A_IFINDEX] || attrs[VSW_A_IFNAME])
		err = vsw_nl_no_nat(net, attrs, cb->extack);
	rtnl_unlock();
	return err;
}

/* ------------------------------------------------------------------ */
/* port defaults                                                      */

static int vsw_nl_switch_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *def = info->attrs[VSW_A_PORT_DEFAULTS];
	struct nlattr *tb[VSW_A_MAX + 1];
	struct vsw_switch *sw;
	int err;

	if (!def) {
		NL_SET_ERR_MSG(info->extack, "nothing to set");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, VSW_A_MAX, def, vsw_policy, info->extack);
	if (err)
		return err;
	rtnl_lock();
	sw = vsw_nl_switch_lookup(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(sw))
		err = PTR_ERR(sw);
	else
		err = vsw_policy_set_defaults(sw, tb, info->extack);
	rtnl_unlock();
	return err;
}

/* ------------------------------------------------------------------ */
/* bindings                                                           */

static int vsw_fill_binding(struct sk_buff *skb, struct netlink_callback *cb,
			    const struct vsw_port *port,
			    const struct in6_addr *addr,
			    const struct vsw_lease *lease)
{
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &vsw_genl_family, NLM_F_MULTI, VSW_CMD_BINDING_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (vsw_put_port_id(skb, port) ||
	    nla_put_in6_addr(skb, VSW_A_BIND_ADDR, addr) ||
	    nla_put_u32(skb, VSW_A_BIND_TYPE,
			lease ? VSW_BIND_DHCP : VSW_BIND_STATIC) ||
	    (lease &&
	     (nla_put(skb, VSW_A_FDB_MAC, ETH_ALEN, lease->mac) ||
	      nla_put_u16(skb, VSW_A_FDB_VLAN, lease->vid) ||
	      (lease->expires &&
	       nla_put_u32(skb, VSW_A_BIND_EXPIRES,
			   DIV_ROUND_UP(lease->expires - jiffies, HZ)))))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* A port's bindings from the @*idx-th on; false when @skb is full. */
static bool vsw_dump_bindings(struct sk_buff *skb, struct netlink_callback *cb,
			      const struct vsw_port *port, long *idx)
{
	const struct vsw_policy *pol = rtnl_dereference(port->policy);
	const struct vsw_leases *ls;
	bool ok = true;
	unsigned int i;

	for (i = 0; pol && i < pol->n_ips; i++, (*idx)++)
		if (*idx >= cb->args[0] &&
		    vsw_fill_binding(skb, cb, port, &pol->ips[i], NULL))
			return false;
	rcu_read_lock();
	ls = rcu_dereference(port->leases);
	/* Expired ones count too: expiring moves no other one's index. */
	for (i = 0; ls && i < ls->n; i++, (*idx)++) {
		if (*idx < cb->args[0] || !vsw_lease_live(&ls->l[i]))
			continue;
		if (vsw_fill_binding(skb, cb, port, &ls->l[i].addr, &ls->l[i])) {
			ok = false;
			break;
		}
	}
	rcu_read_unlock();
	return ok;
}

static int vsw_nl_binding_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nlattr **attrs = vsw_compat_dump_attrs(cb);
	struct vsw_switch *sw;
	struct vsw_port *port;
	long idx = 0;
	int err = 0;

	rtnl_lock();
	cb->seq = vsw_net_dump_seq(sock_net(skb->sk));
	sw = vsw_nl_switch_lookup(sock_net(skb->sk), attrs, cb->extack);
	if (IS_ERR(sw)) {
		err = PTR_ERR(sw);
		goto out;
	}
	list_for_each_entry(port, &sw->ports, list)
		if (!vsw_dump_bindings(skb, cb, port, &idx))
			break;
	vsw_nl_dump_check(skb, cb);
	cb->args[0] = idx;
out:
	rtnl_unlock();
	return err ?: skb->len;
}

/* ------------------------------------------------------------------ */
/* mirrors                                                            */

static int vsw_fill_mirror(struct sk_buff *skb, struct netlink_callback *cb,
			   struct vsw_switch *sw, const struct vsw_mirror *m)
{
	const struct vsw_port *p;
	struct nlattr *from;
	unsigned int n = 0;
	u32 *ifindex;
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &vsw_genl_family, NLM_F_MULTI, VSW_CMD_MIRROR_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (vsw_nl_put_switch_id(skb, sw) ||
	    nla_put_string(skb, VSW_A_MIRROR_NAME, m->name) ||
	    nla_put_u8(skb, VSW_A_MIRROR_DIR, m->dir) ||
	    nla_put_u32(skb, VSW_A_MIRROR_TO, m->to->dev->ifindex))
		goto cancel;
	list_for_each_entry(p, &sw->ports, list)
		n += p->mirror == m;
	from = nla_reserve(skb, VSW_A_MIRROR_FROM, n * sizeof(*ifindex));
	if (!from)
		goto cancel;
	ifindex = nla_data(from);
	list_for_each_entry(p, &sw->ports, list)
		if (p->mirror == m)
			*ifindex++ = p->dev->ifindex;
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int vsw_nl_mirror_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nlattr **attrs = vsw_compat_dump_attrs(cb);
	struct net *net = sock_net(skb->sk);
	struct vsw_switch *one = NULL, *sw;
	long idx = 0, start = cb->args[0];
	struct net_device *dev;
	struct vsw_mirror *m;
	int err = 0;

	rtnl_lock();
	cb->seq = vsw_net_dump_seq(net);
	if (attrs[VSW_A_IFINDEX] || attrs[VSW_A_IFNAME]) {
		one = vsw_nl_switch_lookup(net, attrs, cb->extack);
		if (IS_ERR(one)) {
			err = PTR_ERR(one);
			goto out;
		}
	}
	for_each_netdev(net, dev) {
		if (!netif_is_vswitch(dev))
			continue;
		sw = netdev_priv(dev);
		if (one && sw != one)
			continue;
		list_for_each_entry(m, &sw->mirrors, list) {
			if (idx >= start && vsw_fill_mirror(skb, cb, sw, m))
				goto done;
			idx++;
		}
	}
done:
	vsw_nl_dump_check(skb, cb);
	cb->args[0] = idx;
out:
	rtnl_unlock();
	return err ?: skb->len;
}

/* A port of @sw named by ifindex in a MIRROR_NEW request. */
static struct vsw_port *vsw_mirror_port(struct vsw_switch *sw,
					struct nlattr *attr, u32 ifindex,
					struct netlink_ext_ack *extack)
{
	struct net_device *dev;
	struct vsw_port *port;

	dev = __dev_get_by_index(dev_net(sw->dev), ifindex);
	if (!dev) {
		NL_SET_ERR_MSG_ATTR_FMT(extack, attr, "no device with ifindex %u",
					ifindex);
		return ERR_PTR(-ENODEV);
	}
	port = vsw_port_get_rtnl(dev);
	if (!port || port->sw != sw) {
		NL_SET_ERR_MSG_ATTR_FMT(extack, attr, "%s is not a port of %s",
					dev->name, sw->dev->name);
		return ERR_PTR(-EINVAL);
	}
	return port;
}

static int vsw_nl_mirror_new(struct sk_buff *skb, struct genl_info *info)
{
	struct vsw_port *from[VSW_MIRROR_FROM_MAX], *to;
	struct nlattr **attrs = info->attrs;
	char name[VSW_MIRROR_NAME_LEN];
	unsigned int i, n;
	struct vsw_switch *sw;
	const u32 *ifindex;
	u8 dir;
	int err = 0;

	if (!attrs[VSW_A_MIRROR_NAME] || !attrs[VSW_A_MIRROR_FROM] ||
	    !attrs[VSW_A_MIRROR_TO]) {
		NL_SET_ERR_MSG(info->extack,
			       "a mirror needs a name, source ports and a destination port");
		return -EINVAL;
	}
	nla_strscpy(name, attrs[VSW_A_MIRROR_NAME], sizeof(name));
	if (!name[0]) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[VSW_A_MIRROR_NAME],
				    "the name is empty");
		return -EINVAL;
	}
	n = nla_len(attrs[VSW_A_MIRROR_FROM]) / sizeof(u32);
	if (!n || nla_len(attrs[VSW_A_MIRROR_FROM]) % sizeof(u32)) {
		NL_SET_ERR_MSG_ATTR_FMT(info->extack, attrs[VSW_A_MIRROR_FROM],
					"a list of 1 to %d ifindexes of 4 bytes",
					VSW_MIRROR_FROM_MAX);
		return -EINVAL;
	}
	ifindex = nla_data(attrs[VSW_A_MIRROR_FROM]);
	dir = attrs[VSW_A_MIRROR_DIR] ? nla_get_u8(attrs[VSW_A_MIRROR_DIR]) :
					VSW_MIRROR_RX | VSW_MIRROR_TX;

	rtnl_lock();
	sw = vsw_nl_switch_lookup(genl_info_net(info), attrs, info->extack);
	if (IS_ERR(sw)) {
		err = PTR_ERR(sw);
		goto out;
	}
	for (i = 0; i < n; i++) {
		from[i] = vsw_mirror_port(sw, attrs[VSW_A_MIRROR_FROM],
					  ifindex[i], info->extack);
		if (IS_ERR(from[i])) {
			err = PTR_ERR(from[i]);
			goto out;
		}
	}
	to = vsw_mirror_port(sw, attrs[VSW_A_MIRROR_TO],
			     nla_get_u32(attrs[VSW_A_MIRROR_TO]), info->extack);
	if (IS_ERR(to)) {
		err = PTR_ERR(to);
		goto out;
	}
	err = vsw_mirror_add(sw, name, from, n, to, dir, info->extack);
out:
	rtnl_unlock();
	return err;
}

static int vsw_nl_mirror_del(struct sk_buff *skb, struct genl_info *info)
{
	char name[VSW_MIRROR_NAME_LEN];
	struct vsw_switch *sw;
	struct vsw_mirror *m;
	int err = 0;

	if (!info->attrs[VSW_A_MIRROR_NAME]) {
		NL_SET_ERR_MSG(info->extack, "name the mirror");
		return -EINVAL;
	}
	nla_strscpy(name, info->attrs[VSW_A_MIRROR_NAME], sizeof(name));
	rtnl_lock();
	sw = vsw_nl_switch_lookup(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(sw)) {
		err = PTR_ERR(sw);
		goto out;
	}
	m = vsw_mirror_find(sw, name);
	if (!m) {
		NL_SET_ERR_MSG_FMT(info->extack, "%s has no mirror named %s",
				   sw->dev->name, name);
		err = -ENOENT;
		goto out;
	}
	vsw_mirror_del(sw, m);
out:
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

/* May run in softirq, under sw->fdb_lock. */
void vsw_nl_notify_fdb(struct vsw_switch *sw, const struct vsw_fdb *f,
		       u8 cmd, u32 event)
{
	struct net *net = dev_net(sw->dev);
	struct sk_buff *skb;

	if (!genl_has_listeners(&vsw_genl_family, net, VSW_MCGRP_EVENTS))
		return;
	skb = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_ATOMIC);
	if (!skb)
		return;
	if (vsw_fill_fdb(skb, sw, f, 0, 0, 0, cmd, event, NULL)) {
		nlmsg_free(skb);
		return;
	}
	genlmsg_multicast_netns(&vsw_genl_family, net, skb, 0,
				VSW_MCGRP_EVENTS, GFP_ATOMIC);
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

static const struct genl_small_ops vsw_genl_ops[] = {
	{
		.cmd = VSW_CMD_SWITCH_GET,
		.doit = vsw_nl_switch_get,
		.dumpit = vsw_nl_switch_dump,
	}, {
		.cmd = VSW_CMD_PORT_GET,
		.doit = vsw_nl_port_get,
		.dumpit = vsw_nl_port_dump,
	}, {
		.cmd = VSW_CMD_PORT_SET,
		.doit = vsw_nl_port_set,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = VSW_CMD_FDB_GET,
		.dumpit = vsw_nl_fdb_dump,
	}, {
		.cmd = VSW_CMD_FDB_NEW,
		.doit = vsw_nl_fdb_new,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = VSW_CMD_FDB_DEL,
		.doit = vsw_nl_fdb_del,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = VSW_CMD_FDB_FLUSH,
		.doit = vsw_nl_fdb_flush,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = VSW_CMD_NAT_SET,
		.doit = vsw_nl_nat_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = VSW_CMD_FWD_GET,
		.dumpit = vsw_nl_fwd_dump,
	}, {
		.cmd = VSW_CMD_FWD_NEW,
		.doit = vsw_nl_nat_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = VSW_CMD_FWD_DEL,
		.doit = vsw_nl_nat_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = VSW_CMD_SWITCH_SET,
		.doit = vsw_nl_switch_set,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = VSW_CMD_BINDING_GET,
		.dumpit = vsw_nl_binding_dump,
	}, {
		.cmd = VSW_CMD_MIRROR_GET,
		.dumpit = vsw_nl_mirror_dump,
	}, {
		.cmd = VSW_CMD_MIRROR_NEW,
		.doit = vsw_nl_mirror_new,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = VSW_CMD_MIRROR_DEL,
		.doit = vsw_nl_mirror_del,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

static struct genl_family vsw_genl_family __ro_after_init = {
	.name		= VSWITCH_GENL_NAME,
	.version	= VSWITCH_GENL_VERSION,
	.maxattr	= VSW_A_MAX,
	.policy		= vsw_policy,
	.netnsok	= true,
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
