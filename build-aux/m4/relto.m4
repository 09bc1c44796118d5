# relto.m4 -- local autoconf macros for relto.

# RELTO_CHECK_CFLAG(FLAG, [ACTION-IF-OK], [ACTION-IF-NOT])
# -------------------------------------------------------
# Compile and link a trivial program with FLAG added (and -Werror, so a
# flag the compiler only warns about counts as unsupported).
AC_DEFUN([RELTO_CHECK_CFLAG], [
  AS_VAR_PUSHDEF([relto_var], [relto_cv_cflag_$1])
  AC_CACHE_CHECK([whether $CC accepts $1], [relto_var], [
    relto_save_CFLAGS=$CFLAGS
    CFLAGS="$CFLAGS -Werror $1"
    AC_LINK_IFELSE([AC_LANG_PROGRAM([], [])],
      [AS_VAR_SET([relto_var], [yes])], [AS_VAR_SET([relto_var], [no])])
    CFLAGS=$relto_save_CFLAGS])
  AS_VAR_IF([relto_var], [yes], [$2], [$3])
  AS_VAR_POPDEF([relto_var])
])
