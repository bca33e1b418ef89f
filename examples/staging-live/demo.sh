#!/usr/bin/env bash
# Staging to live, end to end, against two local portal emulators.
#
# Run it from the repository root with `make example`, which puts the Pulumi CLI,
# `lsq-pulumi` and `lsq-portal-emulator` on PATH and sets the Pulumi passphrase.
# Everything it makes lives in .state/examples/staging-live and is removed at the
# end; after a failure it is kept for reading, and the next run starts afresh.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
work=$(cd "$here/../.." && pwd)/.state/examples/staging-live

# Ports and portal URLs must match Pulumi.staging.yaml and Pulumi.live.yaml.
staging_portal=http://127.0.0.1:8766
live_portal=http://127.0.0.1:8767
staging_admin_key=demo-staging-reviewer-key

# Two accounts with different keys, as LeadSquared's staging and live portals
# are. With real portals these go in `pulumi config set --secret` instead.
export LEADSQUARED_STAGING_ACCESS_KEY=demo-staging-access-key
export LEADSQUARED_STAGING_SECRET_KEY=demo-staging-secret-key
export LEADSQUARED_LIVE_ACCESS_KEY=demo-live-access-key
export LEADSQUARED_LIVE_SECRET_KEY=demo-live-secret-key
# The demo's own backend, so that cleaning up cannot touch any other stack.
export PULUMI_BACKEND_URL=file://$work/backend

step() { printf '\n==> %s\n' "$*"; }
pulumi_run() { lsq-pulumi "$1" --cwd "$here" --stack "$2" "${@:3}"; }

emulators=()
finish() {
	local status=$?
	for pid in "${emulators[@]}"; do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
	if [ "$status" -eq 0 ]; then
		rm -rf "$work"
		rmdir "$(dirname "$work")" 2>/dev/null || true
		echo "stopped both emulators and removed $work"
		echo "walk-through finished in ${SECONDS}s"
	else
		echo "demo failed; emulator logs and stack state are kept in $work" >&2
	fi
}
trap finish EXIT

start_portal() { # name url access-key secret-key admin-key
	local name=$1 url=$2
	if curl -s -o /dev/null "$url"; then
		echo "something already listens on $url; stop it and run the demo again" >&2
		return 1
	fi
	lsq-portal-emulator --port "${url##*:}" --data-file "$work/$name-portal.db" \
		--account "$name-partner:$3:$4" --admin-key "$5" \
		>"$work/$name-portal.log" 2>&1 &
	emulators+=($!)
	for _ in $(seq 50); do
		curl -sf "$url/_emulator/health" >/dev/null && return 0
		sleep 0.2
	done
	echo "the $name portal emulator did not start; see $work/$name-portal.log" >&2
	return 1
}

show_portal() { # url access-key secret-key
	curl -sf "$1/v2/Connector.svc/Connectors.Get" \
		-H "x-LSQ-AccessKey: $2" -H "x-LSQ-SecretKey: $3" \
		-H 'Content-Type: application/json' \
		-d '{"Paging": {"PageIndex": 1, "PageSize": 100}}' |
		jq -r '.Connectors[] | "  \(.Name) [\(.Status)] id \(.Id)",
			"    configuration: \(.ConfigurationUrl)",
			(.Actions[]? | "    action \(.Label): \(.CallbackUrl)")'
}

rm -rf "$work"
mkdir -p "$work/backend"

step "Starting the staging portal ($staging_portal) and the live portal ($live_portal)"
start_portal staging "$staging_portal" "$LEADSQUARED_STAGING_ACCESS_KEY" \
	"$LEADSQUARED_STAGING_SECRET_KEY" "$staging_admin_key"
start_portal live "$live_portal" "$LEADSQUARED_LIVE_ACCESS_KEY" \
	"$LEADSQUARED_LIVE_SECRET_KEY" demo-live-reviewer-key

step "staging stack: create the connectors and submit them for LeadSquared's review"
pulumi_run up staging

step "live stack before the review: promotion must wait"
if refused=$(pulumi_run preview live 2>&1); then
	echo "the live stack promoted connectors nobody had reviewed" >&2
	exit 1
fi
grep -o "staging connector '[^']*' (id [^)]*) is In Review; promotion[^\"]*Live" \
	<<<"$refused" | sort -u || {
	echo "$refused" >&2
	exit 1
}

step "LeadSquared reviews the staging connectors and approves them (Live)"
submitted=$(pulumi -C "$here" stack output connector_ids --stack staging --json)
for id in $(jq -r '.[]' <<<"$submitted"); do
	curl -sf -X POST "$staging_portal/v2/Review.svc/Connector.SetStatus?id=$id" \
		-H "x-LSQ-AdminKey: $staging_admin_key" \
		-H 'Content-Type: application/json' -d '{"Status": "Live"}' |
		jq -r '.Connector | "  approved \(.Name) (id \(.Id)): \(.Status)"'
done

step "live stack: promote the reviewed connectors (export, import, live hosts, publish)"
pulumi_run up live

step "What each portal holds now"
echo "staging portal:"
show_portal "$staging_portal" \
	"$LEADSQUARED_STAGING_ACCESS_KEY" "$LEADSQUARED_STAGING_SECRET_KEY"
echo "live portal:"
show_portal "$live_portal" \
	"$LEADSQUARED_LIVE_ACCESS_KEY" "$LEADSQUARED_LIVE_SECRET_KEY"

step "Preview both stacks: the portals match the program, so no changes"
pulumi_run preview staging --expect-no-changes
pulumi_run preview live --expect-no-changes

step "Cleaning up: destroy the live stack"
pulumi_run destroy live
echo "The staging connectors are Live, and the portal never deletes a Live"
echo "connector, so the staging stack is left as it is and goes with the emulators."
