#!/usr/bin/env bash
# The GitOps pipeline of workflow.yml as a plain shell script, for any CI:
#
#   plan -> access report (Markdown for the review, terminal for the log) -> gate
#        -> apply -> hand the passwords to their consumer -> clean up
#
# It never prints a secret: the saved plan and its JSON (which hold the current
# passwords) stay in a private temporary directory that is removed on exit, and the
# passwords go from "terraform output -json" straight into the consumer's standard
# input, or into a file only its owner can read.
#
# Run it in (or point TF_DIR at) a Terraform configuration such as this directory's.
# Environment:
#   INFOMANIAK_TOKEN       API token (required); INFOMANIAK_ENDPOINT optional
#   TF_DIR                 the configuration (default: the current directory)
#   MODE                   "plan" (pull requests: plan and report only) or "apply" (default)
#   REPORT_GATES           gate flags of "infomaniak-mail report"
#                          (default: --fail-on grant-removal --max-revocations 3)
#   REPORT_FILE            where the Markdown report goes (default: $TF_DIR/access-report.md)
#   PR_NUMBER              with MODE=plan: post the Markdown report on that pull request,
#                          replacing the pipeline's previous comment in place on a new push
#   GH                     how to run the GitHub CLI (default: gh)
#   SECRET_CONSUMER        a command that reads the passwords as JSON ({"crm": "..."})
#                          on its standard input, e.g. a secret store's CLI
#   SECRETS_FILE           without SECRET_CONSUMER: the file that receives that JSON,
#                          mode 0600 (default: $TF_DIR/.secrets/device_passwords.json)
#   INFOMANIAK_MAIL        how to run the CLI (default: npx --no-install infomaniak-mail)
#
# Exit codes: 0 done (or nothing to do), 3 a report gate failed (nothing applied),
# anything else: a step failed (its output says which).
set -euo pipefail
umask 077 # every file this script writes is private

: "${INFOMANIAK_TOKEN:?INFOMANIAK_TOKEN must be set}"
TF_DIR="${TF_DIR:-.}"
MODE="${MODE:-apply}"
REPORT_GATES="${REPORT_GATES:---fail-on grant-removal --max-revocations 3}"
REPORT_FILE="${REPORT_FILE:-$TF_DIR/access-report.md}"
SECRETS_FILE="${SECRETS_FILE:-$TF_DIR/.secrets/device_passwords.json}"
INFOMANIAK_MAIL="${INFOMANIAK_MAIL:-npx --no-install infomaniak-mail}"
GH="${GH:-gh}"
export TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1

case "$MODE" in plan | apply) ;; *)
  echo "pipeline: MODE must be plan or apply (got \"$MODE\")" >&2
  exit 2
  ;;
esac

# The plan and its JSON hold the passwords in state: keep them private and short-lived.
private="$(mktemp -d)"
trap 'rm -rf "$private"' EXIT
plan="$private/tfplan"
plan_json="$private/plan.json"

step() { printf '\n== %s\n' "$*"; }

step "terraform init"
terraform -chdir="$TF_DIR" init -input=false -no-color >/dev/null

step "terraform plan"
set +e
terraform -chdir="$TF_DIR" plan -input=false -no-color -detailed-exitcode -out="$plan"
planned=$?
set -e
if [ "$planned" -eq 1 ]; then
  echo "pipeline: terraform plan failed" >&2
  exit 1
fi
terraform -chdir="$TF_DIR" show -json "$plan" >"$plan_json"

step "access report"
# Markdown for the pull request (or the job summary); the same report in the log, gated.
# shellcheck disable=SC2086 # INFOMANIAK_MAIL and REPORT_GATES are word lists on purpose
$INFOMANIAK_MAIL report --format markdown --mermaid "$plan_json" >"$REPORT_FILE"
if [ "$MODE" = plan ] && [ -n "${PR_NUMBER:-}" ]; then
  # One comment per pull request, replaced on every push (its first line is the summary);
  # posted before the gates, so that reviewers see why a gate failed.
  # shellcheck disable=SC2086 # GH is a word list on purpose
  $GH pr comment "$PR_NUMBER" --edit-last --body-file "$REPORT_FILE" 2>/dev/null ||
    $GH pr comment "$PR_NUMBER" --body-file "$REPORT_FILE"
  echo "pipeline: access report posted on pull request $PR_NUMBER"
fi
set +e
# shellcheck disable=SC2086
$INFOMANIAK_MAIL report $REPORT_GATES "$plan_json"
gate=$?
set -e
if [ "$gate" -eq 3 ]; then
  echo "pipeline: a report gate failed; nothing was applied. Review the report, then change the gates or the code." >&2
  exit 3
elif [ "$gate" -ne 0 ]; then
  echo "pipeline: the report failed (exit $gate)" >&2
  exit "$gate"
fi

if [ "$MODE" = plan ]; then
  echo "pipeline: plan mode, report in $REPORT_FILE"
  exit 0
fi
if [ "$planned" -eq 0 ]; then
  echo "pipeline: no changes"
  exit 0
fi

step "terraform apply"
terraform -chdir="$TF_DIR" apply -input=false -no-color "$plan"

step "hand the passwords to their consumer"
# Straight from terraform into the consumer: never in a variable, an argument or the log.
if [ -n "${SECRET_CONSUMER:-}" ]; then
  terraform -chdir="$TF_DIR" output -json device_passwords | sh -c "$SECRET_CONSUMER"
  echo "pipeline: passwords handed to the consumer"
else
  mkdir -p "$(dirname "$SECRETS_FILE")"
  rm -f "$SECRETS_FILE"
  # Created private (umask 077), never readable by others even for a moment.
  (umask 077 && terraform -chdir="$TF_DIR" output -json device_passwords >"$SECRETS_FILE")
  echo "pipeline: passwords written to $SECRETS_FILE (mode 0600)"
fi
