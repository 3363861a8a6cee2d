/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel interface differences, named by capability. kmod/Kbuild probes the
 * headers of the kernel being built against and defines VSW_HAVE_*; nothing
 * else in the module tests kernel versions.
 */
#ifndef _VSW_COMPAT_H
#define _VSW_COMPAT_H

#include <linux/netdevice.h>
#include <linux/netlink.h>
#include <net/genetlink.h>
#include <net/rtnetlink.h>

/* The switch stays in the namespace it was created in, as the bridge does. */
static inline void vsw_compat_set_netns_local(struct net_device *dev)
{
#if defined(VSW_HAVE_NETNS_IMMUTABLE)
	dev->netns_immutable = true;
#elif defined(VSW_HAVE_NETNS_LOCAL)
	dev->netns_local = true;
#else
	dev->features |= NETIF_F_NETNS_LOCAL;
#endif
}

static inline void vsw_compat_set_lltx(struct net_device *dev)
{
#ifdef VSW_HAVE_LLTX
	dev->lltx = true;
#else
	dev->features |= NETIF_F_LLTX;
#endif
}

/* Attributes of a dump request, parsed by the core against our policy. */
static inline struct nlattr **vsw_compat_dump_attrs(struct netlink_callback *cb)
{
#ifdef VSW_HAVE_GENL_INFO_DUMP
	return genl_info_dump(cb)->attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

/*
 * rtnl_link_ops.newlink: kernels with struct rtnl_newlink_params pass the
 * namespaces and attribute tables in it. vsw_compat_newlink() has this
 * kernel's signature and calls vsw_dev_newlink() (device.c); the switch is
 * created in dev_net(dev).
 */
int vsw_dev_newlink(struct net_device *dev, struct nlattr *tb[],
		    struct nlattr *data[], struct netlink_ext_ack *extack);

#ifdef VSW_HAVE_NEWLINK_PARAMS
static inline int vsw_compat_newlink(struct net_device *dev,
				     struct rtnl_newlink_params *params,
				     struct netlink_ext_ack *extack)
{
	return vsw_dev_newlink(dev, params->tb, params->data, extack);
}
#else
static inline int vsw_compat_newlink(struct net *src_net,
				     struct net_device *dev,
				     struct nlattr *tb[], struct nlattr *data[],
				     struct netlink_ext_ack *extack)
{
	return vsw_dev_newlink(dev, tb, data, extack);
}
#endif

/*
 * The family's pre_doit and post_doit (netlink.c) are handed the operation:
 * a struct genl_split_ops where the core splits do from dump, a struct
 * genl_ops before. What they use of it is its internal_flags, which
 * vsw_compat_pre_doit() and vsw_compat_post_doit() pass on.
 */
int vsw_nl_pre_doit(u8 flags, struct sk_buff *skb, struct genl_info *info);
void vsw_nl_post_doit(u8 flags, struct sk_buff *skb, struct genl_info *info);

#ifdef VSW_HAVE_GENL_SPLIT_OPS
static inline int vsw_compat_pre_doit(const struct genl_split_ops *ops,
				      struct sk_buff *skb,
				      struct genl_info *info)
{
	return vsw_nl_pre_doit(ops->internal_flags, skb, info);
}

static inline void vsw_compat_post_doit(const struct genl_split_ops *ops,
					struct sk_buff *skb,
					struct genl_info *info)
{
	vsw_nl_post_doit(ops->internal_flags, skb, info);
}
#else
static inline int vsw_compat_pre_doit(const struct genl_ops *ops,
				      struct sk_buff *skb,
				      struct genl_info *info)
{
	return vsw_nl_pre_doit(ops->internal_flags, skb, info);
}

static inline void vsw_compat_post_doit(const struct genl_ops *ops,
					struct sk_buff *skb,
					struct genl_info *info)
{
	vsw_nl_post_doit(ops->internal_flags, skb, info);
}
#endif

#ifndef VSW_HAVE_EXTACK_FMT
/*
 * Kernels without NL_SET_ERR_MSG_FMT have no buffer in the extack for a
 * formatted message: the text goes in one of the request's own, freed by
 * task work once the request's system call is over (main.c). Where there
 * can be none, the format itself says what went wrong.
 */
__printf(2, 3)
void vsw_compat_set_msg(struct netlink_ext_ack *extack, const char *fmt, ...);

#define NL_SET_ERR_MSG_FMT(extack, fmt, args...)			\
	vsw_compat_set_msg(extack, fmt, ##args)

#define NL_SET_ERR_MSG_ATTR_FMT(extack, attr, fmt, args...) do {	\
	struct netlink_ext_ack *__vsw_attr_ack = (extack);		\
									\
	if (__vsw_attr_ack)						\
		__vsw_attr_ack->bad_attr = (attr);			\
	NL_SET_ERR_MSG_FMT(__vsw_attr_ack, fmt, ##args);		\
} while (0)
#endif

#endif /* _VSW_COMPAT_H */
