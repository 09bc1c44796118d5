/*
 * harden-test.c -- after harden_process(): no core dumps, not dumpable,
 * umask 077, and fds 0-2 open even when the caller closed one.
 */
#include "config.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harden.h"
#include "tap.h"

int
main(void)
{
	struct relto_err e;
	struct rlimit rl;
	mode_t old;
	int saved_stdin;

	plan(6);
	umask(022);
	saved_stdin = dup(0);
	close(0);
	err_clear(&e);
	ok(harden_process(&e) == RELTO_OK, "harden_process succeeds");
	ok(fcntl(0, F_GETFD) != -1, "a closed fd 0 is reopened");
	ok(getrlimit(RLIMIT_CORE, &rl) == 0 && rl.rlim_cur == 0 &&
	       rl.rlim_max == 0,
	   "core dumps are off for good (soft and hard limit 0)");
	ok(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0,
	   "the process is not dumpable");
	old = umask(0);
	is_int(old, 077, "umask is 077");
	umask(old);
	ok(harden_process(&e) == RELTO_OK, "harden_process is idempotent");
	dup2(saved_stdin, 0);
	close(saved_stdin);
	return exit_status();
}
