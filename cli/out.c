// SPDX-License-Identifier: GPL-3.0-or-later
/* One result object, rendered as JSON or as text; errors as one object. */
#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/printbuf.h>

#include "cli.h"

json_object *vmm_jhex(uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%" PRIx64, v);
	return json_object_new_string(buf);
}

json_object *vmm_jhexw(uint64_t v, int width)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%0*" PRIx64, width, v);
	return json_object_new_string(buf);
}

json_object *vmm_ju64(uint64_t v)
{
	return json_object_new_uint64(v);
}

json_object *vmm_jstr(const char *s)
{
	return json_object_new_string(s ? s : "");
}

const char *vmm_jget_str(json_object *o, const char *key, const char *dflt)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !v)
		return dflt;
	return json_object_get_string(v);
}

bool vmm_jget_u64(json_object *o, const char *key, uint64_t *v)
{
	json_object *j;

	if (!json_object_object_get_ex(o, key, &j))
		return false;
	if (json_object_is_type(j, json_type_boolean)) {
		*v = json_object_get_boolean(j);
		return true;
	}
	if (!json_object_is_type(j, json_type_int) || json_object_get_int64(j) < 0)
		return false;
	*v = json_object_get_uint64(j);
	return true;
}

json_object *vmm_jbool(bool b)
{
	return json_object_new_boolean(b);
}

/* ---- streamed results -------------------------------------------------------- */

struct jstream {
	uint32_t magic;
	vmm_jstream_fn fn;
	void *priv;
	void (*free_fn)(void *priv);
};
#define JSTREAM_MAGIC	0x6a737472u

static void jstream_free(json_object *j, void *userdata)
{
	struct jstream *js = userdata;

	(void)j;
	if (js->free_fn)
		js->free_fn(js->priv);
	free(js);
}

/* The writer leaves the object open: the wrapper's own keys, then the brace. */
static void jstream_close(json_object *j, FILE *f, bool pretty)
{
	/* a value on one line: the writer's pretty form puts one range per line too */
	int flags = JSON_C_TO_STRING_NOSLASHESCAPE | (pretty ? JSON_C_TO_STRING_SPACED : 0);

	json_object_object_foreach(j, key, val) {
		json_object *k = json_object_new_string(key);

		fprintf(f, pretty ? ",\n  %s: %s" : ",%s:%s",
			json_object_to_json_string_ext(k, flags),
			json_object_to_json_string_ext(val, flags));
		json_object_put(k);
	}
	fputs(pretty ? "\n}" : "}", f);
}

/* Embedded in a larger document (batch): written through a memory stream. */
static int jstream_serialize(json_object *j, struct printbuf *pb, int level, int flags)
{
	struct jstream *js = json_object_get_userdata(j);
	char *buf = NULL;
	size_t len = 0;
	FILE *mf = open_memstream(&buf, &len);

	(void)level;
	if (!mf)
		return -1;
	js->fn(js->priv, mf, flags & JSON_C_TO_STRING_PRETTY);
	jstream_close(j, mf, flags & JSON_C_TO_STRING_PRETTY);
	fclose(mf);
	printbuf_memappend(pb, buf, (int)len);
	free(buf);
	return 0;
}

static struct jstream *jstream_of(json_object *j)
{
	struct jstream *js = j ? json_object_get_userdata(j) : NULL;

	return js && js->magic == JSTREAM_MAGIC ? js : NULL;
}

json_object *vmm_jstream(vmm_jstream_fn fn, void *priv, void (*free_fn)(void *priv))
{
	json_object *j = json_object_new_object();
	struct jstream *js = calloc(1, sizeof(*js));

	if (!js) {
		if (free_fn)
			free_fn(priv);
		return j;
	}
	*js = (struct jstream){ JSTREAM_MAGIC, fn, priv, free_fn };
	json_object_set_serializer(j, jstream_serialize, js, jstream_free);
	return j;
}

void *vmm_jstream_priv(json_object *j)
{
	struct jstream *js = jstream_of(j);

	return js ? js->priv : NULL;
}

void vmm_out_json(const struct vmm_opts *o, json_object *j, FILE *f)
{
	int flags = JSON_C_TO_STRING_NOSLASHESCAPE;
	struct jstream *js = jstream_of(j);

	if (js) {
		js->fn(js->priv, f, o->pretty);
		jstream_close(j, f, o->pretty);
		fputc('\n', f);
		return;
	}

	flags |= o->pretty ? JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED : JSON_C_TO_STRING_PLAIN;
	fputs(json_object_to_json_string_ext(j, flags), f);
	fputc('\n', f);
}

json_object *vmm_err_json(const struct vmm_error *e)
{
	json_object *o = json_object_new_object(), *w = json_object_new_object();

	json_object_object_add(o, "code", vmm_jstr(vmm_code_name(e->code)));
	json_object_object_add(o, "exit_code", json_object_new_int(vmm_exit_code(e)));
	if (e->err) {
		const char *name = strerrorname_np(e->err);

		json_object_object_add(o, "errno", json_object_new_int(e->err));
		if (name)
			json_object_object_add(o, "errno_name", vmm_jstr(name));
	}
	json_object_object_add(o, "message", vmm_jstr(e->message));
	if (*e->object)
		json_object_object_add(o, "object", vmm_jstr(e->object));
	if (*e->command)
		json_object_object_add(o, "command", vmm_jstr(e->command));
	if (*e->path)
		json_object_object_add(o, "path", vmm_jstr(e->path));
	if (*e->ioctl)
		json_object_object_add(o, "ioctl", vmm_jstr(e->ioctl));
	if (*e->hint)
		json_object_object_add(o, "hint", vmm_jstr(e->hint));
	json_object_object_add(w, "error", o);
	return w;
}

void vmm_out_error_text(const struct vmm_error *e, const char *where, FILE *f)
{
	fputs("vmmctl: error: ", f);
	if (where)
		fprintf(f, "%s: ", where);
	if (*e->object)
		fprintf(f, "%s%s%s: ", e->object, *e->command ? " " : "", e->command);
	fputs(e->message, f);
	if (e->err) {
		const char *name = strerrorname_np(e->err);

		fprintf(f, ": %s", strerror(e->err));
		if (name)
			fprintf(f, " (%s)", name);
	}
	fputc('\n', f);
	if (*e->hint)
		fprintf(f, "hint: %s\n", e->hint);
}

/* ---- text rendering ------------------------------------------------------ */

static bool scalar(json_object *v)
{
	return !v || (!json_object_is_type(v, json_type_object) &&
		      !json_object_is_type(v, json_type_array));
}

static bool scalar_list(json_object *v)
{
	if (!json_object_is_type(v, json_type_array))
		return false;
	for (size_t i = 0; i < json_object_array_length(v); i++)
		if (!scalar(json_object_array_get_idx(v, i)))
			return false;
	return true;
}

void vmm_text_bytes(uint64_t b, char *buf, size_t len)
{
	static const char units[] = "BKMGTP";
	double v = (double)b;
	int u = 0;

	while (v >= 1024 && u < 5) {
		v /= 1024;
		u++;
	}
	if (!u)
		snprintf(buf, len, "%" PRIu64 "B", b);
	else
		snprintf(buf, len, "%.1f%c", v, units[u]);
}

void vmm_text_safe(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
}

/* Writes the text form of a scalar or a list of scalars into buf. */
static void cell(json_object *v, char *buf, size_t len)
{
	size_t off = 0;

	if (!v) {
		snprintf(buf, len, "-");
	} else if (json_object_is_type(v, json_type_boolean)) {
		snprintf(buf, len, "%s", json_object_get_boolean(v) ? "yes" : "no");
	} else if (json_object_is_type(v, json_type_array)) {
		buf[0] = '\0';
		for (size_t i = 0; i < json_object_array_length(v) && off < len; i++) {
			int n = snprintf(buf + off, len - off, "%s%s", i ? "," : "",
					 json_object_get_string(json_object_array_get_idx(v, i)));
			off += n > 0 ? (size_t)n : 0;
		}
		if (!json_object_array_length(v))
			snprintf(buf, len, "-");
	} else {
		snprintf(buf, len, "%s", json_object_get_string(v));
	}
	vmm_text_safe(buf);
}

static void indent(FILE *f, int n)
{
	fprintf(f, "%*s", n, "");
}

static void render(json_object *j, FILE *f, int ind);

#define MAX_COLS 32

static void render_table(json_object *arr, FILE *f, int ind)
{
	size_t rows = json_object_array_length(arr);
	const char *cols[MAX_COLS];
	int ncols = 0, w[MAX_COLS];
	char buf[512];

	for (size_t r = 0; r < rows; r++) {
		json_object_object_foreach(json_object_array_get_idx(arr, r), k, v) {
			int c;

			if (!scalar(v) && !scalar_list(v))
				continue;
			for (c = 0; c < ncols && strcmp(cols[c], k); c++)
				;
			if (c == ncols && ncols < MAX_COLS)
				cols[ncols++] = k;
		}
	}
	/* the explanation column reads best last, whatever the key order */
	for (int c = 0; c + 1 < ncols; c++) {
		if (!strcmp(cols[c], "reason")) {
			memmove(&cols[c], &cols[c + 1], (size_t)(ncols - c - 1) * sizeof(cols[0]));
			cols[ncols - 1] = "reason";
			break;
		}
	}
	for (int c = 0; c < ncols; c++)
		w[c] = (int)strlen(cols[c]);
	for (size_t r = 0; r < rows; r++) {
		json_object *row = json_object_array_get_idx(arr, r), *v;

		for (int c = 0; c < ncols; c++) {
			v = NULL;
			json_object_object_get_ex(row, cols[c], &v);
			cell(v, buf, sizeof(buf));
			if ((int)strlen(buf) > w[c])
				w[c] = (int)strlen(buf);
		}
	}
	indent(f, ind);
	for (int c = 0; c < ncols; c++) {
		for (const char *p = cols[c]; *p; p++)
			fputc(toupper((unsigned char)*p), f);
		if (c + 1 < ncols)
			fprintf(f, "%*s", w[c] - (int)strlen(cols[c]) + 2, "");
	}
	fputc('\n', f);
	for (size_t r = 0; r < rows; r++) {
		json_object *row = json_object_array_get_idx(arr, r), *v;

		indent(f, ind);
		for (int c = 0; c < ncols; c++) {
			v = NULL;
			json_object_object_get_ex(row, cols[c], &v);
			cell(v, buf, sizeof(buf));
			if (c + 1 < ncols)
				fprintf(f, "%-*s  ", w[c], buf);
			else
				fputs(buf, f);
		}
		fputc('\n', f);
	}
}

static void render_object(json_object *j, FILE *f, int ind)
{
	char buf[4096];
	int w = 0;

	json_object_object_foreach(j, k0, v0) {
		if ((scalar(v0) || scalar_list(v0)) && (int)strlen(k0) > w)
			w = (int)strlen(k0);
	}
	json_object_object_foreach(j, k, v) {
		indent(f, ind);
		if (scalar(v) || scalar_list(v)) {
			cell(v, buf, sizeof(buf));
			fprintf(f, "%s:%*s %s\n", k, w - (int)strlen(k), "", buf);
		} else {
			fprintf(f, "%s:\n", k);
			render(v, f, ind + 2);
		}
	}
}

static void render(json_object *j, FILE *f, int ind)
{
	char buf[4096];

	if (json_object_is_type(j, json_type_object)) {
		render_object(j, f, ind);
	} else if (json_object_is_type(j, json_type_array)) {
		size_t n = json_object_array_length(j);
		bool objs = n > 0;

		for (size_t i = 0; i < n; i++)
			objs = objs && json_object_is_type(json_object_array_get_idx(j, i),
							   json_type_object);
		if (objs) {
			render_table(j, f, ind);
			return;
		}
		for (size_t i = 0; i < n; i++) {
			json_object *v = json_object_array_get_idx(j, i);

			if (scalar(v)) {
				cell(v, buf, sizeof(buf));
				indent(f, ind);
				fprintf(f, "%s\n", buf);
			} else {
				render(v, f, ind);
			}
		}
	} else if (j) {
		cell(j, buf, sizeof(buf));
		indent(f, ind);
		fprintf(f, "%s\n", buf);
	}
}

/* --dry-run: one line per operation, its fields as key=value in their order. */
void vmm_render_dry_run(json_object *res, FILE *f)
{
	json_object *ops = json_object_object_get(res, "operations");
	char buf[256];

	if (!json_object_array_length(ops)) {
		fprintf(f, "dry run: nothing to do\n");
		return;
	}
	fprintf(f, "dry run, nothing changed; would do:\n");
	for (size_t i = 0; i < json_object_array_length(ops); i++) {
		const char *sep = "  ";

		json_object_object_foreach(json_object_array_get_idx(ops, i), key, val) {
			cell(val, buf, sizeof(buf));
			fprintf(f, strchr(buf, ' ') ? "%s%s=\"%s\"" : "%s%s=%s", sep, key, buf);
			sep = " ";
		}
		fputc('\n', f);
	}
}

void vmm_render_text(json_object *j, FILE *f)
{
	render(j, f, 0);
}

/*
 * Text leaves "provenance" out of the table: a live answer says nothing, a
 * snapshot's says once, first, where it came from.
 */
static void text_provenance(json_object *res, FILE *f)
{
	json_object *src = NULL, *el;
	bool arr = json_object_is_type(res, json_type_array);
	size_t n = arr ? json_object_array_length(res) : 1;

	for (size_t i = 0; i < n; i++) {
		el = arr ? json_object_array_get_idx(res, i) : res;
		if (!json_object_is_type(el, json_type_object) ||
		    !json_object_object_get_ex(el, "provenance", NULL))
			continue;
		if (!src) {
			json_object_object_get_ex(el, "provenance", &src);
			json_object_get(src);
		}
		json_object_object_del(el, "provenance");
	}
	if (src && !strcmp(vmm_jget_str(src, "kind", ""), "snapshot"))
		fprintf(f, "# snapshot %s of %s (%s, Linux %s), taken %s\n",
			vmm_jget_str(src, "path", ""),
			*vmm_jget_str(src, "host", "") ? vmm_jget_str(src, "host", "") : "a host",
			vmm_jget_str(src, "arch", ""), vmm_jget_str(src, "release", ""),
			vmm_jget_str(src, "time", ""));
	json_object_put(src);
}

void vmm_out_result(const struct vmm_opts *o, const struct vmm_outcome *oc, FILE *f)
{
	if (!oc->result)
		return;
	if (!o->json && !(o->openmetrics && oc->metrics))
		text_provenance(oc->result, f);
	if (o->openmetrics && oc->metrics)
		vmm_render_metrics(oc->result, oc->metrics, f);
	else if (o->json)
		vmm_out_json(o, oc->result, f);
	else if (oc->text)
		oc->text(oc->result, f);
	else
		vmm_render_text(oc->result, f);
}

void vmm_print_outcome(const struct vmm_outcome *oc, const char *where)
{
	json_object *e;

	if (!oc->err.set) {
		vmm_out_result(&oc->opts, oc, stdout);
		return;
	}
	if (oc->opts.json) {
		e = vmm_err_json(&oc->err);
		if (oc->result)
			json_object_object_add(e, "result", json_object_get(oc->result));
		vmm_out_json(&oc->opts, e, stdout);
		json_object_put(e);
		if (oc->opts.quiet)
			return;
	} else {
		/* text: what a failed command did do (JSON has it in the error document) */
		vmm_out_result(&oc->opts, oc, stdout);
	}
	fflush(stdout);
	vmm_out_error_text(&oc->err, where, stderr);
}
