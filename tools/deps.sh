#!/bin/sh
# deps.sh - make sure the Debian packages pmcoach builds and tests with are
# installed.  As root it installs what is missing with apt-get; otherwise it
# prints the one command to run.  Called by `make deps` and before every build.
set -eu
PKGS="gcc make pkg-config libncurses-dev libcjson-dev libcurl4-openssl-dev libcmocka-dev tmux"
[ "$#" -gt 0 ] && PKGS="$PKGS $*"

missing=""
if command -v dpkg-query >/dev/null 2>&1; then
	for p in $PKGS; do
		st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
		case "$st" in
		*"install ok installed"*) ;;
		*) missing="$missing $p" ;;
		esac
	done
else
	# not Debian: trust pkg-config to find the libraries
	for m in ncursesw libcjson libcurl cmocka; do
		pkg-config --exists "$m" 2>/dev/null || missing="$missing $m"
	done
	if [ -n "$missing" ]; then
		echo "deps.sh: missing libraries:$missing (install them with your package manager)" >&2
		exit 1
	fi
	exit 0
fi

[ -z "$missing" ] && exit 0
SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1 && [ -t 0 ]; then
	SUDO="sudo"	# an interactive user: sudo asks for the password
fi
if [ "$(id -u)" = 0 ] || [ -n "$SUDO" ]; then
	echo "deps.sh: installing:$missing" >&2
	# shellcheck disable=SC2086
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
	# shellcheck disable=SC2086
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >&2
else
	echo "deps.sh: missing Debian packages:$missing" >&2
	echo "deps.sh: run: sudo apt-get install -y$missing" >&2
	exit 1
fi
