/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The netlink core of every binary that speaks to vswitch (vswctl and
 * vswitch-bridge-helper): sockets with extended acks, one request's round
 * trip, dumps restarted when a concurrent change interrupts them, the
 * kernel's error text, attribute getters and generic netlink family lookup.
 * It prints nothing and never exits: its callers say what failed.
 */
#ifndef VSW_NLCORE_H
#define VSW_NLCORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

struct nlsock {
	struct mnl_socket *sk;	/* NULL: not open */
	unsigned int portid;
	unsigned int seq;
	int bus;		/* NETLINK_ROUTE, NETLINK_GENERIC */
};

/* Open and bind s (if not open yet), asking for extended acks; 0 or -errno. */
int nlsock_open(struct nlsock *s);
void nlsock_close(struct nlsock *s);

/* nl_talk()'s answer when the kernel marked the dump interrupted. */
#define NL_DUMP_INTR	1

/*
 * One round trip: send nlh, then give every reply of ours to cb (if any)
 * until the ack or the end of the dump. Returns 0, -errno (the kernel's
 * text, if it gave one, in nl_errmsg()) or NL_DUMP_INTR, when a reply said
 * a concurrent change interrupted the dump: the caller then drops the
 * socket (ending the kernel's side of the dump) and starts again. On
 * success nl_errmsg() holds the kernel's warning, if any.
 */
int nl_talk(struct nlsock *s, struct nlmsghdr *nlh, mnl_cb_t cb, void *data);
/* One read of s: each message to cb until it returns MNL_CB_STOP; 0 or -errno. */
int nl_recv(struct nlsock *s, mnl_cb_t cb, void *data);

/*
 * A request, its replies kept (those keep() wants, if given) and handed
 * to cb in order once it fully succeeded; a dump interrupted by a
 * concurrent change is restarted (up to NL_DUMP_TRIES times). 0 or -errno.
 */
#define NL_DUMP_TRIES	10

struct nl_msgs {
	char *buf;
	size_t len;
	size_t cap;
	bool (*keep)(const struct nlmsghdr *nlh, const void *data);
	const void *keep_data;
};

int nl_collect(struct nlsock *s, struct nlmsghdr *nlh, struct nl_msgs *m);
void nl_msgs_run(const struct nl_msgs *m, mnl_cb_t cb, void *data);
void nl_msgs_free(struct nl_msgs *m);

/* The kernel's text for the last request, "" if it gave none. */
const char *nl_errmsg(void);
void nl_errmsg_clear(void);
/* The kernel's text if it gave one, else strerror(err); err < 0 or > 0. */
const char *nl_strerror(int err);

/* Attribute tables: tb[type] for type <= max; later duplicates win. */
void nl_parse(const struct nlmsghdr *nlh, size_t hdrlen,
	      const struct nlattr **tb, unsigned int max);
void nl_parse_nested(const struct nlattr *nest, const struct nlattr **tb,
		     unsigned int max);
/* Validated getters: the default when absent or malformed. */
uint8_t nla_u8(const struct nlattr *a, uint8_t dflt);
uint16_t nla_u16(const struct nlattr *a, uint16_t dflt);
uint32_t nla_u32(const struct nlattr *a, uint32_t dflt);
uint64_t nla_u64(const struct nlattr *a, uint64_t dflt);
const char *nla_str(const struct nlattr *a);
const void *nla_bin(const struct nlattr *a, size_t len);

/*
 * A request of @type (NLM_F_REQUEST | NLM_F_ACK | @flags) and its family
 * header of @hdrlen bytes, zeroed: mnl_nlmsg_get_payload() gives it.
 */
struct nlmsghdr *nl_msg(char *buf, uint16_t type, uint16_t flags,
			size_t hdrlen);
/* A generic netlink request: family, command and its version. */
struct nlmsghdr *genl_cmd_msg(char *buf, uint16_t family, uint8_t cmd,
			      uint8_t version, uint16_t flags);
/* An rtnetlink link request (struct ifinfomsg) of the device ifindex. */
struct nlmsghdr *rtnl_link_msg(char *buf, uint16_t type, uint16_t flags,
			       unsigned int ifindex);

/*
 * Generic netlink family @name's id and its multicast group @grp's (0 if
 * it has none). Asking nlctrl makes the kernel autoload a module with
 * MODULE_ALIAS_GENL_FAMILY; -ENOENT after that means there is none.
 */
int genl_family(struct nlsock *s, const char *name, const char *grp,
		uint16_t *id, uint32_t *grp_id);

#endif /* VSW_NLCORE_H */
