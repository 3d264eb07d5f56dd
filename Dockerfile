# The image every Olympus action runs. Nothing is compiled here: make dist
# cross-compiles static binaries into dist/linux_<arch>/ once, and this file
# only copies them onto a base that brings git (terraform module sources),
# CA certificates and a shell (terraform's local-exec):
#   /usr/local/bin                olympus, olympus-validate, tflint
#   /usr/local/lib/tflint-plugins the olympus tflint ruleset: a link to olympus
#   /usr/local/share/olympus/terraform
#                                 the default terraform, zstd-compressed;
#                                 unpacked once per job into the cache under
#                                 $HOME (/github/home) when a module uses it
# GitHub runs Docker actions as root with the workspace mounted and the
# working directory set, so there is no USER and no WORKDIR; olympus itself
# switches to the workspace's owner (see internal/cli/prepare.go).
#
# BASE_IMAGE is pinned by digest (a multi-arch index). Refresh it
# deliberately, in its own commit:
#   docker buildx imagetools inspect alpine/git:<version>
# Tests build this file on a base made locally (scripts/base-image.sh).
ARG BASE_IMAGE=alpine/git:v2.49.1@sha256:c0280cf9572316299b08544065d3bf35db65043d5e3963982ec50647d2746e26
FROM ${BASE_IMAGE}
ARG TARGETARCH
COPY dist/linux_${TARGETARCH}/bin/ /usr/local/bin/
COPY dist/linux_${TARGETARCH}/tflint-plugins/ /usr/local/lib/tflint-plugins/
COPY dist/linux_${TARGETARCH}/terraform/ /usr/local/share/olympus/terraform/
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    CHECKPOINT_DISABLE=1 \
    TFLINT_PLUGIN_DIR=/usr/local/lib/tflint-plugins \
    OLYMPUS_TERRAFORM_BUNDLE=/usr/local/share/olympus/terraform
ENTRYPOINT ["/usr/local/bin/olympus"]
CMD ["help"]
