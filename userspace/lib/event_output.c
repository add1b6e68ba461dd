// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <sys/socket.h>

#include <linux/xlb.h>

#include "genl_output.h"
#include "xlb_names.h"

static const char *dev_display(const struct xlb_event *ev, char buf[XLB_IFNAMSIZ])
{
	if (ev->ifname[0])
		return ev->ifname;
	snprintf(buf, XLB_IFNAMSIZ, "if%u", ev->ifindex);
	return buf;
}

static bool has_addr(const struct xlb_event *ev)
{
	return ev->family == AF_INET || ev->family == AF_INET6;
}

/* A tv_nsec as microseconds, known to be 6 digits at most. */
static unsigned int usec_of(const struct timespec *when)
{
	return (unsigned int)(when->tv_nsec / 1000) % 1000000u;
}

const char *xlb_timestamp_rfc3339(const struct timespec *when,
				  char buf[XLB_TIMESTAMP_STRLEN])
{
	char date[24], zone[8];
	struct tm tm;

	localtime_r(&when->tv_sec, &tm);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(zone, sizeof(zone), "%z", &tm);	/* +hhmm */
	snprintf(buf, XLB_TIMESTAMP_STRLEN, "%s.%06u%.3s:%.2s", date,
		 usec_of(when), zone, zone + 3);
	return buf;
}

/* ip's print_timestamp(): asctime() and microseconds, or -ts's ISO form. */
static void print_timestamp(FILE *out, enum xlb_timestamp stamp,
			    const struct timespec *when)
{
	char text[32];
	struct tm tm;

	if (stamp == XLB_TIMESTAMP_NONE)
		return;
	localtime_r(&when->tv_sec, &tm);
	if (stamp == XLB_TIMESTAMP_SHORT) {
		strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%S", &tm);
		fprintf(out, "[%s.%06u] ", text, usec_of(when));
	} else {
		/* asctime()'s layout, without its deprecated static buffer */
		strftime(text, sizeof(text), "%a %b %e %H:%M:%S %Y", &tm);
		fprintf(out, "Timestamp: %s %u usec\n", text, usec_of(when));
	}
}

void xlb_event_print_text(FILE *out, const struct xlb_event *ev,
			  enum xlb_timestamp stamp, const struct timespec *when)
{
	char dev[XLB_IFNAMSIZ], load[XLB_PERMILLE_STRLEN], hot[XLB_PERMILLE_STRLEN];
	char dst[XLB_ADDR_STRLEN];

	print_timestamp(out, stamp, when);
	fputs(xlb_event_name(ev->cmd), out);
	switch (ev->cmd) {
	case XLB_CMD_SA_PLACED_NTF:
	case XLB_CMD_SA_MIGRATED_NTF:
	case XLB_CMD_SA_REMOVED_NTF:
		fprintf(out, " dev %s spi 0x%08x dir %s", dev_display(ev, dev),
			ev->spi, xlb_dir_name(ev->dir));
		if (ev->has_from)
			fprintf(out, " from %u", ev->from);
		if (ev->has_to)
			fprintf(out, " to %u", ev->to);
		if (ev->reason)
			fprintf(out, " reason %s", xlb_reason_name(ev->reason));
		fprintf(out, " id %" PRIu64 " reqid %u", ev->sa_id, ev->reqid);
		if (has_addr(ev))
			fprintf(out, " dst %s",
				xlb_addr_string(ev->family, ev->daddr, dst));
		break;
	case XLB_CMD_HOTSPOT_NTF:
		fprintf(out, " worker %u load %s hotspot %s", ev->worker,
			xlb_permille_string(ev->load, load),
			xlb_permille_string(ev->hotspot, hot));
		break;
	default:
		fprintf(out, " worker %u", ev->worker);
	}
	fputc('\n', out);
}

void xlb_event_print_json(FILE *out, const struct xlb_event *ev,
			  const struct timespec *when)
{
	char dst[XLB_ADDR_STRLEN], stamp[XLB_TIMESTAMP_STRLEN];
	struct json_writer w;

	json_writer_init(&w, out);
	json_begin_object(&w);
	if (when)
		json_member_string(&w, "timestamp", xlb_timestamp_rfc3339(when, stamp));
	json_member_string(&w, "event", xlb_event_name(ev->cmd));
	switch (ev->cmd) {
	case XLB_CMD_SA_PLACED_NTF:
	case XLB_CMD_SA_MIGRATED_NTF:
	case XLB_CMD_SA_REMOVED_NTF:
		json_member_uint(&w, "ifindex", ev->ifindex);
		json_member_string_or_null(&w, "ifname", ev->ifname);
		json_member_uint(&w, "spi", ev->spi);
		json_member_uint(&w, "id", ev->sa_id);
		json_member_uint(&w, "reqid", ev->reqid);
		json_member_string_or_null(&w, "dst", has_addr(ev) ?
					   xlb_addr_string(ev->family, ev->daddr, dst) :
					   NULL);
		json_member_string(&w, "dir", xlb_dir_name(ev->dir));
		if (ev->has_from)
			json_member_uint(&w, "from", ev->from);
		if (ev->has_to)
			json_member_uint(&w, "to", ev->to);
		if (ev->reason)
			json_member_string(&w, "reason", xlb_reason_name(ev->reason));
		break;
	case XLB_CMD_HOTSPOT_NTF:
		json_member_uint(&w, "worker", ev->worker);
		json_member_uint(&w, "load", ev->load);
		json_member_uint(&w, "hotspot", ev->hotspot);
		break;
	default:
		json_member_uint(&w, "worker", ev->worker);
	}
	json_end_object(&w);
	fputc('\n', out);
}
