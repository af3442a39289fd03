#!/usr/bin/env bash
# Builds Crupto and runs every test. Installs missing system packages when run as root.
# Usage: scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(libsqlite3-dev libssl-dev libcurl4-openssl-dev libyaml-dev zlib1g-dev)

install_missing_packages() {
    local missing=()
    for package in "${SYSTEM_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "missing system packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
        exit 1
    fi
    echo "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
}

install_missing_packages
swift --version
swift build --build-tests
swift test --skip-build
