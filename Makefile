# SPDX-License-Identifier: GPL-2.0
#
# xlb top-level build. Kernel objects go to build/<kernel release>/ so one
# work tree holds modules for several kernels at once.
#
#   make                     xlb.ko for KVER (default: newest Debian 6.12) + userspace
#   make modules-all         xlb.ko for the 6.1 and 6.12 stock kernels
#   make lint                checkpatch --strict and sparse on kmod/ and uapi/
#   make kunit               KUnit suites in the KUnit + debug kernel
#   make selftests KERNEL=6.1|6.12|debug
#   make check               everything above; ends with "N passed, N failed"
#   make check-full          the same with the full ESP interop matrix on every kernel
#   make demo                boot a VM, load xlb, show xlb0 carrying traffic
#   make bench               iperf3 through ESP in a VM: software vs xlb (prints, asserts nothing)
#   make bench-rekey         loss and retransmissions at libreswan rekeys, software vs xlb
#   make bench-failover      traffic's silence when xlbd fails over to a backup remote gateway
#   make deps                install the Debian packages all of this needs
#   make install             xlbctl, its man page and bash completion (DESTDIR, PREFIX)
#   make deb                 the Debian packages xlb-dkms and xlb-tools, in build/deb/
#   make dkms-tree           the module's DKMS source tree, in build/dkms/xlb-VERSION/

SHELL := /bin/bash
KERNELS := selftests/vm/kernels
KERNEL ?= 6.12
BUILD := $(CURDIR)/build

ifeq ($(KERNEL),debug)
KDIR = $(shell selftests/vm/debug-kernel)
KVER = $(shell $(MAKE) -s -C $(KDIR) kernelrelease)
XLB_KCONFIG := CONFIG_XLB=m CONFIG_XLB_KUNIT_TEST=y
else
KVER ?= $(shell $(KERNELS) kver $(KERNEL))
KDIR = /lib/modules/$(KVER)/build
XLB_KCONFIG := CONFIG_XLB=m
endif

# Lazy (=): `make deps demo` must not look for kernels before deps installs them.
OUT = $(BUILD)/$(KVER)

# Stage a kbuild directory $(1) whose sources are links into this tree, so
# builds for different kernels never share objects.
define stage_kbuild
	mkdir -p $(1)/kmod
	find $(1)/kmod -xtype l -delete
	ln -sfn $(CURDIR)/uapi $(1)/uapi
	ln -sf $(CURDIR)/Kbuild $(1)/Kbuild
	ln -sf $(CURDIR)/kmod/Kbuild $(CURDIR)/kmod/*.[ch] $(1)/kmod/
endef

.PHONY: all modules modules-all test-modules userspace lint kunit selftests check-full \
	bench-modules bench bench-rekey bench-failover check demo deps clean install deb dkms-tree dkms-modules version

all: modules userspace

modules:
	@test -n "$(KVER)" || { echo "make: no kernel release for KERNEL=$(KERNEL)" >&2; exit 1; }
	@$(call stage_kbuild,$(OUT))
	$(MAKE) -C $(KDIR) M=$(OUT) W=1 $(KBUILD_EXTRA) $(XLB_KCONFIG) modules
	@echo "built $(OUT)/kmod/xlb.ko"

modules-all:
	$(MAKE) modules KERNEL=6.1
	$(MAKE) modules KERNEL=6.12

# Modules only the tests use (the runner's deliberate WARN).
test-modules:
	@mkdir -p $(OUT)/selftests/vm/warn_test
	@ln -sf $(CURDIR)/selftests/vm/warn_test/Kbuild $(CURDIR)/selftests/vm/warn_test/*.c \
		$(OUT)/selftests/vm/warn_test/
	$(MAKE) -C $(KDIR) M=$(OUT)/selftests/vm/warn_test W=1 modules

# The benchmark's own module (raw AEAD speed per CPU), built like warn_test.
bench-modules:
	@mkdir -p $(OUT)/selftests/bench/aead_bench
	@ln -sf $(CURDIR)/selftests/bench/aead_bench/Kbuild $(CURDIR)/selftests/bench/aead_bench/*.c \
		$(OUT)/selftests/bench/aead_bench/
	$(MAKE) -C $(KDIR) M=$(OUT)/selftests/bench/aead_bench W=1 modules

userspace:
	$(MAKE) -C userspace

install:
	$(MAKE) -C userspace install

# The packages are built from a copy of the tree's files (dpkg-buildpackage
# writes beside the source), so the work tree stays as it is.
VERSION := $(shell sed -n '1s/^xlb (\([^)-]*\).*/\1/p' debian/changelog)
# The release, for scripts (selftests/dkms-build, packages.sh).
version:
	@echo $(VERSION)
deb:
	rm -rf $(BUILD)/deb && mkdir -p $(BUILD)/deb/xlb-$(VERSION)
	{ git ls-files; git ls-files --others --exclude-standard; } | grep -v '^build/' | \
		tar -cf - -T - | tar -xf - -C $(BUILD)/deb/xlb-$(VERSION)
	cd $(BUILD)/deb/xlb-$(VERSION) && dpkg-buildpackage -us -uc -b
	@ls $(BUILD)/deb/*.deb

# xlb.ko built by DKMS for KERNEL in a DKMS tree of its own (dkms.sh loads it).
dkms-modules:
	selftests/dkms-build $(KVER) $(DKMS_DIR)

# What xlb-dkms puts in /usr/src/xlb-VERSION (debian/rules makes it there
# with DKMS_TREE), by default for a DKMS tree of one's own
# (selftests/dkms-build: dkms add/build/install for one stock kernel).
DKMS_TREE ?= $(BUILD)/dkms/xlb-$(VERSION)
dkms-tree:
	rm -rf $(DKMS_TREE) && mkdir -p $(DKMS_TREE)/kmod $(DKMS_TREE)/uapi/linux
	cp Kbuild $(DKMS_TREE)/
	cp kmod/Kbuild kmod/*.c kmod/*.h $(DKMS_TREE)/kmod/
	cp uapi/linux/*.h $(DKMS_TREE)/uapi/linux/
	sed 's/#MODULE_VERSION#/$(VERSION)/' kmod/dkms.conf >$(DKMS_TREE)/dkms.conf

lint:
	selftests/lint

kunit:
	selftests/kunit

# A pairwise-covering subset of the ESP interop matrix on the stock
# kernels, and on the debug kernel, which is there for what it checks
# (KASAN, lockdep, kmemleak) rather than for coverage, every value once
# (make check-full: full everywhere; on 6.12 the full matrix took 8 of CI's
# 90 minutes, pairwise under 3).
ESP_MATRIX ?= $(if $(filter debug,$(KERNEL)),each,pairwise)

# XLB_YNL: where the YNL tools are, for ynl.sh in the guest (which does not
# see the caller's XDG_CACHE_HOME).
# The gro: runs of the inbound scripts on the stock kernels, but
# gro:libreswan.sh on 6.12 only: what it adds to gro:esp_interop.sh
# (pluto's SAs, rekeys under GRO) is not a matter of kernel version, and it
# took 2.5 of 6.1's minutes.
# None on the debug kernel (--no-gro-variants): the algorithms take the
# same crypto path with GRO on as off, and under KASAN the GRO entry runs
# in gro.sh, larval.sh (held packets steered by GRO) and inline_busy.sh
# (GRO on, TCP both ways), the sprayed order stage it feeds in spray.sh.
# gro:esp_interop.sh, gro:spray.sh, gro:esp_faults.sh and
# gro:xfrm_interface.sh took 5.5, 4, 4 and 3 of its minutes (2026-12-06
# and -07), and CI's run of b8a5aad did not finish in its 90.
GRO_VARIANTS ?= $(if $(filter debug,$(KERNEL)),--no-gro-variants,$(if \
	$(filter 6.12,$(KERNEL)),,--skip gro:libreswan.sh))
# Not on the debug kernel: ynl.sh and xlbctl.sh check what the family and
# the CLI say (the YNL spec, output, exit codes), the same on every kernel,
# and run on 6.1 and 6.12; under KASAN the same netlink handlers run in
# genl_client.sh, genl_bad_input.sh (hostile input), xlbd.sh and
# libreswan.sh. Together they took 12 of the debug lane's minutes.
# dkms.sh loads what DKMS built for a Debian kernel; the debug kernel is
# not one (no headers package for DKMS to build against).
# failover_peer.sh and failover_pair.sh judge the daemons (xlbd's
# failover decisions, keepalived, pluto) and TCP across an outage, the
# same on every kernel; they took 12.5 and 6 of the debug guests' minutes
# beside each other (2026-12-07), and CI's run of b8a5aad did not finish
# in its 90. Under KASAN their kernel paths run in the scripts that make
# each one happen: XFRM interfaces over offloaded SAs in xfrm_interface.sh,
# pluto's SAs in libreswan.sh and xlbd.sh, SAs and devices deleted under
# traffic in migrate.sh, rmmod_traffic.sh and larval.sh.
# balance.sh (3 min there): its policies' arithmetic runs under KASAN in
# KUnit's xlb_balance suite, the balancer's moves in migrate.sh; its
# adaptive case is too slow there to judge anyway (allowed-skips).
DEBUG_SKIPS ?= $(if $(filter debug,$(KERNEL)),--skip ynl.sh --skip xlbctl.sh --skip dkms.sh \
	--skip failover_peer.sh --skip failover_pair.sh --skip balance.sh)
# PART splits a run in two guests of about equal time (selftests/check runs
# the debug kernel's that way, both at once: in one guest it needed about
# 88 minutes in CI, which has 90 for everything): PART=2 the scripts of
# PART2_SCRIPTS, PART=1 all others. No PART: one guest runs all.
PART2_SCRIPTS := lifetime.sh genl_bad_input.sh genl_client.sh libreswan.sh xlbd.sh \
	spray.sh migrate.sh container_cpus.sh inline_busy.sh gro.sh
PART_ARGS = $(if $(filter 2,$(PART)),$(addprefix --only ,$(PART2_SCRIPTS)),$(if \
	$(filter 1,$(PART)),$(addprefix --skip ,$(PART2_SCRIPTS))))
# The guest's time limit. The debug kernel's parts took 48 and 51 minutes
# in the rehearsal of 2026-12-06, before xfrm_interface.sh and
# gro:esp_interop.sh left them (about 12 minutes of their work).
SELFTESTS_TIMEOUT ?= $(if $(filter debug,$(KERNEL)),$(if $(PART),4500,7200),3000)
DKMS_DIR = $(BUILD)/dkms-test/$(KVER)
selftests: modules test-modules userspace $(if $(filter debug,$(KERNEL)),,dkms-modules)
	@case "$(PART)" in ""|1|2) ;; \
	*) echo "make: PART=$(PART): want 1 or 2 (or no PART: all)" >&2; exit 2 ;; esac
	XLB_YNL=$$(selftests/ynl-tree) && export XLB_YNL && \
	export XLB_DKMS_DIR=$(DKMS_DIR) && \
	selftests/vm/run --kernel $(KERNEL) --cpus 2 --timeout $(SELFTESTS_TIMEOUT) -- \
		selftests/run_selftests.sh --esp-matrix $(ESP_MATRIX) $(GRO_VARIANTS) $(DEBUG_SKIPS) \
		$(PART_ARGS)

check:
	selftests/check

check-full:
	ESP_MATRIX=full selftests/check

demo:
	$(MAKE) modules userspace
	selftests/vm/run --kernel $(KERNEL) --cpus 2 -- selftests/demo.sh

# A benchmark, not a test: one guest boot, a table on stdout. TCG runs the
# guest's vCPUs on one host thread unless told otherwise; for a benchmark
# that spreads work over CPUs that would measure nothing, hence multi.
BENCH_CPUS ?= $(shell n=$$(nproc); [ $$n -gt 4 ] && n=4; [ $$n -lt 2 ] && n=2; echo $$n)
BENCH_TIME ?= 5
REKEY_TIME ?= 60
bench: modules bench-modules
	XLB_VM_TCG_THREAD=$${XLB_VM_TCG_THREAD:-multi} XLB_BENCH_TIME=$(BENCH_TIME) \
		selftests/vm/run --kernel $(KERNEL) --cpus $(BENCH_CPUS) --timeout 3600 \
		-- selftests/bench/bench.sh

# Loss and retransmissions when a libreswan tunnel rekeys under iperf3,
# stock against xlb with xlbd (prints, asserts nothing).
bench-rekey: modules userspace
	XLB_VM_TCG_THREAD=$${XLB_VM_TCG_THREAD:-multi} XLB_BENCH_TIME=$(REKEY_TIME) \
		selftests/vm/run --kernel $(KERNEL) --cpus $(BENCH_CPUS) --timeout 1800 \
		-- selftests/bench/rekey.sh

# The outage when xlbd fails a tunnel over to a backup remote gateway and
# back, then when a local gateway pair fails over and back (prints,
# asserts nothing). One host thread is enough: it measures time to detect
# and reroute, not throughput.
bench-failover: modules userspace
	XLB_BENCH_ROUNDS=$${XLB_BENCH_ROUNDS:-3} \
		selftests/vm/run --kernel $(KERNEL) --cpus 2 --timeout 1800 \
		-- sh -c 'selftests/bench/failover.sh; rc=$$?; selftests/bench/failover_pair.sh && exit $$rc'

deps:
	selftests/install-deps

clean:
	rm -rf $(BUILD)
	$(MAKE) -C userspace clean
