#!/bin/sh
# ensure-check.sh - make sure the Check unit-test library (and pkg-config,
# which finds it) is installed; install it with apt-get if not.
set -u

if pkg-config --exists check 2>/dev/null; then
    exit 0
fi

install="apt-get install -y check pkg-config"
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        install="sudo $install"
    else
        echo "make test: the Check library is missing and this user cannot install it." >&2
        echo "make test: run as root:  $install" >&2
        exit 1
    fi
fi

echo "make test: the Check library is missing; installing it: $install"
export DEBIAN_FRONTEND=noninteractive
if ! $install >/dev/null 2>&1; then
    # A fresh machine may have no package lists yet.
    echo "make test: refreshing the package lists first (apt-get update)"
    ${install%%apt-get*}apt-get update >/dev/null 2>&1
    $install >/dev/null 2>&1
fi
if ! pkg-config --exists check 2>/dev/null; then
    echo "make test: could not install Check; run this, then make test again:" >&2
    echo "    $install" >&2
    exit 1
fi
echo "make test: Check is installed"
