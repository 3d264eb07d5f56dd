package convert

type Converter interface {
	ToRego() interface{}
}
