// SPDX-License-Identifier: GPL-2.0
/*
 * vswitch_nat: NAT mode, a module of its own (see nat.h). The switch
 * device is the guests' gateway; what guests send beyond its subnet leaves
 * through the host's routing, masqueraded, and port forwards bring chosen
 * host ports in. All translation is the kernel's conntrack and nf_nat,
 * driven from the data path as Open vSwitch does
 * (net/openvswitch/conntrack.c), never through the host's FORWARD path: it
 * works with ip_forward=0 and with a FORWARD policy of DROP.
 *
 * Zones. Each nat switch has a conntrack zone that holds the guest side of
 * its connections (the original tuple of a masqueraded connection, the
 * original tuple of a forwarded one); the other side (the reply tuple) is
 * in the default zone, with the host's own connections. So two switches
 * with the same subnet never mix, and nf_nat never picks a masquerade port
 * that the host's own connections or another switch already use.
 *
 * This file: a namespace's zones and hooks, a nat switch's life and its
 * timeouts, the module. nat_path.c is the data path, nat_fwd.c the port
 * forwards, nat_netlink.c the requests.
 *
 * Locking: the forward table and the zone map change under RTNL and are read
 * under RCU. Timeouts are conntrack timeout objects the switch owns, shared
 * with its connections by reference (struct nf_ct_timeout).
 */

#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/netfilter/nf_conntrack_l4proto.h>
#include <net/netfilter/nf_conntrack_timeout.h>
#include <net/netfilter/nf_conntrack_zones.h>
#include <net/netfilter/nf_nat_masquerade.h>

#include "nat_priv.h"

static unsigned int vsw_nat_net_id __read_mostly;

struct vsw_nat_net *vsw_nat_net(const struct net *net)
{
	return net_generic(net, vsw_nat_net_id);
}

/* ------------------------------------------------------------------ */
/* timeouts                                                           */

/* Which conntrack states each setting covers. */
static const u8 vsw_tcp_opening_closing[] = {
	TCP_CONNTRACK_SYN_SENT, TCP_CONNTRACK_SYN_RECV,
	TCP_CONNTRACK_FIN_WAIT, TCP_CONNTRACK_CLOSE_WAIT,
	TCP_CONNTRACK_LAST_ACK, TCP_CONNTRACK_TIME_WAIT,
	TCP_CONNTRACK_CLOSE, TCP_CONNTRACK_SYN_SENT2,
};

static struct nf_ct_timeout *vsw_timeout_alloc(u8 l4num, const void *dflt,
					       size_t size)
{
	struct nf_ct_timeout *t;

	t = kzalloc(sizeof(*t) + size, GFP_KERNEL);
	if (!t)
		return NULL;
	refcount_set(&t->refcnt, 1);
	t->l3num = NFPROTO_IPV4;
	t->l4proto = nf_ct_l4proto_find(l4num);
	memcpy(t->data, dflt, size);
	return t;
}

static void vsw_timeout_put(struct nf_ct_timeout *t)
{
	if (t && refcount_dec_and_test(&t->refcnt))
		kfree_rcu(t, rcu);
}

/* Write the switch's settings over the namespace's defaults. */
static void vsw_nat_apply_timeouts(struct vsw_switch *sw)
{
	struct vsw_nat *nat = sw->nat;
	struct net *net = dev_net(sw->dev);
	const unsigned int *tcp_dflt = nf_tcp_pernet(net)->timeouts;
	const unsigned int *udp_dflt = nf_udp_pernet(net)->timeouts;
	unsigned int *tcp = (unsigned int *)nat->timeout[VSW_NAT_TCP]->data;
	unsigned int *udp = (unsigned int *)nat->timeout[VSW_NAT_UDP]->data;
	int i, s;

	for (i = 0; i < ARRAY_SIZE(vsw_tcp_opening_closing); i++) {
		s = vsw_tcp_opening_closing[i];
		WRITE_ONCE(tcp[s], nat->tcp_timeout ? nat->tcp_timeout * HZ :
						      READ_ONCE(tcp_dflt[s]));
	}
	WRITE_ONCE(tcp[TCP_CONNTRACK_ESTABLISHED],
		   nat->tcp_est_timeout ? nat->tcp_est_timeout * HZ :
		   READ_ONCE(tcp_dflt[TCP_CONNTRACK_ESTABLISHED]));
	for (i = 0; i < UDP_CT_MAX; i++)
		WRITE_ONCE(udp[i], nat->udp_timeout ? nat->udp_timeout * HZ :
						      READ_ONCE(udp_dflt[i]));
}

void vsw_nat_set_timeouts(struct vsw_switch *sw, const u32 *udp,
			  const u32 *tcp, const u32 *tcp_est)
{
	ASSERT_RTNL();
	if (udp)
		sw->nat->udp_timeout = *udp;
	if (tcp)
		sw->nat->tcp_timeout = *tcp;
	if (tcp_est)
		sw->nat->tcp_est_timeout = *tcp_est;
	vsw_nat_apply_timeouts(sw);
}

/* ------------------------------------------------------------------ */
/* a nat switch's life                                                */

static void vsw_nat_free(struct vsw_nat *nat)
{
	struct nf_conn_timeout *ext;
	int i;

	for (i = 0; i < VSW_NAT_TMPL_MAX; i++) {
		if (!nat->tmpl[i])
			continue;
		/* The template's reference to its timeout is ours to drop. */
		ext = nf_ct_timeout_find(nat->tmpl[i]);
		if (ext && rcu_access_pointer(ext->timeout)) {
			vsw_timeout_put(rcu_dereference_protected(ext->timeout, 1));
			RCU_INIT_POINTER(ext->timeout, NULL);
		}
		nf_ct_put(nat->tmpl[i]);
	}
	for (i = 0; i < VSW_NAT_TMPL_MAX; i++)
		vsw_timeout_put(nat->timeout[i]);
	kfree(nat);
}

static struct nf_conn *vsw_nat_tmpl(struct net *net, struct vsw_nat *nat,
				    struct nf_ct_timeout *timeout)
{
	struct nf_conn *tmpl;

	tmpl = nf_ct_tmpl_alloc(net, &nat->zone, GFP_KERNEL);
	if (!tmpl)
		return NULL;
	if (timeout && !nf_ct_timeout_ext_add(tmpl, timeout, GFP_KERNEL)) {
		nf_ct_tmpl_free(tmpl);
		return NULL;
	}
	__set_bit(IPS_CONFIRMED_BIT, &tmpl->status);
	/* Its one reference (nf_ct_tmpl_alloc) is the switch's. */
	return tmpl;
}

/* Whether @net has a conntrack zone for one more nat switch (RTNL). */
static bool vsw_nat_zone_left(struct net *net)
{
	ASSERT_RTNL();
	return vsw_nat_net(net)->nat_switches <
	       VSW_NAT_ZONE_MAX - VSW_NAT_ZONE_MIN + 1;
}

static int vsw_nat_init(struct vsw_switch *sw, struct netlink_ext_ack *extack)
{
	struct net *net = dev_net(sw->dev);
	struct vsw_nat_net *vn = vsw_nat_net(net);
	struct vsw_nat *nat;
	int i, id, err;

	ASSERT_RTNL();
	nat = kzalloc(sizeof(*nat), GFP_KERNEL);
	if (!nat)
		return -ENOMEM;
	INIT_LIST_HEAD(&nat->fwds);

	/* Reserved now, claimable once the switch is ready. */
	id = idr_alloc(&vn->zones, NULL, VSW_NAT_ZONE_MIN, VSW_NAT_ZONE_MAX + 1,
		       GFP_KERNEL);
	if (id < 0) {
		kfree(nat);
		NL_SET_ERR_MSG(extack, "no conntrack zone left for another nat switch");
		return id == -ENOSPC ? -EBUSY : id;
	}
	nf_ct_zone_init(&nat->zone, id, NF_CT_ZONE_DIR_ORIG, 0);

	err = -ENOMEM;
	nat->timeout[VSW_NAT_TCP] =
		vsw_timeout_alloc(IPPROTO_TCP, nf_tcp_pernet(net)->timeouts,
				  sizeof(unsigned int) * TCP_CONNTRACK_TIMEOUT_MAX);
	nat->timeout[VSW_NAT_UDP] =
		vsw_timeout_alloc(IPPROTO_UDP, nf_udp_pernet(net)->timeouts,
				  sizeof(unsigned int) * UDP_CT_MAX);
	if (!nat->timeout[VSW_NAT_TCP] || !nat->timeout[VSW_NAT_UDP])
		goto err;
	for (i = 0; i < VSW_NAT_TMPL_MAX; i++) {
		nat->tmpl[i] = vsw_nat_tmpl(net, nat, nat->timeout[i]);
		if (!nat->tmpl[i])
			goto err;
	}

	if (!vn->nat_switches) {
		err = nf_register_net_hooks(net, vsw_nat_hook_ops,
					    ARRAY_SIZE(vsw_nat_hook_ops));
		if (err)
			goto err;
	}
	WRITE_ONCE(vn->nat_switches, vn->nat_switches + 1);
	sw->nat = nat;
	idr_replace(&vn->zones, sw, id);
	return 0;

err:
	idr_remove(&vn->zones, id);
	vsw_nat_free(nat);
	return err;
}

/* The switch is being unregistered (RTNL). */
static void vsw_nat_uninit(struct vsw_switch *sw)
{
	struct net *net = dev_net(sw->dev);
	struct vsw_nat_net *vn = vsw_nat_net(net);

	ASSERT_RTNL();
	if (!sw->nat)
		return;
	vsw_nat_fwd_del_all(sw);
	idr_remove(&vn->zones, sw->nat->zone.id);
	WRITE_ONCE(vn->nat_switches, vn->nat_switches - 1);
	if (!vn->nat_switches)
		nf_unregister_net_hooks(net, vsw_nat_hook_ops,
					ARRAY_SIZE(vsw_nat_hook_ops));
	/* Neither does unregistering wait for the hooks in flight: a packet
	 * claimed for the switch before could be confirmed into its zone
	 * after the flush, and stay there for the next switch that takes
	 * the zone. Once no hook can claim one any more, flush.
	 */
	synchronize_net();
	vsw_nat_flush(sw, NULL, NULL);
	vsw_nat_free(sw->nat);
	sw->nat = NULL;
}

/* ------------------------------------------------------------------ */
/* module                                                             */

static int __net_init vsw_nat_net_init(struct net *net)
{
	struct vsw_nat_net *vn = vsw_nat_net(net);
	int i;

	for (i = 0; i < ARRAY_SIZE(vn->fwd_hash); i++)
		INIT_HLIST_HEAD(&vn->fwd_hash[i]);
	idr_init(&vn->zones);
	return 0;
}

/*
 * A namespace goes, or the module: its nat switches go first. A dying
 * namespace has none left by now (its devices went before its
 * subsystems); on unloading, these are the switches the module leaves.
 */
static void __net_exit vsw_nat_net_exit_batch(struct list_head *net_list)
{
	struct vsw_nat_net *vn;
	struct vsw_switch *sw;
	bool any = false;
	struct net *net;
	LIST_HEAD(kill);
	int id;

	/* Once the module unregistered its operations, no nat switch is
	 * made: the count only falls, and RTNL is taken only if need be.
	 */
	list_for_each_entry(net, net_list, exit_list)
		if (READ_ONCE(vsw_nat_net(net)->nat_switches))
			any = true;
	if (any) {
		rtnl_lock();
		list_for_each_entry(net, net_list, exit_list) {
			vn = vsw_nat_net(net);
			idr_for_each_entry(&vn->zones, sw, id)
				sw->dev->rtnl_link_ops->dellink(sw->dev, &kill);
		}
		unregister_netdevice_many(&kill);
		rtnl_unlock();
	}
	list_for_each_entry(net, net_list, exit_list) {
		vn = vsw_nat_net(net);
		WARN_ON_ONCE(vn->nat_switches);
		idr_destroy(&vn->zones);
	}
}

static struct pernet_operations vsw_nat_net_ops = {
	.init		= vsw_nat_net_init,
	.exit_batch	= vsw_nat_net_exit_batch,
	.id		= &vsw_nat_net_id,
	.size		= sizeof(struct vsw_nat_net),
};

static const struct vsw_nat_ops vsw_nat_ops = {
	.zone_left	= vsw_nat_zone_left,
	.init		= vsw_nat_init,
	.uninit		= vsw_nat_uninit,
	.from_guest	= vsw_nat_from_guest,
	.port_del	= vsw_nat_port_del,
	.fill		= vsw_nat_fill,
	.nl_set		= vsw_nat_nl_set,
	.nl_fwd_new	= vsw_nat_nl_fwd_new,
	.nl_fwd_del	= vsw_nat_nl_fwd_del,
	.nl_fwd_dump	= vsw_nat_nl_fwd_dump,
};

static int __init vsw_nat_module_init(void)
{
	int err;

	err = register_pernet_subsys(&vsw_nat_net_ops);
	if (err)
		return err;
	/* Masquerade follows the host's addresses: when one goes away, so do
	 * the connections masqueraded behind it.
	 */
	err = nf_nat_masquerade_inet_register_notifiers();
	if (err)
		goto err_notifiers;
	err = vsw_nat_register(&vsw_nat_ops);
	if (err)
		goto err_register;
	return 0;

err_register:
	nf_nat_masquerade_inet_unregister_notifiers();
err_notifiers:
	unregister_pernet_subsys(&vsw_nat_net_ops);
	return err;
}

static void __exit vsw_nat_module_exit(void)
{
	/* No nat switch is made from here on; those there are go. */
	vsw_nat_unregister(&vsw_nat_ops);
	unregister_pernet_subsys(&vsw_nat_net_ops);
	nf_nat_masquerade_inet_unregister_notifiers();
}

module_init(vsw_nat_module_init);
module_exit(vsw_nat_module_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vswitch: NAT mode (conntrack and nf_nat)");
MODULE_AUTHOR("The vswitch developers");
