use crate::base::diagnostic::{Diagnostic, Edit, Fix};
use crate::base::source::Span;
use crate::model::known_modules::RemovedInV6;
use crate::rules::declare::declare_rule;
use crate::rules::{ModuleContext, Rule};

declare_rule! {
    /// MOD001: a registry call of terraform-aws-iam `iam-role-for-service-accounts-eks`,
    /// `iam-assumable-role-with-oidc` or `iam-github-oidc-role` whose `version` is missing or
    /// admits 6.x. Version 6.0.0 renamed or removed those paths, so `terraform init` installs
    /// the newest release and fails, and the role with its trust is never created.
    pub struct UnpinnedModuleRemovedInV6;
    code: "MOD001",
    name: "unpinned-module-removed-in-v6",
    severity: Warning,
    kind: Breaks,
    fix: Sometimes,
    summary: "terraform-aws-iam v5 trust module without a version that excludes v6",
}

/// What `terraform init` needs to find the v5 module again.
const PIN: &str = "version = \"~> 5.0\"";

impl Rule for UnpinnedModuleRemovedInV6 {
    fn check_module(&self, cx: &ModuleContext<'_>, out: &mut Vec<Diagnostic>) {
        for call in &cx.facts.removed_in_v6 {
            let (admits, fix) = match call.version {
                Some(v) => (
                    format!(
                        "`version = {}`, which admits 6.x",
                        cx.sources().get(v.file).slice(v)
                    ),
                    None,
                ),
                None => ("no `version`".to_string(), pin_after_source(cx, call)),
            };
            let replacement = if call.path == "iam-role-for-service-accounts-eks" {
                "iam-role-for-service-accounts"
            } else {
                "iam-role"
            };
            let mut diag = Diagnostic::new(
                &META,
                call.source,
                format!(
                    "`{}` calls terraform-aws-iam `{}` with {admits}; 6.0.0 renamed or removed that module, so `terraform init` fails on the newest release and the role is never created",
                    call.address, call.path
                ),
            )
            .with_label("removed in terraform-aws-iam 6.0.0")
            .with_help(format!(
                "Pin `{PIN}` or move to the v6 module `{replacement}` (its inputs differ: see the module's UPGRADE-6.0.md)."
            ))
            .with_fix(fix);
            if let Some(v) = call.version {
                diag = diag.with_secondary(v, "this constraint lets `terraform init` pick 6.x");
            }
            out.push(diag);
        }
    }
}

/// Inserts `version = "~> 5.0"` on a new line after `source`, when the rest of the source's
/// line holds nothing but a comment (a one-line block gets no fix).
fn pin_after_source(cx: &ModuleContext<'_>, call: &RemovedInV6) -> Option<Fix> {
    let file = cx.sources().get(call.source.file);
    let rest = file.text.get(call.source.end..)?;
    let line = rest.split('\n').next().unwrap_or(rest);
    let line = line.strip_suffix('\r').unwrap_or(line);
    let tail = line.trim_start();
    if !(tail.is_empty() || tail.starts_with('#') || tail.starts_with("//")) {
        return None;
    }
    let end = call.source.end + line.len();
    let indent = file.indent_at(call.source.start);
    let at = Span::new(call.source.file, end..end);
    Some(Fix::unsafe_(
        format!("Pin `{PIN}` (the last release line with `{}`)", call.path),
        vec![Edit::insert_at(at, format!("\n{indent}{PIN}"))],
    ))
}
