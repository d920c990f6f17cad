use crate::base::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::base::known::{hostpath, is_eks_host, strip_scheme};
use crate::base::source::Span;
use crate::model::policy::{PolicyForm, Statement};
use crate::rules::declare::declare_rule;
use crate::rules::helpers::{
    claim_conditions, is_tf, provider_arn_for, replace_leaf, show, unique_provider,
};
use crate::rules::{Context, ModuleContext, Rule};
use crate::value::{Issuer, Part, Shape, SymStr};

declare_rule! {
    /// OIDCP004: URL, ARN and host mixed up in the wiring between providers and trusts: an issuer
    /// URL or host as the Federated principal, an ARN as a provider `url`, and a provider's `.url`
    /// built into a key or ARN without stripping `https://`.
    pub struct UrlArnHostConfusion;
    code: "OIDCP004",
    name: "url-arn-host-confusion",
    severity: Error,
    kind: Breaks,
    fix: Sometimes,
    summary: "Issuer URL, host and provider ARN confused in provider or trust wiring",
}

impl Rule for UrlArnHostConfusion {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        // Module inputs (`provider_arn = …`) are checked with the module call (XR005).
        if cx.policy.form == PolicyForm::Module {
            return;
        }
        for st in &cx.policy.statements {
            url_principals(cx, st, out);
            unguarded_provider_urls(cx, st, out);
        }
    }

    fn check_module(&self, cx: &ModuleContext<'_>, out: &mut Vec<Diagnostic>) {
        arn_urls(cx, out);
    }
}

/// (a) A URL or host where the provider ARN belongs.
fn url_principals(cx: &Context<'_>, st: &Statement, out: &mut Vec<Diagnostic>) {
    for leaf in st.principals_of("Federated") {
        if let Some(sym) = leaf.value.as_symbol() {
            let what = match &sym.shape {
                Shape::IssuerUrl(_) => "the issuer URL",
                Shape::IssuerHost(_) => "the issuer host",
                Shape::ProviderUrl(_) => "the provider's URL",
                Shape::DualstackIssuerUrl(_) => "the dual-stack issuer URL",
                _ => continue,
            };
            let fix = provider_arn_for(cx.sources, cx.facts, sym).and_then(|arn| {
                is_tf(cx.sources, sym.site).then(|| {
                    Fix::safe(format!("Trust `{arn}`"), vec![Edit::replace(sym.site, arn)])
                })
            });
            out.push(
                Diagnostic::new(
                    &META,
                    sym.site,
                    format!(
                        "Federated principal `{}` is {what}, not an OIDC provider ARN",
                        cx.text(sym.site)
                    ),
                )
                .with_label("expected arn:<partition>:iam::<account>:oidc-provider/<host>")
                .with_help("`Federated` takes the ARN of the IAM OIDC provider: `module.eks.oidc_provider_arn` or `aws_iam_openid_connect_provider.<name>.arn`. URLs and hosts belong in the provider's `url` and in condition keys.")
                .with_fix(fix),
            );
            continue;
        }
        let lead = leaf.value.leading_text();
        let scheme = lead.len() - strip_scheme(&lead).len();
        if scheme == 0 {
            continue;
        }
        // A literal EKS issuer is WIF002's (`… is an issuer, not a provider ARN`).
        if let Some(t) = leaf.known()
            && is_eks_host(strip_scheme(&t))
        {
            continue;
        }
        let fix = leaf.known().and_then(|t| {
            let arn = unique_provider(cx.facts, &Issuer::Host(hostpath(&t)))?;
            let e = replace_leaf(cx, leaf, &format!("${{{arn}}}"))
                .filter(|e| is_tf(cx.sources, e.span))?;
            Some(Fix::safe(format!("Trust `{arn}`"), vec![e]))
        });
        out.push(
            Diagnostic::new(
                &META,
                leaf.span,
                format!(
                    "Federated principal `{}` is a URL, not an OIDC provider ARN",
                    show(cx, &leaf.value)
                ),
            )
            .with_label("expected arn:<partition>:iam::<account>:oidc-provider/<host>")
            .with_help("`Federated` takes the ARN of the IAM OIDC provider registered for the issuer, e.g. `aws_iam_openid_connect_provider.<name>.arn`.")
            .with_fix(fix),
        );
    }
}

/// (c) `aws_iam_openid_connect_provider.X.url` inside a condition key or a provider ARN.
fn unguarded_provider_urls(cx: &Context<'_>, st: &Statement, out: &mut Vec<Diagnostic>) {
    let mut sites: Vec<(&SymStr, Span, &str)> = Vec::new();
    for leaf in st.principals_of("Federated") {
        // A lone URL as the principal is reported above.
        if leaf.value.as_symbol().is_none() {
            sites.push((&leaf.value, leaf.span, "provider ARN"));
        }
    }
    for c in claim_conditions(st) {
        sites.push((&c.cond.key.value, c.cond.key.span, "condition key"));
    }
    for (value, whole, what) in sites {
        for part in &value.parts {
            let Part::Sym(sym) = part else { continue };
            let Shape::ProviderUrl(issuer) = &sym.shape else {
                continue;
            };
            let site = cx.text(sym.site);
            let wrapped = format!("replace({site}, \"https://\", \"\")");
            let fix = Some(Fix::safe(
                format!("Wrap in `{wrapped}`"),
                vec![Edit::replace(sym.site, wrapped.clone())],
            ));
            let d = if url_known_at_plan(issuer) {
                Diagnostic::new(
                    &META,
                    sym.site,
                    format!(
                        "{what} `{}` uses `{site}` without removing `https://`; the value carries the scheme until the provider has been created",
                        show(cx, value)
                    ),
                )
                .with_severity(Severity::Warning)
                .with_label("may hold https:// on the first plan")
                .with_help("After apply the provider's `url` attribute holds the host without `https://`, but before the provider exists it is the configured URL with the scheme. Strip it explicitly, or use the cluster's `oidc_provider` output.")
            } else {
                Diagnostic::new(
                    &META,
                    sym.site,
                    format!(
                        "{what} `{}` uses `{site}` without removing `https://`; it holds the host today, since the provider's `url` is known only at apply",
                        show(cx, value)
                    ),
                )
                .with_severity(Severity::Info)
                .with_label("the host without https:// once applied")
                .with_help("The provider's `url` is computed, so this document waits for apply and reads the attribute back without the scheme. It relies on that: strip it explicitly, or use the cluster's `oidc_provider` output, so a provider that keeps the scheme in state cannot break the key.")
            };
            out.push(
                d.with_secondary(whole, format!("in this {what}"))
                    .with_fix(fix),
            );
        }
    }
}

/// True when the provider's configured `url` is known while planning, so that a plan made
/// before the provider exists sees it with `https://`: a literal (or other known text), or a
/// looked-up cluster's issuer (data sources are read during plan). A managed cluster's issuer,
/// a module output or an unknown value is computed: the document waits for apply.
fn url_known_at_plan(issuer: &Issuer) -> bool {
    matches!(issuer, Issuer::Host(_) | Issuer::ClusterLookup(_))
}

/// (b) A provider ARN as the `url` of a provider resource or lookup.
fn arn_urls(cx: &ModuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for block in &cx.facts.infra.provider_blocks {
        let Some(url) = &block.url else {
            continue;
        };
        let (lookup, address, value, span) = (block.lookup, &block.address, &url.value, url.span);
        let is_arn_symbol = matches!(
            value.as_symbol().map(|s| &s.shape),
            Some(Shape::ProviderArn(_))
        );
        let text = value.known();
        let is_arn_text = value.leading_text().trim_start().starts_with("arn:");
        if !is_arn_symbol && !is_arn_text {
            continue;
        }
        let sources = cx.sources();
        let key = url.key;
        let fix = if lookup {
            // The data source looks providers up by `arn` as well.
            (is_tf(sources, key) && sources.get(key.file).slice(key) == "url").then(|| {
                Fix::safe(
                    "Look the provider up by `arn`",
                    vec![Edit::replace(key, "arn")],
                )
            })
        } else {
            text.as_deref().and_then(|t| {
                let host = hostpath(t);
                let s = value.verbatim_span()?;
                (!host.is_empty()
                    && is_tf(sources, s)
                    && span.contains(s)
                    && sources.get(s.file).slice(s) == t)
                    .then(|| {
                        Fix::safe(
                            format!("Use the issuer URL `https://{host}`"),
                            vec![Edit::replace(s, format!("https://{host}"))],
                        )
                    })
            })
        };
        let shown = value.display(&|s| sources.get(s.file).slice(s).to_string());
        out.push(
            Diagnostic::new(
                &META,
                span,
                format!("`{address}` url is a provider ARN (`{shown}`), not the issuer URL"),
            )
            .with_label("expected https://<issuer host and path>")
            .with_secondary(block.header, if lookup { "looked up here" } else { "provider defined here" })
            .with_help(if lookup {
                "Look a provider up by `arn = …`, or by `url = <issuer URL>`."
            } else {
                "A provider's `url` is the issuer URL (`https://…`), e.g. `aws_eks_cluster.<name>.identity[0].oidc[0].issuer` or `module.eks.cluster_oidc_issuer_url`; the ARN is what the provider produces."
            })
            .with_fix(fix),
        );
    }
}
