#!/usr/bin/env bash
# ./berth deploy --stack NAME [--region R] [--base-domain D] [--dns route53|gandi] [--hosted-zone-id Z]
#                [--load-balancer ADDRESS] [--load-balancer-host-key FP] [--load-balancer-sources CIDRS]
#                [--tls-domains DOMAINS] [--acme-email ADDRESS]
# Builds the Lambda packages, makes sure the secret-store entries the stack needs exist (from the
# environment, or asked for on a terminal), runs `sam deploy`, uploads the console and prints the
# API URL, the console URL and the bootstrap step. Without the AWS and SAM CLIs or without AWS
# credentials it stops before doing anything.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

stack="" region="${AWS_REGION:-${AWS_DEFAULT_REGION:-}}" base_domain="" dns="route53" zone="none" lb="" lb_key="" lb_sources=""
tls_domains="" acme_email=""
usage() { sed -n '2,4p' "$0" | sed 's/^# //' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --stack) stack="${2:-}"; shift 2 ;;
    --region) region="${2:-}"; shift 2 ;;
    --base-domain) base_domain="${2:-}"; shift 2 ;;
    --dns) dns="${2:-}"; shift 2 ;;
    --hosted-zone-id) zone="${2:-}"; shift 2 ;;
    --load-balancer) lb="${2:-}"; shift 2 ;;
    --load-balancer-host-key) lb_key="${2:-}"; shift 2 ;;
    --load-balancer-sources) lb_sources="${2:-}"; shift 2 ;;
    --tls-domains) tls_domains="${2:-}"; shift 2 ;;
    --acme-email) acme_email="${2:-}"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "berth deploy: unknown argument $1" >&2; usage ;;
  esac
done
fail() { echo "berth deploy: $*" >&2; echo "berth deploy: nothing was deployed or changed." >&2; exit 2; }
[ -n "$stack" ] || fail "--stack NAME is required"
[[ "$stack" =~ ^[A-Za-z][A-Za-z0-9-]{0,63}$ ]] || fail "--stack must be letters, digits and - (a CloudFormation stack name)"
[[ "$dns" =~ ^(route53|gandi)$ ]] || fail "--dns must be route53 or gandi"
command -v aws >/dev/null 2>&1 || fail "the AWS CLI (aws) is not installed: https://docs.aws.amazon.com/cli/"
command -v sam >/dev/null 2>&1 || fail "the SAM CLI (sam) is not installed: https://docs.aws.amazon.com/serverless-application-model/"
[ -n "$region" ] || fail "no region: pass --region or set AWS_REGION"
if ! account=$(aws sts get-caller-identity --query Account --output text --region "$region" 2>/dev/null); then
  fail "no usable AWS credentials (aws sts get-caller-identity failed): set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
fi
echo "== Deploying stack $stack to account $account, region $region"

prefix="/berth/$stack"
# A secret-store entry: kept when present; else from the named environment variable, else asked for on a terminal.
ensure_parameter() {
  local name="$1" variable="$2" description="$3" value=""
  if aws ssm get-parameter --name "$name" --region "$region" >/dev/null 2>&1; then
    echo "   $name: present"; return
  fi
  value="${!variable:-}"
  if [ -z "$value" ] && [ -t 0 ]; then
    read -r -s -p "   $description ($name): " value; echo
  fi
  [ -n "$value" ] || fail "$name is missing: set $variable ($description)"
  # The value goes through a 0600 file, never the command line.
  local file; file=$(mktemp); chmod 600 "$file"; printf '%s' "$value" > "$file"
  aws ssm put-parameter --name "$name" --type SecureString --value "file://$file" --region "$region" >/dev/null
  rm -f "$file"
  echo "   $name: created"
}
echo "== Secret store"
ensure_parameter "$prefix/openstack" BERTH_OPENSTACK_SETTINGS "OpenStack settings as JSON (OS_AUTH_URL, OS_USERNAME, ...)"
ensure_parameter "$prefix/ssh/private-key" BERTH_SSH_PRIVATE_KEY "the private key Berth reaches its VMs with"
ensure_parameter "$prefix/github/token" BERTH_GITHUB_TOKEN "a GitHub token (pull requests, statuses, team keys)"
if ! aws ssm get-parameter --name "$prefix/secrets/bootstrap/admin-token" --region "$region" >/dev/null 2>&1; then
  file=$(mktemp); chmod 600 "$file"; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$file"
  aws ssm put-parameter --name "$prefix/secrets/bootstrap/admin-token" --type SecureString --value "file://$file" --region "$region" >/dev/null
  rm -f "$file"
  echo "   $prefix/secrets/bootstrap/admin-token: created (used once, by berth admin-token)"
fi
cursor="${BERTH_CURSOR_SECRET:-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')}"
webhook="${BERTH_GITHUB_WEBHOOK_SECRET:-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')}"

echo "== Build"
mvn -B -q -DskipTests package -pl functions/api,functions/workflow -am

echo "== sam deploy"
overrides=("CursorSecret=$cursor" "GitHubWebhookSecret=$webhook" "DnsProvider=$dns" "HostedZoneId=$zone"
  "OpenStackSettingsParameter=$prefix/openstack" "SshPrivateKeyParameter=$prefix/ssh/private-key" "GitHubTokenParameter=$prefix/github/token")
[ -n "$base_domain" ] && overrides+=("BaseDomain=$base_domain")
[ -n "$lb" ] && overrides+=("LoadBalancerAddress=$lb")
[ -n "$lb_key" ] && overrides+=("LoadBalancerHostKey=$lb_key")
# The VMs' web ports admit only the load balancer: an IPv4 load balancer is its own source unless told otherwise.
if [ -z "$lb_sources" ] && [[ "$lb" =~ ^[0-9]{1,3}(\.[0-9]{1,3}){3}$ ]]; then lb_sources="$lb/32"; fi
[ -n "$lb_sources" ] && overrides+=("LoadBalancerSourceCidrs=$lb_sources")
[ -n "$tls_domains" ] && overrides+=("TlsDomains=$tls_domains")
[ -n "$acme_email" ] && overrides+=("AcmeEmail=$acme_email")
sam deploy --template-file template.yaml --stack-name "$stack" --region "$region" --capabilities CAPABILITY_IAM --resolve-s3 \
  --no-confirm-changeset --no-fail-on-empty-changeset --parameter-overrides "${overrides[@]}"

output() { aws cloudformation describe-stacks --stack-name "$stack" --region "$region" --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text; }
echo "== Console"
aws s3 sync console/ "s3://$(output ConsoleBucketName)" --exclude 'test/*' --delete --region "$region" >/dev/null
echo
echo "API:     $(output ApiUrl)"
echo "Console: $(output ConsoleUrl)"
echo "Webhook: $(output GitHubWebhookUrl)"
echo
echo "First admin token (once per stack):"
echo "  BERTH_BOOTSTRAP_SECRET=\$(aws ssm get-parameter --with-decryption --name $prefix/secrets/bootstrap/admin-token --query Parameter.Value --output text --region $region) \\"
echo "    ./berth admin-token --api $(output ApiUrl | sed 's#/api/v1$##') --save"
