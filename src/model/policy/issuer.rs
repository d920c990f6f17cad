//! Issuer arithmetic on symbolic strings: what a Federated principal trusts, what issuer a
//! condition key names, and whether two of them certainly agree or differ.

use crate::base::known::{BUILT_IN_IDPS, hostpath, is_eks_host};
use crate::model::policy::model::{Leaf, Statement};
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

    /// True when the issuer is pinned down: its host+path is known, or it is a cluster of this
    /// configuration (a provider whose URL is unknown, or nothing, may be any issuer).
    pub fn identified(&self) -> bool {
        match self {
            IssuerRef::Text(_) => true,
            IssuerRef::Symbolic(i) => !matches!(i, Issuer::Provider(_)),
            IssuerRef::Unknown => false,
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

/// Where the issuer of a statement was read from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum IssuerSource<'p> {
    /// A `Federated` provider ARN names it.
    Principal(&'p Leaf),
    /// No `Federated` value is known, and every claim key of the statement names this issuer.
    ConditionKeys {
        /// The first claim key, to show the issuer as written.
        key: &'p Leaf,
        /// The unknown `Federated` value the keys stand in for (none when the list is unknown).
        principal: Option<&'p Leaf>,
    },
}

/// An issuer a web-identity statement trusts, and where that was read from. Rules that need
/// the principal's own value (its ARN format, account, provider) must not use a
/// [`IssuerSource::ConditionKeys`] issuer.
#[derive(Debug, Clone, PartialEq)]
pub struct TrustedIssuer<'p> {
    pub issuer: IssuerRef,
    pub source: IssuerSource<'p>,
}

impl<'p> TrustedIssuer<'p> {
    /// The Federated principal value: the provider ARN, or the unknown value.
    pub fn principal(&self) -> Option<&'p Leaf> {
        match self.source {
            IssuerSource::Principal(leaf) => Some(leaf),
            IssuerSource::ConditionKeys { principal, .. } => principal,
        }
    }

    pub fn from_keys(&self) -> bool {
        matches!(self.source, IssuerSource::ConditionKeys { .. })
    }
}

/// The web-identity issuers a statement trusts: those its OIDC provider principals name, or,
/// when no `Federated` value names one, the single issuer all its claim keys name (the
/// principal may be remote state, a variable, a module output not on disk). Empty when neither
/// is known.
pub fn trusted_issuers(st: &Statement) -> Vec<TrustedIssuer<'_>> {
    if st.not_principal {
        return Vec::new();
    }
    let mut federated = st
        .principals
        .iter()
        .filter(|p| p.kind.known().as_deref() == Some("Federated"))
        .peekable();
    if federated.peek().is_none() {
        return Vec::new();
    }
    let mut from_principals = Vec::new();
    let mut all_unknown = true;
    let mut first_value = None;
    for leaf in federated.flat_map(|p| p.values.items.iter()) {
        first_value.get_or_insert(leaf);
        match classify_federated(&leaf.value) {
            FederatedKind::OidcProvider(issuer) => {
                all_unknown &= !issuer.identified();
                from_principals.push(TrustedIssuer {
                    issuer,
                    source: IssuerSource::Principal(leaf),
                });
            }
            FederatedKind::Unknown => {}
            FederatedKind::BuiltIn(_) | FederatedKind::Saml => all_unknown = false,
        }
    }
    if all_unknown && let Some((issuer, key)) = keys_issuer(st) {
        return vec![TrustedIssuer {
            issuer,
            source: IssuerSource::ConditionKeys {
                key,
                principal: first_value,
            },
        }];
    }
    from_principals
}

/// The one issuer every condition key of the statement names, when there is at least one claim
/// key and all are written as a bare issuer host+path that agree. Conditions that are not all
/// known, a key that is not known text or a symbol's issuer, a placeholder, a prefix with a
/// scheme or an ARN (WIF003's: IAM never sends such a key) all leave it unknown.
fn keys_issuer(st: &Statement) -> Option<(IssuerRef, &Leaf)> {
    if !st.conditions_complete {
        return None;
    }
    let mut named: Option<(IssuerRef, &Leaf)> = None;
    for cond in &st.conditions {
        let Some(key) = claim_key(&cond.key.value) else {
            // A global key (`aws:SourceIp`) names no issuer; an unknown one may name any.
            cond.key.known()?;
            continue;
        };
        let issuer = match key.prefix.known() {
            Some(p) if is_placeholder_prefix(&p) || hostpath(&p) != p => return None,
            Some(p) => IssuerRef::Text(p),
            None => issuer_of_prefix(&key.prefix),
        };
        if !issuer.identified() {
            return None;
        }
        match &named {
            Some((first, _)) if first.same_as(&issuer) != Some(true) => return None,
            Some(_) => {}
            None => named = Some((issuer, &cond.key)),
        }
    }
    named
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
    // The claim is the known text after the last colon, which must follow the last symbol. That
    // text may be several parts: `"${provider.url}:${var.claim}"` with a known `var.claim`.
    let mut tail = String::new();
    for part in key.parts.iter().rev() {
        match part {
            Part::Text { text, .. } => tail.insert_str(0, text),
            Part::Sym(_) => break,
        }
    }
    let colon_in_tail = tail.rfind(':')?;
    let at = flat.len() - tail.len() + colon_in_tail;
    let claim = tail[colon_in_tail + 1..].to_ascii_lowercase();
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
    use crate::model::policy::model::{Condition, Leaves, Principal};
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
    fn claim_keys_join_the_text_parts_after_the_last_symbol() {
        // `"${provider.url}:${var.claim}"` with `var.claim = "sub"`: the colon and the claim are
        // separate parts.
        let mut key = unknown();
        key.extend(s(":"));
        key.extend(s("sub"));
        let k = claim_key(&key).unwrap();
        assert_eq!(k.claim, "sub");
        assert!(k.prefix.known().is_none());
        let mut key = s("gitlab.com:");
        key.extend(unknown());
        assert!(claim_key(&key).is_none());
    }

    #[test]
    fn placeholders() {
        assert!(is_placeholder_prefix("OIDC_PROVIDER"));
        assert!(is_placeholder_prefix(""));
        assert!(!is_placeholder_prefix("gitlab.com"));
    }

    fn leaf(value: SymStr) -> Leaf {
        Leaf {
            value,
            span: Span::new(FileId(0), 0..1),
        }
    }

    /// An Allow statement with one `Federated` value and `StringEquals` conditions on `keys`.
    fn statement(federated: SymStr, keys: &[&str]) -> Statement {
        let span = Span::new(FileId(0), 0..1);
        Statement {
            span,
            sid: None,
            effect: Some(leaf(s("Allow"))),
            principals: vec![Principal {
                kind: leaf(s("Federated")),
                values: Leaves {
                    items: vec![leaf(federated)],
                    complete: true,
                },
                span,
            }],
            principals_complete: true,
            not_principal: false,
            actions: Leaves {
                items: vec![leaf(s("sts:AssumeRoleWithWebIdentity"))],
                complete: true,
            },
            not_action: false,
            conditions: keys
                .iter()
                .map(|k| Condition {
                    operator: leaf(s("StringEquals")),
                    key: leaf(s(k)),
                    key_written: span,
                    values: Leaves {
                        items: vec![leaf(s("x"))],
                        complete: true,
                    },
                    entry: span,
                    siblings: keys.len(),
                })
                .collect(),
            conditions_complete: true,
            condition_block: None,
        }
    }

    fn unknown() -> SymStr {
        SymStr::symbol(Shape::Unknown, Span::new(FileId(0), 0..1))
    }

    /// The issuer texts a statement trusts, and whether the keys named them.
    fn issuers(st: &Statement) -> Vec<(Option<String>, bool)> {
        trusted_issuers(st)
            .iter()
            .map(|t| (t.issuer.text().map(str::to_string), t.from_keys()))
            .collect()
    }

    #[test]
    fn unknown_principal_takes_the_issuer_the_keys_name() {
        let st = statement(
            unknown(),
            &["gitlab.com:sub", "GitLab.com:aud", "aws:SourceIp"],
        );
        assert_eq!(issuers(&st), vec![(Some("gitlab.com".into()), true)]);
        // A provider ARN whose host is unknown is no better than an unknown value.
        let mut partial = s("arn:aws:iam::111122223333:oidc-provider/");
        partial.extend(unknown());
        let st = statement(partial, &["app.terraform.io:aud"]);
        assert_eq!(issuers(&st), vec![(Some("app.terraform.io".into()), true)]);
    }

    #[test]
    fn keys_naming_two_issuers_or_none_leave_it_unknown() {
        for keys in [
            &["gitlab.com:sub", "token.actions.githubusercontent.com:aud"][..],
            &["aws:SourceAccount"],
            &[],
            &["OIDC_PROVIDER:sub"],
            &["https://gitlab.com:sub"],
            &["arn:aws:iam::111122223333:oidc-provider/gitlab.com:sub"],
        ] {
            assert_eq!(issuers(&statement(unknown(), keys)), vec![], "{keys:?}");
        }
        let mut incomplete = statement(unknown(), &["gitlab.com:sub"]);
        incomplete.conditions_complete = false;
        assert_eq!(issuers(&incomplete), vec![]);
        let mut not_principal = statement(unknown(), &["gitlab.com:sub"]);
        not_principal.not_principal = true;
        assert_eq!(issuers(&not_principal), vec![]);
    }

    #[test]
    fn a_known_principal_wins_over_the_keys() {
        let arn = s("arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com");
        let st = statement(arn, &["gitlab.com:sub"]);
        assert_eq!(issuers(&st), vec![(Some(GITHUB_HOST.into()), false)]);
        // A built-in provider is known too: the keys do not replace it.
        let st = statement(s(COGNITO), &["gitlab.com:sub"]);
        assert_eq!(issuers(&st), vec![]);
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
