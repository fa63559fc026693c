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

# tmux_cleanup: stops the private server and removes its socket
tmux_cleanup() {
	T kill-server >/dev/null 2>&1
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$SOCK"
}
