#!/usr/bin/env bash
# The shell logic of the GitHub Action (action.yml), kept here so tests can run it with a fake
# GITHUB_* environment.
#
#   action.sh cache-key   writes `key=<cache key>` to $GITHUB_OUTPUT
#   action.sh install     cargo-installs irsa-lint (INPUT_VERSION from crates.io, else the
#                         action's own source)
#   action.sh run         checks (installing first when irsa-lint is not on PATH), writes the
#                         outputs and the step summary; exits with the check's exit code
#                         (0 clean, 1 findings at or above fail-on, 2 usage or I/O error)
#
# Inputs come as environment variables (never interpolated into the script): INPUT_PATH,
# INPUT_VERSION, INPUT_ARGS, INPUT_FAIL_ON, INPUT_SARIF_FILE, INPUT_CONFIG, INPUT_ISOLATED.
# IRSA_LINT_BIN names a prebuilt
# binary to use instead of installing one (tests).
set -euo pipefail

log=
action_path="${GITHUB_ACTION_PATH:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"

output() {
    if [[ -n ${GITHUB_OUTPUT:-} ]]; then
        printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"
    fi
}

cache_key() {
    local what
    if [[ -n ${INPUT_VERSION:-} ]]; then
        what="v${INPUT_VERSION}"
    else
        # Built from the action's own source: key on its content, so a changed source rebuilds.
        what="src-$(cd "$action_path" && find Cargo.toml Cargo.lock src -type f -print0 |
            LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)"
    fi
    output key "irsa-lint-${RUNNER_OS:-$(uname -s)}-${what}"
}

install() {
    echo "::group::Install irsa-lint"
    if [[ -n ${INPUT_VERSION:-} ]]; then
        cargo install irsa-lint --version "$INPUT_VERSION" --locked --force
    else
        cargo install --path "$action_path" --locked --force
    fi
    echo "::endgroup::"
}

# Undoes the workflow-command escaping of a property or message.
unescape() {
    local s=$1
    s=${s//%0D/}
    s=${s//%0A/ }
    s=${s//%3A/:}
    s=${s//%2C/,}
    printf '%s' "${s//%25/%}"
}

# Makes log text inert in the step summary, where GitHub renders Markdown and some HTML: every
# ASCII character but letters, digits and the space becomes a numeric character reference
# (`<` is `&#60;`), so no code span, link, image, tag, autolink or table cell can start; a
# control character is shown as \u{X}, as in the human report. Other bytes (UTF-8) stay.
md_escape() {
    local LC_ALL=C s=$1 out='' c i n
    for ((i = 0; i < ${#s}; i++)); do
        c=${s:i:1}
        case $c in
        [A-Za-z0-9\ ]) out+=$c ;;
        *)
            printf -v n '%d' "'$c"
            if ((n < 0 || n > 127)); then
                out+=$c
            elif ((n < 32 || n == 127)); then
                printf -v c '%x' "$n"
                out+="&#92;u&#123;${c}&#125;"
            else
                out+="&#${n};"
            fi
            ;;
        esac
    done
    printf '%s' "$out"
}

# Appends a markdown table of the findings to the step summary (GitHub allows 1 MiB per step).
# Every cell from the log is escaped with md_escape: file names, titles and messages come from
# the scanned tree. The location is shown in <code>, the title and message as plain text.
step_summary() {
    local log=$1 status=$2 summary_line=$3 rows=0 line level file lineno title message
    {
        echo "### irsa-lint"
        echo
        md_escape "${summary_line#irsa-lint: }"
        echo
        echo
        if grep -qE '^::(error|warning|notice) ' "$log"; then
            echo "| level | location | rule | message |"
            echo "|---|---|---|---|"
            while IFS= read -r line; do
                [[ $line =~ ^::(error|warning|notice)\ file=([^,]*),line=([0-9]+),.*title=([^:]*)::(.*)$ ]] || continue
                rows=$((rows + 1))
                if ((rows > 200)); then
                    echo
                    echo "_More findings in the log and the SARIF report._"
                    break
                fi
                level=${BASH_REMATCH[1]}
                file=$(md_escape "$(unescape "${BASH_REMATCH[2]}")")
                lineno=${BASH_REMATCH[3]}
                title=$(md_escape "$(unescape "${BASH_REMATCH[4]}")")
                # The message's first line.
                message=$(md_escape "$(unescape "${BASH_REMATCH[5]%%%0A*}")")
                echo "| ${level} | <code>${file}:${lineno}</code> | ${title} | ${message} |"
            done <"$log"
        fi
        echo
        echo "Exit code: ${status}"
    } >>"$GITHUB_STEP_SUMMARY"
}

run() {
    local bin=${IRSA_LINT_BIN:-}
    if [[ -z $bin ]]; then
        command -v irsa-lint >/dev/null || install
        bin=irsa-lint
    fi
    cd "${GITHUB_WORKSPACE:-.}"
    local -a paths extra
    read -r -a paths <<<"${INPUT_PATH:-.}"
    read -r -a extra <<<"${INPUT_ARGS:-}"
    # A pinned configuration, and --isolated, keep the checked-out tree's own .irsa-lint.toml
    # from changing the check (a pull request could otherwise switch it off).
    if [[ -n ${INPUT_CONFIG:-} ]]; then
        extra=(--config "$INPUT_CONFIG" "${extra[@]}")
    fi
    if [[ ${INPUT_ISOLATED:-false} == true ]]; then
        extra=(--isolated "${extra[@]}")
    fi
    ((${#paths[@]})) || paths=(.)
    local status=0
    log=$(mktemp)
    trap 'rm -f "$log"' EXIT

    "$bin" check --format github --fail-on "${INPUT_FAIL_ON:-warning}" "${extra[@]}" "${paths[@]}" \
        >"$log" || status=$?
    cat "$log"

    local sarif=${INPUT_SARIF_FILE:-}
    if [[ -n $sarif && $status -ne 2 ]]; then
        # A second run for the SARIF report; it must not change the exit code.
        if ! "$bin" check --format sarif --fail-on never --output "$sarif" "${extra[@]}" "${paths[@]}"; then
            echo "::error title=irsa-lint::could not write the SARIF report to ${sarif}"
            status=2
        fi
    fi

    local count summary_line
    count=$(grep -cE '^::(error|warning|notice) ' "$log" || true)
    summary_line=$(grep -E '^irsa-lint: ' "$log" | tail -n 1 || true)
    output diagnostics "$count"
    output sarif-file "$sarif"
    if [[ -n ${GITHUB_STEP_SUMMARY:-} ]]; then
        step_summary "$log" "$status" "${summary_line:-irsa-lint: no report (exit code ${status})}"
    fi
    return "$status"
}

case "${1:-run}" in
cache-key) cache_key ;;
install) install ;;
run) run ;;
*)
    echo "usage: $0 [cache-key|install|run]" >&2
    exit 2
    ;;
esac
