// SPDX-License-Identifier: GPL-2.0
/*
 * The switch device: its netdev operations and its rtnetlink link kind.
 */

#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <net/rtnetlink.h>

#include "fdb.h"
#include "nat.h"

/* ------------------------------------------------------------------ */
/* counters                                                           */

/* The whole switch's counters: the host's and every port's, summed. */
void vsw_switch_stats(struct vsw_switch *sw, struct vsw_stats *sum)
{
	struct vsw_port *port;
	struct vsw_stats s;

	vsw_stats_read(sw->host_stats, sum);
	rcu_read_lock();
	list_for_each_entry_rcu(port, &sw->ports, list) {
		vsw_stats_read(port->stats, &s);
		vsw_stats_add(sum, &s);
	}
	rcu_read_unlock();
}

/* The device's own counters are the host's view of the segment. */
static void vsw_get_stats64(struct net_device *dev,
			    struct rtnl_link_stats64 *stats)
{
	struct vsw_switch *sw = netdev_priv(dev);
	struct vsw_stats s;

	vsw_stats_read(sw->host_stats, &s);
	stats->tx_packets = s.ctr[VSW_CTR_RX_PACKETS];
	stats->tx_bytes = s.ctr[VSW_CTR_RX_BYTES];
	stats->rx_packets = s.ctr[VSW_CTR_TX_PACKETS];
	stats->rx_bytes = s.ctr[VSW_CTR_TX_BYTES];
	stats->tx_dropped = vsw_stats_drops(&s);
}

/* ------------------------------------------------------------------ */
/* netdev operations                                                  */

static int vsw_dev_init(struct net_device *dev)
{
	struct vsw_switch *sw = netdev_priv(dev);
	int err;

	sw->host_stats = netdev_alloc_pcpu_stats(struct vsw_pcpu_stats);
	if (!sw->host_stats)
		return -ENOMEM;
	err = vsw_fdb_init(sw);
	if (err) {
		free_percpu(sw->host_stats);
		return err;
	}
	/* What can fail for want of a zone first: the FDB is still empty. */
	if (sw->nat_ops) {
		err = sw->nat_ops->init(sw, NULL);
		if (err)
			goto err_fdb;
	}
	if (vsw_has_host(sw)) {
		err = vsw_fdb_set_local(sw, NULL, dev->dev_addr);
		if (err)
			goto err_nat;
	}
	return 0;

err_nat:
	if (sw->nat_ops)
		sw->nat_ops->uninit(sw);
err_fdb:
	vsw_fdb_destroy(sw);
	free_percpu(sw->host_stats);
	return err;
}

/* Called by unregister_netdevice() under RTNL. */
static void vsw_dev_uninit(struct net_device *dev)
{
	struct vsw_switch *sw = netdev_priv(dev);

	sw->dying = true;
	vsw_port_del_all(sw);
	if (sw->nat_ops)
		sw->nat_ops->uninit(sw);
	vsw_fdb_uninit(sw);
	vsw_fdb_flush(sw, NULL, true);
}

/* After the last reference is gone. */
static void vsw_dev_free(struct net_device *dev)
{
	struct vsw_switch *sw = netdev_priv(dev);

	vsw_fdb_destroy(sw);
	kfree(rcu_access_pointer(sw->host_policy));
	kfree(sw->port_defaults);
	free_percpu(sw->host_stats);
	pr_debug("%s: destroyed\n", dev->name);
}

static int vsw_dev_open(struct net_device *dev)
{
	struct vsw_switch *sw = netdev_priv(dev);

	if (sw->mode == VSW_MODE_BRIDGED)
		vsw_uplink_carrier(sw);
	else
		netif_carrier_on(dev);
	return 0;
}

static int vsw_dev_stop(struct net_device *dev)
{
	return 0;
}

static int vsw_set_mac_address(struct net_device *dev, void *p)
{
	struct vsw_switch *sw = netdev_priv(dev);
	struct sockaddr *sa = p;
	int err;

	if (!is_valid_ether_addr(sa->sa_data))
		return -EADDRNOTAVAIL;
	if (!vsw_has_host(sw)) {
		eth_hw_addr_set(dev, sa->sa_data);
		return 0;
	}
	err = vsw_fdb_set_local(sw, dev->dev_addr, sa->sa_data);
	if (err)
		return err;
	eth_hw_addr_set(dev, sa->sa_data);
	return 0;
}

static int vsw_change_mtu(struct net_device *dev, int new_mtu)
{
	struct vsw_switch *sw = netdev_priv(dev);

	WRITE_ONCE(dev->mtu, new_mtu);
	/* An MTU the admin set stays; vsw_mtu_auto_adjust() sets mtu_auto
	 * back around its own change.
	 */
	sw->mtu_auto = false;
	return 0;
}

static int vsw_add_slave(struct net_device *dev, struct net_device *slave,
			 struct netlink_ext_ack *extack)
{
	return vsw_port_add(netdev_priv(dev), slave, extack);
}

static int vsw_del_slave(struct net_device *dev, struct net_device *slave)
{
	struct vsw_port *port = vsw_port_get_rtnl(slave);

	if (!port || port->sw != netdev_priv(dev))
		return -EINVAL;
	vsw_port_del(port);
	return 0;
}

/* A bridged switch sits on its uplink: `ip link` shows it as sw0@eth0. */
static int vsw_get_iflink(const struct net_device *dev)
{
	struct vsw_switch *sw = netdev_priv(dev);
	struct vsw_port *up;
	int ifindex;

	rcu_read_lock();
	up = rcu_dereference(sw->uplink);
	ifindex = up ? READ_ONCE(up->dev->ifindex) : READ_ONCE(dev->ifindex);
	rcu_read_unlock();
	return ifindex;
}

static const struct net_device_ops vsw_netdev_ops = {
	.ndo_init		= vsw_dev_init,
	.ndo_uninit		= vsw_dev_uninit,
	.ndo_open		= vsw_dev_open,
	.ndo_stop		= vsw_dev_stop,
	.ndo_start_xmit		= vsw_host_xmit,
	.ndo_get_stats64	= vsw_get_stats64,
	.ndo_set_mac_address	= vsw_set_mac_address,
	.ndo_change_mtu		= vsw_change_mtu,
	.ndo_add_slave		= vsw_add_slave,
	.ndo_del_slave		= vsw_del_slave,
	.ndo_get_iflink		= vsw_get_iflink,
	.ndo_validate_addr	= eth_validate_addr,
};

static void vsw_get_drvinfo(struct net_device *dev,
			    struct ethtool_drvinfo *info)
{
	strscpy(info->driver, KBUILD_MODNAME, sizeof(info->driver));
}

/* ethtool -S: the switch's counters, as vswctl's switch show has them. */
static int vsw_get_sset_count(struct net_device *dev, int sset)
{
	return sset == ETH_SS_STATS ? VSW_CTR_MAX : -EOPNOTSUPP;
}

static void vsw_get_strings(struct net_device *dev, u32 sset, u8 *data)
{
	if (sset == ETH_SS_STATS)
		vsw_stats_strings(data);
}

static void vsw_get_ethtool_stats(struct net_device *dev,
				  struct ethtool_stats *stats, u64 *data)
{
	struct vsw_stats s;

	vsw_switch_stats(netdev_priv(dev), &s);
	memcpy(data, s.ctr, sizeof(s.ctr));
}

static const struct ethtool_ops vsw_ethtool_ops = {
	.get_drvinfo		= vsw_get_drvinfo,
	.get_sset_count		= vsw_get_sset_count,
	.get_strings		= vsw_get_strings,
	.get_ethtool_stats	= vsw_get_ethtool_stats,
	.get_link		= ethtool_op_get_link,
	.get_ts_info		= ethtool_op_get_ts_info,
};

#define VSW_FEATURES (NETIF_F_SG | NETIF_F_FRAGLIST | NETIF_F_HIGHDMA | \
		      NETIF_F_GSO_SOFTWARE | NETIF_F_HW_CSUM)

static void vsw_setup(struct net_device *dev)
{
	struct vsw_switch *sw = netdev_priv(dev);

	ether_setup(dev);
	dev->netdev_ops = &vsw_netdev_ops;
	dev->ethtool_ops = &vsw_ethtool_ops;
	dev->needs_free_netdev = true;
	dev->priv_destructor = vsw_dev_free;
	dev->priv_flags |= IFF_NO_QUEUE;
	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	/* netpoll would call the xmit with interrupts off, and it floods
	 * through the ports' queues: netconsole goes on a port instead.
	 */
	dev->priv_flags |= IFF_DISABLE_NETPOLL;
	dev->features |= VSW_FEATURES;
	/* The host's VLAN devices on the switch hand tags over in the skb. */
	dev->features |= NETIF_F_HW_VLAN_CTAG_TX | NETIF_F_HW_VLAN_STAG_TX;
	dev->hw_features |= VSW_FEATURES;
	dev->vlan_features |= VSW_FEATURES;
	vsw_compat_set_lltx(dev);
	vsw_compat_set_netns_local(dev);
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = ETH_MAX_MTU;
	eth_hw_addr_random(dev);

	sw->dev = dev;
	INIT_LIST_HEAD(&sw->ports);
	INIT_LIST_HEAD(&sw->mirrors);
	sw->mtu_auto = true;
	sw->fdb_max = VSW_FDB_MAX_DEFAULT;
	sw->ageing = VSW_AGEING_DEFAULT * HZ;
}

/* ------------------------------------------------------------------ */
/* rtnetlink                                                          */

static struct netlink_range_validation vsw_ageing_range = {
	.max = VSW_AGEING_MAX,
};

static const struct nla_policy vsw_link_policy[IFLA_VSW_MAX + 1] = {
	[IFLA_VSW_MODE]		= NLA_POLICY_MAX(NLA_U32, VSW_MODE_MAX),
	[IFLA_VSW_AGEING]	= NLA_POLICY_FULL_RANGE(NLA_U32, &vsw_ageing_range),
	[IFLA_VSW_FDB_MAX]	= { .type = NLA_U32 },
	[IFLA_VSW_UPLINK]	= { .type = NLA_U32 },
	[IFLA_VSW_GROUP_FWD_MASK] = { .type = NLA_U16 },
};

static int vsw_validate(struct nlattr *tb[], struct nlattr *data[],
			struct netlink_ext_ack *extack)
{
	/*
	 * Kernels differ on where a device made with a link namespace is
	 * created and on whether it may then move; a switch has no lower
	 * link, so it refuses one on every kernel.
	 */
	if (tb[IFLA_LINK_NETNSID]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_LINK_NETNSID],
				    "a switch has no link namespace: its uplink and ports are in its own");
		return -EINVAL;
	}
	if (data && data[IFLA_VSW_GROUP_FWD_MASK] &&
	    nla_get_u16(data[IFLA_VSW_GROUP_FWD_MASK]) & VSW_GROUP_FWD_NEVER) {
		NL_SET_ERR_MSG_ATTR(extack, data[IFLA_VSW_GROUP_FWD_MASK],
				    "pause (bit 1) and LACP (bit 2) frames are never forwarded");
		return -EINVAL;
	}
	if (tb[IFLA_ADDRESS]) {
		if (nla_len(tb[IFLA_ADDRESS]) != ETH_ALEN) {
			NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_ADDRESS],
					    "address must be 6 bytes");
			return -EINVAL;
		}
		if (!is_valid_ether_addr(nla_data(tb[IFLA_ADDRESS]))) {
			NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_ADDRESS],
					    "address must be unicast");
			return -EADDRNOTAVAIL;
		}
	}
	return 0;
}

/*
 * The uplink named by IFLA_VSW_UPLINK, checked but not attached yet: NULL
 * for none (ifindex 0), an ERR_PTR if refused.
 */
static struct net_device *vsw_uplink_get(struct vsw_switch *sw,
					 struct nlattr *attr,
					 struct netlink_ext_ack *extack)
{
	struct net_device *up;
	u32 ifindex;
	int err;

	if (sw->mode != VSW_MODE_BRIDGED) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "only a bridged switch has an uplink");
		return ERR_PTR(-EOPNOTSUPP);
	}
	ifindex = nla_get_u32(attr);
	if (!ifindex)
		return NULL;
	up = __dev_get_by_index(dev_net(sw->dev), ifindex);
	if (!up) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "no such uplink device");
		return ERR_PTR(-ENODEV);
	}
	err = vsw_uplink_check(sw, up, extack);
	if (err) {
		NL_SET_BAD_ATTR(extack, attr);
		return ERR_PTR(err);
	}
	return up;
}

static void vsw_apply(struct vsw_switch *sw, struct nlattr *data[])
{
	if (data[IFLA_VSW_FDB_MAX])
		WRITE_ONCE(sw->fdb_max, nla_get_u32(data[IFLA_VSW_FDB_MAX]));
	if (data[IFLA_VSW_AGEING])
		vsw_fdb_set_ageing(sw, nla_get_u32(data[IFLA_VSW_AGEING]));
	if (data[IFLA_VSW_GROUP_FWD_MASK])
		WRITE_ONCE(sw->group_fwd_mask,
			   nla_get_u16(data[IFLA_VSW_GROUP_FWD_MASK]));
}

int vsw_dev_newlink(struct net_device *dev, struct nlattr *tb[],
		    struct nlattr *data[], struct netlink_ext_ack *extack)
{
	struct vsw_switch *sw = netdev_priv(dev);
	struct net_device *up = NULL;
	int err;

	if (data && data[IFLA_VSW_MODE])
		sw->mode = nla_get_u32(data[IFLA_VSW_MODE]);
	if (sw->mode == VSW_MODE_NAT) {
		/* Not loaded here: see vsw_nl_nat_load(). */
		sw->nat_ops = vsw_nat_ops_rtnl();
		if (!sw->nat_ops) {
			NL_SET_ERR_MSG_ATTR(extack, data[IFLA_VSW_MODE],
					    VSW_NAT_MISSING);
			return -EOPNOTSUPP;
		}
		if (!sw->nat_ops->zone_left(dev_net(dev))) {
			NL_SET_ERR_MSG_ATTR(extack, data[IFLA_VSW_MODE],
					    "no conntrack zone left for another nat switch");
			return -EBUSY;
		}
	}
	if (tb[IFLA_MTU])
		sw->mtu_auto = false;
	if (data && data[IFLA_VSW_UPLINK]) {
		up = vsw_uplink_get(sw, data[IFLA_VSW_UPLINK], extack);
		if (IS_ERR(up))
			return PTR_ERR(up);
	}

	err = register_netdevice(dev);
	if (err)
		return err;

	if (sw->mode == VSW_MODE_BRIDGED) {
		err = vsw_uplink_set(sw, up, extack);
		if (err) {
			unregister_netdevice(dev);
			return err;
		}
		vsw_uplink_carrier(sw);
	}
	if (data)
		vsw_apply(sw, data);
	if (sw->ageing)
		queue_delayed_work(system_long_wq, &sw->gc_work, sw->ageing);
	pr_debug("%s: created\n", dev->name);
	return 0;
}

static int vsw_changelink(struct net_device *dev, struct nlattr *tb[],
			  struct nlattr *data[],
			  struct netlink_ext_ack *extack)
{
	struct vsw_switch *sw = netdev_priv(dev);
	struct net_device *up;
	int err;

	if (!data)
		return 0;
	if (data[IFLA_VSW_MODE] &&
	    nla_get_u32(data[IFLA_VSW_MODE]) != sw->mode) {
		NL_SET_ERR_MSG_ATTR(extack, data[IFLA_VSW_MODE],
				    "the mode of a switch cannot be changed");
		return -EOPNOTSUPP;
	}
	/* The only change that can fail goes first. */
	if (data[IFLA_VSW_UPLINK]) {
		up = vsw_uplink_get(sw, data[IFLA_VSW_UPLINK], extack);
		if (IS_ERR(up))
			return PTR_ERR(up);
		err = vsw_uplink_set(sw, up, extack);
		if (err)
			return err;
	}
	vsw_apply(sw, data);
	return 0;
}

static void vsw_dellink(struct net_device *dev, struct list_head *head)
{
	struct vsw_switch *sw = netdev_priv(dev);

	/* The switch's connections go all at once in vsw_dev_uninit(). */
	sw->dying = true;
	vsw_port_del_all(sw);
	unregister_netdevice_queue(dev, head);
}

static size_t vsw_get_size(const struct net_device *dev)
{
	return nla_total_size(sizeof(u32)) +	/* IFLA_VSW_MODE */
	       nla_total_size(sizeof(u32)) +	/* IFLA_VSW_AGEING */
	       nla_total_size(sizeof(u32)) +	/* IFLA_VSW_FDB_MAX */
	       nla_total_size(sizeof(u32)) +	/* IFLA_VSW_UPLINK */
	       nla_total_size(sizeof(u16));	/* IFLA_VSW_GROUP_FWD_MASK */
}

static int vsw_fill_info(struct sk_buff *skb, const struct net_device *dev)
{
	const struct vsw_switch *sw = netdev_priv(dev);
	struct vsw_port *up;
	int err = 0;

	if (nla_put_u32(skb, IFLA_VSW_MODE, sw->mode) ||
	    nla_put_u32(skb, IFLA_VSW_AGEING, READ_ONCE(sw->ageing) / HZ) ||
	    nla_put_u32(skb, IFLA_VSW_FDB_MAX, READ_ONCE(sw->fdb_max)) ||
	    nla_put_u16(skb, IFLA_VSW_GROUP_FWD_MASK,
			READ_ONCE(sw->group_fwd_mask)))
		return -EMSGSIZE;
	rcu_read_lock();
	up = rcu_dereference(sw->uplink);
	if (sw->mode == VSW_MODE_BRIDGED)
		err = nla_put_u32(skb, IFLA_VSW_UPLINK,
				  up ? READ_ONCE(up->dev->ifindex) : 0);
	rcu_read_unlock();
	return err;
}

/* ------------------------------------------------------------------ */
/* the NAT module                                                     */

/* Set and cleared under RTNL, read under it or with RCU. */
static const struct vsw_nat_ops __rcu *vsw_nat_ops;

int vsw_nat_register(const struct vsw_nat_ops *ops)
{
	int err = 0;

	rtnl_lock();
	if (rtnl_dereference(vsw_nat_ops))
		err = -EBUSY;
	else
		rcu_assign_pointer(vsw_nat_ops, ops);
	rtnl_unlock();
	return err;
}
EXPORT_SYMBOL_GPL(vsw_nat_register);

/*
 * No nat switch is made after this. Those there are keep the operations
 * (sw->nat_ops): the NAT module deletes them before it goes.
 */
void vsw_nat_unregister(const struct vsw_nat_ops *ops)
{
	rtnl_lock();
	if (rtnl_dereference(vsw_nat_ops) == ops)
		RCU_INIT_POINTER(vsw_nat_ops, NULL);
	rtnl_unlock();
}
EXPORT_SYMBOL_GPL(vsw_nat_unregister);

const struct vsw_nat_ops *vsw_nat_ops_rtnl(void)
{
	return rtnl_dereference(vsw_nat_ops);
}

bool vsw_nat_loaded(void)
{
	return rcu_access_pointer(vsw_nat_ops);
}

struct rtnl_link_ops vsw_link_ops __read_mostly = {
	.kind		= VSWITCH_LINK_KIND,
	.priv_size	= sizeof(struct vsw_switch),
	.setup		= vsw_setup,
	.maxtype	= IFLA_VSW_MAX,
	.policy		= vsw_link_policy,
	.validate	= vsw_validate,
	.newlink	= vsw_compat_newlink,
	.changelink	= vsw_changelink,
	.dellink	= vsw_dellink,
	.get_size	= vsw_get_size,
	.fill_info	= vsw_fill_info,
};
EXPORT_SYMBOL_GPL(vsw_link_ops);
