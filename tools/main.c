// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl: control tool for vswitch, the virtual switch for hypervisor
 * guests. Global options and the object table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vswctl.h"

int opt_json;
int opt_pretty;
int opt_stats;

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: vswctl [ OPTIONS ] OBJECT { COMMAND | help }\n"
		"       vswctl help\n"
		"       vswctl -V\n"
		"Where: OBJECT := { switch | port | fdb | nat | lease | binding | mirror |\n"
		"                   monitor }\n"
		"       OPTIONS := { -j | -p | -s }\n"
		"           -j, --json        JSON output\n"
		"           -p, --pretty      indented JSON output (implies -j)\n"
		"           -s, --stats       also print counters\n");
}

static int do_help(int argc, char **argv)
{
	usage(stdout);
	return 0;
}

static const struct cmd objects[] = {
	{ "switch",	do_switch },
	{ "port",	do_port },
	{ "fdb",	do_fdb },
	{ "nat",	do_nat },
	{ "lease",	do_lease },
	{ "binding",	do_binding },
	{ "mirror",	do_mirror },
	{ "monitor",	do_monitor },
	{ "help",	do_help },
	{ NULL,		NULL },
};

/*
 * Run the command argv[0] of cmds. No command: dflt, or usage and exit 1.
 * "help" anywhere among the words prints the object's usage.
 */
int dispatch(const struct cmd *cmds, void (*obj_usage)(FILE *),
	     const char *dflt, int argc, char **argv)
{
	const struct cmd *c;
	const char *name;
	int i;

	for (i = 0; i < argc; i++) {
		if (is_help(argv[i])) {
			obj_usage(stdout);
			return 0;
		}
	}
	if (argc == 0 && !dflt) {
		obj_usage(stderr);
		return 1;
	}
	name = argc ? argv[0] : dflt;
	for (c = cmds; c->name; c++)
		if (!strcmp(c->name, name))
			return c->fn(argc ? argc - 1 : 0, argv + (argc ? 1 : 0));
	die("unknown argument \"%s\"", name);
}

static const struct {
	const char *s, *l;
	int *flag;
} options[] = {
	{ "-j", "--json",	&opt_json },
	{ "-p", "--pretty",	&opt_pretty },
	{ "-s", "--stats",	&opt_stats },
};

int main(int argc, char **argv)
{
	const struct cmd *c;

	argc--;
	argv++;
	while (argc > 0 && argv[0][0] == '-') {
		const char *a = argv[0];
		size_t i;

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		}
		if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
			printf("vswctl %s\n", VSWCTL_VERSION);
			return 0;
		}
		for (i = 0; i < sizeof(options) / sizeof(options[0]); i++) {
			if (!strcmp(a, options[i].s) || !strcmp(a, options[i].l)) {
				*options[i].flag = 1;
				break;
			}
		}
		if (i == sizeof(options) / sizeof(options[0]))
			die("unknown option \"%s\"", a);
		argc--;
		argv++;
	}
	if (opt_pretty)
		opt_json = 1;

	if (argc == 0) {
		usage(stderr);
		return 1;
	}
	for (c = objects; c->name; c++)
		if (!strcmp(c->name, argv[0]))
			return c->fn(argc - 1, argv + 1);
	die("unknown argument \"%s\"", argv[0]);
}
