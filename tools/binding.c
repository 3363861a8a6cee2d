// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl binding: the IP addresses bound to a switch's ports, for their
 * ip guard: the static ones (port set DEV ip ...) and the DHCP leases
 * snooped (generic netlink VSW_CMD_BINDING_GET).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/genetlink.h>
#include <linux/vswitch.h>

#include "vswctl.h"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: vswctl binding show SWITCH\n"
		"       vswctl binding help\n"
		"Where: SWITCH := name of a vswitch device\n"
		"show lists the addresses bound to the switch's ports, which a port\n"
		"with ip-guard on may send from: static ones (\"port set DEV ip ...\")\n"
		"and the leases snooped from DHCPv4 ACK and DHCPv6 REPLY messages to\n"
		"ports with ip-guard on (%u per port at most, the oldest goes).\n",
		(unsigned int)VSW_PORT_LEASES_MAX);
}

static int binding_print(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VSW_A_MAX + 1];
	char pbuf[IF_NAMESIZE], abuf[INET6_ADDRSTRLEN], num[16];
	const uint8_t *addr, *mac;
	const char *port, *type;
	uint32_t t;

	nl_parse(nlh, sizeof(struct genlmsghdr), tb, VSW_A_MAX);
	addr = nla_bin(tb[VSW_A_BIND_ADDR], 16);
	port = attr_ifname(tb[VSW_A_PORT_IFNAME], tb[VSW_A_PORT_IFINDEX], pbuf);
	if (!addr || !port)
		return MNL_CB_OK;
	mac = nla_bin(tb[VSW_A_FDB_MAC], 6);
	t = nla_u32(tb[VSW_A_BIND_TYPE], UINT32_MAX);
	if (t == VSW_BIND_STATIC) {
		type = "static";
	} else if (t == VSW_BIND_DHCP) {
		type = "dhcp";
	} else {
		snprintf(num, sizeof(num), "%u", t);
		type = num;
	}

	print_open_object(NULL);
	print_string(PRINT_ANY, "port", "%s", port);
	print_string(PRINT_ANY, "addr", " %s", format_ip(addr, abuf, sizeof(abuf)));
	if (mac) {
		char macbuf[18];

		print_string(PRINT_ANY, "mac", " %s",
			     format_mac(mac, macbuf, sizeof(macbuf)));
	}
	if (tb[VSW_A_FDB_VLAN])
		print_uint(PRINT_ANY, "vlan", " vlan %llu",
			   nla_u16(tb[VSW_A_FDB_VLAN], 0));
	print_string(PRINT_ANY, "type", " %s", type);
	/* Seconds left; a lease without them never expires. */
	if (tb[VSW_A_BIND_EXPIRES])
		print_uint(PRINT_ANY, "expires", " expires %llu",
			   nla_u32(tb[VSW_A_BIND_EXPIRES], 0));
	else if (t == VSW_BIND_DHCP)
		print_string(PRINT_FP, NULL, " expires %s", "never");
	print_nl();
	print_close_object();
	return MNL_CB_OK;
}

static int binding_show(int argc, char **argv)
{
	if (argc < 1)
		die("missing SWITCH for \"binding show\"");
	if (argc > 1)
		die("unknown argument \"%s\"", argv[1]);
	check_dev(argv[0]);
	vsw_show(VSW_CMD_BINDING_GET, argv[0], binding_print, NULL);
	return 0;
}

static const struct cmd cmds[] = {
	{ "show",	binding_show },
	{ NULL,		NULL },
};

int do_binding(int argc, char **argv)
{
	return dispatch(cmds, usage, NULL, argc, argv);
}
