// SPDX-License-Identifier: GPL-2.0
/*
 * Forwarding database: which port a station (MAC, VLAN) is behind.
 *
 * Lookups are lockless under RCU through an rhashtable; every entry is also
 * on an RCU list for walks (dump, flush, aging), appended at its tail so a
 * dump's position stays valid while stations are learned: only removals
 * make a dump start again. Changes take sw->fdb_lock
 * with BH disabled. Learned entries are capped per switch and per port, so
 * a flood of random source addresses cannot grow memory past the limits,
 * and entries already learned keep being used.
 */

#include <linux/etherdevice.h>
#include <linux/jiffies.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <net/sock.h>

#include "fdb.h"
#include "mirror.h"
#include "netlink.h"
#include "vswitch.h"

static struct kmem_cache *vsw_fdb_cache __read_mostly;

static const struct rhashtable_params vsw_fdb_params = {
	.head_offset = offsetof(struct vsw_fdb, rhnode),
	.key_offset = offsetof(struct vsw_fdb, key),
	.key_len = sizeof(struct vsw_fdb_key),
	.automatic_shrinking = true,
};

/* Aging never runs more often than this. */
#define VSW_GC_MIN_DELAY	msecs_to_jiffies(10)

int vsw_fdb_cache_init(void)
{
	vsw_fdb_cache = kmem_cache_create("vswitch_fdb", sizeof(struct vsw_fdb),
					  0, SLAB_HWCACHE_ALIGN, NULL);
	return vsw_fdb_cache ? 0 : -ENOMEM;
}

void vsw_fdb_cache_exit(void)
{
	/* Entries are freed by RCU callbacks: wait for them first. */
	rcu_barrier();
	kmem_cache_destroy(vsw_fdb_cache);
}

static void vsw_fdb_gc(struct work_struct *work);
static void vsw_fdb_notify(struct vsw_switch *sw, const struct vsw_fdb *f,
			   u8 cmd, u32 event);

int vsw_fdb_init(struct vsw_switch *sw)
{
	spin_lock_init(&sw->fdb_lock);
	INIT_LIST_HEAD(&sw->fdb_list);
	INIT_DELAYED_WORK(&sw->gc_work, vsw_fdb_gc);
	return rhashtable_init(&sw->fdb_hash, &vsw_fdb_params);
}

/* Stop aging. The entries themselves go with vsw_fdb_flush(). */
void vsw_fdb_uninit(struct vsw_switch *sw)
{
	cancel_delayed_work_sync(&sw->gc_work);
}

void vsw_fdb_destroy(struct vsw_switch *sw)
{
	WARN_ON(!list_empty(&sw->fdb_list));
	rhashtable_destroy(&sw->fdb_hash);
}

struct vsw_fdb *vsw_fdb_find_rcu(struct vsw_switch *sw, const u8 *addr,
				 u16 vid)
{
	struct vsw_fdb_key key;

	ether_addr_copy(key.addr, addr);
	key.vid = vid;
	return rhashtable_lookup(&sw->fdb_hash, &key, vsw_fdb_params);
}
EXPORT_SYMBOL_GPL(vsw_fdb_find_rcu);

static struct vsw_fdb *vsw_fdb_find_locked(struct vsw_switch *sw,
					   const u8 *addr, u16 vid)
{
	struct vsw_fdb *f;

	lockdep_assert_held(&sw->fdb_lock);
	rcu_read_lock();
	f = vsw_fdb_find_rcu(sw, addr, vid);
	rcu_read_unlock();
	return f;
}

static void vsw_fdb_free_rcu(struct rcu_head *head)
{
	kmem_cache_free(vsw_fdb_cache, container_of(head, struct vsw_fdb, rcu));
}

static bool vsw_fdb_is_learned(const struct vsw_fdb *f)
{
	return !(READ_ONCE(f->flags) & (VSW_FDB_F_STATIC | VSW_FDB_F_LOCAL));
}

static void vsw_fdb_count(struct vsw_switch *sw, struct vsw_fdb *f, int delta)
{
	if (vsw_fdb_is_learned(f)) {
		WRITE_ONCE(sw->fdb_learned, sw->fdb_learned + delta);
		WRITE_ONCE(f->port->fdb_count, f->port->fdb_count + delta);
	} else {
		WRITE_ONCE(sw->fdb_static, sw->fdb_static + delta);
	}
}

static struct vsw_fdb *vsw_fdb_create(struct vsw_switch *sw,
				      struct vsw_port *port, const u8 *addr,
				      u16 vid, u32 flags)
{
	struct vsw_fdb *f;

	lockdep_assert_held(&sw->fdb_lock);

	f = kmem_cache_alloc(vsw_fdb_cache, GFP_ATOMIC);
	if (!f)
		return NULL;
	ether_addr_copy(f->key.addr, addr);
	f->key.vid = vid;
	f->port = port;
	f->flags = flags;
	f->updated = jiffies;
	f->dead = false;
	if (rhashtable_lookup_insert_fast(&sw->fdb_hash, &f->rhnode,
					  vsw_fdb_params)) {
		kmem_cache_free(vsw_fdb_cache, f);
		return NULL;
	}
	list_add_tail_rcu(&f->list, &sw->fdb_list);
	vsw_fdb_count(sw, f, 1);
	return f;
}

static void vsw_fdb_remove(struct vsw_switch *sw, struct vsw_fdb *f,
			   u32 event)
{
	lockdep_assert_held(&sw->fdb_lock);

	vsw_fdb_notify(sw, f, VSW_CMD_FDB_DEL, event);
	rhashtable_remove_fast(&sw->fdb_hash, &f->rhnode, vsw_fdb_params);
	list_del_rcu(&f->list);
	f->dead = true;
	atomic_inc(&sw->fdb_gen);
	vsw_fdb_count(sw, f, -1);
	call_rcu(&f->rcu, vsw_fdb_free_rcu);
}

static bool vsw_fdb_learn_allowed(struct vsw_switch *sw,
				  struct vsw_port *port)
{
	u32 sw_max = READ_ONCE(sw->fdb_max);
	u32 port_max = READ_ONCE(port->fdb_max);

	return (!sw_max || READ_ONCE(sw->fdb_learned) < sw_max) &&
	       (!port_max || READ_ONCE(port->fdb_count) < port_max);
}

/* Called in softirq under rcu_read_lock() for every frame a port receives. */
void vsw_fdb_learn(struct vsw_switch *sw, struct vsw_port *port,
		   const u8 *addr, u16 vid)
{
	unsigned long now = jiffies;
	struct vsw_fdb *f;

	f = vsw_fdb_find_rcu(sw, addr, vid);
	if (likely(f)) {
		if (unlikely(READ_ONCE(f->port) != port)) {
			/* Static and local entries never move. */
			if (!vsw_fdb_is_learned(f))
				return;
			spin_lock(&sw->fdb_lock);
			if (!f->dead && vsw_fdb_is_learned(f) &&
			    f->port != port) {
				vsw_fdb_count(sw, f, -1);
				WRITE_ONCE(f->port, port);
				vsw_fdb_count(sw, f, 1);
				WRITE_ONCE(f->updated, now);
				atomic_inc(&sw->fdb_gen);
				vsw_fdb_notify(sw, f, VSW_CMD_FDB_NEW,
					       VSW_EVENT_MOVED);
			}
			spin_unlock(&sw->fdb_lock);
			return;
		}
		/* Write only on change: keep the cache line shared. */
		if (READ_ONCE(f->updated) != now)
			WRITE_ONCE(f->updated, now);
		return;
	}

	/* Refuse early so a flood of new sources never takes the lock. */
	if (!vsw_fdb_learn_allowed(sw, port)) {
		vsw_stats_inc(port->stats, VSW_CTR_LEARN_REFUSED);
		return;
	}

	spin_lock(&sw->fdb_lock);
	if (vsw_fdb_find_locked(sw, addr, vid)) {
		/* Another CPU learned it first. */
	} else if (!vsw_fdb_learn_allowed(sw, port)) {
		vsw_stats_inc(port->stats, VSW_CTR_LEARN_REFUSED);
	} else {
		f = vsw_fdb_create(sw, port, addr, vid, 0);
		if (f)
			vsw_fdb_notify(sw, f, VSW_CMD_FDB_NEW,
				       VSW_EVENT_LEARNED);
		else	/* no memory, or the table could not grow */
			vsw_stats_inc(port->stats, VSW_CTR_LEARN_REFUSED);
	}
	spin_unlock(&sw->fdb_lock);
}

int vsw_fdb_add_static(struct vsw_switch *sw, struct vsw_port *port,
		       const u8 *addr, u16 vid, struct netlink_ext_ack *extack)
{
	struct vsw_fdb *f;
	int err = 0;

	spin_lock_bh(&sw->fdb_lock);
	f = vsw_fdb_find_locked(sw, addr, vid);
	if (f && !vsw_fdb_is_learned(f)) {
		NL_SET_ERR_MSG(extack, "a static or local entry for this address exists");
		err = -EEXIST;
	} else if (f) {
		/* A learned entry becomes static, on the port given. */
		vsw_fdb_count(sw, f, -1);
		WRITE_ONCE(f->flags, f->flags | VSW_FDB_F_STATIC);
		WRITE_ONCE(f->port, port);
		WRITE_ONCE(f->updated, jiffies);
		vsw_fdb_count(sw, f, 1);
		atomic_inc(&sw->fdb_gen);
	} else {
		f = vsw_fdb_create(sw, port, addr, vid, VSW_FDB_F_STATIC);
		if (!f) {
			NL_SET_ERR_MSG(extack, "no memory for the entry");
			err = -ENOMEM;
		}
	}
	if (!err)
		vsw_fdb_notify(sw, f, VSW_CMD_FDB_NEW, VSW_EVENT_ADDED);
	spin_unlock_bh(&sw->fdb_lock);
	return err;
}

/*
 * The switch device's own address: frames to it go to the host. @old, if
 * not NULL, is the address it replaces.
 */
int vsw_fdb_set_local(struct vsw_switch *sw, const u8 *old, const u8 *addr)
{
	struct vsw_fdb *f;
	int err = 0;

	spin_lock_bh(&sw->fdb_lock);
	f = vsw_fdb_find_locked(sw, addr, 0);
	if (f && f->flags & VSW_FDB_F_LOCAL)
		goto out;
	if (f)
		vsw_fdb_remove(sw, f, VSW_EVENT_DELETED);
	if (!vsw_fdb_create(sw, NULL, addr, 0, VSW_FDB_F_LOCAL)) {
		err = -ENOMEM;
		goto out;
	}
	f = old ? vsw_fdb_find_locked(sw, old, 0) : NULL;
	if (f && f->flags & VSW_FDB_F_LOCAL)
		vsw_fdb_remove(sw, f, VSW_EVENT_DELETED);
out:
	spin_unlock_bh(&sw->fdb_lock);
	return err;
}

int vsw_fdb_delete(struct vsw_switch *sw, const u8 *addr, u16 vid,
		   struct netlink_ext_ack *extack)
{
	struct vsw_fdb *f;
	int err = 0;

	spin_lock_bh(&sw->fdb_lock);
	f = vsw_fdb_find_locked(sw, addr, vid);
	if (!f) {
		NL_SET_ERR_MSG(extack, "no entry for this address");
		err = -ENOENT;
	} else if (f->flags & VSW_FDB_F_LOCAL) {
		NL_SET_ERR_MSG(extack, "the switch device's own entry cannot be deleted");
		err = -EPERM;
	} else {
		vsw_fdb_remove(sw, f, VSW_EVENT_DELETED);
	}
	spin_unlock_bh(&sw->fdb_lock);
	return err;
}

/*
 * Delete the entries behind @port, or all of the switch's if @port is NULL;
 * local entries only if @with_local (the switch is going away).
 */
/*
 * Entries a flush removes with the lock held once: a million in one go
 * kept bottom halves off for a second (a minute and a half on a debug
 * kernel, an RCU stall).
 */
#define VSW_FLUSH_BATCH	1024

/* Process context (RTNL): it reschedules between batches. */
void vsw_fdb_flush(struct vsw_switch *sw, struct vsw_port *port,
		   bool with_local)
{
	struct vsw_fdb *f, *tmp;
	unsigned int n;

	might_sleep();
	do {
		n = 0;
		spin_lock_bh(&sw->fdb_lock);
		/* Each batch starts over: the ones before it are gone. */
		list_for_each_entry_safe(f, tmp, &sw->fdb_list, list) {
			if (port && f->port != port)
				continue;
			if ((f->flags & VSW_FDB_F_LOCAL) && !with_local)
				continue;
			vsw_fdb_remove(sw, f, VSW_EVENT_DELETED);
			if (++n == VSW_FLUSH_BATCH)
				break;
		}
		spin_unlock_bh(&sw->fdb_lock);
		cond_resched();
	} while (n == VSW_FLUSH_BATCH);
}

void vsw_fdb_set_ageing(struct vsw_switch *sw, u32 seconds)
{
	WRITE_ONCE(sw->ageing, (unsigned long)seconds * HZ);
	if (seconds)
		mod_delayed_work(system_long_wq, &sw->gc_work, 0);
	else
		cancel_delayed_work(&sw->gc_work);
}

/* Delete learned entries not seen for sw->ageing; run again at the next
 * expiry.
 */
static void vsw_fdb_gc(struct work_struct *work)
{
	struct vsw_switch *sw = container_of(work, struct vsw_switch,
					     gc_work.work);
	unsigned long ageing = READ_ONCE(sw->ageing);
	unsigned long delay = ageing;
	unsigned long now = jiffies;
	struct vsw_fdb *f;

	if (!ageing)
		return;

	rcu_read_lock();
	list_for_each_entry_rcu(f, &sw->fdb_list, list) {
		unsigned long expires;

		if (!vsw_fdb_is_learned(f))
			continue;
		expires = READ_ONCE(f->updated) + ageing;
		if (time_after(expires, now)) {
			delay = min(delay, expires - now);
			continue;
		}
		spin_lock_bh(&sw->fdb_lock);
		if (!f->dead && vsw_fdb_is_learned(f) &&
		    !time_after(READ_ONCE(f->updated) + ageing, now))
			vsw_fdb_remove(sw, f, VSW_EVENT_AGED);
		spin_unlock_bh(&sw->fdb_lock);
	}
	rcu_read_unlock();

	queue_delayed_work(system_long_wq, &sw->gc_work,
			   max(delay, VSW_GC_MIN_DELAY));
}

/* ------------------------------------------------------------------ */
/* netlink                                                            */

static int vsw_fdb_fill(struct sk_buff *skb, const struct vsw_switch *sw,
			const struct vsw_fdb *f, u32 portid, u32 seq,
			int flags, u8 cmd, u32 event)
{
	const struct vsw_port *port = READ_ONCE(f->port);
	unsigned long age = jiffies - READ_ONCE(f->updated);
	void *hdr;

	hdr = vsw_nl_msg_put(skb, portid, seq, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
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

/* May run in softirq, under sw->fdb_lock. */
static void vsw_fdb_notify(struct vsw_switch *sw, const struct vsw_fdb *f,
			   u8 cmd, u32 event)
{
	struct net *net = dev_net(sw->dev);
	struct sk_buff *skb;

	if (!vsw_nl_listening(net))
		return;
	skb = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_ATOMIC);
	if (!skb)
		return;
	if (vsw_fdb_fill(skb, sw, f, 0, 0, 0, cmd, event)) {
		nlmsg_free(skb);
		return;
	}
	vsw_nl_multicast(net, skb, GFP_ATOMIC);
}

/*
 * A switch's entries (or those behind the port named) from the @*idx-th
 * on. Removals and moves bump sw->fdb_gen: a dump that spans one is
 * flagged.
 */
static int vsw_fdb_dump_one(struct sk_buff *skb, struct netlink_callback *cb,
			    struct vsw_switch *sw, long *idx)
{
	struct nlattr **attrs = vsw_compat_dump_attrs(cb);
	struct vsw_port *port = NULL;
	struct vsw_fdb *f;
	int err = 0;
	long i = 0;

	if (vsw_nl_has_port(attrs)) {
		port = vsw_nl_port_lookup(sock_net(skb->sk), attrs, sw,
					  cb->extack);
		if (IS_ERR(port))
			return PTR_ERR(port);
	}
	vsw_nl_dump_gen(cb, atomic_read(&sw->fdb_gen));
	rcu_read_lock();
	list_for_each_entry_rcu(f, &sw->fdb_list, list) {
		if (port && READ_ONCE(f->port) != port)
			continue;
		if (i++ < *idx)
			continue;
		err = vsw_fdb_fill(skb, sw, f, NETLINK_CB(cb->skb).portid,
				   cb->nlh->nlmsg_seq, NLM_F_MULTI,
				   VSW_CMD_FDB_GET, 0);
		if (err)
			break;
		(*idx)++;
	}
	rcu_read_unlock();
	return err;
}

int vsw_fdb_nl_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return vsw_nl_dump(skb, cb, VSW_NL_DUMP_ONE, vsw_fdb_dump_one);
}

static int vsw_fdb_nl_mac(struct genl_info *info)
{
	if (!info->attrs[VSW_A_FDB_MAC]) {
		NL_SET_ERR_MSG(info->extack, "missing the MAC address");
		return -EINVAL;
	}
	return 0;
}

static u16 vsw_fdb_nl_vid(struct genl_info *info)
{
	struct nlattr *vlan = info->attrs[VSW_A_FDB_VLAN];

	return vlan ? nla_get_u16(vlan) : 0;
}

int vsw_fdb_nl_new_check(struct genl_info *info)
{
	int err = vsw_fdb_nl_mac(info);

	if (err)
		return err;
	if (!is_valid_ether_addr(nla_data(info->attrs[VSW_A_FDB_MAC]))) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[VSW_A_FDB_MAC],
				    "a static entry needs a unicast, non-zero address");
		return -EINVAL;
	}
	if (!vsw_nl_has_port(info->attrs)) {
		NL_SET_ERR_MSG(info->extack, "a static entry needs a port");
		return -EINVAL;
	}
	return 0;
}

int vsw_fdb_nl_new(struct sk_buff *skb, struct genl_info *info)
{
	struct vsw_port *port = vsw_nl_port(info);

	if (port->mirror_dest) {
		NL_SET_ERR_MSG_FMT(info->extack,
				   "%s is the destination of mirror %s: no station is behind it",
				   port->dev->name, port->mirror_dest->name);
		return -EBUSY;
	}
	return vsw_fdb_add_static(vsw_nl_sw(info), port,
				  nla_data(info->attrs[VSW_A_FDB_MAC]),
				  vsw_fdb_nl_vid(info), info->extack);
}

int vsw_fdb_nl_del_check(struct genl_info *info)
{
	return vsw_fdb_nl_mac(info);
}

int vsw_fdb_nl_del(struct sk_buff *skb, struct genl_info *info)
{
	return vsw_fdb_delete(vsw_nl_sw(info),
			      nla_data(info->attrs[VSW_A_FDB_MAC]),
			      vsw_fdb_nl_vid(info), info->extack);
}

int vsw_fdb_nl_flush(struct sk_buff *skb, struct genl_info *info)
{
	vsw_fdb_flush(vsw_nl_sw(info), vsw_nl_port(info), false);
	return 0;
}
