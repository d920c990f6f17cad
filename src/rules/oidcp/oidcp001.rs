use crate::base::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::base::known::{GITHUB_HOST, GITLAB_HOST, hostpath};
use crate::base::source::{Sources, Span};
use crate::model::facts::infra::{ClusterKind, ProviderBlock, Thumbprints, parse_eks_host};
use crate::rules::declare::declare_rule;
use crate::rules::helpers::is_tf;
use crate::rules::{ModuleContext, Rule};
use crate::value::SymStr;

declare_rule! {
    /// OIDCP001: an `aws_iam_openid_connect_provider` whose `url` cannot equal the token issuer
    /// (no `https://`, a trailing `/`, a port or query, an EKS URL without `/id/<ID>`, another
    /// issuer than the one its pinned certificate was read from), and malformed or needless
    /// thumbprints.
    pub struct ProviderUrlNotIssuer;
    code: "OIDCP001",
    name: "provider-url-not-issuer",
    severity: Error,
    kind: Breaks,
    fix: Sometimes,
    summary: "OIDC provider URL is not the token issuer, or its thumbprints are malformed",
}

const HELP: &str = "The provider URL must be the token's `iss` exactly: `https://` plus host and path, no trailing `/`, no port or query. For EKS use `aws_eks_cluster.<name>.identity[0].oidc[0].issuer`.";

/// Issuers whose TLS certificate IAM verifies against its own trusted root CAs; a thumbprint
/// configured for them is kept but not used.
const WELL_KNOWN: [&str; 3] = [GITHUB_HOST, GITLAB_HOST, "accounts.google.com"];

impl Rule for ProviderUrlNotIssuer {
    fn check_module(&self, cx: &ModuleContext<'_>, out: &mut Vec<Diagnostic>) {
        let cluster_fix = only_cluster_issuer(cx);
        for block in cx.facts.infra.provider_blocks.iter().filter(|b| !b.lookup) {
            let address = &block.address;
            let mut host = None;
            if let Some(url) = &block.url
                && let Some(text) = url.value.known()
            {
                host = Some(hostpath(&text));
                let before = out.len();
                check_url(
                    cx.sources(),
                    address,
                    &url.value,
                    url.span,
                    &text,
                    cluster_fix.as_ref(),
                    out,
                );
                // One finding per URL: its shape first, then whose issuer it is.
                if out.len() == before
                    && let Some(d) =
                        certificate_mismatch(cx, block, &text, url.span, cluster_fix.as_ref())
                {
                    out.push(d);
                }
            }
            if let Some(list) = &block.thumbprints {
                check_thumbprints(cx, list, address, host.as_deref(), out);
            }
        }
    }
}

/// The replacement `url` expression when the module defines exactly one cluster resource or
/// lookup, with its address.
fn only_cluster_issuer(cx: &ModuleContext<'_>) -> Option<String> {
    let [cluster] = cx.facts.infra.clusters.as_slice() else {
        return None;
    };
    match cluster.kind {
        ClusterKind::Resource | ClusterKind::Lookup => {
            Some(format!("{}.identity[0].oidc[0].issuer", cluster.address))
        }
        // terraform-aws-eks creates its own provider.
        ClusterKind::EksModule(_) => None,
    }
}

/// A fix that swaps the whole `url` value for the cluster's issuer.
fn cluster_url_fix(sources: &Sources, span: Span, issuer: Option<&String>) -> Option<Fix> {
    let issuer = issuer?;
    is_tf(sources, span).then(|| {
        Fix::unsafe_(
            format!("Use the cluster's issuer `{issuer}`"),
            vec![Edit::replace(span, issuer.clone())],
        )
    })
}

/// Checks the shape of a known `url`.
fn check_url(
    sources: &Sources,
    address: &str,
    value: &SymStr,
    span: Span,
    text: &str,
    cluster: Option<&String>,
    out: &mut Vec<Diagnostic>,
) {
    let t = text;
    // An ARN in the URL is OIDCP004's.
    if t.starts_with("arn:") || t.is_empty() {
        return;
    }
    let diag = |at: Span, message: String| {
        Diagnostic::new(&META, at, format!("`{address}` url `{text}` {message}")).with_help(HELP)
    };
    let lower = t.to_ascii_lowercase();
    let scheme_len = if lower.starts_with("https://") {
        "https://".len()
    } else if lower.starts_with("http://") {
        out.push(
            diag(
                value.span_of(0, "http://".len()).unwrap_or(span),
                "uses `http://`; IAM only accepts `https://` issuers".into(),
            )
            .with_label("must be https://")
            .with_fix(text_fix(
                sources,
                value,
                span,
                (0, "http://".len()),
                "https://",
            )),
        );
        "http://".len()
    } else {
        out.push(
            diag(
                value.span_of(0, t.len()).unwrap_or(span),
                "has no `https://`; the AWS provider rejects it and the token issuer always has it"
                    .into(),
            )
            .with_label("scheme missing")
            .with_fix(text_fix(sources, value, span, (0, 0), "https://")),
        );
        0
    };
    let rest = &t[scheme_len..];
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    if let Some(i) = rest.find(['?', '#']) {
        let at = scheme_len + i;
        out.push(
            diag(
                value.span_of(at, t.len()).unwrap_or(span),
                "has a query or fragment; an issuer URL has neither".into(),
            )
            .with_label("not part of an issuer"),
        );
        return;
    }
    if let Some(i) = authority.find(':') {
        let at = scheme_len + i;
        out.push(
            diag(
                value
                    .span_of(at, scheme_len + authority.len())
                    .unwrap_or(span),
                "has a port; IAM provider URLs cannot carry one".into(),
            )
            .with_label("port"),
        );
        return;
    }
    if rest.ends_with('/') {
        let trimmed = rest.trim_end_matches('/');
        let at = scheme_len + trimmed.len();
        out.push(
            diag(
                value.span_of(at, t.len()).unwrap_or(span),
                "ends with `/`; the token issuer does not, so no token matches this provider"
                    .into(),
            )
            .with_label("trailing slash")
            .with_fix(text_fix(sources, value, span, (at, t.len()), "")),
        );
        return;
    }
    let host = rest;
    let eks_domain = {
        let d = authority.to_ascii_lowercase();
        d.starts_with("oidc.eks.")
            && (d.ends_with(".amazonaws.com") || d.ends_with(".amazonaws.com.cn"))
    };
    if eks_domain && parse_eks_host(host).is_none() {
        let at = scheme_len + authority.len();
        let at_span = if path.is_empty() {
            value.span_of(0, t.len()).unwrap_or(span)
        } else {
            value.span_of(at, t.len()).unwrap_or(span)
        };
        out.push(
            diag(
                at_span,
                "is an EKS issuer without the `/id/<cluster OIDC ID>` path".into(),
            )
            .with_label("expected /id/<ID>")
            .with_fix(cluster_url_fix(sources, span, cluster)),
        );
    }
}

/// A safe edit of known text bytes `start..end` of the url, when they are written verbatim in
/// the `url` attribute itself (`within`) of a `.tf` file, not in a shared local or default.
fn text_fix(
    sources: &Sources,
    value: &SymStr,
    within: Span,
    (start, end): (usize, usize),
    replacement: &str,
) -> Option<Fix> {
    let flat = value.known()?;
    let expected = flat.get(start..end)?;
    let span = if start == end {
        let s = value.span_of(start, start + 1)?;
        Span::new(s.file, s.start..s.start)
    } else {
        value.span_of(start, end)?
    };
    let written = sources.get(span.file).slice(span).to_string();
    if written != expected
        || !is_tf(sources, span)
        || !within.contains(span)
        || !matches!(
            value.parts.as_slice(),
            [crate::value::Part::Text {
                origin: crate::value::Origin::Exact(_),
                ..
            }]
        )
    {
        return None;
    }
    let description = if replacement.is_empty() {
        format!("Remove `{expected}`")
    } else if expected.is_empty() {
        format!("Insert `{replacement}`")
    } else {
        format!("Replace `{expected}` with `{replacement}`")
    };
    Some(Fix::safe(
        description,
        vec![Edit::replace(span, replacement)],
    ))
}

/// The provider pins the certificate of a `data "tls_certificate"` read from another URL: the
/// URL it was meant to register is the certificate's.
fn certificate_mismatch(
    cx: &ModuleContext<'_>,
    block: &ProviderBlock,
    url: &str,
    url_span: Span,
    cluster: Option<&String>,
) -> Option<Diagnostic> {
    let cert = block.certificate.as_ref()?;
    let (address, name, cert_url) = (&block.address, &cert.name, &cert.url);
    let (a, b) = (hostpath(url), hostpath(cert_url));
    if a.eq_ignore_ascii_case(&b) || a.is_empty() || b.is_empty() {
        return None;
    }
    Some(
        Diagnostic::new(
            &META,
            url_span,
            format!(
                "`{address}` url `{url}` differs from `{cert_url}`, the issuer whose certificate `data.tls_certificate.{name}` reads for its thumbprints"
            ),
        )
        .with_label("not the issuer the thumbprint belongs to")
        .with_secondary(cert.span, "the issuer read here")
        .with_help(HELP)
        .with_fix(cluster_url_fix(cx.sources(), url_span, cluster)),
    )
}

/// `thumbprint_list`: entries must be 40 hex characters; for issuers IAM verifies with its own
/// CA library they are not used at all.
fn check_thumbprints(
    cx: &ModuleContext<'_>,
    list: &Thumbprints,
    address: &str,
    host: Option<&str>,
    out: &mut Vec<Diagnostic>,
) {
    let list_span = &list.span;
    let sources = cx.sources();
    let mut literal = Vec::new();
    for (value, span) in &list.entries {
        let Some(text) = value.known() else { continue };
        literal.push(*span);
        if text.len() == 40 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
            continue;
        }
        // Colon-separated fingerprints (as `openssl x509 -fingerprint` prints them).
        let compact: String = text
            .chars()
            .filter(|c| *c != ':' && !c.is_whitespace())
            .collect();
        let fix = (compact.len() == 40 && compact.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| value.verbatim_span())
            .flatten()
            .filter(|s| {
                is_tf(sources, *s)
                    && sources.get(s.file).slice(*s) == text
                    && list_span.contains(*s)
            })
            .map(|s| {
                Fix::safe(
                    "Remove the separators from the fingerprint",
                    vec![Edit::replace(s, compact.to_lowercase())],
                )
            });
        out.push(
            Diagnostic::new(
                &META,
                value.span().unwrap_or(*span),
                format!(
                    "`{address}` thumbprint `{text}` is not a SHA-1 fingerprint of 40 hex characters ({} characters)",
                    text.chars().count()
                ),
            )
            .with_label("IAM rejects this thumbprint")
            .with_help("Each `thumbprint_list` entry is the hex SHA-1 fingerprint of the issuer's top intermediate CA, exactly 40 characters; or omit the list and let IAM obtain it.")
            .with_fix(fix),
        );
    }
    let Some(host) = host else { return };
    let well_known = WELL_KNOWN.iter().any(|w| host.eq_ignore_ascii_case(w))
        || host.to_ascii_lowercase().ends_with(".auth0.com");
    if well_known && !literal.is_empty() {
        out.push(
            Diagnostic::new(
                &META,
                *list_span,
                format!("`{address}` pins thumbprints for `{host}`, whose certificate IAM verifies with its own trusted CAs; the thumbprints are not used"),
            )
            .with_severity(Severity::Info)
            .with_label("not used by IAM")
            .with_help("For GitHub, GitLab, Google and Auth0 IAM ignores `thumbprint_list`; hard-coded values only suggest they matter and go stale when the CA rotates. With a recent AWS provider the argument is optional and can be removed."),
        );
    }
}
