/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vswctl: what the files behind dhcp.h share: a switch's run directory and
 * the processes its pid files name (rundir.c), its dnsmasq.conf
 * (dhcp_conf.c) and its supervisor (supervise.c).
 */
#ifndef VSWCTL_DNSMASQ_H
#define VSWCTL_DNSMASQ_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "dhcp.h"

#define DNSMASQ		"/usr/sbin/dnsmasq"
#define SUP_COMM	"vswctl-dhcp"	/* the supervisor's name in ps */
#define KILL_WAIT_MS	3000U	/* for dnsmasq to exit on SIGTERM */

/* rundir.c: the run directory of a switch and, outside the initial netns, its parent. */
struct run {
	char base[PATH_MAX];
	char dir[PATH_MAX];
	char nsdir[PATH_MAX];	/* "" in the initial network namespace */
};

void run_dir(const char *ifname, struct run *r);
/* dir/name into buf (PATH_MAX); dies if too long. */
void path_join(char *buf, const char *dir, const char *name);
bool dir_exists(const char *dir);
/* The directory and its parents; 0, or -1 with the reason printed. */
int run_create(const struct run *r);
/* Everything in the run directory, then the directory; 0 or -errno. */
int run_remove(const struct run *r);

/* dnsmasq's "--conf-file=RUN/dnsmasq.conf", into buf of CONF_ARG_LEN. */
#define CONF_ARG_LEN	(PATH_MAX + 16)
void conf_arg(const struct run *r, char *buf);
/* Whether pid runs (not a zombie), is named comm and has arg (if given). */
bool proc_is(pid_t pid, const char *comm, const char *arg);
/* Wait up to ms for pid to stop being proc_is(); false if it still is. */
bool wait_proc_gone(pid_t pid, const char *comm, const char *arg,
		    unsigned int ms);
/* The running dnsmasq and supervisor of a run directory, 0 if none. */
pid_t dnsmasq_pid(const struct run *r);
pid_t supervisor_pid(const struct run *r);
void ms_sleep(unsigned int ms);
/* A wait status as a shell's $?. */
int exit_code(int status);

/* dhcp_conf.c: dnsmasq.conf of the run directory. */
const char *ip4_str(uint32_t a, char *buf);
int dnsmasq_conf_write(const struct run *r, const char *ifname,
		       const struct dhcp_conf *c);
/* Its lease range as "FIRST-LAST"; false if it has none. */
bool dnsmasq_conf_range(const struct run *r, char *range, size_t len);
/* Whether it listens on addr. */
bool dnsmasq_conf_listens(const struct run *r, uint32_t addr);

/*
 * supervise.c: fork the switch's supervisor, which runs dnsmasq; its pid,
 * or -1 with the reason printed.
 */
pid_t supervisor_start(const struct run *r, const char *ifname,
		       unsigned int ifindex);

#endif /* VSWCTL_DNSMASQ_H */
