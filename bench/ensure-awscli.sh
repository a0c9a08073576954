#!/usr/bin/env bash
# The benchmark compares against Debian's AWS CLI; install it when it is missing.
set -euo pipefail
if ! command -v aws >/dev/null 2>&1; then
  echo "Installing Debian's awscli for the benchmark..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq awscli >/dev/null
fi
aws --version
