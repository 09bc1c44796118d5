/*
 * error.h -- how core reports failure.
 *
 * Core never prints.  A function that can fail takes a struct relto_err *,
 * fills it with a status code and one translated sentence, and returns the
 * code.  Front ends print the sentence and map the code to an exit status
 * with err_exit_status().
 */
#ifndef RELTO_ERROR_H
#define RELTO_ERROR_H

enum relto_status {
	RELTO_OK = 0,
	RELTO_EFAIL,     /* generic failure, or a negative answer */
	RELTO_EUSAGE,    /* bad command line or argument */
	RELTO_EAUTH,     /* wrong passphrase or recovery key */
	RELTO_ENOMEM,    /* out of memory (or secure memory) */
	RELTO_EIO,       /* the operating system refused */
	RELTO_ECORRUPT,  /* authentication or integrity check failed */
	RELTO_ENOTSTORE, /* the file is not a relto store */
	RELTO_EBUSY,     /* another process holds the store */
	RELTO_EEXIST,    /* refusing to overwrite */
	RELTO_ECRYPTO,   /* the crypto library failed or is unsuitable */
	RELTO_EINPUT,    /* malformed input file or value */
};

struct relto_err {
	int code;
	char msg[512];
};

int err_set(struct relto_err *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void err_clear(struct relto_err *e);
int err_exit_status(int code);

#endif
