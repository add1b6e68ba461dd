// SPDX-License-Identifier: GPL-2.0
/* Names: of the uAPI's enums, of the library's statuses, of the policy's keys. */

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/xlb.h>

#include "xlb_names.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *const placements[] = {
	[XLB_PLACEMENT_HASH] = "hash",
	[XLB_PLACEMENT_LEAST_LOADED] = "least-loaded",
	[XLB_PLACEMENT_ADAPTIVE] = "adaptive",
};

static const char *const dirs[] = {
	[XLB_SA_DIR_IN] = "in",
	[XLB_SA_DIR_OUT] = "out",
};

static const char *const sprays[] = {
	[XLB_SPRAY_AUTO] = "auto",
	[XLB_SPRAY_ON] = "on",
	[XLB_SPRAY_OFF] = "off",
};

static const char *const reasons[] = {
	[XLB_REASON_NEW] = "new",
	[XLB_REASON_REKEY] = "rekey",
	[XLB_REASON_HOTSPOT] = "hotspot",
	[XLB_REASON_OFFLINE] = "offline",
	[XLB_REASON_PIN] = "pin",
	[XLB_REASON_TUNNEL] = "tunnel",
};

static const char *const events[] = {
	[XLB_CMD_SA_PLACED_NTF] = "sa-placed",
	[XLB_CMD_SA_MIGRATED_NTF] = "sa-migrated",
	[XLB_CMD_HOTSPOT_NTF] = "hotspot",
	[XLB_CMD_WORKER_ONLINE_NTF] = "worker-online",
	[XLB_CMD_WORKER_OFFLINE_NTF] = "worker-offline",
	[XLB_CMD_SA_REMOVED_NTF] = "sa-removed",
};

/*
 * A value without a name, as its decimal number. A few buffers in turn, so
 * that one printf may show several (the callers are single-threaded).
 */
static const char *number(uint32_t v)
{
	static char ring[4][sizeof("4294967295")];
	static unsigned int next;
	char *buf = ring[next++ % 4];

	snprintf(buf, sizeof(ring[0]), "%u", v);
	return buf;
}

static const char *lookup(const char *const *names, size_t n, uint32_t v)
{
	return v < n && names[v] ? names[v] : number(v);
}

static int parse(const char *const *names, size_t n, const char *word,
		 uint32_t *out)
{
	for (size_t i = 0; i < n; i++) {
		if (names[i] && strcmp(names[i], word) == 0) {
			*out = i;
			return 0;
		}
	}
	return -1;
}

const char *xlb_placement_name(uint32_t placement)
{
	return lookup(placements, N(placements), placement);
}

const char *xlb_dir_name(uint8_t dir)
{
	return lookup(dirs, N(dirs), dir);
}

const char *xlb_spray_name(uint32_t spray)
{
	return lookup(sprays, N(sprays), spray);
}

const char *xlb_reason_name(uint32_t reason)
{
	return lookup(reasons, N(reasons), reason);
}

const char *xlb_event_name(uint8_t cmd)
{
	return lookup(events, N(events), cmd);
}

const char *xlb_family_name(uint16_t family)
{
	switch (family) {
	case AF_INET:
		return "inet";
	case AF_INET6:
		return "inet6";
	}
	return number(family);
}

int xlb_placement_parse(const char *word, uint32_t *out)
{
	return parse(placements, N(placements), word, out);
}

int xlb_spray_parse(const char *word, uint32_t *out)
{
	return parse(sprays, N(sprays), word, out);
}

int xlb_dir_parse(const char *word, uint8_t *out)
{
	uint32_t v;

	if (parse(dirs, N(dirs), word, &v))
		return -1;
	*out = v;
	return 0;
}

/* Outcomes of library calls. */

const char *xlb_status_str(enum xlb_status status)
{
	switch (status) {
	case XLB_OK:
		return "success";
	case XLB_ERR_NOMEM:
		return "out of memory";
	case XLB_ERR_NETLINK:
		return "netlink failure";
	case XLB_ERR_NO_DEVICE:
		return "no such device";
	case XLB_ERR_NOT_XLB:
		return "not an xlb device";
	case XLB_ERR_NO_FAMILY:
		return "xlb module not loaded (no generic netlink family \"xlb\")";
	case XLB_ERR_PERM:
		return "needs CAP_NET_ADMIN";
	case XLB_ERR_KERNEL:
		return "the kernel refused the request";
	case XLB_ERR_PROTO:
		return "malformed message from the kernel";
	case XLB_ERR_EVENTS_LOST:
		return "events lost: the receive buffer overran";
	case XLB_ERR_TIMEOUT:
		return "the kernel did not answer in time";
	case XLB_ERR_NETNS:
		return "cannot enter the network namespace";
	case XLB_ERR_NETNS_RESTORE:
		return "cannot return to the original network namespace";
	case XLB_ERR_RCVBUF_SMALL:
		return "the events receive buffer is smaller than asked: "
		       "raise net.core.rmem_max or grant CAP_NET_ADMIN";
	case XLB_ERR_RELOADED:
		return "the xlb module was loaded again: events in between are lost";
	}
	return "unknown error";
}

/* The placement policy's keys. */

#define POLICY_KEY(word, field, min, max) \
	{ word, min, max, offsetof(struct xlb_policy, field), \
	  offsetof(struct xlb_policy, has_##field) }

/* Ranges from uapi/linux/xlb.h. */
static const struct xlb_policy_key policy_keys[] = {
	POLICY_KEY("placement", placement, 0, XLB_PLACEMENT_MAX),
	POLICY_KEY("hotspot", hotspot, 100, 1000),
	POLICY_KEY("interval", interval_ms, 10, 10000),
	POLICY_KEY("spray-threshold", spray_threshold, 0, 10000),
	POLICY_KEY("max-moves", max_moves, 0, 64),
	POLICY_KEY("move-cooldown", move_cooldown, 0, 1000),
};

const struct xlb_policy_key *xlb_policy_key_find(const char *word)
{
	for (size_t n = 0; n < sizeof(policy_keys) / sizeof(policy_keys[0]); n++)
		if (strcmp(word, policy_keys[n].word) == 0)
			return &policy_keys[n];
	return NULL;
}

bool xlb_policy_key_is_placement(const struct xlb_policy_key *k)
{
	return k->offset == offsetof(struct xlb_policy, placement);
}

bool xlb_policy_key_given(const struct xlb_policy_key *k,
			  const struct xlb_policy *p)
{
	return *(const bool *)((const char *)p + k->has_offset);
}

void xlb_policy_key_store(const struct xlb_policy_key *k, struct xlb_policy *p,
			  uint32_t v)
{
	*(bool *)((char *)p + k->has_offset) = true;
	*(uint32_t *)((char *)p + k->offset) = v;
}
