/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What a cmd/<object>.c file needs: the descriptor types of the one command
 * table, the call a handler receives, errors, dry-run, session objects and
 * JSON helpers. Each object exports one `const struct vmm_object`.
 */
#ifndef VMM_CLI_CMD_H
#define VMM_CLI_CMD_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "lib/dl.h"
#include "lib/iface.h"
#include "lib/sys.h"

enum vmm_type {
	VMM_T_FLAG,	/* option without a value */
	VMM_T_U64,	/* 0x.., decimal, K/M/G/T suffix */
	VMM_T_SIZE,	/* like u64, a byte count */
	VMM_T_ADDR,	/* like u64, an address; JSON shows "0x.." */
	VMM_T_BDF,	/* [DDDD:]BB:DD.F */
	VMM_T_VM,	/* PID-FD, PID, or a session name such as vm0 */
	VMM_T_RANGE,	/* START-END (exclusive end) or START+SIZE */
	VMM_T_ENUM,	/* one of .choices */
	VMM_T_KV,	/* key=value */
	VMM_T_PATH,
	VMM_T_STR,
	VMM_T_ONOFF,	/* on|off, 1|0, true|false */
	VMM_T__COUNT
};

struct vmm_bdf {
	uint32_t domain;
	uint8_t bus, dev, fn;
};

struct vmm_vmid {
	int32_t pid;
	int32_t fd;		/* -1 when only a PID was given */
	const char *session;	/* non-NULL for a session name (vm0) */
};

struct vmm_range {
	uint64_t start;
	uint64_t end;		/* exclusive */
};

struct vmm_val {
	bool set;
	const char *raw;
	union {
		uint64_t u;
		struct vmm_bdf bdf;
		struct vmm_vmid vm;
		struct vmm_range range;
		unsigned int idx;	/* VMM_T_ENUM: index into choices */
		bool on;
		struct {
			const char *key;	/* points into raw, not terminated */
			size_t key_len;
			const char *value;
		} kv;
	};
};

struct vmm_ctx;
struct vmm_call;
struct vmm_cands;
struct vmm_metrics;

struct vmm_completer {
	const char *id;		/* shown in metadata: "file", "vm", "bdf", ... */
	void (*fn)(struct vmm_ctx *ctx, const char *prefix, struct vmm_cands *out);
};

extern const struct vmm_completer vmm_comp_file;
extern const struct vmm_completer vmm_comp_session;
/* The default of VMM_T_VM: session VMs and every observed PID-FD (cmd/vm_observe.c). */
extern const struct vmm_completer vmm_comp_vm;
void vmm_cands_add(struct vmm_cands *out, const char *cand);
/* cand when it starts with prefix. */
void vmm_cands_add_prefixed(struct vmm_cands *out, const char *prefix, const char *cand);
/* The names (from vmm_sys_list_dir and the like) that start with prefix; frees them. */
void vmm_cands_add_names(struct vmm_cands *out, const char *prefix, char **names, int n);

#define VMM_ARG_OPTIONAL	(1u << 0)
#define VMM_ARG_MULTI		(1u << 1)	/* last positional only: one or more */
#define VMM_ARG_SELF_HELP	(1u << 2)	/* help says what the value is: no type text */

struct vmm_arg {
	const char *name;	/* metavar: VM, RANGE, BDF */
	enum vmm_type type;
	const char *help;
	const char *const *choices;		/* VMM_T_ENUM */
	const struct vmm_completer *comp;	/* NULL: the type's default */
	unsigned int flags;
};

struct vmm_opt {
	const char *name;	/* long name without "--" */
	char short_name;	/* 0 for none; never a global letter */
	enum vmm_type type;
	const char *metavar;
	const char *help;
	const char *const *choices;
	const struct vmm_completer *comp;
};

#define VMM_CMD_MUTATING	(1u << 0)	/* supports and honours --dry-run */
#define VMM_CMD_NEEDS_ROOT	(1u << 1)
#define VMM_CMD_REPL_ONLY	(1u << 2)
#define VMM_CMD_HIDDEN		(1u << 3)
#define VMM_CMD_SESSION		(1u << 4)	/* meaningful only in a REPL or batch session */
#define VMM_CMD_RAWARGS		(1u << 5)	/* every word after the command is positional */
#define VMM_CMD_OUTPUT		(1u << 6)	/* its "output" option takes what stdout would */
#define VMM_CMD_REPLAY		(1u << 7)	/* reads only files: answers from a snapshot too */

struct vmm_command {
	const char *name;	/* "" = the object's verb-less command (version) */
	const char *const *aliases;
	const char *summary;
	const struct vmm_arg *args;	/* terminated by .name == NULL */
	const struct vmm_opt *opts;	/* terminated by .name == NULL */
	int (*run)(struct vmm_call *c);
	/* optional: text rendering when the generic one does not fit */
	void (*text)(json_object *res, FILE *f);
	unsigned int flags;
	/* optional: the result as metrics (--openmetrics); see vmm_metric() */
	void (*metrics)(json_object *res, struct vmm_metrics *m);
};

#define VMM_OBJ_HIDDEN		(1u << 0)
#define VMM_OBJ_BUILTIN		(1u << 1)	/* help, version: no man page of its own */

struct vmm_object {
	const char *name;
	const char *const *aliases;
	const char *summary;
	const struct vmm_command *cmds;	/* terminated by .run == NULL */
	unsigned int flags;
};

/* Options in force for one call (global defaults merged with the line's own). */
struct vmm_opts {
	bool json;
	bool openmetrics;	/* --openmetrics: the command's metrics renderer */
	bool pretty;
	bool quiet;
	bool dry_run;
	bool keep_going;
	int verbose;
};

enum vmm_code {
	VMM_OK = 0,
	VMM_E_FAILED = 1,
	VMM_E_USAGE = 2,
	VMM_E_PERM = 3,
	VMM_E_NOTSUP = 4,
	VMM_E_NOTFOUND = 5,
	VMM_E_BUSY = 6,
	VMM_E_PARTIAL = 7,
};

struct vmm_error {
	bool set;
	enum vmm_code code;
	int err;		/* positive errno or 0 */
	char object[32];
	char command[32];
	char message[512];
	char path[PATH_MAX];
	char ioctl[64];
	char hint[512];
};

struct vmm_call {
	struct vmm_ctx *ctx;
	struct vmm_sys *sys;
	const struct vmm_object *obj;
	const struct vmm_command *cmd;
	struct vmm_opts opts;
	int argc;
	char **argv;		/* the command's own words, for batch JSON */
	struct vmm_val *vals;	/* positional values in order */
	int nvals;
	struct vmm_val *optv;	/* one per cmd->opts entry */
	json_object *result;
	json_object *dry_ops;
	struct vmm_error err;
};

/* Accessors by metavar / long name: NULL when absent or not given. */
const struct vmm_val *vmm_arg(const struct vmm_call *c, const char *name, int *count);
const struct vmm_val *vmm_opt(const struct vmm_call *c, const char *name);

/*
 * Record the error of this call. code VMM_OK derives the code from err.
 * Returns -err (or -EINVAL when err is 0) so handlers can `return vmm_err(...)`.
 */
int vmm_err(struct vmm_call *c, enum vmm_code code, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Same, taking path/ioctl and errno from the last lib/sys failure; ret is -errno. */
int vmm_err_sys(struct vmm_call *c, int ret, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/*
 * A kernel interface's open failed (ret is -errno): exit 4 (not_supported)
 * with the reason `host features` gives when this host lacks it, 3 when it
 * needs privileges; the error's path names the device.
 */
int vmm_err_iface(struct vmm_call *c, enum vmm_iface id, int ret);
void vmm_hint(struct vmm_call *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
enum vmm_code vmm_code_from_errno(int err);
const char *vmm_code_name(enum vmm_code code);
void vmm_info(const struct vmm_call *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void vmm_warn(const struct vmm_call *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* --dry-run: a mutating handler describes what it would do and stops. */
static inline bool vmm_dry_run(const struct vmm_call *c) { return c->opts.dry_run; }
void vmm_dry_op(struct vmm_call *c, json_object *op);

/* Session objects (vm0, iommufd0): owned by the REPL, a batch or one command line. */
struct vmm_sobj_ops {
	const char *kind;			/* "vm", "iommufd": names become kind + N */
	void (*close)(void *priv);
	json_object *(*describe)(void *priv);	/* may be NULL */
};
int vmm_session_add(struct vmm_ctx *ctx, const struct vmm_sobj_ops *ops, void *priv,
		    const char **name);
void *vmm_session_get(struct vmm_ctx *ctx, const char *name, const char *kind);
int vmm_session_close(struct vmm_ctx *ctx, const char *name);
/* Iterates session objects of a kind (NULL: all); start with *iter = 0. */
void *vmm_session_next(struct vmm_ctx *ctx, const char *kind, int *iter, const char **name);
/* The session's lib/sys context, for completers. */
struct vmm_sys *vmm_ctx_sys(struct vmm_ctx *ctx);
/* The --pci-dump FILE of the session, NULL for sysfs. */
const char *vmm_ctx_pci_dump(const struct vmm_ctx *ctx);


/* JSON helpers that keep the output rules in one place. */
json_object *vmm_jhex(uint64_t v);	/* "0x.." lowercase, no padding */
json_object *vmm_jhexw(uint64_t v, int width);	/* fixed-width ids: "0x8086" */
json_object *vmm_ju64(uint64_t v);
json_object *vmm_jstr(const char *s);
json_object *vmm_jbool(bool b);
/* Reading a result back (renderers): a member as its string, dflt when absent or null. */
const char *vmm_jget_str(json_object *o, const char *key, const char *dflt);
/* A text cell made safe for a terminal: each control byte (a newline in a
 * process name, an escape) becomes '?', as ps(1) shows them; JSON keeps
 * the bytes. */
void vmm_text_safe(char *s);
/* A byte count for a table: "512B", "4.0M", "1.5G" (powers of 1024). */
void vmm_text_bytes(uint64_t b, char *buf, size_t len);
/* A member that is a non-negative integer or a boolean (as 0/1); false otherwise. */
bool vmm_jget_u64(json_object *o, const char *key, uint64_t *v);

/*
 * A result too large to build as json_object (a dump of a million ranges):
 * fn writes its JSON object to f without the closing brace; the keys added
 * to the returned json_object (provenance) follow, then the brace. As the
 * whole result it goes straight to the output; embedded in a batch
 * document it is written through memory. The command's text renderer gets
 * it back with vmm_jstream_priv.
 */
typedef void (*vmm_jstream_fn)(void *priv, FILE *f, bool pretty);
json_object *vmm_jstream(vmm_jstream_fn fn, void *priv, void (*free_fn)(void *priv));
void *vmm_jstream_priv(json_object *j);

/*
 * Metrics (--openmetrics), in the text exposition format node_exporter's
 * textfile collector and promtool read, closed by "# EOF".  A family is
 * named once with its HELP and TYPE lines, its samples follow each other
 * whatever order they are added in.  name: a fixed [a-z_] name starting
 * "vmmctl_", in base units, ending "_total" for a counter.  labels: key,
 * value pairs ending with NULL (keys fixed, values escaped here).
 */
enum vmm_metric_type { VMM_METRIC_GAUGE, VMM_METRIC_COUNTER };
void vmm_metric(struct vmm_metrics *m, const char *name, enum vmm_metric_type type,
		const char *help, const char *const *labels, uint64_t value);
/* A command with the VMM_CMD_OUTPUT flag takes this option: stdout's text, atomically. */
#define VMM_OPT_OUTPUT { "output", 'o', VMM_T_PATH, "FILE", \
	"write the output to FILE instead of stdout, replaced atomically (textfile collectors)" }

#endif
