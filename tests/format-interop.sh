#!/bin/sh
# format-interop.sh -- what libcore writes, stock tools read, and the
# reverse: minisign verifies our .minisig files, signify-openbsd our .sig
# files, our verifier stock minisign's and signify's signatures; GNU tar
# lists and extracts our archives (byte for byte what it would write
# itself), our reader reads GNU tar's ustar archives and refuses its
# links, "../" names, GNU long names, pax headers and directories.
# Each missing tool skips its part and says why.
. "$srcdir/tests/tap.sh"
tool=${MINISIGN_TOOL:-${top_builddir:-.}/tests/minisign-tool}
[ -x "$tool" ] || skip_all "$tool not built (make check builds it)"
case $tool in /*) ;; *) tool=$PWD/$tool ;; esac
t=$PWD/tests/tmp/format-interop
rm -rf "$t" && mkdir -p "$t" || exit 1
cd "$t" || exit 1
export LC_ALL=C

plan 39

skip_n() { n=$1; shift; while [ "$n" -gt 0 ]; do skip "$*"; n=$((n - 1)); done; }
have() { command -v "$1" >/dev/null 2>&1; }
quiet() { "$@" >/dev/null 2>&1; }
fails() { ! "$@" >/dev/null 2>&1; }
in_src() { (cd src && "$@"); }

: >empty
printf 'hello, relto\n' >small
head -c 1048576 /dev/urandom >big
files="empty small big"

# ---- ours, by ourselves (10) ---------------------------------------------
check "keygen" quiet "$tool" keygen k.pub k.sec
for f in $files; do
	check "sign $f (.minisig and .sig)" quiet "$tool" sign k.sec "$f"
done
for f in $files; do
	check "our verifier reads our $f.minisig" quiet "$tool" verify k.pub "$f"
done
for f in $files; do
	check "our verifier reads our $f.sig" quiet "$tool" verify-signify k.pub "$f"
done

# ---- stock minisign (11) -----------------------------------------------------
if have minisign; then
	for f in $files; do
		check "minisign -V verifies our $f.minisig" \
			quiet minisign -Vm "$f" -p k.pub
	done
	check "minisign -V -P takes our bare base64 key" \
		quiet minisign -Vm small -P "$(sed -n 2p k.pub)"
	is "$(minisign -VQm small -p k.pub)" "$("$tool" verify k.pub small)" \
		"minisign reads the trusted comment we signed"
	cp small changed && printf x >>changed && cp small.minisig changed.minisig
	check "minisign refuses our signature on a changed file" \
		fails minisign -Vm changed -p k.pub
	check "minisign -G -W makes a stock key" \
		quiet minisign -G -W -p st.pub -s st.key
	quiet minisign -S -s st.key -m small -x small.st
	check "our verifier reads stock minisign's signature" \
		quiet "$tool" verify st.pub small small.st
	quiet minisign -S -s st.key -m big -x big.st
	check "and its signature of 1 MiB" quiet "$tool" verify st.pub big big.st
	quiet minisign -S -l -s st.key -m big -x big.legacy
	check "and its legacy (-l) signature of 1 MiB" \
		quiet "$tool" verify st.pub big big.legacy
	check "our verifier refuses it under our key" \
		fails "$tool" verify k.pub small small.st
else
	skip_n 11 "minisign not found (install the Debian package minisign)"
fi

# ---- stock signify (6) -----------------------------------------------------
if have signify-openbsd; then
	for f in $files; do
		check "signify -V verifies our $f.sig" \
			quiet signify-openbsd -V -p k.pub -m "$f" -x "$f.sig"
	done
	cp small.sig changed.sig
	check "signify refuses our signature on a changed file" \
		fails signify-openbsd -V -p k.pub -m changed -x changed.sig
	check "signify refuses the prehashed .minisig (hence two files)" \
		fails signify-openbsd -V -p k.pub -m small -x small.minisig
	quiet signify-openbsd -G -n -p s.pub -s s.sec
	quiet signify-openbsd -S -s s.sec -m big -x big.ssig
	check "our verifier reads stock signify's signature of 1 MiB" \
		quiet "$tool" verify-signify s.pub big big.ssig
else
	skip_n 6 "signify-openbsd not found (install the Debian package signify-openbsd)"
fi

# ---- GNU tar (12) ------------------------------------------------------------
if have tar && tar --version 2>/dev/null | grep -q 'GNU tar' && have sha256sum; then
	mkdir -p src/sub/deeper "src/$(printf 'd%.0s' $(seq 40))"
	long=$(printf 'd%.0s' $(seq 40))/$(printf 'n%.0s' $(seq 90))
	printf 'hello\n' >src/a.txt
	: >src/empty
	head -c 100000 /dev/urandom >src/sub/big.bin
	head -c 513 /dev/urandom >src/sub/deeper/f513
	head -c 512 /dev/urandom >src/sub/f512
	printf x >"src/$long"
	names="a.txt empty sub/big.bin sub/deeper/f513 sub/f512 $long"
	(cd src && sha256sum $names) >SUMS
	check "tar-create writes our archive" \
		quiet in_src "$tool" tar-create ../ours.tar 0 $names
	is "$(tar -tf ours.tar | tr '\n' ' ')" "$(echo $names) " \
		"GNU tar lists every name, in order"
	is "$(tar -tvf ours.tar | awk '{print $1, $2}' | sort -u)" \
		"-rw-r--r-- 0/0" "as mode 0644 and owner 0/0"
	mkdir x
	check "GNU tar extracts it and sha256sum -c passes" \
		sh -c "tar -xf ours.tar -C x && cd x && sha256sum -c --quiet ../SUMS"
	(cd src && tar --format=ustar --owner=0 --group=0 --numeric-owner \
		--mtime=@0 --mode=0644 -b1 -cf ../gnu.tar $names)
	check "it is byte for byte what GNU tar --format=ustar writes" \
		cmp -s ours.tar gnu.tar
	(cd src && tar --format=ustar -cf ../gnu20.tar $names)
	is "$("$tool" tar-list gnu20.tar)" "$(cat SUMS)" \
		"our reader reads GNU tar's ustar archive (record padding and all)"
	ln -s a.txt src/link
	(cd src && tar --format=ustar -cf ../sym.tar a.txt link)
	check "our reader refuses a symlink" fails "$tool" tar-list sym.tar
	mkdir -p w/v && (cd w/v && tar --format=ustar -P -cf ../../dotdot.tar ../../small)
	check "our reader refuses a ../ name" fails "$tool" tar-list dotdot.tar
	long2=$(printf 'L%.0s' $(seq 120))
	: >"src/$long2"
	(cd src && tar --format=gnu -cf ../gnulong.tar "$long2")
	check "our reader refuses a GNU long name" fails "$tool" tar-list gnulong.tar
	(cd src && tar --format=pax -cf ../pax.tar a.txt)
	check "our reader refuses a pax header" fails "$tool" tar-list pax.tar
	(cd src && tar --format=ustar -cf ../dir.tar sub)
	check "our reader refuses directory entries" fails "$tool" tar-list dir.tar
	head -c 50000 gnu.tar >cut.tar
	check "our reader refuses a truncated archive" fails "$tool" tar-list cut.tar
else
	skip_n 12 "GNU tar or sha256sum not found (install the Debian packages tar and coreutils)"
fi

finish
