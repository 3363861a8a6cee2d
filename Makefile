# SPDX-License-Identifier: GPL-2.0
#
# vswitch: out-of-tree kernel module + vswctl + selftests.
#
#   make                  module for Debian's 6.1 kernel + tools/vswctl
#   make KVER=6.12        module for the pinned 6.12 kernel
#   make KVER=unstable    module for unstable's newest kernel (7.2; KVER=7.2
#                         too), built in a debootstrapped tree (sid-tree)
#   make DEBUG=1          module for the debug kernel (built once, cached)
#   make demo [KVER=6.12|DEBUG=1]  the four modes side by side, in a VM
#   make check [KVER=6.12|unstable|DEBUG=1] [T="basic fdb"]
#   make bench [KVER=6.12] [B=nat]  benchmarks (bench/README.md)
#   make stress [KVER=6.12|DEBUG=1]  fuzz, lifecycle, NAT races for hours
#   make style            checkpatch, sparse, cppcheck
#   make install          module + depmod + vswctl on this host
#   make deps             install the Debian packages (scripts/deps.sh)
#   make sid-tree         set up or refresh unstable's tree (scripts/sid-tree.sh)
#
# KDIR overrides the kernel build tree; VSWITCH_CACHE the cache directory
# (debug kernel, unstable's tree, checkpatch); VSWITCH_KVM=1 lets the test
# VM use KVM.

KVER ?= 6.1
DEBUG ?= 0
T ?=

ifeq ($(DEBUG),1)
KSEL := debug
VMFLAGS := --debug
else
KSEL := $(KVER)
VMFLAGS := --kver $(KVER)
endif

export KDIR

.PHONY: all module tools fuzz deps check style install clean distclean \
	debug-kernel sid-tree demo help bench stress

all: module tools fuzz

module:
	@scripts/build-module.sh $(KSEL)

tools:
	@if [ -f tools/Makefile ]; then $(MAKE) -C tools; \
	else echo "  TOOLS   (no tools/Makefile yet, skipped)"; fi

# The fuzz selftests' programs (selftests/fuzz.sh), run in the VM.
fuzz:
	@$(MAKE) -s -C selftests/fuzz

deps:
	@scripts/deps.sh

debug-kernel:
	@scripts/build-debug-kernel.sh

sid-tree:
	@scripts/sid-tree.sh

check: deps all
	@scripts/check.sh $(VMFLAGS) $(T)

# make bench [KVER=6.12] [B="l2 nat"]: the benchmarks B, each in its own VM
# boot, 1 vCPU as in the measured method: l2 (vswitch vs bridge, bench/l2.sh),
# nat (vswitch NAT vs bridge + nftables masquerade, bench/nat.sh), bridged
# (vswitch bridged vs bridge on the same uplink, bench/bridged.sh).
B ?= l2 nat bridged
bench: all
	@rc=0; for b in $(B); do \
		[ -x bench/$$b.sh ] || { echo "make bench: no bench/$$b.sh" >&2; exit 2; }; \
		echo "  BENCH   $$b ($(KVER))"; \
		VSWITCH_VM_TIMEOUT=$${VSWITCH_VM_TIMEOUT:-900} VSWITCH_VM_CPUS=$${VSWITCH_VM_CPUS:-1} \
			./selftests/vm-run --kver $(KVER) -- bench/$$b.sh || rc=1; \
	done; exit $$rc

# make stress [KVER=6.12|DEBUG=1]: the fuzz, lifecycle and NAT race tests
# with counts for hours, not CI's minutes; the VSWITCH_* variables set
# them (README: Fuzzing and stress).
stress: deps all
	@VSWITCH_FUZZ_FRAMES=$${VSWITCH_FUZZ_FRAMES:-20000000} \
	VSWITCH_FUZZ_MESSAGES=$${VSWITCH_FUZZ_MESSAGES:-2000000} \
	VSWITCH_CLASH_ROUNDS=$${VSWITCH_CLASH_ROUNDS:-100000} \
	VSWITCH_LIFECYCLE_OPS=$${VSWITCH_LIFECYCLE_OPS:-5000} \
	VSWITCH_TEARDOWN_ROUNDS=$${VSWITCH_TEARDOWN_ROUNDS:-200} \
	VSWITCH_TESTS="$${VSWITCH_TESTS:-}" \
	VSWITCH_TEST_TIMEOUT=$${VSWITCH_TEST_TIMEOUT:-86400} \
	VSWITCH_VM_TIMEOUT=$${VSWITCH_VM_TIMEOUT:-90000} \
		scripts/check.sh $(VMFLAGS) fuzz lifecycle nat nat_control

style:
	@scripts/style.sh

# Install on a real host: the module for KVER (default: the running kernel
# when its headers are installed), depmod, and vswctl in /usr/local/sbin.
install: tools
	@INSTALL_KVER=$(if $(filter command line environment,$(origin KVER)),$(KVER),$(shell uname -r)) \
		scripts/install.sh

# make demo [KVER=6.12|DEBUG=1]: the four modes side by side in the test VM,
# with namespace guests and real QEMU guests (scripts/demo-vm.sh).
demo: deps all
	@VSWITCH_VM_TIMEOUT=$${VSWITCH_VM_TIMEOUT:-1800} \
		selftests/vm-run $(VMFLAGS) -- scripts/demo-vm.sh

clean:
	rm -rf build
	@if [ -f tools/Makefile ]; then $(MAKE) -C tools clean; fi
	$(MAKE) -C selftests/fuzz clean

distclean: clean
	rm -rf .cache

help:
	@sed -n '3,20p' Makefile | sed 's/^# \{0,1\}//'
