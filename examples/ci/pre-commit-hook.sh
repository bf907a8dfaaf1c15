#!/usr/bin/env bash
# Git pre-commit hook: lints the workflow definitions as they will be committed (the staged
# versions, not the working tree), and blocks the commit when `sovereign lint` finds errors.
#
# Install, from the repository root:
#   cp examples/ci/pre-commit-hook.sh .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit
#
# Settings (environment variables):
#   SOVEREIGN             the sovereign binary (default: `sovereign` on PATH, else
#                         .build/release/sovereign, else .build/debug/sovereign)
#   SOVEREIGN_WORKFLOWS   the folder the reconciler reads (default: workflows)
#   SOVEREIGN_LINT_FLAGS  extra flags, e.g. "--strict" to block on warnings too
#
# It runs only when the commit adds, changes, renames or deletes a *.yaml/*.yml file under that
# folder. It then lints the whole staged folder, not just the changed files: lint treats the
# folder as one set, so a renamed workflow or a deleted configuration is caught where it is
# referenced.
#
# Exit status of `sovereign lint`: 0 no errors (the commit goes ahead), 1 errors found (or warnings
# with --strict), 2 usage error or unreadable path. The hook blocks the commit on 1 and 2.
# Skip the hook once with `git commit --no-verify`.
set -euo pipefail

folder="${SOVEREIGN_WORKFLOWS:-workflows}"
folder="${folder%/}"
root="$(git rev-parse --show-toplevel)"
cd "$root"

# Nothing to do unless the commit touches YAML under the folder (pathspec `*` also matches `/`).
changed="$(git diff --cached --name-only --diff-filter=ACMRD -- "$folder/*.yaml" "$folder/*.yml")"
if [ -z "$changed" ]; then
    exit 0
fi

binary="${SOVEREIGN:-}"
if [ -z "$binary" ]; then
    for candidate in sovereign "$root/.build/release/sovereign" "$root/.build/debug/sovereign"; do
        if command -v "$candidate" >/dev/null 2>&1; then
            binary="$candidate"
            break
        fi
    done
fi
case "$binary" in
    /*) ;;
    */*) binary="$root/$binary" ;;  # a relative path: the lint below runs from another directory
esac
if [ -z "$binary" ]; then
    echo "pre-commit: sovereign not found; build it (swift build -c release) or set SOVEREIGN." >&2
    echo "pre-commit: to commit without linting, use git commit --no-verify." >&2
    exit 1
fi

# Copy the staged folder (the index, as it will be committed) to a temporary directory, so that
# unstaged edits neither hide nor cause findings.
staged="$(mktemp -d)"
trap 'rm -rf "$staged"' EXIT
git ls-files -z --cached -- "$folder" | xargs -0 git checkout-index --prefix="$staged/" --
mkdir -p "$staged/$folder"

# Run from the copy so that paths print as workflows/…, as in CI.
status=0
# shellcheck disable=SC2086 # SOVEREIGN_LINT_FLAGS is a list of flags
(cd "$staged" && "$binary" lint ${SOVEREIGN_LINT_FLAGS:-} "$folder/") || status=$?

case "$status" in
    0) exit 0 ;;
    1) echo "pre-commit: sovereign lint found problems in the staged files; fix them and stage again." >&2 ;;
    *) echo "pre-commit: sovereign lint could not run (status $status)." >&2 ;;
esac
exit 1
