package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"warta/internal/locale"
)

// runCompletion prints a completion script for bash, zsh or fish. The
// scripts are written from the command table and each command's own flag
// set, so a new flag completes without touching this file:
//
//	source <(warta completion bash)                     # bash, or in ~/.bashrc
//	warta completion zsh > "${fpath[1]}/_warta"         # zsh
//	warta completion fish > ~/.config/fish/completions/warta.fish
func runCompletion(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("completion", commands["completion"], env.Stderr)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{msg("cli.err.completion_shell")}
	}
	specs := completionSpecs(ctx, env.printer())
	switch pos[0] {
	case "bash":
		writeBash(env.Stdout, specs)
	case "zsh":
		writeZsh(env.Stdout, specs)
	case "fish":
		writeFish(env.Stdout, specs)
	default:
		return usageError{msg("cli.err.completion_shell")}
	}
	return nil
}

// compSpec is what completes after "warta NAME" (or "warta NAME SUB").
type compSpec struct {
	name, sub string
	summary   string
	subs      []subcommand
	flags     []compFlag
}

type compFlag struct {
	name, usage string
	value       string // "" for a switch, else DIR, FILE, N…
}

// completionSpecs asks every command and subcommand for its flags, the
// way `warta help` does: run with -h, it registers them and stops.
func completionSpecs(ctx context.Context, p *locale.Printer) []compSpec {
	quiet := Env{Stdout: io.Discard, Stderr: io.Discard, Getenv: func(string) (string, bool) { return "", false }}
	flagsOf := func(cmd command, args ...string) []compFlag {
		var help helpRequest
		if err := cmd.run(ctx, quiet, append(args, "-h")); !errors.As(err, &help) {
			return nil
		}
		var out []compFlag
		help.fs.VisitAll(func(f *flag.Flag) {
			cf := compFlag{name: f.Name, usage: p.T(f.Usage)}
			if _, isBool := f.Value.(interface{ IsBoolFlag() bool }); !isBool {
				cf.value = valueName(f)
			}
			out = append(out, cf)
		})
		return out
	}
	names := []string{"help"}
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	var specs []compSpec
	for _, n := range names {
		if n == "help" {
			specs = append(specs, compSpec{name: n, summary: p.T("cli.cmd.help")})
			continue
		}
		cmd := commands[n]
		specs = append(specs, compSpec{name: n, summary: p.T(cmd.summary), subs: cmd.subs, flags: flagsOf(cmd)})
		for _, s := range cmd.subs {
			specs = append(specs, compSpec{name: n, sub: s.name, summary: p.T(s.summary), flags: flagsOf(cmd, s.name)})
		}
	}
	return specs
}

func flagWords(fl []compFlag) string {
	w := make([]string, len(fl))
	for i, f := range fl {
		w[i] = "--" + f.name
	}
	return strings.Join(w, " ")
}

func writeBash(w io.Writer, specs []compSpec) {
	var cmds []string
	for _, s := range specs {
		if s.sub == "" {
			cmds = append(cmds, s.name)
		}
	}
	fmt.Fprintf(w, `# bash completion for warta; load with: source <(warta completion bash)
_warta() {
	local cur=${COMP_WORDS[COMP_CWORD]} cmd=${COMP_WORDS[1]} sub=${COMP_WORDS[2]} words="" subs=""
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "%s" -- "$cur"))
		return
	fi
	case "$cmd" in
`, strings.Join(cmds, " "))
	for _, s := range specs {
		if s.sub == "" && len(s.subs) > 0 {
			var subs []string
			for _, x := range s.subs {
				subs = append(subs, x.name)
			}
			fmt.Fprintf(w, "\t%s) subs=%q ;;\n", s.name, strings.Join(subs, " "))
		}
	}
	fmt.Fprintf(w, "\thelp) subs=%q ;;\n\tesac\n", strings.Join(cmds, " "))
	fmt.Fprint(w, `	if [ -n "$subs" ] && [ "$COMP_CWORD" -eq 2 ]; then
		COMPREPLY=($(compgen -W "$subs" -- "$cur"))
		return
	fi
	case "$cmd $sub" in
`)
	for _, s := range specs {
		if s.sub != "" {
			fmt.Fprintf(w, "\t%q) words=%q ;;\n", s.name+" "+s.sub, flagWords(s.flags))
		}
	}
	fmt.Fprint(w, "\t*)\n\t\tcase \"$cmd\" in\n")
	for _, s := range specs {
		if s.sub == "" {
			fmt.Fprintf(w, "\t\t%s) words=%q ;;\n", s.name, flagWords(s.flags))
		}
	}
	fmt.Fprint(w, `		esac ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$words" -- "$cur"))
	fi
}
complete -o default -F _warta warta
`)
}

// zshQuote quotes s for a single-quoted zsh word.
func zshQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func zshDescribe(name, desc string) string {
	return zshQuote(strings.ReplaceAll(name, ":", `\:`) + ":" + firstSentence(desc))
}

// firstSentence keeps completion menus to one short line per entry.
func firstSentence(s string) string {
	if i := strings.Index(s, "; "); i > 0 {
		s = s[:i]
	}
	if i := strings.Index(s, " ("); i > 0 {
		s = s[:i]
	}
	return s
}

func writeZsh(w io.Writer, specs []compSpec) {
	fmt.Fprint(w, `#compdef warta
# zsh completion for warta; save as _warta in a folder of $fpath, or
# load with: source <(warta completion zsh)
compdef _warta warta

_warta() {
	local -a items
	if (( CURRENT == 2 )); then
		items=(
`)
	for _, s := range specs {
		if s.sub == "" {
			fmt.Fprintf(w, "\t\t\t%s\n", zshDescribe(s.name, s.summary))
		}
	}
	fmt.Fprint(w, `		)
		_describe command items
		return
	fi
	case $words[2] in
`)
	for _, s := range specs {
		if s.sub == "" && len(s.subs) > 0 {
			fmt.Fprintf(w, "\t%s)\n\t\tif (( CURRENT == 3 )); then\n\t\t\titems=(", s.name)
			for _, x := range specs {
				if x.name == s.name && x.sub != "" {
					fmt.Fprintf(w, " %s", zshDescribe(x.sub, x.summary))
				}
			}
			fmt.Fprint(w, ")\n\t\t\t_describe subcommand items\n\t\t\treturn\n\t\tfi ;;\n")
		}
	}
	fmt.Fprint(w, "\thelp)\n\t\tif (( CURRENT == 3 )); then\n\t\t\titems=(")
	for _, s := range specs {
		if s.sub == "" {
			fmt.Fprintf(w, " %s", zshDescribe(s.name, s.summary))
		}
	}
	fmt.Fprint(w, ")\n\t\t\t_describe command items\n\t\t\treturn\n\t\tfi ;;\n\tesac\n")
	fmt.Fprint(w, "\tcase \"$words[2] $words[3]\" in\n")
	for _, s := range specs {
		if s.sub != "" {
			fmt.Fprintf(w, "\t%s) items=(", zshQuote(s.name+" "+s.sub))
			for _, f := range s.flags {
				fmt.Fprintf(w, " %s", zshDescribe("--"+f.name, f.usage))
			}
			fmt.Fprint(w, ") ;;\n")
		}
	}
	fmt.Fprint(w, "\t*)\n\t\tcase $words[2] in\n")
	for _, s := range specs {
		if s.sub == "" {
			fmt.Fprintf(w, "\t\t%s) items=(", s.name)
			for _, f := range s.flags {
				fmt.Fprintf(w, " %s", zshDescribe("--"+f.name, f.usage))
			}
			fmt.Fprint(w, ") ;;\n")
		}
	}
	fmt.Fprint(w, `		esac ;;
	esac
	if [[ $PREFIX == -* ]]; then
		_describe flag items
	else
		_files
	fi
}

if [ "$funcstack[1]" = "_warta" ]; then
	_warta "$@"
fi
`)
}

// fishQuote quotes s for fish.
func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, "'", `\'`).Replace(s) + "'"
}

func writeFish(w io.Writer, specs []compSpec) {
	fmt.Fprintln(w, "# fish completion for warta; save as ~/.config/fish/completions/warta.fish")
	fmt.Fprintln(w, "complete -c warta -f")
	var cmds []string
	for _, s := range specs {
		if s.sub == "" {
			cmds = append(cmds, s.name)
			fmt.Fprintf(w, "complete -c warta -n __fish_use_subcommand -a %s -d %s\n", s.name, fishQuote(firstSentence(s.summary)))
		}
	}
	fmt.Fprintf(w, "complete -c warta -n '__fish_seen_subcommand_from help' -a %s\n", fishQuote(strings.Join(cmds, " ")))
	for _, s := range specs {
		if s.sub == "" && len(s.subs) > 0 {
			var subs []string
			for _, x := range s.subs {
				subs = append(subs, x.name)
			}
			for _, x := range specs {
				if x.name == s.name && x.sub != "" {
					fmt.Fprintf(w, "complete -c warta -n %s -a %s -d %s\n",
						fishQuote("__fish_seen_subcommand_from "+s.name+"; and not __fish_seen_subcommand_from "+strings.Join(subs, " ")),
						x.sub, fishQuote(firstSentence(x.summary)))
				}
			}
		}
	}
	for _, s := range specs {
		cond := "__fish_seen_subcommand_from " + s.name
		if s.sub != "" {
			cond += "; and __fish_seen_subcommand_from " + s.sub
		} else if len(s.subs) > 0 {
			continue // the subcommands' flags include the command's
		}
		switch s.name {
		case "backup", "restore", "import", "export":
			fmt.Fprintf(w, "complete -c warta -n %s -F\n", fishQuote(cond))
		}
		for _, f := range s.flags {
			arg := ""
			switch f.value {
			case "":
			case "DIR", "FILE":
				arg = " -r -F"
			default:
				arg = " -x"
			}
			fmt.Fprintf(w, "complete -c warta -n %s -l %s%s -d %s\n", fishQuote(cond), f.name, arg, fishQuote(firstSentence(f.usage)))
		}
	}
}
