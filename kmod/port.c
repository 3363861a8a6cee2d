// SPDX-License-Identifier: GPL-2.0
/*
 * Ports: attaching a device to a switch, detaching it, and following what
 * happens to it (MTU changes, the device going away).
 */

#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include "vswitch.h"

struct vsw_port *vsw_port_get_rtnl(const struct net_device *dev)
{
	ASSERT_RTNL();
	if (rcu_access_pointer(dev->rx_handler) != vsw_handle_frame)
		return NULL;
	return rtnl_dereference(dev->rx_handler_data);
}

/* The switch's MTU is its smallest port's, unless the admin set one. */
void vsw_mtu_auto_adjust(struct vsw_switch *sw)
{
	unsigned int mtu = 0;
	struct vsw_port *p;

	ASSERT_RTNL();
	if (!sw->mtu_auto)
		return;
	list_for_each_entry(p, &sw->ports, list)
		if (!mtu || p->dev->mtu < mtu)
			mtu = p->dev->mtu;
	if (!mtu || mtu == sw->dev->mtu)
		return;
	dev_set_mtu(sw->dev, mtu);
	sw->mtu_auto = true;
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
		NL_SET_ERR_MSG_FMT(extack, "%s is in use by another driver (rx handler taken)",
				   dev->name);
		return -EBUSY;
	}
	return 0;
}

int vsw_port_add(struct vsw_switch *sw, struct net_device *dev,
		 struct netlink_ext_ack *extack)
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

	err = dev_set_promiscuity(dev, 1);
	if (err)
		goto err_free_stats;
	err = netdev_master_upper_dev_link(dev, sw->dev, NULL, NULL, extack);
	if (err)
		goto err_promisc;
	err = netdev_rx_handler_register(dev, vsw_handle_frame, port);
	if (err) {
		NL_SET_ERR_MSG(extack, "the device's receive handler is taken");
		goto err_unlink;
	}

	list_add_tail_rcu(&port->list, &sw->ports);
	sw->port_count++;
	vsw_mtu_auto_adjust(sw);
	vsw_nl_notify_port(port, VSW_CMD_PORT_NEW);
	netdev_dbg(sw->dev, "port %s added\n", dev->name);
	return 0;

err_unlink:
	netdev_upper_dev_unlink(dev, sw->dev);
err_promisc:
	dev_set_promiscuity(dev, -1);
err_free_stats:
	free_percpu(port->stats);
err_free:
	kfree(port);
	return err;
}

static void vsw_port_free_rcu(struct rcu_head *head)
{
	struct vsw_port *port = container_of(head, struct vsw_port, rcu);

	free_percpu(port->stats);
	kfree(port);
}

void vsw_port_del(struct vsw_port *port)
{
	struct vsw_switch *sw = port->sw;
	struct net_device *dev = port->dev;

	ASSERT_RTNL();
	vsw_nl_notify_port(port, VSW_CMD_PORT_DEL);
	list_del_rcu(&port->list);
	sw->port_count--;

	/* Waits for the receive path: no frame learns on the port after. */
	netdev_rx_handler_unregister(dev);
	/* Before the FDB forgets which guests were behind the port. */
	if (!sw->dying)
		vsw_nat_port_del(port);
	vsw_fdb_flush(sw, port, false);
	netdev_upper_dev_unlink(dev, sw->dev);
	dev_set_promiscuity(dev, -1);
	vsw_mtu_auto_adjust(sw);
	netdev_dbg(sw->dev, "port %s removed\n", dev->name);
	call_rcu(&port->rcu, vsw_port_free_rcu);
}

void vsw_port_del_all(struct vsw_switch *sw)
{
	struct vsw_port *port, *tmp;

	list_for_each_entry_safe(port, tmp, &sw->ports, list)
		vsw_port_del(port);
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
		vsw_port_del(port);
		break;
	case NETDEV_CHANGEMTU:
		vsw_mtu_auto_adjust(port->sw);
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
