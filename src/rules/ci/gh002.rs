use crate::base::diagnostic::{Diagnostic, Fix};
use crate::base::text::edit_distance;
use crate::rules::ci::helpers::{
    MARK, fixed_prefix, has_wildcard, is_github_issuer, issuer_trust, render,
};
use crate::rules::declare::declare_rule;
use crate::rules::helpers::{Operator, replace_leaf, show};
use crate::rules::{Context, Rule};

declare_rule! {
    /// GH002: a GitHub `:sub` value no token of the default subject template can carry: the
    /// `repo:` prefix missing, `ref:main` instead of `ref:refs/heads/main`, a misspelt context
    /// keyword, the context before the repository. Wildcards under `StringEquals` are WIF005's.
    pub struct GithubSubjectCannotMatch;
    code: "GH002",
    name: "github-subject-cannot-match",
    severity: Error,
    kind: Breaks,
    fix: Sometimes,
    summary: "GitHub Actions subject that no token can carry",
}

/// The context keywords of the default template: `…:ref:<ref>`, `…:environment:<name>`,
/// `…:pull_request`.
const CONTEXTS: [&str; 3] = ["ref", "environment", "pull_request"];

/// Claim names that may follow `repo:<owner>/<repo>:` in a customised subject template.
const CUSTOM_CLAIMS: [&str; 26] = [
    "context",
    "job_workflow_ref",
    "job_workflow_sha",
    "workflow",
    "workflow_ref",
    "workflow_sha",
    "repository",
    "repository_id",
    "repository_owner",
    "repository_owner_id",
    "repository_visibility",
    "actor",
    "actor_id",
    "event_name",
    "ref_type",
    "ref_protected",
    "head_ref",
    "base_ref",
    "runner_environment",
    "enterprise",
    "enterprise_id",
    "sha",
    "run_id",
    "run_number",
    "run_attempt",
    "check_run_id",
];

impl Rule for GithubSubjectCannotMatch {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for st in &cx.policy.statements {
            let Some(trust) = issuer_trust(st, is_github_issuer) else {
                continue;
            };
            for c in trust.positive("sub") {
                for value in &c.cond.values.items {
                    let Some(problem) = check_subject(&render(&value.value), &c.op) else {
                        continue;
                    };
                    let fix = problem.replacement.as_ref().and_then(|text| {
                        let edit = replace_leaf(cx, value, text)?;
                        Some(Fix::safe(format!("Replace with `{text}`"), vec![edit]))
                    });
                    let help = match problem.help {
                        Some(extra) => format!("{HELP} {extra}"),
                        None => HELP.to_string(),
                    };
                    out.push(
                        Diagnostic::new(
                            &META,
                            value.span,
                            format!(
                                "GitHub subject `{}` {}",
                                show(cx, &value.value),
                                problem.message
                            ),
                        )
                        .with_label("no GitHub token carries this subject")
                        .with_secondary(c.cond.key.span, "GitHub subject key")
                        .with_help(help)
                        .with_fix(fix),
                    );
                }
            }
        }
    }
}

const HELP: &str = "GitHub subjects are `repo:<owner>/<repo>:ref:refs/heads/<branch>`, `…:ref:refs/tags/<tag>`, `…:environment:<name>` or `…:pull_request` (owner and repository may carry `@<id>` in the immutable form).";

#[derive(Debug)]
struct Problem {
    message: String,
    /// The corrected value, when it is determined and the value is fully known.
    replacement: Option<String>,
    /// Said after the common help.
    help: Option<&'static str>,
}

fn problem(message: impl Into<String>, replacement: Option<String>) -> Option<Problem> {
    Some(Problem {
        message: message.into(),
        replacement,
        help: None,
    })
}

/// Judges a rendered subject value (unknown parts are [`MARK`]). Only the fixed parts are
/// judged; shapes of customised templates and anything not understood pass.
fn check_subject(text: &str, op: &Operator) -> Option<Problem> {
    let like = op.is_like();
    if !like && has_wildcard(text) {
        return None;
    }
    let known = !text.contains(MARK);
    let fixed = fixed_prefix(text, like);
    let Some(rest) = text.strip_prefix("repo:") else {
        return outside_prefix(text, fixed, known, op.ignores_case());
    };
    // Unknown parts inside the repository are taken for names; a wildcard may absorb anything.
    let unwild = match text.find(|c| like && (c == '*' || c == '?')) {
        Some(i) => &text[..i],
        None => text,
    };
    if !like || !has_wildcard(text) {
        // `repo:<owner>/<repo>` and nothing after it: the default template always adds a context.
        if known
            && !rest.contains(':')
            && let Some((owner, name)) = rest.split_once('/')
            && !owner.is_empty()
            && !name.is_empty()
            && !name.contains('/')
        {
            return Some(Problem {
                message: "has no context; GitHub's default subject continues after the repository with `:ref:<full ref>`, `:environment:<name>` or `:pull_request`".into(),
                replacement: None,
                help: Some("A subject of just `repo:<owner>/<repo>` is only issued when the organization or repository customises its subject template (`include_claim_keys = [\"repo\"]`); otherwise name the context, or match any with `repo:<owner>/<repo>:*` under `StringLike`."),
            });
        }
    }
    let (repo, context) = unwild.get("repo:".len()..)?.split_once(':')?;
    let full_context = rest.get(repo.len() + 1..).unwrap_or_default();
    if repo.contains(MARK) && !repo.contains('/') {
        return None;
    }
    let keyword = context.split(':').next().unwrap_or_default();
    if keyword.contains(MARK) {
        return None;
    }
    if !repo.contains('/') {
        // `repo:org:app:ref:…`: the owner and repository separated by a colon.
        let after = context.get(keyword.len() + 1..).unwrap_or_default();
        let known_word = CONTEXTS.contains(&keyword) || CUSTOM_CLAIMS.contains(&keyword);
        if !keyword.is_empty() && !known_word && starts_with_context(after) {
            let replacement = known.then(|| format!("repo:{repo}/{full_context}"));
            return problem(
                format!(
                    "separates the owner `{repo}` and repository `{keyword}` with `:`; the subject names them `{repo}/{keyword}`"
                ),
                replacement,
            );
        }
        return None;
    }
    // The keyword must be complete: followed by `:` or the end of a fixed value.
    let keyword_complete =
        context.len() > keyword.len() || (unwild.len() == text.len() && !keyword.is_empty());
    if !keyword_complete {
        return None;
    }
    let swap = |to: &str| {
        known.then(|| {
            format!(
                "repo:{repo}:{to}{}",
                full_context.get(keyword.len()..).unwrap_or_default()
            )
        })
    };
    match keyword {
        "ref" => check_ref(
            full_context.get(4..).unwrap_or_default(),
            like,
            known,
            |r| format!("repo:{repo}:ref:{r}"),
        ),
        "environment" | "pull_request" => None,
        k if CUSTOM_CLAIMS.contains(&k) => None,
        k => {
            let lower = k.to_ascii_lowercase();
            if let Some(right) = CONTEXTS.iter().find(|c| **c == lower) {
                if op.ignores_case() {
                    return None;
                }
                return problem(
                    format!(
                        "writes the context keyword `{k}`; the claim says `{right}` and the comparison is case-sensitive"
                    ),
                    swap(right),
                );
            }
            let right = misspelt_context(&lower)?;
            problem(
                format!("spells the context keyword `{k}`; the claim says `{right}`"),
                swap(right),
            )
        }
    }
}

/// A value not starting with `repo:`: the prefix missing, in another case, or the context
/// written before the repository. Anything else may be a customised template and passes.
fn outside_prefix(text: &str, fixed: &str, known: bool, ignore_case: bool) -> Option<Problem> {
    if let Some(prefix) = fixed.get(..5)
        && prefix.eq_ignore_ascii_case("repo:")
    {
        if ignore_case {
            return None;
        }
        return problem(
            format!(
                "writes the prefix `{prefix}`; the claim says `repo:` and the comparison is case-sensitive"
            ),
            known.then(|| format!("repo:{}", text.get(5..).unwrap_or_default())),
        );
    }
    if starts_with_context(fixed)
        && let Some(at) = text.find(":repo:")
    {
        let replacement = (known && text.matches(":repo:").count() == 1)
            .then(|| format!("repo:{}:{}", &text[at + 6..], &text[..at]));
        return problem(
            "puts the context before the repository; the subject is `repo:<owner>/<repo>:<context>`",
            replacement,
        );
    }
    // `<owner>/<repo>:<context>` without the prefix.
    let (head, tail) = text.split_once(':')?;
    let (owner, name) = head.split_once('/')?;
    let shaped = fixed.len() > head.len()
        && !owner.is_empty()
        && !name.is_empty()
        && !name.contains('/')
        && (starts_with_context(tail) || (!tail.is_empty() && tail.chars().all(|c| c == '*')));
    if !shaped {
        return None;
    }
    problem(
        "lacks the `repo:` prefix; the subject is `repo:<owner>/<repo>:<context>`",
        known.then(|| format!("repo:{text}")),
    )
}

/// True when `s` begins with a default-template context (`ref:`, `environment:`, `pull_request`).
fn starts_with_context(s: &str) -> bool {
    s.starts_with("ref:") || s.starts_with("environment:") || s.starts_with("pull_request")
}

/// The context keyword a misspelt one stands for.
fn misspelt_context(word: &str) -> Option<&'static str> {
    match word {
        "env" | "envs" | "environ" => return Some("environment"),
        "refs" | "reff" => return Some("ref"),
        "pr" | "pull" | "pullrequest" | "pull-request" => return Some("pull_request"),
        _ => {}
    }
    if word.len() < 5 {
        return None;
    }
    ["environment", "pull_request"]
        .into_iter()
        .find(|c| edit_distance(word, c) <= 2)
}

/// A rendered value for a message: unknown parts shown as `${…}`.
fn visible(s: &str) -> String {
    s.replace(MARK, "${…}")
}

/// Judges the ref after `ref:`; `rebuild` makes the whole subject from a corrected ref.
fn check_ref(
    reference: &str,
    like: bool,
    known: bool,
    rebuild: impl Fn(&str) -> String,
) -> Option<Problem> {
    let fixed = fixed_prefix(reference, like);
    let retyped = |wrong: &str, right: &str| {
        let rest = reference.get(wrong.len()..).unwrap_or_default();
        problem(
            format!("writes the ref as `{wrong}…`; the claim carries `{right}…`"),
            known.then(|| rebuild(&format!("{right}{rest}"))),
        )
    };
    for (wrong, right) in [
        ("refs/head/", "refs/heads/"),
        ("refs/tag/", "refs/tags/"),
        ("ref/heads/", "refs/heads/"),
        ("ref/tags/", "refs/tags/"),
        ("heads/", "refs/heads/"),
        ("tags/", "refs/tags/"),
    ] {
        if fixed.starts_with(wrong) {
            return retyped(wrong, right);
        }
    }
    if fixed.is_empty() || fixed.starts_with("refs/") || "refs/".starts_with(fixed) {
        return None;
    }
    // A version-like name may be a tag: then the right prefix is not determined.
    let mut chars = reference.chars();
    let version = match (chars.next(), chars.next()) {
        (Some(c), _) if c.is_ascii_digit() => true,
        (Some('v' | 'V'), Some(d)) => d.is_ascii_digit(),
        _ => false,
    };
    let replacement = (known && !version).then(|| rebuild(&format!("refs/heads/{reference}")));
    let shown = visible(reference);
    let expected = if version {
        format!("`refs/tags/{shown}` for a tag")
    } else {
        format!("`refs/heads/{shown}` for a branch")
    };
    problem(
        format!("names the ref `{shown}`; the claim carries the full ref, {expected}"),
        replacement,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, op: &str) -> Option<(String, Option<String>)> {
        check_subject(text, &Operator::parse(op)).map(|p| (p.message, p.replacement))
    }

    fn fixed(text: &str) -> Option<String> {
        check(text, "StringEquals").and_then(|p| p.1)
    }

    #[test]
    fn good_subjects_pass() {
        for s in [
            "repo:org/app:ref:refs/heads/main",
            "repo:org/app:ref:refs/tags/v1.2.0",
            "repo:org/app:environment:prod",
            "repo:org/app:pull_request",
            "repo:org@123/app@456:ref:refs/heads/main",
            "repo:octocat-123456/my-repo-456789:ref:refs/heads/main",
            "repo:org/app:job_workflow_ref:org/wf/.github/workflows/x.yml@refs/heads/main",
            "repository_owner:org",
            "repo:\u{1}/app:ref:refs/heads/\u{1}",
            "repo:org/app:ref:\u{1}",
        ] {
            assert!(check(s, "StringEquals").is_none(), "{s}");
        }
        for s in [
            "repo:org/app:*",
            "repo:org/*",
            "*",
            "repo:org/app:ref:*",
            "repo:org/app:ref:re*",
            "repo:org/app:e*",
        ] {
            assert!(check(s, "StringLike").is_none(), "{s}");
        }
        // Wildcards under StringEquals are WIF005's.
        assert!(check("org/app:*", "StringEquals").is_none());
    }

    #[test]
    fn broken_subjects_fail() {
        assert_eq!(
            fixed("repo:org/app:ref:main").as_deref(),
            Some("repo:org/app:ref:refs/heads/main")
        );
        assert_eq!(
            fixed("repo:org/app:ref:heads/dev").as_deref(),
            Some("repo:org/app:ref:refs/heads/dev")
        );
        assert_eq!(
            fixed("repo:org/app:ref:refs/head/dev").as_deref(),
            Some("repo:org/app:ref:refs/heads/dev")
        );
        assert!(check("repo:org/app:ref:v1.2", "StringEquals").is_some());
        assert_eq!(fixed("repo:org/app:ref:v1.2"), None);
        assert_eq!(
            fixed("org/app:ref:refs/heads/main").as_deref(),
            Some("repo:org/app:ref:refs/heads/main")
        );
        assert_eq!(
            fixed("environment:prod:repo:org/app").as_deref(),
            Some("repo:org/app:environment:prod")
        );
        assert_eq!(
            fixed("repo:org/app:enviroment:prod").as_deref(),
            Some("repo:org/app:environment:prod")
        );
        assert_eq!(
            fixed("repo:org/app:Environment:prod").as_deref(),
            Some("repo:org/app:environment:prod")
        );
        assert_eq!(
            fixed("repo:org/app:env:prod").as_deref(),
            Some("repo:org/app:environment:prod")
        );
        assert_eq!(
            fixed("Repo:org/app:pull_request").as_deref(),
            Some("repo:org/app:pull_request")
        );
        assert_eq!(
            fixed("repo:org:app:ref:refs/heads/main").as_deref(),
            Some("repo:org/app:ref:refs/heads/main")
        );
        assert!(check("repo:org/app*:ref:main", "StringLike").is_none());
        assert!(check("repo:org/app:ref:main*", "StringLike").is_some());
        assert!(check("org/app:*", "StringLike").is_some());
        assert!(check("repo:\u{1}/app:ref:main", "StringEquals").is_some());
        assert_eq!(fixed("repo:\u{1}/app:ref:main"), None);
        assert!(check("repo:org/app:ENVIRONMENT:x", "StringEqualsIgnoreCase").is_none());
        // No context after the repository.
        for op in ["StringEquals", "StringEqualsIgnoreCase", "StringLike"] {
            let p = check("repo:org/app", op).expect(op);
            assert!(p.0.contains("has no context"), "{}", p.0);
            assert_eq!(p.1, None);
        }
        assert!(check("repo:org@1/app@2", "StringEquals").is_some());
        assert!(check("repo:org/app*", "StringLike").is_none());
        assert!(check("repo:org/\u{1}", "StringEquals").is_none());
        assert!(check("repo:org", "StringEquals").is_none());
    }
}
