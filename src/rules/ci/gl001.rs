use crate::base::diagnostic::{Diagnostic, Fix, Kind, Severity};
use crate::base::known::GITLAB_HOST;
use crate::rules::ci::helpers::{
    MARK, broad_subject, deny_may_apply, fixed_prefix, has_wildcard, issuer_trust, render,
};
use crate::rules::declare::declare_rule;
use crate::rules::helpers::{replace_leaf, show};
use crate::rules::{Context, Rule};

declare_rule! {
    /// GL001: a gitlab.com trust without a subject condition, with a subject that does not start
    /// with `project_path:`, or with a pattern that admits any project or a whole group. An
    /// audience missing from the provider's `client_id_list` is WIF010's (for every issuer).
    pub struct GitlabTrust;
    code: "GL001",
    name: "gitlab-trust",
    severity: Error,
    kind: Breaks,
    fix: Sometimes,
    summary: "GitLab CI trust without a subject, or with a subject that cannot match",
}

const PREFIX: &str = "project_path:";

impl Rule for GitlabTrust {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        // Self-managed GitLab hosts are not recognisable from the trust alone.
        let is_gitlab = |h: &str| h.eq_ignore_ascii_case(GITLAB_HOST);
        // A Deny may narrow the trust: then over-broad subjects are not established.
        let denied = deny_may_apply(cx.policy, is_gitlab);
        for st in &cx.policy.statements {
            if !st.is_allow() || st.not_principal {
                continue;
            }
            let Some(trust) = issuer_trust(st, is_gitlab) else {
                continue;
            };
            let subs: Vec<_> = trust.positive("sub").collect();
            if subs.is_empty() {
                if denied
                    || !st.conditions_complete
                    || trust.audience_holds_subject()
                    || trust.foreign_condition
                {
                    continue;
                }
                let mut d = Diagnostic::new(
                    &META,
                    st.condition_block.unwrap_or(st.span),
                    "no `:sub` condition: CI jobs of any project on gitlab.com can assume this role",
                )
                .with_severity(Severity::Warning)
                .with_kind(Kind::Exposes)
                .with_label("no subject condition")
                .with_help("Add `StringLike` on `gitlab.com:sub` = `project_path:<group>/<project>:ref_type:branch:ref:<branch>`.");
                if let Some(p) = trust.principal_leaf(st) {
                    d = d.with_secondary(p.span, "trusted GitLab issuer");
                }
                out.push(d);
                continue;
            }
            for c in subs {
                let like = c.op.is_like();
                for value in &c.cond.values.items {
                    let text = render(&value.value);
                    if !like && has_wildcard(&text) {
                        // Literal wildcards are WIF005's.
                        continue;
                    }
                    let fixed = fixed_prefix(&text, like);
                    if !fixed.starts_with(PREFIX) && !PREFIX.starts_with(fixed) {
                        let fix = missing_prefix(&text)
                            .and_then(|t| replace_leaf(cx, value, &t))
                            .map(|e| Fix::safe(format!("Add the `{PREFIX}` prefix"), vec![e]));
                        out.push(
                            Diagnostic::new(
                                &META,
                                value.span,
                                format!(
                                    "GitLab subject `{}` does not start with `{PREFIX}`; GitLab subjects are `project_path:<group>/<project>:ref_type:<branch|tag>:ref:<name>`",
                                    show(cx, &value.value)
                                ),
                            )
                            .with_label("no GitLab token carries this subject")
                            .with_secondary(c.cond.key.span, "GitLab subject key")
                            .with_fix(fix),
                        );
                        continue;
                    }
                    if like
                        && !denied
                        && let Some(scope) = breadth(&text)
                    {
                        out.push(broad_subject(
                            &META,
                            cx,
                            value,
                            &c.cond.key,
                            "CI jobs of",
                            &scope,
                            "matches more than one project",
                            "Pin the project and ref: `project_path:<group>/<project>:ref_type:branch:ref:<branch>`.",
                        ));
                    }
                }
            }
        }
    }
}

/// `<group>/<project>:ref_type:…` written without the prefix: the fixed value.
fn missing_prefix(text: &str) -> Option<String> {
    let (path, rest) = text.split_once(':')?;
    let shaped =
        path.contains('/') && !path.contains(['*', '?', MARK]) && rest.starts_with("ref_type:");
    (shaped && !text.contains(MARK)).then(|| format!("{PREFIX}{text}"))
}

/// What a `project_path:` pattern admits when it covers more than one named project.
fn breadth(pattern: &str) -> Option<String> {
    if pattern.starts_with(['*', '?']) {
        return Some("any project on gitlab.com".to_string());
    }
    let path = pattern.strip_prefix(PREFIX)?.split(':').next()?;
    let top = path.split('/').next().unwrap_or_default();
    if has_wildcard(top) {
        return Some("any project on gitlab.com".to_string());
    }
    let (group, last) = path.rsplit_once('/')?;
    if !last.is_empty() && last.chars().all(|c| c == '*') && !has_wildcard(group) {
        return Some(if group.contains(MARK) {
            "every project of the group".to_string()
        } else {
            format!("every project of the group `{group}`")
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breadth_of_patterns() {
        assert!(breadth("*").is_some());
        assert!(breadth("project_path:*").is_some());
        assert!(breadth("project_path:acme*").is_some());
        assert_eq!(
            breadth("project_path:acme/*").as_deref(),
            Some("every project of the group `acme`")
        );
        assert!(breadth("project_path:acme/infra/*:ref_type:branch:ref:main").is_some());
        assert!(breadth("project_path:acme/app:ref_type:branch:ref:*").is_none());
        assert!(breadth("project_path:acme/app-*:ref_type:branch:ref:main").is_none());
        assert_eq!(
            missing_prefix("acme/app:ref_type:branch:ref:main").as_deref(),
            Some("project_path:acme/app:ref_type:branch:ref:main")
        );
        assert_eq!(missing_prefix("repo:acme/app:ref:main"), None);
    }
}
