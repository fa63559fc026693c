# lib.sh - tmux helpers shared by the end-to-end scripts (sourced).
# The caller sets SOCK (its private tmux server) before sourcing.

T() { tmux -L "$SOCK" -f /dev/null "$@"; }

# poll SESSION SECONDS TEST...: polls the pane every 20 ms until the
# screen passes TEST (a grep invocation reading the screen on stdin)
poll() {
	sess=$1
	n=$(( $2 * 50 ))
	shift 2
	while [ "$n" -gt 0 ]; do
		if T capture-pane -p -t "$sess" 2>/dev/null | "$@"; then
			return 0
		fi
		sleep 0.02
		n=$((n - 1))
	done
	return 1
}

# wait_for SESSION TEXT [SECONDS]: a fixed string is on the screen
wait_for() { poll "$1" "${3:-5}" grep -qF -- "$2"; }
# wait_re SESSION REGEX [SECONDS]
wait_re() { poll "$1" "${3:-5}" grep -qE -- "$2"; }
# wait_no SESSION TEXT [SECONDS]: the text is off the screen
wait_no() { poll "$1" "${3:-5}" sh -c '! grep -qF -- "$1"' sh "$2"; }

# wait_gone PID [SECONDS]: the process has exited
wait_gone() {
	n=$(( ${2:-5} * 50 ))
	while [ "$n" -gt 0 ]; do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.02
		n=$((n - 1))
	done
	return 1
}

# tmux_keep: a session that lives for the whole run, so that killing
# the last of the others never makes the server exit under the next
# new-session ("server exited unexpectedly", seen once in CI).  Call it
# after the environment is set: the server starts with it, and every
# session after takes the server's environment, not the caller's.
tmux_keep() { T new-session -d -s keep -x 80 -y 24 "sleep 3600"; }

# tmux_cleanup: stops the private server and removes its socket
tmux_cleanup() {
	T kill-server >/dev/null 2>&1
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$SOCK"
}

# need_tmux LABEL: exits as a failed suite when tmux is missing
need_tmux() {
	command -v tmux >/dev/null 2>&1 && return 0
	echo "$1: tmux is not installed"
	echo "0 passed, 1 failed"
	exit 1
}

# Results: "ok - NAME" and "not ok - NAME" lines, counted in PASS and
# FAIL (the suite ends with "$PASS passed, $FAIL failed").
PASS=0
FAIL=0
ok() { PASS=$((PASS + 1)); printf 'ok - %s\n' "$1"; }
# bad NAME [SESSION]: a failure, with SESSION's screen when given
bad() {
	FAIL=$((FAIL + 1))
	printf 'not ok - %s\n' "$1"
	if [ -n "${2:-}" ]; then
		echo "  --- screen of $2:"
		T capture-pane -p -t "$2" 2>/dev/null | sed 's/^/  | /'
	fi
}
# verdict STATUS NAME [SESSION]: ok when STATUS is 0
verdict() { if [ "$1" -eq 0 ]; then ok "$2"; else bad "$2" "${3:-}"; fi; }
# joined SESSION TEXT: TEXT is on screen, maybe wrapped over lines
joined() {
	T capture-pane -p -t "$1" | tr -s ' \n' '  ' | grep -qF -- "$2"
}
# wait_joined SESSION TEXT [SECONDS]: polls (default 5 s) until joined
wait_joined() {
	n=$((${3:-5} * 50))
	while [ $n -gt 0 ]; do
		joined "$1" "$2" && return 0
		sleep 0.02
		n=$((n - 1))
	done
	return 1
}
# check NAME SESSION COMMAND...: ok when the command succeeds
check() {
	name=$1 sess=$2
	shift 2
	if "$@"; then ok "$name"; else bad "$name" "$sess"; fi
}

# open_mock SESSION QUERY ID: from the home screen, a mock interview on
# the prompt the browser's search for QUERY shows as ID
open_mock() {
	T send-keys -t "$1" m
	wait_for "$1" "Prompts: pick one" || return 1
	T send-keys -t "$1" /
	T send-keys -t "$1" -l "$2"
	wait_for "$1" "id $3" || return 1
	T send-keys -t "$1" Enter
	wait_re "$1" "Enter start" || return 1
	T send-keys -t "$1" Enter
	wait_for "$1" "Write the Input section" 10
}

# coach_env: HOME and the XDG directories under $TMP (the data directory
# in DATA), a UTF-8 locale, and nothing of the caller's PMCOACH_* or
# NO_COLOR
coach_env() {
	DATA=$TMP/data
	export HOME="$TMP/home" XDG_DATA_HOME="$DATA" XDG_CONFIG_HOME="$TMP/config" \
		XDG_STATE_HOME="$TMP/state" LANG=C.UTF-8
	unset PMCOACH_PACKS PMCOACH_HOME NO_COLOR LC_ALL LC_CTYPE
	mkdir -p "$HOME"
}

# coach SESSION COLSxROWS [ARGS...]: $BIN ARGS in a new tmux session of
# that size; "EXIT=N" shows when it ends
coach() {
	s=$1 size=$2
	shift 2
	T new-session -d -s "$s" -x "${size%x*}" -y "${size#*x}" \
		"$BIN $*; echo EXIT=\$?; sleep 600"
}
