#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make install` into a scratch DESTDIR puts xlbctl, its man page and its
# bash completion where the Makefile says, and each of them works from
# there: the binary runs, the man page formats without a groff warning, the
# completion loads and registers for xlbctl. TAP out; run from userspace/.
set -u
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
n=0 failed=0

result() {	# result OK? DESCRIPTION [OUTPUT]
	n=$((n + 1))
	if [ "$1" = ok ]; then
		echo "ok $n install: $2"
	else
		echo "not ok $n install: $2"
		[ -n "${3:-}" ] && sed 's/^/#   /' <<<"$3"
		failed=1
	fi
}

echo "TAP version 13"
out=$(make --no-print-directory install DESTDIR="$dest" PREFIX=/usr 2>&1)
[ $? -eq 0 ] && result ok "make install DESTDIR=... PREFIX=/usr" ||
	result fail "make install DESTDIR=... PREFIX=/usr" "$out"

bin=$dest/usr/sbin/xlbctl
man=$dest/usr/share/man/man8/xlbctl.8
comp=$dest/usr/share/bash-completion/completions/xlbctl
for f in "$bin:755" "$man:644" "$comp:644"; do
	path=${f%:*} want=${f##*:}
	mode=$(stat -c %a "$path" 2>/dev/null)
	[ "$mode" = "$want" ] && result ok "${path#"$dest"} installed, mode $want" ||
		result fail "${path#"$dest"} installed, mode $want (found: ${mode:-none})"
done

out=$("$bin" --version 2>&1)
grep -q '^xlbctl ' <<<"$out" && result ok "the installed xlbctl runs (--version)" ||
	result fail "the installed xlbctl runs (--version)" "$out"

# -ww: every warning; -z: format, print nothing. Any word on stderr fails.
out=$(groff -man -ww -z "$man" 2>&1)
[ -z "$out" ] && result ok "the installed man page formats without a warning" ||
	result fail "the installed man page formats without a warning" "$out"

# The completion, sourced as bash-completion would, must define the
# function and register it for the command; _init_completion comes from
# bash-completion itself, which need not be installed to load the file.
out=$(bash -c 'source "$1" && complete -p xlbctl' _ "$comp" 2>&1)
grep -q -- '-F _xlbctl xlbctl$' <<<"$out" &&
	result ok "the installed completion registers _xlbctl for xlbctl" ||
	result fail "the installed completion registers _xlbctl for xlbctl" "$out"

echo "1..$n"
exit $failed
