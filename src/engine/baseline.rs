//! Baselines (SPEC §6.3): `--write-baseline FILE` records the current findings by fingerprint;
//! `--baseline FILE` hides those, so a large repository can adopt the linter and still fail on
//! new findings.

use crate::engine::check::Report;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::Path;

#[derive(Debug, Clone, Default)]
pub struct Baseline {
    fingerprints: HashSet<(String, String)>,
}

#[derive(Serialize, Deserialize)]
struct File {
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    code: String,
    path: String,
    fingerprint: String,
    message: String,
}

impl Baseline {
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        let file: File = serde_json::from_str(&text)
            .map_err(|e| format!("{}: not a baseline file: {e}", path.display()))?;
        if file.version != 1 {
            return Err(format!(
                "{}: unsupported baseline version {}",
                path.display(),
                file.version
            ));
        }
        Ok(Baseline {
            fingerprints: file
                .findings
                .into_iter()
                .map(|e| (e.code, e.fingerprint))
                .collect(),
        })
    }

    pub fn contains(&self, code: &str, fingerprint: &str) -> bool {
        self.fingerprints
            .contains(&(code.to_string(), fingerprint.to_string()))
    }

    /// The baseline file for the findings of `report`.
    pub fn render(report: &Report) -> String {
        let prints = crate::engine::fingerprint::fingerprints(report);
        let findings = report
            .diagnostics
            .iter()
            .zip(prints)
            .map(|(d, fingerprint)| Entry {
                code: d.rule.code.to_string(),
                path: report.sources.get(d.span.file).display_path.clone(),
                fingerprint,
                message: d.message.clone(),
            })
            .collect();
        let mut out = serde_json::to_string_pretty(&File {
            version: 1,
            findings,
        })
        .unwrap_or_default();
        out.push('\n');
        out
    }
}
