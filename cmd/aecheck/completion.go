package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// completion prints a completion script for a shell, made from the command
// table and each command's flags. The scripts are a few lines each, so
// they are written here rather than taken from a library: a library of
// completions (cobra's) would mean moving every command to it.
func (e *env) completion(args []string) int {
	fs := e.flagSet("completion", `Usage: aecheck completion bash|zsh|fish

Prints the script that lets your shell complete aecheck's commands and
flags. To use it now, or from your shell's start-up file:

  bash:  source <(aecheck completion bash)        (in ~/.bashrc)
  zsh:   source <(aecheck completion zsh)         (in ~/.zshrc)
  fish:  aecheck completion fish | source         (in ~/.config/fish/config.fish)
`)
	rest, code, ok := e.parse(fs, args)
	if !ok {
		return code
	}
	if len(rest) != 1 {
		fmt.Fprintln(e.stderr, "aecheck completion: name the shell: bash, zsh or fish")
		return 2
	}
	switch rest[0] {
	case "bash":
		completeBash(e.stdout)
	case "zsh":
		completeZsh(e.stdout)
	case "fish":
		completeFish(e.stdout)
	default:
		fmt.Fprintf(e.stderr, "aecheck completion: no script for %q: use bash, zsh or fish\n", rest[0])
		return 2
	}
	return 0
}

// dash returns the flag as typed: -o for one letter, --name otherwise.
func dash(f *flag.Flag) string {
	if len(f.Name) == 1 {
		return "-" + f.Name
	}
	return "--" + f.Name
}

// takesValue reports whether the flag needs a value after it.
func takesValue(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return !ok || !b.IsBoolFlag()
}

// summaryOf is the flag's usage up to its first period or semicolon, for
// the shells that show a description.
func summaryOf(f *flag.Flag) string {
	_, u := flag.UnquoteUsage(f)
	if i := strings.IndexAny(u, ";("); i > 0 {
		u = u[:i]
	}
	return strings.TrimSpace(u)
}

func completeBash(w io.Writer) {
	var names []string
	for _, c := range commands {
		names = append(names, c.name)
	}
	fmt.Fprintf(w, `# bash completion for aecheck: source <(aecheck completion bash)
_aecheck() {
  local cur=${COMP_WORDS[COMP_CWORD]} flags=""
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "%s help" -- "$cur"))
    return
  fi
  case ${COMP_WORDS[1]} in
`, strings.Join(names, " "))
	for _, c := range commands {
		var fl []string
		for _, f := range flagsOf(c) {
			fl = append(fl, dash(f))
		}
		if c.name == "completion" {
			fl = append(fl, "bash", "zsh", "fish")
		}
		fmt.Fprintf(w, "    %s) flags=%q ;;\n", c.name, strings.Join(fl, " "))
	}
	fmt.Fprint(w, `    help) flags="`+strings.Join(names, " ")+`" ;;
  esac
  if [[ $cur == -* || ${COMP_WORDS[1]} == completion || ${COMP_WORDS[1]} == help ]]; then
    COMPREPLY=($(compgen -W "$flags" -- "$cur"))
  fi
}
complete -o default -F _aecheck aecheck
`)
}

// zshQuote escapes s for a zsh _arguments or _describe item in single
// quotes.
func zshQuote(s string) string {
	return strings.NewReplacer(`'`, `'\''`, `[`, `\[`, `]`, `\]`, `:`, `\:`).Replace(s)
}

func completeZsh(w io.Writer) {
	fmt.Fprint(w, "#compdef aecheck\n# zsh completion for aecheck: source <(aecheck completion zsh)\n_aecheck() {\n  local -a cmds\n  cmds=(\n")
	for _, c := range commands {
		fmt.Fprintf(w, "    '%s:%s'\n", c.name, zshQuote(c.summary))
	}
	fmt.Fprint(w, "  )\n  if (( CURRENT == 2 )); then\n    _describe 'command' cmds\n    return\n  fi\n  case $words[2] in\n")
	for _, c := range commands {
		fmt.Fprintf(w, "    %s)\n      _arguments", c.name)
		for _, f := range flagsOf(c) {
			spec := fmt.Sprintf("'%s[%s]", dash(f), zshQuote(summaryOf(f)))
			if takesValue(f) {
				spec += ":value:_files"
			}
			fmt.Fprintf(w, " \\\n        %s'", spec)
		}
		switch c.name {
		case "completion":
			fmt.Fprint(w, " \\\n        '1:shell:(bash zsh fish)'")
		case "rules", "version", "report", "account":
		default:
			fmt.Fprint(w, " \\\n        '*:file:_files'")
		}
		fmt.Fprint(w, " ;;\n")
	}
	fmt.Fprint(w, "  esac\n}\nif (( $+functions[compdef] )); then compdef _aecheck aecheck; fi\n")
}

// fishQuote quotes s for fish, in single quotes.
func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

func completeFish(w io.Writer) {
	fmt.Fprint(w, "# fish completion for aecheck: aecheck completion fish | source\ncomplete -c aecheck -f\n")
	for _, c := range commands {
		fmt.Fprintf(w, "complete -c aecheck -n __fish_use_subcommand -a %s -d %s\n", c.name, fishQuote(c.summary))
	}
	for _, c := range commands {
		cond := fishQuote("__fish_seen_subcommand_from " + c.name)
		for _, f := range flagsOf(c) {
			opt := "-l " + f.Name
			if len(f.Name) == 1 {
				opt = "-s " + f.Name
			}
			if takesValue(f) {
				opt += " -r -F"
			}
			fmt.Fprintf(w, "complete -c aecheck -n %s %s -d %s\n", cond, opt, fishQuote(summaryOf(f)))
		}
		switch c.name {
		case "completion":
			fmt.Fprintf(w, "complete -c aecheck -n %s -a 'bash zsh fish'\n", cond)
		case "rules", "version", "report", "account":
		default:
			fmt.Fprintf(w, "complete -c aecheck -n %s -F\n", cond)
		}
	}
}
