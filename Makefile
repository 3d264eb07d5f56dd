# make demo: deploy examples/local to dev on the local test cloud (no account),
# then break glass and codify it, then check a deploy against the test bed's
# HTTP service (a passing check, then a failing one rolled back), then recover its database to a point in time
# on the SQL Admin emulator, then refresh staging from a sanitized production
# backup there (real PostgreSQL behind the emulator).
# make test: every test. Both work on a fresh clone; see README.md.
SHELL   := /bin/bash
CACHE   ?= $(CURDIR)/.cache
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT  ?= $(shell git rev-parse HEAD 2>/dev/null || echo unknown)
LDFLAGS := -s -w -X github.com/olympus-cloud/deploy-actions/internal/cli.Version=$(VERSION) -X github.com/olympus-cloud/deploy-actions/internal/cli.Commit=$(COMMIT)
# The image's default terraform; scripts/check-terraform.sh pins the same.
TERRAFORM_VERSION ?= 1.11.4
# What make dist builds for: the image's platforms.
PLATFORMS ?= linux/amd64 linux/arm64
# The default terraform in dist: release (downloaded, verified), local (the
# one on PATH) or none. See scripts/dist.sh.
TERRAFORM_BUNDLE ?= release
GOTEST_FLAGS ?= -count=1 -timeout 25m

export CGO_ENABLED = 0
export CHECKPOINT_DISABLE = 1

.PHONY: demo test test-tofu build dist image generate check-terraform tools bench bench-image clean

# tflint and tofu are built once into a cache outside the checkout
# (minutes on 2 cores) and reused by every later run; see
# scripts/install-tool.sh.
tools:
	@bash scripts/install-tool.sh tflint
	@bash scripts/install-tool.sh actionlint
	@bash scripts/install-tool.sh tofu

check-terraform:
	@bash scripts/check-terraform.sh >/dev/null

# olympus, olympus-validate (the validate step, with the defsec engine) and
# the tflint plugin, all side by side where olympus looks for them.
build:
	go build -trimpath -ldflags "$(LDFLAGS)" -o bin/ ./cmd/olympus ./cmd/olympus-validate
	go build -trimpath -ldflags "-s -w" -o bin/tflint-ruleset-olympus ./cmd/tflint-ruleset-olympus

# Static binaries for the image, cross-compiled once, outside Docker, into
# dist/<os>_<arch>/ with the default terraform (downloaded and verified;
# TERRAFORM_BUNDLE=local packs the one on PATH). See scripts/dist.sh.
dist:
	VERSION=$(VERSION) COMMIT=$(COMMIT) TERRAFORM_VERSION=$(TERRAFORM_VERSION) TERRAFORM_BUNDLE=$(TERRAFORM_BUNDLE) \
	  bash scripts/dist.sh $(PLATFORMS)

# The action's image from the Dockerfile, built here offline on a base made
# here, tagged olympus-deploy-actions:local; starts a Docker engine if none
# runs. Seconds when nothing changed. See scripts/image.sh.
image:
	VERSION=$(VERSION) COMMIT=$(COMMIT) TERRAFORM_VERSION=$(TERRAFORM_VERSION) bash scripts/image.sh

# The demo's provider is the test bed's localcloud, installed through a
# filesystem mirror and a CLI config of our own: your ~/.terraformrc is not
# read or changed.
demo: check-terraform build
	@tflint=$$(bash scripts/install-tool.sh tflint) && \
	  cfg=$$(go run ./internal/testbed/cmd/localcloud-install "$(CACHE)/localcloud") && \
	  echo "== olympus validate --working-directory examples/local" >&2 && \
	  TF_CLI_CONFIG_FILE="$$cfg" ./bin/olympus validate --working-directory examples/local \
	    --migrations-path 'examples/local/migrations/**/*.sql' \
	    --tflint-path "$$tflint" --sarif-file "$(CACHE)/olympus-validate.sarif" && \
	  echo "== olympus deploy --working-directory examples/local --environment dev" >&2 && \
	  TF_CLI_CONFIG_FILE="$$cfg" ./bin/olympus deploy --working-directory examples/local --environment dev && \
	  bash scripts/demo-break-glass.sh ./bin/olympus "$$cfg" "$(CACHE)/break-glass" && \
	  bash scripts/demo-verify.sh ./bin/olympus "$$cfg" "$(CACHE)/verify"
	@bash scripts/demo-sql-recover.sh "$(CACHE)/sql-recover"
	@bash scripts/demo-data-refresh.sh "$(CACHE)/data-refresh"

test: check-terraform
	go vet ./...
	OLYMPUS_TFLINT=$$(bash scripts/install-tool.sh tflint) \
	OLYMPUS_ACTIONLINT=$$(bash scripts/install-tool.sh actionlint) \
	  go test $(GOTEST_FLAGS) ./...
	$(MAKE) test-tofu

# The end-to-end suites that matter (deploy, plan-comment, drift-reconcile,
# the reviewed-plan binding) again, run by a real OpenTofu built from its
# module (scripts/install-tool.sh tofu, pinned there).
TOFU_SUITES ?= ./internal/steps/deploy ./internal/steps/plancomment ./internal/steps/reconcile ./internal/tests/trust
test-tofu:
	OLYMPUS_TEST_ENGINE=tofu OLYMPUS_TOFU=$$(bash scripts/install-tool.sh tofu) \
	  go test $(GOTEST_FLAGS) $(TOFU_SUITES)

# validate beside tflint, tfsec and terraform run alone; plan-comment on a
# 10,000-resource plan beside terraform show and on a synthetic 100,000-resource
# plan (whole process: wall, peak RSS, RSS/JSON); 200 Rego policies over the
# 10,000-resource plan; deploy beside terraform by
# hand; traffic-rollback and sql-recover against their emulators; the
# migration guard on 1,000 files; targets on 500 root modules. See
# scripts/bench-*.sh.
bench: build
	bash scripts/bench-validate.sh
	bash scripts/bench-plan-comment.sh
	bash scripts/bench-policy.sh
	bash scripts/bench-deploy.sh
	bash scripts/bench-rollback.sh
	bash scripts/bench-drift.sh
	go test ./internal/framework/report -run '^$$' -bench Mask20000Secrets -benchtime 5x
	bash scripts/bench-migrations.sh
	bash scripts/bench-sql-recover.sh
	bash scripts/bench-targets.sh

# Image size, and the time from docker run to a step's first line on the
# warm image. BENCH_IMAGE_OLD=1 also builds the previous Dockerfile cold
# (minutes). See scripts/bench-image.sh.
bench-image: image
	bash scripts/bench-image.sh

generate:
	go generate ./...

clean:
	rm -rf bin dist .cache examples/local/{.terraform,.terraform.lock.hcl,.localcloud,state}
