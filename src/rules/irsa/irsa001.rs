use crate::base::diagnostic::{Diagnostic, Fix};
use crate::base::known::SA_PREFIX;
use crate::model::policy::{Leaf, PolicyForm};
use crate::rules::declare::declare_rule;
use crate::rules::helpers::{
    claim_conditions, is_eks_statement, replace_leaf, show, verbatim_edit,
};
use crate::rules::{Context, Rule};

declare_rule! {
    /// IRSA001: an EKS `:sub` value that is not `system:serviceaccount:<namespace>:<name>`.
    /// Kubernetes names are lower-case DNS labels, so such a value never matches a token.
    pub struct MalformedServiceAccountSubject;
    code: "IRSA001",
    name: "malformed-service-account-subject",
    severity: Error,
    kind: Breaks,
    fix: Sometimes,
    summary: "Malformed service-account subject",
}

impl Rule for MalformedServiceAccountSubject {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for st in &cx.policy.statements {
            if !is_eks_statement(st) {
                continue;
            }
            for c in claim_conditions(st) {
                // Only string matches carry subjects (`Null` takes `true`/`false`).
                if c.key.claim != "sub" || !c.op.is_positive_string() {
                    continue;
                }
                for value in &c.cond.values.items {
                    if let Some(problem) = check_subject(value) {
                        let fix = match problem.fix {
                            Some(Replacement::Whole(text, safe)) => replace_leaf(cx, value, &text)
                                .map(|edit| {
                                    let description = format!("Replace with `{text}`");
                                    if safe {
                                        Fix::safe(description, vec![edit])
                                    } else {
                                        Fix::unsafe_(description, vec![edit])
                                    }
                                }),
                            // The second prefix: the one written in a module input
                            // (`namespace_service_accounts`) when the module adds the first.
                            // Only where it is written in the entry itself, not in a shared local.
                            Some(Replacement::RepeatedPrefix) => verbatim_edit(
                                cx,
                                &value.value,
                                SA_PREFIX.len(),
                                2 * SA_PREFIX.len(),
                                "",
                            )
                            .filter(|e| value.span.contains(e.span))
                            .map(|edit| {
                                Fix::safe(format!("Remove the repeated `{SA_PREFIX}`"), vec![edit])
                            }),
                            None => None,
                        };
                        let help = if cx.policy.form == PolicyForm::Module {
                            "IRSA subjects are `system:serviceaccount:<namespace>:<name>`, with lower-case Kubernetes names; module inputs such as `namespace_service_accounts` take `<namespace>:<name>` and the module adds `system:serviceaccount:`."
                        } else {
                            "IRSA subjects are `system:serviceaccount:<namespace>:<name>`, with lower-case Kubernetes names."
                        };
                        out.push(
                            Diagnostic::new(
                                &META,
                                value.span,
                                format!(
                                    "service-account subject `{}` {}",
                                    show(cx, &value.value),
                                    problem.message
                                ),
                            )
                            .with_label("never matches an IRSA token")
                            .with_secondary(
                                value.value.span().unwrap_or(value.span),
                                "value written here",
                            )
                            .with_help(help)
                            .with_fix(fix),
                        );
                    }
                }
            }
        }
    }
}

pub struct Problem {
    pub message: String,
    pub fix: Option<Replacement>,
}

/// How a malformed subject is repaired.
pub enum Replacement {
    /// The whole value becomes this text; whether that is safe.
    Whole(String, bool),
    /// `system:serviceaccount:system:serviceaccount:…`: the second prefix goes (safe).
    RepeatedPrefix,
}

fn problem(message: impl Into<String>, fix: Option<(String, bool)>) -> Option<Problem> {
    Some(Problem {
        message: message.into(),
        fix: fix.map(|(text, safe)| Replacement::Whole(text, safe)),
    })
}

/// Checks a subject value; only the known parts of partly known values are judged.
pub fn check_subject(value: &Leaf) -> Option<Problem> {
    let Some(text) = value.known() else {
        return check_partial(value);
    };
    if text.trim() != text {
        return problem(
            "has leading or trailing whitespace",
            Some((text.trim().to_string(), true)),
        );
    }
    if let Some(rest) = text.strip_prefix("system:serviceaccounts:") {
        return problem(
            "uses `serviceaccounts` (the group prefix); the subject is `system:serviceaccount:`",
            Some((format!("{SA_PREFIX}{rest}"), true)),
        );
    }
    let Some(rest) = text.strip_prefix(SA_PREFIX) else {
        if text.to_ascii_lowercase().starts_with(SA_PREFIX) {
            return problem(
                "has upper-case letters in the prefix",
                Some((text.to_ascii_lowercase(), false)),
            );
        }
        let segments: Vec<&str> = text.split(':').collect();
        if segments.len() == 2 && segments.iter().all(|s| is_name(s)) {
            return problem(
                format!("is missing the `{SA_PREFIX}` prefix"),
                Some((format!("{SA_PREFIX}{text}"), false)),
            );
        }
        if text == "*" {
            return None;
        }
        return problem(format!("does not start with `{SA_PREFIX}`"), None);
    };
    if rest.starts_with(SA_PREFIX) {
        return Some(Problem {
            message: format!("repeats the `{SA_PREFIX}` prefix"),
            fix: Some(Replacement::RepeatedPrefix),
        });
    }
    let segments: Vec<&str> = rest.split(':').collect();
    if segments.len() != 2 {
        if segments.len() == 1 && (segments[0] == "*" || segments[0].ends_with('*')) {
            // `system:serviceaccount:*` under StringLike: broad, but IRSA002's concern.
            return None;
        }
        return problem(
            format!(
                "has {} segment(s) after the prefix; expected `<namespace>:<name>`",
                segments.len()
            ),
            None,
        );
    }
    for (what, segment) in ["namespace", "name"].iter().zip(&segments) {
        if segment.is_empty() {
            return problem(format!("has an empty {what}"), None);
        }
        if segment.chars().any(|c| c.is_ascii_uppercase()) {
            return problem(
                format!(
                    "has upper-case letters in the {what} `{segment}`; Kubernetes names are lower case"
                ),
                Some((text.to_ascii_lowercase(), false)),
            );
        }
        if let Some(bad) = segment.chars().find(|&c| !is_name_char(c)) {
            return problem(
                format!(
                    "has `{bad}` in the {what} `{segment}`, which Kubernetes names cannot contain"
                ),
                None,
            );
        }
    }
    None
}

/// For `system:serviceaccount:${var.ns}:app` and the like: checks the known leading text.
fn check_partial(value: &Leaf) -> Option<Problem> {
    let lead = value.value.leading_text();
    if lead.is_empty() {
        return None;
    }
    if lead.starts_with("system:serviceaccounts:") {
        return problem(
            "uses `serviceaccounts` (the group prefix); the subject is `system:serviceaccount:`",
            None,
        );
    }
    // `system:serviceaccount:${var.ns}:…` written into a module input that adds the prefix.
    if lead
        .strip_prefix(SA_PREFIX)
        .is_some_and(|rest| rest.starts_with(SA_PREFIX))
    {
        return Some(Problem {
            message: format!("repeats the `{SA_PREFIX}` prefix"),
            fix: Some(Replacement::RepeatedPrefix),
        });
    }
    let consistent = lead.starts_with(SA_PREFIX) || SA_PREFIX.starts_with(lead.as_str());
    if !consistent {
        return problem(format!("does not start with `{SA_PREFIX}`"), None);
    }
    let known = value.value.known_parts_text();
    if known.chars().any(|c| c.is_ascii_uppercase()) {
        return problem(
            "has upper-case letters; Kubernetes names are lower case",
            None,
        );
    }
    None
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.' || c == '*' || c == '?'
}

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_name_char)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::source::{FileId, Span};
    use crate::value::{Origin, SymStr};

    fn leaf(t: &str) -> Leaf {
        let span = Span::new(FileId(0), 0..t.len());
        Leaf {
            value: SymStr::text(t, Origin::Exact(span)),
            span,
        }
    }

    #[test]
    fn subjects() {
        assert!(check_subject(&leaf("system:serviceaccount:kube-system:aws-node")).is_none());
        assert!(check_subject(&leaf("system:serviceaccount:ns:*")).is_none());
        assert!(check_subject(&leaf("system:serviceaccounts:ns:sa")).is_some());
        assert!(
            check_subject(&leaf("ns:sa"))
                .unwrap()
                .message
                .contains("prefix")
        );
        assert!(check_subject(&leaf("system:serviceaccount:Kube:sa")).is_some());
        assert!(check_subject(&leaf("system:serviceaccount:ns:my_sa")).is_some());
        assert!(check_subject(&leaf("system:serviceaccount:ns:sa:extra")).is_some());
        assert!(check_subject(&leaf("system:serviceaccount:ns:sa ")).is_some());
        let repeated = check_subject(&leaf("system:serviceaccount:system:serviceaccount:ns:sa"));
        assert!(matches!(
            repeated.map(|p| p.fix),
            Some(Some(Replacement::RepeatedPrefix))
        ));
    }
}
