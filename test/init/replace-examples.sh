#!/usr/bin/env bash
# Proves that the test suite does not depend on this repository's own examples: in a temporary
# clone of HEAD (the working tree is never touched), replaces catalog/ and identities/ with a
# `gatehouse init` scaffold of another organisation, regenerates CODEOWNERS as anyone replacing
# them would, and runs the suite there. Extra arguments go to vitest (e.g. a test directory).
#   test/init/replace-examples.sh [vitest args...]
set -euo pipefail
repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone --quiet "$repo" "$work/clone"
ln -s "$repo/node_modules" "$work/clone/node_modules"
cd "$work/clone"
node bin/gatehouse.js init "$work/other" --github-repo other-org/identities --account other-prod --account-id 444455556666 --environment prod >/dev/null
rm -rf catalog identities
cp -r "$work/other/catalog" "$work/other/identities" .
# In this repository the schemas are in schema/, not in node_modules.
find catalog identities -name '*.yaml' -exec sed -i '1s#node_modules/gatehouse-nhi/schema/#schema/#' {} +
node bin/gatehouse.js codeowners >/dev/null
echo "examples replaced by: $(find identities -name '*.yaml' | tr '\n' ' ')"
npx vitest run "$@"
