use crate::base::diagnostic::{Diagnostic, Edit, Fix};
use crate::base::known::{GITHUB_HOST, STS_AUDIENCE, TFC_HOST, hostpath};
use crate::base::source::Span;
use crate::model::facts::infra::ProviderRef;
use crate::model::facts::{ListSite, ProviderFact};
use crate::model::policy::issuer::IssuerRef;
use crate::model::policy::{Leaf, Statement};
use crate::rules::declare::declare_rule;
use crate::rules::helpers::{claim_conditions, is_tf, oidc_issuers};
use crate::rules::{ModuleContext, Rule};
use crate::value::Shape;

declare_rule! {
    /// OIDCP002: an IAM OIDC provider that a trust in the module uses, whose `client_id_list`
    /// lacks an audience those tokens carry: the default audience of the issuer (IRSA and GitHub
    /// `sts.amazonaws.com`, HCP Terraform `aws.workload.identity`) or an `:aud` value the trust
    /// accepts. STS refuses such tokens before the trust policy is read.
    pub struct ClientIdListLacksAudience;
    code: "OIDCP002",
    name: "client-id-list-lacks-audience",
    severity: Error,
    kind: Breaks,
    fix: Sometimes,
    summary: "OIDC provider `client_id_list` lacks the audience its trusts need",
}

const STS_CN: &str = "sts.amazonaws.com.cn";
const TFC_AUDIENCE: &str = "aws.workload.identity";
const HELP: &str = "The token's `aud` must be one of the provider's client IDs, or STS answers InvalidIdentityToken (HTTP 400) before it evaluates the trust policy. Client IDs are added in place, without replacing the provider.";

impl Rule for ClientIdListLacksAudience {
    fn check_module(&self, cx: &ModuleContext<'_>, out: &mut Vec<Diagnostic>) {
        for provider in &cx.facts.providers {
            let Some(ids) = known_ids(provider) else {
                continue;
            };
            let needs = needed_audiences(cx, provider, &ids);
            for need in needs {
                out.push(report(cx, provider, &need));
            }
        }
        china_module_default(cx, out);
    }
}

/// Every client ID, when all are known.
fn known_ids(p: &ProviderFact) -> Option<Vec<String>> {
    if !p.client_ids.complete {
        return None;
    }
    p.client_ids.items.iter().map(Leaf::known).collect()
}

/// An audience the provider lacks, and why it is needed.
struct Need {
    audience: String,
    /// The trust that needs it.
    role: String,
    site: Span,
    why: Why,
}

enum Why {
    /// The issuer's default audience; the statement has no `:aud` condition of its own.
    Default(&'static str),
    /// IRSA with only STS-endpoint audiences (`sts.amazonaws.com.cn`): the webhook still
    /// requests `sts.amazonaws.com`.
    IrsaDefault,
    /// A value the statement's `:aud` condition accepts, beside others a client ID matches.
    Condition,
    /// The statement's `:aud` condition requires one of these values and no client ID matches
    /// any of them.
    Required,
}

/// True when an `:aud` condition whose `values` no client ID in `ids` matches is OIDCP002's
/// (the provider lacks what the trust requires) rather than WIF010's (the condition asks for
/// an audience the tokens do not carry): the provider lists none of the issuer's default
/// audiences (IRSA: `expected`, GitHub: `sts.amazonaws.com(.cn)`, HCP Terraform:
/// `aws.workload.identity`), and for IRSA some value is an audience the webhook requests.
pub(crate) fn provider_lacks_required(
    issuer: &IssuerRef,
    values: &[&str],
    ids: &[String],
    expected: &[String],
) -> bool {
    let defaults: Vec<&str> = if issuer.is_eks() {
        expected.iter().map(String::as_str).collect()
    } else if issuer.is_host(GITHUB_HOST) {
        vec![STS_AUDIENCE, STS_CN]
    } else if issuer.is_host(TFC_HOST) {
        vec![TFC_AUDIENCE]
    } else {
        Vec::new()
    };
    if ids.iter().any(|i| defaults.contains(&i.as_str())) {
        return false;
    }
    !issuer.is_eks() || values.iter().any(|v| defaults.contains(v))
}

/// True for `sts.amazonaws.com`-like client IDs (regional and China endpoints included).
fn is_sts_variant(a: &str) -> bool {
    let a = a.to_ascii_lowercase();
    a.starts_with("sts.") && (a.ends_with(".amazonaws.com") || a.ends_with(".amazonaws.com.cn"))
}

/// The audiences the module's trusts need from `provider` that `ids` lacks.
fn needed_audiences(cx: &ModuleContext<'_>, provider: &ProviderFact, ids: &[String]) -> Vec<Need> {
    // The audiences IRSA tokens carry (`expected-audiences`, default `sts.amazonaws.com`).
    let expected = &cx.settings.expected_audiences;
    let issuer = IssuerRef::Symbolic(provider.issuer.clone());
    let has = |a: &str| ids.iter().any(|i| i == a);
    let mut out: Vec<Need> = Vec::new();
    let mut push = |need: Need| {
        if !out.iter().any(|n| n.audience == need.audience) {
            out.push(need);
        }
    };
    for policy in cx.policies {
        let role = policy
            .role
            .clone()
            .unwrap_or_else(|| "this trust".to_string());
        for st in policy
            .statements
            .iter()
            .filter(|s| s.is_allow() && !s.not_principal)
        {
            let Some((_, principal)) = oidc_issuers(st)
                .into_iter()
                .find(|(i, _)| i.same_as(&issuer) == Some(true))
            else {
                continue;
            };
            let Some(values) = audience_values(cx, st, provider) else {
                continue;
            };
            if values.is_empty() {
                if !st.conditions_complete {
                    continue;
                }
                if let Some(default) = default_audience(&issuer, ids, expected) {
                    push(Need {
                        audience: default,
                        role: role.clone(),
                        site: principal.span,
                        why: Why::Default(family(&issuer)),
                    });
                }
                continue;
            }
            // A condition none of whose values is a client ID: the provider's to fix unless it
            // already lists the issuer's default audience (then WIF010 reports the condition).
            if !values.iter().any(|(_, _, ok)| *ok) {
                let texts: Vec<&str> = values.iter().map(|(t, _, _)| t.as_str()).collect();
                if provider_lacks_required(&issuer, &texts, ids, expected) {
                    for (text, leaf, _) in &values {
                        push(Need {
                            audience: text.clone(),
                            role: role.clone(),
                            site: leaf.span,
                            why: Why::Required,
                        });
                    }
                }
                continue;
            }
            for (text, leaf, ok) in &values {
                if !ok {
                    push(Need {
                        audience: text.clone(),
                        role: role.clone(),
                        site: leaf.span,
                        why: Why::Condition,
                    });
                }
            }
            if issuer.is_eks()
                && !expected.iter().any(|a| has(a))
                && values.iter().all(|(t, _, _)| is_sts_variant(t))
            {
                push(Need {
                    audience: irsa_audience(expected),
                    role: role.clone(),
                    site: values[0].1.span,
                    why: Why::IrsaDefault,
                });
            }
        }
    }
    out
}

/// The known values of the statement's positive `:aud` conditions on this provider, each with
/// whether a client ID satisfies it. `None` when some value is not known.
fn audience_values<'p>(
    cx: &ModuleContext<'_>,
    st: &'p Statement,
    provider: &ProviderFact,
) -> Option<Vec<(String, &'p Leaf, bool)>> {
    let principals = oidc_issuers(st);
    let ids = known_ids(provider)?;
    let mut out = Vec::new();
    for c in claim_conditions(st) {
        if c.key.claim != "aud" || !c.op.is_positive_string() {
            continue;
        }
        // The provider the condition's issuer resolves to, as WIF010 resolves it.
        let issuer = principals
            .iter()
            .map(|(i, _)| i)
            .find(|i| i.same_as(&c.issuer) == Some(true))
            .cloned()
            .unwrap_or_else(|| c.issuer.clone());
        let resolved = cx
            .facts
            .providers
            .iter()
            .find(|p| IssuerRef::Symbolic(p.issuer.clone()).same_as(&issuer) == Some(true));
        if resolved.map(|p| &p.address) != Some(&provider.address) {
            continue;
        }
        if !c.cond.values.complete {
            return None;
        }
        for leaf in &c.cond.values.items {
            let text = leaf.known()?;
            let ok = ids.iter().any(|a| c.op.matches(&text, a));
            out.push((text, leaf, ok));
        }
    }
    Some(out)
}

fn family(issuer: &IssuerRef) -> &'static str {
    if issuer.is_eks() {
        "IRSA tokens"
    } else if issuer.is_host(GITHUB_HOST) {
        "GitHub Actions tokens"
    } else {
        "HCP Terraform tokens"
    }
}

/// The audience IRSA tokens carry by default.
fn irsa_audience(expected: &[String]) -> String {
    expected
        .first()
        .map_or(STS_AUDIENCE, String::as_str)
        .to_string()
}

/// The default audience a statement without an `:aud` condition relies on, when the provider
/// lacks it and lists nothing but STS endpoints (a custom audience, set by the workload, may
/// be intended otherwise).
fn default_audience(issuer: &IssuerRef, ids: &[String], expected: &[String]) -> Option<String> {
    if !ids.iter().all(|a| is_sts_variant(a)) {
        return None;
    }
    let has = |a: &str| ids.iter().any(|i| i == a);
    if issuer.is_eks() {
        (!expected.iter().any(|a| has(a))).then(|| irsa_audience(expected))
    } else if issuer.is_host(GITHUB_HOST) {
        // GitHub workflows in China request `sts.amazonaws.com.cn`.
        (!has(STS_AUDIENCE) && !has(STS_CN)).then(|| STS_AUDIENCE.to_string())
    } else if issuer.is_host(TFC_HOST) {
        Some(TFC_AUDIENCE.to_string())
    } else {
        None
    }
}

fn report(cx: &ModuleContext<'_>, provider: &ProviderFact, need: &Need) -> Diagnostic {
    let site = &provider.client_ids_at;
    let primary = site.as_ref().map_or(provider.span, |s| s.span);
    let a = &need.audience;
    let owner = if provider.address.starts_with("module.") {
        format!("the client IDs of `{}` lack", provider.address)
    } else {
        format!("the client_id_list of `{}` lacks", provider.address)
    };
    let (message, label) = match &need.why {
        Why::Default(family) => (
            format!(
                "{owner} `{a}`, the audience {family} carry; STS rejects the tokens for `{}` (InvalidIdentityToken)",
                need.role
            ),
            "trusted here, without an `:aud` condition",
        ),
        Why::IrsaDefault => (
            format!(
                "{owner} `{a}`, the audience the EKS pod identity webhook requests in every partition; STS rejects the IRSA tokens for `{}` (InvalidIdentityToken)",
                need.role
            ),
            "IRSA tokens carry `sts.amazonaws.com`, not this",
        ),
        Why::Condition => (
            format!(
                "{owner} `{a}`, an audience the `:aud` condition of `{}` accepts; tokens with it are rejected (InvalidIdentityToken)",
                need.role
            ),
            "accepted here",
        ),
        Why::Required => (
            format!(
                "{owner} `{a}`, the audience the `:aud` condition of `{}` requires; STS rejects every token that condition admits (InvalidIdentityToken)",
                need.role
            ),
            "required here",
        ),
    };
    let fix = site.as_ref().and_then(|s| append_fix(cx, s, a));
    Diagnostic::new(&META, primary, message)
        .with_label("missing audience")
        .with_secondary(need.site, label)
        .with_help(HELP)
        .with_fix(fix)
}

/// Appends `audience` to a literal list.
fn append_fix(cx: &ModuleContext<'_>, site: &ListSite, audience: &str) -> Option<Fix> {
    if !site.literal || !is_tf(cx.sources(), site.span) {
        return None;
    }
    let edit = match site.last {
        Some(last) => Edit::insert_at(last, format!(", \"{audience}\"")),
        None => Edit::replace(site.span, format!("[\"{audience}\"]")),
    };
    Some(Fix::safe(
        format!("Add `{audience}` to the client IDs"),
        vec![edit],
    ))
}

/// terraform-aws-iam `iam-oidc-provider` registering an EKS issuer in China without
/// `client_id_list`: the module defaults to `sts.amazonaws.com.cn`, IRSA tokens carry
/// `sts.amazonaws.com`.
fn china_module_default(cx: &ModuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let expected = &cx.settings.expected_audiences;
    // A webhook configured for the China audience makes the module default right.
    if expected.iter().any(|a| a == STS_CN) {
        return;
    }
    let audience = irsa_audience(expected);
    for call in &cx.facts.infra.iam_oidc_defaults {
        let Some(url) = &call.url else {
            continue;
        };
        let (value, url_span) = (&url.value, &url.span);
        // The file the `url` argument is written in.
        let uf = url.key.file;
        let china_host = value
            .known()
            .map(|t| hostpath(&t))
            .filter(|h| crate::base::known::is_eks_host(h))
            .map(|h| h.to_ascii_lowercase().contains(".amazonaws.com.cn/"));
        let eks_symbol = value.as_symbol().and_then(|sym| match &sym.shape {
            Shape::IssuerUrl(i) | Shape::IssuerHost(i) if i.is_eks() => Some(i.clone()),
            _ => None,
        });
        let china = match (china_host, eks_symbol) {
            (Some(c), _) => c,
            (None, Some(issuer)) => {
                let region = cx
                    .facts
                    .infra
                    .clusters
                    .iter()
                    .find(|c| c.issuer == issuer)
                    .and_then(|c| c.region.clone())
                    .or_else(|| {
                        cx.facts
                            .infra
                            .provider(&ProviderRef::Default)
                            .and_then(|p| p.region.clone())
                    });
                region.is_some_and(|(r, _)| r.starts_with("cn-"))
            }
            (None, None) => false,
        };
        if !china {
            continue;
        }
        let indent = cx.sources().get(uf).indent_at(url_span.start).to_string();
        let fix = is_tf(cx.sources(), *url_span).then(|| {
            let line_end = cx
                .sources()
                .get(uf)
                .text
                .get(url_span.end..)
                .and_then(|rest| rest.find('\n'))
                .map_or(url_span.end, |i| url_span.end + i);
            Fix::unsafe_(
                format!("Set `client_id_list = [\"{audience}\"]`"),
                vec![Edit::insert_at(
                    Span::new(uf, line_end..line_end),
                    format!("\n{indent}client_id_list = [\"{audience}\"]"),
                )],
            )
        });
        out.push(
            Diagnostic::new(
                &META,
                call.header,
                format!(
                    "`{}` registers an EKS issuer in China without `client_id_list`; the module then defaults to `{STS_CN}`, but IRSA tokens carry `{audience}` and are rejected (InvalidIdentityToken)",
                    call.address
                ),
            )
            .with_label("client_id_list defaults to sts.amazonaws.com.cn")
            .with_secondary(*url_span, "an EKS issuer")
            .with_help("The EKS pod identity webhook requests the audience `sts.amazonaws.com` in every partition (eksctl#1910). Set `client_id_list = [\"sts.amazonaws.com\"]`.")
            .with_fix(fix),
        );
    }
}
