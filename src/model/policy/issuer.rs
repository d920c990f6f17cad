//! Issuer arithmetic on symbolic strings: what a Federated principal trusts, what issuer a
//! condition key names, and whether two of them certainly agree or differ.

use crate::base::known::{BUILT_IN_IDPS, hostpath, is_eks_host};
use crate::value::{Issuer, Part, Shape, SymStr};

/// The issuer host+path a principal or key prefix denotes: known text, a symbol's issuer, or
/// nothing useful.
#[derive(Debug, Clone, PartialEq)]
pub enum IssuerRef {
    Text(String),
    Symbolic(Issuer),
    Unknown,
}

impl IssuerRef {
    /// Whether two issuer references certainly name the same issuer (`Some(true)`), certainly
    /// different ones (`Some(false)`), or cannot be told apart (`None`).
    pub fn same_as(&self, other: &IssuerRef) -> Option<bool> {
        match (self, other) {
            (IssuerRef::Text(a), IssuerRef::Text(b)) => Some(a.eq_ignore_ascii_case(b)),
            (IssuerRef::Symbolic(a), IssuerRef::Symbolic(b)) => {
                if a == b {
                    Some(true)
                } else if a.certainly_differs(b) {
                    Some(false)
                } else {
                    None
                }
            }
            (IssuerRef::Symbolic(Issuer::Host(h)), IssuerRef::Text(t))
            | (IssuerRef::Text(t), IssuerRef::Symbolic(Issuer::Host(h))) => {
                Some(h.eq_ignore_ascii_case(t))
            }
            _ => None,
        }
    }

    pub fn is_eks(&self) -> bool {
        match self {
            IssuerRef::Text(t) => is_eks_host(t),
            IssuerRef::Symbolic(i) => i.is_eks(),
            IssuerRef::Unknown => false,
        }
    }

    pub fn text(&self) -> Option<&str> {
        match self {
            IssuerRef::Text(t) => Some(t),
            IssuerRef::Symbolic(Issuer::Host(h)) => Some(h),
            _ => None,
        }
    }

    /// True when the issuer is known to be `host` (case-insensitive).
    pub fn is_host(&self, host: &str) -> bool {
        self.text().is_some_and(|t| t.eq_ignore_ascii_case(host))
    }
}

/// What a `Federated` principal value is.
#[derive(Debug, Clone, PartialEq)]
pub enum FederatedKind {
    /// An IAM OIDC provider ARN (known text or a provider ARN symbol), with its issuer.
    OidcProvider(IssuerRef),
    /// `cognito-identity.amazonaws.com` and the other built-in identity providers.
    BuiltIn(String),
    /// A SAML provider ARN.
    Saml,
    /// Not known.
    Unknown,
}

/// Classifies a Federated principal value.
pub fn classify_federated(v: &SymStr) -> FederatedKind {
    if let Some(sym) = v.as_symbol() {
        return match &sym.shape {
            Shape::ProviderArn(i) => FederatedKind::OidcProvider(IssuerRef::Symbolic(i.clone())),
            _ => FederatedKind::Unknown,
        };
    }
    let leading = v.leading_text();
    if let Some(t) = v.known() {
        let lower = t.to_ascii_lowercase();
        if let Some(idp) = BUILT_IN_IDPS.iter().find(|b| lower == **b) {
            return FederatedKind::BuiltIn((*idp).to_string());
        }
        if lower.contains(":saml-provider/") {
            return FederatedKind::Saml;
        }
        if lower.contains("oidc-provider/") {
            return FederatedKind::OidcProvider(IssuerRef::Text(hostpath(&t)));
        }
        return FederatedKind::Unknown;
    }
    // Partly known: `arn:${partition}:iam::${account}:oidc-provider/${host}`.
    if leading.starts_with("arn:") || v.known_parts_text().contains(":oidc-provider/") {
        if v.known_parts_text().contains(":saml-provider/") {
            return FederatedKind::Saml;
        }
        if v.known_parts_text().contains("oidc-provider/") {
            return FederatedKind::OidcProvider(after_provider_marker(v));
        }
    }
    FederatedKind::Unknown
}

/// The issuer of a partly known provider ARN: the part after `oidc-provider/`.
fn after_provider_marker(v: &SymStr) -> IssuerRef {
    let mut seen_marker = false;
    let mut rest = SymStr::default();
    for p in &v.parts {
        if seen_marker {
            rest.push(p.clone());
            continue;
        }
        if let Part::Text { text, origin } = p
            && let Some(i) = text.find("oidc-provider/")
        {
            seen_marker = true;
            let cut = i + "oidc-provider/".len();
            rest.push(crate::value::sub_part(text, origin, cut, text.len()));
        }
    }
    issuer_of_prefix(&rest)
}

/// The issuer a condition-key prefix (or any host-like string) names.
pub fn issuer_of_prefix(prefix: &SymStr) -> IssuerRef {
    if let Some(t) = prefix.known() {
        return IssuerRef::Text(hostpath(&t));
    }
    match prefix.as_symbol().map(|s| &s.shape) {
        Some(Shape::IssuerHost(i)) => IssuerRef::Symbolic(i.clone()),
        _ => IssuerRef::Unknown,
    }
}

/// A condition key split into issuer prefix and claim (`<prefix>:<claim>`).
#[derive(Debug, Clone)]
pub struct ClaimKey {
    pub prefix: SymStr,
    /// The claim, lower-cased (`sub`, `aud`, `amr`, …).
    pub claim: String,
}

/// Splits a condition key at its last `:`. Global keys (`aws:…`, `sts:…`) return `None`,
/// as do keys whose claim is not known.
pub fn claim_key(key: &SymStr) -> Option<ClaimKey> {
    let flat = key.known_parts_text();
    // The claim is the known text after the last colon, and must be in the last part.
    let last_text = match key.parts.last()? {
        Part::Text { text, .. } => text,
        Part::Sym(_) => return None,
    };
    let colon_in_last = last_text.rfind(':')?;
    let at = flat.len() - last_text.len() + colon_in_last;
    let claim = last_text[colon_in_last + 1..].to_ascii_lowercase();
    // Split after the colon (so a symbol before it stays on the left), then drop the colon.
    let prefix = key.split_at(at + 1).0.drop_last(1);
    if let Some(p) = prefix.known() {
        // Service and global keys: `aws:SourceAccount`, `sts:ExternalId`, `saml:aud`, RequestTag keys.
        if !p.contains('.')
            && !p.contains('/')
            && p.chars().all(|c| c.is_ascii_lowercase() || c == '-')
            && !p.is_empty()
        {
            return None;
        }
        if p.starts_with("aws:") || p.contains("RequestTag/") || p.contains("PrincipalTag/") {
            return None;
        }
    }
    Some(ClaimKey { prefix, claim })
}

/// True when a known key prefix is a placeholder, never a real issuer (`OIDC_PROVIDER`, `<id>`,
/// an empty prefix, `${…}` left in the text).
pub fn is_placeholder_prefix(prefix: &str) -> bool {
    let p = prefix.trim();
    if p.is_empty() || p.contains('<') || p.contains('>') || p.contains("${") || p.contains('{') {
        return true;
    }
    !p.contains('.')
        && !p.contains('/')
        && (p.chars().any(|c| c.is_ascii_uppercase()) || p.contains('_'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::known::{COGNITO, GITHUB_HOST};
    use crate::base::source::{FileId, Span};
    use crate::value::Origin;

    fn s(t: &str) -> SymStr {
        SymStr::text(t, Origin::Exact(Span::new(FileId(0), 0..t.len())))
    }

    #[test]
    fn hostpath_strips_arn_scheme_and_slash() {
        assert_eq!(
            hostpath(
                "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/AB"
            ),
            "oidc.eks.us-east-1.amazonaws.com/id/AB"
        );
        assert_eq!(hostpath("HTTPS://gitlab.com/"), "gitlab.com");
    }

    #[test]
    fn claim_keys_skip_global_keys() {
        assert!(claim_key(&s("aws:SourceAccount")).is_none());
        assert!(claim_key(&s("sts:ExternalId")).is_none());
        let k = claim_key(&s("oidc.eks.us-east-1.amazonaws.com/id/AB:sub")).unwrap();
        assert_eq!(k.claim, "sub");
        assert_eq!(
            k.prefix.known().unwrap(),
            "oidc.eks.us-east-1.amazonaws.com/id/AB"
        );
        assert!(claim_key(&s("OIDC_PROVIDER:sub")).is_some());
    }

    #[test]
    fn placeholders() {
        assert!(is_placeholder_prefix("OIDC_PROVIDER"));
        assert!(is_placeholder_prefix(""));
        assert!(!is_placeholder_prefix("gitlab.com"));
    }

    #[test]
    fn federated_classification() {
        assert_eq!(
            classify_federated(&s("cognito-identity.amazonaws.com")),
            FederatedKind::BuiltIn(COGNITO.into())
        );
        assert!(matches!(
            classify_federated(&s("arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com")),
            FederatedKind::OidcProvider(IssuerRef::Text(h)) if h == GITHUB_HOST
        ));
    }
}
