use crate::base::diagnostic::{Diagnostic, Edit, Fix};
use crate::base::known::strip_scheme;
use crate::rules::declare::declare_rule;
use crate::rules::helpers::{
    ARN_STRIP, claim_conditions, first_interpolation, from_misshapen_provider_input, host_fix,
    show, verbatim_edit,
};
use crate::rules::{Context, Rule};
use crate::value::Part;

/// How a provider ARN's resource part begins.
const PROVIDER_RESOURCE: &str = "oidc-provider/";

declare_rule! {
    /// WIF003: a condition key whose issuer prefix is the provider ARN (or its `oidc-provider/`
    /// resource part) or a URL with a scheme.
    /// IAM names claim keys `<issuer host+path>:<claim>`, so such a key is never present.
    pub struct ConditionKeyNotIssuerHost;
    code: "WIF003",
    name: "condition-key-not-issuer-host",
    severity: Error,
    kind: Breaks,
    fix: Always,
    summary: "Condition key prefix is not the bare issuer host+path",
}

impl Rule for ConditionKeyNotIssuerHost {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for st in &cx.policy.statements {
            if from_misshapen_provider_input(cx, st) {
                continue;
            }
            for c in claim_conditions(st) {
                let key = &c.cond.key.value;
                let key_text = show(cx, key);
                let claim = &c.key.claim;
                // Where the scheme or ARN text is written when that is outside the key (a
                // variable's default, a tfvars line): shown, since the fix is made at the key.
                let mut written_at = None;
                let (what, span, fix) = match c.key.prefix.parts.first() {
                    Some(Part::Sym(sym)) => match host_fix(cx, sym) {
                        Some((what, fix)) => (what, sym.site, Some(fix)),
                        None => continue,
                    },
                    Some(Part::Text { .. }) => {
                        let lead = c.key.prefix.leading_text();
                        let from_arn = lead.starts_with("arn:");
                        // The ARN's resource part (`oidc-provider/<host>`), cut from the ARN
                        // at the wrong place.
                        let resource_part = lead.starts_with(PROVIDER_RESOURCE);
                        let cut = if from_arn {
                            match lead.find(PROVIDER_RESOURCE) {
                                Some(i) => i + PROVIDER_RESOURCE.len(),
                                None => continue,
                            }
                        } else if resource_part {
                            PROVIDER_RESOURCE.len()
                        } else {
                            let scheme = lead.len() - strip_scheme(&lead).len();
                            if scheme == 0 {
                                continue;
                            }
                            scheme
                        };
                        let what = if from_arn {
                            "the provider ARN"
                        } else if resource_part {
                            "the ARN's `oidc-provider/` part"
                        } else {
                            "a URL scheme"
                        };
                        let written = c.cond.key_written;
                        let deletion =
                            verbatim_edit(cx, key, 0, cut, "").filter(|e| written.contains(e.span));
                        match deletion {
                            Some(e) => {
                                let fix = Fix::safe(
                                    format!("Remove `{}` from the key", &lead[..cut]),
                                    vec![e.clone()],
                                );
                                (what.to_string(), e.span, Some(fix))
                            }
                            // The text comes from a local or variable that others may share:
                            // strip it where the key interpolates it.
                            None => match first_interpolation(cx, written) {
                                Some((site, expr)) => {
                                    written_at =
                                        key.span_of(0, cut).filter(|s| !written.contains(*s));
                                    let stripped = if from_arn {
                                        format!("replace({expr}, \"{ARN_STRIP}\", \"\")")
                                    } else if resource_part {
                                        format!("trimprefix({expr}, \"{PROVIDER_RESOURCE}\")")
                                    } else {
                                        format!("replace({expr}, \"https://\", \"\")")
                                    };
                                    let fix = Fix::safe(
                                        format!("Replace `{expr}` with `{stripped}`"),
                                        vec![Edit::replace(site, stripped)],
                                    );
                                    (what.to_string(), site, Some(fix))
                                }
                                None => (what.to_string(), c.cond.key.span, None),
                            },
                        }
                    }
                    None => continue,
                };
                let mut d = Diagnostic::new(
                    &META,
                    span,
                    format!("condition key `{key_text}` starts with {what}; IAM names the claim `<issuer host>:{claim}`"),
                )
                .with_label(format!("{what} here, so the key never matches"))
                .with_secondary(c.cond.key.span, "in this condition key")
                .with_help("Use the issuer host without scheme, e.g. `${module.eks.oidc_provider}:sub` or `${replace(aws_iam_openid_connect_provider.<name>.url, \"https://\", \"\")}:sub`.")
                .with_fix(fix);
                if let Some(at) = written_at {
                    d = d.with_secondary(at, format!("{what} written here"));
                }
                out.push(d);
            }
        }
    }
}
