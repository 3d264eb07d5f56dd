package rdb

type RDB struct {
	DBSecurityGroups []DBSecurityGroup
	DBInstances      []DBInstance
}
