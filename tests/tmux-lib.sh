# tmux-lib.sh -- drive the real program in a real terminal: a private tmux
# server, one detached session at a time.  Source it after tap.sh, with
# $TMUX_BIN set.
#
#   tmux_start COLS ROWS CMD...   run CMD in a fresh COLSxROWS session
#   tmux_send KEYS...             type keys (tmux send-keys names)
#   tmux_capture [-e]             print the screen (-e: with attributes)
#   tmux_wait_for REGEX [SECS]    poll the screen until REGEX shows
#   tmux_wait_gone REGEX [SECS]   poll the screen until REGEX is gone
#   tmux_until CMD...             poll until CMD succeeds (10 s)
#   tmux_resize COLS ROWS         resize the terminal
#   tmux_alive                    is the program still running?
#   tmux_pid                      the program's process id
#   tmux_exit_status [SECS]       wait for the program to end; print its
#                                 exit status ("signal N" if killed)
#   tmux_stop                     kill the server (also done on exit)
#
# Synchronisation is by polling the screen every 0.1 s, never by a fixed
# sleep; SECS defaults to 10, the time a slow, sanitized build may need.
# The server reads no configuration (-f /dev/null) and listens on its own
# socket under the build tree's tests/tmp/tmux (a new one for each
# tmux_start), so it neither sees nor disturbs the user's tmux and leaves
# nothing in /tmp.  The program runs under TERM=xterm-256color in the
# C.UTF-8 locale; the session keeps its size (window-size manual) and its
# pane after the program ends (remain-on-exit), so the exit status can be
# read.

tmux_session=relto
tmux_n=0
tmux_dir=$PWD/tests/tmp/tmux
tmux_tmpdir=
if [ "${#tmux_dir}" -gt 80 ]; then
	# Too deep for a socket path (about 100 bytes at most).
	tmux_tmpdir=$(mktemp -d "${TMPDIR:-/tmp}/relto-tmux.XXXXXX") || exit 1
	tmux_dir=$tmux_tmpdir
fi
mkdir -p "$tmux_dir"
tmux_sock=$tmux_dir/s$$-$tmux_n

# The program must see the pane's size, not the caller's; and NO_COLOR
# only where a test asks for it.
unset TMUX LINES COLUMNS NO_COLOR

tmux_run() {
	"$TMUX_BIN" -S "$tmux_sock" -f /dev/null "$@"
}

# Is the server up?  The waits give up at once when it is not.
tmux_up() {
	tmux_run has-session -t "$tmux_session" 2>/dev/null
}

tmux_stop() {
	tmux_run kill-server >/dev/null 2>&1
	rm -f "$tmux_sock"
}

tmux_cleanup() {
	tmux_stop
	[ -z "$tmux_tmpdir" ] || rm -rf "$tmux_tmpdir"
}

trap 'tmux_cleanup' EXIT
trap 'tmux_cleanup; exit 1' HUP INT TERM

tmux_start() {
	_cols=$1 _rows=$2
	shift 2
	# A fresh server each time: a killed one may linger a moment.
	tmux_stop
	tmux_n=$((tmux_n + 1))
	tmux_sock=$tmux_dir/s$$-$tmux_n
	# window-size is set once a session exists: tmux 3.3a's server dies
	# when it is set before.
	tmux_run start-server \; set-option -s exit-empty off \; \
	    set-option -g remain-on-exit on \; \
	    new-session -d -s "$tmux_session" -x "$_cols" -y "$_rows" \
	    env TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 LANGUAGE= \
	    "$@" \; \
	    set-option -g window-size manual
}

tmux_send() {
	tmux_run send-keys -t "$tmux_session" "$@"
}

tmux_capture() {
	tmux_run capture-pane -p -t "$tmux_session" "$@"
}

tmux_resize() {
	tmux_run resize-window -t "$tmux_session" -x "$1" -y "$2"
}

tmux_format() {
	tmux_run display-message -p -t "$tmux_session" "$1"
}

tmux_alive() {
	[ "$(tmux_format '#{pane_dead}')" = 0 ]
}

tmux_pid() {
	tmux_format '#{pane_pid}'
}

# Show the screen in the test log, after a timeout.
tmux_show() {
	if tmux_up; then
		diag "$1; the screen:"
		tmux_capture | sed 's/^/#   |/'
	else
		diag "$1: the tmux server is gone"
	fi
}

tmux_wait_for() {
	_n=$((${2:-10} * 10))
	while [ "$_n" -gt 0 ] && tmux_up; do
		tmux_capture | grep -Eq -- "$1" && return 0
		sleep 0.1
		_n=$((_n - 1))
	done
	tmux_show "timed out waiting for /$1/"
	return 1
}

tmux_wait_gone() {
	_n=$((${2:-10} * 10))
	while [ "$_n" -gt 0 ] && tmux_up; do
		tmux_capture | grep -Eq -- "$1" || return 0
		sleep 0.1
		_n=$((_n - 1))
	done
	tmux_show "timed out waiting for /$1/ to go"
	return 1
}

tmux_until() {
	_n=100
	while [ "$_n" -gt 0 ] && tmux_up; do
		"$@" && return 0
		sleep 0.1
		_n=$((_n - 1))
	done
	tmux_show "timed out waiting for: $*"
	return 1
}

# tmux 3.3a sometimes misses the SIGCHLD of a pane's process and leaves
# it a zombie with no status; a SIGCHLD sent to the server makes it reap.
tmux_exit_status() {
	_n=$((${1:-10} * 10))
	while [ "$_n" -gt 0 ] && tmux_up; do
		_s=$(tmux_format '#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}')
		case $_s in
		1::)
			kill -s CHLD "$(tmux_run display-message -p '#{pid}')" \
			    2>/dev/null
			;;
		1::*)
			echo "signal ${_s##*:}"
			return 0
			;;
		1:*)
			_s=${_s#1:}
			echo "${_s%%:*}"
			return 0
			;;
		esac
		sleep 0.1
		_n=$((_n - 1))
	done
	tmux_show "timed out waiting for the program to end" >&2
	echo timeout
	return 1
}
