use crate::base::diagnostic::{Diagnostic, Fix, Severity};
use crate::base::known::is_eks_host;
use crate::model::policy::Leaf;
use crate::rules::declare::declare_rule;
use crate::rules::helpers::{from_misshapen_provider_input, host_fix, verbatim_edit};
use crate::rules::{Context, Rule};
use crate::value::{Part, Shape};

declare_rule! {
    /// WIF002: a `Federated` OIDC provider ARN that cannot name a provider.
    pub struct MalformedProviderArn;
    code: "WIF002",
    name: "malformed-provider-arn",
    severity: Error,
    kind: Breaks,
    fix: Sometimes,
    summary: "Malformed Federated OIDC provider ARN",
}

const MARKER: &str = ":oidc-provider/";
const HELP: &str = "The ARN must be `arn:<partition>:iam::<12-digit account>:oidc-provider/<issuer host+path>`; prefer `module.eks.oidc_provider_arn` or `aws_iam_openid_connect_provider.<name>.arn` over hand-written ARNs.";
const PARTITIONS: [&str; 5] = ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b"];

impl Rule for MalformedProviderArn {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for st in &cx.policy.statements {
            if from_misshapen_provider_input(cx, st) {
                continue;
            }
            for leaf in st.principals_of("Federated") {
                check_value(cx, leaf, out);
            }
        }
    }
}

/// A defect found in a provider ARN: message, byte range of the flattened text, and an
/// optional replacement (with its applicability: safe when it only removes noise).
struct Defect {
    message: String,
    range: (usize, usize),
    replacement: Option<(String, bool)>,
    severity: Severity,
}

fn check_value(cx: &Context<'_>, leaf: &Leaf, out: &mut Vec<Diagnostic>) {
    let v = &leaf.value;
    let flat = v.known_parts_text();
    let Some(marker) = flat.find(MARKER).or_else(|| flat.find(":oidc-provider")) else {
        // A bare EKS issuer host or URL instead of an ARN.
        if let Some(t) = v.known()
            && is_eks_host(crate::base::known::strip_scheme(&t))
        {
            out.push(
                Diagnostic::new(&META, leaf.span, format!("Federated principal `{t}` is an issuer, not a provider ARN"))
                    .with_label("expected arn:<partition>:iam::<account>:oidc-provider/<issuer host>")
                    .with_help("Use the provider's ARN, e.g. `module.eks.oidc_provider_arn` or `aws_iam_openid_connect_provider.<name>.arn`."),
            );
        }
        return;
    };
    let mut defects = Vec::new();
    if v.is_known() {
        defects.extend(check_arn_head(&flat, marker));
    }
    // The host part is checked when it is all known text.
    let host_start = marker + MARKER.len();
    let (_, rest) = v.split_at(host_start.min(flat.len()));
    if let Some(host) = rest.known() {
        defects.extend(check_host(&host, host_start));
    } else if let Some(Part::Sym(sym)) = rest.parts.first()
        && let Some((_, fix)) = host_fix(cx, sym)
        && matches!(sym.shape, Shape::IssuerUrl(_))
    {
        let shown = v.display(&|s| cx.text(s));
        out.push(
            Diagnostic::new(
                &META,
                sym.site,
                format!("provider ARN `{shown}`: the issuer host must not include the URL scheme"),
            )
            .with_label("carries `https://`")
            .with_secondary(leaf.span, "in this Federated principal")
            .with_help(HELP)
            .with_fix(Some(fix)),
        );
    }
    for d in defects {
        let shown = v.display(&|s| cx.text(s));
        let fix = d.replacement.and_then(|(text, safe)| {
            let edit = verbatim_edit(cx, v, d.range.0, d.range.1, &text)?;
            let description = if text.is_empty() {
                format!("Remove `{}`", &flat[d.range.0..d.range.1])
            } else {
                format!("Replace with `{text}`")
            };
            Some(if safe {
                Fix::safe(description, vec![edit])
            } else {
                Fix::unsafe_(description, vec![edit])
            })
        });
        let span = v.span_of(d.range.0, d.range.1).unwrap_or(leaf.span);
        out.push(
            Diagnostic::new(
                &META,
                span,
                format!("provider ARN `{shown}`: {}", d.message),
            )
            .with_label("malformed here")
            .with_severity(d.severity)
            .with_secondary(leaf.span, "in this Federated principal")
            .with_help(HELP)
            .with_fix(fix),
        );
    }
}

/// `arn:<partition>:iam::<account>` before the marker.
fn check_arn_head(flat: &str, marker: usize) -> Vec<Defect> {
    let head = &flat[..marker];
    let fields: Vec<&str> = head.split(':').collect();
    let bad = |message: String| Defect {
        message,
        range: (0, marker),
        replacement: None,
        severity: Severity::Error,
    };
    if fields.len() != 5 || fields[0] != "arn" || fields[2] != "iam" || !fields[3].is_empty() {
        return vec![bad(
            "does not start with `arn:<partition>:iam::<account>`".into()
        )];
    }
    let mut out = Vec::new();
    if !PARTITIONS.contains(&fields[1]) {
        out.push(bad(format!("`{}` is not an AWS partition", fields[1])));
    }
    let account = fields[4];
    if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
        out.push(bad(format!("account `{account}` is not 12 digits")));
    }
    out
}

fn check_host(host: &str, at: usize) -> Vec<Defect> {
    let mut out = Vec::new();
    let defect =
        |message: &str, range: (usize, usize), replacement: Option<(String, bool)>| Defect {
            message: message.to_string(),
            range: (at + range.0, at + range.1),
            replacement,
            severity: Severity::Error,
        };
    if host.is_empty() {
        out.push(defect(
            "the issuer host after `oidc-provider/` is empty",
            (0, 0),
            None,
        ));
        return out;
    }
    let scheme_len = host.len() - crate::base::known::strip_scheme(host).len();
    if scheme_len > 0 {
        out.push(defect(
            "the issuer host must not include the URL scheme",
            (0, scheme_len),
            Some((String::new(), true)),
        ));
    }
    let bare = &host[scheme_len..];
    if let Some(stripped) = bare.strip_suffix('/') {
        let end = scheme_len + bare.len();
        out.push(defect(
            "the issuer host must not end with `/`",
            (scheme_len + stripped.len(), end),
            Some((String::new(), true)),
        ));
    }
    let bare = bare.trim_end_matches('/');
    if bare.contains(':') {
        out.push(defect(
            "the issuer host must not contain `:`",
            (scheme_len, scheme_len + bare.len()),
            None,
        ));
    }
    let lower = bare.to_ascii_lowercase();
    if lower.starts_with("oidc.") && lower.contains("eks") {
        out.extend(check_eks_host(bare).into_iter().map(
            |(message, range, replacement, severity)| Defect {
                message,
                range: (at + scheme_len + range.0, at + scheme_len + range.1),
                replacement,
                severity,
            },
        ));
    }
    out
}

type HostDefect = (String, (usize, usize), Option<(String, bool)>, Severity);

/// Checks `oidc.eks.<region>.amazonaws.com[.cn]/id/<32 upper-case hex>`.
fn check_eks_host(host: &str) -> Vec<HostDefect> {
    let (domain, path) = match host.find('/') {
        Some(i) => (&host[..i], &host[i..]),
        None => (host, ""),
    };
    let labels: Vec<&str> = domain.split('.').collect();
    let whole = (0, host.len());
    // `oidc.<region>.eks.amazonaws.com/<ID>`: the shape in the pod-identity-webhook README.
    if labels.len() >= 5 && labels[0] == "oidc" && labels[2] == "eks" && labels[1] != "eks" {
        let region = labels[1];
        let suffix = labels[3..].join(".");
        let id = path.trim_start_matches("/id/").trim_start_matches('/');
        let rewritten = format!("oidc.eks.{region}.{suffix}/id/{id}");
        let replacement = (!id.is_empty()).then(|| (rewritten.clone(), false));
        return vec![(
            format!(
                "`{domain}` has the region and `eks` swapped; EKS issuers are `oidc.eks.<region>.amazonaws.com/id/<ID>`"
            ),
            whole,
            replacement,
            Severity::Error,
        )];
    }
    if labels.len() < 5 || labels[1] != "eks" || labels[3] != "amazonaws" || labels[4] != "com" {
        return vec![(
            format!("`{domain}` is not an EKS issuer host (`oidc.eks.<region>.amazonaws.com`)"),
            (0, domain.len()),
            None,
            Severity::Error,
        )];
    }
    let Some(id) = path.strip_prefix("/id/") else {
        return vec![(
            "the EKS issuer path must be `/id/<cluster OIDC ID>`".to_string(),
            (domain.len(), host.len()),
            None,
            Severity::Error,
        )];
    };
    let start = domain.len() + "/id/".len();
    match cluster_id_defect(id) {
        Some(message) => vec![(message, (start, host.len()), None, Severity::Warning)],
        None => Vec::new(),
    }
}

/// What is wrong with an EKS cluster OIDC ID: EKS issues 32 upper-case hexadecimal characters.
/// AWS's documentation placeholders (`EXAMPLED539D4633E53DE1B716D3041E`) are not hex, and IAM
/// matches the provider ARN case-sensitively, so a lower-case ID is reported too.
fn cluster_id_defect(id: &str) -> Option<String> {
    let len = id.chars().count();
    if len != 32 {
        return Some(format!(
            "the EKS cluster ID must be 32 hexadecimal characters; `{id}` has {len}"
        ));
    }
    if let Some(c) = id.chars().find(|c| !c.is_ascii_hexdigit()) {
        return Some(format!(
            "the EKS cluster ID must be 32 hexadecimal characters; `{id}` has `{c}`, which is not hexadecimal"
        ));
    }
    if id.bytes().any(|b| b.is_ascii_lowercase()) {
        return Some(format!(
            "cluster OIDC ID `{id}` is not 32 upper-case characters"
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::cluster_id_defect;

    #[test]
    fn cluster_ids() {
        assert_eq!(cluster_id_defect("343564DC72A8B2C84507EB2D39FCD88D"), None);
        let short = cluster_id_defect("343564DC72A8B2C84507EB2D39FCD88").unwrap();
        assert!(short.ends_with("has 31"), "{short}");
        let placeholder = cluster_id_defect("EXAMPLED539D4633E53DE1B716D3041E").unwrap();
        assert!(placeholder.contains("has `X`"), "{placeholder}");
        let lower = cluster_id_defect("343564dc72a8b2c84507eb2d39fcd88d").unwrap();
        assert!(lower.contains("upper-case"), "{lower}");
        // Length is counted in characters, not bytes.
        assert!(cluster_id_defect("É").unwrap().ends_with("has 1"));
    }
}
