#!/bin/bash
# Runs once on each new instance. odin substitutes the release variables before launch.
set -euo pipefail

cat > /etc/demo-app.env <<ENV
RELEASE=${ODIN_RELEASE}
SERVICE=${ODIN_SERVICE}
ENVIRONMENT=${ODIN_ENVIRONMENT}
IMAGE=${ODIN_IMAGE}
ENV

systemctl enable --now demo-app
