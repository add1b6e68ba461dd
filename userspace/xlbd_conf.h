/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xlbd's configuration file (xlbd.conf(5)): the xlb devices it manages,
 * the namespace's placement policy and each tunnel's placement. Parsing
 * only; a file with any error is refused whole, with "FILE:LINE: why".
 */
#ifndef XLBD_CONF_H
#define XLBD_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lib/xlb_objects.h"
#include "xlbd_pluto.h"

#define XLBD_CONF_DEFAULT "/etc/xlb/xlbd.conf"
#define XLBD_MAX_CPUS 4096
#define XLBD_MAX_DEVICES 64
#define XLBD_ERR_LEN 512

struct xlbd_cpuset {
	uint64_t bits[XLBD_MAX_CPUS / 64];
};

bool xlbd_cpuset_has(const struct xlbd_cpuset *set, unsigned int cpu);
unsigned int xlbd_cpuset_count(const struct xlbd_cpuset *set);

/*
 * A tunnel's traffic as its outbound policy selects it: from LOCAL to
 * REMOTE, prefixes of one family (libreswan's leftsubnet and rightsubnet).
 */
struct xlbd_selector {
	int family;			/* 0: the tunnel is not named so */
	uint8_t local[16];
	uint8_t remote[16];
	uint8_t local_len;
	uint8_t remote_len;
};

/* "198.51.100.0/24 203.0.113.0/24" */
#define XLBD_SELECTOR_LEN 96
const char *xlbd_selector_str(const struct xlbd_selector *sel, char *buf,
			      size_t len);

/*
 * One "tunnel" line: where the SAs of a reqid are born. A tunnel named by
 * its libreswan conn or by its selector has reqid 0 until xlbd has read
 * the reqid off one of the conn's SAs (xlbd_conns.c) or off the policy
 * (xlbd_selectors.c); @fresh until that is applied.
 */
struct xlbd_tunnel {
	uint32_t reqid;
	char conn[XLBD_CONN_LEN];	/* "" for a tunnel not named by conn */
	struct xlbd_selector sel;
	bool fresh;
	uint32_t refused_reqid;		/* a reqid another line has: said once */
	bool has_workers;
	struct xlbd_cpuset workers;
	bool pinned;
	bool has_spray;
	uint32_t spray;		/* enum xlb_spray_mode */
	uint32_t weight;	/* thousandths of a worker, 1-1000; 0: none */
	unsigned int line;
};

/*
 * libreswan's pluto, whose tunnels xlbd re-establishes when the kernel
 * dropped their SAs (an xlb device went down): where to reach it, how
 * often to check.
 */
#define XLBD_CHECK_DEFAULT_S 30
#define XLBD_CHECK_MAX_S 3600

struct xlbd_libreswan {
	bool off;
	char ctlsocket[108];
	bool ctlsocket_set;
	unsigned int check_s;
	bool check_set;
};

/*
 * One "pair" line: this gateway and another share @addr, which keepalived
 * (VRRP) gives to one of them; @conns are up on the one that has it and
 * down on the other (xlbd_pair.h).
 */
#define XLBD_PAIR_NAME_LEN 32
#define XLBD_PAIR_MAX_CONNS 16

struct xlbd_pair {
	char name[XLBD_PAIR_NAME_LEN];
	int family;
	uint8_t addr[16];
	char conns[XLBD_PAIR_MAX_CONNS][XLBD_CONN_LEN];
	size_t nconns;
	unsigned int line;
};

/*
 * One "failover" line: a remote site reached through a primary and a
 * backup remote gateway, one conn each, both up, each on its own XFRM
 * interface; @routes point at the active one (xlbd_failover.h).
 */
#define XLBD_FO_MAX_ROUTES 16
#define XLBD_FO_DETECT_DEFAULT_MS 300
#define XLBD_FO_PROBE_DEFAULT_MS 1000
#define XLBD_FO_HOLD_DOWN_DEFAULT_S 10

struct xlbd_fo_tunnel {
	char conn[XLBD_CONN_LEN];
	char dev[16];			/* the conn's XFRM interface */
	uint8_t probe[16];		/* its remote gateway's inside address */
};

struct xlbd_fo_route {
	uint8_t addr[16];
	uint8_t len;
};

struct xlbd_failover {
	char name[XLBD_PAIR_NAME_LEN];
	int family;			/* of the probes, the source, the routes */
	struct xlbd_fo_tunnel tunnel[2];	/* [0] primary, [1] backup */
	uint8_t source[16];		/* this site's address the probes come from */
	struct xlbd_fo_route routes[XLBD_FO_MAX_ROUTES];
	size_t nroutes;
	unsigned int detect_ms;		/* outbound with nothing back this long: dead */
	unsigned int probe_ms;		/* an idle tunnel's probes, this often */
	unsigned int hold_down_s;	/* the primary alive this long: back to it */
	unsigned int line;
};

struct xlbd_conf {
	char devices[XLBD_MAX_DEVICES][16];
	size_t ndevices;
	struct xlb_policy policy;	/* has_* for the values the file sets */
	struct xlbd_tunnel *tunnels;
	size_t ntunnels;
	struct xlbd_pair *pairs;
	size_t npairs;
	struct xlbd_failover *failovers;
	size_t nfailovers;
	struct xlbd_libreswan libreswan;
};

/*
 * Reads @path into @conf (freed with xlbd_conf_free). On error returns -1
 * with "PATH:LINE: what is wrong" (or "PATH: why it cannot be read") in
 * @err, and @conf holds nothing.
 */
int xlbd_conf_load(const char *path, struct xlbd_conf *conf, char *err,
		   size_t errlen);
/* The same from an open stream, named @name in messages. */
int xlbd_conf_read(FILE *in, const char *name, struct xlbd_conf *conf,
		   char *err, size_t errlen);
void xlbd_conf_free(struct xlbd_conf *conf);

/* The tunnel whose SAs have @reqid (never one not resolved yet), or NULL. */
const struct xlbd_tunnel *xlbd_conf_tunnel(const struct xlbd_conf *conf,
					   uint32_t reqid);
/*
 * "reqid 16389", "conn "west" (reqid 16389)", "conn "west" (reqid not known
 * yet)", "selector 198.51.100.0/24 203.0.113.0/24 (reqid 16389)", ...
 */
const char *xlbd_tunnel_name(const struct xlbd_tunnel *t, char *buf, size_t len);
/* "192.0.2.1", "2001:db8::1": @pair's address as text. */
const char *xlbd_pair_addr_str(const struct xlbd_pair *pair, char *buf,
			       size_t len);
/* True when the file names no device (all of them) or names @ifname. */
bool xlbd_conf_manages(const struct xlbd_conf *conf, const char *ifname);

#endif /* XLBD_CONF_H */
