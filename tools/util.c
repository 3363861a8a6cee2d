// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl: command line parsing helpers and the mode table.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <sys/socket.h>
#include <linux/vswitch.h>

#include "vswctl.h"

void die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("vswctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n);

	if (!q)
		die("out of memory");
	return q;
}

bool is_help(const char *s)
{
	return !strcmp(s, "help");
}

/*
 * The value following a keyword: **argv is the keyword; on return it is the
 * value. Missing value: an error naming the keyword.
 */
const char *arg_value(int *argc, char ***argv)
{
	const char *kw = **argv;

	if (*argc < 2)
		die("missing value for \"%s\"", kw);
	(*argc)--;
	(*argv)++;
	return **argv;
}

void arg_once(bool *seen, const char *kw)
{
	if (*seen)
		die("duplicate argument \"%s\"", kw);
	*seen = true;
}

uint32_t parse_u32(const char *kw, const char *s, uint32_t min, uint32_t max)
{
	unsigned long long v;
	char *end;

	/* Decimal digits only: no sign, no spaces, no hex. */
	if (!*s || strspn(s, "0123456789") != strlen(s))
		die("invalid %s \"%s\"", kw, s);
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v < min || v > max)
		die("%s \"%s\" out of range (%u..%u)", kw, s, min, max);
	return (uint32_t)v;
}

bool parse_on_off(const char *kw, const char *s)
{
	if (!strcmp(s, "on"))
		return true;
	if (!strcmp(s, "off"))
		return false;
	die("invalid %s \"%s\" (on | off)", kw, s);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Exactly xx:xx:xx:xx:xx:xx, two hex digits per byte. */
void parse_mac(const char *s, uint8_t mac[6])
{
	int i;

	if (strlen(s) != 17)
		goto bad;
	for (i = 0; i < 6; i++) {
		int hi = hexval(s[i * 3]), lo = hexval(s[i * 3 + 1]);

		if (hi < 0 || lo < 0 || (i < 5 && s[i * 3 + 2] != ':'))
			goto bad;
		mac[i] = (uint8_t)(hi << 4 | lo);
	}
	return;
bad:
	die("invalid MAC address \"%s\"", s);
}

const char *format_mac(const uint8_t *mac, char *buf, size_t len)
{
	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x",
		 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	return buf;
}

const char *format_ip(const uint8_t *addr, char *buf, size_t len)
{
	static const uint8_t mapped[12] = { [10] = 0xff, [11] = 0xff };

	if (!memcmp(addr, mapped, sizeof(mapped))) {
		if (!inet_ntop(AF_INET, addr + 12, buf, (socklen_t)len))
			snprintf(buf, len, "?");
	} else if (!inet_ntop(AF_INET6, addr, buf, (socklen_t)len)) {
		snprintf(buf, len, "?");
	}
	return buf;
}

/* A device name that fits the kernel's limits; the device need not exist. */
const char *check_ifname(const char *name)
{
	if (!*name || strlen(name) >= IFNAMSIZ)
		die("invalid device name \"%s\"", name);
	return name;
}

/* A device that must exist in this network namespace. */
unsigned int check_dev(const char *name)
{
	unsigned int ifindex;

	check_ifname(name);
	ifindex = if_nametoindex(name);
	if (!ifindex)
		die("device \"%s\" does not exist", name);
	return ifindex;
}

const char *ifname_of(uint32_t ifindex, char *buf)
{
	if (!if_indextoname(ifindex, buf))
		snprintf(buf, IF_NAMESIZE, "if%u", ifindex);
	return buf;
}

/*
 * A device named by a reply: its name attribute if the kernel sent one,
 * else its ifindex resolved now; NULL if neither is there.
 */
const char *attr_ifname(const struct nlattr *name, const struct nlattr *idx,
			char *buf)
{
	const char *s = nla_str(name);

	if (s)
		return s;
	if (!idx)
		return NULL;
	return ifname_of(nla_u32(idx, 0), buf);
}

/*
 * Modes. The kernel knows all four; vswctl creates those marked MODE_F_CLI.
 * A new mode is its entry here plus its own keywords.
 */
static const struct mode_info modes[] = {
	{ "internal",	VSW_MODE_INTERNAL,	MODE_F_CLI },
	{ "host-only",	VSW_MODE_HOST_ONLY,	MODE_F_CLI | MODE_F_HOST },
	{ "nat",	VSW_MODE_NAT,		MODE_F_CLI | MODE_F_HOST },
	{ "bridged",	VSW_MODE_BRIDGED,	MODE_F_CLI },
};

const struct mode_info *mode_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if ((modes[i].flags & MODE_F_CLI) && !strcmp(modes[i].name, name))
			return &modes[i];
	return NULL;
}

const struct mode_info *mode_by_value(uint32_t mode)
{
	size_t i;

	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (modes[i].mode == mode)
			return &modes[i];
	return NULL;
}

/* "internal | host-only" for help texts. */
void mode_list(char *buf, size_t len)
{
	size_t i, off = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]) && off < len; i++) {
		if (!(modes[i].flags & MODE_F_CLI))
			continue;
		off += snprintf(buf + off, len - off, "%s%s",
				off ? " | " : "", modes[i].name);
	}
}
