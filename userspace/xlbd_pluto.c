// SPDX-License-Identifier: GPL-2.0
/*
 * whack for xlbd: run it with a time limit, and read the child SAs
 * pluto believes in out of `whack --status`. The line read is the one
 * libreswan 4.x prints for each established child SA (state.c,
 * show_established_child_details): "#N: "conn" [used Ns ago;] esp.SPI@ADDR
 * esp.SPI@ADDR tun.0@ADDR tun.0@ADDR Traffic: ...", outbound SA first.
 * Older whack prefixes every line with a three-digit code; both are read.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "xlbd_pluto.h"

/* More than any status of a gateway's tunnels; a runaway whack is cut. */
#define WHACK_OUT_MAX (16u << 20)
#define WHACK_MAX_ARGS 16

/* "esp.c4efbf5b@192.0.2.1": the SPI in hex and the destination. */
static bool parse_said(const char *tok, size_t len, struct xlbd_said *said)
{
	char buf[80], *at, *end;
	unsigned long spi;

	if (len < 6 || len >= sizeof(buf) || strncmp(tok, "esp.", 4))
		return false;
	memcpy(buf, tok, len);
	buf[len] = '\0';
	at = strchr(buf, '@');
	if (!at)
		return false;
	*at = '\0';
	errno = 0;
	spi = strtoul(buf + 4, &end, 16);
	if (errno || *end || end == buf + 4 || spi > UINT32_MAX || !spi)
		return false;
	said->spi = (uint32_t)spi;
	if (inet_pton(AF_INET, at + 1, said->daddr) == 1)
		said->family = AF_INET;
	else if (inet_pton(AF_INET6, at + 1, said->daddr) == 1)
		said->family = AF_INET6;
	else
		return false;
	return true;
}

/*
 * "#2: "conn" ...": a line about one of pluto's states (an IKE or a child
 * SA, established or under way) of a conn: its serial in @serial, the
 * conn in @conn; returns what follows the name, or NULL for any other
 * line. Instances ("conn"[1] ADDR) are not read: whack --name cannot
 * reach them.
 */
static const char *parse_state_head(const char *line, unsigned long *serial,
				     char conn[XLBD_CONN_LEN])
{
	const char *p = line, *q;
	char *end;

	/* An optional whack reply code: "000 ". */
	if (strspn(p, "0123456789") == 3 && p[3] == ' ')
		p += 4;
	if (*p != '#')
		return NULL;
	errno = 0;
	*serial = strtoul(p + 1, &end, 10);
	if (errno || end == p + 1 || strncmp(end, ": \"", 3))
		return NULL;
	p = end + 3;
	q = strchr(p, '"');
	if (!q || q == p || (size_t)(q - p) >= XLBD_CONN_LEN || q[1] == '[')
		return NULL;
	memcpy(conn, p, q - p);
	conn[q - p] = '\0';
	return q + 1;
}

bool xlbd_pluto_parse_child(const char *line, struct xlbd_pluto_child *child)
{
	const char *tok;
	size_t len;

	memset(child, 0, sizeof(*child));
	tok = parse_state_head(line, &child->serial, child->conn);
	if (!tok)
		return false;
	for (; *tok; tok += len) {
		tok += strspn(tok, " \t");
		len = strcspn(tok, " \t\n");
		if (!len)
			break;
		if (len == 8 && !strncmp(tok, "Traffic:", 8))
			break;
		if (child->nesp < 2 && parse_said(tok, len, &child->esp[child->nesp]))
			child->nesp++;
	}
	return child->nesp == 2;
}

bool xlbd_pluto_parse_conn(const char *line, char name[XLBD_CONN_LEN])
{
	const char *p = line, *q;

	if (strspn(p, "0123456789") == 3 && p[3] == ' ')
		p += 4;
	if (*p != '"')
		return false;
	q = strchr(++p, '"');
	if (!q || q == p || (size_t)(q - p) >= XLBD_CONN_LEN || q[1] != ':')
		return false;
	memcpy(name, p, q - p);
	name[q - p] = '\0';
	return true;
}

/* In the child: whack's output to @fd, then exec it. Never returns. */
static void exec_whack(int fd, const char *ctl, const char *const *args)
{
	const char *argv[WHACK_MAX_ARGS + 4] = { XLBD_WHACK, "--ctlsocket", ctl };
	int null = open("/dev/null", O_RDONLY | O_CLOEXEC), i;
	sigset_t none;

	/* xlbd blocks the signals it reads from a signalfd; whack must not. */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);

	for (i = 0; args[i] && i < WHACK_MAX_ARGS; i++)
		argv[3 + i] = args[i];
	if (null < 0 || dup2(null, 0) < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
		_exit(127);
	execv(XLBD_WHACK, (char *const *)argv);
	dprintf(2, "%s: %s\n", XLBD_WHACK, strerror(errno));
	_exit(127);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Reads @fd to EOF into *@out until @deadline; false on time-out/error. */
static bool read_all(int fd, long long deadline, char **out)
{
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap), *more;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	bool ok = false;
	ssize_t got;

	while (buf) {
		long long left = deadline - now_ms();

		if (left <= 0 || poll(&pfd, 1, (int)left) == 0) {
			errno = ETIMEDOUT;
			break;
		}
		if (len + 1 == cap) {
			more = cap < WHACK_OUT_MAX ? realloc(buf, cap * 2) : NULL;
			if (!more) {
				errno = EFBIG;
				break;
			}
			buf = more;
			cap *= 2;
		}
		got = read(fd, buf + len, cap - len - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			ok = got == 0;
			break;
		}
		len += got;
	}
	if (buf)
		buf[len] = '\0';
	*out = buf;
	return ok && buf;
}

int xlbd_whack(const char *ctl, const char *const *args, char **out)
{
	long long deadline = now_ms() + XLBD_WHACK_TIMEOUT_MS;
	int fds[2], status, err;
	bool done;
	pid_t pid;

	*out = NULL;
	if (pipe(fds))
		return -1;
	/* Not inherited by whack beyond its stdout and stderr. */
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	pid = fork();
	if (pid < 0) {
		err = errno;
		close(fds[0]);
		close(fds[1]);
		errno = err;
		return -1;
	}
	if (pid == 0)
		exec_whack(fds[1], ctl, args);
	close(fds[1]);
	done = read_all(fds[0], deadline, out);
	err = errno;
	close(fds[0]);
	if (!done)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!done) {
		errno = err;
		return -1;
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* whack's last line, as the reason it failed; or strerror. */
static char *whack_failure(const char *out, int status)
{
	char *why = NULL, *copy;
	size_t len;

	if (status < 0 || !out || !*out) {
		why = malloc(256);
		if (why)
			snprintf(why, 256, "%s: %s", XLBD_WHACK,
				 status < 0 ? strerror(errno) : "failed, saying nothing");
		return why;
	}
	copy = strdup(out);
	if (!copy)
		return NULL;
	len = strlen(copy);
	while (len && copy[len - 1] == '\n')
		copy[--len] = '\0';
	why = strrchr(copy, '\n');
	why = strdup(why ? why + 1 : copy);
	free(copy);
	return why;
}

void xlbd_pluto_status_free(struct xlbd_pluto_status *st)
{
	free(st->conns);
	free(st->busy);
	free(st->children);
	memset(st, 0, sizeof(*st));
}

static bool has_name(char (*names)[XLBD_CONN_LEN], size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return true;
	return false;
}

bool xlbd_pluto_has_conn(const struct xlbd_pluto_status *st, const char *conn)
{
	return has_name(st->conns, st->nconns, conn);
}

bool xlbd_pluto_conn_down(const struct xlbd_pluto_status *st, const char *conn)
{
	return !has_name(st->busy, st->nbusy, conn);
}

/* @name into *@names unless it is there (a conn has many lines in a row). */
static int add_name(char (**names)[XLBD_CONN_LEN], size_t *n, const char *name)
{
	char (*more)[XLBD_CONN_LEN];

	if (has_name(*names, *n, name))
		return 0;
	more = realloc(*names, (*n + 1) * sizeof(*more));
	if (!more)
		return -1;
	*names = more;
	strcpy((*names)[(*n)++], name);
	return 0;
}

static int add_child(struct xlbd_pluto_status *st, const struct xlbd_pluto_child *child)
{
	struct xlbd_pluto_child *more;

	more = realloc(st->children, (st->nchildren + 1) * sizeof(*more));
	if (!more)
		return -1;
	st->children = more;
	st->children[st->nchildren++] = *child;
	return 0;
}

int xlbd_pluto_status_parse(char *text, struct xlbd_pluto_status *st)
{
	struct xlbd_pluto_child child;
	char name[XLBD_CONN_LEN];
	char *line, *save;
	const char *rest;
	unsigned long serial;
	int err = 0;

	memset(st, 0, sizeof(*st));
	for (line = strtok_r(text, "\n", &save); line && !err;
	     line = strtok_r(NULL, "\n", &save)) {
		if (xlbd_pluto_parse_conn(line, name))
			err = add_name(&st->conns, &st->nconns, name);
		else if ((rest = parse_state_head(line, &serial, name)) &&
			 !strstr(rest, " STATE_V2_ESTABLISHED_IKE_SA "))
			err = add_name(&st->busy, &st->nbusy, name);
		if (!err && xlbd_pluto_parse_child(line, &child))
			err = add_child(st, &child);
	}
	if (err)
		xlbd_pluto_status_free(st);
	return err;
}

/* One whack command whose output matters only when it fails. */
static int whack_do(const char *ctl, const char *const *args, char **why)
{
	char *out;
	int status;

	*why = NULL;
	status = xlbd_whack(ctl, args, &out);
	if (status != 0)
		*why = whack_failure(out, status);
	free(out);
	return status ? -1 : 0;
}

int xlbd_pluto_rekey(const char *ctl, const char *conn, char **why)
{
	const char *const args[] = {
		"--name", conn, "--rekey-ipsec", "--asynchronous", NULL
	};

	return whack_do(ctl, args, why);
}

int xlbd_pluto_initiate(const char *ctl, const char *conn, char **why)
{
	const char *const args[] = {
		"--name", conn, "--initiate", "--asynchronous", NULL
	};

	return whack_do(ctl, args, why);
}

int xlbd_pluto_terminate(const char *ctl, const char *conn, char **why)
{
	const char *const args[] = { "--name", conn, "--terminate", NULL };

	return whack_do(ctl, args, why);
}

int xlbd_pluto_listen(const char *ctl, char **why)
{
	static const char *const args[] = { "--listen", NULL };

	return whack_do(ctl, args, why);
}

int xlbd_pluto_status(const char *ctl, struct xlbd_pluto_status *st, char **why)
{
	static const char *const status_args[] = { "--status", NULL };
	char *out;
	int status;

	memset(st, 0, sizeof(*st));
	*why = NULL;
	status = xlbd_whack(ctl, status_args, &out);
	if (status != 0) {
		*why = whack_failure(out, status);
		free(out);
		return -1;
	}
	status = xlbd_pluto_status_parse(out, st);
	free(out);
	if (status)
		*why = strdup(strerror(ENOMEM));
	return status;
}
