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
