#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Shell completion: completions/vmmctl.bash is sourced, COMP_WORDS/COMP_CWORD
# are set as bash would set them, _vmmctl is called and COMPREPLY checked.
# The zsh function is run with a stub compadd that records what it is given.
#
# Environment: VMMCTL (the binary).
set -u
: "${VMMCTL:?VMMCTL must name the vmmctl binary}"
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
case $VMMCTL in /*) ;; *) VMMCTL=$PWD/$VMMCTL ;; esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/bin"
ln -s "$VMMCTL" "$tmp/bin/vmmctl"
PATH=$tmp/bin:$PATH

n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1))
	echo "not ok $n - $1"
	shift
	[[ $# -gt 0 ]] && printf '%s\n' "$@" | sed 's/^/#   /'
	return 0
}
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }

# compopt only works inside a real completion; record what the shim asks for.
nospace=
compopt() { [[ "$*" == *nospace* ]] && nospace=yes; return 0; }

# comp WORD... : complete the last word (may be '') as bash would
comp() {
	COMP_WORDS=("${prog:-vmmctl}" "$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE="${COMP_WORDS[*]}"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	nospace=
	_vmmctl "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
}
has() { local w; for w in "${COMPREPLY[@]}"; do [[ $w == "$1" ]] && return 0; done; return 1; }
got() { echo "got: ${COMPREPLY[*]:-(nothing)}"; }

# shellcheck source=completions/vmmctl.bash
. "$top/completions/vmmctl.bash"

spec=$(complete -p vmmctl 2>/dev/null)
if [[ $spec == *"-F _vmmctl"* ]]; then ok "complete -F _vmmctl vmmctl is registered"
else not_ok "complete -F _vmmctl vmmctl is registered" "got: ${spec:-(none)}"; fi

comp ''
miss=
for w in host help version session; do has "$w" || miss="$miss $w"; done
if [[ -z $miss ]]; then ok "empty word lists the objects"
else not_ok "empty word lists the objects" "missing:$miss" "$(got)"; fi
bad=
for w in __complete __dump-commands self-test; do has "$w" && bad="$bad $w"; done
for w in "${COMPREPLY[@]}"; do [[ $w == -* ]] && bad="$bad $w"; done
if [[ -z $bad ]]; then ok "hidden objects and options are not offered for an empty word"
else not_ok "hidden objects and options are not offered for an empty word" "offered:$bad"; fi

comp h
if has host && has help && ! has version; then ok "'h' completes to host and help only"
else not_ok "'h' completes to host and help only" "$(got)"; fi

comp host f
if [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == features ]]; then ok "host f -> features"
else not_ok "host f -> features" "$(got)"; fi

comp host ''
if has features && ! has help; then ok "host '' lists its commands"
else not_ok "host '' lists its commands" "$(got)"; fi

comp host features --
miss=
for w in --json --pretty --quiet --verbose --dry-run --keep-going --batch --root --pci-dump \
	--help --version; do
	has "$w" || miss="$miss $w"
done
bad=
for w in "${COMPREPLY[@]}"; do [[ $w == --* ]] || bad="$bad $w"; done
if [[ -z $miss && -z $bad ]]; then ok "host features -- lists the global long options"
else not_ok "host features -- lists the global long options" "missing:$miss" "not options:$bad"; fi

# a verb-less object's options come right after it
comp snapshot --no
if has --no-pci && has --no-stage2 && [[ ${#COMPREPLY[@]} -eq 2 ]]; then
	ok "snapshot --no -> --no-pci, --no-stage2"
else not_ok "snapshot --no -> --no-pci, --no-stage2" "$(got)"; fi

comp host features --js
if [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == --json ]]; then ok "--js -> --json"
else not_ok "--js -> --json" "$(got)"; fi

comp -j host ''
if has features; then ok "a global option before the object is skipped"
else not_ok "a global option before the object is skipped" "$(got)"; fi

comp help h
if has host && has help; then ok "help h -> host (and help)"
else not_ok "help h -> host (and help)" "$(got)"; fi

comp nosuch ''
if [[ ${#COMPREPLY[@]} -eq 0 ]]; then ok "an unknown object completes to nothing"
else not_ok "an unknown object completes to nothing" "$(got)"; fi

comp host feat ''
if [[ ${#COMPREPLY[@]} -eq 0 ]]; then ok "no prefix matching: 'host feat' is not 'host features'"
else not_ok "no prefix matching: 'host feat' is not 'host features'" "$(got)"; fi

# file names for -b / --batch
d=$tmp/batches
mkdir -p "$d/sub dir" "$d/subway"
: >"$d/setup.vmm"
: >"$d/.hidden"
comp -b "$d/"
if has "$d/setup.vmm" && has "$d/sub dir/" && has "$d/subway/" && ! has "$d/.hidden"; then
	ok "-b DIR/ lists the files in DIR, directories with a trailing /"
else
	not_ok "-b DIR/ lists the files in DIR, directories with a trailing /" "$(got)"
fi
comp --batch "$d/se"
if [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == "$d/setup.vmm" && -z $nospace ]]; then
	ok "--batch FILE-prefix completes a file, followed by a space"
else
	not_ok "--batch FILE-prefix completes a file, followed by a space" "$(got)" "nospace=$nospace"
fi
comp -b "$d/subw"
if [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == "$d/subway/" && $nospace == yes ]]; then
	ok "a lone directory candidate gets no trailing space"
else
	not_ok "a lone directory candidate gets no trailing space" "$(got)" "nospace=$nospace"
fi
comp -b "$d/sub dir/"
if [[ ${#COMPREPLY[@]} -eq 0 ]]; then ok "an empty directory completes to nothing"
else not_ok "an empty directory completes to nothing" "$(got)"; fi
if (cd "$d" && comp -b s && [[ ${#COMPREPLY[@]} -eq 3 ]] && has setup.vmm && has "sub dir/"); then
	ok "-b with a relative prefix completes in the current directory"
else
	not_ok "-b with a relative prefix completes in the current directory"
fi

# set is REPL-only: outside the shell its words must still be its own, never
# files or options, and its values are on/off only.
comp set ''
bad=
for w in "${COMPREPLY[@]}"; do
	case $w in json | pretty | quiet | dry-run) ;; *) bad="$bad $w" ;; esac
done
if [[ -z $bad ]]; then ok "set '' offers at most the setting keys (${COMPREPLY[*]:-none})"
else not_ok "set '' offers at most the setting keys" "unexpected:$bad"; fi
comp set json ''
bad=
for w in "${COMPREPLY[@]}"; do case $w in on | off) ;; *) bad="$bad $w" ;; esac; done
if [[ -z $bad ]]; then ok "set json '' offers at most on/off (${COMPREPLY[*]:-none})"
else not_ok "set json '' offers at most on/off" "unexpected:$bad"; fi
comp set json o
if [[ ${#COMPREPLY[@]} -le 2 ]] && ! has json; then ok "set json o stays on the value"
else not_ok "set json o stays on the value" "$(got)"; fi

comp session ''
if has list && has close; then ok "session '' -> list, close"
else not_ok "session '' -> list, close" "$(got)"; fi
comp session close ''
if [[ ${#COMPREPLY[@]} -eq 0 ]]; then ok "session close '' has no objects outside a session"
else not_ok "session close '' has no objects outside a session" "$(got)"; fi

# the binary is the word being completed: ./path and ~/path work too
if (cd "$tmp" && prog=./bin/vmmctl && comp host f && [[ ${COMPREPLY[*]} == features ]]); then
	ok "a relative binary path (./bin/vmmctl) is used as typed"
else
	not_ok "a relative binary path (./bin/vmmctl) is used as typed"
fi
# shellcheck disable=SC2030,SC2088,SC2123 # a literal ~ and no PATH, in a subshell
if (HOME=$tmp && prog='~/bin/vmmctl' && PATH=/nonexistent && comp host f &&
	[[ ${COMPREPLY[*]} == features ]]); then
	ok "a binary path under ~ is expanded"
else
	not_ok "a binary path under ~ is expanded"
fi
if (prog=$tmp/no-such-vmmctl && comp host f 2>"$tmp/err" && [[ ${#COMPREPLY[@]} -eq 0 ]] &&
	[[ ! -s $tmp/err ]]); then
	ok "a missing binary gives no candidates and no noise"
else
	not_ok "a missing binary gives no candidates and no noise"
fi

# with bash-completion loaded the shim takes the words from it (no split at = and :)
bc=/usr/share/bash-completion/bash_completion
if [[ -r $bc ]]; then
	out=$(
		# shellcheck source=/dev/null
		. "$bc" >/dev/null 2>&1
		. "$top/completions/vmmctl.bash"
		compopt() { return 0; }
		comp host f
		echo "A:${COMPREPLY[*]}"
		comp help ''
		echo "B:${COMPREPLY[*]}"
	)
	if [[ $out == *"A:features"* && $out == *"B:"*host* ]]; then
		ok "works with bash-completion's _get_comp_words_by_ref"
	else
		not_ok "works with bash-completion's _get_comp_words_by_ref" "$out"
	fi
else
	skip "works with bash-completion's _get_comp_words_by_ref" "bash-completion is not installed"
fi

# zsh: syntax, then the function with a stub compadd
if command -v zsh >/dev/null 2>&1; then
	if zsh -n "$top/completions/_vmmctl" 2>"$tmp/zerr"; then ok "zsh: _vmmctl parses"
	else not_ok "zsh: _vmmctl parses" "$(cat "$tmp/zerr")"; fi
	if [[ $(head -n 1 "$top/completions/_vmmctl") == "#compdef vmmctl" ]]; then
		ok "zsh: first line is #compdef vmmctl"
	else
		not_ok "zsh: first line is #compdef vmmctl"
	fi
	# zcomp WORD... : prints one line per compadd call: its arguments, then the candidates
	zcomp() {
		zsh -f -c '
			fpath=("$1" $fpath)
			shift
			autoload -Uz _vmmctl
			compadd() {
				local -a flags; local arr
				while (( $# )); do
					case $1 in
					-a) arr=$2; shift 2 ;;
					-S) flags+=("-S${2:-(empty)}"); shift 2 ;;
					*) flags+=("$1"); shift ;;
					esac
				done
				print -r -- "compadd ${flags[*]}: ${(P)arr}"
			}
			words=(vmmctl "$@")
			CURRENT=$#words
			_vmmctl
			print -r -- "status $?"
		' zcomp "$top/completions" "$@" 2>&1
	}
	out=$(zcomp host f)
	if [[ $out == *"compadd : features"* && $out == *"status 0"* ]]; then
		ok "zsh: host f -> compadd features"
	else
		not_ok "zsh: host f -> compadd features" "$out"
	fi
	out=$(zcomp '')
	if [[ $out == *host* && $out == *version* && $out != *__complete* ]]; then
		ok "zsh: empty word -> the visible objects"
	else
		not_ok "zsh: empty word -> the visible objects" "$out"
	fi
	out=$(zcomp -b "$d/sub")
	if [[ $out == *"compadd -S(empty): $d/sub dir/ $d/subway/"* ]]; then
		ok "zsh: directories are added without a suffix"
	else
		not_ok "zsh: directories are added without a suffix" "$out"
	fi
	out=$(zcomp -b "'$d/se'")
	if [[ $out == *"compadd : $d/setup.vmm"* ]]; then ok "zsh: quoted words are unquoted"
	else not_ok "zsh: quoted words are unquoted" "$out"; fi
	out=$(zcomp nosuch '')
	if [[ $out != *compadd* && $out == *"status 1"* ]]; then
		ok "zsh: no candidates -> no compadd, status 1"
	else
		not_ok "zsh: no candidates -> no compadd, status 1" "$out"
	fi
else
	skip "zsh completion" "zsh is not installed"
fi

echo "1..$n"
