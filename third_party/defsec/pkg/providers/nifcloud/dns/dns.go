package dns

type DNS struct {
	Records []Record
}
