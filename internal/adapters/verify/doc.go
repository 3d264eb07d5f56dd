// Package verify runs deploy's checks after an apply (issue 23, "checks
// after every apply"): HTTP requests and commands that prove the
// deployment serves. It is an adapter (HTTP and a command runner) with no
// step of its own; deploy wires it:
//
//  1. Before terraform runs: Parse the verify input, then CheckOutputs
//     against DeclaredOutputs of the root module (when that read the
//     whole module). Both errors are step.UsageError: exit 2, nothing
//     done.
//  2. After a successful apply: Runner.Run with the reporter's Redact,
//     the workspace, CommandEnv(os.Environ()) and the outputs of the
//     apply. Print each run: result's Output through the fenced console
//     (report's Untrusted writer), add Markdown(results) to the summary,
//     and set the deployment status to success only when Passed.
//
// # The input
//
// A YAML list; each entry is one check:
//
//	verify: |
//	  - url: https://api.example.com/healthz   # or output: service_url
//	    status: 200        # default 200
//	    contains: ok       # optional: a substring of the body
//	    timeout: 10s       # per attempt, default 10s (a number is seconds)
//	    attempts: 5        # default 5, with a backoff between attempts
//	  - run: ./scripts/smoke-test.sh dev   # in the workspace; exit 0 passes
//	    timeout: 5m        # default 5m
//	    attempts: 1        # default 1
//
// output: names a root module output whose value, after the apply, is
// the URL. Errors name the entry, the key, the value and the fix:
// malformed YAML, an unknown key (with the nearest known one), not
// exactly one of url/output/run, a URL without http:// or https:// or a
// host, a status, timeout (1s to 10m) or attempts (1 to 20) out of
// range, status: or contains: on a run: check, and (CheckOutputs) an
// output the module does not declare.
//
// # Running
//
// Checks run one after another, in order. Each attempt is bounded by the
// check's timeout; all checks together by Runner.Total (10 minutes by
// default), after which the remaining ones fail as "not run". A failed
// attempt is tried again after ExponentialBackoff (2s, 4s, 8s, ... at
// most 30s) until the attempts are spent; every failure is retried
// (a service still starting answers 503 or refuses connections), which
// is safe: a check is a GET or a command its author asked to repeat.
//
// HTTP: GET with no cookies and no redirects followed: a 3xx is the
// answer, and fails unless status: names it, saying where it pointed. A
// check names the address that must answer; following would let a
// redirect to a login page pass as 200 and send the URL's credentials
// to another host. The body is read up to MaxBody for contains:.
//
// Commands: sh -c in the workspace, in a process group of its own, with
// the runner's tokens and the step's INPUT_* variables removed from the
// environment (CommandEnv), as terraform does not see them either; on a
// timeout or a cancellation the group gets SIGINT, then SIGKILL after
// 10s. Their output (stdout and stderr, the last MaxOutput bytes) is
// returned, redacted, for the caller to print fenced.
//
// # Secrets
//
// Every text of a Result (the URL or command, the body excerpt, the
// output, the error, which may quote a URL or a Location) passes the
// Runner's Redact before it is stored, and a text is redacted before it
// is cut, so that a cut can never leave part of a secret the redactor
// would no longer recognise. Markdown sets them in table cells
// (report.Cell) and code spans or fences (report.Fence) they cannot
// leave.
package verify
