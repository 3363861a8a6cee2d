// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl mirror: port mirrors, copies of what source ports receive and
 * send, to a destination port (generic netlink VSW_CMD_MIRROR_*).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/vswitch.h>

#include "vswctl.h"

#define DIR_BOTH	(VSW_MIRROR_RX | VSW_MIRROR_TX)

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: vswctl mirror add SWITCH NAME from DEV[,DEV...] [ DIR ] to DEV\n"
		"       vswctl mirror del SWITCH NAME\n"
		"       vswctl mirror show [ SWITCH ]\n"
		"       vswctl mirror help\n"
		"Where: SWITCH := name of a vswitch device\n"
		"       NAME := the mirror's name, up to %u characters\n"
		"       from DEV: the source ports, %u at most, each the source of one\n"
		"                 mirror at most\n"
		"       DIR := { rx | tx | both }: the frames a source receives from its\n"
		"              guest, those sent to it, or both (the default)\n"
		"       to DEV: the destination, a guest port that is not a source; it\n"
		"               gets an exact copy of the sources' frames and carries\n"
		"               nothing else while the mirror exists\n"
		"The host's own traffic is captured on the switch device (tcpdump -i SWITCH).\n",
		(unsigned int)VSW_MIRROR_NAME_LEN - 1,
		(unsigned int)VSW_MIRROR_FROM_MAX);
}

static const char *const dir_names[] = {
	[VSW_MIRROR_RX]	= "rx",
	[VSW_MIRROR_TX]	= "tx",
	[DIR_BOTH]	= "both",
};

static bool is_keyword(const char *s)
{
	return !strcmp(s, "from") || !strcmp(s, "to") || !strcmp(s, "rx") ||
	       !strcmp(s, "tx") || !strcmp(s, "both");
}

static void check_name(const char *name)
{
	if (!*name || strlen(name) >= VSW_MIRROR_NAME_LEN)
		die("NAME must be 1 to %u characters, not \"%s\"",
		    (unsigned int)VSW_MIRROR_NAME_LEN - 1, name);
	if (strpbrk(name, " \t\n,") || is_keyword(name))
		die("\"%s\" cannot be a mirror's name", name);
}

/* The source list: device names, each once; resolved later. */
static unsigned int split_from(const char *s, char names[][IF_NAMESIZE])
{
	const char *p = s;
	unsigned int n = 0, i;

	for (;;) {
		size_t len = strcspn(p, ",");

		if (!len)
			die("from: empty item in \"%s\"", s);
		if (n == VSW_MIRROR_FROM_MAX)
			die("from: more than %u devices",
			    (unsigned int)VSW_MIRROR_FROM_MAX);
		if (len >= IF_NAMESIZE)
			die("from: invalid device name \"%.*s\"", (int)len, p);
		snprintf(names[n], IF_NAMESIZE, "%.*s", (int)len, p);
		for (i = 0; i < n; i++)
			if (!strcmp(names[i], names[n]))
				die("from: \"%s\" given twice", names[n]);
		n++;
		p += len;
		if (!*p)
			break;
		p++;	/* the comma */
	}
	return n;
}

static uint32_t resolve(const char *kw, const char *name)
{
	uint32_t ifindex = if_nametoindex(name);

	if (!ifindex)
		die("%s: no device \"%s\"", kw, name);
	return ifindex;
}

static int mirror_add(int argc, char **argv)
{
	char names[VSW_MIRROR_FROM_MAX][IF_NAMESIZE];
	uint32_t from[VSW_MIRROR_FROM_MAX];
	bool has_from = false, has_to = false;
	const char *sw, *name, *to = NULL, *dir_kw = NULL;
	char buf[NL_BUF_SIZE];
	struct nlmsghdr *nlh;
	unsigned int n = 0, i;
	uint8_t dir = DIR_BOTH;
	uint32_t to_ifindex;
	int err;

	if (argc < 1)
		die("missing SWITCH for \"mirror add\"");
	if (argc < 2)
		die("missing NAME for \"mirror add\"");
	sw = argv[0];
	name = argv[1];
	check_ifname(sw);
	check_name(name);
	for (argc -= 2, argv += 2; argc > 0; argc--, argv++) {
		const char *kw = argv[0];

		if (!strcmp(kw, "from")) {
			arg_once(&has_from, kw);
			n = split_from(arg_value(&argc, &argv), names);
		} else if (!strcmp(kw, "to")) {
			arg_once(&has_to, kw);
			to = check_ifname(arg_value(&argc, &argv));
		} else if (!strcmp(kw, "rx") || !strcmp(kw, "tx") ||
			   !strcmp(kw, "both")) {
			if (dir_kw)
				die("%s: not together with \"%s\"", kw, dir_kw);
			dir_kw = kw;
			dir = !strcmp(kw, "rx") ? VSW_MIRROR_RX :
			      !strcmp(kw, "tx") ? VSW_MIRROR_TX : DIR_BOTH;
		} else {
			die("unknown argument \"%s\"", kw);
		}
	}
	if (!has_from)
		die("missing \"from DEV[,DEV...]\" for \"mirror add\"");
	if (!has_to)
		die("missing \"to DEV\" for \"mirror add\"");
	for (i = 0; i < n; i++)
		if (!strcmp(names[i], to))
			die("to: \"%s\" is also a source", to);

	check_dev(sw);
	for (i = 0; i < n; i++)
		from[i] = resolve("from", names[i]);
	to_ifindex = resolve("to", to);
	nlh = vsw_msg(buf, VSW_CMD_MIRROR_NEW, 0, sw);
	mnl_attr_put_strz(nlh, VSW_A_MIRROR_NAME, name);
	mnl_attr_put(nlh, VSW_A_MIRROR_FROM, n * sizeof(from[0]), from);
	mnl_attr_put_u8(nlh, VSW_A_MIRROR_DIR, dir);
	mnl_attr_put_u32(nlh, VSW_A_MIRROR_TO, to_ifindex);
	err = genl_request(nlh, NULL, NULL);
	if (err)
		nl_die(err);
	return 0;
}

static int mirror_del(int argc, char **argv)
{
	char buf[NL_BUF_SIZE];
	struct nlmsghdr *nlh;
	int err;

	if (argc < 1)
		die("missing SWITCH for \"mirror del\"");
	if (argc < 2)
		die("missing NAME for \"mirror del\"");
	if (argc > 2)
		die("unknown argument \"%s\"", argv[2]);
	if (!*argv[1] || strlen(argv[1]) >= VSW_MIRROR_NAME_LEN)
		die("NAME must be 1 to %u characters, not \"%s\"",
		    (unsigned int)VSW_MIRROR_NAME_LEN - 1, argv[1]);
	check_dev(argv[0]);
	nlh = vsw_msg(buf, VSW_CMD_MIRROR_DEL, 0, argv[0]);
	mnl_attr_put_strz(nlh, VSW_A_MIRROR_NAME, argv[1]);
	err = genl_request(nlh, NULL, NULL);
	if (err)
		nl_die(err);
	return 0;
}

/*
 * A port by ifindex: its name, or the number (JSON: a number) if it has
 * none any more. Returns the text printed.
 */
static const char *print_port(enum print_type t, const char *key,
			      const char *fmt, uint32_t ifindex,
			      char buf[IF_NAMESIZE])
{
	if (if_indextoname(ifindex, buf)) {
		print_string(t, key, fmt, buf);
	} else {
		snprintf(buf, IF_NAMESIZE, "%u", ifindex);
		print_number(t, key, fmt, buf);
	}
	return buf;
}

static int mirror_print(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[VSW_A_MAX + 1], *a;
	char sbuf[IF_NAMESIZE], pbuf[IF_NAMESIZE], list[512];
	const char *sw, *name;
	const uint8_t *from = NULL;
	unsigned int n = 0, i;
	size_t off = 0;
	uint8_t dir;

	nl_parse(nlh, sizeof(struct genlmsghdr), tb, VSW_A_MAX);
	sw = attr_ifname(tb[VSW_A_IFNAME], tb[VSW_A_IFINDEX], sbuf);
	name = nla_str(tb[VSW_A_MIRROR_NAME]);
	if (!sw || !name)
		return MNL_CB_OK;
	a = tb[VSW_A_MIRROR_FROM];
	if (a && mnl_attr_get_payload_len(a) % sizeof(uint32_t) == 0) {
		n = mnl_attr_get_payload_len(a) / sizeof(uint32_t);
		from = mnl_attr_get_payload(a);
	}

	print_open_object(NULL);
	print_string(PRINT_ANY, "switch", "%s", sw);
	print_string(PRINT_ANY, "name", " %s", name);
	/* Text: "from vp1,vp2"; JSON: a list of names. */
	list[0] = '\0';
	print_open_array("from");
	for (i = 0; i < n; i++) {
		const char *port;
		uint32_t ifindex;

		memcpy(&ifindex, from + i * sizeof(ifindex), sizeof(ifindex));
		port = print_port(PRINT_JSON, NULL, NULL, ifindex, pbuf);
		if (off < sizeof(list))
			off += snprintf(list + off, sizeof(list) - off, "%s%s",
					i ? "," : "", port);
	}
	print_close_array();
	print_string(PRINT_FP, NULL, " from %s", n ? list : "-");
	dir = nla_u8(tb[VSW_A_MIRROR_DIR], DIR_BOTH);
	if (dir && dir <= DIR_BOTH) {
		print_string(PRINT_ANY, "dir", " %s", dir_names[dir]);
	} else {
		char num[8];

		snprintf(num, sizeof(num), "%u", dir);
		print_number(PRINT_ANY, "dir", " %s", num);
	}
	print_port(PRINT_ANY, "to", " to %s", nla_u32(tb[VSW_A_MIRROR_TO], 0),
		   pbuf);
	print_nl();
	print_close_object();
	return MNL_CB_OK;
}

static int mirror_show(int argc, char **argv)
{
	return vsw_show_cmd(argc, argv, VSW_CMD_MIRROR_GET, mirror_print);
}

static const struct cmd cmds[] = {
	{ "add",	mirror_add },
	{ "del",	mirror_del },
	{ "show",	mirror_show },
	{ NULL,		NULL },
};

int do_mirror(int argc, char **argv)
{
	return dispatch(cmds, usage, "show", argc, argv);
}
