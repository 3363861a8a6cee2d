/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * vswitch: a virtual switch for hypervisor guests, with the four classic
 * network modes (internal, host-only, nat, bridged).
 *
 * Two interfaces, one job each:
 *
 * 1. rtnetlink, link kind "vswitch", creates, changes and deletes a switch:
 *
 *      ip link add sw0 type vswitch
 *      ip link del sw0
 *      ip link set tap0 master sw0      (attach a port)
 *      ip link set tap0 nomaster        (detach it)
 *
 *    IFLA_INFO_DATA carries the IFLA_VSW_* attributes below. RTM_NEWLINK
 *    with NLM_F_CREATE creates a switch; without it (changelink) it changes
 *    the settings that may change at run time. A port is any Ethernet
 *    device in the switch's network namespace that has no other master.
 *
 * 2. Generic netlink, family VSWITCH_GENL_NAME, version
 *    VSWITCH_GENL_VERSION, no fixed header, does everything else: it reads
 *    switches and ports, sets port settings, and reads and changes the
 *    forwarding database (FDB). Events go to the multicast group
 *    VSWITCH_MCGRP_EVENTS.
 *
 * Naming a device
 * ---------------
 * A switch is named by exactly one of VSW_A_IFINDEX or VSW_A_IFNAME; a port
 * by exactly one of VSW_A_PORT_IFINDEX or VSW_A_PORT_IFNAME. Both or neither
 * is refused with -EINVAL; a device that does not exist gives -ENODEV; a
 * device that is not a vswitch (or not one of its ports) gives -EOPNOTSUPP.
 * Names are resolved in the sender's network namespace; a switch in another
 * namespace cannot be seen.
 *
 * Errors
 * ------
 * Every refusal returns a negative errno in the netlink ack with an extended
 * ack message (NLMSGERR_ATTR_MSG) saying why, and the offending attribute
 * where there is one. A refused request changes nothing. Unknown attributes
 * are refused (strict validation). Mutating commands need CAP_NET_ADMIN in
 * the user namespace owning the switch's network namespace.
 *
 * Commands
 * --------
 * VSW_CMD_SWITCH_GET
 *   doit, request:  VSW_A_IFINDEX | VSW_A_IFNAME
 *   dump, request:  nothing (all switches of the namespace)
 *   reply, one message per switch:
 *     VSW_A_IFINDEX        u32
 *     VSW_A_IFNAME         string
 *     VSW_A_MODE           u32, enum vsw_mode
 *     VSW_A_AGEING         u32, seconds; 0: learned entries never age
 *     VSW_A_FDB_MAX        u32, limit of learned entries; 0: unlimited
 *     VSW_A_FDB_COUNT      u32, learned entries now
 *     VSW_A_FDB_STATIC     u32, static and local entries now
 *     VSW_A_PORT_COUNT     u32, the uplink included
 *     VSW_A_STATS          nested, VSW_STATS_* (sum over the ports)
 *     bridged switches only:
 *     VSW_A_UPLINK_STATE   u32, enum vsw_uplink_state
 *     VSW_A_UPLINK_IFINDEX u32, while attached
 *     VSW_A_UPLINK_IFNAME  string, while attached, and the name the
 *                          device had when it went away (GONE)
 *     VSW_A_GROUP_FWD_MASK u16, see "Link-local groups"
 *
 * VSW_CMD_PORT_GET
 *   doit, request:  VSW_A_PORT_IFINDEX | VSW_A_PORT_IFNAME
 *   dump, request:  VSW_A_IFINDEX | VSW_A_IFNAME: that switch's ports;
 *                   nothing: every port of every switch in the namespace
 *   reply, one message per port:
 *     VSW_A_IFINDEX, VSW_A_IFNAME            its switch
 *     VSW_A_PORT_IFINDEX, VSW_A_PORT_IFNAME  the port
 *     VSW_A_PORT_FDB_MAX   u32, limit of entries learned on it; 0 (the
 *                          default): unlimited
 *     VSW_A_PORT_FDB_COUNT u32, entries learned on it now
 *     VSW_A_PORT_UPLINK    flag, on a bridged switch's uplink
 *     VSW_A_STATS          nested, VSW_STATS_*
 *
 * VSW_CMD_PORT_SET (admin)
 *   request: VSW_A_PORT_IFINDEX | VSW_A_PORT_IFNAME, and any of:
 *     VSW_A_PORT_FDB_MAX   u32; lowering it below the port's count keeps
 *                          the entries, it only stops new learning
 *     the port policy attributes below. A request is applied whole or not
 *     at all. PORT_GET replies carry every policy attribute.
 *
 * Port policy
 * -----------
 * VLANs. Every frame inside a switch belongs to one VLAN: VID 1-4094, or
 * VID 0, the untagged segment. A port's untagged frames belong to its
 * PVID and leave it untagged; tagged frames belong to their VID, which
 * the port must carry. A new port has PVID 0 and carries every VID: it is
 * VLAN-transparent, as an unconfigured switch port of a hypervisor. The
 * FDB is per VLAN and frames are flooded inside their VLAN only; frames
 * with a VID the port does not carry are dropped (VSW_STATS_DROP_VLAN).
 *     VSW_A_PORT_PVID         u16, 0-4094; an access port has its VLAN
 *                             here and carries no other
 *     VSW_A_PORT_VLAN_FILTER  u8, 0: carries every VID tagged; 1: only
 *                             those in VSW_A_PORT_VLANS (a trunk; an
 *                             empty set with a PVID: an access port)
 *     VSW_A_PORT_VLANS        binary, a bitmap of VLAN_N_VID bits
 *                             (512 bytes, bit v of byte v / 8 is VID v);
 *                             VIDs 0 and 4095 may not be set
 * Guards, each u8 0 or 1, off on a new port:
 *     VSW_A_PORT_ISOLATED     never talks to another isolated port (the
 *                             host and the uplink are never isolated)
 *     VSW_A_PORT_MAC_GUARD    sends only from VSW_A_PORT_MACS, or, if
 *                             that is empty, from the first source
 *                             address seen after the guard was set
 *                             (VSW_A_PORT_GUARD_MAC in replies)
 *     VSW_A_PORT_DHCP_GUARD   DHCP server messages (DHCPv4 from UDP port
 *                             67 to 68, DHCPv6 from 547 to 546) dropped
 *     VSW_A_PORT_ROUTER_GUARD ICMPv6 router advertisements and redirects,
 *                             ICMPv4 redirects dropped
 *     VSW_A_PORT_DHCP_TRUST   the DHCP server messages the port sends
 *                             (a DHCP server or relay behind it) bind
 *                             leases for ip-guard; from other guest
 *                             ports they bind nothing (the host's and
 *                             the uplink's always do). Not for the host
 *                             port or the uplink.
 *     VSW_A_PORT_MACS         binary, up to VSW_PORT_MACS_MAX unicast
 *                             addresses, 6 bytes each; empty: none
 *     VSW_A_PORT_STORM_LIMIT  u32, broadcast, multicast and unknown
 *                             unicast frames the port may send per
 *                             second; 0: no limit
 *     VSW_A_PORT_IP_GUARD     sends IPv4 and IPv6 only from addresses
 *                             bound to it (VSW_A_PORT_IPS, or a lease
 *                             snooped from a DHCPv4 ACK or DHCPv6 REPLY
 *                             to it, see VSW_CMD_BINDING_GET), and ARP
 *                             and neighbour advertisements only for
 *                             them (VSW_STATS_DROP_IP_GUARD). Always
 *                             allowed: DHCP clients' 0.0.0.0, ARP
 *                             probes, IPv6 :: (DAD) and link-local fe80::/10
 *     VSW_A_PORT_IPS          binary, up to VSW_PORT_IPS_MAX addresses
 *                             of 16 bytes (IPv6, or IPv4-mapped
 *                             ::ffff:a.b.c.d); empty: none
 *     VSW_A_PORT_PROMISC      u8, enum vsw_promisc: which other ports'
 *                             unicast the port gets copies of
 *     VSW_A_PORT_BPDU_GUARD   a BPDU (to 01:80:C2:00:00:00) from the
 *                             port shuts it (VSW_SHUT_BPDU_GUARD, an
 *                             event, VSW_STATS_DROP_BPDU_GUARD); not
 *                             for the uplink
 * Not policy, not in port defaults:
 *     VSW_A_PORT_SHUT         u8, enum vsw_shut: a shut port's frames
 *                             are dropped (VSW_STATS_DROP_SHUT) and
 *                             nothing is sent to it, as if its cable were
 *                             out; PORT_SET takes VSW_SHUT_NO (open it
 *                             again) or VSW_SHUT_ADMIN; not the uplink
 *                             nor the host port
 * The switch device itself may be named as the port to set the host's
 * VLANs (the host port: VSW_A_PORT_HOST in replies); guards do not apply
 * to it. A port that is a mirror's destination has VSW_A_PORT_MIRROR (the
 * mirror's name) in replies.
 *
 * Link-local groups
 * -----------------
 * Frames that ports send to the reserved groups 01:80:C2:00:00:00-0F
 * (STP BPDUs 00, pause 01, LACP 02, 802.1X 03, LLDP 0E...) are link-local:
 * a switch does not forward them unless bit X of its group forward mask
 * (IFLA_VSW_GROUP_FWD_MASK) is set for group X; pause and LACP never
 * (VSW_GROUP_FWD_NEVER: a guest's LACPDUs would disturb the host's bond
 * with the LAN, as the Linux bridge also refuses). From
 * a guest port they are dropped (VSW_STATS_DROP_LINK_LOCAL); from a bridged
 * switch's uplink they go to the host only, as without the switch. So a
 * guest's BPDU never reaches the LAN (where it could trip BPDU guard and
 * cut the host off) nor another guest; the price is that a loop a guest
 * makes (bridging two of its ports) is not found by STP: the storm limit
 * and bpdu-guard are the protections then. The host's own frames are
 * forwarded whatever their group.
 *
 * VSW_CMD_SWITCH_SET (admin)
 *   request: switch, VSW_A_PORT_DEFAULTS: nested, port policy attributes
 *   (not VSW_A_PORT_MACS nor VSW_A_PORT_IPS) that every guest port
 *   attached afterwards starts with; replaces the previous defaults.
 *   SWITCH_GET replies carry VSW_A_PORT_DEFAULTS with every attribute.
 *
 * VSW_CMD_BINDING_GET
 *   dump, request: switch. One message per address bound to a port:
 *     VSW_A_IFINDEX, VSW_A_IFNAME            the switch
 *     VSW_A_PORT_IFINDEX, VSW_A_PORT_IFNAME  the port
 *     VSW_A_BIND_ADDR      binary, 16 bytes (IPv4-mapped for IPv4)
 *     VSW_A_BIND_TYPE      u32, enum vsw_bind_type
 *     VSW_A_FDB_MAC        leases: the client's address
 *     VSW_A_FDB_VLAN       leases: the VLAN it was given in
 *     VSW_A_BIND_EXPIRES   leases: u32, seconds left (absent: never)
 *   Leases are snooped for ports with VSW_A_PORT_IP_GUARD on, at most
 *   VSW_PORT_LEASES_MAX per port (the oldest goes); an address leased to
 *   one port is unbound from any other, a DHCPv4 RELEASE unbinds it.
 *
 * Mirrors
 * -------
 * A mirror sends an exact copy of every frame its source ports receive
 * (rx), send (tx) or both to its destination port, which then carries
 * nothing else: it is left out of forwarding and flooding and what it
 * sends is dropped (VSW_STATS_DROP_MIRROR). A port is the source of one
 * mirror at most; the destination is a guest port, not a source. The
 * host's traffic is captured on the switch device itself.
 * VSW_CMD_MIRROR_GET
 *   dump, request: nothing, or a switch. One message per mirror:
 *     VSW_A_IFINDEX, VSW_A_IFNAME  the switch
 *     VSW_A_MIRROR_NAME    string, < VSW_MIRROR_NAME_LEN
 *     VSW_A_MIRROR_FROM    binary, u32 ifindexes of the source ports (at
 *                          most VSW_MIRROR_FROM_MAX)
 *     VSW_A_MIRROR_DIR     u8, VSW_MIRROR_RX | VSW_MIRROR_TX
 *     VSW_A_MIRROR_TO      u32, ifindex of the destination port
 * VSW_CMD_MIRROR_NEW (admin)
 *   request: switch, VSW_A_MIRROR_NAME, VSW_A_MIRROR_FROM (one ifindex at
 *   least), VSW_A_MIRROR_TO, optional VSW_A_MIRROR_DIR (absent: both).
 * VSW_CMD_MIRROR_DEL (admin)
 *   request: switch, VSW_A_MIRROR_NAME (-ENOENT if there is none).
 *   Mirrors go away with their destination port; a source port leaving
 *   leaves the mirror's other sources.
 *
 * VSW_CMD_FDB_GET
 *   dump, request: VSW_A_IFINDEX | VSW_A_IFNAME, and optionally
 *                  VSW_A_PORT_IFINDEX | VSW_A_PORT_IFNAME to list only the
 *                  entries behind that port.
 *   One message per entry:
 *     VSW_A_IFINDEX, VSW_A_IFNAME            the switch
 *     VSW_A_FDB_MAC        binary, ETH_ALEN bytes
 *     VSW_A_FDB_VLAN       u16, 0 = untagged
 *     VSW_A_FDB_FLAGS      u32, VSW_FDB_F_*
 *     VSW_A_PORT_IFINDEX, VSW_A_PORT_IFNAME  the port; absent for
 *                          VSW_FDB_F_LOCAL (the switch device itself, the
 *                          host)
 *     VSW_A_FDB_AGE        u32, milliseconds since the station was last
 *                          seen; for static and local entries, since they
 *                          were added
 *   A table larger than one message is split across as many dump messages
 *   as needed. Entries learned during a dump are appended to the table and
 *   may or may not be listed; if an entry is removed or moves to another
 *   port between two messages, the dump carries NLM_F_DUMP_INTR and the
 *   reader should start again.
 *
 * VSW_CMD_FDB_NEW (admin)
 *   request: switch, port, VSW_A_FDB_MAC (a unicast address), optional
 *   VSW_A_FDB_VLAN. Adds a static entry: it never ages and never moves.
 *   A learned entry for the same key becomes static; an existing static
 *   entry is refused with -EEXIST.
 *
 * VSW_CMD_FDB_DEL (admin)
 *   request: switch, VSW_A_FDB_MAC, optional VSW_A_FDB_VLAN. Deletes the
 *   entry, learned or static (-ENOENT if none). Local entries cannot be
 *   deleted (-EPERM).
 *
 * VSW_CMD_FDB_FLUSH (admin)
 *   request: switch, optionally a port. Deletes every learned and static
 *   entry of the switch, or only those behind that port. Local entries stay.
 *
 * Bridged (switches of mode VSW_MODE_BRIDGED)
 * -------
 * A bridged switch joins its guest ports to a LAN through an uplink: an
 * Ethernet device of the host (a NIC, a bond, a VLAN device, a veth) that
 * keeps its addresses and routes. IFLA_VSW_UPLINK sets it, at creation or
 * later (changelink; 0 detaches it). The uplink is refused if it has a
 * master, is another switch's uplink or a port, or its rx handler is taken;
 * the message names the owner. While attached the uplink is promiscuous
 * and listed among the ports with VSW_A_PORT_UPLINK; it is not enslaved
 * (`ip link` shows it without a master, the switch as NAME@UPLINK), so
 * `ip link set UPLINK nomaster` does not detach it. The switch's carrier
 * and MTU follow the uplink's. If the uplink's device goes away the switch
 * stays, without carrier, and VSW_A_UPLINK_STATE says VSW_UPLINK_GONE.
 *   Guests see the LAN's broadcast and multicast frames and the unicast
 *   frames sent to them; the LAN's unicast for other stations is not copied
 *   to them (VSW_STATS_DROP_NOT_GUEST on the uplink). The host reaches
 *   guests through the uplink as any LAN station would, and guests reach
 *   the host at the uplink's address. Frames from guests with the uplink's
 *   MAC address as source are dropped (VSW_STATS_DROP_BAD_SRC). The
 *   switch takes the host's frames for guests in a netfilter egress hook
 *   of the uplink; the frames the switch itself sends out of the uplink
 *   skip the uplink's netfilter egress hooks, as frames redirected by tc do.
 *
 * NAT (switches of mode VSW_MODE_NAT)
 * ---
 * A nat switch's subnet is the IPv4 address the admin puts on the switch
 * device (RTM_NEWADDR). Guests' packets to anywhere off that subnet leave
 * through the host's routing, masqueraded by the kernel's conntrack and
 * nf_nat in the switch's own conntrack zone (VSW_A_NAT_ZONE in
 * VSW_CMD_SWITCH_GET; the zone holds the guest side of each connection,
 * the outside side is in the default zone, as the host's own connections).
 * NAT is the module vswitch_nat, apart from the core's vswitch. The
 * kernel loads it for VSW_CMD_NAT_SET, FWD_NEW and FWD_DEL (a caller with
 * CAP_NET_ADMIN in the initial user namespace), even for one it refuses,
 * but not for RTM_NEWLINK: without it, a nat switch is refused with
 * -EOPNOTSUPP ("nat switches need the vswitch_nat module ..."), and
 * VSW_CMD_FWD_GET finds none. vswctl sends an empty NAT_SET before it
 * makes a nat switch. Unloading it deletes the nat switches.
 * VSW_CMD_NAT_SET (admin)
 *   request: switch, and any of VSW_A_NAT_UDP_TIMEOUT (UDP, both unreplied
 *   and replied), VSW_A_NAT_TCP_TIMEOUT (TCP connections being opened or
 *   closed), VSW_A_NAT_TCP_EST_TIMEOUT (established TCP connections), in
 *   seconds, 1 to VSW_NAT_TIMEOUT_MAX; 0 restores the namespace's default.
 *   Live connections take the new value with their next packet.
 *   VSW_CMD_SWITCH_GET replies carry the three values in force.
 * VSW_CMD_FWD_GET
 *   dump, request: optionally the switch. One message per forward:
 *     VSW_A_IFINDEX, VSW_A_IFNAME   the switch
 *     VSW_A_FWD_NAME, VSW_A_FWD_PROTO, VSW_A_FWD_HOST_ADDR,
 *     VSW_A_FWD_HOST_PORT, VSW_A_FWD_GUEST_ADDR, VSW_A_FWD_GUEST_PORT
 * VSW_CMD_FWD_NEW (admin)
 *   request: switch, VSW_A_FWD_PROTO, VSW_A_FWD_HOST_PORT,
 *   VSW_A_FWD_GUEST_ADDR (in the switch's subnet), and optionally
 *   VSW_A_FWD_HOST_ADDR (absent or 0: every address of the host, 127.0.0.1
 *   included), VSW_A_FWD_GUEST_PORT (absent: the host port),
 *   VSW_A_FWD_NAME (absent: "<proto>-<host port>"). Connections to the
 *   host port, from outside, from the host itself and from the switch's
 *   guests, are translated to the guest. A protocol and host port is
 *   forwarded by one rule in the namespace: a second one is refused with
 *   -EEXIST naming the switch and rule that hold it; so is a name used
 *   twice on one switch.
 * VSW_CMD_FWD_DEL (admin)
 *   request: switch, and VSW_A_FWD_NAME or VSW_A_FWD_PROTO with
 *   VSW_A_FWD_HOST_PORT. Removes the rule and ends the connections it
 *   brought in (-ENOENT if no such rule).
 *
 * Events (multicast group VSWITCH_MCGRP_EVENTS)
 * ------
 *   VSW_CMD_FDB_NEW   an entry appeared or moved; attributes as a FDB_GET
 *                     message plus VSW_A_EVENT: VSW_EVENT_LEARNED,
 *                     VSW_EVENT_MOVED or VSW_EVENT_ADDED (static).
 *   VSW_CMD_FDB_DEL   an entry went away; VSW_A_EVENT: VSW_EVENT_AGED,
 *                     VSW_EVENT_DELETED (by request, flush, or its port
 *                     leaving).
 *   VSW_CMD_PORT_NEW  a port was attached; attributes as PORT_GET.
 *   VSW_CMD_PORT_DEL  a port was detached; switch and port attributes.
 *   VSW_CMD_PORT_SET  a port's BPDU guard shut it: switch and port
 *                     attributes, VSW_A_PORT_SHUT, VSW_A_EVENT
 *                     VSW_EVENT_SHUT.
 */

#ifndef _UAPI_LINUX_VSWITCH_H
#define _UAPI_LINUX_VSWITCH_H

#define VSWITCH_LINK_KIND	"vswitch"
#define VSWITCH_GENL_NAME	"vswitch"
#define VSWITCH_GENL_VERSION	1
#define VSWITCH_MCGRP_EVENTS	"events"

/* Switch modes: the segment's membership and its host and outside view. */
enum vsw_mode {
	VSW_MODE_INTERNAL,	/* guest ports only; host traffic dropped */
	VSW_MODE_HOST_ONLY,	/* guest ports + the switch device as host */
	VSW_MODE_NAT,		/* host-only + masquerade to the outside */
	VSW_MODE_BRIDGED,	/* guest ports + a physical uplink */
	__VSW_MODE_MAX
};

#define VSW_MODE_MAX (__VSW_MODE_MAX - 1)

/* rtnetlink IFLA_INFO_DATA of link kind "vswitch". */
enum {
	IFLA_VSW_UNSPEC,
	IFLA_VSW_MODE,		/* u32, enum vsw_mode; at creation only;
				 * absent: VSW_MODE_INTERNAL
				 */
	IFLA_VSW_AGEING,	/* u32, seconds, 0 = never; default 300 */
	IFLA_VSW_FDB_MAX,	/* u32, learned entries, 0 = unlimited; 8192 */
	IFLA_VSW_UPLINK,	/* u32, ifindex of a bridged switch's uplink,
				 * 0 = none; at creation and at run time
				 */
	IFLA_VSW_GROUP_FWD_MASK, /* u16, the reserved link-local groups
				  * 01:80:C2:00:00:0X forwarded from ports,
				  * bit X; default 0; VSW_GROUP_FWD_NEVER
				  * refused
				  */
	__IFLA_VSW_MAX
};

#define IFLA_VSW_MAX (__IFLA_VSW_MAX - 1)

/* Pause (01:80:C2:00:00:01) and LACP (02): a link's own, never forwarded. */
#define VSW_GROUP_FWD_NEVER	0x0006

#define VSW_AGEING_DEFAULT	300
#define VSW_AGEING_MAX		1000000
#define VSW_FDB_MAX_DEFAULT	8192

/* port policy */
#define VSW_PORT_MACS_MAX	16
#define VSW_PORT_IPS_MAX	16
#define VSW_PORT_LEASES_MAX	8
#define VSW_MIRROR_NAME_LEN	16
#define VSW_MIRROR_FROM_MAX	64

/* nat switches */
#define VSW_FWD_NAME_LEN	32
#define VSW_NAT_TIMEOUT_MAX	(7 * 24 * 3600)

enum vsw_cmd {
	VSW_CMD_UNSPEC,
	VSW_CMD_SWITCH_GET,
	VSW_CMD_PORT_GET,
	VSW_CMD_PORT_SET,
	VSW_CMD_PORT_NEW,	/* event only */
	VSW_CMD_PORT_DEL,	/* event only */
	VSW_CMD_FDB_GET,
	VSW_CMD_FDB_NEW,
	VSW_CMD_FDB_DEL,
	VSW_CMD_FDB_FLUSH,
	VSW_CMD_NAT_SET,
	VSW_CMD_FWD_GET,
	VSW_CMD_FWD_NEW,
	VSW_CMD_FWD_DEL,
	VSW_CMD_SWITCH_SET,
	VSW_CMD_BINDING_GET,
	VSW_CMD_MIRROR_GET,
	VSW_CMD_MIRROR_NEW,
	VSW_CMD_MIRROR_DEL,
	__VSW_CMD_MAX
};

#define VSW_CMD_MAX (__VSW_CMD_MAX - 1)

enum vsw_attr {
	VSW_A_UNSPEC,
	VSW_A_IFINDEX,		/* u32 */
	VSW_A_IFNAME,		/* string, < IFNAMSIZ */
	VSW_A_MODE,		/* u32, enum vsw_mode */
	VSW_A_AGEING,		/* u32, seconds */
	VSW_A_FDB_MAX,		/* u32 */
	VSW_A_FDB_COUNT,	/* u32 */
	VSW_A_FDB_STATIC,	/* u32 */
	VSW_A_PORT_COUNT,	/* u32 */
	VSW_A_STATS,		/* nested, VSW_STATS_* */
	VSW_A_PORT_IFINDEX,	/* u32 */
	VSW_A_PORT_IFNAME,	/* string, < IFNAMSIZ */
	VSW_A_PORT_FDB_MAX,	/* u32 */
	VSW_A_PORT_FDB_COUNT,	/* u32 */
	VSW_A_FDB_MAC,		/* binary, ETH_ALEN */
	VSW_A_FDB_VLAN,		/* u16 */
	VSW_A_FDB_FLAGS,	/* u32, VSW_FDB_F_* */
	VSW_A_FDB_AGE,		/* u32, milliseconds */
	VSW_A_EVENT,		/* u32, enum vsw_event */
	VSW_A_PAD,
	VSW_A_NAT_ZONE,		/* u16, conntrack zone of a nat switch */
	VSW_A_NAT_UDP_TIMEOUT,	/* u32, seconds */
	VSW_A_NAT_TCP_TIMEOUT,	/* u32, seconds */
	VSW_A_NAT_TCP_EST_TIMEOUT, /* u32, seconds */
	VSW_A_FWD_NAME,		/* string, < VSW_FWD_NAME_LEN */
	VSW_A_FWD_PROTO,	/* u8, IPPROTO_TCP or IPPROTO_UDP */
	VSW_A_FWD_HOST_ADDR,	/* be32, IPv4; 0 = every host address */
	VSW_A_FWD_HOST_PORT,	/* u16 */
	VSW_A_FWD_GUEST_ADDR,	/* be32, IPv4 */
	VSW_A_FWD_GUEST_PORT,	/* u16 */
	VSW_A_UPLINK_IFINDEX,	/* u32 */
	VSW_A_UPLINK_IFNAME,	/* string */
	VSW_A_UPLINK_STATE,	/* u32, enum vsw_uplink_state */
	VSW_A_PORT_UPLINK,	/* flag: the port is its switch's uplink */
	VSW_A_PORT_PVID,	/* u16 */
	VSW_A_PORT_VLAN_FILTER,	/* u8 */
	VSW_A_PORT_VLANS,	/* binary, VLAN_N_VID / 8 bytes */
	VSW_A_PORT_ISOLATED,	/* u8 */
	VSW_A_PORT_MAC_GUARD,	/* u8 */
	VSW_A_PORT_DHCP_GUARD,	/* u8 */
	VSW_A_PORT_ROUTER_GUARD, /* u8 */
	VSW_A_PORT_MACS,	/* binary, n * ETH_ALEN */
	VSW_A_PORT_STORM_LIMIT,	/* u32, frames per second */
	VSW_A_PORT_GUARD_MAC,	/* binary, ETH_ALEN */
	VSW_A_PORT_HOST,	/* flag: the switch device as the host's port */
	VSW_A_PORT_IP_GUARD,	/* u8 */
	VSW_A_PORT_IPS,		/* binary, n * 16 */
	VSW_A_PORT_PROMISC,	/* u8, enum vsw_promisc */
	VSW_A_PORT_MIRROR,	/* string: the mirror the port is the
				 * destination of
				 */
	VSW_A_PORT_DEFAULTS,	/* nested, port policy attributes */
	VSW_A_BIND_ADDR,	/* binary, 16 bytes */
	VSW_A_BIND_TYPE,	/* u32, enum vsw_bind_type */
	VSW_A_BIND_EXPIRES,	/* u32, seconds */
	VSW_A_MIRROR_NAME,	/* string, < VSW_MIRROR_NAME_LEN */
	VSW_A_MIRROR_FROM,	/* binary, n * u32 ifindex */
	VSW_A_MIRROR_DIR,	/* u8, VSW_MIRROR_RX | VSW_MIRROR_TX */
	VSW_A_MIRROR_TO,	/* u32, ifindex */
	VSW_A_PORT_DHCP_TRUST,	/* u8 */
	VSW_A_GROUP_FWD_MASK,	/* u16, as IFLA_VSW_GROUP_FWD_MASK */
	VSW_A_PORT_BPDU_GUARD,	/* u8 */
	VSW_A_PORT_SHUT,	/* u8, enum vsw_shut */
	__VSW_A_MAX
};

#define VSW_A_MAX (__VSW_A_MAX - 1)

/* FDB entry flags. */
enum {
	VSW_FDB_F_STATIC	= 1U << 0,	/* added by the admin */
	VSW_FDB_F_LOCAL		= 1U << 1,	/* the switch device's address */
};

/* The uplink of a bridged switch, as VSW_CMD_SWITCH_GET reports it. */
enum vsw_uplink_state {
	VSW_UPLINK_NONE,	/* none set, or detached by the admin */
	VSW_UPLINK_UP,		/* attached, running, carrier on */
	VSW_UPLINK_NO_CARRIER,	/* attached, but down or without carrier */
	VSW_UPLINK_GONE,	/* its device went away (VSW_A_UPLINK_IFNAME
				 * is the name it had)
				 */
	__VSW_UPLINK_STATE_MAX
};

/* VirtualBox's promiscuous mode policy of a port. */
enum vsw_promisc {
	VSW_PROMISC_DENY,	/* only its own traffic (the default) */
	VSW_PROMISC_ALLOW_VMS,	/* also copies of unicast between guests */
	VSW_PROMISC_ALLOW_ALL,	/* also to and from the host and the uplink */
	__VSW_PROMISC_MAX
};

enum vsw_bind_type {
	VSW_BIND_STATIC,	/* VSW_A_PORT_IPS */
	VSW_BIND_DHCP,		/* snooped lease */
	__VSW_BIND_TYPE_MAX
};

/* VSW_A_MIRROR_DIR: which frames of the source ports are copied. */
enum {
	VSW_MIRROR_RX	= 1U << 0,	/* those the switch receives from them */
	VSW_MIRROR_TX	= 1U << 1,	/* those the switch sends out of them */
};

enum vsw_event {
	VSW_EVENT_NONE,
	VSW_EVENT_LEARNED,
	VSW_EVENT_MOVED,
	VSW_EVENT_ADDED,
	VSW_EVENT_AGED,
	VSW_EVENT_DELETED,
	VSW_EVENT_SHUT,
	__VSW_EVENT_MAX
};

/* VSW_A_PORT_SHUT: whether a port is shut, and by whom. */
enum vsw_shut {
	VSW_SHUT_NO,		/* forwarding */
	VSW_SHUT_ADMIN,		/* shut by request (a pulled cable) */
	VSW_SHUT_BPDU_GUARD,	/* shut by its BPDU guard */
	__VSW_SHUT_MAX
};

/*
 * Counters in VSW_A_STATS, all u64. For a port, rx is what the switch took
 * in from it and tx what the switch sent out through it. For a switch, the
 * sums over its ports. A frame is counted once in one drop reason.
 */
enum vsw_stats_attr {
	VSW_STATS_UNSPEC,
	VSW_STATS_RX_PACKETS,
	VSW_STATS_RX_BYTES,
	VSW_STATS_TX_PACKETS,
	VSW_STATS_TX_BYTES,
	VSW_STATS_FLOODED,	/* received frames sent to every other port */
	VSW_STATS_LEARN_REFUSED, /* sources not learned: an FDB limit hit */
	VSW_STATS_DROP_BAD_SRC,	/* source MAC multicast or zero, or (bridged)
				 * a guest using the uplink's address
				 */
	VSW_STATS_DROP_SAME_PORT, /* destination is behind the ingress port */
	VSW_STATS_DROP_HOST,	/* internal mode: to or from the host */
	VSW_STATS_DROP_DOWN,	/* switch or egress port down */
	VSW_STATS_DROP_MTU,	/* larger than the egress port's MTU */
	VSW_STATS_DROP_NOMEM,	/* no memory to copy a flooded frame */
	VSW_STATS_PAD,
	VSW_STATS_NAT_OUT,	/* nat: frames translated towards the outside */
	VSW_STATS_NAT_IN,	/* nat: frames translated towards a guest */
	VSW_STATS_DROP_NAT,	/* nat: conntrack refused it (invalid state,
				 * no free port, table full), or the host
				 * would route it to or from the guests
				 */
	VSW_STATS_DROP_NO_ROUTE, /* nat: the host has no route for it */
	VSW_STATS_DROP_NOT_GUEST, /* bridged: unicast from the LAN to a station
				   * that is neither a guest nor the host
				   */
	VSW_STATS_DROP_VLAN,	/* a VID the port does not carry */
	VSW_STATS_DROP_ISOLATED, /* from an isolated port to another */
	VSW_STATS_DROP_MAC_GUARD, /* a source address the port may not use */
	VSW_STATS_DROP_DHCP_GUARD, /* a DHCP server message */
	VSW_STATS_DROP_ROUTER_GUARD, /* a router advertisement or redirect */
	VSW_STATS_DROP_STORM,	/* over the port's storm limit */
	VSW_STATS_DROP_IP_GUARD, /* an IP address the port may not use */
	VSW_STATS_DROP_MIRROR,	/* sent by a mirror's destination port */
	VSW_STATS_DROP_LINK_LOCAL, /* to a reserved link-local group the
				    * switch does not forward, or pause
				    */
	VSW_STATS_DROP_BPDU_GUARD, /* a BPDU that shut its port */
	VSW_STATS_DROP_SHUT,	/* sent by a shut port */
	__VSW_STATS_MAX
};

#define VSW_STATS_MAX (__VSW_STATS_MAX - 1)

#endif /* _UAPI_LINUX_VSWITCH_H */
