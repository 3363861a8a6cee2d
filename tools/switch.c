// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl switch: create (rtnetlink), change (rtnetlink changelink; the
 * port defaults: generic netlink), delete (rtnetlink) and show (generic
 * netlink) switches.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/genetlink.h>
#include <linux/vswitch.h>

#include "vswctl.h"
#include "dhcp.h"

/* The rtnetlink link kind; the header has no name for it. */
#define VSW_LINK_KIND "vswitch"

#define MTU_MIN 68U
#define MTU_MAX 65535U

static void usage(FILE *f)
{
	char modes[128];

	mode_list(modes, sizeof(modes));
	fprintf(f,
		"Usage: vswctl switch add NAME [ mode MODE ] [ uplink DEV ] [ address PREFIX ]\n"
		"                         [ ageing SECONDS ] [ fdb-max N ] [ mtu MTU ]\n"
		"                         [ group-fwd-mask MASK ]\n"
		"                         [ dhcp { on | off } ] [ dhcp-range FIRST-LAST ]\n"
		"                         [ dns { on | off } ] [ dhcp-boot FILE ]\n"
		"                         [ tftp-root DIR ]\n"
		"       vswctl switch set NAME [ uplink { DEV | none } ] [ ageing SECONDS ]\n"
		"                         [ fdb-max N ] [ mtu MTU ] [ group-fwd-mask MASK ]\n"
		"       vswctl switch set NAME port-defaults [ none ] [ SETTINGS ]\n"
		"       vswctl switch del NAME\n"
		"       vswctl switch show [ NAME ]\n"
		"       vswctl switch help\n"
		"Where: MODE := { %s } (default internal)\n"
		"       DEV := the uplink of a bridged switch, needed for mode bridged:\n"
		"              an Ethernet device (NIC, bond, VLAN, veth) that joins the\n"
		"              guests to its LAN and keeps the host's address on it;\n"
		"              none: detach it\n"
		"       PREFIX := { A.B.C.D/LEN | X:X::X:X/LEN } host address on the\n"
		"                 switch device; not for modes internal and bridged\n"
		"       SECONDS := 0..%u, learned entries age out after it; 0: never\n"
		"                  (default %u)\n"
		"       N := 0..4294967295 learned entries at most; 0: unlimited\n"
		"            (default %u)\n"
		"       MTU := %u..%u\n"
		"       MASK := 0..0xffff (decimal or 0x hex): bit X forwards the frames\n"
		"               ports send to 01:80:C2:00:00:0X (0 STP, 3 802.1X,\n"
		"               0xE LLDP...), dropped by default; bits 1 (pause) and 2\n"
		"               (LACP) never\n"
		"       dhcp on: dnsmasq serves leases on the switch, with the switch\n"
		"                address as router and DNS server; needs an IPv4\n"
		"                address; host-only and nat only (default off)\n"
		"       FIRST-LAST := IPv4 lease range inside the subnet (default: the\n"
		"                     subnet's address + 15 to the one before broadcast)\n"
		"       dns on: dnsmasq answers and forwards DNS on the switch address\n"
		"               (default on with dhcp on)\n"
		"       dhcp-boot FILE: the boot file offered to network-booting\n"
		"                       guests (PXE): a name under the tftp-root or a\n"
		"                       URL (iPXE: http://...)\n"
		"       tftp-root DIR: dnsmasq serves the directory DIR by TFTP on the\n"
		"                      switch address\n"
		"       SETTINGS := the port settings of \"vswctl port help\" but mac, ip\n"
		"                   and fdb-max: every guest port attached afterwards\n"
		"                   starts with them; those not named keep their value,\n"
		"                   none first starts from all off (as a new switch)\n",
		modes, (unsigned int)VSW_AGEING_MAX,
		(unsigned int)VSW_AGEING_DEFAULT,
		(unsigned int)VSW_FDB_MAX_DEFAULT, MTU_MIN, MTU_MAX);
}

/* Options shared by add and set. */
struct sw_opts {
	bool has_mode, has_addr, has_ageing, has_fdb_max, has_mtu, has_uplink;
	bool has_fwd_mask;
	uint16_t fwd_mask;
	bool has_dhcp, has_range, has_dns, has_boot, has_tftp, dhcp, dns;
	const char *dhcp_kw;	/* the first DHCP keyword given */
	const char *range, *boot_file, *tftp_root;
	const char *uplink;	/* the uplink's name; NULL: none (set only) */
	const struct mode_info *mode;
	uint32_t ageing, fdb_max, mtu, uplink_ifindex;
	int family;
	unsigned int prefixlen;
	uint8_t addr[16];
	bool has_defaults;	/* set: port-defaults */
	bool defaults_none;	/* port-defaults none: from all off */
	struct port_policy defaults;
};

/* 0..0xffff, decimal or 0x hex; bit 1 (pause) refused. */
static uint16_t parse_mask(const char *kw, const char *s)
{
	const char *digits = "0123456789", *num = s;
	unsigned long v;
	int base = 10;
	char *end;

	if (!strncmp(s, "0x", 2) || !strncmp(s, "0X", 2)) {
		digits = "0123456789abcdefABCDEF";
		base = 16;
		num = s + 2;
	}
	if (!*num || strspn(num, digits) != strlen(num))
		die("invalid %s \"%s\" (0..0xffff)", kw, s);
	errno = 0;
	v = strtoul(num, &end, base);
	if (errno || *end || v > 0xffff)
		die("%s \"%s\" out of range (0..0xffff)", kw, s);
	if (v & VSW_GROUP_FWD_NEVER)
		die("%s: bits 1 (pause) and 2 (LACP) are never forwarded", kw);
	return (uint16_t)v;
}

static void parse_prefix(const char *s, struct sw_opts *o)
{
	char buf[INET6_ADDRSTRLEN + 8];
	char *slash;
	unsigned int max;

	if (strlen(s) >= sizeof(buf))
		die("invalid address \"%s\"", s);
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (slash)
		*slash++ = '\0';
	if (inet_pton(AF_INET, buf, o->addr) == 1) {
		o->family = AF_INET;
		max = 32;
	} else if (inet_pton(AF_INET6, buf, o->addr) == 1) {
		o->family = AF_INET6;
		max = 128;
	} else {
		die("invalid address \"%s\"", s);
	}
	o->prefixlen = max;
	if (slash) {
		if (!*slash || strspn(slash, "0123456789") != strlen(slash) ||
		    strlen(slash) > 3 || (unsigned int)atoi(slash) > max)
			die("invalid address \"%s\"", s);
		o->prefixlen = (unsigned int)atoi(slash);
	}
}

/*
 * set's port-defaults { none [ SETTINGS ] | SETTINGS }, the rest of the
 * line: none starts from all off, else from the switch's defaults.
 */
static void parse_defaults(int argc, char **argv, struct sw_opts *o)
{
	o->has_defaults = true;
	if (argc > 0 && !strcmp(argv[0], "none")) {
		o->defaults_none = true;
		argc--;
		argv++;
	}
	if (!o->defaults_none && !argc)
		die("missing settings for \"port-defaults\" (SETTINGS | none)");
	policy_parse(argc, argv, POLICY_DEFAULTS, &o->defaults);
}

/* add accepts every option, set only those that may change at run time. */
static void parse_opts(int argc, char **argv, bool add, struct sw_opts *o)
{
	for (; argc > 0; argc--, argv++) {
		const char *kw = argv[0];

		if (add && !strcmp(kw, "mode")) {
			const char *v = arg_value(&argc, &argv);

			arg_once(&o->has_mode, kw);
			o->mode = mode_by_name(v);
			if (!o->mode) {
				char list[128];

				mode_list(list, sizeof(list));
				die("invalid mode \"%s\" (%s)", v, list);
			}
		} else if (add && !strcmp(kw, "address")) {
			arg_once(&o->has_addr, kw);
			parse_prefix(arg_value(&argc, &argv), o);
		} else if (add && !strcmp(kw, "dhcp")) {
			arg_once(&o->has_dhcp, kw);
			o->dhcp = parse_on_off(kw, arg_value(&argc, &argv));
		} else if (add && !strcmp(kw, "dhcp-range")) {
			arg_once(&o->has_range, kw);
			o->range = arg_value(&argc, &argv);
		} else if (add && !strcmp(kw, "dns")) {
			arg_once(&o->has_dns, kw);
			o->dns = parse_on_off(kw, arg_value(&argc, &argv));
		} else if (add && !strcmp(kw, "dhcp-boot")) {
			arg_once(&o->has_boot, kw);
			o->boot_file = arg_value(&argc, &argv);
		} else if (add && !strcmp(kw, "tftp-root")) {
			arg_once(&o->has_tftp, kw);
			o->tftp_root = arg_value(&argc, &argv);
		} else if (!add && !strcmp(kw, "port-defaults")) {
			parse_defaults(argc - 1, argv + 1, o);
			break;
		} else if (!strcmp(kw, "uplink")) {
			const char *v = arg_value(&argc, &argv);

			arg_once(&o->has_uplink, kw);
			o->uplink = !add && !strcmp(v, "none") ? NULL : v;
		} else if (!strcmp(kw, "ageing")) {
			arg_once(&o->has_ageing, kw);
			o->ageing = parse_u32(kw, arg_value(&argc, &argv), 0,
					      VSW_AGEING_MAX);
		} else if (!strcmp(kw, "fdb-max")) {
			arg_once(&o->has_fdb_max, kw);
			o->fdb_max = parse_u32(kw, arg_value(&argc, &argv), 0,
					       UINT32_MAX);
		} else if (!strcmp(kw, "group-fwd-mask")) {
			arg_once(&o->has_fwd_mask, kw);
			o->fwd_mask = parse_mask(kw, arg_value(&argc, &argv));
		} else if (!strcmp(kw, "mtu")) {
			arg_once(&o->has_mtu, kw);
			o->mtu = parse_u32(kw, arg_value(&argc, &argv), MTU_MIN,
					   MTU_MAX);
		} else {
			die("unknown argument \"%s\"", kw);
		}
		if (!o->dhcp_kw && (o->has_dhcp || o->has_range || o->has_dns ||
				    o->has_boot || o->has_tftp))
			o->dhcp_kw = kw;
	}
}

/*
 * A dnsmasq.conf value: printable ASCII without blanks, quotes, commas,
 * backslashes or '#', which dnsmasq's configuration syntax would read as
 * more than one value or a comment.
 */
static void check_conf_word(const char *kw, const char *s, size_t max)
{
	const char *p;

	if (!*s)
		die("%s: empty value", kw);
	if (strlen(s) > max)
		die("%s \"%s\": longer than %zu characters", kw, s, max);
	for (p = s; *p; p++)
		if (*p <= ' ' || *p > '~' || strchr("\"',\\#", *p))
			die("%s \"%s\": blanks, quotes, commas, backslashes and '#' are not allowed",
			    kw, s);
}

/*
 * dhcp, dhcp-range, dns, dhcp-boot and tftp-root: a host-only or nat
 * switch with an IPv4 address and dhcp on. Dies on bad input, before
 * anything is created.
 */
static void check_dhcp(const struct sw_opts *o, struct dhcp_conf *c)
{
	if (!o->dhcp_kw)
		return;
	if (!(o->mode->flags & MODE_F_HOST) ||
	    o->mode->mode == VSW_MODE_BRIDGED)
		die("%s: only for mode host-only or nat", o->dhcp_kw);
	if (!o->dhcp && (o->has_range || o->has_dns || o->has_boot || o->has_tftp))
		die("%s: needs \"dhcp on\"",
		    o->has_range ? "dhcp-range" : o->has_dns ? "dns" :
		    o->has_boot ? "dhcp-boot" : "tftp-root");
	if (!o->dhcp)
		return;
	if (!o->has_addr || o->family != AF_INET)
		die("dhcp: needs an IPv4 address (address A.B.C.D/LEN)");
	memcpy(&c->addr, o->addr, 4);
	c->addr = ntohl(c->addr);
	c->prefixlen = o->prefixlen;
	c->dns = o->has_dns ? o->dns : true;
	dhcp_range(c, o->range);
	if (o->has_boot) {
		/* DHCP's file field is 128 bytes; dnsmasq sends longer in option 67 */
		check_conf_word("dhcp-boot", o->boot_file, 255);
		c->boot_file = o->boot_file;
	}
	if (o->has_tftp) {
		struct stat st;

		check_conf_word("tftp-root", o->tftp_root, PATH_MAX - 1);
		if (o->tftp_root[0] != '/')
			die("tftp-root \"%s\": needs an absolute path", o->tftp_root);
		if (stat(o->tftp_root, &st) < 0)
			die("tftp-root \"%s\": %s", o->tftp_root, strerror(errno));
		if (!S_ISDIR(st.st_mode))
			die("tftp-root \"%s\": not a directory", o->tftp_root);
		c->tftp_root = o->tftp_root;
	}
}

/*
 * The uplink's ifindex, looked up in this network namespace (0 for none);
 * dies if there is no such device, before anything is sent to the kernel.
 * Whether the device may be an uplink is the kernel's to say.
 */
static void resolve_uplink(struct sw_opts *o)
{
	if (!o->uplink) {
		o->uplink_ifindex = 0;
		return;
	}
	check_ifname(o->uplink);
	o->uplink_ifindex = if_nametoindex(o->uplink);
	if (!o->uplink_ifindex)
		die("uplink: no device \"%s\"", o->uplink);
}

/* IFLA_LINKINFO { kind "vswitch", IFLA_INFO_DATA { what was given } } */
static void put_linkinfo(struct nlmsghdr *nlh, const struct sw_opts *o)
{
	struct nlattr *li = mnl_attr_nest_start(nlh, IFLA_LINKINFO);

	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, VSW_LINK_KIND);
	if (o->has_mode || o->has_ageing || o->has_fdb_max || o->has_uplink ||
	    o->has_fwd_mask) {
		struct nlattr *data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);

		if (o->has_mode)
			mnl_attr_put_u32(nlh, IFLA_VSW_MODE, o->mode->mode);
		if (o->has_ageing)
			mnl_attr_put_u32(nlh, IFLA_VSW_AGEING, o->ageing);
		if (o->has_fdb_max)
			mnl_attr_put_u32(nlh, IFLA_VSW_FDB_MAX, o->fdb_max);
		if (o->has_uplink)
			mnl_attr_put_u32(nlh, IFLA_VSW_UPLINK, o->uplink_ifindex);
		if (o->has_fwd_mask)
			mnl_attr_put_u16(nlh, IFLA_VSW_GROUP_FWD_MASK,
					 o->fwd_mask);
		mnl_attr_nest_end(nlh, data);
	}
	mnl_attr_nest_end(nlh, li);
}

static int add_address(unsigned int ifindex, const struct sw_opts *o)
{
	char buf[NL_BUF_SIZE];
	struct nlmsghdr *nlh;
	size_t alen = o->family == AF_INET ? 4 : 16;

	nlh = rtnl_addr_msg(buf, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL,
			    ifindex, o->family, o->prefixlen);
	mnl_attr_put(nlh, IFA_LOCAL, alen, o->addr);
	mnl_attr_put(nlh, IFA_ADDRESS, alen, o->addr);
	return rtnl_request(nlh, NULL, NULL);
}

static int switch_add(int argc, char **argv)
{
	struct sw_opts o = { 0 };
	struct dhcp_conf dc = { 0 };
	char buf[NL_BUF_SIZE];
	struct nlmsghdr *nlh;
	unsigned int ifindex;
	const char *name;
	int err;

	if (argc < 1)
		die("missing NAME for \"switch add\"");
	name = argv[0];
	parse_opts(argc - 1, argv + 1, true, &o);
	check_ifname(name);
	/* Without mode the kernel creates an internal switch (enum value 0). */
	if (!o.has_mode)
		o.mode = mode_by_value(VSW_MODE_INTERNAL);
	if (o.has_addr && o.mode->mode == VSW_MODE_BRIDGED)
		die("address: a bridged switch's host keeps its address on the uplink");
	if (o.has_addr && !(o.mode->flags & MODE_F_HOST))
		die("address: an internal switch carries no host traffic");
	if (o.mode->mode == VSW_MODE_BRIDGED && !o.has_uplink)
		die("switch add: mode bridged needs \"uplink DEV\"");
	if (o.has_uplink && o.mode->mode != VSW_MODE_BRIDGED)
		die("uplink: only for mode bridged");
	check_dhcp(&o, &dc);
	resolve_uplink(&o);
	/* NAT is a module of its own, which the kernel loads for NAT's
	 * requests but not for rtnetlink's: an empty NAT_SET (refused, as
	 * it names no switch) loads it first.
	 */
	if (o.mode->mode == VSW_MODE_NAT)
		genl_request(genl_msg(buf, VSW_CMD_NAT_SET, 0), NULL, NULL);

	nlh = rtnl_link_msg(buf, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	if (o.has_mtu)
		mnl_attr_put_u32(nlh, IFLA_MTU, o.mtu);
	put_linkinfo(nlh, &o);
	err = rtnl_request(nlh, NULL, NULL);
	if (err)
		nl_die(err);

	/* From here on, undo the creation on failure. */
	ifindex = if_nametoindex(name);
	if (!ifindex)
		die("device \"%s\" vanished after it was created", name);
	err = rtnl_link_up(ifindex);
	if (!err && o.has_addr)
		err = add_address(ifindex, &o);
	if (err)
		nl_print_error(err);
	if (!err && o.dhcp && dhcp_start(name, ifindex, &dc) < 0)
		err = -1;
	if (err) {
		rtnl_del_link(ifindex);
		exit(1);
	}
	return 0;
}

struct sw_id {
	uint32_t ifindex;
	uint32_t mode;		/* UINT32_MAX: the kernel did not say */
};

static int sw_id_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VSW_A_MAX + 1];
	struct sw_id *id = data;

	nl_parse(nlh, sizeof(struct genlmsghdr), tb, VSW_A_MAX);
	id->ifindex = nla_u32(tb[VSW_A_IFINDEX], 0);
	id->mode = nla_u32(tb[VSW_A_MODE], UINT32_MAX);
	return MNL_CB_OK;
}

/*
 * Switch name's ifindex and mode, asking the kernel: a device that is not
 * a vswitch ends here with the kernel's message.
 */
static void switch_id(const char *name, struct sw_id *id)
{
	id->ifindex = 0;
	id->mode = UINT32_MAX;
	vsw_get(VSW_CMD_SWITCH_GET, name, sw_id_cb, id);
	if (!id->ifindex)
		die("kernel gave no ifindex for switch \"%s\"", name);
}

uint32_t vsw_switch_ifindex(const char *name)
{
	struct sw_id id;

	switch_id(name, &id);
	return id.ifindex;
}

static int defaults_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VSW_A_MAX + 1], *dtb[VSW_A_MAX + 1];

	nl_parse(nlh, sizeof(struct genlmsghdr), tb, VSW_A_MAX);
	nl_parse_nested(tb[VSW_A_PORT_DEFAULTS], dtb, VSW_A_MAX);
	policy_merge(data, dtb);
	return MNL_CB_OK;
}

/*
 * SWITCH_SET of the port defaults. The kernel replaces them whole: what
 * was not named is taken from the switch's (SWITCH_GET), unless none.
 */
static void set_defaults(const char *name, struct sw_opts *o)
{
	char buf[NL_BUF_SIZE];
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	int err;

	if (!o->defaults_none)
		vsw_get(VSW_CMD_SWITCH_GET, name, defaults_cb, &o->defaults);
	nlh = vsw_msg(buf, VSW_CMD_SWITCH_SET, 0, name);
	nest = mnl_attr_nest_start(nlh, VSW_A_PORT_DEFAULTS);
	policy_put(nlh, &o->defaults);
	mnl_attr_nest_end(nlh, nest);
	err = genl_request(nlh, NULL, NULL);
	if (err)
		nl_die(err);
}

static int switch_set(int argc, char **argv)
{
	struct sw_opts o = { 0 };
	struct sw_id id;
	char buf[NL_BUF_SIZE];
	struct nlmsghdr *nlh;
	const char *name;
	int err;

	if (argc < 1)
		die("missing NAME for \"switch set\"");
	name = argv[0];
	parse_opts(argc - 1, argv + 1, false, &o);
	if (o.has_defaults) {
		/* Two requests could half succeed: one at a time. */
		if (o.has_uplink || o.has_ageing || o.has_fdb_max || o.has_mtu ||
		    o.has_fwd_mask)
			die("port-defaults: not together with uplink, ageing, fdb-max, mtu or group-fwd-mask (one \"switch set\" for each)");
		check_dev(name);
		set_defaults(name, &o);
		return 0;
	}
	if (!o.has_uplink && !o.has_ageing && !o.has_fdb_max && !o.has_mtu &&
	    !o.has_fwd_mask)
		die("\"switch set\" needs at least one of uplink, ageing, fdb-max, mtu, group-fwd-mask, port-defaults");
	check_dev(name);
	resolve_uplink(&o);
	switch_id(name, &id);
	/* An older kernel may not say the mode: its changelink then decides. */
	if (o.has_uplink && id.mode != UINT32_MAX &&
	    id.mode != VSW_MODE_BRIDGED)
		die("uplink: only for mode bridged");

	nlh = rtnl_link_msg(buf, RTM_NEWLINK, 0, 0);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	if (o.has_mtu)
		mnl_attr_put_u32(nlh, IFLA_MTU, o.mtu);
	put_linkinfo(nlh, &o);
	err = rtnl_request(nlh, NULL, NULL);
	if (err)
		nl_die(err);
	return 0;
}

static int switch_del(int argc, char **argv)
{
	int err;

	if (argc < 1)
		die("missing NAME for \"switch del\"");
	if (argc > 1)
		die("unknown argument \"%s\"", argv[1]);
	check_dev(argv[0]);
	err = rtnl_del_link(vsw_switch_ifindex(argv[0]));
	if (err)
		nl_die(err);
	/* Its dnsmasq, if any: gone when this returns. */
	if (dhcp_stop(argv[0]) < 0)
		exit(1);
	return 0;
}

/* A nat switch's zone and timeouts; a timeout of 0 is the kernel's default. */
static void print_nat(const struct nlattr **tb)
{
	static const struct {
		uint16_t attr;
		const char *key, *kw;
	} t[] = {
		{ VSW_A_NAT_UDP_TIMEOUT, "udp_timeout", "udp-timeout" },
		{ VSW_A_NAT_TCP_TIMEOUT, "tcp_timeout", "tcp-timeout" },
		{ VSW_A_NAT_TCP_EST_TIMEOUT, "tcp_established_timeout",
		  "tcp-established-timeout" },
	};
	char fmt[48];
	size_t i;

	print_uint(PRINT_ANY, "zone", " zone %llu", nla_u16(tb[VSW_A_NAT_ZONE], 0));
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		uint32_t v = nla_u32(tb[t[i].attr], 0);

		snprintf(fmt, sizeof(fmt), " %s %%llu", t[i].kw);
		print_uint(v ? PRINT_ANY : PRINT_JSON, t[i].key, fmt, v);
		if (!v) {
			snprintf(fmt, sizeof(fmt), " %s %%s", t[i].kw);
			print_string(PRINT_FP, NULL, fmt, "default");
		}
	}
}

/*
 * A bridged switch's uplink: " uplink eth0", with " (no carrier)" or
 * " (gone)" after the name, or " uplink none".
 */
static void print_uplink(const struct nlattr **tb)
{
	static const char *const states[__VSW_UPLINK_STATE_MAX] = {
		[VSW_UPLINK_NONE]	= "none",
		[VSW_UPLINK_UP]		= "up",
		[VSW_UPLINK_NO_CARRIER]	= "no-carrier",
		[VSW_UPLINK_GONE]	= "gone",
	};
	uint32_t state = nla_u32(tb[VSW_A_UPLINK_STATE], VSW_UPLINK_NONE);
	bool named = false;

	if (state != VSW_UPLINK_NONE) {
		char ifbuf[IF_NAMESIZE];
		const char *dev = attr_ifname(tb[VSW_A_UPLINK_IFNAME],
					      tb[VSW_A_UPLINK_IFINDEX], ifbuf);

		named = !!dev;
		print_string(named ? PRINT_ANY : PRINT_FP, "uplink",
			     " uplink %s", named ? dev : "?");
	} else {
		print_string(PRINT_FP, NULL, " uplink %s", "none");
	}
	if (!named)
		print_number(PRINT_JSON, "uplink", NULL, "null");

	if (state < __VSW_UPLINK_STATE_MAX) {
		print_string(PRINT_JSON, "uplink_state", NULL, states[state]);
	} else {
		char num[16];

		snprintf(num, sizeof(num), "%u", state);
		print_number(PRINT_JSON, "uplink_state", NULL, num);
	}
	if (state == VSW_UPLINK_NO_CARRIER)
		print_string(PRINT_FP, NULL, " (%s)", "no carrier");
	else if (state == VSW_UPLINK_GONE)
		print_string(PRINT_FP, NULL, " (%s)", "gone");
	else if (state >= __VSW_UPLINK_STATE_MAX)
		print_uint(PRINT_FP, NULL, " (state %llu)", state);
}

static int switch_print(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VSW_A_MAX + 1];
	const struct mode_info *mi;
	char ifbuf[IF_NAMESIZE], modebuf[16], addr[INET_ADDRSTRLEN + 4];
	char range[2 * INET_ADDRSTRLEN];
	const char *ifname, *mode;
	uint32_t idx;

	nl_parse(nlh, sizeof(struct genlmsghdr), tb, VSW_A_MAX);
	ifname = attr_ifname(tb[VSW_A_IFNAME], tb[VSW_A_IFINDEX], ifbuf);
	if (!ifname)
		return MNL_CB_OK;
	mi = mode_by_value(nla_u32(tb[VSW_A_MODE], UINT32_MAX));
	if (mi) {
		mode = mi->name;
	} else {
		snprintf(modebuf, sizeof(modebuf), "%u",
			 nla_u32(tb[VSW_A_MODE], UINT32_MAX));
		mode = modebuf;
	}

	print_open_object(NULL);
	print_string(PRINT_ANY, "ifname", "%s", ifname);
	print_string(PRINT_ANY, "mode", " mode %s", mode);
	print_uint(PRINT_ANY, "ageing", " ageing %llu",
		   nla_u32(tb[VSW_A_AGEING], 0));
	print_uint(PRINT_ANY, "fdb_max", " fdb-max %llu",
		   nla_u32(tb[VSW_A_FDB_MAX], 0));
	print_uint(PRINT_ANY, "fdb_count", " fdb-count %llu",
		   nla_u32(tb[VSW_A_FDB_COUNT], 0));
	print_uint(PRINT_ANY, "fdb_static", " fdb-static %llu",
		   nla_u32(tb[VSW_A_FDB_STATIC], 0));
	print_uint(PRINT_ANY, "ports", " ports %llu",
		   nla_u32(tb[VSW_A_PORT_COUNT], 0));
	/* Text here, when set; JSON after the older keys. */
	if (nla_u16(tb[VSW_A_GROUP_FWD_MASK], 0))
		print_uint(PRINT_FP, NULL, " group-fwd-mask %#llx",
			   nla_u16(tb[VSW_A_GROUP_FWD_MASK], 0));
	if (tb[VSW_A_UPLINK_STATE] ||
	    nla_u32(tb[VSW_A_MODE], UINT32_MAX) == VSW_MODE_BRIDGED)
		print_uplink(tb);
	idx = nla_u32(tb[VSW_A_IFINDEX], 0);
	if (!idx)
		idx = if_nametoindex(ifname);
	if (idx && !rtnl_get_addr4(idx, addr, sizeof(addr)) && addr[0])
		print_string(PRINT_ANY, "address", " address %s", addr);
	if (dhcp_running(ifname, range, sizeof(range)))
		print_string(PRINT_ANY, "dhcp", " dhcp %s", range);
	if (tb[VSW_A_NAT_ZONE])
		print_nat(tb);
	/* The host port's VLANs, on switches that have a host port. */
	if (tb[VSW_A_PORT_PVID] || tb[VSW_A_PORT_VLAN_FILTER] ||
	    tb[VSW_A_PORT_VLANS])
		print_vlans(tb, true);
	policy_print_defaults(tb[VSW_A_PORT_DEFAULTS]);
	if (tb[VSW_A_GROUP_FWD_MASK])
		print_uint(PRINT_JSON, "group_fwd_mask", NULL,
			   nla_u16(tb[VSW_A_GROUP_FWD_MASK], 0));
	print_stats(tb[VSW_A_STATS]);
	print_nl();
	print_close_object();
	return MNL_CB_OK;
}

static int switch_show(int argc, char **argv)
{
	char buf[NL_BUF_SIZE];

	if (argc > 1)
		die("unknown argument \"%s\"", argv[1]);
	if (argc == 0) {
		vsw_show(VSW_CMD_SWITCH_GET, NULL, switch_print, NULL);
		return 0;
	}
	/* One switch: a GET of it, not a dump. */
	check_dev(argv[0]);
	genl_show(vsw_msg(buf, VSW_CMD_SWITCH_GET, 0, argv[0]), switch_print,
		  NULL);
	return 0;
}

static const struct cmd cmds[] = {
	{ "add",	switch_add },
	{ "set",	switch_set },
	{ "del",	switch_del },
	{ "show",	switch_show },
	{ NULL,		NULL },
};

int do_switch(int argc, char **argv)
{
	return dispatch(cmds, usage, "show", argc, argv);
}
