//! terraform-aws-modules/eks (research §2.1): not a role module; the symbols its outputs
//! stand for, and what a call says about the cluster's IAM OIDC provider (facts).
//!
//! | input | default | fact |
//! |---|---|---|
//! | `enable_irsa` | `true` | `false`: no provider ([`Irsa::Disabled`]); not fixed text: [`Irsa::Unknown`] |
//! | `openid_connect_audiences` | `[]` | the provider's client IDs after `sts.amazonaws.com`, which the module always registers |
//! | `version` (or a git source's `ref=`) | | the pinned release, as written |
//!
//! | output | symbol (of the call's cluster issuer) |
//! |---|---|
//! | `oidc_provider_arn` | the provider's ARN |
//! | `oidc_provider` | the issuer host (no `https://`) |
//! | `cluster_oidc_issuer_url` | the issuer URL |
//! | `cluster_dualstack_oidc_issuer_url` | the dual-stack issuer URL |
//!
//! The outputs are answered by name for any call (see `output`).

use super::{Kind, call_kind, kind_of};
use crate::base::known::STS_AUDIENCE;
use crate::base::source::{FileId, Span};
use crate::eval::Evaluator;
use crate::input::module::Item;
use crate::model::facts::infra::{fixed_text, header_span};
use crate::model::facts::{ListSite, ProviderFact, list_site};
use crate::model::policy::from_value::leaves;
use crate::model::policy::{Leaf, Leaves};
use crate::value::{Address, Issuer, Origin, Shape, SymStr, Value};
use hcl_edit::expr::Expression;

/// `module.CALL.OUTPUT` for the issuer outputs of terraform-aws-eks. Answered by output name
/// for any call, whatever its source and even when no such call is declared, on purpose:
/// wrapper modules re-export these outputs under the same names.
pub(super) fn output(call: &Address, output: &str, span: Span) -> Option<Value> {
    let issuer = Issuer::Cluster(call.clone());
    let shape = match output {
        "oidc_provider_arn" => Shape::ProviderArn(issuer),
        "oidc_provider" => Shape::IssuerHost(issuer),
        "cluster_oidc_issuer_url" => Shape::IssuerUrl(issuer),
        "cluster_dualstack_oidc_issuer_url" => Shape::DualstackIssuerUrl(issuer),
        _ => return None,
    };
    Some(Value::Str(SymStr::symbol(shape, span), span))
}

/// What a terraform-aws-eks call says about its IAM OIDC provider.
#[derive(Debug, Clone, PartialEq)]
pub struct EksModuleFact {
    /// `enable_irsa` (default true): whether the module creates the IAM OIDC provider.
    pub irsa: Irsa,
    /// The pinned version as written (`version = "21.0.0"`, or the `ref=` of a git source),
    /// with the span of exactly that text when it is written verbatim.
    pub version: Option<(String, Option<Span>)>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Irsa {
    Enabled,
    /// `enable_irsa = false`, with the span of the value.
    Disabled(Span),
    /// Not fixed in the module (a variable, say).
    Unknown,
}

/// The cluster fact of `call`, when it is a terraform-aws-eks call.
pub(crate) fn cluster(ev: &mut Evaluator<'_, '_>, call: &Item<'_>) -> Option<EksModuleFact> {
    let (source, source_span) = call
        .attr("source")
        .and_then(|(f, e)| source_text(ev, f, e))?;
    if kind_of(&source) != Some(Kind::Eks) {
        return None;
    }
    let irsa = match call.attr("enable_irsa") {
        None => Irsa::Enabled,
        Some((f, e)) => match fixed_text(ev, f, e) {
            Some((t, span)) if t == "false" => Irsa::Disabled(span),
            Some((t, _)) if t == "true" => Irsa::Enabled,
            _ => Irsa::Unknown,
        },
    };
    let version = match call.attr("version") {
        Some((f, e)) => source_text(ev, f, e),
        None => git_ref(&source, source_span),
    };
    Some(EksModuleFact { irsa, version })
}

/// The IAM OIDC provider a terraform-aws-eks `call` creates, unless `enable_irsa` is false.
pub(crate) fn provider(ev: &mut Evaluator<'_, '_>, call: &Item<'_>) -> Option<ProviderFact> {
    if call_kind(ev, call) != Some(Kind::Eks) {
        return None;
    }
    let enabled = call
        .attr("enable_irsa")
        .map(|(f, e)| ev.eval(f, e).known_text());
    if matches!(enabled, Some(Some(ref t)) if t == "false") {
        return None;
    }
    let name = call.address();
    let span = call.span();
    // terraform-aws-eks always registers `sts.amazonaws.com` and adds the extra audiences.
    let mut client_ids = Leaves {
        items: vec![Leaf {
            value: SymStr::text(STS_AUDIENCE, Origin::Derived(span)),
            span,
        }],
        complete: true,
    };
    if let Some((f, e)) = call.attr("openid_connect_audiences") {
        let extra = leaves(&ev.eval(f, e));
        client_ids.complete &= extra.complete;
        client_ids.items.extend(extra.items);
    }
    // By address, as the resources' sites are: a repeated address names its last block.
    let client_ids_at = ev.module.call(&name).map(|c| audiences_site(&c));
    Some(ProviderFact {
        address: format!("module.{name}"),
        issuer: Issuer::Cluster(ev.address(format!("module.{name}"))),
        client_ids,
        span,
        header: header_span(call),
        client_ids_at,
    })
}

/// Where a terraform-aws-eks call writes its extra audiences (its header, without any).
fn audiences_site(call: &Item<'_>) -> ListSite {
    match call.attr("openid_connect_audiences") {
        Some((f, e)) => list_site(f, e),
        None => ListSite {
            span: header_span(call),
            literal: false,
            last: None,
        },
    }
}

/// A literal string attribute (`source`, `version`): its text and the span of the text
/// without quotes.
fn source_text(
    ev: &mut Evaluator<'_, '_>,
    file: FileId,
    expr: &Expression,
) -> Option<(String, Option<Span>)> {
    let Value::Str(s, _) = ev.eval(file, expr) else {
        return None;
    };
    let text = s.known()?;
    Some((text, s.verbatim_span()))
}

/// The `ref=` of a git module source, with its span inside the written source.
fn git_ref(source: &str, span: Option<Span>) -> Option<(String, Option<Span>)> {
    let at = source.find("ref=")? + "ref=".len();
    let end = source[at..]
        .find(['&', '/'])
        .map_or(source.len(), |i| at + i);
    let text = source[at..end].to_string();
    let span = span.map(|s| Span::new(s.file, s.start + at..s.start + end));
    Some((text, span))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_refs() {
        let (v, _) = git_ref("git::https://x/terraform-aws-eks.git?ref=v21.0.0", None).unwrap();
        assert_eq!(v, "v21.0.0");
    }
}
