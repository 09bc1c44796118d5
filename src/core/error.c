/*
 * error.c -- filling struct relto_err, and the one mapping from status
 * codes to exit statuses so every command agrees on it: 0 success, 2 a
 * usage error or a failed authentication, 1 anything else.
 */
#include "config.h"

#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int
err_set(struct relto_err *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return code;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return code;
}

void
err_clear(struct relto_err *e)
{
	e->code = RELTO_OK;
	e->msg[0] = '\0';
}

int
err_exit_status(int code)
{
	switch (code) {
	case RELTO_OK:
		return 0;
	case RELTO_EUSAGE:
	case RELTO_EAUTH:
		return 2;
	default:
		return 1;
	}
}
