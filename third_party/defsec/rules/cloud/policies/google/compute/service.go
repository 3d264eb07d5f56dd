package compute

const service = "compute"
