package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"
)

// newFlagSet returns the flag set of subcommand name (kubectl-style flags:
// `--name value`, `--name=value`, one-letter shorthands).
func newFlagSet(name string, stderr io.Writer) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.SortFlags = false
	fs.Usage = func() {} // parseFlags prints usage where it belongs
	return fs
}

// parseFlags parses args into fs. With -h/--help it prints the command's
// usage, examples and flags to stdout and returns done with exit code 0; on
// a bad flag it prints the error and a pointer to --help to stderr and
// returns done with exit code 2. The single-dash long flags of earlier
// releases (`-schemas DIR`) keep working: a single dash followed by a long
// flag's whole name is read as that flag.
func parseFlags(fs *pflag.FlagSet, name string, args []string, stdout, stderr io.Writer) (code int, done bool) {
	err := fs.Parse(legacyArgs(fs, args))
	switch {
	case errors.Is(err, pflag.ErrHelp):
		fmt.Fprint(stdout, usageOf(fs, name))
		return 0, true
	case err != nil:
		fmt.Fprintf(stderr, "%s %s: %v\nRun '%s %s --help' for usage.\n", displayName(), name, err, displayName(), name)
		return 2, true
	}
	return 0, false
}

// usageOf is a command's help text.
func usageOf(fs *pflag.FlagSet, name string) string {
	c, _ := findCommand(name)
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\nUsage:\n  %s %s [flags]\n", c.summary, displayName(), name)
	if c.example != "" {
		fmt.Fprintf(&b, "\nExamples:\n%s\n", c.example)
	}
	fmt.Fprintf(&b, "\nFlags:\n%s", fs.FlagUsages())
	return b.String()
}

// legacyArgs rewrites `-name` and `-name=value`, where name is a long flag
// of fs (more than one letter), into `--name...`.
func legacyArgs(fs *pflag.FlagSet, args []string) []string {
	out := make([]string, 0, len(args))
	for i, a := range args {
		if a == "--" {
			return append(out, args[i:]...)
		}
		if len(a) > 2 && a[0] == '-' && a[1] != '-' {
			name, _, _ := strings.Cut(a[1:], "=")
			if len(name) > 1 && fs.Lookup(name) != nil {
				a = "-" + a
			}
		}
		out = append(out, a)
	}
	return out
}
