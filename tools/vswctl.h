/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vswctl: control tool for vswitch. Shared declarations.
 */
#ifndef VSWCTL_H
#define VSWCTL_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include <net/if.h>
#include <libmnl/libmnl.h>
#include <linux/vswitch.h>

#include "nlcore.h"

#define VSWCTL_VERSION "0.1"

/* Global options (-j, -p, -s). */
extern int opt_json;
extern int opt_pretty;
extern int opt_stats;

/* main.c: subcommand tables and dispatch. */
struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
};

int dispatch(const struct cmd *cmds, void (*usage)(FILE *), const char *dflt,
	     int argc, char **argv);

int do_switch(int argc, char **argv);
int do_port(int argc, char **argv);
int do_fdb(int argc, char **argv);
int do_nat(int argc, char **argv);
int do_monitor(int argc, char **argv);
int do_lease(int argc, char **argv);
int do_binding(int argc, char **argv);
int do_mirror(int argc, char **argv);

/* util.c: command line helpers; they print one line and exit 1 on error. */
void die(const char *fmt, ...)
	__attribute__((noreturn, format(printf, 1, 2)));
void *xrealloc(void *p, size_t n);
const char *arg_value(int *argc, char ***argv);
void arg_once(bool *seen, const char *kw);
uint32_t parse_u32(const char *kw, const char *s, uint32_t min, uint32_t max);
bool parse_on_off(const char *kw, const char *s);
void parse_mac(const char *s, uint8_t mac[6]);
const char *check_ifname(const char *name);
unsigned int check_dev(const char *name);
bool is_help(const char *s);
const char *format_mac(const uint8_t *mac, char *buf, size_t len);
/* 16 bytes, IPv6 or IPv4-mapped (printed as A.B.C.D). */
const char *format_ip(const uint8_t *addr, char *buf, size_t len);
const char *ifname_of(uint32_t ifindex, char *buf);
const char *attr_ifname(const struct nlattr *name, const struct nlattr *idx,
			char *buf);

/* Switch modes: one table serves parsing, printing and help. */
#define MODE_F_HOST	(1U << 0)	/* the switch device carries host traffic */
#define MODE_F_CLI	(1U << 1)	/* vswctl can create it */

struct mode_info {
	const char *name;
	uint32_t mode;
	unsigned int flags;
};

const struct mode_info *mode_by_name(const char *name);
const struct mode_info *mode_by_value(uint32_t mode);
void mode_list(char *buf, size_t len);

/* nl.c: vswctl's requests over the netlink core (nlcore.h). */
#define NL_BUF_SIZE 8192

struct nlmsghdr *genl_msg(char *buf, uint8_t cmd, uint16_t flags);
struct nlmsghdr *rtnl_addr_msg(char *buf, uint16_t type, uint16_t flags,
			       unsigned int ifindex, int family,
			       unsigned int prefixlen);
/*
 * Send a request, collect every reply message and, only once the request
 * fully succeeded, hand them to cb in order. Dumps interrupted by a
 * concurrent change (NLM_F_DUMP_INTR) are restarted. Returns 0 or -errno;
 * nl_errmsg() then gives the kernel's extack text, if any.
 */
int genl_request(struct nlmsghdr *nlh, mnl_cb_t cb, void *data);
int rtnl_request(struct nlmsghdr *nlh, mnl_cb_t cb, void *data);
/* A show command: request, then print the replies as one list; dies on error. */
void genl_show(struct nlmsghdr *nlh, mnl_cb_t cb, void *data);
/* A vswitch request naming the switch sw (VSW_A_IFNAME); sw NULL: none. */
struct nlmsghdr *vsw_msg(char *buf, uint8_t cmd, uint16_t flags,
			 const char *sw);
/* The GET cmd of switch sw, its reply to cb; dies on error. */
void vsw_get(uint8_t cmd, const char *sw, mnl_cb_t cb, void *data);
/*
 * A show command's dump: the objects of cmd (VSW_CMD_*_GET) on switch sw
 * (NULL: on every switch), printed through cb as one list; dies on error.
 */
void vsw_show(uint8_t cmd, const char *sw, mnl_cb_t cb, void *data);
/* The command "show [ SWITCH ]" of an object: vsw_show() of argv. */
int vsw_show_cmd(int argc, char **argv, uint8_t cmd, mnl_cb_t cb);
void nl_print_error(int err);
void nl_die(int err) __attribute__((noreturn));
int genl_events_open(void);
int genl_events_recv(mnl_cb_t cb, void *data);

int rtnl_link_up(unsigned int ifindex);
int rtnl_set_master(unsigned int ifindex, unsigned int master);
int rtnl_get_master(unsigned int ifindex, unsigned int *master);
int rtnl_del_link(unsigned int ifindex);
int rtnl_get_addr4(unsigned int ifindex, char *buf, size_t len);

/* Switch lookup through VSW_CMD_SWITCH_GET; dies with the kernel's error. */
uint32_t vsw_switch_ifindex(const char *name);

/* print.c: one print path for text and JSON. */
enum print_type {
	PRINT_FP = 1,		/* text only */
	PRINT_JSON = 2,		/* JSON only */
	PRINT_ANY = 3,		/* both */
};

void print_start(void);		/* JSON: '[' */
void print_end(void);		/* JSON: ']' */
void print_open_object(const char *key);
void print_close_object(void);
void print_open_array(const char *key);	/* JSON only: '[' */
void print_close_array(void);
void print_string(enum print_type t, const char *key, const char *fmt,
		  const char *val);
void print_uint(enum print_type t, const char *key, const char *fmt,
		uint64_t val);
void print_number(enum print_type t, const char *key, const char *fmt,
		  const char *num);
void print_bool(enum print_type t, const char *key, const char *fmt, bool val);
void print_nl(void);
void print_stats(const struct nlattr *nest);
void print_flush(void);

/* vlan.c: VID lists, and a port's VSW_A_PORT_PVID, _VLAN_FILTER, _VLANS. */
#define VLAN_MAX	4094U	/* the highest VID; 0: the untagged segment */
#define VLAN_BITMAP_LEN	512	/* VSW_A_PORT_VLANS, bit v of byte v / 8 */

/* "10,20-30" into a bitmap; dies naming the bad item. */
void parse_vid_list(const char *kw, const char *s, uint8_t *bitmap);
/* Text " vlan 10" | " trunk LIST [native VID]"; JSON pvid, vlan_filter,
 * vlans; host: the host port's, "host-" and "host_" before each.
 */
void print_vlans(const struct nlattr **tb, bool host);

/*
 * policy.c: the port policy settings of port add|set and of switch set ...
 * port-defaults, and their printing.
 */
#define POLICY_FLAGS	7	/* isolated, mac-, dhcp-, router-guard, dhcp-trust, ip-, bpdu-guard */

struct port_policy {
	bool has_vlan, has_trunk, has_native;	/* the words given */
	bool has_vlans;		/* send PVID, VLAN_FILTER and VLANS */
	bool has_macs, has_ips, has_storm, has_promisc, has_fdb_max;
	bool has_shut, shut;	/* per port, not policy */
	bool has_flag[POLICY_FLAGS], flag[POLICY_FLAGS];
	uint32_t fdb_max, storm_limit;
	uint16_t pvid;
	bool vlan_filter;
	uint8_t vlans[VLAN_BITMAP_LEN];
	uint8_t promisc;	/* enum vsw_promisc */
	unsigned int n_macs, n_ips;
	uint8_t macs[VSW_PORT_MACS_MAX][6];
	uint8_t ips[VSW_PORT_IPS_MAX][16];
};

/* What the settings are for: a port, or a switch's defaults for new ports. */
enum policy_for {
	POLICY_PORT,
	POLICY_DEFAULTS,	/* no mac, ip, fdb-max */
};

/* The settings among argv into p (zeroed by the caller); dies on bad input. */
void policy_parse(int argc, char **argv, enum policy_for what,
		  struct port_policy *p);
bool policy_has_settings(const struct port_policy *p);
/* What p does not set, from the attributes tb (a VSW_A_PORT_DEFAULTS nest). */
void policy_merge(struct port_policy *p, const struct nlattr **tb);
/* The attributes of what p sets. */
void policy_put(struct nlmsghdr *nlh, const struct port_policy *p);
/* port show: the guards, address lists, storm limit, promisc of a port. */
void policy_print(const struct nlattr **tb);
/*
 * switch show: text " port-defaults: isolated on ..." when any is set;
 * JSON "port_defaults": { ... }. Nothing if nest is NULL.
 */
void policy_print_defaults(const struct nlattr *nest);

/* ct.c: the conntrack entries of a nat switch, over ctnetlink. */
/*
 * Print the conntrack entries of @zone (a nat switch's), one per line or as
 * a JSON array. Returns 0, or prints an error and returns 1.
 */
int ct_show_zone(uint16_t zone, const char *swname);

#endif /* VSWCTL_H */
