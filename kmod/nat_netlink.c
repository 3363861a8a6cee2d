// SPDX-License-Identifier: GPL-2.0
/*
 * vswitch_nat: the requests of the "vswitch" family that are NAT's
 * (VSW_CMD_NAT_SET, FWD_GET, FWD_NEW, FWD_DEL), and a nat switch's
 * attributes in SWITCH_GET replies. The core's family passes them here
 * under RTNL (netlink.c); the protocol is in uapi/linux/vswitch.h.
 */

#include <linux/inetdevice.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "nat_priv.h"

int vsw_nat_fill(struct sk_buff *skb, const struct vsw_switch *sw)
{
	const struct vsw_nat *nat = sw->nat;

	if (nla_put_u16(skb, VSW_A_NAT_ZONE, nat->zone.id) ||
	    nla_put_u32(skb, VSW_A_NAT_UDP_TIMEOUT, nat->udp_timeout) ||
	    nla_put_u32(skb, VSW_A_NAT_TCP_TIMEOUT, nat->tcp_timeout) ||
	    nla_put_u32(skb, VSW_A_NAT_TCP_EST_TIMEOUT, nat->tcp_est_timeout))
		return -EMSGSIZE;
	return 0;
}

static struct vsw_switch *vsw_nat_switch_lookup(struct net *net,
						struct nlattr **attrs,
						struct netlink_ext_ack *extack)
{
	struct vsw_switch *sw = vsw_nl_switch_lookup(net, attrs, extack);

	if (!IS_ERR(sw) && !sw->nat) {
		NL_SET_ERR_MSG_FMT(extack, "%s is not a nat switch",
				   sw->dev->name);
		return ERR_PTR(-EOPNOTSUPP);
	}
	return sw;
}

static const u32 *vsw_nl_u32_ptr(struct nlattr *attr, u32 *buf)
{
	if (!attr)
		return NULL;
	*buf = nla_get_u32(attr);
	return buf;
}

int vsw_nat_nl_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	u32 udp, tcp, est;
	struct vsw_switch *sw;

	if (!attrs[VSW_A_NAT_UDP_TIMEOUT] && !attrs[VSW_A_NAT_TCP_TIMEOUT] &&
	    !attrs[VSW_A_NAT_TCP_EST_TIMEOUT]) {
		NL_SET_ERR_MSG(info->extack, "nothing to set");
		return -EINVAL;
	}
	sw = vsw_nat_switch_lookup(genl_info_net(info), attrs, info->extack);
	if (IS_ERR(sw))
		return PTR_ERR(sw);
	vsw_nat_set_timeouts(sw,
			     vsw_nl_u32_ptr(attrs[VSW_A_NAT_UDP_TIMEOUT], &udp),
			     vsw_nl_u32_ptr(attrs[VSW_A_NAT_TCP_TIMEOUT], &tcp),
			     vsw_nl_u32_ptr(attrs[VSW_A_NAT_TCP_EST_TIMEOUT], &est));
	return 0;
}

static int vsw_fill_fwd(struct sk_buff *skb, const struct vsw_nat_fwd *fwd,
			u32 portid, u32 seq, int flags)
{
	void *hdr;

	hdr = vsw_nl_msg_put(skb, portid, seq, flags, VSW_CMD_FWD_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (vsw_nl_put_switch_id(skb, fwd->sw) ||
	    nla_put_string(skb, VSW_A_FWD_NAME, fwd->name) ||
	    nla_put_u8(skb, VSW_A_FWD_PROTO, fwd->proto) ||
	    nla_put_in_addr(skb, VSW_A_FWD_HOST_ADDR, fwd->host_addr) ||
	    nla_put_u16(skb, VSW_A_FWD_HOST_PORT, ntohs(fwd->host_port)) ||
	    nla_put_in_addr(skb, VSW_A_FWD_GUEST_ADDR, fwd->guest_addr) ||
	    nla_put_u16(skb, VSW_A_FWD_GUEST_PORT, ntohs(fwd->guest_port))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int vsw_nat_dump_one(struct sk_buff *skb, struct netlink_callback *cb,
			    struct vsw_switch *sw, long *idx)
{
	struct vsw_nat_fwd *fwd;
	long i = 0;

	if (!sw->nat)
		return 0;
	list_for_each_entry(fwd, &sw->nat->fwds, list) {
		if (i++ < *idx)
			continue;
		if (vsw_fill_fwd(skb, fwd, NETLINK_CB(cb->skb).portid,
				 cb->nlh->nlmsg_seq, NLM_F_MULTI))
			return -EMSGSIZE;
		(*idx)++;
	}
	return 0;
}

int vsw_nat_nl_fwd_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nlattr **attrs = vsw_compat_dump_attrs(cb);
	struct vsw_switch *one = NULL;

	if (vsw_nl_has_switch(attrs)) {
		one = vsw_nat_switch_lookup(sock_net(skb->sk), attrs,
					    cb->extack);
		if (IS_ERR(one))
			return PTR_ERR(one);
	}
	return vsw_nl_dump_walk(skb, cb, one, vsw_nat_dump_one);
}

/* Is @addr a guest's address on one of @sw's subnets? */
static bool vsw_guest_addr_ok(struct vsw_switch *sw, __be32 addr)
{
	struct in_device *in_dev = __in_dev_get_rtnl(sw->dev);
	const struct in_ifaddr *ifa;

	if (!in_dev)
		return false;
	in_dev_for_each_ifa_rtnl(ifa, in_dev) {
		if (!inet_ifa_match(addr, ifa) || addr == ifa->ifa_local)
			continue;
		/* Not the subnet's network or broadcast address. */
		if (ifa->ifa_prefixlen < 31 &&
		    ((addr & ~ifa->ifa_mask) == 0 ||
		     (addr | ifa->ifa_mask) == htonl(INADDR_BROADCAST)))
			continue;
		return true;
	}
	return false;
}

int vsw_nat_nl_fwd_new(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct vsw_nat_fwd req = {};
	struct vsw_switch *sw;

	if (!attrs[VSW_A_FWD_PROTO] || !attrs[VSW_A_FWD_HOST_PORT] ||
	    !attrs[VSW_A_FWD_GUEST_ADDR]) {
		NL_SET_ERR_MSG(info->extack,
			       "a forward needs a protocol, a host port and a guest address");
		return -EINVAL;
	}
	req.proto = nla_get_u8(attrs[VSW_A_FWD_PROTO]);
	if (req.proto != IPPROTO_TCP && req.proto != IPPROTO_UDP) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[VSW_A_FWD_PROTO],
				    "only tcp and udp ports can be forwarded");
		return -EINVAL;
	}
	req.host_port = htons(nla_get_u16(attrs[VSW_A_FWD_HOST_PORT]));
	req.guest_port = attrs[VSW_A_FWD_GUEST_PORT] ?
			 htons(nla_get_u16(attrs[VSW_A_FWD_GUEST_PORT])) :
			 req.host_port;
	req.guest_addr = nla_get_in_addr(attrs[VSW_A_FWD_GUEST_ADDR]);
	if (attrs[VSW_A_FWD_HOST_ADDR]) {
		req.host_addr = nla_get_in_addr(attrs[VSW_A_FWD_HOST_ADDR]);
		if (ipv4_is_multicast(req.host_addr) ||
		    ipv4_is_lbcast(req.host_addr)) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    attrs[VSW_A_FWD_HOST_ADDR],
					    "the host address must be unicast");
			return -EINVAL;
		}
	}
	if (attrs[VSW_A_FWD_NAME])
		nla_strscpy(req.name, attrs[VSW_A_FWD_NAME], sizeof(req.name));
	else
		snprintf(req.name, sizeof(req.name), "%s-%u",
			 req.proto == IPPROTO_TCP ? "tcp" : "udp",
			 ntohs(req.host_port));
	if (!req.name[0]) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[VSW_A_FWD_NAME],
				    "the name is empty");
		return -EINVAL;
	}

	sw = vsw_nat_switch_lookup(genl_info_net(info), attrs, info->extack);
	if (IS_ERR(sw))
		return PTR_ERR(sw);
	if (!vsw_guest_addr_ok(sw, req.guest_addr)) {
		NL_SET_ERR_MSG_ATTR_FMT(info->extack, attrs[VSW_A_FWD_GUEST_ADDR],
					"%pI4 is not a guest address on %s's subnet",
					&req.guest_addr, sw->dev->name);
		return -EINVAL;
	}
	return vsw_nat_fwd_add(sw, &req, info->extack);
}

int vsw_nat_nl_fwd_del(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct vsw_nat_fwd *fwd;
	char name[VSW_FWD_NAME_LEN];
	struct vsw_switch *sw;
	__be16 port = 0;
	u8 proto = 0;

	if (attrs[VSW_A_FWD_NAME]) {
		nla_strscpy(name, attrs[VSW_A_FWD_NAME], sizeof(name));
	} else if (attrs[VSW_A_FWD_PROTO] && attrs[VSW_A_FWD_HOST_PORT]) {
		proto = nla_get_u8(attrs[VSW_A_FWD_PROTO]);
		port = htons(nla_get_u16(attrs[VSW_A_FWD_HOST_PORT]));
	} else {
		NL_SET_ERR_MSG(info->extack,
			       "name the forward, or give its protocol and host port");
		return -EINVAL;
	}

	sw = vsw_nat_switch_lookup(genl_info_net(info), attrs, info->extack);
	if (IS_ERR(sw))
		return PTR_ERR(sw);
	fwd = vsw_nat_fwd_find(sw, attrs[VSW_A_FWD_NAME] ? name : NULL,
			       proto, port);
	if (!fwd) {
		NL_SET_ERR_MSG_FMT(info->extack, "%s has no such forward",
				   sw->dev->name);
		return -ENOENT;
	}
	vsw_nat_fwd_del(fwd);
	return 0;
}
