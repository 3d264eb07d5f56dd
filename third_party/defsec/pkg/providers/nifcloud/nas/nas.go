package nas

type NAS struct {
	NASSecurityGroups []NASSecurityGroup
	NASInstances      []NASInstance
}
