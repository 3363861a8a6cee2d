// SPDX-License-Identifier: GPL-2.0
/*
 * vswitch_nat: port forwards. A forward brings a host port to a guest's;
 * each namespace has one table of them, so a host port is forwarded to one
 * guest, whichever nat switch it is on. The table changes under RTNL and
 * is read under RCU by the data path.
 */

#include <linux/hash.h>
#include <linux/inetdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/route.h>

#include "nat_priv.h"

static struct hlist_head *vsw_fwd_bucket(struct vsw_nat_net *vn, u8 proto,
					 __be16 port)
{
	return &vn->fwd_hash[hash_32((u32)proto << 16 | ntohs(port),
				     VSW_FWD_HASH_BITS)];
}

/* A forward whose host side is @addr:@port; under RCU. */
struct vsw_nat_fwd *vsw_fwd_match(struct net *net, u8 proto, __be32 addr,
				  __be16 port)
{
	struct vsw_nat_net *vn = vsw_nat_net(net);
	struct vsw_nat_fwd *fwd;

	hlist_for_each_entry_rcu(fwd, vsw_fwd_bucket(vn, proto, port), node) {
		if (fwd->proto != proto || fwd->host_port != port)
			continue;
		if (fwd->host_addr ? fwd->host_addr == addr :
				     vsw_addr_is_local(net, addr))
			return fwd;
		return NULL;
	}
	return NULL;
}

int vsw_nat_fwd_add(struct vsw_switch *sw, const struct vsw_nat_fwd *req,
		    struct netlink_ext_ack *extack)
{
	struct vsw_nat_net *vn = vsw_nat_net(dev_net(sw->dev));
	struct vsw_nat_fwd *fwd;
	int i;

	ASSERT_RTNL();
	for (i = 0; i < ARRAY_SIZE(vn->fwd_hash); i++) {
		hlist_for_each_entry(fwd, &vn->fwd_hash[i], node) {
			if (fwd->proto == req->proto &&
			    fwd->host_port == req->host_port) {
				NL_SET_ERR_MSG_FMT(extack,
						   "%s port %u is already forwarded by %s (rule %s)",
						   req->proto == IPPROTO_TCP ? "tcp" : "udp",
						   ntohs(req->host_port),
						   fwd->sw->dev->name, fwd->name);
				return -EEXIST;
			}
			if (fwd->sw == sw && !strcmp(fwd->name, req->name)) {
				NL_SET_ERR_MSG_FMT(extack,
						   "%s already has a forward named %s",
						   sw->dev->name, req->name);
				return -EEXIST;
			}
		}
	}

	fwd = kmemdup(req, sizeof(*req), GFP_KERNEL);
	if (!fwd)
		return -ENOMEM;
	fwd->sw = sw;
	list_add_tail(&fwd->list, &sw->nat->fwds);
	hlist_add_head_rcu(&fwd->node,
			   vsw_fwd_bucket(vn, fwd->proto, fwd->host_port));
	vsw_net_changed(dev_net(sw->dev));
	return 0;
}

struct vsw_nat_fwd *vsw_nat_fwd_find(struct vsw_switch *sw, const char *name,
				     u8 proto, __be16 host_port)
{
	struct vsw_nat_fwd *fwd;

	ASSERT_RTNL();
	list_for_each_entry(fwd, &sw->nat->fwds, list) {
		if (name ? !strcmp(fwd->name, name) :
			   fwd->proto == proto && fwd->host_port == host_port)
			return fwd;
	}
	return NULL;
}

/* Remove a forward and end the connections it brought in. */
void vsw_nat_fwd_del(struct vsw_nat_fwd *fwd)
{
	ASSERT_RTNL();
	hlist_del_rcu(&fwd->node);
	list_del(&fwd->list);
	vsw_net_changed(dev_net(fwd->sw->dev));
	/* A packet that found the forward before it went may still be on
	 * its way to conntrack's confirmation: it gets there before the
	 * flush, which then ends its connection too.
	 */
	synchronize_net();
	vsw_nat_flush(fwd->sw, NULL, fwd);
	kfree(fwd);
}

/* The switch is being unregistered: its forwards go (RTNL). */
void vsw_nat_fwd_del_all(struct vsw_switch *sw)
{
	struct vsw_nat_fwd *fwd, *tmp;

	ASSERT_RTNL();
	list_for_each_entry_safe(fwd, tmp, &sw->nat->fwds, list) {
		hlist_del_rcu(&fwd->node);
		list_del(&fwd->list);
		kfree_rcu(fwd, rcu);
	}
	vsw_net_changed(dev_net(sw->dev));
}
