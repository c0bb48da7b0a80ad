# fengqiao - the two commands: `make run` and `make test`.
# Everything else (`make build`, `make bench`, `make fuzz`, `make soak`) is
# built from the same pieces. The build itself is Meson + ninja.

BUILD      ?= build
TEST_BUILD ?= build-test
DB         ?= data/fengqiao.db
REGION     ?= 1301
LISTEN     ?= 127.0.0.1:8080
PREFIX     ?= /usr/local

.PHONY: all build run run-cluster test deps web clean distclean install

all: build

deps:
	@scripts/deps.sh

# A build directory is (re)configured when it is missing or when the list of
# source files changed (meson takes the list from scripts/sources.sh).
define configure
	@mkdir -p $(1)
	@list=$$(scripts/sources.sh lib; scripts/sources.sh unit); \
	if [ ! -f $(1)/build.ninja ]; then meson setup $(1) $(2) >/dev/null || exit 1; \
	elif [ "$$list" != "$$(cat $(1)/.fq-sources 2>/dev/null)" ]; then meson setup --reconfigure $(1) $(2) >/dev/null || exit 1; fi; \
	printf '%s\n' "$$list" > $(1)/.fq-sources
endef

build: deps
	$(call configure,$(BUILD),--buildtype=release -Db_ndebug=false)
	@ninja -C $(BUILD) fengqiao
	@scripts/web.sh

$(DB): | build
	@mkdir -p $(dir $(DB))
	$(BUILD)/fengqiao init --db $(DB) --region $(REGION) --demo

run: build $(DB)
	@echo ""
	@echo "fengqiao: http://$(LISTEN)/  (console /console/, citizens /m/, big screen /bigscreen/)"
	@echo "demo logins, password Fengqiao@2026: city_admin county_admin county_dispatcher"
	@echo "  town_dispatcher town_handler town_mediator town_leader town_grid_worker ..."
	@echo "  (city_|county_|town_ + admin leader dispatcher handler mediator grid_worker reviewer)"
	@echo ""
	$(BUILD)/fengqiao serve --db $(DB) --listen $(LISTEN)

# PostgreSQL, two serve nodes and haproxy on this machine (scripts/cluster.sh).
run-cluster: build
	@scripts/cluster.sh

test: deps
	@scripts/test.sh

# The binary to $(PREFIX)/bin, reference data, web UI and divisions to
# $(PREFIX)/share/fengqiao ($(DESTDIR) for packaging); deploy/fengqiao.service
# runs it.
install: build
	@meson configure $(BUILD) -Dprefix=$(PREFIX) >/dev/null
	@ninja -C $(BUILD) fengqiao
	meson install -C $(BUILD) --no-rebuild $(if $(DESTDIR),--destdir $(DESTDIR))

# libFuzzer targets of fuzz/, FUZZ_SECONDS (default 60) each; see scripts/fuzz.sh.
.PHONY: fuzz bench soak
fuzz: deps
	@scripts/fuzz.sh run

# Ceilings and fengqiao side by side at 1M generated cases (the database is
# generated on the first run and cached in bench/data/); one table, JSON in
# bench/results/. See scripts/bench.sh for the settings.
bench:
	@scripts/deps.sh wrk time
	@scripts/bench.sh

# SOAK_MINUTES (default 10) of mixed load: RSS growth, errors, p99 drift.
soak: deps
	@scripts/soak.sh

clean:
	rm -rf $(BUILD) $(TEST_BUILD) tests/out web/dist

distclean: clean
	rm -rf node_modules data/fengqiao.db data/fengqiao.db-* data/files
