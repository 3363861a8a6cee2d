// SPDX-License-Identifier: GPL-2.0
/*
 * vswitch: one netdev type for the hypervisor network modes.
 */

#include <linux/module.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/task_work.h>
#include <net/genetlink.h>
#include <net/rtnetlink.h>

#include "fdb.h"
#include "vswitch.h"

#ifndef VSW_HAVE_EXTACK_FMT
#define VSW_COMPAT_MSG_LEN	80	/* NETLINK_MAX_FMTMSG_LEN's */

struct vsw_compat_msg {
	struct callback_head work;
	char text[VSW_COMPAT_MSG_LEN];
};

static void vsw_compat_msg_free(struct callback_head *work)
{
	kfree(container_of(work, struct vsw_compat_msg, work));
}

/*
 * A buffer for a formatted extack message, freed when the task that made
 * the request returns to user space: netlink handles a request and builds
 * its ack in the sender's own system call, so the ack has copied the text
 * by then, and no other request shares the buffer. NULL if that cannot be
 * arranged (a kernel thread, a task exiting, no memory).
 */
static char *vsw_compat_msg_buf(void)
{
	struct vsw_compat_msg *m;

	if (current->flags & PF_KTHREAD)
		return NULL;
	m = kmalloc(sizeof(*m), GFP_ATOMIC);
	if (!m)
		return NULL;
	init_task_work(&m->work, vsw_compat_msg_free);
	if (task_work_add(current, &m->work, TWA_RESUME)) {
		kfree(m);
		return NULL;
	}
	return m->text;
}

/* NL_SET_ERR_MSG_FMT() there: the format itself if there is no buffer. */
void vsw_compat_set_msg(struct netlink_ext_ack *extack, const char *fmt, ...)
{
	va_list args;
	char *buf;

	if (!extack)
		return;
	buf = vsw_compat_msg_buf();
	if (buf) {
		va_start(args, fmt);
		vsnprintf(buf, VSW_COMPAT_MSG_LEN, fmt, args);
		va_end(args);
	}
	extack->_msg = buf ?: fmt;
}
EXPORT_SYMBOL_GPL(vsw_compat_set_msg);
#endif

static int __init vsw_init(void)
{
	int err;

	err = vsw_net_init();
	if (err)
		return err;
	err = vsw_fdb_cache_init();
	if (err)
		goto err_cache;
	err = vsw_netdev_notifier_init();
	if (err)
		goto err_notifier;
	err = rtnl_link_register(&vsw_link_ops);
	if (err)
		goto err_link;
	err = vsw_genl_init();
	if (err)
		goto err_genl;
	pr_debug("loaded\n");
	return 0;

err_genl:
	rtnl_link_unregister(&vsw_link_ops);
err_link:
	vsw_netdev_notifier_exit();
err_notifier:
	vsw_fdb_cache_exit();
err_cache:
	vsw_net_exit();
	return err;
}

static void __exit vsw_exit(void)
{
	vsw_genl_exit();
	rtnl_link_unregister(&vsw_link_ops);
	vsw_netdev_notifier_exit();
	vsw_fdb_cache_exit();
	vsw_net_exit();
	pr_debug("unloaded\n");
}

module_init(vsw_init);
module_exit(vsw_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Virtual switch with the hypervisor network modes");
MODULE_AUTHOR("The vswitch developers");
MODULE_ALIAS_RTNL_LINK(VSWITCH_LINK_KIND);
MODULE_ALIAS_GENL_FAMILY(VSWITCH_GENL_NAME);
