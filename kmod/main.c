// SPDX-License-Identifier: GPL-2.0
/*
 * vswitch: one netdev type for the hypervisor network modes.
 */

#include <linux/module.h>
#include <net/genetlink.h>
#include <net/rtnetlink.h>

#include "vswitch.h"

#ifndef VSW_HAVE_EXTACK_FMT
static char vsw_compat_msgs[VSW_COMPAT_MSG_SLOTS][VSW_COMPAT_MSG_LEN];
static atomic_t vsw_compat_msg_next = ATOMIC_INIT(0);

char *vsw_compat_msg_slot(void)
{
	unsigned int i = atomic_inc_return(&vsw_compat_msg_next);

	return vsw_compat_msgs[i % VSW_COMPAT_MSG_SLOTS];
}
#endif

static int __init vsw_init(void)
{
	int err;

	err = vsw_fdb_cache_init();
	if (err)
		return err;
	err = vsw_nat_module_init();
	if (err)
		goto err_nat;
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
	vsw_nat_module_exit();
err_nat:
	vsw_fdb_cache_exit();
	return err;
}

static void __exit vsw_exit(void)
{
	vsw_genl_exit();
	rtnl_link_unregister(&vsw_link_ops);
	vsw_netdev_notifier_exit();
	vsw_nat_module_exit();
	vsw_fdb_cache_exit();
	pr_debug("unloaded\n");
}

module_init(vsw_init);
module_exit(vsw_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Virtual switch with the hypervisor network modes");
MODULE_AUTHOR("The vswitch developers");
MODULE_ALIAS_RTNL_LINK(VSWITCH_LINK_KIND);
MODULE_ALIAS_GENL_FAMILY(VSWITCH_GENL_NAME);
