# SPDX-License-Identifier: GPL-3.0-or-later
# bash completion for vmmctl: the candidates come from `vmmctl __complete`,
# which walks the same command table as the parser.
_vmmctl()
{
	local cur cword cand prog
	local -a words
	if declare -F _get_comp_words_by_ref >/dev/null; then
		_get_comp_words_by_ref -n =: cur words cword
	else
		words=("${COMP_WORDS[@]}") cword=$COMP_CWORD cur=${COMP_WORDS[COMP_CWORD]}
	fi
	prog=${words[0]}
	# shellcheck disable=SC2088 # a literal ~ as typed on the command line
	[[ $prog == "~/"* ]] && prog=$HOME/${prog#"~/"}
	COMPREPLY=()
	while IFS= read -r cand; do
		[[ -n $cand ]] && COMPREPLY+=("$cand")
	done < <("$prog" __complete "${words[@]:1:cword}" 2>/dev/null)
	if [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == */ ]]; then
		compopt -o nospace 2>/dev/null
	fi
	declare -F __ltrim_colon_completions >/dev/null && __ltrim_colon_completions "$cur"
	return 0
}
complete -F _vmmctl vmmctl
