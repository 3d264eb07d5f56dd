package computing

type Computing struct {
	SecurityGroups []SecurityGroup
	Instances      []Instance
}
