package step

// Who names the person or run behind a manual change, for its record:
// the GitHub actor and run inside Actions, the local user (and the gcloud
// account when set) outside.
func Who(rt *Runtime) string {
	if a := rt.GitHub.Actor; a != "" {
		if u := rt.GitHub.RunURL(); u != "" {
			return a + " (GitHub Actions run " + u + ")"
		}
		return a + " (GitHub Actions)"
	}
	u := rt.Getenv("USER")
	if u == "" {
		u = rt.Getenv("LOGNAME")
	}
	if u == "" {
		u = "unknown user"
	}
	if acct := rt.Getenv("CLOUDSDK_CORE_ACCOUNT"); acct != "" {
		u += " (" + acct + ")"
	}
	return u + " (local)"
}
