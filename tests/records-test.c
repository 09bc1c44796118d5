/*
 * records-test.c -- the records syntax: fields, continuation lines,
 * descriptors, comments, and every syntax error reported with its line
 * and column, all at once.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "records.h"
#include "tap.h"

static const char good[] = "# relto records 1\n"
			   "\n"
			   "%rec: Partner\n"
			   "%key: Code\n"
			   "\n"
			   "Code: XAA\n"
			   "Name: Atlantis\n"
			   "\n"
			   "Code: XAB\n"
			   "Name: Lemuria\n"
			   "Member: XAA 2020-01-01\n"
			   "Member: GBR\n"
			   "\n"
			   "%rec: Report\n"
			   "\n"
			   "Id: R-1\n"
			   "Text: (S) First line\n"
			   "+ second line\n"
			   "+\n"
			   "+ (U) Next paragraph\n"
			   "Empty:\n";

static void
test_good(void)
{
	struct records_file rf;
	struct records_diags d;
	const struct records_field *f;

	records_diags_init(&d, "good.rec");
	ok(records_parse(good, strlen(good), &rf, &d) == RELTO_OK,
	   "a well-formed file parses");
	is_int((long long)d.n, 0, "with no diagnostics");
	is_int((long long)rf.n, 3, "three data records");
	is_int((long long)rf.nt, 2, "two record types");
	is(rf.t[0].name, "Partner", "first type is Partner");
	is(rf.t[0].key, "Code", "its key is Code");
	is(rf.r[0].type, "Partner", "records carry their type");
	is(records_get(&rf.r[1], "Name"), "Lemuria", "a plain value");
	is_int((long long)records_count(&rf.r[1], "Member"), 2,
	       "a repeated field is kept twice");
	is(records_get(&rf.r[2], "Text"),
	   "(S) First line\nsecond line\n\n(U) Next paragraph",
	   "continuation lines join with newlines, one blank dropped");
	is(records_get(&rf.r[2], "Empty"), "", "an empty value");
	f = records_field(&rf.r[2], "Text");
	ok(f != NULL && f->line == 17, "fields know their line (%d)",
	   f != NULL ? f->line : -1);
	ok(rf.r[1].line == 9, "records know their first line");
	records_free(&rf);
	records_diags_free(&d);
}

static void
test_errors(void)
{
	static const char bad[] = "Code: XAA\n" /* 1: no %rec yet */
				  "\n"
				  "%rec: Partner\n" /* 3 */
				  "\n"
				  "Code XAB\n"     /* 5: no colon */
				  "9bad: value\n"  /* 6: bad name */
				  " indented: x\n" /* 7: leading blank */
				  "Name:value\n"   /* 8: no blank */
				  "\n"
				  "+ orphan\n"        /* 10: orphan + */
				  "Ok: \x1b[2Jboom\n" /* 11: control char */
				  "Ok2: \xff\n";      /* 12: bad UTF-8 */
	struct records_file rf;
	struct records_diags d;
	char line[600];
	size_t i;
	int lines[16] = {0};

	records_diags_init(&d, "bad.rec");
	ok(records_parse(bad, strlen(bad), &rf, &d) == RELTO_EINPUT,
	   "a bad file is refused");
	for (i = 0; i < d.n && i < 16; i++) {
		lines[i] = d.v[i].line;
		records_diag_format(&d, i, line, sizeof line);
		diag("%s", line);
	}
	is_int((long long)d.errors, 8,
	       "every error is reported, not just "
	       "the first");
	ok(lines[0] == 1, "a record before %%rec is named at line 1");
	ok(d.n > 1 && d.v[1].line == 5, "a missing colon at line 5");
	records_diag_format(&d, 1, line, sizeof line);
	ok(strncmp(line, "bad.rec:5:", 10) == 0,
	   "diagnostics read FILE:LINE:COL: %s", line);
	ok(d.n > 6 && d.v[6].line == 11 && d.v[6].col == 5,
	   "a control character is placed at its column");
	records_free(&rf);
	records_diags_free(&d);
}

static void
test_write(void)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	struct records_file rf;
	struct records_diags d;

	records_write_field(&buf, &len, &cap, "%rec", "Report");
	records_write_field(&buf, &len, &cap, "Text",
			    "one\n\n  indented\n+plus");
	records_write_field(&buf, &len, &cap, "Empty", "");
	is(buf, "%rec: Report\nText: one\n+\n+   indented\n+ +plus\nEmpty:\n",
	   "values are written with + continuation lines");
	buf = realloc(buf, len + 32);
	strcat(buf, "\nText: x\n");
	records_diags_init(&d, "w.rec");
	ok(records_parse(buf, strlen(buf), &rf, &d) == RELTO_OK && rf.n == 1,
	   "what is written reads back");
	is(records_get(&rf.r[0], "Text"), "x", "the value");
	records_free(&rf);
	records_diags_free(&d);
	free(buf);
}

int
main(void)
{
	test_good();
	test_errors();
	test_write();
	return exit_status();
}
