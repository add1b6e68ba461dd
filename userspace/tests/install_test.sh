#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make install` into a scratch DESTDIR puts xlbctl, xlbd, their man pages,
# the bash completion, xlbd's systemd unit and example configuration where
# the Makefile says, and each of them works from there: the binaries run,
# the man pages format without a groff warning, the completion loads and
# registers for xlbctl, the unit passes systemd-analyze verify, the example
# passes xlbd --test. TAP out; run from userspace/.
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
xlbd=$dest/usr/sbin/xlbd
unit=$dest/usr/lib/systemd/system/xlbd.service
example=$dest/usr/share/doc/xlb/xlbd.conf.example
for f in "$bin:755" "$man:644" "$comp:644" "$xlbd:755" \
	"$dest/usr/share/man/man8/xlbd.8:644" "$dest/usr/share/man/man5/xlbd.conf.5:644" \
	"$unit:644" "$example:644"; do
	path=${f%:*} want=${f##*:}
	mode=$(stat -c %a "$path" 2>/dev/null)
	[ "$mode" = "$want" ] && result ok "${path#"$dest"} installed, mode $want" ||
		result fail "${path#"$dest"} installed, mode $want (found: ${mode:-none})"
done

out=$("$bin" --version 2>&1)
grep -q '^xlbctl ' <<<"$out" && result ok "the installed xlbctl runs (--version)" ||
	result fail "the installed xlbctl runs (--version)" "$out"

out=$("$xlbd" -f "$example" --test 2>&1)
grep -q ': ok, ' <<<"$out" && result ok "the installed xlbd runs and accepts the example (--test)" ||
	result fail "the installed xlbd runs and accepts the example (--test)" "$out"
grep -q '^ExecStart=/usr/sbin/xlbd --foreground$' "$unit" &&
	result ok "the unit runs /usr/sbin/xlbd --foreground" ||
	result fail "the unit runs /usr/sbin/xlbd --foreground" "$(grep Exec "$unit")"
# Verified where it would run: a copy naming the binaries in DESTDIR
# (modprobe and kill are the host's); --man=no: man pages are checked below.
sed "s|/usr/sbin/|$dest/usr/sbin/|g" "$unit" >"$dest/xlbd.service"
out=$(systemd-analyze verify --man=no "$dest/xlbd.service" 2>&1)
[ -z "$out" ] && result ok "systemd-analyze verify: the unit is clean" ||
	result fail "systemd-analyze verify: the unit is clean" "$out"

# -ww: every warning; -z: format, print nothing. Any word on stderr fails.
# The header's date and source say which release the page describes: the
# version xlbctl --version prints.
version=$("$bin" --version | awk '{ print $2 }')
for m in "$man" "$dest/usr/share/man/man8/xlbd.8" "$dest/usr/share/man/man5/xlbd.conf.5"; do
	out=$(groff -man -ww -z "$m" 2>&1)
	[ -z "$out" ] && result ok "${m##*/} formats without a warning" ||
		result fail "${m##*/} formats without a warning" "$out"
	th=$(grep -m1 '^\.TH ' "$m")
	[[ $th =~ ^\.TH\ [A-Z.]+\ [158]\ \"[0-9]{4}-[0-9]{2}-[0-9]{2}\"\ \"xlb\ $version\" ]] &&
		result ok "${m##*/}: its header has a date and xlb $version" ||
		result fail "${m##*/}: its header has a date and xlb $version" "$th"
done

# The completion, sourced as bash-completion would, must define the
# function and register it for the command; _init_completion comes from
# bash-completion itself, which need not be installed to load the file.
out=$(bash -c 'source "$1" && complete -p xlbctl' _ "$comp" 2>&1)
grep -q -- '-F _xlbctl xlbctl$' <<<"$out" &&
	result ok "the installed completion registers _xlbctl for xlbctl" ||
	result fail "the installed completion registers _xlbctl for xlbctl" "$out"

# What it offers, for words typed as an operator would, abbreviations
# included (xlbctl takes them as ip does). _init_completion is stood in
# for: it sets the words and the one being completed.
complete_words() {	# complete_words WORD... CUR: what TAB offers
	bash -c '
		comp=$1; shift
		_init_completion() { words=("$@"); cword=$((${#words[@]} - 1)); cur=${words[cword]}; prev=${words[cword - 1]}; }
		source "$comp"
		set -- xlbctl "$@"
		_xlbctl_words=("$@")
		_init_completion() { words=("${_xlbctl_words[@]}"); cword=$((${#words[@]} - 1)); cur=${words[cword]}; prev=${words[cword - 1]}; }
		_xlbctl
		echo "${COMPREPLY[*]}"' _ "$comp" "$@" 2>&1
}
# Each case: the words before, the word being completed, what TAB offers.
while IFS='|' read -r before cur want; do
	read -ra typed <<<"$before"
	got=$(complete_words "${typed[@]}" "$cur")
	[ "$got" = "$want" ] &&
		result ok "completion: xlbctl $before ${cur}<TAB> offers '$want'" ||
		result fail "completion: xlbctl $before ${cur}<TAB> offers '$want'" "got: '$got'"
done <<'CASES'
sa|p|pin
|s|sa stats
|t|tunnel
|f|failover
fa||list help
failover list||
sa||list pin unpin spray dev help
po se||placement hotspot interval spray-threshold max-moves move-cooldown
po set placement||hash least-loaded adaptive
w||show help
sa l||dev
sa help||
CASES

echo "1..$n"
exit $failed
