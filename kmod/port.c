// SPDX-License-Identifier: GPL-2.0
/*
 * Ports: attaching a device to a switch, detaching it, and following what
 * happens to it (MTU and carrier changes, the device going away). A bridged
 * switch's uplink is a port too, attached without being enslaved.
 */

#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include "fdb.h"
#include "mirror.h"
#include "nat.h"
#include "policy.h"

struct vsw_port *vsw_port_get_rtnl(const struct net_device *dev)
{
	ASSERT_RTNL();
	if (rcu_access_pointer(dev->rx_handler) != vsw_handle_frame)
		return NULL;
	return rtnl_dereference(dev->rx_handler_data);
}

/*
 * The switch's MTU is its smallest port's, or a bridged switch's uplink's,
 * unless the admin set one.
 */
void vsw_mtu_auto_adjust(struct vsw_switch *sw)
{
	struct vsw_port *p, *up;
	unsigned int mtu = 0;

	ASSERT_RTNL();
	if (!sw->mtu_auto)
		return;
	up = rtnl_dereference(sw->uplink);
	if (up)
		mtu = up->dev->mtu;
	else if (sw->mode != VSW_MODE_BRIDGED)
		list_for_each_entry(p, &sw->ports, list)
			if (!mtu || p->dev->mtu < mtu)
				mtu = p->dev->mtu;
	if (!mtu || mtu == sw->dev->mtu)
		return;
	dev_set_mtu(sw->dev, mtu);
	sw->mtu_auto = true;
}

/* Name what holds a device's rx handler, for a refusal. */
static void vsw_rx_handler_owner(struct net_device *dev,
				 struct netlink_ext_ack *extack)
{
	struct vsw_port *port = vsw_port_get_rtnl(dev);
	struct net_device *upper;
	struct list_head *iter;

	if (port && port->uplink) {
		NL_SET_ERR_MSG_FMT(extack, "%s is the uplink of %s", dev->name,
				   port->sw->dev->name);
		return;
	}
	/* macvlan, ipvlan and the like sit on top of the device they own. */
	netdev_for_each_upper_dev_rcu(dev, upper, iter) {
		NL_SET_ERR_MSG_FMT(extack, "%s is in use by %s (rx handler taken)",
				   dev->name, upper->name);
		return;
	}
	NL_SET_ERR_MSG_FMT(extack, "%s is in use by another driver (rx handler taken)",
			   dev->name);
}

static int vsw_port_check(struct vsw_switch *sw, struct net_device *dev,
			  struct netlink_ext_ack *extack)
{
	struct net_device *master;

	if (dev == sw->dev || netif_is_vswitch(dev)) {
		NL_SET_ERR_MSG(extack, "a switch cannot be a port of a switch");
		return -ELOOP;
	}
	if ((dev->flags & IFF_LOOPBACK) || dev->type != ARPHRD_ETHER ||
	    dev->addr_len != ETH_ALEN) {
		NL_SET_ERR_MSG_FMT(extack, "%s is not an Ethernet device",
				   dev->name);
		return -EOPNOTSUPP;
	}
	/* A Wi-Fi station (no 4addr) sends from its own address only, and
	 * its access point drops the guests' frames: cfg80211 marks it.
	 */
	if (dev->priv_flags & IFF_DONT_BRIDGE) {
		NL_SET_ERR_MSG_FMT(extack,
				   "%s does not allow bridging (a Wi-Fi station without 4addr)",
				   dev->name);
		return -EOPNOTSUPP;
	}
	if (!net_eq(dev_net(dev), dev_net(sw->dev))) {
		NL_SET_ERR_MSG(extack, "port and switch must be in one network namespace");
		return -EXDEV;
	}
	master = netdev_master_upper_dev_get(dev);
	if (master) {
		NL_SET_ERR_MSG_FMT(extack, "%s is already enslaved to %s",
				   dev->name, master->name);
		return -EBUSY;
	}
	if (netdev_is_rx_handler_busy(dev)) {
		rcu_read_lock();
		vsw_rx_handler_owner(dev, extack);
		rcu_read_unlock();
		return -EBUSY;
	}
	return 0;
}

int vsw_uplink_check(struct vsw_switch *sw, struct net_device *dev,
		     struct netlink_ext_ack *extack)
{
	struct vsw_port *up = rtnl_dereference(sw->uplink);

	if (up && up->dev == dev)
		return 0;
	return vsw_port_check(sw, dev, extack);
}

/*
 * Attach @dev. A guest port is enslaved to the switch; an uplink is not (the
 * host keeps using it as before): the switch sits on top of it, as a macvlan
 * on its lower device, and catches the host's frames to guests on the
 * uplink's egress.
 */
static int vsw_port_attach(struct vsw_switch *sw, struct net_device *dev,
			   bool uplink, struct netlink_ext_ack *extack)
{
	struct vsw_port *port;
	int err;

	ASSERT_RTNL();
	err = vsw_port_check(sw, dev, extack);
	if (err)
		return err;

	port = kzalloc(sizeof(*port), GFP_KERNEL);
	if (!port)
		return -ENOMEM;
	port->stats = netdev_alloc_pcpu_stats(struct vsw_pcpu_stats);
	if (!port->stats) {
		err = -ENOMEM;
		goto err_free;
	}
	port->dev = dev;
	port->sw = sw;
	port->uplink = uplink;
	err = vsw_policy_port_init(port);
	if (err)
		goto err_free_stats;

	err = dev_set_promiscuity(dev, 1);
	if (err)
		goto err_free_stats;
	if (uplink)
		err = netdev_upper_dev_link(dev, sw->dev, extack);
	else
		err = netdev_master_upper_dev_link(dev, sw->dev, NULL, NULL,
						   extack);
	if (err)
		goto err_promisc;
	err = netdev_rx_handler_register(dev, vsw_handle_frame, port);
	if (err) {
		NL_SET_ERR_MSG(extack, "the device's receive handler is taken");
		goto err_unlink;
	}
	if (uplink) {
		port->egress = (struct nf_hook_ops) {
			.hook		= vsw_uplink_egress,
			.pf		= NFPROTO_NETDEV,
			.hooknum	= NF_NETDEV_EGRESS,
			/* After the host's own egress rules. */
			.priority	= INT_MAX,
			.dev		= dev,
			.priv		= port,
		};
		err = nf_register_net_hook(dev_net(dev), &port->egress);
		if (err) {
			NL_SET_ERR_MSG(extack, "cannot hook the uplink's egress");
			goto err_rx_handler;
		}
	}
	/* Large receive offload merges frames that cannot be forwarded. */
	dev_disable_lro(dev);

	list_add_tail_rcu(&port->list, &sw->ports);
	vsw_net_changed(dev_net(sw->dev));
	sw->port_count++;
	if (uplink) {
		rcu_assign_pointer(sw->uplink, port);
		sw->uplink_gone[0] = '\0';
		vsw_uplink_carrier(sw);
	}
	vsw_mtu_auto_adjust(sw);
	vsw_policy_recount(sw);
	vsw_nl_notify_port(port, VSW_CMD_PORT_NEW);
	netdev_dbg(sw->dev, "%s %s added\n", uplink ? "uplink" : "port",
		   dev->name);
	return 0;

err_rx_handler:
	netdev_rx_handler_unregister(dev);
err_unlink:
	netdev_upper_dev_unlink(dev, sw->dev);
err_promisc:
	dev_set_promiscuity(dev, -1);
err_free_stats:
	kfree(rcu_access_pointer(port->policy));
	free_percpu(port->stats);
err_free:
	kfree(port);
	return err;
}

int vsw_port_add(struct vsw_switch *sw, struct net_device *dev,
		 struct netlink_ext_ack *extack)
{
	return vsw_port_attach(sw, dev, false, extack);
}

static void vsw_port_free_rcu(struct rcu_head *head)
{
	struct vsw_port *port = container_of(head, struct vsw_port, rcu);

	kfree(rcu_access_pointer(port->policy));
	kfree(rcu_access_pointer(port->leases));
	free_percpu(port->stats);
	kfree(port);
}

void vsw_port_del(struct vsw_port *port)
{
	struct vsw_switch *sw = port->sw;
	struct net_device *dev = port->dev;

	ASSERT_RTNL();
	vsw_nl_notify_port(port, VSW_CMD_PORT_DEL);
	vsw_mirror_port_del(port);
	list_del_rcu(&port->list);
	vsw_net_changed(dev_net(sw->dev));
	sw->port_count--;
	vsw_policy_recount(sw);
	if (port->uplink) {
		if (rtnl_dereference(sw->uplink) == port)
			RCU_INIT_POINTER(sw->uplink, NULL);
		/* In-flight hook calls finish before the port is freed. */
		nf_unregister_net_hook(dev_net(dev), &port->egress);
	}

	/* Waits for the receive path: no frame learns on the port after. */
	netdev_rx_handler_unregister(dev);
	/* Before the FDB forgets which guests were behind the port. */
	if (sw->nat && !sw->dying)
		sw->nat_ops->port_del(port);
	vsw_fdb_flush(sw, port, false);
	netdev_upper_dev_unlink(dev, sw->dev);
	dev_set_promiscuity(dev, -1);
	if (port->uplink)
		vsw_uplink_carrier(sw);
	vsw_mtu_auto_adjust(sw);
	netdev_dbg(sw->dev, "%s %s removed\n",
		   port->uplink ? "uplink" : "port", dev->name);
	call_rcu(&port->rcu, vsw_port_free_rcu);
}

void vsw_port_del_all(struct vsw_switch *sw)
{
	struct vsw_port *port, *tmp;

	list_for_each_entry_safe(port, tmp, &sw->ports, list)
		vsw_port_del(port);
}

/*
 * Set, swap (@dev another device) or detach (@dev NULL) a bridged switch's
 * uplink. The new one is attached before the old one goes, so a refusal
 * leaves the old one in place.
 */
int vsw_uplink_set(struct vsw_switch *sw, struct net_device *dev,
		   struct netlink_ext_ack *extack)
{
	struct vsw_port *old = rtnl_dereference(sw->uplink);
	int err;

	ASSERT_RTNL();
	if (old && old->dev == dev)
		return 0;
	if (dev) {
		err = vsw_port_attach(sw, dev, true, extack);
		if (err)
			return err;
	}
	if (old)
		vsw_port_del(old);
	if (!dev)
		sw->uplink_gone[0] = '\0';
	return 0;
}

static bool vsw_uplink_ok(const struct vsw_port *up)
{
	return up && netif_running(up->dev) && netif_carrier_ok(up->dev);
}

/* A bridged switch's carrier is its uplink's. */
void vsw_uplink_carrier(struct vsw_switch *sw)
{
	if (sw->mode != VSW_MODE_BRIDGED)
		return;
	if (vsw_uplink_ok(rtnl_dereference(sw->uplink)))
		netif_carrier_on(sw->dev);
	else
		netif_carrier_off(sw->dev);
}

enum vsw_uplink_state vsw_uplink_state(struct vsw_switch *sw)
{
	struct vsw_port *up = rtnl_dereference(sw->uplink);

	if (up)
		return vsw_uplink_ok(up) ? VSW_UPLINK_UP : VSW_UPLINK_NO_CARRIER;
	return sw->uplink_gone[0] ? VSW_UPLINK_GONE : VSW_UPLINK_NONE;
}

static int vsw_netdev_event(struct notifier_block *nb, unsigned long event,
			    void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct vsw_port *port = vsw_port_get_rtnl(dev);

	if (!port)
		return NOTIFY_DONE;

	switch (event) {
	case NETDEV_UNREGISTER:
		/* A bridged switch stays, without carrier, and says so. */
		if (port->uplink)
			strscpy(port->sw->uplink_gone, dev->name,
				sizeof(port->sw->uplink_gone));
		vsw_port_del(port);
		break;
	case NETDEV_CHANGEMTU:
		vsw_mtu_auto_adjust(port->sw);
		break;
	case NETDEV_UP:
	case NETDEV_DOWN:
	case NETDEV_CHANGE:
		if (port->uplink)
			vsw_uplink_carrier(port->sw);
		break;
	case NETDEV_PRE_TYPE_CHANGE:
		/* A port stays Ethernet. */
		return notifier_from_errno(-EBUSY);
	}
	return NOTIFY_DONE;
}

static struct notifier_block vsw_netdev_notifier = {
	.notifier_call = vsw_netdev_event,
};

int vsw_netdev_notifier_init(void)
{
	return register_netdevice_notifier(&vsw_netdev_notifier);
}

void vsw_netdev_notifier_exit(void)
{
	unregister_netdevice_notifier(&vsw_netdev_notifier);
}
