# Quick start: `make run` serves the shipped banks; `make test` runs every test.
BUILD ?= build
JOBS ?= $(shell nproc)
LISTEN ?= 127.0.0.1:50051
DB ?= data/quizd.db
DEMO_USER ?= demo
DEMO_PASSWORD ?= demo-pass-2026
# Pushed banks' keyed codes are checked against the official code sets when
# they are at hand (they are not part of this repository).
CODESETS ?= $(wildcard ../shared/codesets)

.PHONY: deps build run test clean fuzz

deps:
	@scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" >/dev/null
	@cmake --build $(BUILD) -j$(JOBS) -- --no-print-directory

run: build
	@mkdir -p $(dir $(DB))
	@printf '%s\n' '$(DEMO_PASSWORD)' | $(BUILD)/quizd user add $(DEMO_USER) \
	  --role student --db $(DB) --exist-ok
	@echo
	@echo "quizd is starting on $(LISTEN) with the banks in question_bank/banks."
	@echo "In another terminal, as the demo student:"
	@echo "  $(BUILD)/quiz login $(DEMO_USER)        (password: $(DEMO_PASSWORD))"
	@echo "  $(BUILD)/quiz quizzes"
	@echo "  $(BUILD)/quiz take icd10cm-starter"
	@echo "  $(BUILD)/quiz attempts"
	@echo "  $(BUILD)/quiz review ATTEMPT_ID"
	@echo "  $(BUILD)/quiz progress            (your standing per topic; quiz review for due items)"
	@echo "  $(BUILD)/quiz career-fit          (coding or billing: which suits you)"
	@echo "Stop the server with Ctrl-C."
	@echo
	@exec $(BUILD)/quizd --listen $(LISTEN) --db $(DB) --banks question_bank/banks \
	  $(if $(CODESETS),--codesets $(CODESETS))

test: build
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

# Load test against a fresh quizd of its own (see bench/README.md); pass
# flags with e.g. BENCH_ARGS="--kill-check --json".
.PHONY: bench
# The build's progress goes to stderr, so that stdout is the report alone
# (e.g. BENCH_ARGS=--json > figures.json).
bench:
	@$(MAKE) --no-print-directory build >&2
	@$(BUILD)/quiz-bench $(BENCH_ARGS)

# libFuzzer targets (fuzz/README.md) built with clang, ASan and UBSan in a
# build directory of their own, each run for FUZZ_SECONDS; e.g.
# `make fuzz FUZZ_SECONDS=60 FUZZ_TARGETS="gift_import amount"`.
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?= bank_file yaml_tree gift_import code_list amount answers_file roster_csv
FUZZ_SANITIZE = -fsanitize=address,undefined -fno-sanitize-recover=all
fuzz:
	@scripts/install-deps.sh fuzz
	@CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -DQUIZD_FUZZ=ON \
	  -DCMAKE_BUILD_TYPE=Release \
	  -DCMAKE_CXX_FLAGS_RELEASE="-O1 -g -fno-omit-frame-pointer" \
	  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link $(FUZZ_SANITIZE)" \
	  -DCMAKE_EXE_LINKER_FLAGS="$(FUZZ_SANITIZE)" >/dev/null
	@cmake --build $(FUZZ_BUILD) -j$(JOBS) --target \
	  $(addprefix fuzz_,$(FUZZ_TARGETS)) -- --no-print-directory
	@fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

clean:
	rm -rf $(BUILD) $(FUZZ_BUILD)
