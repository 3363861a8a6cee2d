// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl nat: a nat switch's translations, timeouts and port forwards
 * (generic netlink VSW_CMD_NAT_SET and VSW_CMD_FWD_*; the translations
 * themselves are read from conntrack, see ct.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <linux/genetlink.h>
#include <linux/vswitch.h>

#include "vswctl.h"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: vswctl nat show SWITCH\n"
		"       vswctl nat set SWITCH [ udp-timeout S ] [ tcp-timeout S ]\n"
		"                             [ tcp-established-timeout S ]\n"
		"       vswctl nat forward add SWITCH PROTO [ HOST-ADDRESS: ]HOST-PORT\n"
		"                             GUEST-ADDRESS[ :GUEST-PORT ] [ name NAME ]\n"
		"       vswctl nat forward del SWITCH { NAME | PROTO [ HOST-ADDRESS: ]HOST-PORT }\n"
		"       vswctl nat forward show [ SWITCH ]\n"
		"       vswctl nat help\n"
		"Where: SWITCH := name of a nat switch\n"
		"       PROTO := { tcp | udp }\n"
		"       S := seconds, 1..%u, or \"default\" (the kernel's)\n"
		"       NAME := up to %u characters (default PROTO-HOST-PORT)\n"
		"show lists the switch's live translations, from conntrack.\n"
		"A forward without HOST-ADDRESS listens on every address of the\n"
		"host, 127.0.0.1 included; GUEST-PORT defaults to HOST-PORT.\n",
		(unsigned int)VSW_NAT_TIMEOUT_MAX, (unsigned int)VSW_FWD_NAME_LEN - 1);
}

/* ---- show ---- */

static int zone_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VSW_A_MAX + 1];
	int *zone = data;

	nl_parse(nlh, sizeof(struct genlmsghdr), tb, VSW_A_MAX);
	if (tb[VSW_A_NAT_ZONE])
		*zone = nla_u16(tb[VSW_A_NAT_ZONE], 0);
	return MNL_CB_OK;
}

static int nat_show(int argc, char **argv)
{
	int zone = -1;

	if (argc < 1)
		die("missing SWITCH for \"nat show\"");
	if (argc > 1)
		die("unknown argument \"%s\"", argv[1]);
	check_dev(argv[0]);
	vsw_get(VSW_CMD_SWITCH_GET, argv[0], zone_cb, &zone);
	if (zone < 0)
		die("%s is not a nat switch", argv[0]);
	return ct_show_zone((uint16_t)zone, argv[0]);
}

/* ---- set ---- */

static uint32_t parse_timeout(const char *kw, const char *s)
{
	if (!strcmp(s, "default"))
		return 0;
	return parse_u32(kw, s, 1, VSW_NAT_TIMEOUT_MAX);
}

static int nat_set(int argc, char **argv)
{
	static const struct {
		const char *kw;
		uint16_t attr;
	} kws[] = {
		{ "udp-timeout",		VSW_A_NAT_UDP_TIMEOUT },
		{ "tcp-timeout",		VSW_A_NAT_TCP_TIMEOUT },
		{ "tcp-established-timeout",	VSW_A_NAT_TCP_EST_TIMEOUT },
	};
	bool seen[3] = { false };
	uint32_t val[3];
	char buf[NL_BUF_SIZE];
	struct nlmsghdr *nlh;
	const char *sw;
	size_t i;
	int err, n = 0;

	if (argc < 1)
		die("missing SWITCH for \"nat set\"");
	sw = argv[0];
	for (argc--, argv++; argc > 0; argc--, argv++) {
		for (i = 0; i < 3; i++)
			if (!strcmp(argv[0], kws[i].kw))
				break;
		if (i == 3)
			die("unknown argument \"%s\"", argv[0]);
		arg_once(&seen[i], kws[i].kw);
		val[i] = parse_timeout(kws[i].kw, arg_value(&argc, &argv));
		n++;
	}
	if (!n)
		die("nothing to set for \"nat set\"");
	check_dev(sw);
	nlh = vsw_msg(buf, VSW_CMD_NAT_SET, 0, sw);
	for (i = 0; i < 3; i++)
		if (seen[i])
			mnl_attr_put_u32(nlh, kws[i].attr, val[i]);
	err = genl_request(nlh, NULL, NULL);
	if (err)
		nl_die(err);
	return 0;
}

/* ---- forwards ---- */

static uint8_t parse_proto(const char *s)
{
	if (!strcmp(s, "tcp"))
		return IPPROTO_TCP;
	if (!strcmp(s, "udp"))
		return IPPROTO_UDP;
	die("PROTO must be tcp or udp, not \"%s\"", s);
}

static uint16_t parse_port(const char *what, const char *s)
{
	return (uint16_t)parse_u32(what, s, 1, 65535);
}

/*
 * [ADDRESS:]PORT (host side) or ADDRESS[:PORT] (guest side). *addr is set
 * only if an address was given.
 */
static void parse_endpoint(bool host, const char *s, struct in_addr *addr,
			   bool *has_addr, uint16_t *port, bool *has_port)
{
	const char *aname = host ? "HOST-ADDRESS" : "GUEST-ADDRESS";
	const char *pname = host ? "HOST-PORT" : "GUEST-PORT";
	const char *colon = strrchr(s, ':');
	const char *a = NULL, *p = NULL;
	char tmp[64];

	if (strlen(s) >= sizeof(tmp))
		die("%s \"%s\" is too long", host ? pname : aname, s);
	strcpy(tmp, s);
	if (colon) {
		tmp[colon - s] = '\0';
		a = tmp;
		p = colon + 1;
	} else if (host) {
		p = tmp;
	} else {
		a = tmp;
	}
	*has_addr = false;
	*has_port = false;
	if (a) {
		if (inet_pton(AF_INET, a, addr) != 1)
			die("%s \"%s\" is not an IPv4 address", aname, a);
		*has_addr = true;
	}
	if (p) {
		*port = parse_port(pname, p);
		*has_port = true;
	}
}

static int fwd_add(int argc, char **argv)
{
	struct in_addr haddr, gaddr;
	bool has_haddr, has_hport, has_gaddr, has_gport, has_name = false;
	uint16_t hport = 0, gport = 0;
	const char *sw, *name = NULL;
	char buf[NL_BUF_SIZE];
	struct nlmsghdr *nlh;
	uint8_t proto;
	int err;

	if (argc < 4)
		die("usage: vswctl nat forward add SWITCH PROTO [HOST-ADDRESS:]HOST-PORT GUEST-ADDRESS[:GUEST-PORT] [name NAME]");
	sw = argv[0];
	proto = parse_proto(argv[1]);
	parse_endpoint(true, argv[2], &haddr, &has_haddr, &hport, &has_hport);
	parse_endpoint(false, argv[3], &gaddr, &has_gaddr, &gport, &has_gport);
	for (argc -= 4, argv += 4; argc > 0; argc--, argv++) {
		if (!strcmp(argv[0], "name")) {
			arg_once(&has_name, "name");
			name = arg_value(&argc, &argv);
			if (!*name || strlen(name) >= VSW_FWD_NAME_LEN)
				die("NAME must be 1 to %u characters",
				    VSW_FWD_NAME_LEN - 1);
			if (strpbrk(name, " \t\n:") ||
			    !strcmp(name, "tcp") || !strcmp(name, "udp"))
				die("\"%s\" cannot be a forward's name", name);
		} else {
			die("unknown argument \"%s\"", argv[0]);
		}
	}
	check_dev(sw);
	nlh = vsw_msg(buf, VSW_CMD_FWD_NEW, 0, sw);
	mnl_attr_put_u8(nlh, VSW_A_FWD_PROTO, proto);
	if (has_haddr)
		mnl_attr_put(nlh, VSW_A_FWD_HOST_ADDR, 4, &haddr.s_addr);
	mnl_attr_put_u16(nlh, VSW_A_FWD_HOST_PORT, hport);
	mnl_attr_put(nlh, VSW_A_FWD_GUEST_ADDR, 4, &gaddr.s_addr);
	if (has_gport)
		mnl_attr_put_u16(nlh, VSW_A_FWD_GUEST_PORT, gport);
	if (name)
		mnl_attr_put_strz(nlh, VSW_A_FWD_NAME, name);
	err = genl_request(nlh, NULL, NULL);
	if (err)
		nl_die(err);
	return 0;
}

static int fwd_del(int argc, char **argv)
{
	bool has_haddr, has_hport;
	struct in_addr haddr;
	char buf[NL_BUF_SIZE];
	struct nlmsghdr *nlh;
	uint16_t hport = 0;
	int err;

	if (argc < 2)
		die("usage: vswctl nat forward del SWITCH { NAME | PROTO [HOST-ADDRESS:]HOST-PORT }");
	nlh = vsw_msg(buf, VSW_CMD_FWD_DEL, 0, argv[0]);
	if (!strcmp(argv[1], "tcp") || !strcmp(argv[1], "udp")) {
		if (argc < 3)
			die("missing HOST-PORT after \"%s\"", argv[1]);
		if (argc > 3)
			die("unknown argument \"%s\"", argv[3]);
		parse_endpoint(true, argv[2], &haddr, &has_haddr, &hport,
			       &has_hport);
		mnl_attr_put_u8(nlh, VSW_A_FWD_PROTO, parse_proto(argv[1]));
		mnl_attr_put_u16(nlh, VSW_A_FWD_HOST_PORT, hport);
	} else {
		if (argc > 2)
			die("unknown argument \"%s\"", argv[2]);
		mnl_attr_put_strz(nlh, VSW_A_FWD_NAME, argv[1]);
	}
	check_dev(argv[0]);
	err = genl_request(nlh, NULL, NULL);
	if (err)
		nl_die(err);
	return 0;
}

static const char *ip_str(const struct nlattr *a, char *buf)
{
	const uint32_t *ip = nla_bin(a, 4);

	if (!ip)
		return "?";
	return inet_ntop(AF_INET, ip, buf, INET_ADDRSTRLEN);
}

static int fwd_print(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VSW_A_MAX + 1];
	char ha[INET_ADDRSTRLEN], ga[INET_ADDRSTRLEN], ifbuf[IF_NAMESIZE];
	const uint32_t *host;
	const uint8_t *proto;
	char ep[64];

	nl_parse(nlh, sizeof(struct genlmsghdr), tb, VSW_A_MAX);
	host = nla_bin(tb[VSW_A_FWD_HOST_ADDR], 4);

	print_open_object(NULL);
	print_string(PRINT_ANY, "name", "%s", nla_str(tb[VSW_A_FWD_NAME]) ?: "?");
	print_string(PRINT_ANY, "switch", " switch %s",
		     attr_ifname(tb[VSW_A_IFNAME], tb[VSW_A_IFINDEX], ifbuf) ?: "?");
	proto = nla_bin(tb[VSW_A_FWD_PROTO], 1);
	print_string(PRINT_ANY, "proto", " %s",
		     proto && *proto == IPPROTO_UDP ? "udp" : "tcp");
	/* Text: "*:2222" for every address; JSON: the address, 0.0.0.0. */
	snprintf(ep, sizeof(ep), "%s:%u",
		 host && *host ? ip_str(tb[VSW_A_FWD_HOST_ADDR], ha) : "*",
		 nla_u16(tb[VSW_A_FWD_HOST_PORT], 0));
	print_string(PRINT_FP, NULL, " %s", ep);
	print_string(PRINT_JSON, "host_address", NULL,
		     ip_str(tb[VSW_A_FWD_HOST_ADDR], ha));
	print_uint(PRINT_JSON, "host_port", NULL,
		   nla_u16(tb[VSW_A_FWD_HOST_PORT], 0));
	snprintf(ep, sizeof(ep), "%s:%u", ip_str(tb[VSW_A_FWD_GUEST_ADDR], ga),
		 nla_u16(tb[VSW_A_FWD_GUEST_PORT], 0));
	print_string(PRINT_FP, NULL, " to %s", ep);
	print_string(PRINT_JSON, "guest_address", NULL, ga);
	print_uint(PRINT_JSON, "guest_port", NULL,
		   nla_u16(tb[VSW_A_FWD_GUEST_PORT], 0));
	print_nl();
	print_close_object();
	return MNL_CB_OK;
}

static int fwd_show(int argc, char **argv)
{
	return vsw_show_cmd(argc, argv, VSW_CMD_FWD_GET, fwd_print);
}

static const struct cmd fwd_cmds[] = {
	{ "add",	fwd_add },
	{ "del",	fwd_del },
	{ "show",	fwd_show },
	{ NULL,		NULL },
};

static int nat_forward(int argc, char **argv)
{
	return dispatch(fwd_cmds, usage, "show", argc, argv);
}

static const struct cmd cmds[] = {
	{ "show",	nat_show },
	{ "set",	nat_set },
	{ "forward",	nat_forward },
	{ NULL,		NULL },
};

int do_nat(int argc, char **argv)
{
	return dispatch(cmds, usage, NULL, argc, argv);
}
