//! `.irsa-lint.toml` (SPEC §6.3) and the options a check runs with. A config error names the
//! file, line and column; unknown keys are errors.

use crate::base::diagnostic::Severity;
use crate::base::source::LineIndex;
use crate::engine::selection::Selection;
use crate::rules::settings::Settings;
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

pub const CONFIG_FILE: &str = ".irsa-lint.toml";

/// `[[allow]]`: findings of `code` under `path` are accepted, for `reason`.
#[derive(Debug, Clone)]
pub struct Allow {
    pub code: String,
    pub paths: GlobSet,
}

/// Everything a check run needs besides the paths.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub selection: Selection,
    pub settings: Settings,
    /// Severity overrides by rule code.
    pub severity: HashMap<&'static str, Severity>,
    /// Files to skip, matched against paths relative to `base`.
    pub exclude: Option<GlobSet>,
    pub allow: Vec<Allow>,
    /// Directory that config globs are relative to.
    pub base: PathBuf,
    /// Fingerprints of accepted findings (`--baseline`).
    pub baseline: Option<crate::engine::baseline::Baseline>,
    /// Keep every trust policy in the report (`inventory`); otherwise only their count.
    pub keep_policies: bool,
    /// `--var-file` files, read for every root module after its own variable files.
    pub var_files: Vec<PathBuf>,
    /// The options of each configuration file nearest to a checked path: a file takes the one
    /// whose directory is its nearest ancestor, as ruff resolves configuration per file (so the
    /// order of the paths does not matter); a file under none takes these options.
    pub scoped: Vec<Options>,
    /// Parse and analyse every directory, also those the pre-filter shows cannot matter (the
    /// results are the same; a test compares both ways).
    pub parse_everything: bool,
}

impl Options {
    pub fn from_selection(selection: Selection) -> Options {
        Options {
            selection,
            ..Options::default()
        }
    }

    /// The path relative to the config's directory, with `/` separators, for glob matching.
    pub fn relative<'p>(&self, path: &'p Path) -> std::borrow::Cow<'p, Path> {
        match absolute(path).strip_prefix(&self.base) {
            Ok(rel) => std::borrow::Cow::Owned(rel.to_path_buf()),
            Err(_) => std::borrow::Cow::Borrowed(path),
        }
    }

    /// The options that apply to `path` (see [`Options::scoped`]).
    pub fn for_file(&self, path: &Path) -> &Options {
        if self.scoped.is_empty() {
            return self;
        }
        let absolute = absolute(path);
        self.scoped
            .iter()
            .filter(|o| absolute.starts_with(&o.base))
            .max_by_key(|o| o.base.components().count())
            .unwrap_or(self)
    }

    /// Whether some file of the run may report `rule` (the rules that run).
    pub fn enabled_anywhere(&self, rule: &crate::rules::RuleMeta) -> bool {
        self.selection.enabled(rule) || self.scoped.iter().any(|o| o.selection.enabled(rule))
    }

    pub fn excluded(&self, path: &Path) -> bool {
        self.exclude
            .as_ref()
            .is_some_and(|g| g.is_match(self.relative(path)))
    }

    pub fn allowed(&self, code: &str, name: &str, path: &Path) -> bool {
        self.allow.iter().any(|a| {
            (a.code.eq_ignore_ascii_case(code) || a.code.eq_ignore_ascii_case(name))
                && a.paths.is_match(self.relative(path))
        })
    }
}

/// `path` made absolute (from the current directory) and normalized.
fn absolute(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|c| c.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    crate::base::source::normalize(&absolute)
}

/// The file's contents as written.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    #[serde(default)]
    pub select: Vec<String>,
    #[serde(default)]
    pub ignore: Vec<String>,
    pub fail_on: Option<String>,
    #[serde(default)]
    pub severity: BTreeMap<String, String>,
    #[serde(default)]
    pub exclude: Vec<String>,
    pub trust_policy_size_limit: Option<usize>,
    pub expected_audiences: Option<Vec<String>>,
    #[serde(default)]
    pub allow: Vec<AllowEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllowEntry {
    pub code: String,
    pub path: String,
    pub reason: String,
}

/// A configuration problem, already formatted with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The nearest `.irsa-lint.toml` from `start` upwards, never above the git work tree that
/// holds `start` (a configuration in a parent of the repository is not the repository's), and
/// not above `start` itself outside a work tree.
pub fn find_config(start: &Path) -> Option<PathBuf> {
    let start = if start.is_absolute() {
        start.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(start)
    };
    let start = crate::base::source::normalize(&start);
    let start = if start.is_file() {
        start.parent()?.to_path_buf()
    } else {
        start
    };
    let top = crate::base::source::git_work_tree(&start).unwrap_or_else(|| start.clone());
    start
        .ancestors()
        .take_while(|d| d.starts_with(&top))
        .map(|d| d.join(CONFIG_FILE))
        .find(|c| c.is_file())
}

/// The configuration files below `dir` (not `dir`'s own), sorted: each applies to the files
/// under its directory, as ruff's nested configurations do. The walk honours the ignore files
/// and, as the discovery of Terraform files, enters no hidden directory.
pub fn configs_under(dir: &Path) -> Vec<PathBuf> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut found: Vec<PathBuf> = ignore::WalkBuilder::new(dir)
        .hidden(false)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .require_git(false)
        .follow_links(false)
        .filter_entry(|e| {
            e.depth() == 0
                || e.file_name()
                    .to_str()
                    .is_some_and(|n| n == CONFIG_FILE || !n.starts_with('.'))
        })
        .build()
        .flatten()
        .filter(|e| e.depth() > 1 && e.file_name() == CONFIG_FILE)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(|e| crate::base::source::normalize(&absolute(e.path())))
        .collect();
    found.sort();
    found
}

/// A loaded configuration file.
#[derive(Debug)]
pub struct Config {
    pub file: ConfigFile,
    pub path: PathBuf,
}

impl Config {
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            ConfigError(format!(
                "{}: cannot read: {}",
                path.display(),
                crate::base::fsio::io_message(&e)
            ))
        })?;
        let file: ConfigFile = toml::from_str(&text).map_err(|e| {
            let at = e
                .span()
                .map(|s| LineIndex::new(&text).position(&text, s.start));
            match at {
                Some(p) => ConfigError(format!(
                    "{}:{}:{}: {}",
                    path.display(),
                    p.line,
                    p.column,
                    e.message()
                )),
                None => ConfigError(format!("{}: {}", path.display(), e.message())),
            }
        })?;
        Ok(Config {
            file,
            path: path.to_path_buf(),
        })
    }

    fn error(&self, what: impl std::fmt::Display) -> ConfigError {
        ConfigError(format!("{}: {what}", self.path.display()))
    }

    /// Options from this file; `selection` (from the command line) adds to or replaces it.
    pub fn options(&self, cli: &Selection) -> Result<Options, ConfigError> {
        let f = &self.file;
        let selection = Selection {
            select: if cli.select.is_empty() {
                f.select.clone()
            } else {
                cli.select.clone()
            },
            ignore: f.ignore.iter().chain(&cli.ignore).cloned().collect(),
        };
        let unknown = selection.unknown_patterns();
        if !unknown.is_empty() {
            return Err(self.error(crate::engine::selection::describe_unknown(&unknown)));
        }
        let mut severity = HashMap::new();
        for (code, level) in &f.severity {
            let rule = crate::rules::find(code)
                .ok_or_else(|| self.error(format!("[severity]: unknown rule `{code}`")))?;
            let level = parse_severity(level).ok_or_else(|| {
                self.error(format!(
                    "[severity] {code}: `{level}` is not error, warning or info"
                ))
            })?;
            severity.insert(rule.code, level);
        }
        let mut settings = Settings::default();
        if let Some(limit) = f.trust_policy_size_limit {
            settings.trust_policy_size_limit = limit;
        }
        if let Some(aud) = &f.expected_audiences {
            settings.expected_audiences = aud.clone();
        }
        let mut allow = Vec::new();
        for a in &f.allow {
            if crate::rules::find(&a.code).is_none() {
                return Err(self.error(format!("[[allow]]: unknown rule `{}`", a.code)));
            }
            if a.reason.trim().is_empty() {
                return Err(self.error(format!("[[allow]] {}: a reason is required", a.code)));
            }
            allow.push(Allow {
                code: a.code.clone(),
                paths: self.globs(std::slice::from_ref(&a.path))?,
            });
        }
        let exclude = if f.exclude.is_empty() {
            None
        } else {
            Some(self.globs(&f.exclude)?)
        };
        Ok(Options {
            selection,
            settings,
            severity,
            exclude,
            allow,
            base: self
                .path
                .parent()
                .map(crate::base::source::normalize)
                .unwrap_or_default(),
            baseline: None,
            keep_policies: false,
            var_files: Vec::new(),
            scoped: Vec::new(),
            parse_everything: false,
        })
    }

    fn globs(&self, patterns: &[String]) -> Result<GlobSet, ConfigError> {
        let mut b = GlobSetBuilder::new();
        for p in patterns {
            b.add(Glob::new(p).map_err(|e| self.error(format!("invalid glob `{p}`: {e}")))?);
        }
        b.build().map_err(|e| self.error(e))
    }

    /// `fail-on` of the file, validated.
    pub fn fail_on(&self) -> Result<Option<String>, ConfigError> {
        match self.file.fail_on.as_deref() {
            None => Ok(None),
            Some(v @ ("error" | "warning" | "info" | "never")) => Ok(Some(v.to_string())),
            Some(other) => Err(self.error(format!(
                "fail-on: `{other}` is not error, warning, info or never"
            ))),
        }
    }
}

pub fn parse_severity(s: &str) -> Option<Severity> {
    match s {
        "error" => Some(Severity::Error),
        "warning" => Some(Severity::Warning),
        "info" => Some(Severity::Info),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Config, ConfigError> {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(CONFIG_FILE);
        std::fs::write(&path, text).expect("write");
        Config::load(&path)
    }

    #[test]
    fn unknown_keys_are_errors_with_positions() {
        let err = load("select = [\"WIF\"]\nfail_on = \"error\"\n").expect_err("unknown key");
        assert!(err.0.contains(":2:1:"), "{}", err.0);
        assert!(err.0.contains("fail_on"), "{}", err.0);
    }

    #[test]
    fn options_merge_command_line_and_file() {
        let cfg = load(
            "ignore = [\"WIF009\"]\ntrust-policy-size-limit = 4096\n[severity]\nIRSA002 = \"error\"\n[[allow]]\ncode = \"WIF005\"\npath = \"legacy/**\"\nreason = \"old\"\n",
        )
        .expect("valid");
        let cli = Selection {
            select: Vec::new(),
            ignore: vec!["WIF010".into()],
        };
        let o = cfg.options(&cli).expect("options");
        assert_eq!(o.selection.ignore, ["WIF009", "WIF010"]);
        assert_eq!(o.settings.trust_policy_size_limit, 4096);
        assert_eq!(o.severity.get("IRSA002"), Some(&Severity::Error));
        assert_eq!(o.allow.len(), 1);
        let bad = load("[severity]\nNOPE = \"error\"\n")
            .expect("parses")
            .options(&Selection::default());
        assert!(bad.is_err());
    }
}
