// SPDX-License-Identifier: GPL-2.0
/*
 * IP source guard: the addresses bound to a port, set by the admin or
 * leased to the port's guest by a DHCP server whose answer crossed the
 * switch (snooped), and the check of what a guarded port sends.
 *
 * Leases are kept per port in a small array replaced whole under
 * sw->fdb_lock and read under RCU; they are snooped only while the switch
 * has a port with ip-guard on, for such ports.
 */

#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/ndisc.h>

#include "bind.h"
#include "fdb.h"
#include "netlink.h"
#include "policy.h"
#include "vswitch.h"

/* DHCPv4 (RFC 2131): offsets in the message, options. */
#define VSW_DHCP_CIADDR		12
#define VSW_DHCP_YIADDR		16
#define VSW_DHCP_CHADDR		28
#define VSW_DHCP_COOKIE		236
#define VSW_DHCP_OPTIONS	240
#define VSW_DHCP_MAGIC		0x63825363
#define VSW_DHCP_OPT_PAD	0
#define VSW_DHCP_OPT_LEASE	51
#define VSW_DHCP_OPT_TYPE	53
#define VSW_DHCP_OPT_END	255
#define VSW_DHCPACK		5
#define VSW_DHCPRELEASE		7

/* DHCPv6 (RFC 8415). */
#define VSW_DHCP6_REPLY		7
#define VSW_DHCP6_OPT_IA_NA	3
#define VSW_DHCP6_OPT_IAADDR	5

/* Options looked at, at most, in one message. */
#define VSW_DHCP_OPTS_MAX	64

struct vsw_arp4 {
	struct arphdr h;
	u8 sha[ETH_ALEN];
	__be32 sip;
	u8 tha[ETH_ALEN];
	__be32 tip;
} __packed;

/* Is @addr bound to @port, for a frame from @mac? */
static bool vsw_bound(struct vsw_port *port, const struct vsw_policy *pol,
		      const struct in6_addr *addr, const u8 *mac)
{
	const struct vsw_leases *ls;
	unsigned int i;

	for (i = 0; i < pol->n_ips; i++)
		if (ipv6_addr_equal(addr, &pol->ips[i]))
			return true;
	ls = rcu_dereference(port->leases);
	for (i = 0; ls && i < ls->n; i++)
		if (ipv6_addr_equal(addr, &ls->l[i].addr) &&
		    ether_addr_equal(mac, ls->l[i].mac) &&
		    vsw_lease_live(&ls->l[i]))
			return true;
	return false;
}

static bool vsw_bound4(struct vsw_port *port, const struct vsw_policy *pol,
		       __be32 addr, const u8 *mac)
{
	struct in6_addr a;

	ipv6_addr_set_v4mapped(addr, &a);
	return vsw_bound(port, pol, &a, mac);
}

static int vsw_guard_ip4(struct vsw_port *port, const struct vsw_policy *pol,
			 const struct vsw_l3 *l3, const u8 *mac)
{
	if (!l3->ip4)
		return VSW_DROP_IP_GUARD;
	if (l3->ip4->saddr)
		return vsw_bound4(port, pol, l3->ip4->saddr, mac) ? 0 :
		       VSW_DROP_IP_GUARD;
	/* 0.0.0.0 only for a DHCP client asking for its address. */
	if (l3->l4proto == IPPROTO_UDP && l3->l4_whole &&
	    l3->l4->udp.source == htons(68) && l3->l4->udp.dest == htons(67))
		return 0;
	return VSW_DROP_IP_GUARD;
}

/* ARP for IPv4 over Ethernet only, by the guest itself, for its address. */
static int vsw_guard_arp(struct vsw_port *port, const struct vsw_policy *pol,
			 struct sk_buff *skb, const u8 *mac)
{
	const struct vsw_arp4 *arp;
	struct vsw_arp4 _arp;

	arp = skb_header_pointer(skb, 0, sizeof(_arp), &_arp);
	if (!arp || arp->h.ar_hrd != htons(ARPHRD_ETHER) ||
	    arp->h.ar_pro != htons(ETH_P_IP) || arp->h.ar_hln != ETH_ALEN ||
	    arp->h.ar_pln != 4 || !ether_addr_equal(arp->sha, mac))
		return VSW_DROP_IP_GUARD;
	/* A probe (RFC 5227) claims nothing. */
	if (!arp->sip || vsw_bound4(port, pol, arp->sip, mac))
		return 0;
	return VSW_DROP_IP_GUARD;
}

/* Addresses every port may use: unspecified (DAD) and link-local. */
static bool vsw_ip6_free(const struct in6_addr *a)
{
	return ipv6_addr_any(a) ||
	       (ipv6_addr_type(a) & IPV6_ADDR_LINKLOCAL);
}

static int vsw_guard_ip6(struct vsw_port *port, const struct vsw_policy *pol,
			 struct sk_buff *skb, const struct vsw_l3 *l3,
			 const u8 *mac)
{
	const struct nd_msg *na;
	struct nd_msg _na;

	if (!l3->ip6)
		return VSW_DROP_IP_GUARD;
	if (!vsw_ip6_free(&l3->ip6->saddr) &&
	    !vsw_bound(port, pol, &l3->ip6->saddr, mac))
		return VSW_DROP_IP_GUARD;
	if (!l3->l4 || l3->l4proto != IPPROTO_ICMPV6 ||
	    l3->l4->icmp6.icmp6_type != NDISC_NEIGHBOUR_ADVERTISEMENT)
		return 0;
	/* A neighbour advertisement claims its target. */
	na = skb_header_pointer(skb, l3->l4off, sizeof(_na), &_na);
	if (!na || vsw_ip6_free(&na->target) ||
	    vsw_bound(port, pol, &na->target, mac))
		return 0;
	return VSW_DROP_IP_GUARD;
}

/*
 * ip-guard on a frame a port with @pol sent (data at the network header,
 * its IP headers in @l3): 0 to let it through, or VSW_DROP_IP_GUARD.
 */
int vsw_bind_guard(struct vsw_port *port, const struct vsw_policy *pol,
		   struct sk_buff *skb, const struct vsw_l3 *l3)
{
	const u8 *mac = eth_hdr(skb)->h_source;

	switch (skb->protocol) {
	case htons(ETH_P_IP):
		return vsw_guard_ip4(port, pol, l3, mac);
	case htons(ETH_P_ARP):
		return vsw_guard_arp(port, pol, skb, mac);
	case htons(ETH_P_IPV6):
		return vsw_guard_ip6(port, pol, skb, l3, mac);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* leases                                                             */

/*
 * Replace @port's leases by the live ones without @addr, plus @add if
 * given (the oldest goes if the port has too many). Under sw->fdb_lock.
 */
static void vsw_leases_update(struct vsw_port *port,
			      const struct in6_addr *addr,
			      const struct vsw_lease *add)
{
	struct vsw_leases *old, *ls;
	unsigned int i, n = 0, skip;
	bool found = false;

	old = rcu_dereference_protected(port->leases,
					lockdep_is_held(&port->sw->fdb_lock));
	for (i = 0; old && i < old->n; i++) {
		if (ipv6_addr_equal(&old->l[i].addr, addr))
			found = true;
		else if (vsw_lease_live(&old->l[i]))
			n++;
	}
	if (!add && !found)
		return;
	skip = add && n == VSW_PORT_LEASES_MAX;
	ls = NULL;
	if (n + !!add - skip) {
		ls = kmalloc(struct_size(ls, l, n + !!add - skip), GFP_ATOMIC);
		if (!ls)
			return;
		ls->n = 0;
		for (i = 0; old && i < old->n; i++) {
			if (ipv6_addr_equal(&old->l[i].addr, addr) ||
			    !vsw_lease_live(&old->l[i]))
				continue;
			if (skip) {
				skip = 0;
				continue;
			}
			ls->l[ls->n++] = old->l[i];
		}
		if (add)
			ls->l[ls->n++] = *add;
	}
	rcu_assign_pointer(port->leases, ls);
	vsw_net_changed(dev_net(port->sw->dev));
	if (old)
		kfree_rcu(old, rcu);
}

/*
 * @addr leased to the station @mac behind a guarded port for @secs (0:
 * released by the client, whose message came in by @from): it is bound to
 * that port and to no other. A release counts only from the port the
 * station is behind: another port's guest cannot unbind it.
 */
static void vsw_lease_set(struct vsw_switch *sw, const u8 *mac, u16 vid,
			  const struct in6_addr *addr, u32 secs,
			  const struct vsw_port *from)
{
	struct vsw_lease lease = { .addr = *addr, .vid = vid };
	struct vsw_port *port, *p;
	struct vsw_fdb *f;

	f = vsw_fdb_find_rcu(sw, mac, vid);
	port = f ? READ_ONCE(f->port) : NULL;
	if (!port || port->uplink || (!secs && port != from))
		return;
	ether_addr_copy(lease.mac, mac);
	/* Longer than jiffies can tell apart (24 days on 32-bit at HZ=1000):
	 * kept as if infinite rather than wrapped into the past.
	 */
	if (secs != U32_MAX && secs <= MAX_JIFFY_OFFSET / HZ)
		lease.expires = (jiffies + (unsigned long)secs * HZ) ?: 1;

	spin_lock(&sw->fdb_lock);
	list_for_each_entry_rcu(p, &sw->ports, list)
		if (p != port)
			vsw_leases_update(p, addr, NULL);
	/* A lease is kept for a guarded port only. */
	if (secs && vsw_policy_ip_guard(rcu_dereference(port->policy)))
		vsw_leases_update(port, addr, &lease);
	else
		vsw_leases_update(port, addr, NULL);
	spin_unlock(&sw->fdb_lock);
}

/* Option @code of a DHCPv4 message at @off: its length, or -1. */
static int vsw_dhcp_opt(const struct sk_buff *skb, int off, u8 code,
			void *val, int len)
{
	int i, end = skb->len;
	u8 hdr[2];

	for (i = 0; i < VSW_DHCP_OPTS_MAX && off < end; i++) {
		if (skb_copy_bits(skb, off, hdr, 1))
			return -1;
		if (hdr[0] == VSW_DHCP_OPT_END)
			return -1;
		if (hdr[0] == VSW_DHCP_OPT_PAD) {
			off++;
			continue;
		}
		if (skb_copy_bits(skb, off, hdr, 2))
			return -1;
		if (hdr[0] == code) {
			if (hdr[1] < len ||
			    skb_copy_bits(skb, off + 2, val, len))
				return -1;
			return hdr[1];
		}
		off += 2 + hdr[1];
	}
	return -1;
}

/* A DHCPv4 message at @off (UDP payload): an ACK or a RELEASE. */
static void vsw_snoop_dhcp4(struct vsw_switch *sw, struct sk_buff *skb,
			    int off, u16 vid, bool from_server,
			    const struct vsw_port *from)
{
	u8 type, chaddr[ETH_ALEN];
	struct in6_addr addr;
	__be32 magic, ip;
	__be32 lease;

	if (skb_copy_bits(skb, off + VSW_DHCP_COOKIE, &magic, sizeof(magic)) ||
	    magic != htonl(VSW_DHCP_MAGIC) ||
	    skb_copy_bits(skb, off + VSW_DHCP_CHADDR, chaddr, ETH_ALEN) ||
	    vsw_dhcp_opt(skb, off + VSW_DHCP_OPTIONS, VSW_DHCP_OPT_TYPE,
			 &type, 1) < 0)
		return;
	if (from_server && type == VSW_DHCPACK) {
		if (skb_copy_bits(skb, off + VSW_DHCP_YIADDR, &ip, 4) || !ip)
			return;
		if (vsw_dhcp_opt(skb, off + VSW_DHCP_OPTIONS,
				 VSW_DHCP_OPT_LEASE, &lease, 4) < 0)
			return;
		ipv6_addr_set_v4mapped(ip, &addr);
		vsw_lease_set(sw, chaddr, vid, &addr, ntohl(lease) ?: 1, from);
	} else if (!from_server && type == VSW_DHCPRELEASE) {
		if (skb_copy_bits(skb, off + VSW_DHCP_CIADDR, &ip, 4) || !ip)
			return;
		ipv6_addr_set_v4mapped(ip, &addr);
		vsw_lease_set(sw, chaddr, vid, &addr, 0, from);
	}
}

struct vsw_dhcp6_opt {
	__be16 code;
	__be16 len;
};

/* The IAADDRs in the IA_NA option at @off..@end (IAID, T1, T2, options). */
static void vsw_snoop_ia_na(struct vsw_switch *sw, struct sk_buff *skb,
			    int off, int end, u16 vid, const u8 *mac)
{
	struct vsw_dhcp6_opt opt;
	struct {
		struct in6_addr addr;
		__be32 preferred;
		__be32 valid;
	} ia;
	int i;

	off += 4 + 12;
	for (i = 0; i < VSW_DHCP_OPTS_MAX && off + sizeof(opt) <= end; i++) {
		if (skb_copy_bits(skb, off, &opt, sizeof(opt)))
			return;
		if (opt.code == htons(VSW_DHCP6_OPT_IAADDR) &&
		    ntohs(opt.len) >= sizeof(ia) &&
		    off + sizeof(opt) + sizeof(ia) <= end &&
		    !skb_copy_bits(skb, off + sizeof(opt), &ia, sizeof(ia)) &&
		    !ipv6_addr_any(&ia.addr) && !ipv6_addr_is_multicast(&ia.addr))
			vsw_lease_set(sw, mac, vid, &ia.addr, ntohl(ia.valid),
				      NULL);
		off += sizeof(opt) + ntohs(opt.len);
	}
}

/* The addresses of a DHCPv6 REPLY at @off to the station @mac. */
static void vsw_snoop_dhcp6(struct vsw_switch *sw, struct sk_buff *skb,
			    int off, u16 vid, const u8 *mac)
{
	struct vsw_dhcp6_opt opt;
	int i, end = skb->len;
	u8 type;

	if (skb_copy_bits(skb, off, &type, 1) || type != VSW_DHCP6_REPLY ||
	    !is_valid_ether_addr(mac))
		return;
	/* Message type and transaction id, then options. */
	off += 4;
	for (i = 0; i < VSW_DHCP_OPTS_MAX && off + sizeof(opt) <= end; i++) {
		if (skb_copy_bits(skb, off, &opt, sizeof(opt)) ||
		    off + sizeof(opt) + ntohs(opt.len) > end)
			return;
		if (opt.code == htons(VSW_DHCP6_OPT_IA_NA))
			vsw_snoop_ia_na(sw, skb, off,
					off + sizeof(opt) + ntohs(opt.len),
					vid, mac);
		off += sizeof(opt) + ntohs(opt.len);
	}
}

/*
 * Whether DHCP server messages coming in by @from (NULL: the host, whose
 * dnsmasq serves the switch) are believed: the host's, the uplink's (the
 * LAN's server) and those of ports with dhcp-trust on. Anyone else could
 * bind any address to any guest, or take it away from its owner.
 */
static bool vsw_dhcp_trusted(const struct vsw_port *from)
{
	const struct vsw_policy *pol;

	if (!from || from->uplink)
		return true;
	pol = rcu_dereference(from->policy);
	return pol && pol->dhcp_trust;
}

/*
 * Look for leases in a frame entering the switch by @from (NULL: sent by
 * the host), whose IP headers are in @l3: a trusted DHCP server's answer
 * binds the address it gives to the client's port, a client's release
 * unbinds it from its own port. Fragments are not looked into.
 */
void vsw_bind_snoop(struct vsw_switch *sw, const struct vsw_port *from,
		    struct sk_buff *skb, const struct vsw_l3 *l3, u16 vid)
{
	const struct udphdr *uh;
	int off;

	if (!l3->l4 || l3->l4proto != IPPROTO_UDP || l3->frag)
		return;
	uh = &l3->l4->udp;
	off = l3->l4off + sizeof(*uh);
	if (l3->ip4) {
		if (uh->source == htons(67) && uh->dest == htons(68) &&
		    vsw_dhcp_trusted(from))
			vsw_snoop_dhcp4(sw, skb, off, vid, true, from);
		else if (uh->source == htons(68) && uh->dest == htons(67))
			vsw_snoop_dhcp4(sw, skb, off, vid, false, from);
	} else if (uh->source == htons(547) && uh->dest == htons(546) &&
		   vsw_dhcp_trusted(from)) {
		vsw_snoop_dhcp6(sw, skb, off, vid, eth_hdr(skb)->h_dest);
	}
}

/* Forget @port's leases (its guard went off, or it is leaving). */
void vsw_bind_port_del(struct vsw_port *port)
{
	struct vsw_switch *sw = port->sw;
	struct vsw_leases *old;

	spin_lock_bh(&sw->fdb_lock);
	old = rcu_replace_pointer(port->leases, NULL,
				  lockdep_is_held(&sw->fdb_lock));
	spin_unlock_bh(&sw->fdb_lock);
	if (old) {
		vsw_net_changed(dev_net(sw->dev));
		kfree_rcu(old, rcu);
	}
}

/* ------------------------------------------------------------------ */
/* netlink                                                            */

static int vsw_bind_fill(struct sk_buff *skb, struct netlink_callback *cb,
			 const struct vsw_port *port,
			 const struct in6_addr *addr,
			 const struct vsw_lease *lease)
{
	void *hdr;

	hdr = vsw_nl_dump_put(skb, cb, VSW_CMD_BINDING_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (vsw_nl_put_port_id(skb, port) ||
	    nla_put_in6_addr(skb, VSW_A_BIND_ADDR, addr) ||
	    nla_put_u32(skb, VSW_A_BIND_TYPE,
			lease ? VSW_BIND_DHCP : VSW_BIND_STATIC) ||
	    (lease &&
	     (nla_put(skb, VSW_A_FDB_MAC, ETH_ALEN, lease->mac) ||
	      nla_put_u16(skb, VSW_A_FDB_VLAN, lease->vid) ||
	      (lease->expires &&
	       nla_put_u32(skb, VSW_A_BIND_EXPIRES,
			   DIV_ROUND_UP(lease->expires - jiffies, HZ)))))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/*
 * A port's bindings, counted in @*i, from the @*idx-th of the switch's on.
 * Expired leases count too: expiring moves no other one's index.
 */
static int vsw_bind_dump_port(struct sk_buff *skb, struct netlink_callback *cb,
			      const struct vsw_port *port, long *i, long *idx)
{
	const struct vsw_policy *pol = rtnl_dereference(port->policy);
	const struct vsw_leases *ls;
	unsigned int j;
	int err = 0;

	for (j = 0; pol && j < pol->n_ips; j++) {
		if ((*i)++ < *idx)
			continue;
		if (vsw_bind_fill(skb, cb, port, &pol->ips[j], NULL))
			return -EMSGSIZE;
		(*idx)++;
	}
	rcu_read_lock();
	ls = rcu_dereference(port->leases);
	for (j = 0; ls && j < ls->n; j++) {
		if ((*i)++ < *idx)
			continue;
		if (vsw_lease_live(&ls->l[j]) &&
		    vsw_bind_fill(skb, cb, port, &ls->l[j].addr, &ls->l[j])) {
			err = -EMSGSIZE;
			break;
		}
		(*idx)++;
	}
	rcu_read_unlock();
	return err;
}

static int vsw_bind_dump_one(struct sk_buff *skb, struct netlink_callback *cb,
			     struct vsw_switch *sw, long *idx)
{
	struct vsw_port *port;
	long i = 0;
	int err;

	list_for_each_entry(port, &sw->ports, list) {
		err = vsw_bind_dump_port(skb, cb, port, &i, idx);
		if (err)
			return err;
	}
	return 0;
}

int vsw_bind_nl_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return vsw_nl_dump(skb, cb, VSW_NL_DUMP_ONE, vsw_bind_dump_one);
}
