// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xlbd_log.h"
#include "xlbd_state.h"

_Static_assert(XLB_AGENT_CONN_LEN == XLBD_CONN_LEN, "conn names fit the state file");
_Static_assert(XLB_AGENT_SELECTOR_LEN == XLBD_SELECTOR_LEN, "selectors fit the state file");

void xlbd_state_open(struct xlbd_state *s, const char *config)
{
	memset(s, 0, sizeof(*s));
	s->config = config;
	if (mkdir(XLB_AGENT_STATE_DIR, 0755) && errno != EEXIST) {
		xlbd_log(LOG_WARNING, "%s: %s; xlbctl tunnel will not show conn names",
			 XLB_AGENT_STATE_DIR, strerror(errno));
		s->failed = true;
		return;
	}
	if (xlb_agent_state_path(XLB_AGENT_STATE_DIR, s->path, sizeof(s->path))) {
		xlbd_log(LOG_WARNING, "naming the state file: %s", strerror(errno));
		s->failed = true;
	}
}

void xlbd_state_publish(struct xlbd_state *s, const struct xlbd_conf *conf)
{
	struct xlb_agent_state st = { .pid = getpid() };
	char *abs;

	if (!s->path[0])
		return;
	abs = realpath(s->config, NULL);
	snprintf(st.config, sizeof(st.config), "%s", abs ? abs : s->config);
	free(abs);
	st.tunnels = calloc(conf->ntunnels ? conf->ntunnels : 1, sizeof(*st.tunnels));
	if (!st.tunnels)
		return;
	st.ntunnels = conf->ntunnels;
	for (size_t i = 0; i < conf->ntunnels; i++) {
		st.tunnels[i].line = conf->tunnels[i].line;
		st.tunnels[i].reqid = conf->tunnels[i].reqid;
		strcpy(st.tunnels[i].conn, conf->tunnels[i].conn);
		if (conf->tunnels[i].sel.family)
			xlbd_selector_str(&conf->tunnels[i].sel, st.tunnels[i].selector,
					  sizeof(st.tunnels[i].selector));
	}
	if (xlb_agent_state_save(s->path, &st)) {
		if (!s->failed)
			xlbd_log(LOG_WARNING, "%s: %s; xlbctl tunnel will not show conn names",
				 s->path, strerror(errno));
		s->failed = true;
	} else {
		s->failed = false;
	}
	free(st.tunnels);
}

void xlbd_state_remove(struct xlbd_state *s)
{
	if (s->path[0])
		unlink(s->path);
}
