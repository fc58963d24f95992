# KVM 101 — the one entry point. `make help` lists the targets.
#
# Everything is built out of tree, into build/ (build/asan/ for the
# sanitizer pass). Variables you may set:
#   WERROR=1   treat warnings as errors (CI does)
#   SAN=1      build with AddressSanitizer + UBSan into build/asan/
#   O=DIR      build into DIR instead of build/
#   FUZZ_SECONDS=N  how long make fuzz runs each harness (default 60)
#   STATIC=1   link statically (the SVM host builds this way into build/svm/)
#   V=1        echo every compiler and linker command (quiet by default)

# Quiet by default: the compiler and linker commands are not echoed (V=1
# shows them); their warnings and errors always are.
Q := $(if $(filter 1,$(V)),,@)

CC ?= gcc
ifeq ($(origin CC),default)
CC := gcc
endif

OUT := $(or $(O),build)
ifeq ($(SAN),1)
BUILD := $(OUT)/asan
SANITIZE := -fsanitize=address,undefined -fno-omit-frame-pointer \
            -fno-sanitize-recover=undefined
else
BUILD := $(OUT)
SANITIZE :=
endif

CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -D_GNU_SOURCE -Icommon $(SANITIZE)
ifeq ($(WERROR),1)
CFLAGS += -Werror
endif
LDFLAGS := $(SANITIZE)
# STATIC=1 links every program statically, for the SVM host (make test-svm),
# whose initramfs has no shared libraries.
ifeq ($(STATIC),1)
LDFLAGS += -static
endif

# --- what there is -------------------------------------------------------
CHAPTERS := $(sort $(patsubst chapters/%/main.c,%,$(wildcard chapters/*/main.c)))
COMMON_OBJ := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard common/*.c))
LIB := $(BUILD)/lib/libkvm101.a

# Guests: guests/NN-name.S is chapter NN's guest; guests/tests/*.S are
# guests that tests and exercises run with --guest.
CHAPTER_GUESTS := $(patsubst guests/%.S,%,$(wildcard guests/[0-9]*.S))
TEST_GUESTS := $(patsubst guests/tests/%.S,%,$(wildcard guests/tests/*.S))
GUEST_BINS := $(CHAPTER_GUESTS:%=$(BUILD)/guests/%.bin) \
              $(TEST_GUESTS:%=$(BUILD)/guests/tests/%.bin)
GUEST_LIB := $(BUILD)/lib/libguests.a

# C guests (chapter 07 on): guests/NN-name.c and guests/tests/*.c, linked
# with the freestanding runtime in guests/lib/ into ELF64 executables.
CHAPTER_C_GUESTS := $(patsubst guests/%.c,%,$(wildcard guests/[0-9]*.c))
TEST_C_GUESTS := $(patsubst guests/tests/%.c,%,$(wildcard guests/tests/*.c))
# start.S first in every guest; the rest as an archive, so that a guest
# links only the parts it uses.
GUEST_START := $(BUILD)/guests/lib/start.S.o
GUEST_RUNTIME := $(BUILD)/guests/lib/libguest.a
GUEST_RUNTIME_OBJ := $(filter-out $(GUEST_START),$(patsubst guests/lib/%,$(BUILD)/guests/lib/%.o,$(wildcard guests/lib/*.c guests/lib/*.S)))
GUEST_BINS += $(CHAPTER_C_GUESTS:%=$(BUILD)/guests/%.elf) \
              $(TEST_C_GUESTS:%=$(BUILD)/guests/tests/%.elf)
GUEST_CFLAGS := -std=gnu11 -O2 -Wall -Wextra -ffreestanding -nostdlib \
    -mno-red-zone -mgeneral-regs-only -march=x86-64 -fno-pie -static \
    -fno-stack-protector -fno-asynchronous-unwind-tables -fcf-protection=none \
    -masm=intel -Iguests/lib -Icommon
ifeq ($(WERROR),1)
GUEST_CFLAGS += -Werror
endif

# A guest of its own flags: chapter 15 debugs its guest with gdb, which
# needs debug information (-g) and variables where -O0 keeps them.
GUEST_CFLAGS_15-debugging := -g -O0

# Each guest's load address, as its chapter documents it (default 0x1000).
LOAD_ADDRESS_DEFAULT := 0x1000
LOAD_ADDRESS_06-boot-trampoline := 0x7c00
LOAD_ADDRESS_14-exit-costs := 0x10000 # EXIT_COSTS_CODE (common/exit_costs.h)
load_address = $(or $(LOAD_ADDRESS_$(1)),$(LOAD_ADDRESS_DEFAULT))

TEST_SUITES := unit kvm chapters faults tooling
TEST_BINS := $(foreach s,$(TEST_SUITES),$(patsubst tests/$(s)/%.c,$(BUILD)/tests/$(s)/%,$(wildcard tests/$(s)/*.c)))
HARNESS_OBJ := $(BUILD)/obj/tests/harness/harness.o $(BUILD)/obj/tests/harness/main.o

.PHONY: all run test help clean chapters guests tests check-book book-sync \
        check-includes bench ensure-check sanitize-build ex hint progress \
        check-exercises book fuzz fuzz-seeds ensure-fuzz ensure-gdb memcheck \
        test-svm run-svm doctor kernel
.DEFAULT_GOAL := all
# Keep object files make considers intermediate, so that editing a header
# does not relink every test program twice.
.SECONDARY:

all: chapters ## build every chapter (the default)

chapters: $(CHAPTERS:%=$(BUILD)/%) $(BUILD)/tools/host-kind

guests: $(GUEST_BINS)

help: ## list the targets
	@echo "KVM 101 — make targets:"
	@awk -F':.*## ' '/^[a-z-]+:.*## / { printf "  make %-16s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)
	@echo "variables: WERROR=1 (warnings are errors), SAN=1 (sanitizers, into build/asan),"
	@echo "           O=DIR (build into DIR), FUZZ_SECONDS=N (each fuzzer's time, make fuzz)"

# --- common/ as a static library -------------------------------------------
$(BUILD)/obj/%.o: %.c $(wildcard common/*.h) Makefile
	@mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(LIB): $(COMMON_OBJ)
	@mkdir -p $(@D)
	$(Q)rm -f $@ && ar rcs $@ $^

# --- guests: assemble, link at the load address, flatten, embed ------------
# A flat guest may call the guest library (chapter 06 calls climb.S): the
# archive adds only what it calls.
$(BUILD)/guests/%.elf: guests/%.S guests/flat.ld $(GUEST_RUNTIME) Makefile
	@mkdir -p $(@D)
	$(Q)$(CC) -c $< -o $(@:.elf=.o)
	$(Q)ld -m elf_x86_64 --no-warn-rwx-segments -T guests/flat.ld \
	   --defsym=LOAD_ADDRESS=$(call load_address,$*) -o $@ $(@:.elf=.o) \
	   $(GUEST_RUNTIME)

# Chapter 14's guest takes its memory map and ports from a common/ header.
$(BUILD)/guests/14-exit-costs.elf: common/exit_costs.h

$(BUILD)/guests/%.bin: $(BUILD)/guests/%.elf
	$(Q)objcopy -O binary $< $@

$(BUILD)/guests/lib/%.c.o: guests/lib/%.c guests/lib/kvm101.h guests/lib/idt.h \
                           guests/lib/interrupts.h guests/lib/smp.h common/smp_guest.h common/hypercall.h Makefile
	@mkdir -p $(@D)
	$(Q)$(CC) $(GUEST_CFLAGS) -c $< -o $@

$(BUILD)/guests/lib/%.S.o: guests/lib/%.S common/smp_guest.h Makefile
	@mkdir -p $(@D)
	$(Q)$(CC) -Icommon -c $< -o $@

$(BUILD)/guests/%.elf: guests/%.c $(GUEST_START) $(GUEST_RUNTIME) guests/lib/guest.ld \
                       guests/lib/kvm101.h guests/lib/idt.h guests/lib/interrupts.h \
                       common/hypercall.h common/irq_ports.h guests/lib/smp.h common/smp_guest.h Makefile
	@mkdir -p $(@D)
	$(Q)$(CC) $(GUEST_CFLAGS) $(GUEST_CFLAGS_$*) -c $< -o $(@:.elf=.o)
	$(Q)ld -m elf_x86_64 --no-warn-rwx-segments -T guests/lib/guest.ld -o $@ \
	   $(GUEST_START) $(@:.elf=.o) $(GUEST_RUNTIME)

$(GUEST_RUNTIME): $(GUEST_RUNTIME_OBJ)
	$(Q)rm -f $@ && ar rcs $@ $^

# Sandbox programs (chapter 13): guests/13-*.c and guests/tests/sandbox-*.c
# run at CPL 3 in chapter 13's sandbox. They start with guests/sandbox/'s
# start.S and runtime, and guests/sandbox/sandbox.ld links them at
# SANDBOX_PROGRAM with code, constants and data in pages of their own, so
# that the host can give each page its rights. (These rules are more
# specific than the C guests' above, so make prefers them; make looks
# at a pattern rule only if its prerequisites exist or have rules of their
# own, hence the runtime's two explicit rules.)
#
# They build with SANDBOX_CFLAGS: GUEST_CFLAGS with SSE and the red zone
# allowed. Both are kept from other guests for CPL 0 (nested PVM's
# emulator cannot run SSE; an interrupt at CPL 0 writes below RSP), but a
# sandbox program runs natively at CPL 3, where an exception would switch
# to another stack and none is ever delivered, and the sandbox restores
# the FPU's state with every reset. The WebAssembly interpreter runs
# about a fifth faster so (make bench).
SANDBOX_CFLAGS := $(filter-out -mno-red-zone -mgeneral-regs-only,$(GUEST_CFLAGS))
SANDBOX_RUNTIME := $(BUILD)/guests/sandbox/start.S.o $(BUILD)/guests/sandbox/runtime.c.o
SANDBOX_HEADERS := guests/sandbox/sandbox_program.h common/sandbox_abi.h common/hypercall.h \
                   guests/lib/kvm101.h
SANDBOX_PROGRAM_DEPS := $(SANDBOX_RUNTIME) $(GUEST_RUNTIME) guests/sandbox/sandbox.ld \
                        $(SANDBOX_HEADERS) Makefile

$(BUILD)/guests/sandbox/runtime.c.o: guests/sandbox/runtime.c $(SANDBOX_HEADERS) Makefile
	@mkdir -p $(@D)
	$(Q)$(CC) $(SANDBOX_CFLAGS) -Iguests/sandbox -c $< -o $@

$(BUILD)/guests/sandbox/start.S.o: guests/sandbox/start.S $(SANDBOX_HEADERS) Makefile
	@mkdir -p $(@D)
	$(Q)$(CC) -Icommon -c $< -o $@

link_sandbox_program = \
	$(CC) $(SANDBOX_CFLAGS) -Iguests/sandbox $(SANDBOX_EXTRA) -c $< -o $(@:.elf=.o) && \
	ld -m elf_x86_64 -T guests/sandbox/sandbox.ld -o $@ \
	   $(SANDBOX_RUNTIME) $(@:.elf=.o) $(SANDBOX_LIBS) $(GUEST_RUNTIME)

$(BUILD)/guests/13-%.elf: guests/13-%.c $(SANDBOX_PROGRAM_DEPS)
	@mkdir -p $(@D)
	$(Q)$(link_sandbox_program)

# Chapter 13's WebAssembly program links the interpreter (guests/wasm/).
$(BUILD)/guests/13-wasm.elf: SANDBOX_EXTRA = -Iguests/wasm
$(BUILD)/guests/13-wasm.elf: SANDBOX_LIBS = $(WASM_SANDBOX_LIB)
$(BUILD)/guests/13-wasm.elf: $(BUILD)/guests/wasm/sandbox/libwasm.a guests/wasm/wasm.h \
                             common/wasm_abi.h

$(BUILD)/guests/tests/sandbox-%.elf: guests/tests/sandbox-%.c $(SANDBOX_PROGRAM_DEPS) common/wasm_abi.h
	@mkdir -p $(@D)
	$(Q)$(link_sandbox_program)

# The symbol for guests/03-real-mode.S is guest_03_real_mode.
guest_symbol = guest_$(subst -,_,$(subst /,_,$(1)))

$(BUILD)/obj/guests/%.embed.o: $(BUILD)/guests/%.bin guests/embed.S
	@mkdir -p $(@D)
	$(Q)$(CC) -c guests/embed.S -o $@ -DGUEST_FILE='"$<"' \
	      -DGUEST_SYMBOL=$(call guest_symbol,$*)

$(BUILD)/obj/guests/%.elf.embed.o: $(BUILD)/guests/%.elf guests/embed.S
	@mkdir -p $(@D)
	$(Q)$(CC) -c guests/embed.S -o $@ -DGUEST_FILE='"$<"' \
	      -DGUEST_SYMBOL=$(call guest_symbol,$*)

# Chapter 12's /init: an ordinary Linux program, not a freestanding guest,
# linked statically (its initramfs has no libraries) and embedded in the
# chapter like a guest image.
$(BUILD)/guests/12-linux-init.bin: chapters/12-linux/init.c Makefile
	@mkdir -p $(@D)
	$(Q)$(CC) -std=gnu11 -Os -Wall -Wextra $(if $(filter 1,$(WERROR)),-Werror) -static -s -o $@ $<

# Chapter 13's demo module, guests/wasm/modules/demo.wasm: built from demo.c
# by clang, and committed (make check-wasm-modules rebuilds it), so that a
# reader needs no clang to build the chapter.
WASM_DEMO ?= guests/wasm/modules/demo.wasm
$(BUILD)/obj/guests/wasm-demo.embed.o: $(WASM_DEMO) guests/embed.S
	@mkdir -p $(@D)
	$(Q)$(CC) -c guests/embed.S -o $@ -DGUEST_FILE='"$<"' \
	      -DGUEST_SYMBOL=wasm_demo_module

$(GUEST_LIB): $(CHAPTER_GUESTS:%=$(BUILD)/obj/guests/%.embed.o) \
              $(BUILD)/obj/guests/wasm-demo.embed.o \
              $(BUILD)/obj/guests/12-linux-init.embed.o \
              $(TEST_GUESTS:%=$(BUILD)/obj/guests/tests/%.embed.o) \
              $(CHAPTER_C_GUESTS:%=$(BUILD)/obj/guests/%.elf.embed.o) \
              $(TEST_C_GUESTS:%=$(BUILD)/obj/guests/tests/%.elf.embed.o)
	@mkdir -p $(@D)
	$(Q)rm -f $@ && ar rcs $@ $^

# --- chapters: chapters/NN-slug/main.c -> build/NN-slug ---------------------
$(CHAPTERS:%=$(BUILD)/%): $(BUILD)/%: $(BUILD)/obj/chapters/%/main.o $(LIB) $(GUEST_LIB)
	$(Q)$(CC) $(LDFLAGS) -o $@ $< $(GUEST_LIB) $(LIB)

$(BUILD)/obj/chapters/%/main.o: chapters/%/main.c $(wildcard common/*.h) Makefile
	@mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

run: chapters ## build and run every chapter in order (exit 77 counts as skipped)
	@failed=""; skipped=""; for c in $(CHAPTERS); do \
	    printf '\n===== %s =====\n' "$$c"; \
	    if [ "$$c" = 12-linux ] && [ "$$($(BUILD)/tools/host-kind)" = pvm ]; then \
	        echo "make run: 12-linux skipped: nested PVM emulates guest kernel code, so a stock kernel cannot finish booting here (./$(BUILD)/12-linux shows how far it gets; make run-svm RUN=./build/12-linux boots it on the SVM host)"; \
	        skipped="$$skipped $$c"; continue; \
	    fi; \
	    if [ "$$c" = 12-linux ]; then \
	        sh tests/tools/fetch-kernel.sh "make run" || { failed="$$failed $$c"; continue; }; \
	        echo "typed by make run" | $(if $(filter /%,$(BUILD)),,./)$(BUILD)/$$c; status=$$?; \
	    else \
	        $(if $(filter /%,$(BUILD)),,./)$(BUILD)/$$c; status=$$?; \
	    fi; \
	    if [ $$status -eq 77 ]; then skipped="$$skipped $$c"; \
	    elif [ $$status -ne 0 ]; then failed="$$failed $$c"; fi; \
	done; \
	[ -z "$$skipped" ] || { echo; echo "make run: skipped (this host cannot run them; each said why):$$skipped"; }; \
	if [ -n "$$failed" ]; then echo; echo "make run: failed:$$failed"; exit 1; fi; \
	if [ -n "$$skipped" ]; then echo "make run: every other chapter ran"; \
	else echo; echo "make run: all $(words $(CHAPTERS)) chapters ran"; fi

# --- tests (Check) -------------------------------------------------------------
CHECK_CFLAGS = $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS = $(shell pkg-config --libs check 2>/dev/null)

ensure-check:
	@sh tests/tools/ensure-check.sh

$(BUILD)/obj/tests/%.o: tests/%.c $(wildcard tests/*/*.h) $(wildcard common/*.h) Makefile
	@mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(CHECK_CFLAGS) -Itests/harness -c $< -o $@

$(BUILD)/tests/%: $(BUILD)/obj/tests/%.o $(HARNESS_OBJ) $(LIB) $(GUEST_LIB)
	@mkdir -p $(@D)
	$(Q)$(CC) $(LDFLAGS) -o $@ $< $(HARNESS_OBJ) $(GUEST_LIB) $(LIB) $(CHECK_LIBS)

tests: chapters guests $(TEST_BINS)

# The sanitizer pass: the KVM, chapter and fault tests again, against code built
# with AddressSanitizer and UBSan into build/asan/.
ASAN_TEST_BINS := $(patsubst $(OUT)/%,$(OUT)/asan/%,$(filter $(OUT)/tests/kvm/% $(OUT)/tests/chapters/% $(OUT)/tests/faults/%,$(TEST_BINS)))
sanitize-build:
	@$(MAKE) --no-print-directory SAN=1 chapters $(ASAN_TEST_BINS)

# Chapter 15's tests drive the chapter with the real gdb (Debian's package).
ensure-gdb:
	@sh tests/tools/ensure-package.sh "make test" gdb "the GNU debugger" \
	    "command -v gdb" --no-install-recommends gdb

test: ensure-check ensure-gdb ## build and run every test (installs Check and gdb if missing; fetches the kernel chapter 12 boots)
	@sh tests/tools/fetch-kernel.sh "make test"
	@$(MAKE) --no-print-directory tests
	@$(MAKE) --no-print-directory sanitize-build
	@V=$(V) sh tests/tools/run-tests.sh $(BUILD) $(TEST_BINS) $(ASAN_TEST_BINS)
	@$(MAKE) --no-print-directory test-wasm


# --- fuzzing: libFuzzer with AddressSanitizer and UBSan (clang) -------------
# tests/fuzz/NAME.c is a harness for a part of common/ that reads what a
# guest or a --guest file controls; common/ is built again with clang into
# $(OUT)/fuzz/. Seeds: tests/fuzz/corpus/NAME/ (make fuzz-seeds writes them).
FUZZ_SECONDS ?= 60
FUZZ_HARNESSES := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/*.c))
FUZZ := $(OUT)/fuzz
FUZZ_SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
                 -fno-omit-frame-pointer
FUZZ_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -D_GNU_SOURCE -Icommon \
               $(FUZZ_SANITIZE) -fsanitize=fuzzer-no-link
ifeq ($(WERROR),1)
FUZZ_CFLAGS += -Werror
endif

$(FUZZ)/obj/%.o: %.c $(wildcard common/*.h) Makefile
	@mkdir -p $(@D)
	$(Q)clang $(FUZZ_CFLAGS) -c $< -o $@

$(FUZZ)/lib/libkvm101.a: $(patsubst %.c,$(FUZZ)/obj/%.o,$(wildcard common/*.c))
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

$(FUZZ_HARNESSES:%=$(FUZZ)/%): $(FUZZ)/%: $(FUZZ)/obj/tests/fuzz/%.o $(FUZZ)/lib/libkvm101.a
	$(Q)clang -fuse-ld=lld $(FUZZ_SANITIZE) -fsanitize=fuzzer -o $@ $^

ensure-fuzz:
	@sh tests/tools/ensure-package.sh "make fuzz" clang \
	    "clang, lld and the libFuzzer runtime" \
	    "command -v clang && command -v ld.lld && ls /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a" \
	    --no-install-recommends clang lld libclang-rt-14-dev

fuzz: ensure-fuzz guests $(FUZZ_HARNESSES:%=$(FUZZ)/%) ## fuzz the ELF loader, the hypercall host and the WebAssembly decoder, FUZZ_SECONDS (60) each
	@sh tests/tools/fuzz.sh $(OUT) $(FUZZ_SECONDS) $(FUZZ_HARNESSES)

fuzz-seeds: ## rewrite the fuzzers' seed files in tests/fuzz/corpus/
	@mkdir -p $(OUT)/tools tests/fuzz/corpus/elf_loader tests/fuzz/corpus/hypercall_host
	$(Q)$(CC) $(CFLAGS) -o $(OUT)/tools/fuzz-seeds tests/tools/fuzz-seeds.c
	$(OUT)/tools/fuzz-seeds tests/fuzz/corpus

# --- valgrind over every chapter --------------------------------------------
memcheck: chapters ## run every chapter under valgrind; fail on any memory error or leak
	@sh tests/tools/ensure-package.sh "make memcheck" valgrind valgrind \
	    "command -v valgrind" --no-install-recommends valgrind
	@sh tests/tools/memcheck.sh $(BUILD) $(CHAPTERS)

check-book: chapters ## fail if a book listing or expected output disagrees with the code
	@sh tests/book/check-book.sh

book-sync: ## rewrite the book's code listings from the code (never its outputs)
	@sh tests/book/check-book.sh --sync

# The HTML edition: one page per chapter, a contents page and the whole book
# on one page (book/html/build.sh, with pandoc). A link checker and a
# screenshot in headless Chromium: tests/tooling/book_html.c.
book: ## render the book as HTML into build/book/ (installs pandoc if missing)
	@sh tests/tools/ensure-package.sh "make book" pandoc pandoc \
	    "command -v pandoc" --no-install-recommends pandoc
	@sh book/html/build.sh $(OUT)/book

doctor: chapters ## this machine in one screen: can it run the chapters, and if not, why and what to do
	@sh tests/tools/doctor.sh $(BUILD)

check-includes: ## fail if a chapter includes a header a later chapter introduces
	@sh tests/tools/check-includes.sh

ex: ensure-check chapters exercise-tools ## run one exercise's checks on your stub: make ex EX=03.3
	@[ -n "$(EX)" ] || { echo "make ex: which exercise? for example: make ex EX=03.3 (make progress lists them)" >&2; exit 2; }
	@[ "$(EX)" != 13.5 ] || $(MAKE) --no-print-directory ensure-wabt
	@# The verdict is exercise.sh's last line; make's own "Error 1" after it
	@# would read as if the build had broken, so a "not yet" ends here.
	@BUILD=$(BUILD) sh tests/tools/exercise.sh run $(EX) || true

hint: ## print an exercise's hint: make hint EX=03.3
	@[ -n "$(EX)" ] || { echo "make hint: which exercise? for example: make hint EX=03.3" >&2; exit 2; }
	@sh tests/tools/exercise.sh hint $(EX)

progress: ensure-check chapters exercise-tools ## a table of every exercise, done or not, and your score
	@BUILD=$(BUILD) sh tests/tools/exercise.sh progress

check-exercises: ensure-check chapters exercise-tools ## the committed stubs fail, the solutions pass, wrong answers fail
	@BUILD=$(BUILD) sh tests/tools/exercise.sh check

# --- the SVM host: Debian's kernel with kvm_amd in QEMU's emulator (tests/svm/) ---
# Everything it runs is built statically into $(OUT)/svm/ on this machine: there
# is no compiler inside.
SVM_OUT := $(OUT)/svm

$(BUILD)/tools/%: tests/svm/%.c $(LIB)
	@mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB)

# Small programs the shell tools call (host-kind: the book checker, doctor).
$(BUILD)/tools/%: tests/tools/%.c $(LIB)
	@mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB)

test-svm: ensure-check ## run the suites on the SVM host (kvm_amd inside QEMU's emulator)
	@$(MAKE) --no-print-directory O=$(SVM_OUT) STATIC=1 tests $(SVM_OUT)/tools/mkcpio $(SVM_OUT)/tools/console
	@$(MAKE) --no-print-directory wasm-record
	@BUILD=$(SVM_OUT) CC="$(CC)" EXERCISE_LDFLAGS=-static sh tests/tools/exercise.sh build-checks
	@sh tests/svm/svm.sh test $(SVM_OUT)

run-svm: ## run every chapter on the SVM host, for machines without a usable /dev/kvm (RUN="cmd": one command)
	@$(MAKE) --no-print-directory O=$(SVM_OUT) STATIC=1 chapters $(SVM_OUT)/tools/mkcpio $(SVM_OUT)/tools/console
	@sh tests/svm/svm.sh run $(SVM_OUT) "$(RUN)"

kernel: ## fetch Debian's kernel into .cache/svm/ (KVM101_CACHE), for chapter 12 and the SVM host
	@sh tests/tools/fetch-kernel.sh "make kernel"

bench: chapters ## print speed figures (chapter start-up, cost per exit, cost per interrupt, the WebAssembly interpreter, Linux boot on the SVM host)
	@sh tests/tools/bench.sh $(BUILD)
	@$(MAKE) --no-print-directory bench-wasm
	@$(MAKE) --no-print-directory O=$(SVM_OUT) STATIC=1 chapters $(SVM_OUT)/tools/mkcpio $(SVM_OUT)/tools/console $(SVM_OUT)/tools/until-line
	@echo "make bench: chapter 12 and QEMU -M microvm booting Linux, on the SVM host"
	@KVM101_SVM_QEMU=1 sh tests/svm/svm.sh run $(SVM_OUT) "sh tests/tools/bench-linux.sh" | grep "^bench: "

clean: ## remove build/
	rm -rf $(OUT)

# --- chapter 13's WebAssembly interpreter (guests/wasm/) --------------------
# One set of sources, four builds: with GUEST_CFLAGS into
# $(BUILD)/guests/wasm/libwasm-guest.a (part of make guests, so that a
# float or a libc call in it breaks the build), with SANDBOX_CFLAGS into
# $(BUILD)/guests/wasm/sandbox/libwasm.a (what guests/13-wasm.c links),
# for the host into $(BUILD)/lib/libwasm.a (tests/tools/wasm-run and the
# unit tests), and with clang for the fuzzer.
WASM_SRC := $(wildcard guests/wasm/*.c)
WASM_HEADERS := $(wildcard guests/wasm/*.h)
WASM_LIB := $(BUILD)/lib/libwasm.a
WASM_GUEST_LIB := $(BUILD)/guests/wasm/libwasm-guest.a
WASM_SANDBOX_LIB := $(BUILD)/guests/wasm/sandbox/libwasm.a
WASM_RUN := $(BUILD)/tools/wasm-run
WASM_UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/tests/unit/%,$(wildcard tests/unit/wasm_*.c))

$(BUILD)/obj/guests/wasm/%.o: guests/wasm/%.c $(WASM_HEADERS) Makefile
	@mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -Iguests/wasm -c $< -o $@

$(WASM_LIB): $(patsubst %.c,$(BUILD)/obj/%.o,$(WASM_SRC))
	@mkdir -p $(@D)
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/guests/wasm/%.o: guests/wasm/%.c $(WASM_HEADERS) Makefile
	@mkdir -p $(@D)
	$(Q)$(CC) $(GUEST_CFLAGS) -Iguests/wasm -c $< -o $@

$(WASM_GUEST_LIB): $(patsubst guests/wasm/%.c,$(BUILD)/guests/wasm/%.o,$(WASM_SRC))
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/guests/wasm/sandbox/%.o: guests/wasm/%.c $(WASM_HEADERS) Makefile
	@mkdir -p $(@D)
	$(Q)$(CC) $(SANDBOX_CFLAGS) -Iguests/wasm -c $< -o $@

$(WASM_SANDBOX_LIB): $(patsubst guests/wasm/%.c,$(BUILD)/guests/wasm/sandbox/%.o,$(WASM_SRC))
	$(Q)rm -f $@ && ar rcs $@ $^

guests: $(WASM_GUEST_LIB)

$(WASM_RUN): tests/tools/wasm-run.c $(WASM_LIB) $(LIB) $(WASM_HEADERS) common/wasm_values.h
	@mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -Iguests/wasm $(LDFLAGS) -o $@ $< $(WASM_LIB) $(LIB)

# The unit tests of the interpreter see its internal header too.
$(BUILD)/obj/tests/unit/wasm_%.o: CFLAGS += -Iguests/wasm
$(WASM_UNIT_TESTS): $(BUILD)/tests/unit/%: $(BUILD)/obj/tests/unit/%.o $(HARNESS_OBJ) $(LIB) $(WASM_LIB)
	@mkdir -p $(@D)
	$(Q)$(CC) $(LDFLAGS) -o $@ $< $(HARNESS_OBJ) $(WASM_LIB) $(LIB) $(CHECK_LIBS)

# Exercise 13.5's runner: the host build with a validator bug planted
# (WASM_PLANTED_BUG in guests/wasm/validate.c), for a learner's .wast to
# catch.
WASM_RUN_PLANTED := $(BUILD)/tools/wasm-run-planted
$(WASM_RUN_PLANTED): tests/tools/wasm-run.c $(WASM_SRC) $(WASM_HEADERS) $(LIB) common/wasm_values.h
	@mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -DWASM_PLANTED_BUG -Iguests/wasm $(LDFLAGS) -o $@ \
	    tests/tools/wasm-run.c $(WASM_SRC) $(LIB)

tests: $(WASM_RUN) $(WASM_RUN_PLANTED)

# What the exercises link and run besides the chapters: the interpreter's
# host build (13.4) and the two runners (13.5).
exercise-tools: $(WASM_LIB) $(WASM_RUN) $(WASM_RUN_PLANTED)

$(FUZZ)/lib/libwasm.a: $(patsubst %.c,$(FUZZ)/obj/%.o,$(WASM_SRC))
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^
$(FUZZ)/obj/guests/wasm/%.o: FUZZ_CFLAGS += -Iguests/wasm
$(FUZZ)/obj/tests/fuzz/wasm_decode.o: FUZZ_CFLAGS += -Iguests/wasm
$(FUZZ)/wasm_decode: $(FUZZ)/lib/libwasm.a

# Modules (guests/wasm/modules/*.c) are C compiled to wasm32 (the MVP) by
# clang and wasm-ld. demo.wasm is committed beside demo.c: the one
# exception to "generated files are never committed" (issue 16), so that
# the demo needs no clang; check-wasm-modules rebuilds it and fails if a
# byte differs (part of make test-wasm).
WASM_MODULE_FLAGS := --target=wasm32 -mcpu=mvp -nostdlib -O2 -Wall -Wextra \
    -Werror -Wl,--no-entry -Wl,--strip-all

ensure-wasm-clang:
	@sh tests/tools/ensure-package.sh "make test-wasm" clang \
	    "clang and lld (wasm-ld), to build WebAssembly modules from C" \
	    "command -v clang && command -v wasm-ld" \
	    --no-install-recommends clang lld

$(BUILD)/wasm-modules/%.wasm: guests/wasm/modules/%.c guests/wasm/modules/work.h Makefile
	@mkdir -p $(@D)
	$(Q)clang $(WASM_MODULE_FLAGS) -o $@ $<

check-wasm-modules: ensure-wasm-clang $(BUILD)/wasm-modules/demo.wasm ## rebuild the committed demo.wasm and fail if its bytes differ
	@if cmp -s $(BUILD)/wasm-modules/demo.wasm guests/wasm/modules/demo.wasm; then \
	    echo "check-wasm-modules: guests/wasm/modules/demo.wasm is what demo.c builds to"; \
	else \
	    echo "check-wasm-modules: guests/wasm/modules/demo.wasm differs from a fresh build of demo.c; rebuild it: cp $(BUILD)/wasm-modules/demo.wasm guests/wasm/modules/" >&2; exit 1; \
	fi

# wabt: wast2json, spectest-interp, wasm-validate, wat2wasm, wasm-interp.
ensure-wabt:
	@sh tests/tools/ensure-package.sh "make test-wasm" wabt \
	    "wabt, the WebAssembly binary toolkit" \
	    "command -v wast2json && command -v spectest-interp && command -v wasm-validate && command -v wat2wasm" \
	    --no-install-recommends wabt

# Differential conformance: every tests/wasm/*.wast through wabt's
# spectest-interp and through a runner, the same outcome for every
# assertion; then the hostile modules (tests/wasm/hostile/*.wat) with their
# expected lines. Two runners: the interpreter's host build, and chapter
# 13's sandbox where KVM is usable (without it that half is skipped and
# says so; KVM101_REQUIRE_KVM=1 makes that a failure).
test-wasm: ensure-wabt check-wasm-modules $(WASM_RUN) chapters ## differential WebAssembly tests against wabt, hostile modules, through both runners (installs wabt and clang if missing)
	@sh tests/wasm/run-wast.sh $(BUILD)/wasm-tests/host $(WASM_RUN) tests/wasm/*.wast
	@sh tests/wasm/hostile.sh $(BUILD)/wasm-tests/host $(WASM_RUN) tests/wasm/hostile/*.wat
	@if $(BUILD)/01-hello-kvm >/dev/null 2>&1; then \
	    echo "test-wasm: the same through chapter 13's sandbox ($(BUILD)/13-sandbox)"; \
	    sh tests/wasm/run-wast.sh $(BUILD)/wasm-tests/sandbox $(BUILD)/13-sandbox tests/wasm/*.wast && \
	    sh tests/wasm/hostile.sh $(BUILD)/wasm-tests/sandbox $(BUILD)/13-sandbox tests/wasm/hostile/*.wat; \
	elif [ "$${KVM101_REQUIRE_KVM:-}" = 1 ]; then \
	    echo "test-wasm: KVM101_REQUIRE_KVM=1 but the sandbox cannot run here" >&2; exit 1; \
	else \
	    echo "test-wasm: SKIP: the runs through chapter 13's sandbox: no usable KVM here"; \
	fi

# The SVM host has no wabt: make test-svm records what the host build
# answers in the same runs (checked against wabt here, as they run), and
# the SVM host replays each through chapter 13's sandbox, which must
# answer the same (tests/wasm/record.sh, replay.sh).
wasm-record: ensure-wabt $(WASM_RUN)
	@rm -rf $(SVM_OUT)/wasm-replay $(SVM_OUT)/wasm-record
	@mkdir -p $(SVM_OUT)/wasm-replay
	@WASM_RECORD_DIR=$(abspath $(SVM_OUT)/wasm-replay) \
	    WASM_RECORD_RUNNER=$(abspath $(WASM_RUN)) \
	    sh tests/wasm/run-wast.sh $(SVM_OUT)/wasm-record tests/wasm/record.sh tests/wasm/*.wast | tail -n 1
	@WASM_RECORD_DIR=$(abspath $(SVM_OUT)/wasm-replay) \
	    WASM_RECORD_RUNNER=$(abspath $(WASM_RUN)) \
	    sh tests/wasm/hostile.sh $(SVM_OUT)/wasm-record tests/wasm/record.sh tests/wasm/hostile/*.wat | tail -n 1

# make bench's WebAssembly section: fib(35) and a hash loop, ours against
# gcc -O2, wasm-interp and node (if installed); a cold add 2 3.
bench-wasm: ensure-wabt ensure-wasm-clang $(WASM_RUN)
	@sh tests/tools/bench-wasm.sh $(BUILD)

.PHONY: ensure-wabt test-wasm check-wasm-modules ensure-wasm-clang bench-wasm \
        wasm-record exercise-tools
