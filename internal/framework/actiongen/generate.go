package actiongen

//go:generate go run ../../../cmd/gen-actions -root ../../..
