/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vswctl: DHCP and DNS for host-only and nat switches, served by one
 * dnsmasq per switch the way libvirt does it (dhcp_run.c), run from a
 * supervisor process that stops it when the switch goes (supervise.c).
 */
#ifndef VSWCTL_DHCP_H
#define VSWCTL_DHCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct dhcp_conf {
	uint32_t addr;		/* the switch's IPv4 address, host order */
	unsigned int prefixlen;
	uint32_t first, last;	/* the lease range, host order */
	bool dns;
	const char *boot_file;	/* dhcp-boot, NULL: none */
	const char *tftp_root;	/* TFTP served from it, NULL: no TFTP */
};

/* dhcp_conf.c: check range ("FIRST-LAST") or pick the default; dies on bad input. */
void dhcp_range(struct dhcp_conf *c, const char *range);

/* dhcp_run.c: 0, or -1 with the reason printed and everything undone. */
int dhcp_start(const char *ifname, unsigned int ifindex,
	       const struct dhcp_conf *c);
int dhcp_stop(const char *ifname);
/* Whether dnsmasq runs for ifname; its range "FIRST-LAST" if so. */
bool dhcp_running(const char *ifname, char *range, size_t len);

#endif /* VSWCTL_DHCP_H */
