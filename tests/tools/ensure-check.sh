#!/bin/sh
# ensure-check.sh - make sure the Check unit-test library (and pkg-config,
# which finds it) is installed; install it with apt-get if not.
exec sh "$(dirname "$0")/ensure-package.sh" "make test" Check \
    "the Check library" "pkg-config --exists check" check pkg-config
