#!/usr/bin/env bash
# ./berth deploy without the AWS tools or without credentials stops with a clear message, having
# built, written and deployed nothing (a fake aws/sam on the PATH record every call they get).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"
fails=0
check() { # name expected-exit expected-text command...
  local name="$1" code="$2" text="$3"; shift 3
  set +e; out=$("$@" 2>&1); got=$?; set -e
  if [ "$got" != "$code" ] || ! grep -qF -- "$text" <<<"$out"; then
    echo "FAIL $name: exit $got (wanted $code); output: $out" >&2; fails=$((fails + 1))
  else
    echo "ok   $name"
  fi
}
# No aws on the PATH at all.
check "no AWS CLI" 2 "the AWS CLI (aws) is not installed" env PATH="$work/bin:/usr/bin:/bin" "$ROOT/scripts/deploy.sh" --stack test --region eu-west-1
# aws and sam present, but no credentials: sts fails; nothing else may be called.
cat > "$work/bin/aws" <<'SH'
#!/usr/bin/env bash
echo "aws $*" >> "$(dirname "$0")/calls.log"
[ "$1" = "sts" ] && { echo "Unable to locate credentials" >&2; exit 255; }
exit 0
SH
cat > "$work/bin/sam" <<'SH'
#!/usr/bin/env bash
echo "sam $*" >> "$(dirname "$0")/calls.log"
SH
cat > "$work/bin/mvn" <<'SH'
#!/usr/bin/env bash
echo "mvn $*" >> "$(dirname "$0")/calls.log"
SH
chmod +x "$work/bin/aws" "$work/bin/sam" "$work/bin/mvn"
check "no credentials" 2 "no usable AWS credentials" env PATH="$work/bin:/usr/bin:/bin" AWS_REGION=eu-west-1 "$ROOT/scripts/deploy.sh" --stack test
if grep -v "^aws sts" "$work/bin/calls.log" >/dev/null 2>&1; then
  echo "FAIL no credentials: something else ran: $(cat "$work/bin/calls.log")" >&2; fails=$((fails + 1))
fi
check "no stack" 2 "--stack NAME is required" env PATH="$work/bin:/usr/bin:/bin" "$ROOT/scripts/deploy.sh"
check "bad stack name" 2 "must be letters" env PATH="$work/bin:/usr/bin:/bin" "$ROOT/scripts/deploy.sh" --stack 'x;rm -rf'
[ "$fails" -eq 0 ] || exit 1
