/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vswitch: port mirroring (mirror.c).
 */
#ifndef _VSW_MIRROR_H
#define _VSW_MIRROR_H

#include <net/genetlink.h>

#include "vswitch.h"

/* A mirror (mirror.c); its sources point at its destination. */
struct vsw_mirror {
	struct list_head list;		/* in sw->mirrors, RTNL */
	char name[VSW_MIRROR_NAME_LEN];
	struct vsw_port *to;
	u8 dir;				/* VSW_MIRROR_RX | VSW_MIRROR_TX */
};

int vsw_mirror_add(struct vsw_switch *sw, const char *name,
		   struct vsw_port **from, unsigned int n_from,
		   struct vsw_port *to, u8 dir, struct netlink_ext_ack *extack);
struct vsw_mirror *vsw_mirror_find(struct vsw_switch *sw, const char *name);
void vsw_mirror_del(struct vsw_switch *sw, struct vsw_mirror *m);
void vsw_mirror_port_del(struct vsw_port *port);

/* VSW_CMD_MIRROR_GET, MIRROR_NEW and MIRROR_DEL (netlink.h). */
int vsw_mirror_nl_dump(struct sk_buff *skb, struct netlink_callback *cb);
int vsw_mirror_nl_new_check(struct genl_info *info);
int vsw_mirror_nl_new(struct sk_buff *skb, struct genl_info *info);
int vsw_mirror_nl_del_check(struct genl_info *info);
int vsw_mirror_nl_del(struct sk_buff *skb, struct genl_info *info);

#endif /* _VSW_MIRROR_H */
