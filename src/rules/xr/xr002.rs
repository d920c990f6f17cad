use crate::base::diagnostic::{Diagnostic, Edit, Fix};
use crate::model::facts::roles::{Misnaming, Resolved, arn_account, arn_path_and_name};
use crate::model::policy::from_value::leaf;
use crate::rules::declare::declare_rule;
use crate::rules::helpers::is_tf;
use crate::rules::xr::helpers::{resolve, role_shown, role_table, source_phrase, workloads};
use crate::rules::{Rule, WorkspaceContext};

declare_rule! {
    /// XR002: a literal `eks.amazonaws.com/role-arn` that names a role of the configuration by
    /// a name or path the role does not have, typically a module's role created with a name
    /// prefix (`use_name_prefix`, default true in terraform-aws-iam v6), whose real name ends
    /// in a generated suffix; or whose account is not the account the role is created in, when
    /// that is known. No role has the annotated ARN, so STS refuses the token.
    pub struct AnnotationArnMissesRoleName;
    code: "XR002",
    name: "annotation-arn-misses-role-name",
    severity: Error,
    kind: Breaks,
    fix: Sometimes,
    summary: "Annotated role ARN does not name the role in the config",
    scope: Workspace,
}

impl Rule for AnnotationArnMissesRoleName {
    fn check_workspace(&self, cx: &WorkspaceContext<'_>, out: &mut Vec<Diagnostic>) {
        let table = role_table(cx);
        for w in workloads(cx) {
            let Resolved::Misnamed { module, role, why } = resolve(&table, &w) else {
                continue;
            };
            let (Some(value), Some(name)) = (&w.sa.role_arn, &role.name) else {
                continue;
            };
            let Some(arn) = leaf(value) else { continue };
            let written = arn.value.known_parts_text();
            let ns = w.sa.namespace.known().unwrap_or_default();
            let sa = w.sa.name.known().unwrap_or_default();
            let who = format!("{} ServiceAccount `{ns}/{sa}`", source_phrase(w.sa.source));
            // Where the finding points, its label, and the secondary label.
            let no_role = "no role has this ARN".to_string();
            let (span, label, secondary, message, help) = match why {
                Misnaming::Prefix => (
                    arn.span,
                    no_role,
                    (
                        name.span,
                        format!("the real name is `{}` + a generated suffix", name.text),
                    ),
                    format!(
                        "the role ARN of {who} names `{}`, but `{}` is created with the name prefix `{}`: its real name is `{}<generated suffix>`, so no role has this ARN",
                        name.stem(),
                        role_shown(cx, module, role),
                        name.text,
                        name.text
                    ),
                    format!(
                        "Reference the role's ARN (`{}`) instead of writing it out, or create the role with its exact name (`use_name_prefix = false` on the module, `name` instead of `name_prefix`).",
                        role.arn_reference
                    ),
                ),
                Misnaming::Account => {
                    let (Some((real, pinned)), Some(account)) =
                        (&role.account, arn_account(&arn.value))
                    else {
                        continue;
                    };
                    // The account field starts after the ARN's fourth `:`.
                    let at = written.match_indices(':').nth(3).map(|(i, _)| i + 1);
                    let span = at
                        .and_then(|at| arn.value.span_of(at, at + account.len()))
                        .unwrap_or(arn.span);
                    (
                        span,
                        format!("account `{account}`"),
                        (
                            *pinned,
                            format!(
                                "`{}` is created with this provider configuration, pinned to account `{real}`",
                                role.address
                            ),
                        ),
                        format!(
                            "the role ARN of {who} names `{}` in account `{account}`, but `{}` is created in account `{real}`, so the ServiceAccount does not get this role",
                            name.text, role.address
                        ),
                        format!(
                            "Reference the role's ARN (`{}`) instead of writing it out. If the ServiceAccount is meant to use a role of account `{account}` that this configuration does not manage, suppress this finding with a reason.",
                            role.arn_reference
                        ),
                    )
                }
                Misnaming::Path => {
                    let path = arn_path_and_name(&written)
                        .map(|(p, _)| p)
                        .unwrap_or_default();
                    let real = role.path.clone().unwrap_or_default();
                    (
                        arn.span,
                        no_role,
                        (name.span, format!("the role is at path `{real}`")),
                        format!(
                            "the role ARN of {who} names `{}` at path `{path}`, but `{}` has path `{real}`, so no role has this ARN",
                            name.text,
                            role_shown(cx, module, role)
                        ),
                        format!(
                            "A role's ARN carries its path (`role{real}{}`); reference the role's ARN (`{}`) instead of writing it out.",
                            name.text, role.arn_reference
                        ),
                    )
                }
            };
            let verbatim = arn.value.verbatim_span() == Some(arn.span);
            let fix =
                (Some(module) == w.module && verbatim && is_tf(cx.sources, arn.span)).then(|| {
                    Fix::unsafe_(
                        format!("Reference the role's ARN (`{}`)", role.arn_reference),
                        vec![Edit::replace(
                            arn.span,
                            format!("${{{}}}", role.arn_reference),
                        )],
                    )
                });
            out.push(
                Diagnostic::new(&META, span, message)
                    .with_label(label)
                    .with_secondary(secondary.0, secondary.1)
                    .with_help(help)
                    .with_fix(fix)
                    .about(w.module.into_iter().chain([module])),
            );
        }
    }
}
