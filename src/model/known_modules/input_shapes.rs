//! Inputs of known role modules whose values have the wrong shape (XR005), read under the
//! same conditions as the modules' trusts, so only inputs that reach a role's trust count:
//!
//! | module | input | wrong shape |
//! |---|---|---|
//! | terraform-aws-iam `iam-role-for-service-accounts` (v6), `-eks` (v5) | `oidc_providers.<key>.provider_arn` | not an IAM OIDC provider ARN |
//! | aws-ia `eks-blueprints-addon` (`create_role = true`) | `oidc_providers.<key>.provider_arn` | not an IAM OIDC provider ARN |
//! | eks-blueprints v4 `modules/irsa` | `eks_oidc_provider_arn` | not an IAM OIDC provider ARN |
//! | cloudposse `eks-iam-role`, `helm-release` (`iam_role_enabled = true`) | `service_account_name`, `service_account_namespace`, `service_account_namespace_name_list` | all unset (or `null`, `""`, `[]`): the trust admits `system:serviceaccount:*:*` |
//!
//! Each of these modules renders a provider-ARN input as the `Federated` principal and cuts the
//! condition keys' issuer host out of it with `replace(arn, "/^(.*provider/)/", "")`: given a
//! URL or host, the regex leaves it unchanged, so both the principal and the keys are wrong.

use super::policy::{Builder, symbolic_leaf};
use super::{Kind, release_of, source_of};
use crate::base::known::{is_eks_host, strip_scheme};
use crate::base::source::Span;
use crate::eval::Evaluator;
use crate::input::module::{Item, span_of};
use crate::model::facts::infra::header_span;
use crate::value::{Shape, SymStr, Value};

/// A provider-ARN input whose value is known not to be an IAM OIDC provider ARN.
#[derive(Debug, Clone)]
pub struct NotProviderArn {
    /// `module.X`.
    pub address: String,
    /// The module, as messages name it (terraform-aws-iam `iam-role-for-service-accounts`).
    pub module: &'static str,
    /// The input as a path (`oidc_providers.main.provider_arn`, `eks_oidc_provider_arn`).
    pub input: String,
    pub value: SymStr,
    /// Where the value is: the span of the `Federated` principal the module renders from it.
    pub span: Span,
    /// The value's expression when it is written in the call: the place to write a reference.
    pub expression: Option<Span>,
    pub what: NotArn,
}

/// What a provider-ARN input holds instead of an ARN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotArn {
    /// An issuer URL with `https://` (`module.eks.cluster_oidc_issuer_url`).
    IssuerUrl,
    /// An issuer host without scheme (`module.eks.oidc_provider`).
    IssuerHost,
    /// `aws_iam_openid_connect_provider.X.url`.
    ProviderUrl,
    /// `module.eks.cluster_dualstack_oidc_issuer_url`.
    DualstackIssuerUrl,
    /// Text that starts with a URL scheme.
    Url,
    /// Known text that is an EKS issuer host.
    Host,
    /// Known text that is an ARN, but not of an OIDC provider.
    OtherArn,
    /// Known text that is no ARN at all (typically the issuer host).
    Text,
}

impl NotArn {
    /// How a message names it.
    pub fn phrase(self) -> &'static str {
        match self {
            NotArn::IssuerUrl => "the issuer URL",
            NotArn::IssuerHost => "the issuer host",
            NotArn::ProviderUrl => "the provider's URL",
            NotArn::DualstackIssuerUrl => "the dual-stack issuer URL",
            NotArn::Url => "an issuer URL",
            NotArn::Host => "an issuer host",
            NotArn::OtherArn => "an ARN of another kind of resource",
            NotArn::Text => "text that is not an ARN",
        }
    }
}

/// What `v` is instead of a provider ARN; `None` when it may be one (or is not known). A
/// value that looks like a provider ARN (`arn:…:oidc-provider…`) is WIF002's to judge.
pub fn not_provider_arn(v: &SymStr) -> Option<NotArn> {
    if let Some(sym) = v.as_symbol() {
        return match &sym.shape {
            Shape::IssuerUrl(_) => Some(NotArn::IssuerUrl),
            Shape::IssuerHost(_) => Some(NotArn::IssuerHost),
            Shape::ProviderUrl(_) => Some(NotArn::ProviderUrl),
            Shape::DualstackIssuerUrl(_) => Some(NotArn::DualstackIssuerUrl),
            _ => None,
        };
    }
    let lead = v.leading_text();
    if lead.is_empty() || "arn:".starts_with(lead.as_str()) {
        return None;
    }
    if lead.starts_with("arn:") {
        return match v.known() {
            Some(text) if !text.contains(":oidc-provider") => Some(NotArn::OtherArn),
            _ => None,
        };
    }
    if strip_scheme(&lead).len() < lead.len() {
        return Some(NotArn::Url);
    }
    let text = v.known()?;
    Some(if is_eks_host(text.trim()) {
        NotArn::Host
    } else {
        NotArn::Text
    })
}

/// The provider-ARN inputs of the module's calls of known role modules that are not ARNs.
pub fn not_provider_arns(ev: &mut Evaluator<'_, '_>) -> Vec<NotProviderArn> {
    let module = ev.module;
    let mut out = Vec::new();
    for call in &module.calls {
        let Some(source) = source_of(ev, call) else {
            continue;
        };
        let Some(kind) = super::kind_of(&source) else {
            continue;
        };
        let release = release_of(ev, call, &source);
        let mut b = Builder {
            ev,
            call: *call,
            release,
        };
        // The inputs that give a role its trust, when the call creates one.
        let (name, inputs) = match kind {
            Kind::ServiceAccounts if b.bool_input("create") != Some(false) => (
                "terraform-aws-iam `iam-role-for-service-accounts`",
                provider_entries(&mut b),
            ),
            Kind::ServiceAccountsEks if b.bool_input("create_role") != Some(false) => (
                "terraform-aws-iam `iam-role-for-service-accounts-eks`",
                provider_entries(&mut b),
            ),
            Kind::BlueprintsAddon if b.bool_input("create_role") == Some(true) => {
                ("aws-ia `eks-blueprints-addon`", provider_entries(&mut b))
            }
            Kind::BlueprintsIrsa
                if !matches!(b.input("irsa_iam_policies"), Some(Value::Null(_))) =>
            {
                let input = b.input("eks_oidc_provider_arn");
                (
                    "eks-blueprints v4 `modules/irsa`",
                    input
                        .map(|v| ("eks_oidc_provider_arn".to_string(), v))
                        .into_iter()
                        .collect(),
                )
            }
            _ => continue,
        };
        for (input, v) in inputs {
            let Some(leaf) = symbolic_leaf(&v) else {
                continue;
            };
            let Some(what) = not_provider_arn(&leaf.value) else {
                continue;
            };
            out.push(NotProviderArn {
                address: format!("module.{}", call.address()),
                module: name,
                input,
                span: leaf.span,
                expression: written_in(call, v.span()),
                value: leaf.value,
                what,
            });
        }
    }
    out
}

/// Each `oidc_providers` entry's `provider_arn`, with its path.
fn provider_entries(b: &mut Builder<'_, '_, '_>) -> Vec<(String, Value)> {
    let Some(Value::Object(providers, _)) = b.input("oidc_providers") else {
        return Vec::new();
    };
    providers
        .into_iter()
        .filter_map(|(key, _, p)| {
            let arn = p.get("provider_arn")?.clone();
            let key = key.known().unwrap_or_else(|| "<key>".into());
            Some((format!("oidc_providers.{key}.provider_arn"), arn))
        })
        .collect()
}

/// `span` when it lies in the call's block (not in a variable, a local or the caller).
fn written_in(call: &Item<'_>, span: Span) -> Option<Span> {
    call.span().contains(span).then_some(span)
}

/// A cloudposse role whose trust admits every ServiceAccount of the cluster: no name, no
/// namespace and no `<namespace>:<name>` list, so the module renders `system:serviceaccount:*:*`.
#[derive(Debug, Clone)]
pub struct AnyServiceAccount {
    /// `module.X`.
    pub address: String,
    /// cloudposse `eks-iam-role` or `helm-release`.
    pub module: &'static str,
    /// Whether the module takes `service_account_namespace_name_list` (`helm-release` does not
    /// pass one on).
    pub takes_list: bool,
    /// The call's block header.
    pub header: Span,
    /// The inputs written as `null`, `""` or `[]`: their names and values.
    pub written: Vec<(&'static str, Span)>,
}

/// The cloudposse calls of the module whose role trusts every ServiceAccount.
pub fn any_service_account(ev: &mut Evaluator<'_, '_>) -> Vec<AnyServiceAccount> {
    let module = ev.module;
    let mut out = Vec::new();
    for call in &module.calls {
        let Some(source) = source_of(ev, call) else {
            continue;
        };
        let release = release_of(ev, call, &source);
        let mut b = Builder {
            ev,
            call: *call,
            release,
        };
        // As `cloudposse_eks_iam_role::eks_iam_role` and `cloudposse_helm_release::helm_release`
        // decide whether there is a role and a trust.
        let (name, takes_list) = match super::kind_of(&source) {
            Some(Kind::Cloudposse) if b.bool_input("enabled") != Some(false) => {
                ("cloudposse `eks-iam-role`", true)
            }
            Some(Kind::CloudposseHelmRelease)
                if b.bool_input("enabled") != Some(false)
                    && b.bool_input("iam_role_enabled") == Some(true)
                    && call.attr("service_account_namespace_name_list").is_none() =>
            {
                ("cloudposse `helm-release`", false)
            }
            _ => continue,
        };
        if call.attr("eks_cluster_oidc_issuer_url").is_none() {
            continue;
        }
        let mut written = Vec::new();
        let mut all_empty = true;
        for input in [
            "service_account_name",
            "service_account_namespace",
            "service_account_namespace_name_list",
        ] {
            let Some((file, expr)) = call.attr(input) else {
                continue;
            };
            let empty = match b.ev.eval(file, expr) {
                Value::Null(_) => true,
                Value::Str(s, _) => s.known().is_some_and(|t| t.is_empty()),
                Value::List(items, _) => items.is_empty(),
                _ => false,
            };
            all_empty &= empty;
            written.push((input, span_of(file, expr)));
        }
        if all_empty {
            out.push(AnyServiceAccount {
                address: format!("module.{}", call.address()),
                module: name,
                takes_list,
                header: header_span(call),
                written,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::source::FileId;
    use crate::value::{Issuer, Origin};

    fn text(t: &str) -> SymStr {
        SymStr::text(t, Origin::Exact(Span::new(FileId(0), 0..t.len())))
    }

    #[test]
    fn provider_arn_shapes() {
        let arn = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/X";
        assert_eq!(not_provider_arn(&text(arn)), None);
        // A malformed provider ARN is WIF002's.
        assert_eq!(
            not_provider_arn(&text("arn:aws:iam::1:oidc-provider/x")),
            None
        );
        assert_eq!(
            not_provider_arn(&text("https://oidc.eks.eu-west-1.amazonaws.com/id/X")),
            Some(NotArn::Url)
        );
        assert_eq!(
            not_provider_arn(&text("oidc.eks.eu-west-1.amazonaws.com/id/X")),
            Some(NotArn::Host)
        );
        assert_eq!(not_provider_arn(&text("my-provider")), Some(NotArn::Text));
        assert_eq!(
            not_provider_arn(&text("arn:aws:iam::111122223333:role/x")),
            Some(NotArn::OtherArn)
        );
        let span = Span::new(FileId(0), 0..1);
        let sym = |shape| SymStr::symbol(shape, span);
        let cluster = || Issuer::Host("h".into());
        assert_eq!(
            not_provider_arn(&sym(Shape::IssuerUrl(cluster()))),
            Some(NotArn::IssuerUrl)
        );
        assert_eq!(not_provider_arn(&sym(Shape::ProviderArn(cluster()))), None);
        assert_eq!(not_provider_arn(&sym(Shape::Unknown)), None);
        // `ar${…}` could still become an ARN.
        let mut partial = text("ar");
        partial.extend(sym(Shape::Unknown));
        assert_eq!(not_provider_arn(&partial), None);
    }
}
