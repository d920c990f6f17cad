//! The rule metadata is written once (each rule's `RuleMeta`); the README's rule table and the
//! header line of every `docs/rules/CODE.md` are derived from it. This test fails when they
//! drift; `UPDATE_DOCS=1 cargo test --test docs` rewrites both.

use irsa_lint::base::rule_meta::{FixAvailability, RuleMeta};
use irsa_lint::rules::all_meta;
use std::path::Path;

fn fix_word(fix: FixAvailability) -> &'static str {
    match fix {
        FixAvailability::None => "none",
        FixAvailability::Sometimes => "sometimes",
        FixAvailability::Always => "always",
    }
}

/// Line 3 of the rule's page.
fn header(m: &RuleMeta) -> String {
    format!(
        "**Severity:** {} · **Kind:** {} · **Fix:** {}",
        m.severity.as_str(),
        m.kind.as_str(),
        fix_word(m.fix)
    )
}

fn table() -> String {
    let mut out = String::from(
        "| code | name | severity | kind | fix | finds |\n|---|---|---|---|---|---|\n",
    );
    for m in all_meta() {
        out.push_str(&format!(
            "| [{code}](docs/rules/{code}.md) | {} | {} | {} | {} | {} |\n",
            m.name,
            m.severity.as_str(),
            m.kind.as_str(),
            fix_word(m.fix),
            m.summary,
            code = m.code,
        ));
    }
    out
}

/// The README with its rule table (from the `| code |` line to the first blank line) replaced.
fn readme_with_table(readme: &str) -> Option<String> {
    let start = readme.find("| code | name |")?;
    let end = start + readme[start..].find("\n\n")? + 1;
    Some(format!("{}{}{}", &readme[..start], table(), &readme[end..]))
}

#[test]
fn readme_table_and_doc_headers_come_from_the_metadata() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let update = std::env::var_os("UPDATE_DOCS").is_some();
    let mut stale = Vec::new();
    let readme_path = root.join("README.md");
    let readme = std::fs::read_to_string(&readme_path).expect("README.md");
    let wanted = readme_with_table(&readme).expect("README has a rule table");
    if wanted != readme {
        if update {
            std::fs::write(&readme_path, &wanted).expect("write README");
        } else {
            stale.push("README.md rule table".to_string());
        }
    }
    for m in all_meta() {
        let path = root.join("docs/rules").join(format!("{}.md", m.code));
        let page = std::fs::read_to_string(&path).expect("rule page");
        let mut lines: Vec<&str> = page.split_inclusive('\n').collect();
        let want = format!("{}\n", header(m));
        if lines.get(2).copied() != Some(want.as_str()) {
            if update && lines.len() > 2 {
                lines[2] = &want;
                std::fs::write(&path, lines.concat()).expect("write page");
            } else {
                stale.push(format!("docs/rules/{}.md line 3", m.code));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "out of date with the rule metadata (run UPDATE_DOCS=1 cargo test --test docs): {}",
        stale.join(", ")
    );
}

#[test]
fn the_table_has_one_row_per_rule() {
    let rows = table().lines().count() - 2;
    assert_eq!(rows, all_meta().len());
    assert!(table().contains("| [WIF003](docs/rules/WIF003.md) | condition-key-not-issuer-host | error | breaks | always |"));
}
