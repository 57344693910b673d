# Folio: `make serve` and `make test` are the two commands; both install what is missing first.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver

SEEDS ?= seeds
PORT ?= 8080
FOLIO := target/bundler/folio

.PHONY: serve test setup build bundle app pack lint unit wasm-test browser-test sizes screenshots clean

## Install what is missing, build the app, and preview $(SEEDS) on http://127.0.0.1:$(PORT) with
## `folio serve`: bundled into a folder of its own (never dist/data), again on every save
serve: setup app $(FOLIO)
	$(FOLIO) serve $(SEEDS) --dist dist --port $(PORT)

## Every test: formatting, clippy, unit and bundler tests, WASM tests in Chromium, browser tests
test: setup lint unit wasm-test build browser-test

setup:
	@scripts/setup.sh

## The release app in dist/ with $(SEEDS) bundled into dist/data/ (Trunk empties dist/ first)
build: setup app bundle

app:
	trunk build --release --minify

$(FOLIO): $(shell find src -name '*.rs') Cargo.toml Cargo.lock
	cargo build --profile bundler --bin folio

bundle: $(FOLIO)
	$(FOLIO) bundle $(SEEDS) --out dist/data

## One self-contained HTML file with the app and the seeds, that opens from disk: folio.html
pack: build
	$(FOLIO) pack --dist dist --out folio.html

lint:
	cargo fmt --all --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib --bins --tests -- -D warnings

unit:
	cargo test

wasm-test:
	cargo test --target wasm32-unknown-unknown --lib

browser-test:
	node --test tests/browser/

## WASM, JS and CSS sizes of dist/ (raw, gzip -9, brotli -q 11)
sizes: build
	scripts/sizes.sh dist

## README screenshots from the real app (needs a CJK font: installs fonts-wqy-microhei)
screenshots: build
	@fc-list | grep -qi "wenquanyi" || apt-get install -y -qq fonts-wqy-microhei
	node scripts/screenshots.mjs

clean:
	cargo clean
	rm -rf dist
