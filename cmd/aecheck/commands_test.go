package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aecheck/aecheck/checks"
)

// runIn runs the command in this process and returns its exit code and
// outputs.
func runIn(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// TestHelpOnStdout: every command's help, asked for with --help, -h or
// "aecheck help COMMAND", goes to standard output with exit 0 and names
// the command; a wrong flag prints the help on standard error, exit 2.
func TestHelpOnStdout(t *testing.T) {
	for _, c := range commands {
		for _, args := range [][]string{{c.name, "--help"}, {c.name, "-h"}, {"help", c.name}} {
			code, stdout, stderr := runIn(args...)
			if code != 0 || !strings.Contains(stdout, "Usage: aecheck "+c.name) || stderr != "" {
				t.Errorf("aecheck %s: exit %d, stdout %.60q, stderr %.60q", strings.Join(args, " "), code, stdout, stderr)
			}
		}
		code, stdout, stderr := runIn(c.name, "--no-such-flag")
		if code != 2 || stdout != "" || !strings.Contains(stderr, "no-such-flag") || !strings.Contains(stderr, "Usage: aecheck "+c.name) {
			t.Errorf("aecheck %s --no-such-flag: exit %d, stdout %.60q, stderr %.60q", c.name, code, stdout, stderr)
		}
	}
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}} {
		code, stdout, _ := runIn(args...)
		if code != 0 || !strings.Contains(stdout, "aecheck completion bash|zsh|fish") {
			t.Errorf("aecheck %s: exit %d, stdout %.80q", args[0], code, stdout)
		}
	}
	if code, _, stderr := runIn(); code != 2 || !strings.Contains(stderr, "Usage:") {
		t.Errorf("aecheck alone: exit %d, stderr %.60q", code, stderr)
	}
}

func TestDidYouMean(t *testing.T) {
	for _, c := range []struct{ typed, want string }{
		{"chek", "check"}, {"chekc", "check"}, {"rule", "rules"}, {"order", "orders"},
		{"acount", "account"}, {"compl", "completion"}, {"--verison", "version"},
		{"frobnicate", ""}, {"x", ""},
	} {
		code, stdout, stderr := runIn(c.typed)
		if code != 2 || stdout != "" || !strings.Contains(stderr, `unknown command "`+c.typed+`"`) {
			t.Errorf("%s: exit %d, stderr %.80q", c.typed, code, stderr)
		}
		hint := `Did you mean "` + c.want + `"?`
		if got := strings.Contains(stderr, "Did you mean"); got != (c.want != "") || c.want != "" && !strings.Contains(stderr, hint) {
			t.Errorf("%s: stderr %.120q, want hint %q", c.typed, stderr, c.want)
		}
	}
	if code, _, stderr := runIn("help", "chek"); code != 2 || !strings.Contains(stderr, `Did you mean "check"?`) {
		t.Errorf("help chek: exit %d, stderr %.80q", code, stderr)
	}
}

func TestRulesFormats(t *testing.T) {
	code, stdout, stderr := runIn("rules", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var list []ruleJSON
	if err := json.Unmarshal([]byte(stdout), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != len(checks.All) {
		t.Fatalf("%d checks in the JSON, want %d", len(list), len(checks.All))
	}
	for i, r := range list {
		c := checks.All[i]
		if r.ID != c.ID || r.Severity != c.Severity.String() || r.On == c.Off || r.Title == "" || r.Fix != c.Fix || r.Scope != c.Scope.String() {
			t.Errorf("JSON entry %d: %+v, for check %s", i, r, c.ID)
		}
	}

	code, stdout, stderr = runIn("rules", "--format", "yaml")
	if code != 0 {
		t.Fatalf("yaml: exit %d: %s", code, stderr)
	}
	// The YAML is a rules file: read back with --rules, it sets every check
	// as the defaults do.
	path := filepath.Join(t.TempDir(), "rules.yaml")
	if err := os.WriteFile(path, []byte(stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	_, fromFile, stderr := runIn("rules", "--rules", path, "--format", "json")
	_, defaults, _ := runIn("rules", "--format", "json")
	if fromFile != defaults || stderr != "" {
		t.Errorf("rules read from the printed YAML differ from the defaults (stderr %q)", stderr)
	}

	_, table, _ := runIn("rules")
	for _, c := range checks.All {
		if !strings.Contains(table, c.ID) {
			t.Errorf("the table lacks %s", c.ID)
		}
	}
	for _, bad := range [][]string{{"rules", "--format", "xml"}, {"rules", "--format", "yaml", "--rules", path}, {"rules", "extra"}} {
		if code, _, stderr := runIn(bad...); code != 2 || stderr == "" {
			t.Errorf("aecheck %s: exit %d, stderr %q", strings.Join(bad, " "), code, stderr)
		}
	}
}

// TestCompletion: each script names every command and the flags of each,
// and the bash one, run in bash, completes a command and a flag.
func TestCompletion(t *testing.T) {
	scripts := map[string]string{}
	for _, sh := range []string{"bash", "zsh", "fish"} {
		code, stdout, stderr := runIn("completion", sh)
		if code != 0 || stderr != "" {
			t.Fatalf("completion %s: exit %d, %s", sh, code, stderr)
		}
		scripts[sh] = stdout
		for _, c := range commands {
			if !strings.Contains(stdout, c.name) {
				t.Errorf("%s script lacks the command %s", sh, c.name)
			}
		}
		for _, flag := range []string{"fail-on", "split-by", "no-fix", "format", "violations"} {
			if !strings.Contains(stdout, flag) {
				t.Errorf("%s script lacks the flag %s", sh, flag)
			}
		}
	}
	for _, bad := range [][]string{{"completion"}, {"completion", "powershell"}} {
		if code, _, stderr := runIn(bad...); code != 2 || stderr == "" {
			t.Errorf("aecheck %s: exit %d", strings.Join(bad, " "), code)
		}
	}
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	script := filepath.Join(t.TempDir(), "c.bash")
	os.WriteFile(script, []byte(scripts["bash"]), 0o644)
	out, err := exec.Command("bash", "-c", `source "$1"
COMP_WORDS=(aecheck chec); COMP_CWORD=1; _aecheck; echo "${COMPREPLY[*]}"
COMP_WORDS=(aecheck check --fail); COMP_CWORD=2; _aecheck; echo "${COMPREPLY[*]}"
COMP_WORDS=(aecheck rules --for); COMP_CWORD=2; _aecheck; echo "${COMPREPLY[*]}"
COMP_WORDS=(aecheck completion z); COMP_CWORD=2; _aecheck; echo "${COMPREPLY[*]}"`, "bash", script).CombinedOutput()
	if got, want := string(out), "check\n--fail-on\n--format\nzsh\n"; err != nil || got != want {
		t.Errorf("bash completion: %q (%v), want %q", got, err, want)
	}
}
