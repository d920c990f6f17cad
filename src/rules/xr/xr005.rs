use crate::base::diagnostic::{Diagnostic, Edit, Fix, Kind, Severity};
use crate::base::known::hostpath;
use crate::model::known_modules::input_shapes::{AnyServiceAccount, NotArn, NotProviderArn};
use crate::rules::declare::declare_rule;
use crate::rules::helpers::{is_tf, provider_arn_for, unique_provider};
use crate::rules::{ModuleContext, Rule};
use crate::value::Issuer;

declare_rule! {
    /// XR005: an input of a known IRSA role module with the wrong name or shape: a v5/v6
    /// terraform-aws-iam input name on the other major version (Terraform rejects it); a
    /// provider-ARN input given the issuer URL or host (the module renders a principal and
    /// keys no token matches); a cloudposse role that names no ServiceAccount (its trust
    /// admits every ServiceAccount of the cluster).
    pub struct ModuleInputShape;
    code: "XR005",
    name: "module-input-shape",
    severity: Error,
    kind: Breaks,
    fix: Sometimes,
    summary: "IRSA module input with the wrong shape or name",
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
        for n in &cx.facts.not_provider_arns {
            out.push(not_provider_arn(cx, n));
        }
        for a in &cx.facts.any_service_account {
            out.push(any_service_account(a));
        }
    }
}

fn not_provider_arn(cx: &ModuleContext<'_>, n: &NotProviderArn) -> Diagnostic {
    let sources = cx.sources();
    let text = |s: crate::base::source::Span| sources.get(s.file).slice(s).to_string();
    // A reference as written; text (with any interpolations) as the module receives it.
    let shown = match n.value.as_symbol() {
        Some(sym) => text(sym.site),
        None => n.value.display(&text),
    };
    // The provider ARN of the same issuer, when the configuration has exactly one to offer: of
    // the issuer a reference stands for (also inside `https://${module.eks.oidc_provider}`),
    // or of the host a literal names.
    let arn = match n.what {
        NotArn::OtherArn => None,
        _ => match n.value.known() {
            Some(t) => unique_provider(cx.facts, &Issuer::Host(hostpath(&t))),
            None => match n.value.symbols().collect::<Vec<_>>().as_slice() {
                [sym] => provider_arn_for(sources, cx.facts, sym),
                _ => None,
            },
        },
    };
    let fix = arn
        .zip(n.expression)
        .filter(|(_, at)| is_tf(sources, *at))
        .map(|(arn, at)| {
            Fix::unsafe_(
                format!("Pass `{arn}`"),
                vec![Edit::replace(at, arn.clone())],
            )
        });
    Diagnostic::new(
        &META,
        n.span,
        format!(
            "`{}` passes {} `{shown}` as `{}` of {}, which takes the IAM OIDC provider's ARN: the trust the module builds from it matches no token",
            n.address,
            n.what.phrase(),
            n.input,
            n.module
        ),
    )
    .with_label("expected arn:<partition>:iam::<account>:oidc-provider/<issuer host>")
    .with_help("Pass the provider's ARN: `module.eks.oidc_provider_arn` (terraform-aws-eks) or `aws_iam_openid_connect_provider.<name>.arn`. The module strips everything up to `oidc-provider/` from it for the condition keys.")
    .with_fix(fix)
}

fn any_service_account(a: &AnyServiceAccount) -> Diagnostic {
    let inputs = if a.takes_list {
        "`service_account_name`, `service_account_namespace` and `service_account_namespace_name_list`"
    } else {
        "`service_account_name` and `service_account_namespace`"
    };
    let list = if a.takes_list {
        ", or list `<namespace>:<name>` entries in `service_account_namespace_name_list`"
    } else {
        ""
    };
    let mut d = Diagnostic::new(
        &META,
        a.header,
        format!(
            "`{}` ({}) names no ServiceAccount ({inputs} are unset or empty): its trust admits `system:serviceaccount:*:*`, every ServiceAccount of the cluster",
            a.address, a.module
        ),
    )
    .with_severity(Severity::Warning)
    .with_kind(Kind::Exposes)
    .with_label("trusts every ServiceAccount");
    for (input, span) in &a.written {
        d = d.with_secondary(*span, format!("`{input}` is empty"));
    }
    d.with_help(format!(
        "Set `service_account_namespace` and `service_account_name` to the ServiceAccount that uses the role{list}. If every ServiceAccount of the cluster is meant to assume it, suppress this finding with a reason."
    ))
}
