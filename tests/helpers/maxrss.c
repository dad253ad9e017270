// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * maxrss FILE CMD [ARGS...]: runs CMD with this program's stdio and writes
 * its largest resident set in KiB (wait4's ru_maxrss) to FILE; exits with
 * CMD's status. A test cannot measure a child it forks itself: the child's
 * high-water mark starts at the forking process's size (exec keeps it), so
 * CMD is forked from this small program instead, as time(1) does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct rusage ru;
	int status;
	FILE *f;
	pid_t pid;

	if (argc < 3) {
		fprintf(stderr, "usage: maxrss FILE CMD [ARGS...]\n");
		return 2;
	}
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 2;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		perror(argv[2]);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) != pid) {
		perror("wait4");
		return 2;
	}
	f = fopen(argv[1], "w");
	if (!f || fprintf(f, "%ld\n", ru.ru_maxrss) < 0 || fclose(f)) {
		perror(argv[1]);
		return 2;
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
