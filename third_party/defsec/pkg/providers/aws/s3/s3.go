package s3

type S3 struct {
	Buckets []Bucket
}
