# syntax=docker/dockerfile:1
# The image every Olympus action runs: a static olympus, a pinned,
# checksum-verified terraform, and tflint with the Olympus ruleset. GitHub runs Docker actions as root with the
# workspace mounted and the working directory set, so this image sets no USER
# and no WORKDIR. Refresh a base digest deliberately, in its own commit.

ARG TERRAFORM_VERSION=1.11.4
ARG TERRAFORM_SHA256=1ce994251c00281d6845f0f268637ba50c0005657eb3cf096b92f753b42ef4dc
ARG TFLINT_VERSION=v0.64.0
ARG VERSION=dev

FROM golang:1.26-alpine@sha256:0178a641fbb4858c5f1b48e34bdaabe0350a330a1b1149aabd498d0699ff5fb2 AS build
ARG VERSION
ARG TFLINT_VERSION
# tflint is built from its pinned module version (go.sum-verified by the Go
# checksum database), the same one scripts/install-tool.sh tflint builds.
RUN CGO_ENABLED=0 GOBIN=/out go install -trimpath "github.com/terraform-linters/tflint@${TFLINT_VERSION}"
COPY go.mod go.sum /src/
RUN cd /src && go mod download
COPY . /src
RUN cd /src && CGO_ENABLED=0 go build -trimpath \
      -ldflags "-s -w -X github.com/olympus-cloud/deploy-actions/internal/cli.Version=${VERSION}" \
      -o /out/ ./cmd/olympus ./cmd/olympus-validate \
 && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" \
      -o /out/tflint-ruleset-olympus ./cmd/tflint-ruleset-olympus

FROM alpine:3.22@sha256:4b7ce07002c69e8f3d704a9c5d6fd3053be500b7f1c69fc0d80990c2ad8dd412 AS terraform
ARG TERRAFORM_VERSION
ARG TERRAFORM_SHA256
COPY scripts/install-terraform.sh /usr/local/bin/install-terraform.sh
RUN apk add --no-cache curl unzip \
 && sh /usr/local/bin/install-terraform.sh "${TERRAFORM_VERSION}" "${TERRAFORM_SHA256}" /out

FROM alpine:3.22@sha256:4b7ce07002c69e8f3d704a9c5d6fd3053be500b7f1c69fc0d80990c2ad8dd412
# git fetches terraform modules; ca-certificates reach Google and GitHub.
RUN apk add --no-cache ca-certificates git
COPY --from=build /out/olympus /out/olympus-validate /out/tflint /usr/local/bin/
# validate finds the olympus ruleset through TFLINT_PLUGIN_DIR.
COPY --from=build /out/tflint-ruleset-olympus /usr/local/lib/tflint-plugins/
COPY --from=terraform /out/terraform /usr/local/bin/terraform
ENV CHECKPOINT_DISABLE=1 TFLINT_PLUGIN_DIR=/usr/local/lib/tflint-plugins
ENTRYPOINT ["/usr/local/bin/olympus"]
