// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl: VLAN lists ("10,20-30") and a port's VLAN membership, read and
 * written as the bitmap of VSW_A_PORT_VLANS (bit v of byte v / 8 is VID v).
 */
#include <stdio.h>
#include <string.h>
#include <linux/vswitch.h>

#include "vswctl.h"

/*
 * The longest text of a list: ranges of two VIDs with one left out between
 * them, "1-2,4-5,...", take 10 characters for 3 VIDs.
 */
#define VID_TEXT_MAX	(VLAN_MAX * 4 + 16)

static bool vid_test(const uint8_t *bitmap, unsigned int vid)
{
	return bitmap[vid / 8] & (1U << (vid % 8));
}

/*
 * One VID, s[0..len), of the item item[0..ilen) of kw's list: 1..VLAN_MAX,
 * decimal digits only.
 */
static unsigned int parse_vid(const char *kw, const char *s, size_t len,
			      const char *item, size_t ilen)
{
	unsigned long v = 0;
	size_t i;

	if (!len || strspn(s, "0123456789") < len) {
		if (memchr(item, '-', ilen))
			die("%s: invalid range \"%.*s\"", kw, (int)ilen, item);
		die("%s: invalid VID \"%.*s\"", kw, (int)ilen, item);
	}
	for (i = 0; i < len && v <= VLAN_MAX; i++)
		v = v * 10 + (unsigned long)(s[i] - '0');
	if (v < 1 || v > VLAN_MAX)
		die("%s: VID \"%.*s\" out of range (1..%u)", kw, (int)len, s,
		    VLAN_MAX);
	return (unsigned int)v;
}

/*
 * kw's list s, "VID[-VID][,...]", into bitmap (VLAN_BITMAP_LEN bytes);
 * dies naming the item on empty items, junk, VIDs out of 1..VLAN_MAX and
 * reversed ranges.
 */
void parse_vid_list(const char *kw, const char *s, uint8_t *bitmap)
{
	const char *p = s;

	memset(bitmap, 0, VLAN_BITMAP_LEN);
	for (;;) {
		size_t len = strcspn(p, ",");
		const char *dash = memchr(p, '-', len);
		unsigned int lo, hi, v;

		if (!len)
			die("%s: empty item in \"%s\"", kw, s);
		if (dash) {
			size_t n = (size_t)(dash - p);

			lo = parse_vid(kw, p, n, p, len);
			hi = parse_vid(kw, dash + 1, len - n - 1, p, len);
			if (lo > hi)
				die("%s: reversed range \"%.*s\" (write %u-%u)",
				    kw, (int)len, p, hi, lo);
		} else {
			lo = parse_vid(kw, p, len, p, len);
			hi = lo;
		}
		for (v = lo; v <= hi; v++)
			bitmap[v / 8] |= (uint8_t)(1U << (v % 8));
		p += len;
		if (!*p)
			break;
		p++;	/* the comma */
	}
}

/* "10,20-30"; "" for an empty set. */
static const char *format_vid_list(const uint8_t *bitmap, char *buf,
				   size_t len)
{
	size_t off = 0;
	unsigned int v = 1;

	buf[0] = '\0';
	while (v <= VLAN_MAX && off < len) {
		unsigned int lo;

		if (!vid_test(bitmap, v)) {
			v++;
			continue;
		}
		lo = v;
		while (v + 1 <= VLAN_MAX && vid_test(bitmap, v + 1))
			v++;
		if (lo == v)
			off += snprintf(buf + off, len - off, "%s%u",
					off ? "," : "", lo);
		else
			off += snprintf(buf + off, len - off, "%s%u-%u",
					off ? "," : "", lo, v);
		v++;
	}
	return buf;
}

/*
 * The VLANs of a port (host: of a switch's host port) from a PORT_GET or
 * SWITCH_GET reply. Text, only when not VLAN-transparent: " vlan 10",
 * " trunk 10,20-30 native 5", " trunk all native 5" (" host-vlan ...",
 * " host-trunk ..." for the host). JSON: pvid, vlan_filter, vlans (a list
 * of VIDs), with "host_" before each key for the host.
 */
void print_vlans(const struct nlattr **tb, bool host)
{
	static const uint8_t none[VLAN_BITMAP_LEN];
	static char list[VID_TEXT_MAX];
	const char *pre = host ? "host_" : "", *tpre = host ? "host-" : "";
	const uint8_t *bitmap = nla_bin(tb[VSW_A_PORT_VLANS], VLAN_BITMAP_LEN);
	uint16_t pvid = nla_u16(tb[VSW_A_PORT_PVID], 0);
	bool filter = nla_u8(tb[VSW_A_PORT_VLAN_FILTER], 0);
	char key[32], fmt[32];
	unsigned int v;

	if (!bitmap)
		bitmap = none;
	format_vid_list(bitmap, list, sizeof(list));

	snprintf(key, sizeof(key), "%spvid", pre);
	print_uint(PRINT_JSON, key, NULL, pvid);
	snprintf(key, sizeof(key), "%svlan_filter", pre);
	print_bool(PRINT_JSON, key, NULL, filter);
	snprintf(key, sizeof(key), "%svlans", pre);
	print_open_array(key);
	for (v = 1; v <= VLAN_MAX; v++)
		if (vid_test(bitmap, v))
			print_uint(PRINT_JSON, NULL, NULL, v);
	print_close_array();

	if (!filter && !pvid)
		return;		/* VLAN-transparent, the default */
	if (filter && !list[0]) {
		/* An access port; PVID 0: untagged frames only. */
		snprintf(fmt, sizeof(fmt), " %svlan %%llu", tpre);
		print_uint(PRINT_FP, NULL, fmt, pvid);
		return;
	}
	snprintf(fmt, sizeof(fmt), " %strunk %%s", tpre);
	print_string(PRINT_FP, NULL, fmt, filter ? list : "all");
	if (pvid)
		print_uint(PRINT_FP, NULL, " native %llu", pvid);
}
