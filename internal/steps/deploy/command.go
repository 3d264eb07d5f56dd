package deploy

// command is the engine's command line that messages tell people to run.
func (d *Deployer) command() string {
	if d.Command == "" {
		return "terraform"
	}
	return d.Command
}
