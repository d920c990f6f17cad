//! terraform-aws-modules/iam `iam-oidc-provider` (research §2.2): not a role module; what a
//! call says about the IAM OIDC provider it creates (facts).
//!
//! | input | default | fact |
//! |---|---|---|
//! | `client_id_list` | `[]` | unset or `[]`: the module registers `sts.<dns suffix>` (`sts.amazonaws.com.cn` in China), an [`IamOidcModule`] |
//! | `url` | `https://token.actions.githubusercontent.com` | the fact's `url`, when written and a string |
//!
//! Its outputs (`arn`, `url`) stand for no symbol.

use super::{Kind, call_kind};
use crate::base::source::Span;
use crate::eval::Evaluator;
use crate::input::module::{Item, span_of};
use crate::model::facts::infra::{StrArg, header_span};
use crate::value::Value;

/// A terraform-aws-iam `iam-oidc-provider` call that leaves `client_id_list` to the module's
/// default (unset or `[]`), which is `sts.amazonaws.com.cn` in China.
#[derive(Debug, Clone)]
pub struct IamOidcModule {
    /// `module.X`.
    pub address: String,
    pub header: Span,
    /// `url`, when it evaluates to a string.
    pub url: Option<StrArg>,
}

/// `call`, when it is an `iam-oidc-provider` call whose client IDs are the module's default.
pub(crate) fn oidc_provider_default(
    ev: &mut Evaluator<'_, '_>,
    call: &Item<'_>,
) -> Option<IamOidcModule> {
    if call_kind(ev, call) != Some(Kind::IamOidcProvider) {
        return None;
    }
    if let Some((f, e)) = call.attr("client_id_list") {
        // An empty list falls back to the default too.
        let empty = matches!(ev.eval(f, e), Value::List(ref items, _) if items.is_empty());
        if !empty {
            return None;
        }
    }
    let url = call.block.body.get_attribute("url").and_then(|attr| {
        let Value::Str(value, span) = ev.eval(call.file, &attr.value) else {
            return None;
        };
        Some(StrArg {
            key: span_of(call.file, &attr.key),
            value,
            span,
        })
    });
    Some(IamOidcModule {
        address: format!("module.{}", call.address()),
        header: header_span(call),
        url,
    })
}
