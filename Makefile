# make demo: deploy examples/local to dev on the local test cloud (no account).
# make test: every test. Both work on a fresh clone; see README.md.
SHELL   := /bin/bash
CACHE   ?= $(CURDIR)/.cache
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X github.com/olympus-cloud/deploy-actions/internal/cli.Version=$(VERSION)
GOTEST_FLAGS ?= -count=1 -timeout 25m

export CGO_ENABLED = 0
export CHECKPOINT_DISABLE = 1

.PHONY: demo test build generate check-terraform clean

check-terraform:
	@bash scripts/check-terraform.sh >/dev/null

build:
	go build -trimpath -ldflags "$(LDFLAGS)" -o bin/olympus ./cmd/olympus

# The demo's provider is the test bed's localcloud, installed through a
# filesystem mirror and a CLI config of our own: your ~/.terraformrc is not
# read or changed.
demo: check-terraform build
	@cfg=$$(go run ./internal/testbed/cmd/localcloud-install "$(CACHE)/localcloud") && \
	  echo "== olympus deploy --working-directory examples/local --environment dev" >&2 && \
	  TF_CLI_CONFIG_FILE="$$cfg" ./bin/olympus deploy --working-directory examples/local --environment dev

test: check-terraform
	go vet ./...
	go test $(GOTEST_FLAGS) ./...

generate:
	go generate ./...

clean:
	rm -rf bin .cache examples/local/{.terraform,.terraform.lock.hcl,.localcloud,state}
