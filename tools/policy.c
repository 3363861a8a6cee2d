// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl: the port policy settings (VLANs, guards, address lists, storm
 * limit, promiscuous mode), parsed once for port add|set (PORT_SET) and
 * switch set ... port-defaults (SWITCH_SET, VSW_A_PORT_DEFAULTS), and
 * printed for port show and switch show.
 */
#include <arpa/inet.h>
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/vswitch.h>

#include "vswctl.h"

/* The on/off settings: keyword, attribute, JSON key; text in this order. */
static const struct {
	const char *kw;
	uint16_t attr;
	const char *key;
} flags[] = {
	{ "isolated", VSW_A_PORT_ISOLATED, "isolated" },
	{ "mac-guard", VSW_A_PORT_MAC_GUARD, "mac_guard" },
	{ "dhcp-guard", VSW_A_PORT_DHCP_GUARD, "dhcp_guard" },
	{ "router-guard", VSW_A_PORT_ROUTER_GUARD, "router_guard" },
	{ "dhcp-trust", VSW_A_PORT_DHCP_TRUST, "dhcp_trust" },
	{ "ip-guard", VSW_A_PORT_IP_GUARD, "ip_guard" },
	{ "bpdu-guard", VSW_A_PORT_BPDU_GUARD, "bpdu_guard" },
};

static_assert(sizeof(flags) == POLICY_FLAGS * sizeof(flags[0]),
	      "POLICY_FLAGS is the size of flags[]");

/* enum vsw_promisc: keyword (and JSON value). */
static const char *const promisc_names[__VSW_PROMISC_MAX] = {
	[VSW_PROMISC_DENY]	= "deny",
	[VSW_PROMISC_ALLOW_VMS]	= "allow-vms",
	[VSW_PROMISC_ALLOW_ALL]	= "allow-all",
};

bool policy_has_settings(const struct port_policy *p)
{
	size_t i;

	for (i = 0; i < POLICY_FLAGS; i++)
		if (p->has_flag[i])
			return true;
	return p->has_fdb_max || p->has_vlans || p->has_macs ||
	       p->has_ips || p->has_storm || p->has_promisc || p->has_shut;
}

/*
 * The next item of kw's comma separated list s, from *pos, into item (len
 * bytes); false after the last. Empty and overlong items die.
 */
static bool next_item(const char *kw, const char *s, const char **pos,
		      char *item, size_t len)
{
	const char *p = *pos;
	size_t n;

	if (!p)
		return false;
	n = strcspn(p, ",");
	if (!n)
		die("%s: empty item in \"%s\"", kw, s);
	if (n >= len)
		die("%s: invalid address \"%.*s\"", kw, (int)n, p);
	snprintf(item, len, "%.*s", (int)n, p);
	p += n;
	*pos = *p ? p + 1 : NULL;	/* past the comma */
	return true;
}

/* One of "MAC[,MAC...]": unicast, not zero, once, VSW_PORT_MACS_MAX at most. */
static void parse_one_mac(const char *kw, const char *item,
			  struct port_policy *p)
{
	static const uint8_t zero[6];
	uint8_t *mac;
	unsigned int i;

	if (p->n_macs == VSW_PORT_MACS_MAX)
		die("%s: more than %u addresses", kw,
		    (unsigned int)VSW_PORT_MACS_MAX);
	mac = p->macs[p->n_macs];
	parse_mac(item, mac);
	if (mac[0] & 1)
		die("%s: \"%s\" is a multicast address", kw, item);
	if (!memcmp(mac, zero, 6))
		die("%s: \"%s\" is the zero address", kw, item);
	for (i = 0; i < p->n_macs; i++)
		if (!memcmp(p->macs[i], mac, 6))
			die("%s: \"%s\" given twice", kw, item);
	p->n_macs++;
}

/*
 * One of "ADDR[,ADDR...]": A.B.C.D, sent IPv4-mapped (::ffff:A.B.C.D), or
 * an IPv6 address; unicast, not unspecified, once (an IPv4 address and its
 * IPv4-mapped form are one), VSW_PORT_IPS_MAX at most.
 */
static void parse_one_ip(const char *kw, const char *item,
			 struct port_policy *p)
{
	struct in6_addr a;
	unsigned int i;

	if (p->n_ips == VSW_PORT_IPS_MAX)
		die("%s: more than %u addresses", kw,
		    (unsigned int)VSW_PORT_IPS_MAX);
	memset(&a, 0, sizeof(a));
	if (inet_pton(AF_INET, item, &a.s6_addr[12]) == 1) {
		a.s6_addr[10] = 0xff;
		a.s6_addr[11] = 0xff;
	} else if (inet_pton(AF_INET6, item, &a) != 1) {
		die("%s: invalid address \"%s\"", kw, item);
	}
	if (IN6_IS_ADDR_V4MAPPED(&a)) {
		const uint8_t *v4 = &a.s6_addr[12];

		if (!v4[0] && !v4[1] && !v4[2] && !v4[3])
			die("%s: \"%s\" is the unspecified address", kw, item);
		if (v4[0] >= 224)
			die("%s: \"%s\" is not a unicast address", kw, item);
	} else if (IN6_IS_ADDR_UNSPECIFIED(&a)) {
		die("%s: \"%s\" is the unspecified address", kw, item);
	} else if (IN6_IS_ADDR_MULTICAST(&a)) {
		die("%s: \"%s\" is a multicast address", kw, item);
	}
	for (i = 0; i < p->n_ips; i++)
		if (!memcmp(p->ips[i], &a, 16))
			die("%s: \"%s\" given twice", kw, item);
	memcpy(p->ips[p->n_ips++], &a, 16);
}

/* min..max, or the word off (or none), which gives 0. */
static uint32_t parse_u32_or(const char *kw, const char *s, const char *word,
			     uint32_t min, uint32_t max)
{
	if (!strcmp(s, word))
		return 0;
	if (!*s || strspn(s, "0123456789") != strlen(s))
		die("invalid %s \"%s\" (%u..%u | %s)", kw, s, min, max, word);
	return parse_u32(kw, s, min, max);
}

static uint8_t parse_promisc(const char *kw, const char *s)
{
	unsigned int i;

	for (i = 0; i < __VSW_PROMISC_MAX; i++)
		if (!strcmp(s, promisc_names[i]))
			return (uint8_t)i;
	die("invalid %s \"%s\" (deny | allow-vms | allow-all)", kw, s);
}

/* Words a switch's port defaults refuse, most of them per port. */
static void refuse_default(const char *kw)
{
	if (!strcmp(kw, "none"))
		die("port-defaults: none goes first (port-defaults none [ SETTINGS ])");
	if (!strcmp(kw, "mac") || !strcmp(kw, "ip"))
		die("port-defaults: %s: addresses are per port (vswctl port set DEV %s ...)",
		    kw, kw);
	if (!strcmp(kw, "shut"))
		die("port-defaults: shut is per port (vswctl port set DEV shut on)");
	if (!strcmp(kw, "fdb-max"))
		die("port-defaults: fdb-max is not port policy (a port's: \"port set DEV fdb-max N\", the switch's: \"switch set NAME fdb-max N\")");
}

void policy_parse(int argc, char **argv, enum policy_for what,
		  struct port_policy *p)
{
	uint16_t native = 0;
	char item[128];

	for (; argc > 0; argc--, argv++) {
		const char *kw = argv[0];
		size_t i;

		if (what == POLICY_DEFAULTS)
			refuse_default(kw);
		for (i = 0; i < POLICY_FLAGS; i++)
			if (!strcmp(kw, flags[i].kw))
				break;
		if (i < POLICY_FLAGS) {
			arg_once(&p->has_flag[i], kw);
			p->flag[i] = parse_on_off(kw, arg_value(&argc, &argv));
		} else if (!strcmp(kw, "vlan")) {
			const char *v = arg_value(&argc, &argv);

			arg_once(&p->has_vlan, kw);
			/* VID: an access port; none: VLAN-transparent. */
			p->pvid = (uint16_t)parse_u32_or(kw, v, "none", 1,
							 VLAN_MAX);
			p->vlan_filter = p->pvid != 0;
		} else if (!strcmp(kw, "trunk")) {
			const char *v = arg_value(&argc, &argv);

			arg_once(&p->has_trunk, kw);
			/* all: every VID, as without filter; else the list. */
			p->vlan_filter = !!strcmp(v, "all");
			if (p->vlan_filter)
				parse_vid_list(kw, v, p->vlans);
		} else if (!strcmp(kw, "native")) {
			const char *v = arg_value(&argc, &argv);

			arg_once(&p->has_native, kw);
			native = (uint16_t)parse_u32(kw, v, 1, VLAN_MAX);
		} else if (!strcmp(kw, "mac")) {
			const char *v = arg_value(&argc, &argv), *pos = v;

			arg_once(&p->has_macs, kw);
			p->n_macs = 0;
			if (!strcmp(v, "none"))
				continue;
			while (next_item(kw, v, &pos, item, sizeof(item)))
				parse_one_mac(kw, item, p);
		} else if (!strcmp(kw, "ip")) {
			const char *v = arg_value(&argc, &argv), *pos = v;

			arg_once(&p->has_ips, kw);
			p->n_ips = 0;
			if (!strcmp(v, "none"))
				continue;
			while (next_item(kw, v, &pos, item, sizeof(item)))
				parse_one_ip(kw, item, p);
		} else if (!strcmp(kw, "promisc")) {
			arg_once(&p->has_promisc, kw);
			p->promisc = parse_promisc(kw, arg_value(&argc, &argv));
		} else if (!strcmp(kw, "storm-limit")) {
			const char *v = arg_value(&argc, &argv);

			arg_once(&p->has_storm, kw);
			p->storm_limit = parse_u32_or(kw, v, "off", 1,
						      UINT32_MAX);
		} else if (!strcmp(kw, "shut")) {
			arg_once(&p->has_shut, kw);
			p->shut = parse_on_off(kw, arg_value(&argc, &argv));
		} else if (!strcmp(kw, "fdb-max")) {
			arg_once(&p->has_fdb_max, kw);
			p->fdb_max = parse_u32(kw, arg_value(&argc, &argv), 0,
					       UINT32_MAX);
		} else if (what == POLICY_DEFAULTS) {
			die("port-defaults: \"%s\" is not a port setting", kw);
		} else {
			die("unknown argument \"%s\"", kw);
		}
	}
	if (p->has_vlan && p->has_trunk)
		die("vlan: not together with \"trunk\"");
	if (p->has_native && !p->has_trunk)
		die("native: needs \"trunk\"");
	if (p->has_native)
		p->pvid = native;
	/* vlan and trunk set all three: nothing of an old setting stays. */
	p->has_vlans = p->has_vlan || p->has_trunk;
}

void policy_merge(struct port_policy *p, const struct nlattr **tb)
{
	const uint8_t *vlans = nla_bin(tb[VSW_A_PORT_VLANS], VLAN_BITMAP_LEN);
	size_t i;

	if (!p->has_vlans) {
		p->pvid = nla_u16(tb[VSW_A_PORT_PVID], 0);
		p->vlan_filter = nla_u8(tb[VSW_A_PORT_VLAN_FILTER], 0);
		if (vlans)
			memcpy(p->vlans, vlans, VLAN_BITMAP_LEN);
		else
			memset(p->vlans, 0, VLAN_BITMAP_LEN);
		p->has_vlans = true;
	}
	for (i = 0; i < POLICY_FLAGS; i++) {
		if (p->has_flag[i])
			continue;
		p->flag[i] = nla_u8(tb[flags[i].attr], 0);
		p->has_flag[i] = true;
	}
	if (!p->has_storm) {
		p->storm_limit = nla_u32(tb[VSW_A_PORT_STORM_LIMIT], 0);
		p->has_storm = true;
	}
	if (!p->has_promisc) {
		p->promisc = nla_u8(tb[VSW_A_PORT_PROMISC], VSW_PROMISC_DENY);
		p->has_promisc = true;
	}
}

void policy_put(struct nlmsghdr *nlh, const struct port_policy *p)
{
	size_t i;

	if (p->has_fdb_max)
		mnl_attr_put_u32(nlh, VSW_A_PORT_FDB_MAX, p->fdb_max);
	if (p->has_vlans) {
		mnl_attr_put_u16(nlh, VSW_A_PORT_PVID, p->pvid);
		mnl_attr_put_u8(nlh, VSW_A_PORT_VLAN_FILTER, p->vlan_filter);
		mnl_attr_put(nlh, VSW_A_PORT_VLANS, sizeof(p->vlans), p->vlans);
	}
	for (i = 0; i < POLICY_FLAGS; i++)
		if (p->has_flag[i])
			mnl_attr_put_u8(nlh, flags[i].attr, p->flag[i]);
	if (p->has_macs)
		mnl_attr_put(nlh, VSW_A_PORT_MACS, p->n_macs * 6, p->macs);
	if (p->has_ips)
		mnl_attr_put(nlh, VSW_A_PORT_IPS, p->n_ips * 16, p->ips);
	if (p->has_storm)
		mnl_attr_put_u32(nlh, VSW_A_PORT_STORM_LIMIT, p->storm_limit);
	if (p->has_promisc)
		mnl_attr_put_u8(nlh, VSW_A_PORT_PROMISC, p->promisc);
	if (p->has_shut)
		mnl_attr_put_u8(nlh, VSW_A_PORT_SHUT,
				p->shut ? VSW_SHUT_ADMIN : VSW_SHUT_NO);
}

/* "deny", or the number of a value this vswctl does not know. */
static const char *promisc_name(uint8_t v, char *buf, size_t len)
{
	if (v < __VSW_PROMISC_MAX)
		return promisc_names[v];
	snprintf(buf, len, "%u", v);
	return buf;
}

static void print_promisc(const struct nlattr *a, const char *fmt)
{
	uint8_t v = nla_u8(a, VSW_PROMISC_DENY);
	char num[8];

	if (v < __VSW_PROMISC_MAX)
		print_string(PRINT_JSON, "promisc", NULL, promisc_names[v]);
	else
		print_number(PRINT_JSON, "promisc", NULL,
			     promisc_name(v, num, sizeof(num)));
	if (v != VSW_PROMISC_DENY)
		print_string(PRINT_FP, NULL, fmt,
			     promisc_name(v, num, sizeof(num)));
}

/* An address list attribute of n items of size bytes; 0 if malformed. */
static unsigned int list_len(const struct nlattr *a, size_t size,
			     const uint8_t **items)
{
	*items = NULL;
	if (!a || mnl_attr_get_payload_len(a) % size)
		return 0;
	*items = mnl_attr_get_payload(a);
	return mnl_attr_get_payload_len(a) / size;
}

/* Text " KW A,B,C" of n addresses of size bytes, if there are any. */
static void print_list_fp(const char *kw, const uint8_t *items,
			  unsigned int n, size_t size)
{
	char list[VSW_PORT_IPS_MAX * (INET6_ADDRSTRLEN + 1) + 1];
	char one[INET6_ADDRSTRLEN], fmt[32];
	size_t off = 0;
	unsigned int i;

	if (!n)
		return;
	list[0] = '\0';
	for (i = 0; i < n && off < sizeof(list); i++) {
		if (size == 6)
			format_mac(items + i * size, one, sizeof(one));
		else
			format_ip(items + i * size, one, sizeof(one));
		off += snprintf(list + off, sizeof(list) - off, "%s%s",
				i ? "," : "", one);
	}
	snprintf(fmt, sizeof(fmt), " %s %%s", kw);
	print_string(PRINT_FP, NULL, fmt, list);
}

/* JSON "key": [ "A", "B" ] of n addresses of size bytes. */
static void print_list_json(const char *key, const uint8_t *items,
			    unsigned int n, size_t size)
{
	char one[INET6_ADDRSTRLEN];
	unsigned int i;

	print_open_array(key);
	for (i = 0; i < n; i++) {
		if (size == 6)
			format_mac(items + i * size, one, sizeof(one));
		else
			format_ip(items + i * size, one, sizeof(one));
		print_string(PRINT_JSON, NULL, NULL, one);
	}
	print_close_array();
}

/*
 * The guards and the address lists: " isolated", " mac-guard", " mac A,B"
 * (the list) or " guard-mac A" (the address learned), " dhcp-guard",
 * " router-guard", " dhcp-trust", " ip-guard", " ip A,B", " bpdu-guard",
 * " storm-limit N",
 * " promisc allow-vms", each only when set; JSON: every key.
 */
void policy_print(const struct nlattr **tb)
{
	const uint8_t *gmac = nla_bin(tb[VSW_A_PORT_GUARD_MAC], 6);
	const uint8_t *macs, *ips;
	unsigned int n_macs, n_ips, i;
	char macbuf[18], fmt[32];
	uint32_t storm;

	n_macs = list_len(tb[VSW_A_PORT_MACS], 6, &macs);
	n_ips = list_len(tb[VSW_A_PORT_IPS], 16, &ips);
	for (i = 0; i < POLICY_FLAGS; i++) {
		snprintf(fmt, sizeof(fmt), " %s", flags[i].kw);
		print_bool(PRINT_ANY, flags[i].key, fmt,
			   nla_u8(tb[flags[i].attr], 0));
		/* The addresses right after the guard they are for. */
		if (flags[i].attr == VSW_A_PORT_MAC_GUARD) {
			print_list_fp("mac", macs, n_macs, 6);
			if (gmac)
				print_string(PRINT_FP, NULL, " guard-mac %s",
					     format_mac(gmac, macbuf,
							sizeof(macbuf)));
		} else if (flags[i].attr == VSW_A_PORT_IP_GUARD) {
			print_list_fp("ip", ips, n_ips, 16);
		}
	}
	print_list_json("macs", macs, n_macs, 6);
	if (gmac)
		print_string(PRINT_JSON, "guard_mac", NULL,
			     format_mac(gmac, macbuf, sizeof(macbuf)));
	else
		print_number(PRINT_JSON, "guard_mac", NULL, "null");
	print_list_json("ips", ips, n_ips, 16);
	storm = nla_u32(tb[VSW_A_PORT_STORM_LIMIT], 0);
	print_uint(storm ? PRINT_ANY : PRINT_JSON, "storm_limit",
		   " storm-limit %llu", storm);
	print_promisc(tb[VSW_A_PORT_PROMISC], " promisc %s");
}

/* Text: the settings as switch set ... port-defaults takes them. */
void policy_print_defaults(const struct nlattr *nest)
{
	const struct nlattr *tb[VSW_A_MAX + 1];
	uint32_t storm;
	bool any;
	size_t i;

	if (!nest)
		return;		/* a kernel without port defaults */
	nl_parse_nested(nest, tb, VSW_A_MAX);
	storm = nla_u32(tb[VSW_A_PORT_STORM_LIMIT], 0);
	any = nla_u16(tb[VSW_A_PORT_PVID], 0) ||
	      nla_u8(tb[VSW_A_PORT_VLAN_FILTER], 0) || storm ||
	      nla_u8(tb[VSW_A_PORT_PROMISC], VSW_PROMISC_DENY);
	for (i = 0; i < POLICY_FLAGS; i++)
		any |= !!nla_u8(tb[flags[i].attr], 0);

	/* Text, only when not all off: the settings as switch set takes them. */
	if (any)
		print_string(PRINT_FP, NULL, " %s", "port-defaults:");
	print_open_object("port_defaults");
	print_vlans(tb, false);
	for (i = 0; i < POLICY_FLAGS; i++) {
		bool on = nla_u8(tb[flags[i].attr], 0);
		char fmt[32];

		snprintf(fmt, sizeof(fmt), " %s on", flags[i].kw);
		print_bool(PRINT_ANY, flags[i].key, fmt, on);
	}
	print_uint(storm ? PRINT_ANY : PRINT_JSON, "storm_limit",
		   " storm-limit %llu", storm);
	print_promisc(tb[VSW_A_PORT_PROMISC], " promisc %s");
	print_close_object();
}
