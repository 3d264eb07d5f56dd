package validate

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pmezard/go-difflib/difflib"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/terraform"
)

// fmtExts are the files terraform fmt checks in a directory.
var fmtExts = []string{".tf", ".tfvars", ".tftest.hcl", ".tfmock.hcl"}

// checkFmtModule runs terraform fmt on the module; when it fails on the
// module as a whole (a file it cannot read, such as a var file symlinked
// to one each user creates), the files it can read are checked one by one
// and the rest is a notice in terraform's words.
func checkFmtModule(ctx context.Context, tf *terraform.Terraform, root, mod string) (checked, error) {
	found, err := checkFmt(ctx, tf, root, mod)
	if err == nil || ctx.Err() != nil {
		return checked{findings: found}, err
	}
	entries, rerr := os.ReadDir(mod)
	if rerr != nil {
		return checked{}, err
	}
	var out checked
	var failed []string
	for _, e := range entries {
		if e.IsDir() || !slices.ContainsFunc(fmtExts, func(ext string) bool { return strings.HasSuffix(e.Name(), ext) }) {
			continue
		}
		abs := filepath.Join(mod, e.Name())
		before, rerr := os.ReadFile(abs)
		if rerr != nil {
			failed = append(failed, e.Name())
			continue
		}
		after, ferr := tf.FormatString(ctx, string(before))
		if ferr != nil {
			if ctx.Err() != nil {
				return checked{}, ferr
			}
			failed = append(failed, fmt.Sprintf("%s (%s)", e.Name(), sentence(toolWords(ferr))))
			continue
		}
		if after != string(before) {
			out.findings = append(out.findings, fmtFinding(root, abs, string(before), after))
		}
	}
	words := toolWords(err)
	msg := fmt.Sprintf("terraform fmt could not check this module: %s.", sentence(words))
	if hint := brokenFilesHint(root, mod, words); hint != "" {
		msg += " " + hint + "."
	}
	if len(failed) > 0 {
		msg += fmt.Sprintf(" Each file was then checked on its own, but for %s.", strings.Join(failed, ", "))
	} else {
		msg += " Each file was then checked on its own."
	}
	out.notices = append(out.notices, Notice{Check: "fmt", Module: relTo(root, mod), Level: "warning", Incomplete: len(failed) > 0, Message: msg})
	return out, nil
}

// fmtFinding is a file terraform fmt would change, with the diff.
func fmtFinding(root, abs, before, after string) Finding {
	rel, _ := filepath.Rel(root, abs)
	diff, _ := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A: difflib.SplitLines(before), B: difflib.SplitLines(after),
		FromFile: "a/" + rel, ToFile: "b/" + rel, Context: 2,
	})
	return Finding{
		Check: "fmt", RuleID: "terraform_fmt", Severity: fmtSeverity, File: rel, Line: firstChangedLine(before, after),
		Title: "File is not formatted", Message: fmt.Sprintf("%s is not in canonical format; run terraform fmt", rel),
		Link: "https://developer.hashicorp.com/terraform/cli/commands/fmt", Detail: diff,
	}
}
