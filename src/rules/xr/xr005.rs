use crate::base::diagnostic::{Diagnostic, Edit, Fix};
use crate::rules::declare::declare_rule;
use crate::rules::{ModuleContext, Rule};

declare_rule! {
    /// XR005: a terraform-aws-iam IRSA module call with an input named as in the other major
    /// version (`role_name` / `assume_role_condition_test` of v5 `-eks` on the v6
    /// `iam-role-for-service-accounts`, or `name` / `trust_condition_test` on v5). Terraform
    /// rejects the unsupported argument, so the role is never created.
    pub struct ModuleInputShape;
    code: "XR005",
    name: "module-input-shape",
    severity: Error,
    kind: Breaks,
    fix: Always,
    summary: "IRSA module input named as in the other major version",
}

impl Rule for ModuleInputShape {
    fn check_module(&self, cx: &ModuleContext<'_>, out: &mut Vec<Diagnostic>) {
        for f in &cx.facts.foreign_inputs {
            out.push(
                Diagnostic::new(
                    &META,
                    f.key,
                    format!(
                        "`{}` passes `{}` to terraform-aws-iam `{}`, which names that input `{}`; Terraform rejects the unsupported argument",
                        f.address, f.input, f.path, f.renamed
                    ),
                )
                .with_label(format!("`{}` in this version", f.renamed))
                .with_help(format!(
                    "Rename `{}` to `{}` (terraform-aws-iam UPGRADE-6.0.md), or call the module path of the version these inputs are for.",
                    f.input, f.renamed
                ))
                .with_fix(Some(Fix::safe(
                    format!("Rename `{}` to `{}`", f.input, f.renamed),
                    vec![Edit::replace(f.key, f.renamed)],
                ))),
            );
        }
    }
}
