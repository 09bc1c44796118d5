#!/bin/sh
# i18n.sh -- the French catalogue is complete and relto speaks it, on
# the command line and in the workstation.
#
#   i18n.sh            test the build tree's program (make check)
#   i18n.sh BINARY     test an installed program (make installcheck)
. "$srcdir/tests/tap.sh"
installed=${1:-}
bin=${installed:-${RELTO:?}}
t=$PWD/tests/tmp/i18n
rm -rf "$t" && mkdir -p "$t"
command -v msgfmt >/dev/null 2>&1 || skip_all "msgfmt not found (install the Debian package gettext)"

# A French UTF-8 locale: the system's, or one generated under the build tree.
if ! locale -a 2>/dev/null | grep -qix 'fr_FR\.utf-\{0,1\}8'; then
	command -v localedef >/dev/null 2>&1 ||
		skip_all "no fr_FR.UTF-8 locale and no localedef (install the Debian package locales)"
	localedef -i fr_FR -f UTF-8 "$t/loc/fr_FR.UTF-8" >/dev/null 2>&1 ||
	{ mkdir -p "$t/loc" && localedef -i fr_FR -f UTF-8 "$t/loc/fr_FR.UTF-8" >/dev/null 2>&1; } ||
		skip_all "cannot generate fr_FR.UTF-8 with localedef (install the Debian package locales)"
	LOCPATH=$t/loc; export LOCPATH
fi

if [ -z "$installed" ]; then
	plan 8
	# Every translatable string in the sources has a French translation.
	( cd "$srcdir" && xgettext --keyword=_ --keyword=N_ --from-code=UTF-8 \
		--files-from=po/POTFILES.in -o "$t/relto.pot" ) 2>"$t/xgettext.err"
	check "xgettext extracts the strings" test -s "$t/relto.pot"
	if msgcmp "$srcdir/po/fr.po" "$t/relto.pot" >"$t/msgcmp" 2>&1; then
		pass "po/fr.po translates every string in the sources"
	else
		fail "po/fr.po translates every string in the sources"
		sed 's/^/# /' "$t/msgcmp" | head -n 40
	fi
	if msgfmt -c --statistics -o "$t/fr.mo" "$srcdir/po/fr.po" 2>"$t/stat" &&
	   ! grep -q 'untranslated\|fuzzy' "$t/stat"; then
		pass "po/fr.po compiles with no fuzzy or untranslated entry"
	else
		fail "po/fr.po compiles with no fuzzy or untranslated entry"
		sed 's/^/# /' "$t/stat"
	fi
	mkdir -p "$RELTO_LOCALEDIR/fr/LC_MESSAGES"
	cp "$t/fr.mo" "$RELTO_LOCALEDIR/fr/LC_MESSAGES/relto.mo"
else
	plan 5
	unset RELTO_LOCALEDIR
fi

LANGUAGE= LC_ALL=fr_FR.UTF-8 "$bin" --help >"$t/help.fr" 2>&1
check "relto --help is French under fr_FR.UTF-8" grep -q '^Utilisation : relto ' "$t/help.fr"
LANGUAGE= LC_ALL=C "$bin" --help >"$t/help.c" 2>&1
check "relto --help stays English under C" grep -q '^Usage: relto ' "$t/help.c"
LANGUAGE= LC_ALL=fr_FR.UTF-8 "$bin" nosuch 2>"$t/err.fr"
check "errors are French too" grep -q "n'est pas une commande" "$t/err.fr"

# The workstation in French, in a real terminal (the build tree's only).
if [ -z "$installed" ] && [ -n "${TMUX_BIN:-}" ]; then
	. "$srcdir/tests/tmux-lib.sh"
	printf 'correct horse battery\n' >"$t/pass"
	"$bin" --db "$t/s.relto" --passphrase-fd 3 init --station ALPHA \
		--country usa --argon2 1,64,1 3<"$t/pass" >/dev/null
	tmux_start 100 24 env LC_ALL=fr_FR.UTF-8 ${LOCPATH:+LOCPATH=$LOCPATH} \
	    "RELTO_LOCALEDIR=$RELTO_LOCALEDIR" "$bin" --db "$t/s.relto"
	check "the workstation asks for the passphrase in French" \
		tmux_wait_for 'Déverrouiller le coffre'
	tmux_send -l 'correct horse battery'
	tmux_send Enter
	check "... and its tabs are French" tmux_wait_for 'Accords  Partenaires'
	tmux_send q
else
	skip "the workstation in French needs tmux and the build tree"
	skip "(tmux)"
fi
finish
