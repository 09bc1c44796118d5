/*
 * harden.c -- make the process a poor place to look for secrets.
 *
 * Runs before anything is read or decrypted.  After harden_process():
 *  - no core dump can be written (RLIMIT_CORE 0) and the process is not
 *    dumpable, so other users' debuggers cannot attach and /proc/PID/mem
 *    is closed to them;
 *  - files the process creates are private to its user (umask 077);
 *  - file descriptors 0, 1 and 2 are open, so a store opened later can
 *    never land on fd 2 and receive a stray diagnostic.
 */
#include "config.h"

#include "harden.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"

static int
harden_stdio(struct relto_err *e)
{
	int fd;

	for (;;) {
		fd = open("/dev/null", O_RDWR);
		if (fd < 0)
			return err_set(e, RELTO_EIO,
				       _("cannot open /dev/null: %s"),
				       strerror(errno));
		if (fd > 2) {
			close(fd);
			return RELTO_OK;
		}
	}
}

int
harden_process(struct relto_err *e)
{
	struct rlimit rl = {0, 0};

	umask(077);
	if (harden_stdio(e) != RELTO_OK)
		return e->code;
	if (setrlimit(RLIMIT_CORE, &rl) != 0)
		return err_set(e, RELTO_EIO, _("cannot disable core dumps: %s"),
			       strerror(errno));
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
		return err_set(e, RELTO_EIO,
			       _("cannot make the process undumpable: %s"),
			       strerror(errno));
	return RELTO_OK;
}
