//! terraform-aws-modules/eks: the symbols its outputs stand for.

use crate::base::source::Span;
use crate::value::{Issuer, Shape, SymStr, Value};

/// `module.CALL.OUTPUT` for the issuer outputs of terraform-aws-eks. Answered by output name
/// for any call, whatever its source and even when no such call is declared, on purpose:
/// wrapper modules re-export these outputs under the same names.
pub(super) fn output(call: &str, output: &str, span: Span) -> Option<Value> {
    let issuer = Issuer::Cluster(format!("module.{call}"));
    let shape = match output {
        "oidc_provider_arn" => Shape::ProviderArn(issuer),
        "oidc_provider" => Shape::IssuerHost(issuer),
        "cluster_oidc_issuer_url" => Shape::IssuerUrl(issuer),
        "cluster_dualstack_oidc_issuer_url" => Shape::DualstackIssuerUrl(issuer),
        _ => return None,
    };
    Some(Value::Str(SymStr::symbol(shape, span), span))
}
