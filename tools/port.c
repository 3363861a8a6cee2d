// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl port: attach and detach ports (rtnetlink IFLA_MASTER, as
 * `ip link set DEV master SW` does), set and show them and their policy
 * (VLANs, guards, storm limit; generic netlink).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/vswitch.h>

#include "vswctl.h"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: vswctl port add SWITCH DEV [ SETTINGS ]\n"
		"       vswctl port set DEV [ SETTINGS ]\n"
		"       vswctl port del DEV\n"
		"       vswctl port show [ SWITCH ]\n"
		"       vswctl port help\n"
		"Where: SWITCH := name of a vswitch device\n"
		"       DEV := an Ethernet device (tap, veth, ...) in the same namespace;\n"
		"              a bridged switch's uplink is set by \"switch add|set ... uplink\";\n"
		"              for set also a host-only or nat switch: its host port, which\n"
		"              takes vlan, trunk and native only\n"
		"       SETTINGS := [ vlan { VID | none } ]\n"
		"                   [ trunk { VIDS | all } [ native VID ] ]\n"
		"                   [ isolated { on | off } ] [ mac-guard { on | off } ]\n"
		"                   [ mac { MAC[,MAC...] | none } ] [ dhcp-guard { on | off } ]\n"
		"                   [ router-guard { on | off } ] [ storm-limit { PPS | off } ]\n"
		"                   [ fdb-max N ]\n"
		"       VID := 1..%u\n"
		"       VIDS := VID or VID-VID, comma separated, e.g. 10,20-30\n"
		"       vlan VID: an access port, its untagged frames on VLAN VID;\n"
		"                 none: VLAN-transparent, tagged and untagged frames pass\n"
		"                 as they are (the default)\n"
		"       trunk: the VLANs the port carries tagged, all: every one; native:\n"
		"              the VLAN of its untagged frames (default: none, VID 0)\n"
		"       isolated on: no traffic with the switch's other isolated ports\n"
		"       mac-guard on: the port sends only from the mac addresses, or\n"
		"                     without them from the first address it used\n"
		"       MAC := XX:XX:XX:XX:XX:XX, a unicast address; %u at most;\n"
		"              none: no list\n"
		"       dhcp-guard on: DHCP server messages from the port dropped\n"
		"       router-guard on: router advertisements and redirects from the\n"
		"                        port dropped\n"
		"       PPS := 1..4294967295 broadcast, multicast and unknown unicast\n"
		"              frames the port may send per second; off: no limit\n"
		"       N := 0..4294967295 entries learned behind the port at most;\n"
		"            0: unlimited\n"
		"Every setting is off on a new port (VLAN-transparent, no guard, no\n"
		"limit); a request is applied whole or not at all.\n",
		VLAN_MAX, (unsigned int)VSW_PORT_MACS_MAX);
}

/* The on/off settings: keyword, attribute, JSON key. */
static const struct {
	const char *kw;
	uint16_t attr;
	const char *key;
} flags[] = {
	{ "isolated", VSW_A_PORT_ISOLATED, "isolated" },
	{ "mac-guard", VSW_A_PORT_MAC_GUARD, "mac_guard" },
	{ "dhcp-guard", VSW_A_PORT_DHCP_GUARD, "dhcp_guard" },
	{ "router-guard", VSW_A_PORT_ROUTER_GUARD, "router_guard" },
};

#define N_FLAGS (sizeof(flags) / sizeof(flags[0]))

struct port_opts {
	bool has_fdb_max, has_vlan, has_trunk, has_native, has_macs, has_storm;
	bool has_flag[N_FLAGS], flag[N_FLAGS];
	uint32_t fdb_max, storm_limit;
	uint16_t pvid;
	bool vlan_filter;
	uint8_t vlans[VLAN_BITMAP_LEN];
	unsigned int n_macs;
	uint8_t macs[VSW_PORT_MACS_MAX][6];
};

static bool has_settings(const struct port_opts *o)
{
	size_t i;

	for (i = 0; i < N_FLAGS; i++)
		if (o->has_flag[i])
			return true;
	return o->has_fdb_max || o->has_vlan || o->has_trunk ||
	       o->has_macs || o->has_storm;
}

/* "MAC[,MAC...]": unicast, not zero, each once, VSW_PORT_MACS_MAX at most. */
static void parse_macs(const char *kw, const char *s, struct port_opts *o)
{
	static const uint8_t zero[6];
	const char *p = s;

	o->n_macs = 0;
	if (!strcmp(s, "none"))
		return;
	for (;;) {
		size_t len = strcspn(p, ",");
		char item[32];
		uint8_t *mac;
		unsigned int i;

		if (!len)
			die("%s: empty item in \"%s\"", kw, s);
		if (o->n_macs == VSW_PORT_MACS_MAX)
			die("%s: more than %u addresses", kw,
			    (unsigned int)VSW_PORT_MACS_MAX);
		if (len >= sizeof(item))
			die("invalid MAC address \"%.*s\"", (int)len, p);
		snprintf(item, sizeof(item), "%.*s", (int)len, p);
		mac = o->macs[o->n_macs];
		parse_mac(item, mac);
		if (mac[0] & 1)
			die("%s: \"%s\" is a multicast address", kw, item);
		if (!memcmp(mac, zero, 6))
			die("%s: \"%s\" is the zero address", kw, item);
		for (i = 0; i < o->n_macs; i++)
			if (!memcmp(o->macs[i], mac, 6))
				die("%s: \"%s\" given twice", kw, item);
		o->n_macs++;
		p += len;
		if (!*p)
			break;
		p++;	/* the comma */
	}
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

static void parse_opts(int argc, char **argv, struct port_opts *o)
{
	uint16_t native = 0;

	for (; argc > 0; argc--, argv++) {
		const char *kw = argv[0];
		size_t i;

		for (i = 0; i < N_FLAGS; i++)
			if (!strcmp(kw, flags[i].kw))
				break;
		if (i < N_FLAGS) {
			arg_once(&o->has_flag[i], kw);
			o->flag[i] = parse_on_off(kw, arg_value(&argc, &argv));
		} else if (!strcmp(kw, "vlan")) {
			const char *v = arg_value(&argc, &argv);

			arg_once(&o->has_vlan, kw);
			/* VID: an access port; none: VLAN-transparent. */
			o->pvid = (uint16_t)parse_u32_or(kw, v, "none", 1,
							 VLAN_MAX);
			o->vlan_filter = o->pvid != 0;
		} else if (!strcmp(kw, "trunk")) {
			const char *v = arg_value(&argc, &argv);

			arg_once(&o->has_trunk, kw);
			/* all: every VID, as without filter; else the list. */
			o->vlan_filter = !!strcmp(v, "all");
			if (o->vlan_filter)
				parse_vid_list(kw, v, o->vlans);
		} else if (!strcmp(kw, "native")) {
			const char *v = arg_value(&argc, &argv);

			arg_once(&o->has_native, kw);
			native = (uint16_t)parse_u32(kw, v, 1, VLAN_MAX);
		} else if (!strcmp(kw, "mac")) {
			arg_once(&o->has_macs, kw);
			parse_macs(kw, arg_value(&argc, &argv), o);
		} else if (!strcmp(kw, "storm-limit")) {
			const char *v = arg_value(&argc, &argv);

			arg_once(&o->has_storm, kw);
			o->storm_limit = parse_u32_or(kw, v, "off", 1,
						      UINT32_MAX);
		} else if (!strcmp(kw, "fdb-max")) {
			arg_once(&o->has_fdb_max, kw);
			o->fdb_max = parse_u32(kw, arg_value(&argc, &argv), 0,
					       UINT32_MAX);
		} else {
			die("unknown argument \"%s\"", kw);
		}
	}
	if (o->has_vlan && o->has_trunk)
		die("vlan: not together with \"trunk\"");
	if (o->has_native && !o->has_trunk)
		die("native: needs \"trunk\"");
	if (o->has_native)
		o->pvid = native;
}

/* PORT_SET of what o has; dev by name, or by ifindex when name is NULL. */
static int port_apply(unsigned int ifindex, const char *name,
		      const struct port_opts *o)
{
	char buf[NL_BUF_SIZE];
	struct nlmsghdr *nlh = genl_msg(buf, VSW_CMD_PORT_SET, 0);
	size_t i;

	if (name)
		mnl_attr_put_strz(nlh, VSW_A_PORT_IFNAME, name);
	else
		mnl_attr_put_u32(nlh, VSW_A_PORT_IFINDEX, ifindex);
	if (o->has_fdb_max)
		mnl_attr_put_u32(nlh, VSW_A_PORT_FDB_MAX, o->fdb_max);
	/* vlan and trunk set all three: nothing of an old setting stays. */
	if (o->has_vlan || o->has_trunk) {
		mnl_attr_put_u16(nlh, VSW_A_PORT_PVID, o->pvid);
		mnl_attr_put_u8(nlh, VSW_A_PORT_VLAN_FILTER, o->vlan_filter);
		mnl_attr_put(nlh, VSW_A_PORT_VLANS, sizeof(o->vlans), o->vlans);
	}
	for (i = 0; i < N_FLAGS; i++)
		if (o->has_flag[i])
			mnl_attr_put_u8(nlh, flags[i].attr, o->flag[i]);
	if (o->has_macs)
		mnl_attr_put(nlh, VSW_A_PORT_MACS, o->n_macs * 6, o->macs);
	if (o->has_storm)
		mnl_attr_put_u32(nlh, VSW_A_PORT_STORM_LIMIT, o->storm_limit);
	return genl_request(nlh, NULL, NULL);
}

static int port_add(int argc, char **argv)
{
	struct port_opts o = { 0 };
	unsigned int dev, master, owner;
	int err;

	if (argc < 1)
		die("missing SWITCH for \"port add\"");
	if (argc < 2)
		die("missing DEV for \"port add\"");
	parse_opts(argc - 2, argv + 2, &o);
	check_dev(argv[0]);
	dev = check_dev(argv[1]);
	master = vsw_switch_ifindex(argv[0]);

	/* IFLA_MASTER moves a device from its master to the new one, for
	 * every kind of master: a port add must not take a device away.
	 */
	err = rtnl_get_master(dev, &owner);
	if (err)
		nl_die(err);
	/* Already its port: only the settings, and nothing to undo. */
	if (owner == master) {
		err = has_settings(&o) ? port_apply(dev, NULL, &o) : 0;
		if (err)
			nl_die(err);
		return 0;
	}
	if (owner) {
		char owner_name[IF_NAMESIZE];

		if (!if_indextoname(owner, owner_name))
			snprintf(owner_name, sizeof(owner_name), "if%u", owner);
		fprintf(stderr, "Error: %s is already enslaved to %s\n", argv[1],
			owner_name);
		exit(1);
	}

	err = rtnl_set_master(dev, master);
	if (err)
		nl_die(err);
	/* Attached: undo it if a later step fails. */
	err = rtnl_link_up(dev);
	if (!err && has_settings(&o))
		err = port_apply(dev, NULL, &o);
	if (err) {
		nl_print_error(err);
		rtnl_set_master(dev, 0);
		exit(1);
	}
	return 0;
}

static int port_set(int argc, char **argv)
{
	struct port_opts o = { 0 };
	int err;

	if (argc < 1)
		die("missing DEV for \"port set\"");
	parse_opts(argc - 1, argv + 1, &o);
	if (!has_settings(&o))
		die("\"port set\" needs at least one of vlan, trunk, isolated, mac-guard, mac, dhcp-guard, router-guard, storm-limit, fdb-max");
	check_dev(argv[0]);
	err = port_apply(0, argv[0], &o);
	if (err)
		nl_die(err);
	return 0;
}

/* PORT_GET of one port: is it an uplink, and of which switch. */
struct port_id {
	bool uplink;
	char sw[IF_NAMESIZE];
};

static int port_id_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VSW_A_MAX + 1];
	struct port_id *id = data;
	char sbuf[IF_NAMESIZE];
	const char *sw;

	nl_parse(nlh, sizeof(struct genlmsghdr), tb, VSW_A_MAX);
	id->uplink = !!tb[VSW_A_PORT_UPLINK];
	sw = attr_ifname(tb[VSW_A_IFNAME], tb[VSW_A_IFINDEX], sbuf);
	snprintf(id->sw, sizeof(id->sw), "%s", sw ? sw : "?");
	return MNL_CB_OK;
}

static int port_del(int argc, char **argv)
{
	struct port_id id = { 0 };
	char buf[NL_BUF_SIZE];
	struct nlmsghdr *nlh;
	unsigned int dev;
	int err;

	if (argc < 1)
		die("missing DEV for \"port del\"");
	if (argc > 1)
		die("unknown argument \"%s\"", argv[1]);
	dev = check_dev(argv[0]);

	/* Is it a port of a vswitch? The kernel says why not. */
	nlh = genl_msg(buf, VSW_CMD_PORT_GET, 0);
	mnl_attr_put_strz(nlh, VSW_A_PORT_IFNAME, argv[0]);
	err = genl_request(nlh, port_id_cb, &id);
	if (err)
		nl_die(err);
	/* An uplink has no master: IFLA_MASTER 0 would do nothing. */
	if (id.uplink)
		die("%s is the uplink of %s: detach it with \"vswctl switch set %s uplink none\"",
		    argv[0], id.sw, id.sw);
	err = rtnl_set_master(dev, 0);
	if (err)
		nl_die(err);
	return 0;
}

/*
 * The guards and the MAC list: " isolated", " mac-guard", " mac A,B" (the
 * list) or " guard-mac A" (the address learned), " dhcp-guard",
 * " router-guard", " storm-limit N", each only when set.
 */
static void print_policy(const struct nlattr **tb)
{
	const struct nlattr *a = tb[VSW_A_PORT_MACS];
	const uint8_t *gmac = nla_bin(tb[VSW_A_PORT_GUARD_MAC], 6);
	char list[VSW_PORT_MACS_MAX * 18], macbuf[18];
	unsigned int n = 0, i;
	size_t off = 0;
	const uint8_t *macs = NULL;
	uint32_t storm;
	char fmt[32];

	if (a && mnl_attr_get_payload_len(a) % 6 == 0) {
		n = mnl_attr_get_payload_len(a) / 6;
		macs = mnl_attr_get_payload(a);
	}
	list[0] = '\0';
	for (i = 0; i < n && off < sizeof(list); i++) {
		format_mac(macs + i * 6, macbuf, sizeof(macbuf));
		off += snprintf(list + off, sizeof(list) - off, "%s%s",
				i ? "," : "", macbuf);
	}

	for (i = 0; i < N_FLAGS; i++) {
		snprintf(fmt, sizeof(fmt), " %s", flags[i].kw);
		print_bool(PRINT_ANY, flags[i].key, fmt,
			   nla_u8(tb[flags[i].attr], 0));
		if (flags[i].attr != VSW_A_PORT_MAC_GUARD)
			continue;
		/* The addresses right after the guard they are for. */
		if (n)
			print_string(PRINT_FP, NULL, " mac %s", list);
		if (gmac)
			print_string(PRINT_FP, NULL, " guard-mac %s",
				     format_mac(gmac, macbuf, sizeof(macbuf)));
	}
	print_open_array("macs");
	for (i = 0; i < n; i++)
		print_string(PRINT_JSON, NULL, NULL,
			     format_mac(macs + i * 6, macbuf, sizeof(macbuf)));
	print_close_array();
	if (gmac)
		print_string(PRINT_JSON, "guard_mac", NULL,
			     format_mac(gmac, macbuf, sizeof(macbuf)));
	else
		print_number(PRINT_JSON, "guard_mac", NULL, "null");
	storm = nla_u32(tb[VSW_A_PORT_STORM_LIMIT], 0);
	print_uint(storm ? PRINT_ANY : PRINT_JSON, "storm_limit",
		   " storm-limit %llu", storm);
}

static int port_print(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VSW_A_MAX + 1];
	char pbuf[IF_NAMESIZE], sbuf[IF_NAMESIZE];
	const char *port, *sw;

	nl_parse(nlh, sizeof(struct genlmsghdr), tb, VSW_A_MAX);
	port = attr_ifname(tb[VSW_A_PORT_IFNAME], tb[VSW_A_PORT_IFINDEX], pbuf);
	sw = attr_ifname(tb[VSW_A_IFNAME], tb[VSW_A_IFINDEX], sbuf);
	if (!port || !sw)
		return MNL_CB_OK;

	print_open_object(NULL);
	print_string(PRINT_ANY, "ifname", "%s", port);
	print_string(PRINT_ANY, "switch", " switch %s", sw);
	print_uint(PRINT_ANY, "fdb_max", " fdb-max %llu",
		   nla_u32(tb[VSW_A_PORT_FDB_MAX], 0));
	print_uint(PRINT_ANY, "fdb_count", " fdb-count %llu",
		   nla_u32(tb[VSW_A_PORT_FDB_COUNT], 0));
	print_bool(PRINT_ANY, "uplink", " uplink", !!tb[VSW_A_PORT_UPLINK]);
	/* A host-only or nat switch's host port: the switch device. */
	print_bool(PRINT_ANY, "host", " host", !!tb[VSW_A_PORT_HOST]);
	print_vlans(tb, false);
	print_policy(tb);
	print_stats(tb[VSW_A_STATS]);
	print_nl();
	print_close_object();
	return MNL_CB_OK;
}

static int port_show(int argc, char **argv)
{
	char buf[NL_BUF_SIZE];
	struct nlmsghdr *nlh;

	if (argc > 1)
		die("unknown argument \"%s\"", argv[1]);
	if (argc == 1)
		check_dev(argv[0]);
	nlh = genl_msg(buf, VSW_CMD_PORT_GET, NLM_F_DUMP);
	if (argc == 1)
		mnl_attr_put_strz(nlh, VSW_A_IFNAME, argv[0]);
	genl_show(nlh, port_print, NULL);
	return 0;
}

static const struct cmd cmds[] = {
	{ "add",	port_add },
	{ "set",	port_set },
	{ "del",	port_del },
	{ "show",	port_show },
	{ NULL,		NULL },
};

int do_port(int argc, char **argv)
{
	return dispatch(cmds, usage, "show", argc, argv);
}
