#!/usr/bin/env bash
# The shell logic of the GitHub Action (action.yml), kept here so tests can run it with a fake
# GITHUB_* environment.
#
#   action.sh cache-key   writes `key=<cache key>` and `path=<binary path>` to $GITHUB_OUTPUT
#   action.sh install     installs irsa-lint into ~/.irsa-lint/bin: the release binary for this
#                         runner when the action's version has one, else cargo install
#                         (INPUT_VERSION from crates.io, else the action's own source)
#   action.sh run         checks (installing first when irsa-lint is not installed), writes the
#                         outputs and the step summary; exits with the check's exit code
#                         (0 clean, 1 findings at or above fail-on, 2 usage or I/O error)
#
# Inputs come as environment variables (never interpolated into the script): INPUT_PATH,
# INPUT_WORKING_DIRECTORY, INPUT_VERSION, INPUT_ARGS, INPUT_FAIL_ON, INPUT_SARIF_FILE,
# INPUT_CONFIG, INPUT_BASELINE, INPUT_ISOLATED; ACTION_REF is the ref in `uses:`.
# For tests: IRSA_LINT_BIN names a prebuilt binary to use instead of installing one,
# IRSA_LINT_RELEASES a directory laid out like the release downloads (instead of GitHub), and
# IRSA_LINT_CARGO the cargo to build with.
set -euo pipefail

log= errlog=
action_path="${GITHUB_ACTION_PATH:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"

output() {
    if [[ -n ${GITHUB_OUTPUT:-} ]]; then
        printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"
    fi
}

runner_os() { printf '%s' "${RUNNER_OS:-$(uname -s)}"; }
runner_arch() { printf '%s' "${RUNNER_ARCH:-$(uname -m)}"; }

# Where install puts the binary (and what the cache saves).
bin_path() {
    local exe=
    [[ $(runner_os) == Windows ]] && exe=.exe
    printf '%s' "${HOME}/.irsa-lint/bin/irsa-lint${exe}"
}

# The action's own version, from its Cargo.toml.
action_version() {
    sed -n 's/^version = "\(.*\)"$/\1/p' "$action_path/Cargo.toml" | head -n 1
}

# The release tag whose binaries fit: `version`'s, or the action's own when `uses:` names the
# tag of its version (a branch or commit is built from that source instead).
release_tag() {
    if [[ -n ${INPUT_VERSION:-} ]]; then
        printf 'v%s' "$INPUT_VERSION"
    elif [[ -n ${ACTION_REF:-} && ${ACTION_REF} == "v$(action_version)" ]]; then
        printf '%s' "$ACTION_REF"
    else
        return 1
    fi
}

# The Rust target of the release binary for this runner (.github/workflows/release.yml).
release_target() {
    case "$(runner_os)-$(runner_arch)" in
    Linux-X64) echo x86_64-unknown-linux-musl ;;
    Linux-ARM64) echo aarch64-unknown-linux-musl ;;
    macOS-X64) echo x86_64-apple-darwin ;;
    macOS-ARM64) echo aarch64-apple-darwin ;;
    Windows-X64) echo x86_64-pc-windows-msvc ;;
    *) return 1 ;;
    esac
}

# The release archive for this runner (`<tag>/irsa-lint-<tag>-<target>.tar.gz`, `.zip` on
# Windows), or nothing when there is none to look for.
release_asset() {
    local tag target ext=tar.gz
    tag=$(release_tag) || return 1
    target=$(release_target) || return 1
    [[ $target == *windows* ]] && ext=zip
    printf '%s/irsa-lint-%s-%s.%s' "$tag" "$tag" "$target" "$ext"
}

# Copies release file $1 to $2: from GitHub, or from the IRSA_LINT_RELEASES directory.
fetch() {
    local base=${IRSA_LINT_RELEASES:-https://github.com/irsa-lint/irsa-lint/releases/download}
    if [[ $base == https://* ]]; then
        curl --fail --silent --show-error --location --retry 3 --output "$2" "$base/$1"
    else
        [[ -f $base/$1 ]] && cp "$base/$1" "$2"
    fi
}

sha256_of() {
    if command -v sha256sum >/dev/null; then
        sha256sum "$1" | cut -d' ' -f1
    else
        shasum -a 256 "$1" | cut -d' ' -f1
    fi
}

cache_key() {
    local what tag
    if tag=$(release_tag); then
        what=$tag
    else
        # Built from the action's own source: key on every input of the build (docs/ is
        # compiled in), so a changed source rebuilds.
        local -a inputs=()
        local f
        for f in Cargo.toml Cargo.lock build.rs src docs vendor; do
            [[ -e $action_path/$f ]] && inputs+=("$f")
        done
        what="src-$(cd "$action_path" && find "${inputs[@]}" -type f -print0 |
            LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)"
    fi
    output key "irsa-lint-$(runner_os)-$(runner_arch)-${what}"
    # actions/cache (Node) reads a Windows path, not Git Bash's /c/… form.
    if [[ $(runner_os) == Windows ]] && command -v cygpath >/dev/null; then
        output path "$(cygpath -m "$(bin_path)")"
    else
        output path "$(bin_path)"
    fi
}

# Installs the release binary; returns 1 (after a notice) when there is none for this runner,
# and fails the step when the download does not match its published checksum.
install_release() {
    local asset tmp expected actual found
    asset=$(release_asset) || return 1
    tmp=$(mktemp -d)
    if ! fetch "$asset" "$tmp/archive" || ! fetch "$asset.sha256" "$tmp/sha256"; then
        echo "::notice title=irsa-lint::no release binary ${asset}; building from source"
        rm -rf "$tmp"
        return 1
    fi
    expected=$(cut -d' ' -f1 "$tmp/sha256")
    actual=$(sha256_of "$tmp/archive")
    if [[ $expected != "$actual" ]]; then
        echo "::error title=irsa-lint::${asset} does not match its published SHA-256"
        rm -rf "$tmp"
        exit 2
    fi
    mkdir -p "$tmp/x" "$(dirname "$(bin_path)")"
    if [[ $asset == *.zip ]]; then
        unzip -q "$tmp/archive" -d "$tmp/x"
    else
        tar -xzf "$tmp/archive" -C "$tmp/x"
    fi
    found=$(find "$tmp/x" -type f -name "$(basename "$(bin_path)")" | head -n 1)
    if [[ -z $found ]]; then
        echo "::error title=irsa-lint::${asset} holds no $(basename "$(bin_path)")"
        rm -rf "$tmp"
        exit 2
    fi
    cp "$found" "$(bin_path)"
    chmod 755 "$(bin_path)"
    rm -rf "$tmp"
    echo "Installed the release binary ${asset}"
}

install() {
    # A second use of the action in the job finds the binary in place.
    local installed
    installed=$("$(bin_path)" --version 2>/dev/null || true)
    local want="irsa-lint ${INPUT_VERSION:-$(action_version)}"
    if [[ $installed == "$want" || $installed == "$want "* ]]; then
        echo "${installed} is installed"
        return
    fi
    echo "::group::Install irsa-lint"
    if ! install_release; then
        local cargo=${IRSA_LINT_CARGO:-cargo}
        if [[ -n ${INPUT_VERSION:-} ]]; then
            "$cargo" install irsa-lint --version "$INPUT_VERSION" --locked --force --root "$HOME/.irsa-lint"
        else
            "$cargo" install --path "$action_path" --locked --force --root "$HOME/.irsa-lint"
        fi
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

# Escapes workflow-command data, as actions/toolkit's escapeData.
escape_data() {
    local s=${1//%/%25}
    s=${s//$'\r'/%0D}
    printf '%s' "${s//$'\n'/%0A}"
}

# Splits $1 into the array WORDS as a shell splits words, honouring '…', "…" and \, and
# expanding nothing (no variables, globs or commands).
split_words() {
    local s=$1 word='' quote='' c i have=0
    WORDS=()
    for ((i = 0; i < ${#s}; i++)); do
        c=${s:i:1}
        if [[ $quote == "'" ]]; then
            if [[ $c == "'" ]]; then quote=''; else word+=$c; fi
        elif [[ $quote == '"' ]]; then
            case $c in
            '"') quote='' ;;
            '\')
                case ${s:i+1:1} in
                '"' | '\' | '$' | '`') i=$((i + 1)) word+=${s:i:1} ;;
                *) word+=$c ;;
                esac
                ;;
            *) word+=$c ;;
            esac
        else
            case $c in
            ' ' | $'\t' | $'\n' | $'\r')
                if ((have)); then WORDS+=("$word"); fi
                word='' have=0
                ;;
            "'" | '"') quote=$c have=1 ;;
            '\') i=$((i + 1)) word+=${s:i:1} have=1 ;;
            *) word+=$c have=1 ;;
            esac
        fi
    done
    if [[ -n $quote ]]; then
        FAILURE="unterminated ${quote} quote in: $1"
        return 1
    fi
    if ((have)); then WORDS+=("$word"); fi
}

# Flags the action sets itself (README, "GitHub Action"); in `args` they would clash with it.
reserved_flag() {
    case $1 in
    --format | --format=* | --output-format | --output-format=* | -f | -f?* | \
        --output | --output=* | -o | -o?* | --sarif-output | --sarif-output=* | \
        --fail-on | --fail-on=* | --exit-zero | --fix | --diff | --unsafe-fixes | \
        --write-baseline | --write-baseline=* | --quiet | -q | --silent | --statistics)
        return 0
        ;;
    esac
    return 1
}

# $1 (relative to the working directory) from the workspace, as later steps see it.
from_workspace() {
    local wd=${INPUT_WORKING_DIRECTORY:-.}
    # Absolute: /…, or a Windows drive path (runner.temp is D:\a\_temp there).
    if [[ $1 == /* || $1 == [A-Za-z]:[\\/]* || $wd == . || $wd == ./ ]]; then
        printf '%s' "$1"
    else
        printf '%s/%s' "${wd%/}" "$1"
    fi
}

# Prefixes the `file=` of each annotation on stdin with the working directory, so GitHub (which
# reads them from the workspace) finds the files; absolute paths stay as they are.
annotations_from_workspace() {
    local wd=${INPUT_WORKING_DIRECTORY:-.} prefix line
    if [[ $wd == . || $wd == ./ ]]; then
        cat
        return
    fi
    # Escaped as a property value (actions/toolkit's escapeProperty).
    prefix=$(escape_data "${wd%/}/")
    prefix=${prefix//:/%3A}
    prefix=${prefix//,/%2C}
    while IFS= read -r line || [[ -n $line ]]; do
        if [[ $line =~ ^(::(error|warning|notice)\ file=)([^/].*)$ ]]; then
            line="${BASH_REMATCH[1]}${prefix}${BASH_REMATCH[3]}"
        fi
        printf '%s\n' "$line"
    done
}

# Reports a failure that stopped the check (exit code 2): an annotation, the log, the summary.
fail_run() {
    echo "::error title=irsa-lint failed::$(escape_data "$1")"
    output diagnostics 0
    output sarif-file ""
    if [[ -n ${GITHUB_STEP_SUMMARY:-} ]]; then
        {
            echo "### irsa-lint"
            echo
            echo "irsa-lint failed: $(md_escape "$1")"
            echo
            echo "Exit code: 2"
        } >>"$GITHUB_STEP_SUMMARY"
    fi
}

# The exit-2 message of the check: clap's and irsa-lint's error lines, without the usage hints.
failure_of() {
    grep -vE '^(Usage:|For more information|\s*$)' "$1" | sed 's/^[[:space:]]*//' | head -n 10 || true
}

# `write-baseline`: records the findings (of the paths in the working directory) and ends.
write_baseline() {
    local status=0 why
    if ! mkdir -p "$(dirname "$INPUT_WRITE_BASELINE")" 2>/dev/null; then
        fail_run "write-baseline: cannot create the folder of ${INPUT_WRITE_BASELINE}"
        return 2
    fi
    "$bin" check --write-baseline "$INPUT_WRITE_BASELINE" "${extra[@]}" -- "${paths[@]}" \
        2>"$errlog" || status=$?
    cat "$errlog" >&2
    if ((status != 0)); then
        why=$(failure_of "$errlog")
        fail_run "${why:-irsa-lint exited with code ${status}}"
        return 2
    fi
    output diagnostics 0
    output sarif-file ""
}

run() {
    local bin=${IRSA_LINT_BIN:-}
    if [[ -z $bin ]]; then
        bin=$(bin_path)
        [[ -x $bin ]] || install
        # Later steps can run `irsa-lint` too (a restored binary skips install).
        if [[ -n ${GITHUB_PATH:-} ]]; then dirname "$bin" >>"$GITHUB_PATH"; fi
    fi
    cd "${GITHUB_WORKSPACE:-.}"
    local wd=${INPUT_WORKING_DIRECTORY:-.}
    if [[ ! -d $wd ]]; then
        fail_run "working-directory ${wd} is not a directory in the workspace"
        return 2
    fi
    # Paths, configuration and fingerprints (baselines) are those of a run in that directory.
    cd "$wd"
    local -a paths=() extra=() WORDS=()
    local FAILURE='' p
    split_words "${INPUT_PATH:-.}" || {
        fail_run "path: $FAILURE"
        return 2
    }
    paths=("${WORDS[@]}")
    ((${#paths[@]})) || paths=(.)
    split_words "${INPUT_ARGS:-}" || {
        fail_run "args: $FAILURE"
        return 2
    }
    for p in "${WORDS[@]}"; do
        if reserved_flag "$p"; then
            fail_run "args: ${p} is set by the action (use its inputs: fail-on, sarif-file, config, baseline)"
            return 2
        fi
    done
    extra=("${WORDS[@]}")
    # A pinned configuration, and --isolated, keep the checked-out tree's own .irsa-lint.toml
    # from changing the check (a pull request could otherwise switch it off).
    if [[ -n ${INPUT_CONFIG:-} ]]; then
        extra=(--config "$INPUT_CONFIG" "${extra[@]}")
    fi
    if [[ ${INPUT_ISOLATED:-false} == true ]]; then
        extra=(--isolated "${extra[@]}")
    fi
    if [[ -n ${INPUT_BASELINE:-} ]]; then
        extra=(--baseline "$INPUT_BASELINE" "${extra[@]}")
    fi
    local sarif='' sarif_args=()
    if [[ -n ${INPUT_SARIF_FILE:-} ]]; then
        sarif=$INPUT_SARIF_FILE
        if ! mkdir -p "$(dirname "$sarif")" 2>/dev/null; then
            fail_run "sarif-file: cannot create the folder of ${sarif}"
            return 2
        fi
        # A report left from an earlier step must not pass for this run's.
        if [[ -f $sarif && ! -L $sarif ]]; then rm -f "$sarif"; fi
        sarif_args=(--sarif-output "$sarif")
    fi

    local status=0
    log=$(mktemp)
    errlog=$(mktemp)
    trap 'rm -f "$log" "$errlog"' EXIT
    if [[ -n ${INPUT_WRITE_BASELINE:-} ]]; then
        write_baseline
        return
    fi
    # One analysis: annotations on stdout, the SARIF report beside them.
    "$bin" check --format github --fail-on "${INPUT_FAIL_ON:-warning}" "${sarif_args[@]}" "${extra[@]}" \
        -- "${paths[@]}" \
        2>"$errlog" | annotations_from_workspace >"$log" || status=${PIPESTATUS[0]}
    cat "$log"
    cat "$errlog" >&2

    local count summary_line
    count=$(grep -cE '^::(error|warning|notice) ' "$log" || true)
    summary_line=$(grep -E '^irsa-lint: ' "$log" | tail -n 1 || true)
    if ((count > 0)); then
        # The full report (snippets, fixes, docs links), collapsed in the log.
        echo "::group::irsa-lint report"
        NO_COLOR=1 "$bin" check --format human --fail-on never "${extra[@]}" \
            -- "${paths[@]}" 2>/dev/null || true
        echo "::endgroup::"
    fi
    if ((status == 2)); then
        local why
        why=$(failure_of "$errlog")
        echo "::error title=irsa-lint failed::$(escape_data "${why:-irsa-lint exited with code 2}")"
        summary_line="irsa-lint: failed (exit code 2): ${why//$'\n'/; }"
        [[ -n $why ]] || summary_line="irsa-lint: failed (exit code 2)"
    fi
    output diagnostics "$count"
    if [[ -n $sarif && -f $sarif ]]; then
        output sarif-file "$(from_workspace "$sarif")"
    else
        output sarif-file ""
    fi
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
