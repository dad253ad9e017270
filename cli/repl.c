// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The interactive shell: GNU readline in callback mode so that Ctrl-C can
 * drop the line being typed without signal-unsafe work in a handler.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "cli.h"
#include "tokenize.h"

#define PROMPT		"vmmctl> "
#define PROMPT_MORE	"....> "

/*
 * readline is opened when the shell starts instead of linked: it brings
 * libtinfo, and loading and binding both cost every one-shot command
 * about 0.8 ms of its 4.3 ms start-up, though only the shell needs them.
 * Its functions and variables are called through rl, by their own names.
 */
#define RL_SONAME	"libreadline.so.8"
#define RL_FUNCS(X) X(rl_set_prompt) X(rl_callback_handler_remove) \
	X(rl_callback_handler_install) X(rl_callback_read_char) X(rl_callback_sigcleanup) \
	X(rl_replace_line) X(rl_redisplay) X(rl_on_new_line) X(rl_free_line_state) X(rl_crlf) \
	X(rl_completion_matches) X(history_get) X(add_history) X(append_history) \
	X(write_history) X(read_history) X(using_history) X(stifle_history) \
	X(history_truncate_file)
#define RL_VARS(X) X(history_length) X(history_base) X(rl_line_buffer) X(rl_outstream) \
	X(rl_attempted_completion_over) X(rl_completion_suppress_append) X(rl_readline_name) \
	X(rl_attempted_completion_function) X(rl_catch_signals) X(rl_catch_sigwinch)
#define RL_PTR(f) typeof(f) *f;
static struct {
	void *h;
	RL_FUNCS(RL_PTR)
	RL_VARS(RL_PTR)
} rl;

#define RL_NAME(f) #f,
#define RL_SLOT(f) (void **)&rl.f,

/* 0, or the reason the shell cannot start (dlerror's text). */
static const char *rl_load(void)
{
	static const char *const names[] = { RL_FUNCS(RL_NAME) RL_VARS(RL_NAME) NULL };
	void **const slots[] = { RL_FUNCS(RL_SLOT) RL_VARS(RL_SLOT) };

	return vmm_dl_open(RL_SONAME, names, slots, &rl.h);
}

static struct {
	struct vmm_ctx *ctx;
	char *acc;
	bool done;
	FILE *quiet;	/* readline's output when stdin is not a terminal */
	char history[PATH_MAX + 16];
} repl;

static volatile sig_atomic_t got_sigint;

static void on_sigint(int sig)
{
	(void)sig;
	got_sigint = 1;
}

static void history_path(void)
{
	const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	char dir[PATH_MAX];

	repl.history[0] = '\0';
	if (state && *state)
		snprintf(dir, sizeof(dir), "%s/vmmctl", state);
	else if (home && *home)
		snprintf(dir, sizeof(dir), "%s/.local/state/vmmctl", home);
	else
		return;
	for (char *p = dir + 1; *p; p++) {	/* mkdir -p */
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(dir, 0700);
		*p = '/';
	}
	if (mkdir(dir, 0700) && errno != EEXIST)
		return;
	snprintf(repl.history, sizeof(repl.history), "%s/history", dir);
}

static void remember(const char *text)
{
	HIST_ENTRY *last;

	if (!*text || text[0] == ' ')
		return;
	last = *rl.history_length ?
	       rl.history_get(*rl.history_base + *rl.history_length - 1) : NULL;
	if (last && !strcmp(last->line, text))
		return;
	rl.add_history(text);
	if (*repl.history)
		rl.append_history(1, repl.history);
}

static void run_line(const char *text)
{
	struct vmm_outcome oc;
	struct vmm_tokens t;
	const char *why = "";
	int ret;

	ret = vmm_tokenize(text, &t, &why);
	if (ret < 0) {
		fprintf(stderr, "vmmctl: error: %s\n", ret == -ENOMEM ? "out of memory" : why);
		return;
	}
	if (!t.argc)
		goto out;
	if (t.argc == 1 && (!strcmp(t.argv[0], "quit") || !strcmp(t.argv[0], "exit"))) {
		repl.done = true;
		goto out;
	}
	vmm_dispatch(repl.ctx, t.argc, t.argv, &oc);
	vmm_print_outcome(&oc, NULL);
	vmm_outcome_clear(&oc);
out:
	vmm_tokens_free(&t);
}

static void on_line(char *line)
{
	const char *why = "";
	struct vmm_tokens t;
	size_t len;
	char *tmp;
	int ret;

	if (!line) {
		repl.done = true;
		if (!repl.quiet)
			fputc('\n', stdout);
		return;
	}
	len = repl.acc ? strlen(repl.acc) : 0;
	tmp = realloc(repl.acc, len + strlen(line) + 2);
	if (!tmp) {
		free(line);
		return;
	}
	repl.acc = tmp;
	strcpy(repl.acc + len, line);
	free(line);
	ret = vmm_tokenize(repl.acc, &t, &why);
	if (ret == VMM_TOK_MORE) {
		strcat(repl.acc, "\n");
		rl.rl_set_prompt(PROMPT_MORE);
		return;
	}
	if (!ret)
		vmm_tokens_free(&t);
	remember(repl.acc);
	rl.rl_callback_handler_remove();
	run_line(repl.acc);
	free(repl.acc);
	repl.acc = NULL;
	fflush(stdout);
	got_sigint = 0;
	if (!repl.done)
		rl.rl_callback_handler_install(PROMPT, on_line);
}

/* readline completion: the words before the cursor go to the table engine. */
static struct vmm_cands cands;
static int cand_next;

static char *cand_gen(const char *text, int state)
{
	(void)text;
	if (!state)
		cand_next = 0;
	return cand_next < cands.n ? strdup(cands.v[cand_next++]) : NULL;
}

static char **on_complete(const char *text, int start, int end)
{
	char *before = strndup(*rl.rl_line_buffer, (size_t)start);
	struct vmm_tokens t = { 0 };
	const char *why = "";
	char *words[256];
	int n = 0;

	(void)end;
	*rl.rl_attempted_completion_over = 1;
	vmm_cands_free(&cands);
	if (!before)
		return NULL;
	if (vmm_tokenize(before, &t, &why) == 0) {
		for (int i = 0; i < t.argc && n < 255; i++)
			words[n++] = t.argv[i];
		words[n] = (char *)text;
		vmm_complete(repl.ctx, n + 1, words, n, &cands);
	}
	vmm_tokens_free(&t);
	free(before);
	if (cands.n == 1 && cands.v[0][strlen(cands.v[0]) - 1] == '/')
		*rl.rl_completion_suppress_append = 1;
	return rl.rl_completion_matches(text, cand_gen);
}

/* Ctrl-C: drop the line being typed, keep the shell */
static void drop_line(void)
{
	free(repl.acc);
	repl.acc = NULL;
	rl.rl_free_line_state();
	rl.rl_callback_sigcleanup();
	rl.rl_crlf();
	rl.rl_replace_line("", 0);
	rl.rl_set_prompt(PROMPT);
	rl.rl_on_new_line();
	rl.rl_redisplay();
}

int vmm_repl_run(struct vmm_ctx *ctx)
{
	struct sigaction sa = { 0 }, old;
	sigset_t block, orig;
	const char *hs = getenv("VMMCTL_HISTSIZE"), *why = rl_load();
	fd_set fds;

	if (why) {
		struct vmm_outcome oc = { 0 };

		oc.opts = ctx->opts;
		oc.err.set = true;
		oc.err.code = VMM_E_NOTSUP;
		snprintf(oc.err.message, sizeof(oc.err.message), "the interactive shell needs "
			 RL_SONAME ": %s", why);
		snprintf(oc.err.hint, sizeof(oc.err.hint), "install the libreadline8 package; "
			 "commands and -b FILE work without it");
		vmm_print_outcome(&oc, NULL);
		return vmm_exit_code(&oc.err);
	}
	repl.ctx = ctx;
	ctx->repl = true;
	/* readline echoes piped input and prompts: only a person should see them */
	if (!isatty(STDIN_FILENO) && (repl.quiet = fopen("/dev/null", "we")))
		*rl.rl_outstream = repl.quiet;
	setlinebuf(stdout);
	*rl.rl_readline_name = "vmmctl";
	*rl.rl_attempted_completion_function = on_complete;
	*rl.rl_catch_signals = 0;
	*rl.rl_catch_sigwinch = 1;
	history_path();
	rl.using_history();
	rl.stifle_history(hs && atoi(hs) > 0 ? atoi(hs) : 1000);
	if (*repl.history && rl.read_history(repl.history) == ENOENT)
		rl.write_history(repl.history);	/* append_history() needs the file */
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old);	/* no SA_RESTART: pselect() must return */
	/*
	 * SIGINT stays blocked except inside pselect() and while a key or a
	 * command is handled: a Ctrl-C that lands between the flag test and
	 * the wait is held pending and ends the wait, instead of being lost.
	 */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &orig);
	rl.rl_callback_handler_install(PROMPT, on_line);
	while (!repl.done) {
		if (got_sigint) {
			got_sigint = 0;
			drop_line();
			continue;
		}
		FD_ZERO(&fds);
		FD_SET(STDIN_FILENO, &fds);
		if (pselect(STDIN_FILENO + 1, &fds, NULL, NULL, NULL, &orig) < 0) {
			if (errno != EINTR)
				break;
			continue;
		}
		sigprocmask(SIG_SETMASK, &orig, NULL);
		rl.rl_callback_read_char();
		sigprocmask(SIG_BLOCK, &block, NULL);
	}
	sigprocmask(SIG_SETMASK, &orig, NULL);
	rl.rl_callback_handler_remove();
	if (*repl.history)
		rl.history_truncate_file(repl.history, hs && atoi(hs) > 0 ? atoi(hs) : 1000);
	vmm_cands_free(&cands);
	free(repl.acc);
	sigaction(SIGINT, &old, NULL);
	if (repl.quiet)
		fclose(repl.quiet);
	return 0;
}
