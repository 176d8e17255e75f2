#!/usr/bin/env bash
# The GitOps pipeline of workflow.yml as a plain shell script, for any CI:
#
#   plan -> access report (Markdown for the review, terminal for the log) -> gate
#        -> apply -> hand the passwords to their consumer -> clean up
#
# Encrypted variant (the configuration sets secret_recipients): apply writes the
# ciphertexts to SEALED_ARTIFACT, safe to publish as a job artifact; each consumer then
# runs MODE=consume with its own private key, which decrypts them into SECRETS_FILE.
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
#   MODE                   "plan" (pull requests: plan and report only), "apply" (default),
#                          or "consume" (decrypt SEALED_ARTIFACT with CONSUMER_IDENTITY)
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
#   SEALED_ARTIFACT        apply: write the encrypted passwords there instead of handing
#                          them over (refused if any is not encrypted); consume: read them
#   CONSUMER_IDENTITY      consume: the consumer's age identity file or OpenPGP private key
#                          (passphrase in INFOMANIAK_MAIL_IDENTITY_PASSPHRASE)
#   INFOMANIAK_MAIL        how to run the CLI (default: npx --no-install infomaniak-mail)
#
# Exit codes: 0 done (or nothing to do), 3 a report gate failed (nothing applied),
# anything else: a step failed (its output says which).
set -euo pipefail
umask 077 # every file this script writes is private

TF_DIR="${TF_DIR:-.}"
MODE="${MODE:-apply}"
REPORT_GATES="${REPORT_GATES:---fail-on grant-removal --max-revocations 3}"
REPORT_FILE="${REPORT_FILE:-$TF_DIR/access-report.md}"
SECRETS_FILE="${SECRETS_FILE:-$TF_DIR/.secrets/device_passwords.json}"
INFOMANIAK_MAIL="${INFOMANIAK_MAIL:-npx --no-install infomaniak-mail}"
GH="${GH:-gh}"
export TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1

case "$MODE" in plan | apply | consume) ;; *)
  echo "pipeline: MODE must be plan, apply or consume (got \"$MODE\")" >&2
  exit 2
  ;;
esac

if [ "$MODE" = consume ]; then
  # The consumer's side: no token, no terraform; only its own key opens the artifact.
  : "${SEALED_ARTIFACT:?SEALED_ARTIFACT must name the encrypted passwords}"
  : "${CONSUMER_IDENTITY:?CONSUMER_IDENTITY must name the private key of the consumer}"
  mkdir -p "$(dirname "$SECRETS_FILE")"
  # shellcheck disable=SC2086 # INFOMANIAK_MAIL is a word list on purpose
  $INFOMANIAK_MAIL decrypt --identity "$CONSUMER_IDENTITY" "$SEALED_ARTIFACT" --out "$SECRETS_FILE"
  echo "pipeline: passwords decrypted to $SECRETS_FILE (mode 0600)"
  exit 0
fi
: "${INFOMANIAK_TOKEN:?INFOMANIAK_TOKEN must be set}"

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
if [ -n "${SEALED_ARTIFACT:-}" ]; then
  sealed="$private/sealed.json"
  terraform -chdir="$TF_DIR" output -json device_passwords >"$sealed"
  # Publishable only if every password in it is encrypted; otherwise nothing is written.
  if ! node -e '
    const v = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const sealed = (s) => /^\s*-----BEGIN (AGE ENCRYPTED FILE|PGP MESSAGE)-----/.test(s);
    process.exit(Object.values(v).every((s) => typeof s === "string" && sealed(s)) ? 0 : 1);
  ' "$sealed"; then
    echo "pipeline: a password in device_passwords is not encrypted; set secret_recipients before publishing" >&2
    exit 1
  fi
  mkdir -p "$(dirname "$SEALED_ARTIFACT")"
  mv "$sealed" "$SEALED_ARTIFACT"
  echo "pipeline: encrypted passwords written to $SEALED_ARTIFACT (safe to publish)"
elif [ -n "${SECRET_CONSUMER:-}" ]; then
  terraform -chdir="$TF_DIR" output -json device_passwords | sh -c "$SECRET_CONSUMER"
  echo "pipeline: passwords handed to the consumer"
else
  mkdir -p "$(dirname "$SECRETS_FILE")"
  rm -f "$SECRETS_FILE"
  # Created private (umask 077), never readable by others even for a moment.
  (umask 077 && terraform -chdir="$TF_DIR" output -json device_passwords >"$SECRETS_FILE")
  echo "pipeline: passwords written to $SECRETS_FILE (mode 0600)"
fi
