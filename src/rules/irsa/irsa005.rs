use crate::base::diagnostic::{Diagnostic, Edit, Fix};
use crate::rules::declare::declare_rule;
use crate::rules::{ModuleContext, Rule};

declare_rule! {
    /// IRSA005: an EKS cluster's issuer read as `identity.oidc.issuer` (or with one of the two
    /// indexes missing). `identity` and `oidc` are lists of nested blocks, and Terraform refuses
    /// an attribute read from a list, so plan fails before any role is created.
    pub struct ClusterIssuerWithoutIndex;
    code: "IRSA005",
    name: "cluster-issuer-without-index",
    severity: Error,
    kind: Breaks,
    fix: Sometimes,
    summary: "Cluster issuer read from a nested-block list without an index",
}

const HELP: &str = "`identity` and `oidc` are lists of one block each: read the issuer as `aws_eks_cluster.<name>.identity[0].oidc[0].issuer` (the same for `data.aws_eks_cluster`).";

impl Rule for ClusterIssuerWithoutIndex {
    fn check_module(&self, cx: &ModuleContext<'_>, out: &mut Vec<Diagnostic>) {
        for access in &cx.facts.unindexed_accesses {
            let fix = access.indexed.as_ref().map(|indexed| {
                Fix::safe(
                    "Index the nested blocks: `identity[0].oidc[0].issuer`",
                    vec![Edit::replace(access.span, indexed.clone())],
                )
            });
            out.push(
                Diagnostic::new(
                    &META,
                    access.span,
                    format!(
                        "`{}` reads an attribute of a list of nested blocks; Terraform fails with \"Unsupported attribute: Can't access attributes on a list of objects\"",
                        access.reference
                    ),
                )
                .with_label("`identity` and `oidc` are lists: index them")
                .with_help(HELP)
                .with_fix(fix),
            );
        }
    }
}
