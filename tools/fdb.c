// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl fdb: show, add, delete and flush forwarding database entries
 * (generic netlink VSW_CMD_FDB_*).
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
		"Usage: vswctl fdb show SWITCH [ dev DEV ] [ vlan VID ]\n"
		"       vswctl fdb add SWITCH MAC dev DEV [ vlan VID ]\n"
		"       vswctl fdb del SWITCH MAC [ vlan VID ]\n"
		"       vswctl fdb flush SWITCH [ dev DEV ]\n"
		"       vswctl fdb help\n"
		"Where: SWITCH := name of a vswitch device\n"
		"       DEV := a port of SWITCH\n"
		"       MAC := XX:XX:XX:XX:XX:XX, a unicast address\n"
		"       VID := 0..%u, 0: untagged (default 0; show: every VLAN)\n"
		"add makes a static entry: it never ages and never moves.\n"
		"flush removes learned and static entries; local ones stay.\n",
		VLAN_MAX);
}

struct fdb_args {
	const char *sw;
	const char *dev;
	bool has_mac, has_vlan, has_dev;
	uint8_t mac[6];
	uint16_t vlan;
};

/*
 * SWITCH [MAC] followed by keywords. Syntax is checked before any device
 * is looked up, so a bad MAC is reported even if the switch is missing.
 */
static void parse_args(const char *cmd, int argc, char **argv, bool mac,
		       bool dev_ok, bool vlan_ok, struct fdb_args *a)
{
	if (argc < 1)
		die("missing SWITCH for \"fdb %s\"", cmd);
	a->sw = argv[0];
	argc--;
	argv++;
	if (mac) {
		if (argc < 1)
			die("missing MAC for \"fdb %s\"", cmd);
		parse_mac(argv[0], a->mac);
		a->has_mac = true;
		argc--;
		argv++;
	}
	for (; argc > 0; argc--, argv++) {
		const char *kw = argv[0];

		if (dev_ok && !strcmp(kw, "dev")) {
			arg_once(&a->has_dev, kw);
			a->dev = arg_value(&argc, &argv);
			check_ifname(a->dev);
		} else if (vlan_ok && !strcmp(kw, "vlan")) {
			arg_once(&a->has_vlan, kw);
			a->vlan = (uint16_t)parse_u32(kw, arg_value(&argc, &argv),
						      0, VLAN_MAX);
		} else {
			die("unknown argument \"%s\"", kw);
		}
	}
}

static void check_devs(const struct fdb_args *a)
{
	check_dev(a->sw);
	if (a->dev)
		check_dev(a->dev);
}

static struct nlmsghdr *fdb_msg(char *buf, uint8_t cmd, uint16_t flags,
				const struct fdb_args *a)
{
	struct nlmsghdr *nlh = vsw_msg(buf, cmd, flags, a->sw);

	if (a->dev)
		mnl_attr_put_strz(nlh, VSW_A_PORT_IFNAME, a->dev);
	if (a->has_mac)
		mnl_attr_put(nlh, VSW_A_FDB_MAC, 6, a->mac);
	if (a->has_vlan && cmd != VSW_CMD_FDB_GET)
		mnl_attr_put_u16(nlh, VSW_A_FDB_VLAN, a->vlan);
	return nlh;
}

/* if_indextoname is a syscall; a table of 100k entries has few ports. */
#define NAME_CACHE 64

static struct {
	uint32_t ifindex;
	char name[IF_NAMESIZE];
} name_cache[NAME_CACHE];

static const char *cached_ifname(uint32_t ifindex)
{
	unsigned int slot = ifindex % NAME_CACHE;

	if (name_cache[slot].ifindex != ifindex || !ifindex) {
		ifname_of(ifindex, name_cache[slot].name);
		name_cache[slot].ifindex = ifindex;
	}
	return name_cache[slot].name;
}

static int fdb_print(const struct nlmsghdr *nlh, void *data)
{
	const struct fdb_args *a = data;
	const struct nlattr *tb[VSW_A_MAX + 1];
	const uint8_t *mac;
	char macbuf[18];
	const char *dev, *kind;
	uint32_t flags;

	nl_parse(nlh, sizeof(struct genlmsghdr), tb, VSW_A_MAX);
	mac = nla_bin(tb[VSW_A_FDB_MAC], 6);
	if (!mac)
		return MNL_CB_OK;
	/* The dump has no VLAN filter: show leaves out the other VLANs. */
	if (a && a->has_vlan && nla_u16(tb[VSW_A_FDB_VLAN], 0) != a->vlan)
		return MNL_CB_OK;
	flags = nla_u32(tb[VSW_A_FDB_FLAGS], 0);
	/* Local entries have no port: the switch device itself. */
	if (tb[VSW_A_PORT_IFINDEX])
		dev = cached_ifname(nla_u32(tb[VSW_A_PORT_IFINDEX], 0));
	else
		dev = cached_ifname(nla_u32(tb[VSW_A_IFINDEX], 0));
	if (flags & VSW_FDB_F_LOCAL)
		kind = "local";
	else if (flags & VSW_FDB_F_STATIC)
		kind = "static";
	else
		kind = "learned";

	print_open_object(NULL);
	print_string(PRINT_ANY, "mac", "%s", format_mac(mac, macbuf, sizeof(macbuf)));
	print_string(PRINT_ANY, "dev", " dev %s", dev);
	print_uint(PRINT_ANY, "vlan", " vlan %llu", nla_u16(tb[VSW_A_FDB_VLAN], 0));
	print_string(PRINT_ANY, "flags", " %s", kind);
	if (tb[VSW_A_FDB_AGE]) {
		uint32_t age = nla_u32(tb[VSW_A_FDB_AGE], 0);
		char agebuf[32];

		snprintf(agebuf, sizeof(agebuf), "%u.%02u", age / 1000,
			 (age % 1000) / 10);
		/* Text shows the age of learned entries only: the rest never age. */
		print_number(strcmp(kind, "learned") ? PRINT_JSON : PRINT_ANY,
			     "age", " age %s", agebuf);
	}
	print_nl();
	print_close_object();
	return MNL_CB_OK;
}

static int fdb_show(int argc, char **argv)
{
	struct fdb_args a = { 0 };
	char buf[NL_BUF_SIZE];

	parse_args("show", argc, argv, false, true, true, &a);
	check_devs(&a);
	genl_show(fdb_msg(buf, VSW_CMD_FDB_GET, NLM_F_DUMP, &a), fdb_print, &a);
	return 0;
}

static int fdb_add(int argc, char **argv)
{
	struct fdb_args a = { 0 };
	char buf[NL_BUF_SIZE];
	int err;

	parse_args("add", argc, argv, true, true, true, &a);
	if (!a.dev)
		die("missing \"dev\" for \"fdb add\"");
	check_devs(&a);
	err = genl_request(fdb_msg(buf, VSW_CMD_FDB_NEW, 0, &a), NULL, NULL);
	if (err)
		nl_die(err);
	return 0;
}

static int fdb_del(int argc, char **argv)
{
	struct fdb_args a = { 0 };
	char buf[NL_BUF_SIZE];
	int err;

	parse_args("del", argc, argv, true, false, true, &a);
	check_devs(&a);
	err = genl_request(fdb_msg(buf, VSW_CMD_FDB_DEL, 0, &a), NULL, NULL);
	if (err)
		nl_die(err);
	return 0;
}

static int fdb_flush(int argc, char **argv)
{
	struct fdb_args a = { 0 };
	char buf[NL_BUF_SIZE];
	int err;

	parse_args("flush", argc, argv, false, true, false, &a);
	check_devs(&a);
	err = genl_request(fdb_msg(buf, VSW_CMD_FDB_FLUSH, 0, &a), NULL, NULL);
	if (err)
		nl_die(err);
	return 0;
}

static const struct cmd cmds[] = {
	{ "show",	fdb_show },
	{ "add",	fdb_add },
	{ "del",	fdb_del },
	{ "flush",	fdb_flush },
	{ NULL,		NULL },
};

int do_fdb(int argc, char **argv)
{
	return dispatch(cmds, usage, NULL, argc, argv);
}
