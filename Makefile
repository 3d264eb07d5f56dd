# make demo: deploy examples/local to dev on the local test cloud (no account),
# then break glass and codify it, then recover its database to a point in time
# on the SQL Admin emulator.
# make test: every test. Both work on a fresh clone; see README.md.
SHELL   := /bin/bash
CACHE   ?= $(CURDIR)/.cache
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X github.com/olympus-cloud/deploy-actions/internal/cli.Version=$(VERSION)
GOTEST_FLAGS ?= -count=1 -timeout 25m

export CGO_ENABLED = 0
export CHECKPOINT_DISABLE = 1

.PHONY: demo test build generate check-terraform tools bench clean

# tflint is built once into a cache outside the checkout (minutes on 2
# cores) and reused by every later run; see scripts/install-tool.sh tflint.
tools:
	@bash scripts/install-tool.sh tflint
	@bash scripts/install-tool.sh actionlint

check-terraform:
	@bash scripts/check-terraform.sh >/dev/null

# olympus, olympus-validate (the validate step, with the defsec engine) and
# the tflint plugin, all side by side where olympus looks for them.
build:
	go build -trimpath -ldflags "$(LDFLAGS)" -o bin/ ./cmd/olympus ./cmd/olympus-validate
	go build -trimpath -ldflags "-s -w" -o bin/tflint-ruleset-olympus ./cmd/tflint-ruleset-olympus

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
	  bash scripts/demo-break-glass.sh ./bin/olympus "$$cfg" "$(CACHE)/break-glass"
	@bash scripts/demo-sql-recover.sh "$(CACHE)/sql-recover"

test: check-terraform
	go vet ./...
	OLYMPUS_TFLINT=$$(bash scripts/install-tool.sh tflint) \
	OLYMPUS_ACTIONLINT=$$(bash scripts/install-tool.sh actionlint) \
	  go test $(GOTEST_FLAGS) ./...

# validate beside tflint, tfsec and terraform run alone; plan-comment on a
# 10,000-resource plan beside terraform show and on a synthetic 100,000-resource
# plan (whole process: wall, peak RSS, RSS/JSON); deploy beside terraform by
# hand; traffic-rollback and sql-recover against their emulators; the
# migration guard on 1,000 files. See scripts/bench-*.sh.
bench: build
	bash scripts/bench-validate.sh
	bash scripts/bench-plan-comment.sh
	bash scripts/bench-deploy.sh
	bash scripts/bench-rollback.sh
	bash scripts/bench-drift.sh
	go test ./internal/report -run '^$$' -bench Mask20000Secrets -benchtime 5x
	bash scripts/bench-migrations.sh
	bash scripts/bench-sql-recover.sh

generate:
	go generate ./...

clean:
	rm -rf bin .cache examples/local/{.terraform,.terraform.lock.hcl,.localcloud,state}
