use crate::base::diagnostic::{Diagnostic, Fix};
use crate::base::known::{SA_PREFIX, STS_AUDIENCE};
use crate::model::policy::Leaf;
use crate::model::policy::issuer::IssuerRef;
use crate::rules::declare::declare_rule;
use crate::rules::helpers::{
    ClaimCondition, claim_conditions, oidc_issuers, replace_leaf, show, verbatim_edit,
};
use crate::rules::oidcp::oidcp002::provider_lacks_required;
use crate::rules::{Context, Rule};

declare_rule! {
    /// WIF010: an `:aud` condition whose values cannot equal the token's audience: a subject put
    /// under the audience key, an audience the provider does not accept, or (IRSA) anything but
    /// `sts.amazonaws.com`.
    pub struct AudienceCannotMatch;
    code: "WIF010",
    name: "audience-cannot-match",
    severity: Error,
    kind: Breaks,
    fix: Sometimes,
    summary: "`:aud` value cannot match the token audience",
}

const SUBJECT_PREFIXES: [&str; 4] = [SA_PREFIX, "repo:", "project_path:", "organization:"];

impl Rule for AudienceCannotMatch {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for st in &cx.policy.statements {
            let providers = oidc_issuers(st);
            let claims = claim_conditions(st);
            let has_sub = claims.iter().any(|c| c.key.claim == "sub");
            for c in claims
                .iter()
                .filter(|c| c.key.claim == "aud" && c.op.is_positive_string())
            {
                if let Some(d) = subject_as_audience(cx, c, has_sub) {
                    out.push(d);
                    continue;
                }
                let values: Vec<(String, &Leaf)> = c
                    .cond
                    .values
                    .items
                    .iter()
                    .filter_map(|l| l.known().map(|t| (t, l)))
                    .collect();
                if values.is_empty()
                    || values.len() != c.cond.values.items.len()
                    || !c.cond.values.complete
                {
                    continue;
                }
                let issuer = providers
                    .iter()
                    .map(|(i, _)| i)
                    .find(|i| i.same_as(&c.issuer) == Some(true))
                    .cloned()
                    .unwrap_or_else(|| c.issuer.clone());
                let accepted = accepted_audiences(cx, &issuer);
                let matches_any = |candidates: &[String]| {
                    values
                        .iter()
                        .any(|(v, _)| candidates.iter().any(|a| c.op.matches(v, a)))
                };
                if let Some((provider, ids)) = &accepted {
                    // OIDCP002 reports it on the provider's client_id_list, with a fix.
                    let texts: Vec<&str> = values.iter().map(|(v, _)| v.as_str()).collect();
                    let on_provider = st.is_allow()
                        && !st.not_principal
                        && providers
                            .iter()
                            .any(|(i, _)| i.same_as(&provider.issuer) == Some(true))
                        && provider_lacks_required(
                            &provider.issuer,
                            &texts,
                            ids,
                            &cx.settings.expected_audiences,
                        );
                    if !matches_any(ids) && !on_provider {
                        out.push(
                            Diagnostic::new(
                                &META,
                                values[0].1.span,
                                format!(
                                    "`{}` audience {} is not in the client_id_list of `{}` ({})",
                                    show(cx, &c.cond.key.value),
                                    quote_all(&values),
                                    provider.address,
                                    ids.join(", ")
                                ),
                            )
                            .with_label("STS rejects tokens with this audience")
                            .with_help("The token audience must be one of the provider's client IDs and equal the `:aud` condition."),
                        );
                    }
                    continue;
                }
                // The pod identity webhook's audience (`sts.amazonaws.com` unless configured).
                let expected = &cx.settings.expected_audiences;
                let irsa_audience = expected.first().map_or(STS_AUDIENCE, String::as_str);
                if issuer.is_eks() && !matches_any(expected) {
                    let fix = (values.len() == 1)
                        .then(|| replace_leaf(cx, values[0].1, irsa_audience))
                        .flatten()
                        .map(|e| {
                            Fix::unsafe_(format!("Set the audience to `{irsa_audience}`"), vec![e])
                        });
                    out.push(
                        Diagnostic::new(
                            &META,
                            values[0].1.span,
                            format!(
                                "IRSA tokens carry audience `{irsa_audience}`, but `{}` requires {}",
                                show(cx, &c.cond.key.value),
                                quote_all(&values)
                            ),
                        )
                        .with_label("no IRSA token has this audience")
                        .with_help("The EKS pod identity webhook requests `sts.amazonaws.com` (also in China) unless the service account sets `eks.amazonaws.com/audience`.")
                        .with_fix(fix),
                    );
                }
            }
        }
    }
}

fn quote_all(values: &[(String, &Leaf)]) -> String {
    values
        .iter()
        .map(|(v, _)| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A subject (`system:serviceaccount:…`, `repo:…`) under the `:aud` key: the claims are swapped.
fn subject_as_audience(
    cx: &Context<'_>,
    c: &ClaimCondition<'_>,
    has_sub: bool,
) -> Option<Diagnostic> {
    let value = c.cond.values.items.iter().find(|v| {
        let lead = v.value.leading_text();
        SUBJECT_PREFIXES.iter().any(|p| lead.starts_with(p))
    })?;
    let key = &c.cond.key.value;
    let flat = key.known_parts_text();
    let fix = if has_sub {
        None
    } else {
        verbatim_edit(cx, key, flat.len() - 3, flat.len(), "sub")
            .map(|e| Fix::unsafe_("Put the subject under the `:sub` key", vec![e]))
    };
    Some(
        Diagnostic::new(
            &META,
            value.span,
            format!(
                "`{}` is a subject, but it is the value of the audience key `{}`",
                show(cx, &value.value),
                show(cx, key)
            ),
        )
        .with_label("a subject, not an audience")
        .with_secondary(c.cond.key.span, "audience key")
        .with_help("Subjects belong under `<issuer>:sub`; `<issuer>:aud` holds the token audience (`sts.amazonaws.com` for IRSA and GitHub).")
        .with_fix(fix),
    )
}

/// A provider of the module: its address, and its issuer as trusts name it.
struct ProviderId {
    address: String,
    issuer: IssuerRef,
}

/// The client IDs of the module's provider for `issuer`, when all are known.
fn accepted_audiences(cx: &Context<'_>, issuer: &IssuerRef) -> Option<(ProviderId, Vec<String>)> {
    let provider = cx
        .facts
        .providers
        .iter()
        .find(|p| IssuerRef::Symbolic(p.issuer.clone()).same_as(issuer) == Some(true))?;
    if !provider.client_ids.complete || provider.client_ids.items.is_empty() {
        return None;
    }
    let ids: Option<Vec<String>> = provider.client_ids.items.iter().map(Leaf::known).collect();
    Some((
        ProviderId {
            address: provider.address.clone(),
            issuer: IssuerRef::Symbolic(provider.issuer.clone()),
        },
        ids?,
    ))
}
