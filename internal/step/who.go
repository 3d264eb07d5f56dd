package step

// Who names the person or run behind a manual change, for its record:
// the GitHub actor and run inside Actions, the local user (and the gcloud
// account when set) outside.
func Who(env *Env) string {
	if a := env.GitHub.Actor; a != "" {
		if u := env.GitHub.RunURL(); u != "" {
			return a + " (GitHub Actions run " + u + ")"
		}
		return a + " (GitHub Actions)"
	}
	u := env.Getenv("USER")
	if u == "" {
		u = env.Getenv("LOGNAME")
	}
	if u == "" {
		u = "unknown user"
	}
	if acct := env.Getenv("CLOUDSDK_CORE_ACCOUNT"); acct != "" {
		u += " (" + acct + ")"
	}
	return u + " (local)"
}
