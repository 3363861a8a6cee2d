/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vswitch: the forwarding database (fdb.c).
 */
#ifndef _VSW_FDB_H
#define _VSW_FDB_H

#include <linux/list.h>
#include <linux/rhashtable-types.h>
#include <net/genetlink.h>

#include "vswitch.h"

struct vsw_fdb_key {
	u8 addr[ETH_ALEN];
	u16 vid;
};

struct vsw_fdb {
	struct rhash_head rhnode;
	struct vsw_fdb_key key;
	struct vsw_port *port;		/* NULL: the host (local entry) */
	u32 flags;			/* VSW_FDB_F_*, fdb_lock to change */
	bool dead;			/* removed, waiting for RCU */
	unsigned long updated;		/* jiffies when last seen */
	struct list_head list;		/* in sw->fdb_list */
	struct rcu_head rcu;
};

int vsw_fdb_cache_init(void);
void vsw_fdb_cache_exit(void);
int vsw_fdb_init(struct vsw_switch *sw);
void vsw_fdb_uninit(struct vsw_switch *sw);
void vsw_fdb_destroy(struct vsw_switch *sw);
struct vsw_fdb *vsw_fdb_find_rcu(struct vsw_switch *sw, const u8 *addr,
				 u16 vid);
void vsw_fdb_learn(struct vsw_switch *sw, struct vsw_port *port,
		   const u8 *addr, u16 vid);
int vsw_fdb_add_static(struct vsw_switch *sw, struct vsw_port *port,
		       const u8 *addr, u16 vid, struct netlink_ext_ack *extack);
int vsw_fdb_set_local(struct vsw_switch *sw, const u8 *old, const u8 *addr);
int vsw_fdb_delete(struct vsw_switch *sw, const u8 *addr, u16 vid,
		   struct netlink_ext_ack *extack);
void vsw_fdb_flush(struct vsw_switch *sw, struct vsw_port *port,
		   bool with_local);
void vsw_fdb_set_ageing(struct vsw_switch *sw, u32 seconds);

/* VSW_CMD_FDB_GET, FDB_NEW, FDB_DEL and FDB_FLUSH (netlink.h). */
int vsw_fdb_nl_dump(struct sk_buff *skb, struct netlink_callback *cb);
int vsw_fdb_nl_new_check(struct genl_info *info);
int vsw_fdb_nl_new(struct sk_buff *skb, struct genl_info *info);
int vsw_fdb_nl_del_check(struct genl_info *info);
int vsw_fdb_nl_del(struct sk_buff *skb, struct genl_info *info);
int vsw_fdb_nl_flush(struct sk_buff *skb, struct genl_info *info);

#endif /* _VSW_FDB_H */
