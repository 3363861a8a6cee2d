// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl: one print path for plain text and JSON (-j, -p).
 *
 * Every value goes through print_*(type, key, fmt, value): in text mode fmt
 * is printed (if the type includes PRINT_FP), in JSON mode "key": value (if
 * it includes PRINT_JSON). Objects and lists only exist in JSON; a text
 * record ends with print_nl().
 */
#include <stdio.h>
#include <string.h>
#include <linux/vswitch.h>

#include "vswctl.h"

#define MAX_DEPTH 16

static int depth;
static bool empty[MAX_DEPTH];	/* nothing printed yet at this level */

static void indent(void)
{
	int i;

	putchar('\n');
	for (i = 0; i < depth; i++)
		fputs("    ", stdout);
}

/* Before a value or key: comma after a sibling, newline when pretty. */
static void sep(void)
{
	if (depth == 0)
		return;
	if (!empty[depth])
		putchar(',');
	empty[depth] = false;
	if (opt_pretty)
		indent();
}

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void json_key(const char *key)
{
	sep();
	if (key) {
		json_str(key);
		fputs(opt_pretty ? ": " : ":", stdout);
	}
}

static void open_container(const char *key, char c)
{
	json_key(key);
	putchar(c);
	if (depth < MAX_DEPTH - 1)
		depth++;
	empty[depth] = true;
}

static void close_container(char c)
{
	bool was_empty = empty[depth];

	if (depth > 0)
		depth--;
	if (opt_pretty && !was_empty)
		indent();
	putchar(c);
	if (depth == 0) {
		putchar('\n');
		fflush(stdout);
	}
}

void print_start(void)
{
	if (opt_json)
		open_container(NULL, '[');
}

void print_end(void)
{
	if (opt_json)
		close_container(']');
	fflush(stdout);
}

void print_open_object(const char *key)
{
	if (opt_json)
		open_container(key, '{');
}

void print_close_object(void)
{
	if (opt_json)
		close_container('}');
}

void print_open_array(const char *key)
{
	if (opt_json)
		open_container(key, '[');
}

void print_close_array(void)
{
	if (opt_json)
		close_container(']');
}

static bool want(enum print_type t, const char *fmt)
{
	if (opt_json)
		return t & PRINT_JSON;
	return (t & PRINT_FP) && fmt;
}

void print_string(enum print_type t, const char *key, const char *fmt,
		  const char *val)
{
	if (!want(t, fmt))
		return;
	if (opt_json) {
		json_key(key);
		json_str(val);
	} else {
		printf(fmt, val);
	}
}

/* fmt takes an unsigned long long. */
void print_uint(enum print_type t, const char *key, const char *fmt,
		uint64_t val)
{
	if (!want(t, fmt))
		return;
	if (opt_json) {
		json_key(key);
		printf("%llu", (unsigned long long)val);
	} else {
		printf(fmt, (unsigned long long)val);
	}
}

/* A number already formatted (e.g. "1.23"): unquoted in JSON. */
void print_number(enum print_type t, const char *key, const char *fmt,
		  const char *num)
{
	if (!want(t, fmt))
		return;
	if (opt_json) {
		json_key(key);
		fputs(num, stdout);
	} else {
		printf(fmt, num);
	}
}

/* A flag: JSON true or false; text fmt, as it is, only when it is set. */
void print_bool(enum print_type t, const char *key, const char *fmt, bool val)
{
	if (!want(t, fmt))
		return;
	if (opt_json) {
		json_key(key);
		fputs(val ? "true" : "false", stdout);
	} else if (val) {
		fputs(fmt, stdout);
	}
}

void print_nl(void)
{
	if (!opt_json)
		putchar('\n');
}

void print_flush(void)
{
	fflush(stdout);
}

/* Generated at build time from the uapi header (stats_names.awk). */
static const char *const stat_names[VSW_STATS_MAX + 1] = {
#include "stats_names.h"
};

/*
 * With -s: text, a second line indented four spaces; JSON, "stats": {...}.
 * Every known counter is printed, 0 when the kernel left it out.
 */
void print_stats(const struct nlattr *nest)
{
	const struct nlattr *tb[VSW_STATS_MAX + 1];
	const char *lead = "\n    ";
	unsigned int i;

	if (!opt_stats)
		return;
	nl_parse_nested(nest, tb, VSW_STATS_MAX);
	print_open_object("stats");
	for (i = 0; i <= VSW_STATS_MAX; i++) {
		char fmt[64];

		if (!stat_names[i])
			continue;
		snprintf(fmt, sizeof(fmt), "%s%s %%llu", lead, stat_names[i]);
		print_uint(PRINT_ANY, stat_names[i], fmt, nla_u64(tb[i], 0));
		lead = " ";
	}
	print_close_object();
}
