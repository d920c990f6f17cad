use crate::base::diagnostic::{Diagnostic, Fix, Kind, Severity};
use crate::base::known::TFC_HOST;
use crate::model::policy::Leaf;
use crate::model::policy::issuer::IssuerRef;
use crate::rules::ci::helpers::{
    IssuerTrust, MARK, broad_subject, deny_may_apply, issuer_trust, render,
};
use crate::rules::declare::declare_rule;
use crate::rules::helpers::{glob_match, replace_leaf, show};
use crate::rules::{Context, Rule};
use crate::value::Issuer;

declare_rule! {
    /// TFC001: an HCP Terraform (or clearly identified Terraform Enterprise) trust whose audience
    /// is not the workload-identity audience, whose subject lacks the `project:` segment, or
    /// which lets any workspace of an organization (or of any organization) in.
    pub struct HcpTerraformTrust;
    code: "TFC001",
    name: "hcp-terraform-trust",
    severity: Error,
    kind: Breaks,
    fix: Sometimes,
    summary: "HCP Terraform trust with a wrong audience, a malformed or an over-broad subject",
}

/// The audience HCP Terraform puts in workload-identity tokens unless the workspace sets
/// `TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE`.
pub const TFC_AUDIENCE: &str = "aws.workload.identity";

impl Rule for HcpTerraformTrust {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let is_tfc = |h: &str| is_tfc_issuer(cx, h);
        // A Deny may narrow the trust: then over-broad subjects are not established.
        let denied = deny_may_apply(cx.policy, is_tfc);
        for st in &cx.policy.statements {
            if !st.is_allow() || st.not_principal {
                continue;
            }
            let Some(trust) = issuer_trust(st, is_tfc) else {
                continue;
            };
            check_audience(cx, &trust, out);
            let subs: Vec<_> = trust.positive("sub").collect();
            if subs.is_empty() {
                if denied
                    || !st.conditions_complete
                    || trust.audience_holds_subject()
                    || trust.foreign_condition
                {
                    continue;
                }
                let mut d = Diagnostic::new(
                    &META,
                    st.condition_block.unwrap_or(st.span),
                    format!(
                        "no `:sub` condition: runs of any workspace in any organization on `{}` can assume this role",
                        trust.issuer
                    ),
                )
                .with_severity(Severity::Warning)
                .with_kind(Kind::Exposes)
                .with_label("no subject condition")
                .with_help(format!("Add `StringLike` on `{}:sub` = `organization:<org>:project:<project>:workspace:<workspace>:run_phase:*`.", trust.issuer));
                if let Some(p) = trust.principal_leaf(st) {
                    d = d.with_secondary(p.span, "trusted HCP Terraform issuer");
                }
                out.push(d);
                continue;
            }
            for c in &subs {
                for value in &c.cond.values.items {
                    let text = render(&value.value);
                    let like = c.op.is_like();
                    if let Some(d) = missing_project(cx, value, &text, like) {
                        out.push(d.with_secondary(c.cond.key.span, "HCP Terraform subject key"));
                        continue;
                    }
                    if like
                        && !denied
                        && let Some(scope) = breadth(&text)
                    {
                        out.push(broad_subject(
                            &META,
                            cx,
                            value,
                            &c.cond.key,
                            "runs of",
                            &scope,
                            "matches every workspace",
                            "Pin the project and workspace: `organization:<org>:project:<project>:workspace:<workspace>:run_phase:*`.",
                        ));
                    }
                }
            }
        }
    }
}

/// True for HCP Terraform's issuer, and for a Terraform Enterprise host, which is recognised
/// only through a provider of this module that registers the HCP Terraform audience.
pub fn is_tfc_issuer(cx: &Context<'_>, host: &str) -> bool {
    host.eq_ignore_ascii_case(TFC_HOST)
        || cx.facts.providers.iter().any(|p| match &p.issuer {
            Issuer::Host(h) => {
                h.eq_ignore_ascii_case(host)
                    && p.client_ids
                        .items
                        .iter()
                        .any(|c| c.known().as_deref() == Some(TFC_AUDIENCE))
            }
            _ => false,
        })
}

/// An `:aud` condition none of whose values is the HCP Terraform audience. When the module
/// defines the provider, WIF010 compares against its `client_id_list` instead.
fn check_audience(cx: &Context<'_>, trust: &IssuerTrust<'_>, out: &mut Vec<Diagnostic>) {
    let issuer = IssuerRef::Text(trust.issuer.clone());
    let defined_here = cx
        .facts
        .providers
        .iter()
        .any(|p| IssuerRef::Symbolic(p.issuer.clone()).same_as(&issuer) == Some(true));
    if defined_here || !trust.issuer.eq_ignore_ascii_case(TFC_HOST) {
        return;
    }
    for c in trust.positive("aud") {
        let values: Option<Vec<(String, &Leaf)>> = c
            .cond
            .values
            .items
            .iter()
            .map(|l| l.known().map(|t| (t, l)))
            .collect();
        let Some(values) = values else { continue };
        if values.is_empty()
            || !c.cond.values.complete
            || values.iter().any(|(v, _)| c.op.matches(v, TFC_AUDIENCE))
            // A subject under the audience key is WIF010's.
            || values.iter().any(|(v, _)| v.contains(':'))
        {
            continue;
        }
        let fix = (values.len() == 1)
            .then(|| replace_leaf(cx, values[0].1, TFC_AUDIENCE))
            .flatten()
            .map(|e| Fix::unsafe_(format!("Set the audience to `{TFC_AUDIENCE}`"), vec![e]));
        let shown: Vec<String> = values.iter().map(|(v, _)| format!("`{v}`")).collect();
        out.push(
            Diagnostic::new(
                &META,
                values[0].1.span,
                format!(
                    "HCP Terraform tokens carry audience `{TFC_AUDIENCE}`, but `{}` requires {}",
                    show(cx, &c.cond.key.value),
                    shown.join(", ")
                ),
            )
            .with_label("not the HCP Terraform audience")
            .with_help(format!("Use `{TFC_AUDIENCE}`, or the audience the workspace sets in `TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE` (it must also be in the provider's `client_id_list`)."))
            .with_fix(fix),
        );
    }
}

/// `organization:<org>:workspace:<ws>…`: the subject always holds `project:<name>` between the
/// organization and the workspace, so this value never matches.
fn missing_project(cx: &Context<'_>, value: &Leaf, text: &str, like: bool) -> Option<Diagnostic> {
    let mut segments = text.split(':');
    if segments.next()? != "organization" {
        return None;
    }
    let org = segments.next()?;
    if org.contains(['*', '?']) && like {
        return None;
    }
    if segments.next()? != "workspace" {
        return None;
    }
    Some(
        Diagnostic::new(
            &META,
            value.span,
            format!(
                "HCP Terraform subject `{}` lacks the `project:` segment; subjects are `organization:<org>:project:<project>:workspace:<workspace>:run_phase:<phase>`",
                show(cx, &value.value)
            ),
        )
        .with_label("no token has this subject")
        .with_help("Insert `project:<project name>:` after the organization (`Default Project` unless the workspace was moved)."),
    )
}

/// Which workspaces a `StringLike` subject pattern admits, when it is broader than one project:
/// tested against subjects with names the pattern cannot anticipate.
fn breadth(pattern: &str) -> Option<String> {
    const PROBE: &str = "\u{2}";
    let matches_any = |org: &str| {
        ["plan", "apply"].iter().any(|phase| {
            glob_match(
                pattern,
                &format!("organization:{org}:project:{PROBE}:workspace:{PROBE}:run_phase:{phase}"),
            )
        })
    };
    if matches_any(PROBE) {
        return Some("any workspace in any organization".to_string());
    }
    let org = pattern.strip_prefix("organization:")?.split(':').next()?;
    if org.contains(['*', '?']) || !matches_any(org) {
        return None;
    }
    Some(if org.contains(MARK) {
        "every workspace of the organization".to_string()
    } else {
        format!("every workspace of the organization `{org}`")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broad_patterns() {
        assert!(breadth("*").is_some());
        assert!(breadth("organization:*").is_some());
        assert_eq!(
            breadth("organization:acme:*").as_deref(),
            Some("every workspace of the organization `acme`")
        );
        assert!(breadth("organization:acme:project:*:workspace:*:run_phase:*").is_some());
        assert!(breadth("organization:acme:project:infra:workspace:*:run_phase:*").is_none());
        assert!(breadth("organization:acme:project:infra:workspace:prod:run_phase:*").is_none());
        assert!(breadth("organization:acme:*:workspace:prod:run_phase:*").is_none());
        assert!(breadth("organization:\u{1}:*").is_some());
    }
}
