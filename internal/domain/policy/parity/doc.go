// Package parity decides whether a deploy applies what a pull request's
// reviewers were shown (issue 23, "plan parity on merge"). It is pure:
// it judges terraform-json plans and records, reads no files and calls
// nothing.
//
// # The record
//
// plan-comment digests each environment's plan (Digest, with the plan's
// secrets from plan.Parsed.Secrets) and writes the record (Encode) into
// its own comment as a hidden line (Marker). Deploy, on a push to the
// default branch, finds the merged pull request of the commit, reads the
// record back from our own comment only (FindRecord, which decodes it)
// and compares its fresh plan with it (Compare). Each record has a new
// random salt, so re-running the pull request's plan replaces it whole.
//
// A record holds, per resource change (what policy.Changes lists, plus
// deposed objects): the address, the action (with move and import), and
// a keyed hash of each changed leaf attribute's before and after, walked
// as the plan comment renders them; per changed output, a keyed hash of
// its before and after; and two top-level hashes: the Shape (addresses
// and actions) and All (everything). An attribute known only at apply
// time hashes its after as "unknown", so a value that is unknown in
// both plans is no difference, and one known in one plan and unknown in
// the other is an ApplyTimeValues difference (shown, applied).
//
// # Secrets
//
// The comment is readable by everyone who can read the pull request,
// perhaps the public. A hash of a low-entropy secret ("hunter2", a PIN)
// could be brute-forced from it, salt or not, since deploy needs the
// salt to compare and so it is in the record. So a secret value is
// never hashed: an attribute marked sensitive, at a policy.SecretPath
// (any container env value, a secret-named key), or whose value holds
// one of the plan's secrets is recorded as Withheld: its hash says that
// it changes (and whether to or from null), not from what to what,
// which is exactly what the plan comment showed the reviewer. Values
// under secret-named keys inside objects and JSON strings are replaced
// as the comment shows them. The consequence, accepted: a secret that
// changes between the review and the merge is not a difference.
//
// Every other value was shown in clear in the comment (unless the
// comment had to be cut to fit), so its hash reveals nothing new. The
// hashes are HMAC-SHA256 keyed by a random salt per record, truncated
// to 48 bits (256 bits for the top-level ones), and bind the address
// and attribute path: two records, or two attributes of one record,
// with equal values cannot be told equal from their hashes.
//
// # Size
//
// A record is deflated JSON in unpadded base64url, whose alphabet can
// close neither an HTML comment nor a Markdown block. It shares GitHub's
// 65,536-character comment limit with the rendered plans: a comment's
// records together get CommentBudget (a quarter), Budget(n) each for n
// environments, plus MarkerOverhead each for their lines; plan-comment
// gives its rendered sections what is left. Encode keeps the most detail
// that fits:
//
//   - Attributes: each change's address, action and attribute hashes.
//     Deploy names every difference by address and attribute path.
//   - Resources: address, action and one hash of all its values. Deploy
//     names each difference by address, but not which attributes differ
//     (so cannot tell values known only at apply time from others; both
//     are applied anyway).
//   - Keys: a keyed hash of each address instead of the address (13
//     bytes a change). Every refusal still names its address, which
//     deploy takes from the fresh plan; a reviewed change no longer
//     planned is counted, not named.
//   - Summary: the top-level hashes and the count. If the fresh plan's
//     Shape is the reviewed one, nothing can have been added, destroyed
//     or replaced unreviewed, and a values difference is shown without
//     saying where; if not, every fresh change is Unverifiable and the
//     apply is refused (re-run the pull request's plan, or dispatch with
//     allow-unreviewed).
//
// Measured (TestEncodeFitsTheBudget, changes of three attributes with
// module addresses): Attributes takes about 85 bytes a change, Resources
// 24, Keys 16.5; so one environment's 16 KiB hold about 190, 680 or 990
// changes at each detail, and each of three environments' 5.3 KiB about
// 64, 225 or 330. Digest and Encode take about 15 ms per 1,000 changes
// (BenchmarkDigestAndEncode10000).
//
// Refusals depend only on addresses and actions, which every detail but
// Summary keeps whole, so dropping detail never lets an unreviewed
// destroy through; it only makes the shown differences less precise.
//
// # The rule
//
// Compare's differences that refuse (Kind.Refuses): an unreviewed
// destroy, replace or forget (the fresh plan's action on a resource is
// one of those and the reviewed plan's is not the same), and a resource
// change that is not in the reviewed plan at all (create, update, move
// or import of an address the reviewed plan did not change). Those shown
// and applied: values that differ on a resource both plans change the
// same way (a stale branch merged after another change), values known
// only at apply time, outputs, an action that changed without destroying
// anything (a reviewed replace now an update), and a reviewed change no
// longer planned.
//
// With no pull request for the commit (a direct push), there is nothing
// to compare: ParseUnreviewed reads the unreviewed input (refuse or
// warn; by default warn in the first environment of the promotion
// order, refuse in the others).
package parity
