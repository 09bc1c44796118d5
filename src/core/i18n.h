/*
 * i18n.h -- gettext shorthands.  Every user-visible string goes through
 * _() or N_(); markings and format keywords never do.
 */
#ifndef RELTO_I18N_H
#define RELTO_I18N_H

#include <libintl.h>

#define _(s)  gettext(s)
#define N_(s) (s)

#endif
