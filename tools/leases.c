// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl lease show: the leases of a switch's dnsmasq, from the lease file
 * in its run directory.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "vswctl.h"
#include "dnsmasq.h"

static void lease_usage(FILE *f)
{
	fprintf(f,
		"Usage: vswctl [ -j ] lease show SWITCH\n"
		"       vswctl lease help\n"
		"Where: SWITCH := a host-only or nat switch with dhcp on\n"
		"Prints: ADDRESS lladdr MAC hostname { NAME | - } expires { SECONDS | never }\n");
}

/* One line of dnsmasq's lease file: EXPIRY MAC IP HOSTNAME CLIENT-ID. */
static void lease_print(const char *line, time_t now)
{
	char mac[64], ip[64], host[256];
	unsigned long long expiry;
	struct in_addr in;

	if (sscanf(line, "%llu %63s %63s %255s", &expiry, mac, ip, host) != 4 ||
	    inet_pton(AF_INET, ip, &in) != 1)
		return;		/* "duid ..." and DHCPv6 leases */
	print_open_object(NULL);
	print_string(PRINT_ANY, "address", "%s", ip);
	print_string(PRINT_ANY, "lladdr", " lladdr %s", mac);
	if (strcmp(host, "*"))
		print_string(PRINT_ANY, "hostname", " hostname %s", host);
	else
		print_number(PRINT_ANY, "hostname", " hostname -", "null");
	if (expiry)
		print_uint(PRINT_ANY, "expires", " expires %llu",
			   expiry > (unsigned long long)now ?
			   expiry - (unsigned long long)now : 0);
	else
		print_number(PRINT_ANY, "expires", " expires never", "null");
	print_nl();
	print_close_object();
}

static int lease_show(int argc, char **argv)
{
	char path[PATH_MAX];
	struct run r;
	FILE *f;

	if (argc < 1)
		die("missing SWITCH for \"lease show\"");
	if (argc > 1)
		die("unknown argument \"%s\"", argv[1]);
	check_dev(argv[0]);
	vsw_switch_ifindex(argv[0]);
	run_dir(argv[0], &r);
	path_join(path, r.dir, "leases");

	print_start();
	f = fopen(path, "re");
	if (f) {
		time_t now = time(NULL);
		char line[1024];

		while (fgets(line, sizeof(line), f))
			lease_print(line, now);
		fclose(f);
	} else if (errno != ENOENT) {
		print_end();
		die("cannot read %s: %s", path, strerror(errno));
	}
	print_end();
	return 0;
}

static const struct cmd lease_cmds[] = {
	{ "show",	lease_show },
	{ NULL,		NULL },
};

int do_lease(int argc, char **argv)
{
	return dispatch(lease_cmds, lease_usage, NULL, argc, argv);
}
