use crate::base::diagnostic::{Diagnostic, Severity};
use crate::rules::ci::helpers::{
    MARK, deny_may_apply, github_scope, has_wildcard, is_github_issuer, issuer_trust, render,
};
use crate::rules::declare::declare_rule;
use crate::rules::helpers::show;
use crate::rules::{Context, Rule};

declare_rule! {
    /// GH001: a GitHub Actions trust that does not pin the repository: no `:sub` condition (nor a
    /// provider-specific claim such as `:repository` or `:job_workflow_ref`), or a subject pattern
    /// that admits any repository, every repository of an owner, or any ref of one repository.
    pub struct GithubSubjectUnrestricted;
    code: "GH001",
    name: "github-subject-unrestricted",
    severity: Warning,
    kind: Exposes,
    fix: None,
    summary: "GitHub Actions trust without a meaningful `sub` restriction",
}

/// Claims that pin one repository (AWS accepts GitHub's provider-specific keys since 2026).
const REPOSITORY_CLAIMS: [&str; 5] = [
    "sub",
    "repository",
    "repository_id",
    "job_workflow_ref",
    "workflow_ref",
];
/// Claims that pin only the owner or enterprise.
const OWNER_CLAIMS: [&str; 4] = [
    "repository_owner",
    "repository_owner_id",
    "enterprise",
    "enterprise_id",
];

impl Rule for GithubSubjectUnrestricted {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        // A Deny may narrow the trust (say, `StringNotLike` on the subject): then breadth is
        // not established.
        if deny_may_apply(cx.policy, is_github_issuer) {
            return;
        }
        for st in &cx.policy.statements {
            if !st.is_allow() || st.not_principal {
                continue;
            }
            let Some(trust) = issuer_trust(st, is_github_issuer) else {
                continue;
            };
            let pinning: Vec<_> = REPOSITORY_CLAIMS
                .iter()
                .flat_map(|claim| trust.positive(claim))
                .collect();
            let principal = trust.principal_leaf(st);
            if pinning.is_empty() {
                if !st.conditions_complete
                    || trust.audience_holds_subject()
                    || trust.foreign_condition
                {
                    continue;
                }
                let owners: Vec<_> = OWNER_CLAIMS
                    .iter()
                    .flat_map(|claim| trust.positive(claim))
                    .collect();
                let diagnostic = if owners.is_empty() {
                    let who = principal
                        .map(|p| format!(" through `{}`", show(cx, &p.value)))
                        .unwrap_or_default();
                    Diagnostic::new(
                        &META,
                        st.condition_block.unwrap_or(st.span),
                        format!(
                            "no `:sub` condition: GitHub Actions workflows of {} can assume this role{who}",
                            github_scope(&trust.issuer)
                        ),
                    )
                    .with_label("no subject condition")
                    .with_help(format!("Add `StringEquals` on `{}:sub` = `repo:<owner>/<repo>:environment:<env>` (or `:ref:refs/heads/<branch>`).", trust.issuer))
                } else {
                    // Only an owner is pinned: reported when that owner is one known value.
                    let Some((c, v)) =
                        owners
                            .iter()
                            .find_map(|c| match c.cond.values.items.as_slice() {
                                [v] if v.value.is_known() => Some((c, v)),
                                _ => None,
                            })
                    else {
                        continue;
                    };
                    Diagnostic::new(
                        &META,
                        v.span,
                        format!(
                            "only `{}` = `{}` restricts this GitHub trust: every repository of that owner can assume the role",
                            show(cx, &c.cond.key.value),
                            show(cx, &v.value)
                        ),
                    )
                    .with_label("an owner, not a repository")
                    .with_help(format!("Add `StringEquals` on `{}:sub` = `repo:<owner>/<repo>:environment:<env>` (or `:ref:refs/heads/<branch>`), or pin `:repository`.", trust.issuer))
                };
                let diagnostic = match principal {
                    Some(p) => diagnostic.with_secondary(p.span, "trusted GitHub issuer"),
                    None => diagnostic,
                };
                out.push(diagnostic);
                continue;
            }
            for c in trust.positive("sub").filter(|c| c.op.is_like()) {
                // Another condition pinning the repository narrows this one (conditions AND).
                if pinning.iter().any(|o| !std::ptr::eq(o.cond, c.cond)) {
                    continue;
                }
                for value in &c.cond.values.items {
                    let text = render(&value.value);
                    let Some(scope) = breadth(&text) else {
                        continue;
                    };
                    let (severity, label, admits) = match scope {
                        Scope::AnyRepository => (
                            Severity::Warning,
                            "matches any repository",
                            github_scope(&trust.issuer),
                        ),
                        Scope::Owner(owner) => (
                            Severity::Warning,
                            "matches every repository of the owner",
                            match owner {
                                Some(o) => format!("every repository of `{o}`"),
                                None => "every repository of that owner".to_string(),
                            },
                        ),
                        Scope::AnyRef => (
                            Severity::Info,
                            "matches every ref and environment",
                            "any branch, tag, pull request or environment of the repository"
                                .to_string(),
                        ),
                    };
                    out.push(
                        Diagnostic::new(
                            &META,
                            value.span,
                            format!(
                                "subject pattern `{}` on `{}` lets GitHub Actions workflows of {admits} assume this role",
                                show(cx, &value.value),
                                show(cx, &c.cond.key.value)
                            ),
                        )
                        .with_severity(severity)
                        .with_label(label)
                        .with_help("Pin the repository and a branch or environment: `repo:<owner>/<repo>:environment:<env>` or `repo:<owner>/<repo>:ref:refs/heads/<branch>`."),
                    );
                }
            }
        }
    }
}

/// What a broad subject pattern admits.
#[derive(Debug, PartialEq)]
enum Scope {
    /// Repositories of any owner.
    AnyRepository,
    /// Every repository of one owner (its name, when known).
    Owner(Option<String>),
    /// Every context (branch, tag, pull request, environment) of one repository.
    AnyRef,
}

/// Classifies a `StringLike` subject pattern (default `repo:<owner>/<repo>:<context>` template,
/// immutable `owner@id/repo@id` form included). `None` when it is narrow or not understood.
fn breadth(pattern: &str) -> Option<Scope> {
    let Some(rest) = pattern.strip_prefix("repo:") else {
        // `*`, `re*`: a wildcard before the prefix is complete admits every subject.
        let lead = &pattern[..pattern.find(['*', '?'])?];
        return "repo:".starts_with(lead).then_some(Scope::AnyRepository);
    };
    let (repo, context) = match rest.split_once(':') {
        Some((r, c)) => (r, Some(c)),
        None => (rest, None),
    };
    let Some((owner, name)) = repo.split_once('/') else {
        // `repo:*`, `repo:org*`: the wildcard also covers the owner.
        return has_wildcard(repo).then_some(Scope::AnyRepository);
    };
    let base = |s: &str| s.split('@').next().unwrap_or_default().to_string();
    let owner = base(owner);
    if has_wildcard(&owner) {
        return Some(Scope::AnyRepository);
    }
    let name = base(name);
    if !name.is_empty() && name.chars().all(|c| c == '*') {
        return Some(Scope::Owner((!owner.contains(MARK)).then_some(owner)));
    }
    let any_context = match context {
        Some(c) => !c.is_empty() && c.chars().all(|ch| ch == '*'),
        None => name.ends_with('*'),
    };
    any_context.then_some(Scope::AnyRef)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breadth_of_patterns() {
        assert_eq!(breadth("*"), Some(Scope::AnyRepository));
        assert_eq!(breadth("repo:*"), Some(Scope::AnyRepository));
        assert_eq!(breadth("repo:*/infra:*"), Some(Scope::AnyRepository));
        assert_eq!(breadth("repo:org*"), Some(Scope::AnyRepository));
        assert_eq!(
            breadth("repo:org/*"),
            Some(Scope::Owner(Some("org".into())))
        );
        assert_eq!(
            breadth("repo:org/*:*"),
            Some(Scope::Owner(Some("org".into())))
        );
        assert_eq!(
            breadth("repo:org@12/*:ref:refs/heads/main"),
            Some(Scope::Owner(Some("org".into())))
        );
        assert_eq!(breadth("repo:\u{1}/*"), Some(Scope::Owner(None)));
        assert_eq!(breadth("repo:org/app:*"), Some(Scope::AnyRef));
        assert_eq!(breadth("repo:org@1/app@2:*"), Some(Scope::AnyRef));
        assert_eq!(breadth("repo:org/app*"), Some(Scope::AnyRef));
        assert_eq!(breadth("repo:org/app:ref:refs/heads/*"), None);
        assert_eq!(breadth("repo:org/app-*:environment:prod"), None);
        assert_eq!(breadth("repo:org/app:environment:prod"), None);
        assert_eq!(breadth("repository_owner:org"), None);
        assert_eq!(breadth("job_workflow_ref:*"), None);
    }
}
