use super::common::{claim_conditions, show, verbatim_edit};
use super::{Context, FixAvailability, Rule, RuleMeta};
use crate::diagnostic::{Diagnostic, Edit, Fix, Kind, Severity};
use crate::eval::value::{Part, Shape, Symbol};
use crate::policy::issuer::strip_scheme;

/// WIF003: a condition key whose issuer prefix is the provider ARN or a URL with a scheme.
/// IAM names claim keys `<issuer host+path>:<claim>`, so such a key is never present.
pub struct ConditionKeyNotIssuerHost;

pub static META: RuleMeta = RuleMeta {
    code: "WIF003",
    name: "condition-key-not-issuer-host",
    severity: Severity::Error,
    kind: Kind::Breaks,
    summary: "Condition key prefix is not the bare issuer host+path",
    doc: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules/WIF003.md")),
    fix: FixAvailability::Always,
};

const ARN_STRIP: &str = "/^(.*provider/)/";

impl Rule for ConditionKeyNotIssuerHost {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for st in &cx.policy.statements {
            for c in claim_conditions(st) {
                let key = &c.cond.key.value;
                let key_text = show(cx, key);
                let claim = &c.key.claim;
                let (what, span, fix) = match c.key.prefix.parts.first() {
                    Some(Part::Sym(sym)) => match symbol_fix(cx, sym) {
                        Some((what, fix)) => (what, sym.site, Some(fix)),
                        None => continue,
                    },
                    Some(Part::Text { .. }) => {
                        let lead = c.key.prefix.leading_text();
                        let cut = if lead.starts_with("arn:") {
                            match lead.find("oidc-provider/") {
                                Some(i) => i + "oidc-provider/".len(),
                                None => continue,
                            }
                        } else {
                            let scheme = lead.len() - strip_scheme(&lead).len();
                            if scheme == 0 {
                                continue;
                            }
                            scheme
                        };
                        let what = if lead.starts_with("arn:") {
                            "the provider ARN"
                        } else {
                            "a URL scheme"
                        };
                        let span = key.span_of(0, cut).unwrap_or(c.cond.key.span);
                        let fix = verbatim_edit(cx, key, 0, cut, "").map(|e| {
                            Fix::safe(format!("Remove `{}` from the key", &lead[..cut]), vec![e])
                        });
                        (what.to_string(), span, fix)
                    }
                    None => continue,
                };
                out.push(
                    Diagnostic::new(
                        &META,
                        span,
                        format!("condition key `{key_text}` starts with {what}; IAM names the claim `<issuer host>:{claim}`"),
                    )
                    .with_label(format!("{what} here, so the key never matches"))
                    .with_secondary(c.cond.key.span, "in this condition key")
                    .with_help("Use the issuer host without scheme, e.g. `${module.eks.oidc_provider}:sub` or `${replace(aws_iam_openid_connect_provider.<name>.url, \"https://\", \"\")}:sub`.")
                    .with_fix(fix),
                );
            }
        }
    }
}

/// For a key prefix made of a wrongly shaped symbol: what it is and the edit to its site.
fn symbol_fix(cx: &Context<'_>, sym: &Symbol) -> Option<(String, Fix)> {
    let site = cx.text(sym.site);
    let (what, replacement) = match &sym.shape {
        Shape::ProviderArn(_) => (
            "the provider ARN",
            match site.strip_suffix(".oidc_provider_arn") {
                Some(module) if module.starts_with("module.") => format!("{module}.oidc_provider"),
                _ => format!("replace({site}, \"{ARN_STRIP}\", \"\")"),
            },
        ),
        Shape::IssuerUrl(_) => (
            "the issuer URL with `https://`",
            match site.strip_suffix(".cluster_oidc_issuer_url") {
                Some(module) if module.starts_with("module.") => format!("{module}.oidc_provider"),
                _ => format!("replace({site}, \"https://\", \"\")"),
            },
        ),
        _ => return None,
    };
    let fix = Fix::safe(
        format!("Replace `{site}` with `{replacement}`"),
        vec![Edit::replace(sym.site, replacement)],
    );
    Some((format!("{what} (`{site}`)"), fix))
}
