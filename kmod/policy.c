// SPDX-License-Identifier: GPL-2.0
/*
 * Port policy: which VLANs a port carries and how its frames are tagged,
 * and the guards on what a guest may send (isolation, source addresses,
 * DHCP servers, routers, storms). A port without a policy is the default:
 * VLAN-transparent, nothing guarded, at the cost of one pointer test.
 */

#include <linux/etherdevice.h>
#include <net/ipv6.h>
#include <net/ndisc.h>
#include <net/netlink.h>

#include "bind.h"
#include "mirror.h"
#include "netlink.h"
#include "policy.h"
#include "vswitch.h"

/* ------------------------------------------------------------------ */
/* VLANs                                                              */

/*
 * The VLAN of a frame entering by a port with @pol: its tag's, which the
 * port must carry, or the port's PVID for an untagged (or priority-tagged)
 * frame. Returns 0 or -EPERM (a VID the port does not carry, or a second
 * tag the port may not pass).
 *
 * The receive path has moved the outer tag into the skb; a tag still in
 * the data is a second one. Under a priority tag it is the frame's real
 * VLAN to any Linux receiver, which strips the priority tag first: taking
 * such a frame into the PVID would carry it into another VLAN, past the
 * guards, which see its protocol as 802.1Q. A port with a policy (VLAN
 * settings, or guards that cannot look inside) takes no second tag at
 * all; a transparent port passes QinQ by its outer VID.
 */
int vsw_policy_vid_in(const struct vsw_policy *pol, struct sk_buff *skb,
		      u16 *vid)
{
	u16 tag = skb_vlan_tag_present(skb) ? skb_vlan_tag_get_id(skb) : 0;

	if (unlikely(eth_type_vlan(skb->protocol)) && (pol || !tag))
		return -EPERM;
	if (!tag) {
		*vid = vsw_policy_pvid(pol);
		return 0;
	}
	if (pol && (tag == pol->pvid ||
		    (pol->vlan_filter && !test_bit(tag, pol->vlans))))
		return -EPERM;
	*vid = tag;
	return 0;
}

/*
 * Tag a frame of VLAN @vid for a port with @pol (which carries @vid): its
 * PVID leaves untagged, other VLANs tagged. Frames of the untagged segment
 * keep what they came with (a priority tag).
 */
void vsw_policy_vid_out(const struct vsw_policy *pol, struct sk_buff *skb,
			u16 vid)
{
	if (!vid)
		return;
	if (vid == vsw_policy_pvid(pol)) {
		__vlan_hwaccel_clear_tag(skb);
		return;
	}
	if (!skb_vlan_tag_present(skb) || skb_vlan_tag_get_id(skb) != vid)
		__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q), vid);
}

/* ------------------------------------------------------------------ */
/* guards                                                             */

static bool vsw_guard_src(struct vsw_port *port, const struct vsw_policy *pol,
			  const u8 *src)
{
	struct vsw_switch *sw = port->sw;
	int i;

	if (pol->n_macs) {
		for (i = 0; i < pol->n_macs; i++)
			if (ether_addr_equal(src, pol->macs[i]))
				return true;
		return false;
	}
	/* Pairs with the release below: the address before the flag. */
	if (unlikely(!smp_load_acquire(&port->guard_mac_set))) {
		spin_lock(&sw->fdb_lock);
		if (!port->guard_mac_set) {
			ether_addr_copy(port->guard_mac, src);
			/* The address is complete before the flag is seen. */
			smp_store_release(&port->guard_mac_set, true);
		}
		spin_unlock(&sw->fdb_lock);
	}
	return ether_addr_equal(src, port->guard_mac);
}

/*
 * DHCP server messages and ICMP redirects in IPv4. IPv4's router
 * advertisements (RFC 1256) reach only hosts that run a router discovery
 * daemon, none by default: they pass. Later fragments cannot be judged
 * (their first one was); a packet or first fragment without the whole UDP
 * or ICMP header a guard looks at is dropped: a receiver could still put
 * the rest together.
 */
static int vsw_guard_ipv4(const struct vsw_policy *pol,
			  const struct vsw_l3 *l3)
{
	if (!l3->ip4 || l3->later_frag)
		return 0;
	if (pol->dhcp_guard && l3->l4proto == IPPROTO_UDP &&
	    (!l3->l4_whole || (l3->l4->udp.source == htons(67) &&
			       l3->l4->udp.dest == htons(68))))
		return VSW_DROP_DHCP_GUARD;
	if (pol->router_guard && l3->l4proto == IPPROTO_ICMP &&
	    (!l3->l4_whole || l3->l4->icmp.type == ICMP_REDIRECT))
		return VSW_DROP_ROUTER_GUARD;
	return 0;
}

/*
 * DHCPv6 server messages, router advertisements and redirects. A header
 * chain that ends before its upper-layer header (RFC 7112: a first
 * fragment must carry it) hides what a receiver would put together:
 * dropped, and so is (counted as the router guard's if that is on) a
 * packet with No Next Header, which carries nothing. Later fragments
 * cannot be judged: their first one was.
 */
static int vsw_guard_ipv6(const struct vsw_policy *pol,
			  const struct vsw_l3 *l3)
{
	u8 type;

	if (!l3->ip6)
		return 0;
	if (l3->bad_chain)
		return pol->router_guard ? VSW_DROP_ROUTER_GUARD :
					   VSW_DROP_DHCP_GUARD;
	if (l3->later_frag)
		return 0;
	if (pol->dhcp_guard && l3->l4proto == IPPROTO_UDP &&
	    (!l3->l4_whole || (l3->l4->udp.source == htons(547) &&
			       l3->l4->udp.dest == htons(546))))
		return VSW_DROP_DHCP_GUARD;
	if (pol->router_guard && l3->l4proto == IPPROTO_ICMPV6) {
		if (!l3->l4_whole)
			return VSW_DROP_ROUTER_GUARD;
		type = l3->l4->icmp6.icmp6_type;
		if (type == NDISC_ROUTER_ADVERTISEMENT || type == NDISC_REDIRECT)
			return VSW_DROP_ROUTER_GUARD;
	}
	return 0;
}

/*
 * The guards of a port with @pol on a frame it sent (data at the network
 * header), whose IP headers are in @l3 if vsw_policy_l3_guards(): 0 to let
 * it through, or the reason (VSW_DROP_*) to drop it.
 */
int vsw_policy_guard(struct vsw_port *port, const struct vsw_policy *pol,
		     struct sk_buff *skb, const struct vsw_l3 *l3)
{
	int why;

	if (pol->mac_guard && !vsw_guard_src(port, pol, eth_hdr(skb)->h_source))
		return VSW_DROP_MAC_GUARD;
	if (pol->ip_guard) {
		why = vsw_bind_guard(port, pol, skb, l3);
		if (why)
			return why;
	}
	if (!pol->dhcp_guard && !pol->router_guard)
		return 0;
	return vsw_guard_ipv4(pol, l3) ?: vsw_guard_ipv6(pol, l3);
}

/*
 * Broadcast, multicast and unknown unicast a port may still send in this
 * second. Counted per second of jiffies; a race at the turn of a second
 * lets a few frames more or fewer through, never a whole second's worth.
 */
bool vsw_policy_storm_ok(struct vsw_port *port, const struct vsw_policy *pol)
{
	unsigned long now = jiffies, start = READ_ONCE(port->storm_start);

	if (!pol || !pol->storm_limit)
		return true;
	if (time_after_eq(now, start + HZ) &&
	    cmpxchg(&port->storm_start, start, now) == start)
		atomic_set(&port->storm_count, 0);
	return atomic_inc_return(&port->storm_count) <= pol->storm_limit;
}

/* ------------------------------------------------------------------ */
/* settings                                                           */

static bool vsw_policy_is_default(const struct vsw_policy *pol)
{
	return !pol->pvid && !pol->vlan_filter && !pol->isolated &&
	       !pol->mac_guard && !pol->dhcp_guard && !pol->router_guard &&
	       !pol->dhcp_trust && !pol->bpdu_guard &&
	       !pol->n_macs && !pol->storm_limit && !pol->ip_guard &&
	       !pol->n_ips && pol->promisc == VSW_PROMISC_DENY;
}

static void vsw_nla_bool(struct nlattr *attr, bool *v)
{
	if (attr)
		*v = nla_get_u8(attr);
}

/* Who a policy is for: what it may hold. */
enum vsw_policy_for {
	VSW_POLICY_GUEST,
	VSW_POLICY_UPLINK,
	VSW_POLICY_HOST,
	VSW_POLICY_DEFAULTS,
};

/* Is @type a port policy attribute? */
static bool vsw_policy_attr(unsigned int type)
{
	switch (type) {
	case VSW_A_PORT_PVID:
	case VSW_A_PORT_VLAN_FILTER:
	case VSW_A_PORT_VLANS:
	case VSW_A_PORT_ISOLATED:
	case VSW_A_PORT_MAC_GUARD:
	case VSW_A_PORT_DHCP_GUARD:
	case VSW_A_PORT_ROUTER_GUARD:
	case VSW_A_PORT_DHCP_TRUST:
	case VSW_A_PORT_BPDU_GUARD:
	case VSW_A_PORT_STORM_LIMIT:
	case VSW_A_PORT_IP_GUARD:
	case VSW_A_PORT_PROMISC:
		return true;
	}
	return false;
}

/* A u8 setting given and on. */
static bool vsw_nla_on(const struct nlattr *attr)
{
	return attr && nla_get_u8(attr);
}

static int vsw_policy_check(struct nlattr **attrs, enum vsw_policy_for who,
			    struct netlink_ext_ack *extack)
{
	static const int guards[] = {
		VSW_A_PORT_ISOLATED, VSW_A_PORT_MAC_GUARD,
		VSW_A_PORT_DHCP_GUARD, VSW_A_PORT_ROUTER_GUARD,
		VSW_A_PORT_MACS, VSW_A_PORT_STORM_LIMIT,
		VSW_A_PORT_IP_GUARD, VSW_A_PORT_IPS, VSW_A_PORT_PROMISC,
		VSW_A_PORT_DHCP_TRUST, VSW_A_PORT_BPDU_GUARD,
	};
	bool uplink = who == VSW_POLICY_UPLINK;
	unsigned int i;

	for (i = 0; who == VSW_POLICY_HOST && i < ARRAY_SIZE(guards); i++) {
		if (attrs[guards[i]]) {
			NL_SET_ERR_MSG_ATTR(extack, attrs[guards[i]],
					    "the host port takes VLAN settings only");
			return -EOPNOTSUPP;
		}
	}
	if (who == VSW_POLICY_DEFAULTS &&
	    (attrs[VSW_A_PORT_MACS] || attrs[VSW_A_PORT_IPS])) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[VSW_A_PORT_MACS] ?:
				    attrs[VSW_A_PORT_IPS],
				    "addresses are set per port, not as defaults");
		return -EINVAL;
	}
	for (i = 0; who == VSW_POLICY_DEFAULTS && i <= VSW_A_MAX; i++) {
		if (attrs[i] && !vsw_policy_attr(i)) {
			NL_SET_ERR_MSG_ATTR(extack, attrs[i],
					    "port defaults take port policy settings only");
			return -EINVAL;
		}
	}
	if (uplink && vsw_nla_on(attrs[VSW_A_PORT_ISOLATED])) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[VSW_A_PORT_ISOLATED],
				    "the uplink is never isolated");
		return -EOPNOTSUPP;
	}
	if (uplink && vsw_nla_on(attrs[VSW_A_PORT_IP_GUARD])) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[VSW_A_PORT_IP_GUARD],
				    "the uplink carries the LAN's addresses: no ip-guard");
		return -EOPNOTSUPP;
	}
	if (uplink && vsw_nla_on(attrs[VSW_A_PORT_DHCP_TRUST])) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[VSW_A_PORT_DHCP_TRUST],
				    "the uplink's DHCP server is always trusted");
		return -EOPNOTSUPP;
	}
	if (uplink && vsw_nla_on(attrs[VSW_A_PORT_BPDU_GUARD])) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[VSW_A_PORT_BPDU_GUARD],
				    "the LAN's BPDUs are the host's: no bpdu-guard on the uplink");
		return -EOPNOTSUPP;
	}
	if (uplink && vsw_nla_on(attrs[VSW_A_PORT_PROMISC])) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[VSW_A_PORT_PROMISC],
				    "the uplink gets no copies of others' traffic");
		return -EOPNOTSUPP;
	}
	return 0;
}

static int vsw_policy_parse_ips(struct vsw_policy *pol, struct nlattr *attr,
				struct netlink_ext_ack *extack)
{
	const struct in6_addr *a;
	unsigned int i;

	if (nla_len(attr) % sizeof(*a)) {
		NL_SET_ERR_MSG_ATTR_FMT(extack, attr,
					"a list of at most %d addresses of 16 bytes",
					VSW_PORT_IPS_MAX);
		return -EINVAL;
	}
	pol->n_ips = nla_len(attr) / sizeof(*a);
	memcpy(pol->ips, nla_data(attr), nla_len(attr));
	for (i = 0; i < pol->n_ips; i++) {
		a = &pol->ips[i];
		if (ipv6_addr_any(a) || ipv6_addr_is_multicast(a) ||
		    (ipv6_addr_v4mapped(a) &&
		     (ipv4_is_zeronet(a->s6_addr32[3]) ||
		      ipv4_is_multicast(a->s6_addr32[3]) ||
		      ipv4_is_lbcast(a->s6_addr32[3])))) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "bound addresses must be unicast");
			return -EINVAL;
		}
	}
	return 0;
}

static int vsw_policy_parse(struct vsw_policy *pol, struct nlattr **attrs,
			    enum vsw_policy_for who,
			    struct netlink_ext_ack *extack)
{
	struct nlattr *attr;
	unsigned int i;
	int err;

	err = vsw_policy_check(attrs, who, extack);
	if (err)
		return err;

	if (attrs[VSW_A_PORT_PVID])
		pol->pvid = nla_get_u16(attrs[VSW_A_PORT_PVID]);
	vsw_nla_bool(attrs[VSW_A_PORT_VLAN_FILTER], &pol->vlan_filter);
	attr = attrs[VSW_A_PORT_VLANS];
	if (attr) {
		const u8 *bits = nla_data(attr);

		/* Bit v of byte v / 8, whatever the host's byte order. */
		for (i = 0; i < VLAN_N_VID; i++)
			__assign_bit(i, pol->vlans, bits[i / 8] & BIT(i % 8));
		if (test_bit(0, pol->vlans) ||
		    test_bit(VLAN_N_VID - 1, pol->vlans)) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "VIDs 0 and 4095 cannot be carried");
			return -EINVAL;
		}
	}
	vsw_nla_bool(attrs[VSW_A_PORT_ISOLATED], &pol->isolated);
	vsw_nla_bool(attrs[VSW_A_PORT_MAC_GUARD], &pol->mac_guard);
	vsw_nla_bool(attrs[VSW_A_PORT_DHCP_GUARD], &pol->dhcp_guard);
	vsw_nla_bool(attrs[VSW_A_PORT_ROUTER_GUARD], &pol->router_guard);
	vsw_nla_bool(attrs[VSW_A_PORT_DHCP_TRUST], &pol->dhcp_trust);
	vsw_nla_bool(attrs[VSW_A_PORT_IP_GUARD], &pol->ip_guard);
	vsw_nla_bool(attrs[VSW_A_PORT_BPDU_GUARD], &pol->bpdu_guard);
	if (attrs[VSW_A_PORT_PROMISC])
		pol->promisc = nla_get_u8(attrs[VSW_A_PORT_PROMISC]);
	if (attrs[VSW_A_PORT_IPS]) {
		err = vsw_policy_parse_ips(pol, attrs[VSW_A_PORT_IPS], extack);
		if (err)
			return err;
	}
	if (attrs[VSW_A_PORT_STORM_LIMIT])
		pol->storm_limit = nla_get_u32(attrs[VSW_A_PORT_STORM_LIMIT]);
	attr = attrs[VSW_A_PORT_MACS];
	if (attr) {
		if (nla_len(attr) % ETH_ALEN ||
		    nla_len(attr) > VSW_PORT_MACS_MAX * ETH_ALEN) {
			NL_SET_ERR_MSG_ATTR_FMT(extack, attr,
						"a list of at most %d addresses of 6 bytes",
						VSW_PORT_MACS_MAX);
			return -EINVAL;
		}
		pol->n_macs = nla_len(attr) / ETH_ALEN;
		memcpy(pol->macs, nla_data(attr), nla_len(attr));
		for (i = 0; i < pol->n_macs; i++) {
			if (!is_valid_ether_addr(pol->macs[i])) {
				NL_SET_ERR_MSG_ATTR(extack, attr,
						    "guarded addresses must be unicast");
				return -EINVAL;
			}
		}
	}
	return 0;
}

/*
 * Count the ports that have ip-guard on and those that get copies of
 * others' traffic: the data path looks further only if there are any.
 */
void vsw_policy_recount(struct vsw_switch *sw)
{
	const struct vsw_policy *pol;
	u32 ip_guard = 0, promisc = 0;
	struct vsw_port *p;

	ASSERT_RTNL();
	list_for_each_entry(p, &sw->ports, list) {
		pol = rtnl_dereference(p->policy);
		if (!pol)
			continue;
		ip_guard += pol->ip_guard;
		promisc += pol->promisc != VSW_PROMISC_DENY && !p->mirror_dest;
	}
	WRITE_ONCE(sw->ip_guard_ports, ip_guard);
	WRITE_ONCE(sw->promisc_ports, promisc);
}

/*
 * Apply the policy attributes of a PORT_SET request to @port, or to the
 * host port of @sw if @port is NULL. Whole or not at all.
 */
int vsw_policy_set(struct vsw_switch *sw, struct vsw_port *port,
		   struct nlattr **attrs, struct netlink_ext_ack *extack)
{
	struct vsw_policy __rcu **pp = port ? &port->policy : &sw->host_policy;
	struct vsw_policy *old = rtnl_dereference(*pp), *pol;
	enum vsw_policy_for who;
	bool reset_guard;
	int err;

	ASSERT_RTNL();
	pol = kzalloc(sizeof(*pol), GFP_KERNEL);
	if (!pol)
		return -ENOMEM;
	if (old)
		memcpy(pol, old, sizeof(*pol));
	who = !port ? VSW_POLICY_HOST :
	      port->uplink ? VSW_POLICY_UPLINK : VSW_POLICY_GUEST;
	err = vsw_policy_parse(pol, attrs, who, extack);
	if (err) {
		kfree(pol);
		return err;
	}

	/* Setting the guard or its list starts over from the next source. */
	reset_guard = port && (attrs[VSW_A_PORT_MAC_GUARD] ||
			       attrs[VSW_A_PORT_MACS]);
	if (vsw_policy_is_default(pol)) {
		kfree(pol);
		pol = NULL;
	}
	rcu_assign_pointer(*pp, pol);
	vsw_net_changed(dev_net(sw->dev));	/* its static bindings */
	if (reset_guard) {
		spin_lock_bh(&sw->fdb_lock);
		port->guard_mac_set = false;
		spin_unlock_bh(&sw->fdb_lock);
	}
	/* Leases are kept for guarded ports only. */
	if (port && (!pol || !pol->ip_guard))
		vsw_bind_port_del(port);
	if (old)
		kfree_rcu(old, rcu);
	if (port)
		vsw_policy_recount(sw);
	return 0;
}

/* Replace what new guest ports of @sw start with. Whole or not at all. */
int vsw_policy_set_defaults(struct vsw_switch *sw, struct nlattr **attrs,
			    struct netlink_ext_ack *extack)
{
	struct vsw_policy *pol;
	int err;

	ASSERT_RTNL();
	pol = kzalloc(sizeof(*pol), GFP_KERNEL);
	if (!pol)
		return -ENOMEM;
	err = vsw_policy_parse(pol, attrs, VSW_POLICY_DEFAULTS, extack);
	if (err) {
		kfree(pol);
		return err;
	}
	if (vsw_policy_is_default(pol)) {
		kfree(pol);
		pol = NULL;
	}
	kfree(sw->port_defaults);
	sw->port_defaults = pol;
	return 0;
}

/* A new guest port starts with its switch's defaults. */
int vsw_policy_port_init(struct vsw_port *port)
{
	const struct vsw_policy *def = port->sw->port_defaults;
	struct vsw_policy *pol;

	ASSERT_RTNL();
	if (!def || port->uplink)
		return 0;
	pol = kmemdup(def, sizeof(*def), GFP_KERNEL);
	if (!pol)
		return -ENOMEM;
	RCU_INIT_POINTER(port->policy, pol);
	return 0;
}

static int vsw_policy_put(struct sk_buff *skb, const struct vsw_policy *pol,
			  bool guards)
{
	static const struct vsw_policy defaults;
	struct nlattr *attr;
	unsigned int vid;
	u8 *bits;

	if (!pol)
		pol = &defaults;
	if (nla_put_u16(skb, VSW_A_PORT_PVID, pol->pvid) ||
	    nla_put_u8(skb, VSW_A_PORT_VLAN_FILTER, pol->vlan_filter))
		return -EMSGSIZE;
	attr = nla_reserve(skb, VSW_A_PORT_VLANS, VLAN_N_VID / 8);
	if (!attr)
		return -EMSGSIZE;
	bits = nla_data(attr);
	memset(bits, 0, VLAN_N_VID / 8);
	for_each_set_bit(vid, pol->vlans, VLAN_N_VID)
		bits[vid / 8] |= BIT(vid % 8);
	if (!guards)
		return 0;
	if (nla_put_u8(skb, VSW_A_PORT_ISOLATED, pol->isolated) ||
	    nla_put_u8(skb, VSW_A_PORT_MAC_GUARD, pol->mac_guard) ||
	    nla_put_u8(skb, VSW_A_PORT_DHCP_GUARD, pol->dhcp_guard) ||
	    nla_put_u8(skb, VSW_A_PORT_ROUTER_GUARD, pol->router_guard) ||
	    nla_put_u8(skb, VSW_A_PORT_DHCP_TRUST, pol->dhcp_trust) ||
	    nla_put_u8(skb, VSW_A_PORT_IP_GUARD, pol->ip_guard) ||
	    nla_put_u8(skb, VSW_A_PORT_BPDU_GUARD, pol->bpdu_guard) ||
	    nla_put_u8(skb, VSW_A_PORT_PROMISC, pol->promisc) ||
	    nla_put_u32(skb, VSW_A_PORT_STORM_LIMIT, pol->storm_limit) ||
	    nla_put(skb, VSW_A_PORT_MACS, pol->n_macs * ETH_ALEN, pol->macs) ||
	    nla_put(skb, VSW_A_PORT_IPS, pol->n_ips * sizeof(pol->ips[0]),
		    pol->ips))
		return -EMSGSIZE;
	return 0;
}

/*
 * The policy attributes of a PORT_GET reply for @port, or the host port's
 * (@port NULL: VLANs only).
 */
int vsw_policy_fill(struct sk_buff *skb, const struct vsw_port *port,
		    const struct vsw_policy *pol)
{
	if (vsw_policy_put(skb, pol, port))
		return -EMSGSIZE;
	if (!port || !pol || !pol->mac_guard || pol->n_macs)
		return 0;
	/* Pairs with vsw_guard_src()'s release: a complete address. */
	if (smp_load_acquire(&port->guard_mac_set) &&
	    nla_put(skb, VSW_A_PORT_GUARD_MAC, ETH_ALEN, port->guard_mac))
		return -EMSGSIZE;
	return 0;
}

/* VSW_A_PORT_DEFAULTS of a SWITCH_GET reply. */
int vsw_policy_fill_defaults(struct sk_buff *skb, struct vsw_switch *sw)
{
	struct nlattr *nest;

	ASSERT_RTNL();
	nest = nla_nest_start(skb, VSW_A_PORT_DEFAULTS);
	if (!nest || vsw_policy_put(skb, sw->port_defaults, true)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* ------------------------------------------------------------------ */
/* netlink                                                            */

/* VSW_CMD_PORT_SET: a guest port's settings, or the host port's VLANs. */
int vsw_policy_nl_port_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *fdb_max = info->attrs[VSW_A_PORT_FDB_MAX];
	struct nlattr *shut = info->attrs[VSW_A_PORT_SHUT];
	struct vsw_port *port = vsw_nl_port(info);
	int err;

	if (!port && (fdb_max || shut)) {
		NL_SET_ERR_MSG_ATTR(info->extack, fdb_max ?: shut,
				    "the host port takes VLAN settings only");
		return -EOPNOTSUPP;
	}
	if (shut && port->uplink) {
		NL_SET_ERR_MSG_ATTR(info->extack, shut,
				    "the uplink is not shut: detach it (uplink none)");
		return -EOPNOTSUPP;
	}
	/* The policy is the part that can be refused: first. */
	err = vsw_policy_set(vsw_nl_sw(info), port, info->attrs, info->extack);
	if (!err && fdb_max)
		WRITE_ONCE(port->fdb_max, nla_get_u32(fdb_max));
	if (!err && shut)
		xchg(&port->shut, nla_get_u8(shut));	/* vs the BPDU guard */
	return err;
}

/* VSW_CMD_SWITCH_SET's defaults, parsed into @tb. */
static int vsw_policy_nl_defaults(struct genl_info *info, struct nlattr **tb)
{
	struct nlattr *def = info->attrs[VSW_A_PORT_DEFAULTS];

	if (!def) {
		NL_SET_ERR_MSG(info->extack, "nothing to set");
		return -EINVAL;
	}
	return nla_parse_nested(tb, VSW_A_MAX, def, vsw_nl_policy,
				info->extack);
}

int vsw_policy_nl_defaults_check(struct genl_info *info)
{
	struct nlattr *tb[VSW_A_MAX + 1];

	return vsw_policy_nl_defaults(info, tb);
}

/* VSW_CMD_SWITCH_SET: what new guest ports start with. */
int vsw_policy_nl_switch_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[VSW_A_MAX + 1];
	int err;

	err = vsw_policy_nl_defaults(info, tb);
	if (err)
		return err;
	return vsw_policy_set_defaults(vsw_nl_sw(info), tb, info->extack);
}
