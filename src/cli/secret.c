/*
 * secret.c -- reading passphrases and recovery keys: the first line of a
 * file descriptor (--passphrase-fd N and friends), or the terminal with
 * echo off.  Secrets live in libgcrypt's secure memory and are wiped.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "crypto.h"
#include "i18n.h"

#define SECRET_MAX 1024

void
cli_secret_free(struct cli_secret *s)
{
	crypto_secure_free(s->buf, SECRET_MAX);
	s->buf = NULL;
	s->len = 0;
}

/* One line, byte by byte so a second secret on the same fd survives. */
static int
secret_read_line(int fd, struct cli_secret *s)
{
	ssize_t r;
	char c;

	s->len = 0;
	for (;;) {
		r = read(fd, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0 || c == '\n')
			break;
		if (s->len + 1 >= SECRET_MAX)
			return -2;
		s->buf[s->len++] = c;
	}
	if (r == 0 && s->len == 0)
		return -3;
	if (s->len > 0 && s->buf[s->len - 1] == '\r')
		s->len--;
	s->buf[s->len] = '\0';
	return 0;
}

static int
secret_from_tty(const char *prompt, struct cli_secret *s)
{
	struct termios old, quiet;
	int fd, rc, saved;

	fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return -4;
	if (tcgetattr(fd, &old) != 0) {
		close(fd);
		return -4;
	}
	quiet = old;
	quiet.c_lflag &= (tcflag_t) ~(ECHO | ECHOE | ECHOK | ECHONL);
	quiet.c_lflag |= ICANON;
	if (write(fd, prompt, strlen(prompt)) < 0 ||
	    tcsetattr(fd, TCSAFLUSH, &quiet) != 0) {
		close(fd);
		return -4;
	}
	rc = secret_read_line(fd, s);
	saved = errno;
	tcsetattr(fd, TCSAFLUSH, &old);
	if (write(fd, "\n", 1) < 0)
		rc = rc != 0 ? rc : -1;
	close(fd);
	errno = saved;
	return rc;
}

static int
secret_error(int rc, int fd, const char *what)
{
	switch (rc) {
	case -2:
		cli_error(_("the %s is longer than %d bytes"), what,
			  SECRET_MAX - 1);
		break;
	case -3:
		cli_error(_("no %s on file descriptor %d"), what, fd);
		break;
	case -4:
		cli_error(_("there is no terminal to ask for the %s; give it "
			    "with a --*-fd option (see relto(1))"),
			  what);
		break;
	default:
		cli_error(_("cannot read the %s: %s"), what, strerror(errno));
	}
	return 2;
}

/*
 * Read a secret into s.  fd >= 0: its first line.  Otherwise prompt on
 * the terminal; with confirm, ask twice and insist the two agree.
 * Returns 0, or an exit status after printing why.
 */
int
cli_secret_read(int fd, const char *what, const char *prompt,
		const char *confirm, struct cli_secret *s)
{
	struct cli_secret again = {NULL, 0};
	int rc, same;

	s->buf = crypto_secure_alloc(SECRET_MAX);
	if (s->buf == NULL) {
		cli_error(_("out of secure memory"));
		return 1;
	}
	if (fd >= 0)
		rc = secret_read_line(fd, s);
	else
		rc = secret_from_tty(prompt, s);
	if (rc != 0) {
		cli_secret_free(s);
		return secret_error(rc, fd, what);
	}
	if (fd >= 0 || confirm == NULL)
		return 0;
	again.buf = crypto_secure_alloc(SECRET_MAX);
	if (again.buf == NULL || secret_from_tty(confirm, &again) != 0) {
		cli_secret_free(&again);
		cli_secret_free(s);
		return secret_error(-4, fd, what);
	}
	same = again.len == s->len && crypto_equal(again.buf, s->buf, s->len);
	cli_secret_free(&again);
	if (!same) {
		cli_secret_free(s);
		cli_error(_("the two entries differ; nothing was changed"));
		return 2;
	}
	return 0;
}
