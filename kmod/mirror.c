// SPDX-License-Identifier: GPL-2.0
/*
 * Port mirroring: copies of what source ports receive and send go to a
 * destination port, which carries nothing else. The data path follows two
 * pointers per source port (mirror_rx, mirror_tx: the destination); the
 * mirror itself is RTNL's bookkeeping.
 */

#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include "fdb.h"
#include "mirror.h"
#include "netlink.h"
#include "policy.h"
#include "vswitch.h"

struct vsw_mirror *vsw_mirror_find(struct vsw_switch *sw, const char *name)
{
	struct vsw_mirror *m;

	ASSERT_RTNL();
	list_for_each_entry(m, &sw->mirrors, list)
		if (!strcmp(m->name, name))
			return m;
	return NULL;
}

static int vsw_mirror_check(struct vsw_switch *sw, const char *name,
			    struct vsw_port **from, unsigned int n_from,
			    struct vsw_port *to, struct netlink_ext_ack *extack)
{
	unsigned int i, j;

	if (vsw_mirror_find(sw, name)) {
		NL_SET_ERR_MSG_FMT(extack, "%s already has a mirror named %s",
				   sw->dev->name, name);
		return -EEXIST;
	}
	if (to->uplink) {
		NL_SET_ERR_MSG_FMT(extack, "the uplink %s cannot be a mirror's destination",
				   to->dev->name);
		return -EINVAL;
	}
	if (to->mirror_dest || to->mirror) {
		NL_SET_ERR_MSG_FMT(extack, "%s is already the %s of mirror %s",
				   to->dev->name,
				   to->mirror ? "source" : "destination",
				   (to->mirror ?: to->mirror_dest)->name);
		return -EBUSY;
	}
	for (i = 0; i < n_from; i++) {
		if (from[i] == to) {
			NL_SET_ERR_MSG_FMT(extack, "%s cannot be both source and destination",
					   to->dev->name);
			return -EINVAL;
		}
		if (from[i]->mirror || from[i]->mirror_dest) {
			NL_SET_ERR_MSG_FMT(extack, "%s is already the %s of mirror %s",
					   from[i]->dev->name,
					   from[i]->mirror ? "source" : "destination",
					   (from[i]->mirror ?: from[i]->mirror_dest)->name);
			return -EBUSY;
		}
		for (j = 0; j < i; j++) {
			if (from[j] == from[i]) {
				NL_SET_ERR_MSG_FMT(extack, "%s is named twice",
						   from[i]->dev->name);
				return -EINVAL;
			}
		}
	}
	return 0;
}

/* Mirror @from's frames (@dir) to @to. */
int vsw_mirror_add(struct vsw_switch *sw, const char *name,
		   struct vsw_port **from, unsigned int n_from,
		   struct vsw_port *to, u8 dir, struct netlink_ext_ack *extack)
{
	struct vsw_mirror *m;
	unsigned int i;
	int err;

	ASSERT_RTNL();
	err = vsw_mirror_check(sw, name, from, n_from, to, extack);
	if (err)
		return err;
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	strscpy(m->name, name, sizeof(m->name));
	m->to = to;
	m->dir = dir;
	list_add_tail(&m->list, &sw->mirrors);
	vsw_net_changed(dev_net(sw->dev));

	/* The destination leaves the segment: nothing is sent to it but
	 * copies, what it sends is dropped, no station is behind it.
	 */
	WRITE_ONCE(to->mirror_dest, m);
	vsw_fdb_flush(sw, to, false);
	for (i = 0; i < n_from; i++) {
		from[i]->mirror = m;
		if (dir & VSW_MIRROR_RX)
			rcu_assign_pointer(from[i]->mirror_rx, to);
		if (dir & VSW_MIRROR_TX)
			rcu_assign_pointer(from[i]->mirror_tx, to);
	}
	vsw_policy_recount(sw);
	return 0;
}

static void vsw_mirror_unsource(struct vsw_port *p)
{
	p->mirror = NULL;
	RCU_INIT_POINTER(p->mirror_rx, NULL);
	RCU_INIT_POINTER(p->mirror_tx, NULL);
}

/*
 * The destination port is freed after an RCU grace period, so frames on
 * their way to it when the mirror goes are still sent.
 */
void vsw_mirror_del(struct vsw_switch *sw, struct vsw_mirror *m)
{
	struct vsw_port *p;

	ASSERT_RTNL();
	list_for_each_entry(p, &sw->ports, list)
		if (p->mirror == m)
			vsw_mirror_unsource(p);
	WRITE_ONCE(m->to->mirror_dest, NULL);
	list_del(&m->list);
	vsw_net_changed(dev_net(sw->dev));
	kfree(m);
	vsw_policy_recount(sw);
}

/* @port is leaving its switch: so is its mirror, if it is the destination. */
void vsw_mirror_port_del(struct vsw_port *port)
{
	ASSERT_RTNL();
	if (port->mirror_dest)
		vsw_mirror_del(port->sw, port->mirror_dest);
	if (port->mirror)
		vsw_mirror_unsource(port);
}

/* ------------------------------------------------------------------ */
/* netlink                                                            */

static int vsw_mirror_fill(struct sk_buff *skb, struct netlink_callback *cb,
			   struct vsw_switch *sw, const struct vsw_mirror *m)
{
	const struct vsw_port *p;
	struct nlattr *from;
	unsigned int n = 0;
	u32 *ifindex;
	void *hdr;

	hdr = vsw_nl_dump_put(skb, cb, VSW_CMD_MIRROR_GET);
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

static int vsw_mirror_dump_one(struct sk_buff *skb, struct netlink_callback *cb,
			       struct vsw_switch *sw, long *idx)
{
	struct vsw_mirror *m;
	long i = 0;

	list_for_each_entry(m, &sw->mirrors, list) {
		if (i++ < *idx)
			continue;
		if (vsw_mirror_fill(skb, cb, sw, m))
			return -EMSGSIZE;
		(*idx)++;
	}
	return 0;
}

int vsw_mirror_nl_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return vsw_nl_dump(skb, cb, VSW_NL_DUMP_FILTER, vsw_mirror_dump_one);
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

int vsw_mirror_nl_new_check(struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	char name[VSW_MIRROR_NAME_LEN];
	int len;

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
	len = nla_len(attrs[VSW_A_MIRROR_FROM]);
	if (!len || len % sizeof(u32)) {
		NL_SET_ERR_MSG_ATTR_FMT(info->extack, attrs[VSW_A_MIRROR_FROM],
					"a list of 1 to %d ifindexes of 4 bytes",
					VSW_MIRROR_FROM_MAX);
		return -EINVAL;
	}
	return 0;
}

int vsw_mirror_nl_new(struct sk_buff *skb, struct genl_info *info)
{
	struct vsw_port *from[VSW_MIRROR_FROM_MAX], *to;
	struct vsw_switch *sw = vsw_nl_sw(info);
	struct nlattr **attrs = info->attrs;
	char name[VSW_MIRROR_NAME_LEN];
	const u32 *ifindex;
	unsigned int i, n;
	u8 dir;

	nla_strscpy(name, attrs[VSW_A_MIRROR_NAME], sizeof(name));
	n = nla_len(attrs[VSW_A_MIRROR_FROM]) / sizeof(u32);
	ifindex = nla_data(attrs[VSW_A_MIRROR_FROM]);
	dir = attrs[VSW_A_MIRROR_DIR] ? nla_get_u8(attrs[VSW_A_MIRROR_DIR]) :
					VSW_MIRROR_RX | VSW_MIRROR_TX;
	for (i = 0; i < n; i++) {
		from[i] = vsw_mirror_port(sw, attrs[VSW_A_MIRROR_FROM],
					  ifindex[i], info->extack);
		if (IS_ERR(from[i]))
			return PTR_ERR(from[i]);
	}
	to = vsw_mirror_port(sw, attrs[VSW_A_MIRROR_TO],
			     nla_get_u32(attrs[VSW_A_MIRROR_TO]), info->extack);
	if (IS_ERR(to))
		return PTR_ERR(to);
	return vsw_mirror_add(sw, name, from, n, to, dir, info->extack);
}

int vsw_mirror_nl_del_check(struct genl_info *info)
{
	if (!info->attrs[VSW_A_MIRROR_NAME]) {
		NL_SET_ERR_MSG(info->extack, "name the mirror");
		return -EINVAL;
	}
	return 0;
}

int vsw_mirror_nl_del(struct sk_buff *skb, struct genl_info *info)
{
	struct vsw_switch *sw = vsw_nl_sw(info);
	char name[VSW_MIRROR_NAME_LEN];
	struct vsw_mirror *m;

	nla_strscpy(name, info->attrs[VSW_A_MIRROR_NAME], sizeof(name));
	m = vsw_mirror_find(sw, name);
	if (!m) {
		NL_SET_ERR_MSG_FMT(info->extack, "%s has no mirror named %s",
				   sw->dev->name, name);
		return -ENOENT;
	}
	vsw_mirror_del(sw, m);
	return 0;
}
