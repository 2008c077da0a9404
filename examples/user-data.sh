#!/bin/bash
# Runs once on each new instance. odin substitutes the release variables and the manifest's
# instances.variables before launch; DB_PASSWORD is secret and appears nowhere else.
set -euo pipefail

cat > /etc/demo-app.env <<ENV
RELEASE=${ODIN_RELEASE}
SERVICE=${ODIN_SERVICE}
ENVIRONMENT=${ODIN_ENVIRONMENT}
IMAGE=${ODIN_IMAGE}
LOG_LEVEL=${LOG_LEVEL}
DB_PASSWORD=${DB_PASSWORD}
ENV
chmod 600 /etc/demo-app.env

systemctl enable --now demo-app
