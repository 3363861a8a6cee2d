// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl: the configuration of a switch's dnsmasq: its lease range, and
 * the dnsmasq.conf written into the run directory and read back from it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "vswctl.h"
#include "dnsmasq.h"

#define LEASE_TIME	"1h"

/* ---- addresses ---- */

static uint32_t prefix_mask(unsigned int prefixlen)
{
	return prefixlen ? ~0U << (32 - prefixlen) : 0;
}

const char *ip4_str(uint32_t a, char *buf)
{
	struct in_addr in = { htonl(a) };

	return inet_ntop(AF_INET, &in, buf, INET_ADDRSTRLEN);
}

static bool parse_ip4(const char *s, uint32_t *a)
{
	struct in_addr in;

	if (inet_pton(AF_INET, s, &in) != 1)
		return false;
	*a = ntohl(in.s_addr);
	return true;
}

/* ---- the lease range ---- */

/* "FIRST-LAST", two IPv4 addresses. */
static bool parse_range(const char *range, uint32_t *first, uint32_t *last)
{
	char buf[2 * INET_ADDRSTRLEN];
	char *dash;

	if (strlen(range) >= sizeof(buf))
		return false;
	strcpy(buf, range);
	dash = strchr(buf, '-');
	if (!dash)
		return false;
	*dash++ = '\0';
	return parse_ip4(buf, first) && parse_ip4(dash, last);
}

/* FIRST-LAST as given, checked against the subnet. */
static void range_given(struct dhcp_conf *c, const char *range)
{
	uint32_t mask = prefix_mask(c->prefixlen);
	uint32_t net = c->addr & mask, bcast = net | ~mask;
	char a[INET_ADDRSTRLEN];

	if (!parse_range(range, &c->first, &c->last))
		die("invalid dhcp-range \"%s\" (FIRST-LAST, IPv4 addresses)",
		    range);
	if (c->first > c->last)
		die("dhcp-range \"%s\": FIRST is after LAST", range);
	if ((c->first & mask) != net || (c->last & mask) != net)
		die("dhcp-range \"%s\" is outside the subnet %s/%u",
		    range, ip4_str(net, a), c->prefixlen);
	if (c->first == net)
		die("dhcp-range \"%s\" contains the network address %s",
		    range, ip4_str(net, a));
	if (c->last == bcast)
		die("dhcp-range \"%s\" contains the broadcast address %s",
		    range, ip4_str(bcast, a));
	if (c->first <= c->addr && c->addr <= c->last)
		die("dhcp-range \"%s\" contains the switch address %s",
		    range, ip4_str(c->addr, a));
}

/*
 * From the 15th address of the subnet (a quarter of it in subnets smaller
 * than /26) to the last before the broadcast address, leaving out the
 * switch's own address by keeping the larger side of it.
 */
static void range_default(struct dhcp_conf *c)
{
	uint32_t mask = prefix_mask(c->prefixlen);
	uint32_t net = c->addr & mask, bcast = net | ~mask;

	c->first = net + ((~mask + 1) / 4 < 15 ? (~mask + 1) / 4 : 15);
	c->last = bcast - 1;
	if (c->first <= c->addr && c->addr <= c->last) {
		if (c->addr - c->first > c->last - c->addr)
			c->last = c->addr - 1;
		else
			c->first = c->addr + 1;
	}
	if (c->first > c->last) {
		char a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN];

		die("dhcp: no default lease range in %s/%u besides %s; give dhcp-range",
		    ip4_str(net, a), c->prefixlen, ip4_str(c->addr, b));
	}
}

void dhcp_range(struct dhcp_conf *c, const char *range)
{
	if (c->prefixlen > 30) {
		char a[INET_ADDRSTRLEN];

		die("dhcp: %s/%u leaves no addresses to lease",
		    ip4_str(c->addr, a), c->prefixlen);
	}
	if (range)
		range_given(c, range);
	else
		range_default(c);
}

/* ---- dnsmasq.conf ---- */

static void conf_print(FILE *f, const struct run *r, const char *ifname,
		       const struct dhcp_conf *c)
{
	char addr[INET_ADDRSTRLEN], first[INET_ADDRSTRLEN];
	char last[INET_ADDRSTRLEN], mask[INET_ADDRSTRLEN];

	ip4_str(c->addr, addr);
	ip4_str(c->first, first);
	ip4_str(c->last, last);
	ip4_str(prefix_mask(c->prefixlen), mask);
	fprintf(f, "# dnsmasq for vswitch %s, written by vswctl; do not edit.\n",
		ifname);
	fprintf(f, "keep-in-foreground\n");
	fprintf(f, "bind-interfaces\ninterface=%s\nexcept-interface=lo\n",
		ifname);
	fprintf(f, "listen-address=%s\n", addr);
	fprintf(f, "dhcp-range=%s,%s,%s,%s\n", first, last, mask, LEASE_TIME);
	fprintf(f, "dhcp-option=option:router,%s\n", addr);
	if (c->dns)
		fprintf(f, "dhcp-option=option:dns-server,%s\n", addr);
	else
		fprintf(f, "port=0\n");
	if (c->boot_file)
		fprintf(f, "dhcp-boot=%s\n", c->boot_file);
	if (c->tftp_root)
		fprintf(f, "enable-tftp\ntftp-root=%s\n", c->tftp_root);
	fprintf(f, "dhcp-leasefile=%s/leases\n", r->dir);
	fprintf(f, "log-facility=%s/dnsmasq.log\nlog-dhcp\n", r->dir);
	fprintf(f, "dhcp-authoritative\nstrict-order\n");
	fprintf(f, "pid-file=%s/dnsmasq.pid\n", r->dir);
	fprintf(f, "user=root\n");
}

int dnsmasq_conf_write(const struct run *r, const char *ifname,
		       const struct dhcp_conf *c)
{
	char path[PATH_MAX];
	FILE *f;

	path_join(path, r->dir, "dnsmasq.conf");
	f = fopen(path, "we");
	if (!f) {
		fprintf(stderr, "vswctl: cannot create %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	conf_print(f, r, ifname, c);
	if (fclose(f) == EOF) {
		fprintf(stderr, "vswctl: cannot write %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	return 0;
}

static FILE *conf_open(const struct run *r)
{
	char path[PATH_MAX];

	path_join(path, r->dir, "dnsmasq.conf");
	return fopen(path, "re");
}

bool dnsmasq_conf_range(const struct run *r, char *range, size_t len)
{
	FILE *f = conf_open(r);
	bool found = false;
	char line[256];

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		char first[INET_ADDRSTRLEN], last[INET_ADDRSTRLEN];

		if (sscanf(line, "dhcp-range=%15[0-9.],%15[0-9.],", first,
			   last) == 2) {
			snprintf(range, len, "%s-%s", first, last);
			found = true;
		}
	}
	fclose(f);
	return found;
}

bool dnsmasq_conf_listens(const struct run *r, uint32_t addr)
{
	FILE *f = conf_open(r);
	char want[64], line[256];
	bool found = false;

	if (!f)
		return false;
	snprintf(want, sizeof(want), "listen-address=%s\n", ip4_str(addr, line));
	while (!found && fgets(line, sizeof(line), f))
		found = !strcmp(line, want);
	fclose(f);
	return found;
}
