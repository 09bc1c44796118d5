/*
 * harden.h -- process hardening done first thing in main().
 */
#ifndef RELTO_HARDEN_H
#define RELTO_HARDEN_H

#include "error.h"

int harden_process(struct relto_err *e);

#endif
