// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl port: attach and detach ports (rtnetlink IFLA_MASTER, as
 * `ip link set DEV master SW` does), set and show them (generic netlink).
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
		"Usage: vswctl port add SWITCH DEV [ fdb-max N ]\n"
		"       vswctl port set DEV [ fdb-max N ]\n"
		"       vswctl port del DEV\n"
		"       vswctl port show [ SWITCH ]\n"
		"       vswctl port help\n"
		"Where: SWITCH := name of a vswitch device\n"
		"       DEV := an Ethernet device (tap, veth, ...) in the same namespace;\n"
		"              a bridged switch's uplink is set by \"switch add|set ... uplink\"\n"
		"       N := 0..4294967295 entries learned behind the port at most;\n"
		"            0: unlimited\n");
}

struct port_opts {
	bool has_fdb_max;
	uint32_t fdb_max;
};

static void parse_opts(int argc, char **argv, struct port_opts *o)
{
	for (; argc > 0; argc--, argv++) {
		const char *kw = argv[0];

		if (!strcmp(kw, "fdb-max")) {
			arg_once(&o->has_fdb_max, kw);
			o->fdb_max = parse_u32(kw, arg_value(&argc, &argv), 0,
					       UINT32_MAX);
		} else {
			die("unknown argument \"%s\"", kw);
		}
	}
}

static int port_set_fdb_max(unsigned int ifindex, const char *name,
			    uint32_t fdb_max)
{
	char buf[NL_BUF_SIZE];
	struct nlmsghdr *nlh = genl_msg(buf, VSW_CMD_PORT_SET, 0);

	if (name)
		mnl_attr_put_strz(nlh, VSW_A_PORT_IFNAME, name);
	else
		mnl_attr_put_u32(nlh, VSW_A_PORT_IFINDEX, ifindex);
	mnl_attr_put_u32(nlh, VSW_A_PORT_FDB_MAX, fdb_max);
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
	if (owner == master)
		return 0;
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
	if (!err && o.has_fdb_max)
		err = port_set_fdb_max(dev, NULL, o.fdb_max);
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
	if (!o.has_fdb_max)
		die("\"port set\" needs fdb-max");
	check_dev(argv[0]);
	err = port_set_fdb_max(0, argv[0], o.fdb_max);
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
