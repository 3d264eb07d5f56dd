module github.com/wasilibs/go-pgquery

go 1.25.0

require (
	github.com/google/go-cmp v0.7.0
	github.com/pganalyze/pg_query_go/v6 v6.2.2
	github.com/tetratelabs/wazero v1.12.0
	github.com/wasilibs/wazero-helpers v0.0.0-20250123031827-cd30c44769bb
	google.golang.org/protobuf v1.36.11
)

require (
	github.com/stretchr/testify v1.11.1 // indirect
	golang.org/x/sys v0.44.0 // indirect
)
