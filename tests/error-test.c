/*
 * error-test.c -- err_set() fills and truncates safely; exit statuses map
 * as relto(1) documents.
 */
#include "config.h"

#include <string.h>

#include "error.h"
#include "tap.h"

int
main(void)
{
	struct relto_err e;
	char big[2048];

	plan(9);
	err_clear(&e);
	is_int(e.code, RELTO_OK, "a cleared error is OK");
	is_int(err_set(&e, RELTO_EAUTH, "wrong %s", "passphrase"), RELTO_EAUTH,
	       "err_set returns its code");
	is(e.msg, "wrong passphrase", "err_set formats the message");
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	err_set(&e, RELTO_EFAIL, "%s", big);
	is_int((long long)strlen(e.msg), (long long)sizeof e.msg - 1,
	       "a long message is truncated, NUL-terminated");
	is_int(err_set(NULL, RELTO_EIO, "x"), RELTO_EIO,
	       "NULL error is allowed");
	is_int(err_exit_status(RELTO_OK), 0, "OK exits 0");
	is_int(err_exit_status(RELTO_EUSAGE), 2, "usage error exits 2");
	is_int(err_exit_status(RELTO_EAUTH), 2, "wrong passphrase exits 2");
	is_int(err_exit_status(RELTO_ECORRUPT), 1, "corruption exits 1");
	return exit_status();
}
