// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl port: attach and detach ports (rtnetlink IFLA_MASTER, as
 * `ip link set DEV master SW` does), set and show them and their policy
 * (VLANs, guards, address lists, storm limit, promisc; generic netlink,
 * see policy.c).
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
		"                   [ router-guard { on | off } ] [ dhcp-trust { on | off } ]\n"
		"                   [ ip-guard { on | off } ]\n"
		"                   [ ip { ADDR[,ADDR...] | none } ]\n"
		"                   [ promisc { deny | allow-vms | allow-all } ]\n"
		"                   [ bpdu-guard { on | off } ]\n"
		"                   [ storm-limit { PPS | off } ] [ fdb-max N ]\n"
		"                   [ shut { on | off } ]\n"
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
		"       dhcp-trust on: DHCP server messages from the port bind leases for\n"
		"                      ip-guard (those of the host's dnsmasq and of the\n"
		"                      uplink's LAN always do, other ports' never)\n"
		"       ip-guard on: the port sends IPv4 and IPv6 (and ARP, neighbour\n"
		"                    advertisements) only from the ip addresses and the\n"
		"                    DHCP leases it got (\"vswctl binding show\")\n"
		"       ADDR := an IPv4 (A.B.C.D) or IPv6 unicast address; %u at most;\n"
		"               none: no list\n"
		"       promisc: which other ports' unicast the port gets copies of:\n"
		"                deny: none (the default); allow-vms: between guests;\n"
		"                allow-all: also to and from the host and the uplink\n"
		"       bpdu-guard on: a BPDU (STP, to 01:80:C2:00:00:00) from the port\n"
		"                      shuts it (\"shut bpdu-guard\" in port show)\n"
		"       shut on: the port's frames dropped, none sent to it, as with its\n"
		"                cable out; off: forwarding again (also after bpdu-guard)\n"
		"       PPS := 1..4294967295 broadcast, multicast and unknown unicast\n"
		"              frames the port may send per second; off: no limit\n"
		"       N := 0..4294967295 entries learned behind the port at most;\n"
		"            0: unlimited\n"
		"A new port starts with its switch's port defaults (\"switch set ...\n"
		"port-defaults\"; all off unless set: VLAN-transparent, no guard, no\n"
		"limit); a request is applied whole or not at all.\n",
		VLAN_MAX, (unsigned int)VSW_PORT_MACS_MAX,
		(unsigned int)VSW_PORT_IPS_MAX);
}

/* PORT_SET of what o has; dev by name, or by ifindex when name is NULL. */
static int port_apply(unsigned int ifindex, const char *name,
		      const struct port_policy *o)
{
	char buf[NL_BUF_SIZE];
	struct nlmsghdr *nlh = genl_msg(buf, VSW_CMD_PORT_SET, 0);

	if (name)
		mnl_attr_put_strz(nlh, VSW_A_PORT_IFNAME, name);
	else
		mnl_attr_put_u32(nlh, VSW_A_PORT_IFINDEX, ifindex);
	policy_put(nlh, o);
	return genl_request(nlh, NULL, NULL);
}

static int port_add(int argc, char **argv)
{
	struct port_policy o = { 0 };
	unsigned int dev, master, owner;
	int err;

	if (argc < 1)
		die("missing SWITCH for \"port add\"");
	if (argc < 2)
		die("missing DEV for \"port add\"");
	policy_parse(argc - 2, argv + 2, POLICY_PORT, &o);
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
		err = policy_has_settings(&o) ? port_apply(dev, NULL, &o) : 0;
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
	if (!err && policy_has_settings(&o))
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
	struct port_policy o = { 0 };
	int err;

	if (argc < 1)
		die("missing DEV for \"port set\"");
	policy_parse(argc - 1, argv + 1, POLICY_PORT, &o);
	if (!policy_has_settings(&o))
		die("\"port set\" needs at least one of vlan, trunk, isolated, mac-guard, mac, dhcp-guard, router-guard, dhcp-trust, ip-guard, ip, bpdu-guard, promisc, storm-limit, fdb-max, shut");
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

/* enum vsw_shut: text " shut admin" or " shut bpdu-guard"; JSON "shut". */
static void print_shut(const struct nlattr *a)
{
	static const char *const names[__VSW_SHUT_MAX] = {
		[VSW_SHUT_NO]		= "no",
		[VSW_SHUT_ADMIN]	= "admin",
		[VSW_SHUT_BPDU_GUARD]	= "bpdu-guard",
	};
	uint8_t v = nla_u8(a, VSW_SHUT_NO);
	char num[8];
	const char *name = num;

	if (!a)
		return;		/* a kernel without it, or the host port */
	if (v < __VSW_SHUT_MAX)
		name = names[v];
	else
		snprintf(num, sizeof(num), "%u", v);
	print_string(PRINT_JSON, "shut", NULL, name);
	if (v != VSW_SHUT_NO)
		print_string(PRINT_FP, NULL, " shut %s", name);
}

static int port_print(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VSW_A_MAX + 1];
	char pbuf[IF_NAMESIZE], sbuf[IF_NAMESIZE];
	const char *port, *sw, *mirror;

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
	print_shut(tb[VSW_A_PORT_SHUT]);
	mirror = nla_str(tb[VSW_A_PORT_MIRROR]);
	if (mirror)
		print_string(PRINT_ANY, "mirror", " mirror destination of %s",
			     mirror);
	print_vlans(tb, false);
	policy_print(tb);
	print_stats(tb[VSW_A_STATS]);
	print_nl();
	print_close_object();
	return MNL_CB_OK;
}

static int port_show(int argc, char **argv)
{
	return vsw_show_cmd(argc, argv, VSW_CMD_PORT_GET, port_print);
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
