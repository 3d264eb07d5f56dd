#!/usr/bin/env bash
# A check after deploy's apply (its verify input, in the pipeline's
# deploy-dev job): olympus-api's newest revision started, is Ready and
# serves all traffic. The API's ingress is internal, so a runner cannot
# request its URL: Cloud Run is asked instead, with the deploy job's
# credentials. Exit 0 passes; deploy retries it as verify says.
# Usage: checks/api-ready.sh <environment>   (in the root module's directory)
set -euo pipefail
env=${1:?usage: checks/api-ready.sh <environment>}
project=$(sed -n 's/^ *project_id *= *"\(.*\)"/\1/p' "environments/$env/terraform.tfvars")
region=$(sed -n 's/^ *region *= *"\(.*\)"/\1/p' "environments/$env/terraform.tfvars")
region=${region:-us-central1}
read -r ready latest created < <(gcloud run services describe olympus-api --project "$project" --region "$region" \
  --format='value(status.conditions[0].status,status.latestReadyRevisionName,status.latestCreatedRevisionName)')
echo "olympus-api in $project/$region: Ready=$ready, latest ready $latest, latest created $created"
[[ $ready == True && $latest == "$created" ]]
