#!/bin/sh
# ensure-package.sh - make sure a Debian package a make target needs is
# installed; install it with apt-get if not.
#
#   sh tests/tools/ensure-package.sh TARGET NAME WHAT TEST PACKAGE...
#
# TARGET names the caller in messages ("make test"), NAME the thing in
# short ("Check") and WHAT in full ("the Check library"); TEST is a shell
# command that succeeds when it is installed ("pkg-config --exists check");
# PACKAGE... are the words after "apt-get install -y" (options may come
# first: --no-install-recommends). As root it runs apt-get itself, through
# sudo otherwise, refreshing the package lists if the first try fails; when
# it cannot, it prints the exact command to run and exits 1.
set -u

if [ $# -lt 5 ]; then
    echo "usage: ensure-package.sh TARGET NAME WHAT TEST PACKAGE..." >&2
    exit 2
fi
target=$1 name=$2 what=$3 test=$4
shift 4

installed() { sh -c "$test" >/dev/null 2>&1; }

if installed; then
    exit 0
fi

install="apt-get install -y $*"
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        install="sudo $install"
    else
        echo "$target: $what is missing and this user cannot install it." >&2
        echo "$target: run as root:  $install" >&2
        exit 1
    fi
fi

echo "$target: $what is missing; installing it: $install"
export DEBIAN_FRONTEND=noninteractive
if ! $install >/dev/null 2>&1; then
    # A fresh machine may have no package lists yet.
    echo "$target: refreshing the package lists first (apt-get update)"
    ${install%%apt-get*}apt-get update >/dev/null 2>&1
    $install >/dev/null 2>&1
fi
if ! installed; then
    echo "$target: could not install $name; run this, then $target again:" >&2
    echo "    $install" >&2
    exit 1
fi
echo "$target: $name is installed"
