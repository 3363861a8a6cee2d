// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl monitor: print the events of the "events" multicast group, one
 * line each, until SIGINT or SIGTERM.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/vswitch.h>

#include "vswctl.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: vswctl [ -j ] monitor\n"
		"       vswctl monitor help\n"
		"Where: events are printed one per line until SIGINT or SIGTERM:\n"
		"       { learned | moved | added | aged | deleted } MAC dev DEV vlan VID switch SWITCH\n"
		"       { port-added | port-removed } DEV switch SWITCH [ uplink ]\n"
		"       port-shut DEV switch SWITCH by bpdu-guard\n");
}

static const char *const fdb_events[__VSW_EVENT_MAX] = {
	[VSW_EVENT_LEARNED]	= "learned",
	[VSW_EVENT_MOVED]	= "moved",
	[VSW_EVENT_ADDED]	= "added",
	[VSW_EVENT_AGED]	= "aged",
	[VSW_EVENT_DELETED]	= "deleted",
};

static void print_fdb_event(const struct nlattr **tb, uint8_t cmd)
{
	uint32_t ev = nla_u32(tb[VSW_A_EVENT], VSW_EVENT_NONE);
	char swbuf[IF_NAMESIZE], devbuf[IF_NAMESIZE], macbuf[18];
	const char *name = ev < __VSW_EVENT_MAX ? fdb_events[ev] : NULL;
	const char *sw, *dev;
	const uint8_t *mac = nla_bin(tb[VSW_A_FDB_MAC], 6);

	if (!mac)
		return;
	if (!name)
		name = cmd == VSW_CMD_FDB_NEW ? "fdb-new" : "fdb-del";
	sw = attr_ifname(tb[VSW_A_IFNAME], tb[VSW_A_IFINDEX], swbuf);
	if (!sw)
		sw = "?";
	dev = attr_ifname(tb[VSW_A_PORT_IFNAME], tb[VSW_A_PORT_IFINDEX], devbuf);
	if (!dev)
		dev = sw;	/* local entry: the switch device */

	print_open_object(NULL);
	print_string(PRINT_ANY, "event", "%s", name);
	print_string(PRINT_ANY, "mac", " %s", format_mac(mac, macbuf, sizeof(macbuf)));
	print_string(PRINT_ANY, "dev", " dev %s", dev);
	print_uint(PRINT_ANY, "vlan", " vlan %llu", nla_u16(tb[VSW_A_FDB_VLAN], 0));
	print_string(PRINT_ANY, "switch", " switch %s", sw);
	print_nl();
	print_close_object();
}

static void print_port_event(const struct nlattr **tb, uint8_t cmd)
{
	char swbuf[IF_NAMESIZE], devbuf[IF_NAMESIZE];
	const char *sw = attr_ifname(tb[VSW_A_IFNAME], tb[VSW_A_IFINDEX], swbuf);
	const char *dev = attr_ifname(tb[VSW_A_PORT_IFNAME],
				      tb[VSW_A_PORT_IFINDEX], devbuf);

	if (!sw)
		sw = "?";
	if (!dev)
		dev = "?";

	print_open_object(NULL);
	print_string(PRINT_ANY, "event", "%s",
		     cmd == VSW_CMD_PORT_NEW ? "port-added" : "port-removed");
	print_string(PRINT_ANY, "dev", " %s", dev);
	print_string(PRINT_ANY, "switch", " switch %s", sw);
	print_bool(PRINT_ANY, "uplink", " uplink", !!tb[VSW_A_PORT_UPLINK]);
	print_nl();
	print_close_object();
}

/* A port's BPDU guard shut it. */
static void print_shut_event(const struct nlattr **tb)
{
	char swbuf[IF_NAMESIZE], devbuf[IF_NAMESIZE];
	const char *sw = attr_ifname(tb[VSW_A_IFNAME], tb[VSW_A_IFINDEX], swbuf);
	const char *dev = attr_ifname(tb[VSW_A_PORT_IFNAME],
				      tb[VSW_A_PORT_IFINDEX], devbuf);

	if (nla_u32(tb[VSW_A_EVENT], VSW_EVENT_NONE) != VSW_EVENT_SHUT ||
	    nla_u8(tb[VSW_A_PORT_SHUT], VSW_SHUT_NO) != VSW_SHUT_BPDU_GUARD)
		return;		/* a newer kernel's reason */
	print_open_object(NULL);
	print_string(PRINT_ANY, "event", "%s", "port-shut");
	print_string(PRINT_ANY, "dev", " %s", dev ? dev : "?");
	print_string(PRINT_ANY, "switch", " switch %s", sw ? sw : "?");
	print_string(PRINT_ANY, "by", " by %s", "bpdu-guard");
	print_nl();
	print_close_object();
}

static int event_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[VSW_A_MAX + 1];

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*g))
		return MNL_CB_OK;
	nl_parse(nlh, sizeof(*g), tb, VSW_A_MAX);
	switch (g->cmd) {
	case VSW_CMD_FDB_NEW:
	case VSW_CMD_FDB_DEL:
		print_fdb_event(tb, g->cmd);
		break;
	case VSW_CMD_PORT_NEW:
	case VSW_CMD_PORT_DEL:
		print_port_event(tb, g->cmd);
		break;
	case VSW_CMD_PORT_SET:
		print_shut_event(tb);
		break;
	default:
		return MNL_CB_OK;	/* newer kernel, newer event */
	}
	fflush(stdout);
	if (ferror(stdout))
		exit(1);
	return MNL_CB_OK;
}

int do_monitor(int argc, char **argv)
{
	struct sigaction sa;
	sigset_t block, orig;
	struct pollfd pfd;

	if (argc > 0) {
		if (is_help(argv[0])) {
			usage(stdout);
			return 0;
		}
		die("unknown argument \"%s\"", argv[0]);
	}

	/* Signals only arrive inside ppoll, so no event line is cut short. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &orig);
	sigdelset(&orig, SIGINT);
	sigdelset(&orig, SIGTERM);

	setvbuf(stdout, NULL, _IOLBF, 0);
	pfd.fd = genl_events_open();
	pfd.events = POLLIN;

	while (!stop) {
		int err;

		if (ppoll(&pfd, 1, NULL, &orig) < 0) {
			if (errno == EINTR)
				continue;
			die("poll: %s", strerror(errno));
		}
		err = genl_events_recv(event_cb, NULL);
		if (err == -EINTR || err == -EAGAIN)
			continue;
		if (err == -ENOBUFS) {
			fprintf(stderr, "Warning: events lost: receive queue overflow\n");
			continue;
		}
		if (err)
			nl_die(err);
	}
	return 0;
}
