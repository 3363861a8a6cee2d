// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl: starting and stopping a switch's dnsmasq, one per host-only or
 * nat switch with dhcp on, bound to the switch device only: its
 * configuration written (dhcp_conf.c) into its run directory (rundir.c),
 * then run by a supervisor (supervise.c) that stops it when the switch
 * goes.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/wait.h>

#include "vswctl.h"
#include "dnsmasq.h"

#define START_WAIT_MS	5000U	/* for dnsmasq to come up */
#define STOP_WAIT_MS	5000U	/* for a supervisor to clean up */
#define LOG_TAIL	10	/* lines of the log shown on failure */

/* ---- stopping ---- */

/* Wait up to ms for the run directory to go; true if it went. */
static bool wait_gone(const struct run *r, unsigned int ms)
{
	unsigned int t;

	for (t = 0; t < ms; t += 50) {
		if (!dir_exists(r->dir))
			return true;
		ms_sleep(50);
	}
	return !dir_exists(r->dir);
}

/*
 * SIGTERM the supervisor and wait for it to remove the run directory and
 * exit; false if there is none or it got stuck (then it is killed).
 */
static bool stop_supervisor(const struct run *r)
{
	pid_t sup = supervisor_pid(r);

	if (sup && kill(sup, SIGTERM) == 0 && wait_gone(r, STOP_WAIT_MS)) {
		/* Its last act was the removal; it exits right after. */
		wait_proc_gone(sup, SUP_COMM, NULL, STOP_WAIT_MS);
		return true;
	}
	if (sup && proc_is(sup, SUP_COMM, NULL))
		kill(sup, SIGKILL);
	return false;
}

/* A dnsmasq left behind by a supervisor that was killed. */
static void kill_stray_dnsmasq(const struct run *r)
{
	char arg[CONF_ARG_LEN];
	pid_t dns;

	conf_arg(r, arg);
	dns = dnsmasq_pid(r);
	if (!dns)
		return;
	kill(dns, SIGTERM);
	if (!wait_proc_gone(dns, "dnsmasq", arg, KILL_WAIT_MS))
		kill(dns, SIGKILL);
}

/*
 * Stop the dnsmasq of a switch: SIGTERM its supervisor and wait for the run
 * directory to go; leftovers (no supervisor, or a stuck one) are cleaned up
 * here. Afterwards no dnsmasq runs for ifname and its run directory is gone.
 */
int dhcp_stop(const char *ifname)
{
	struct run r;
	int err;

	run_dir(ifname, &r);
	if (!dir_exists(r.dir) || stop_supervisor(&r))
		return 0;
	kill_stray_dnsmasq(&r);
	err = run_remove(&r);
	if (err) {
		fprintf(stderr, "vswctl: cannot remove %s: %s\n", r.dir,
			strerror(-err));
		return -1;
	}
	return 0;
}

/* ---- starting ---- */

/*
 * dnsmasq binds and tells its interfaces apart by the switch address: two
 * switches of a namespace with the same address (overlapping nat subnets)
 * cannot both have one. The name of the switch whose dnsmasq has @addr goes
 * to @holder.
 */
static bool addr_taken(const struct run *r, const char *ifname, uint32_t addr,
		       char *holder, size_t len)
{
	DIR *d = opendir(r->nsdir[0] ? r->nsdir : r->base);
	bool found = false;
	struct dirent *de;
	struct run o;

	if (!d)
		return false;
	while (!found && (de = readdir(d))) {
		if (de->d_name[0] == '.' || !strcmp(de->d_name, ifname) ||
		    strlen(de->d_name) >= IF_NAMESIZE)
			continue;
		run_dir(de->d_name, &o);
		if (dnsmasq_conf_listens(&o, addr) && dnsmasq_pid(&o)) {
			snprintf(holder, len, "%s", de->d_name);
			found = true;
		}
	}
	closedir(d);
	return found;
}

static int check_addr_free(const struct run *r, const char *ifname,
			   uint32_t addr)
{
	char holder[IF_NAMESIZE], a[INET_ADDRSTRLEN];

	if (!addr_taken(r, ifname, addr, holder, sizeof(holder)))
		return 0;
	fprintf(stderr, "vswctl: dhcp: the dnsmasq of %s already serves %s\n",
		holder, ip4_str(addr, a));
	return -1;
}

/* The supervisor's "dnsmasq exited" says nothing new on a failed start. */
static bool log_line_dull(const char *line)
{
	return !line[0] ||
	       (!strncmp(line, SUP_COMM "[", strlen(SUP_COMM) + 1) &&
		(strstr(line, "]: dnsmasq exited with status") ||
		 strstr(line, "]: dnsmasq was killed by signal")));
}

/* The last lines of dnsmasq's log, indented, to stderr. */
static void print_log_tail(const struct run *r)
{
	char path[PATH_MAX], line[512];
	char tail[LOG_TAIL][512];
	unsigned int n = 0, i;
	FILE *f;

	path_join(path, r->dir, "dnsmasq.log");
	f = fopen(path, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (log_line_dull(line))
			continue;
		snprintf(tail[n % LOG_TAIL], sizeof(tail[0]), "%s", line);
		n++;
	}
	fclose(f);
	for (i = n > LOG_TAIL ? n - LOG_TAIL : 0; i < n; i++)
		fprintf(stderr, "    %s\n", tail[i % LOG_TAIL]);
}

/*
 * Until dnsmasq runs (its pid file names a live dnsmasq): 0; or -1 with
 * the reason and the log's end printed, the supervisor gone.
 */
static int wait_started(const struct run *r, const char *ifname, pid_t sup)
{
	unsigned int t;
	int status;

	for (t = 0; t < START_WAIT_MS; t += 50) {
		if (waitpid(sup, &status, WNOHANG) == sup) {
			fprintf(stderr, "vswctl: dnsmasq for %s failed to start (exit status %d); its log ends with:\n",
				ifname, exit_code(status));
			print_log_tail(r);
			return -1;
		}
		if (dnsmasq_pid(r))
			return 0;
		ms_sleep(50);
	}
	fprintf(stderr, "vswctl: dnsmasq for %s did not start within %u s; its log ends with:\n",
		ifname, START_WAIT_MS / 1000);
	print_log_tail(r);
	kill(sup, SIGTERM);
	while (waitpid(sup, &status, 0) < 0 && errno == EINTR)
		;
	return -1;
}

/*
 * Start dnsmasq for the switch through a supervisor and wait until it
 * runs. On failure everything is stopped and removed again, the reason
 * printed, and -1 returned; the caller deletes the switch.
 */
int dhcp_start(const char *ifname, unsigned int ifindex,
	       const struct dhcp_conf *c)
{
	struct run r;
	pid_t sup;

	run_dir(ifname, &r);
	/* A previous switch of that name may have left its directory. */
	if (dhcp_stop(ifname) < 0 || check_addr_free(&r, ifname, c->addr) < 0)
		return -1;
	if (run_create(&r) < 0 || dnsmasq_conf_write(&r, ifname, c) < 0)
		goto fail;
	sup = supervisor_start(&r, ifname, ifindex);
	if (sup < 0 || wait_started(&r, ifname, sup) < 0)
		goto fail;
	return 0;
fail:
	dhcp_stop(ifname);
	if (r.nsdir[0])
		rmdir(r.nsdir);		/* only once empty */
	return -1;
}

/* ---- its state ---- */

/*
 * "FIRST-LAST" of the dnsmasq running for the switch, from its
 * configuration; false if none runs.
 */
bool dhcp_running(const char *ifname, char *range, size_t len)
{
	struct run r;

	run_dir(ifname, &r);
	if (!dir_exists(r.dir) || !dnsmasq_pid(&r))
		return false;
	return dnsmasq_conf_range(&r, range, len);
}
