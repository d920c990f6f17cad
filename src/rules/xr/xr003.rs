use crate::base::diagnostic::{Diagnostic, Edit, Fix};
use crate::model::facts::roles::Resolved;
use crate::model::policy::from_value::leaf;
use crate::rules::declare::declare_rule;
use crate::rules::helpers::is_tf;
use crate::rules::xr::helpers::{resolve, role_table, source_phrase, workloads};
use crate::rules::{Rule, WorkspaceContext};

declare_rule! {
    /// XR003: an `eks.amazonaws.com/role-arn` annotation whose literal value is not a role
    /// ARN. The pod identity webhook passes it to STS as is, and STS answers
    /// `ValidationError: Request ARN is invalid`.
    pub struct MalformedAnnotationRoleArn;
    code: "XR003",
    name: "malformed-annotation-role-arn",
    severity: Error,
    kind: Breaks,
    fix: Sometimes,
    summary: "Malformed role ARN in the ServiceAccount annotation",
    scope: Workspace,
}

const PARTITIONS: [&str; 3] = ["aws", "aws-cn", "aws-us-gov"];

impl Rule for MalformedAnnotationRoleArn {
    fn check_workspace(&self, cx: &WorkspaceContext<'_>, out: &mut Vec<Diagnostic>) {
        let table = role_table(cx);
        for w in workloads(cx) {
            let Some(value) = &w.sa.role_arn else {
                continue;
            };
            let Some(arn) = leaf(value) else { continue };
            let Some(text) = arn.known() else { continue };
            let Some(defect) = defect(&text) else {
                continue;
            };
            let ns = w.sa.namespace.known().unwrap_or_default();
            let name = w.sa.name.known().unwrap_or_default();
            let verbatim = arn.value.verbatim_span() == Some(arn.span);
            let trimmed = text.trim();
            let fix = if verbatim && trimmed != text && defect_free(trimmed) {
                Some(Fix::safe(
                    "Remove the whitespace around the ARN",
                    vec![Edit::replace(arn.span, trimmed)],
                ))
            } else {
                // The role the ARN was meant for, when it is a role of the same module and
                // the annotation is written in a `.tf` file, where a reference is possible.
                match resolve(&table, &w) {
                    Resolved::Role { module, role } | Resolved::Misnamed { module, role, .. }
                        if Some(module) == w.module && verbatim && is_tf(cx.sources, arn.span) =>
                    {
                        Some(Fix::unsafe_(
                            format!("Reference the role's ARN (`{}`)", role.arn_reference),
                            vec![Edit::replace(
                                arn.span,
                                format!("${{{}}}", role.arn_reference),
                            )],
                        ))
                    }
                    _ => None,
                }
            };
            let shown = crate::base::text::one_line_excerpt(&text, 120);
            out.push(
                Diagnostic::new(
                    &META,
                    arn.span,
                    format!(
                        "role ARN `{shown}` of {} ServiceAccount `{ns}/{name}` is malformed: {defect}",
                        source_phrase(w.sa.source)
                    ),
                )
                .with_label(defect)
                .with_secondary(w.sa.name.span, "the ServiceAccount")
                .with_help(
                    "A role ARN is `arn:<partition>:iam::<12-digit account>:role/<path/><name>`; reference the role (`aws_iam_role.X.arn`, `module.X.arn`) instead of writing it out.",
                )
                .with_fix(fix)
                .about(w.module),
            );
        }
    }
}

fn defect_free(text: &str) -> bool {
    defect(text).is_none()
}

/// What is wrong with `text` as a role ARN, `None` when it is one.
fn defect(text: &str) -> Option<&'static str> {
    // The message shows the ARN trimmed: whitespace around it must be named as such.
    if text.trim() != text {
        return Some("it has whitespace before or after it");
    }
    if text.chars().any(char::is_whitespace) {
        return Some("it contains whitespace");
    }
    let parts: Vec<&str> = text.splitn(6, ':').collect();
    let [arn, partition, service, region, account, resource] = parts.as_slice() else {
        return Some("an ARN has six `:`-separated parts");
    };
    if *arn != "arn" {
        return Some("it does not start with `arn:`");
    }
    if !PARTITIONS.contains(partition) {
        return Some("the partition is not `aws`, `aws-cn` or `aws-us-gov`");
    }
    if *service != "iam" {
        return Some("the service is not `iam`");
    }
    if !region.is_empty() {
        return Some("IAM ARNs have no region (`iam::<account>`)");
    }
    if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
        return Some("the account is not 12 digits");
    }
    let Some(name) = resource.strip_prefix("role/") else {
        return Some(if resource.starts_with("policy/") {
            "it is a policy ARN, not a role ARN"
        } else {
            "the resource does not start with `role/`"
        });
    };
    let allowed = |c: char| c.is_ascii_alphanumeric() || "_+=,.@/-".contains(c);
    if name.is_empty() || !name.chars().all(allowed) {
        return Some("the role name or path has characters IAM does not allow");
    }
    if name.ends_with('/') {
        return Some("the role name is missing after the path");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::defect;

    #[test]
    fn role_arn_defects() {
        assert_eq!(defect("arn:aws:iam::111122223333:role/app"), None);
        assert_eq!(defect("arn:aws-cn:iam::111122223333:role/eks/app"), None);
        assert_eq!(
            defect("arn:aws:iam:111122223333:role/app"),
            Some("an ARN has six `:`-separated parts")
        );
        assert_eq!(
            defect("arn:aws:iam::111122223333:policy/app"),
            Some("it is a policy ARN, not a role ARN")
        );
        assert_eq!(
            defect("arn:aws:iam::111122223333:role/app "),
            Some("it has whitespace before or after it")
        );
        assert_eq!(
            defect("arn:aws:iam::111122223333:role/my app"),
            Some("it contains whitespace")
        );
        assert_eq!(
            defect("arn:aws:iam::1111:role/app"),
            Some("the account is not 12 digits")
        );
        assert_eq!(
            defect("arn:aws:iam:eu-west-1:111122223333:role/app"),
            Some("IAM ARNs have no region (`iam::<account>`)")
        );
        assert_eq!(
            defect("111122223333:role/app"),
            Some("an ARN has six `:`-separated parts")
        );
        assert_eq!(
            defect("arn:aws:iam::111122223333:role/"),
            Some("the role name or path has characters IAM does not allow")
        );
    }
}
