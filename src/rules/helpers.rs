//! Shared reading of statements (operators, web-identity principals, claim conditions), and
//! what module-level rules share: a policy's context and where an edit may land.

use crate::base::source::{Sources, Span};
use crate::model::facts::ModuleFacts;
use crate::model::facts::infra::{ClusterKind, Irsa};
use crate::model::policy::issuer::{
    ClaimKey, FederatedKind, IssuerRef, IssuerSource, TrustedIssuer, claim_key, classify_federated,
    issuer_of_prefix,
};
use crate::model::policy::{Condition, Leaf, Leaves, Policy, PolicyForm, Statement};
use crate::rules::policy_syntax::operator_taken;
use crate::rules::{Context, ModuleContext};
use crate::value::{Issuer, Shape, SymStr, Symbol};

/// A parsed condition operator: `ForAllValues:StringEqualsIfExists` and so on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operator {
    /// `ForAllValues` or `ForAnyValue`.
    pub set: Option<String>,
    /// `StringEquals`, `StringLike`, … without the qualifier and `IfExists`.
    pub base: String,
    pub if_exists: bool,
}

impl Operator {
    pub fn parse(text: &str) -> Operator {
        let (set, rest) = match text.split_once(':') {
            Some((q, rest)) => (Some(q.to_string()), rest),
            None => (None, text),
        };
        let (base, if_exists) = match rest.strip_suffix("IfExists") {
            Some(b) => (b, true),
            None => (rest, false),
        };
        Operator {
            set,
            base: base.to_string(),
            if_exists,
        }
    }

    /// `StringEquals`, `StringEqualsIgnoreCase`, `StringNotEquals`, `StringNotEqualsIgnoreCase`.
    pub fn is_exact_string(&self) -> bool {
        matches!(
            self.base.as_str(),
            "StringEquals"
                | "StringEqualsIgnoreCase"
                | "StringNotEquals"
                | "StringNotEqualsIgnoreCase"
        )
    }

    pub fn is_like(&self) -> bool {
        matches!(self.base.as_str(), "StringLike" | "StringNotLike")
    }

    pub fn is_negated(&self) -> bool {
        self.base.contains("Not")
    }

    pub fn ignores_case(&self) -> bool {
        self.base.ends_with("IgnoreCase")
    }

    /// True for an operator that admits requests whose claim equals or matches one of the values.
    pub fn is_positive_string(&self) -> bool {
        !self.is_negated() && (self.is_exact_string() || self.is_like())
    }

    /// Whether a claim value `actual` satisfies `pattern` under this (positive) operator.
    pub fn matches(&self, pattern: &str, actual: &str) -> bool {
        match (self.is_like(), self.ignores_case()) {
            (true, _) => glob_match(pattern, actual),
            (false, true) => pattern.eq_ignore_ascii_case(actual),
            (false, false) => pattern == actual,
        }
    }
}

/// IAM's `StringLike` matching: `*` any run of characters, `?` any one character.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// Whether a known action list grants `action` (wildcards count). `None` when not all known.
pub fn grants(actions: &Leaves, action: &str) -> Option<bool> {
    let mut unknown = !actions.complete;
    for a in &actions.items {
        match a.known() {
            Some(t) if glob_match(&t.to_ascii_lowercase(), &action.to_ascii_lowercase()) => {
                return Some(true);
            }
            Some(_) => {}
            None => unknown = true,
        }
    }
    if unknown { None } else { Some(false) }
}

/// A Federated principal value of a statement with what it trusts.
pub struct FederatedValue<'p> {
    pub leaf: &'p Leaf,
    pub kind: FederatedKind,
}

/// The Federated principals of a statement, classified.
pub fn federated(st: &Statement) -> Vec<FederatedValue<'_>> {
    st.principals_of("Federated")
        .map(|leaf| FederatedValue {
            kind: classify_federated(&leaf.value),
            leaf,
        })
        .collect()
}

/// The issuers of a statement's OIDC provider principals.
pub fn oidc_issuers(st: &Statement) -> Vec<(IssuerRef, &Leaf)> {
    federated(st)
        .into_iter()
        .filter_map(|f| match f.kind {
            FederatedKind::OidcProvider(i) => Some((i, f.leaf)),
            _ => None,
        })
        .collect()
}

/// True when the statement grants web identity through an IAM OIDC provider.
pub fn is_oidc_statement(st: &Statement) -> bool {
    !st.not_principal && !oidc_issuers(st).is_empty()
}

/// A condition on an issuer claim (`<issuer>:sub`, `:aud`, …).
pub struct ClaimCondition<'p> {
    pub cond: &'p Condition,
    pub op: Operator,
    pub key: ClaimKey,
    pub issuer: IssuerRef,
}

/// The statement's conditions on issuer claims, with known operators.
pub fn claim_conditions(st: &Statement) -> Vec<ClaimCondition<'_>> {
    st.conditions
        .iter()
        .filter_map(|cond| {
            let op = Operator::parse(&cond.operator.known()?);
            let key = claim_key(&cond.key.value)?;
            let issuer = issuer_of_prefix(&key.prefix);
            Some(ClaimCondition {
                cond,
                op,
                key,
                issuer,
            })
        })
        .collect()
}

/// How a message names a statement's issuer: the provider ARN as written, or the issuer the
/// condition keys name, said so (the principal is unknown).
pub fn trusted_issuer_phrase(cx: &Context<'_>, trusted: &TrustedIssuer<'_>) -> String {
    match trusted.source {
        IssuerSource::Principal(leaf) => format!("`{}`", show(cx, &leaf.value)),
        IssuerSource::ConditionKeys { key, .. } => {
            let named = match (trusted.issuer.text(), claim_key(&key.value)) {
                (Some(text), _) => text.to_string(),
                (None, Some(k)) => show(cx, &k.prefix),
                (None, None) => show(cx, &key.value),
            };
            format!("`{named}` (the issuer named by the condition keys)")
        }
    }
}

/// True when the statement trusts an EKS cluster issuer (by its principal or its keys).
pub fn is_eks_statement(st: &Statement) -> bool {
    oidc_issuers(st).iter().any(|(i, _)| i.is_eks())
        || claim_conditions(st).iter().any(|c| c.issuer.is_eks())
}

/// Renders a symbolic string for a message.
pub fn show(cx: &crate::rules::Context<'_>, s: &SymStr) -> String {
    s.display(&|span| cx.text(span))
}

/// An edit replacing bytes `start..end` of `s`'s known text (symbols count zero bytes), when
/// those bytes are written verbatim in the source (no escapes, no computed text).
pub fn verbatim_edit(
    cx: &crate::rules::Context<'_>,
    s: &SymStr,
    start: usize,
    end: usize,
    replacement: &str,
) -> Option<crate::base::diagnostic::Edit> {
    let flat = s.known_parts_text();
    let expected = flat.get(start..end)?;
    let span = s.span_of(start, end)?;
    if start == end {
        return None;
    }
    (cx.text(span) == expected).then(|| crate::base::diagnostic::Edit::replace(span, replacement))
}

/// An edit replacing a whole leaf written verbatim.
pub fn replace_leaf(
    cx: &crate::rules::Context<'_>,
    leaf: &Leaf,
    replacement: &str,
) -> Option<crate::base::diagnostic::Edit> {
    let text = leaf.known()?;
    // Only text written at the leaf itself: never a shared local or variable that other
    // policies may use too.
    verbatim_edit(cx, &leaf.value, 0, text.len(), replacement)
        .filter(|e| leaf.span.contains(e.span))
}

/// Renames a condition operator, unless that would write a second key of the same name into
/// a JSON-form `Condition` object (documents and module inputs hold one operator per entry).
pub fn rename_operator(
    cx: &crate::rules::Context<'_>,
    st: &Statement,
    cond: &Condition,
    to: &str,
    applicability: crate::base::diagnostic::Applicability,
) -> Option<crate::base::diagnostic::Fix> {
    if operator_taken(cx.policy.form, st, to) {
        return None;
    }
    let edit = replace_leaf(cx, &cond.operator, to)?;
    Some(crate::base::diagnostic::Fix::new(
        format!("Change the operator to `{to}`"),
        applicability,
        vec![edit],
    ))
}

/// The first `${…}` interpolation written in `span`: its expression's span and source text.
pub fn first_interpolation(
    cx: &crate::rules::Context<'_>,
    span: crate::base::source::Span,
) -> Option<(crate::base::source::Span, String)> {
    let text = cx.text(span);
    let open = text.find("${")? + 2;
    let mut depth = 0usize;
    let mut quoted = false;
    for (i, c) in text[open..].char_indices() {
        match c {
            '"' => quoted = !quoted,
            '{' if !quoted => depth += 1,
            '}' if !quoted && depth > 0 => depth -= 1,
            '}' if !quoted => {
                let expr = &text[open..open + i];
                let lead = expr.len() - expr.trim_start().len();
                let start = span.start + open + lead;
                let trimmed = expr.trim();
                let s = crate::base::source::Span::new(span.file, start..start + trimmed.len());
                return Some((s, trimmed.to_string()));
            }
            _ => {}
        }
    }
    None
}

/// The regex terraform-aws-iam uses to strip a provider ARN down to the issuer host.
pub const ARN_STRIP: &str = "/^(.*provider/)/";

/// For an issuer host written as a wrongly shaped symbol (a provider ARN, a URL with
/// `https://`): what it is, and the edit that turns its site into the host.
pub fn host_fix(
    cx: &crate::rules::Context<'_>,
    sym: &Symbol,
) -> Option<(String, crate::base::diagnostic::Fix)> {
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
    let fix = crate::base::diagnostic::Fix::safe(
        format!("Replace `{site}` with `{replacement}`"),
        vec![crate::base::diagnostic::Edit::replace(
            sym.site,
            replacement,
        )],
    );
    Some((format!("{what} (`{site}`)"), fix))
}

/// The provider ARN expression for the issuer a URL or host symbol stands for (OIDCP004's and
/// XR005's fix): the provider whose `url` it is, terraform-aws-eks's `oidc_provider_arn`, or
/// the one provider resource registered for the issuer.
pub fn provider_arn_for(sources: &Sources, facts: &ModuleFacts, sym: &Symbol) -> Option<String> {
    let issuer = match &sym.shape {
        Shape::IssuerUrl(i)
        | Shape::IssuerHost(i)
        | Shape::ProviderUrl(i)
        | Shape::DualstackIssuerUrl(i) => i,
        _ => return None,
    };
    // `aws_iam_openid_connect_provider.X.url` (possibly stripped): that provider's ARN.
    let site = sources.get(sym.site.file).slice(sym.site).to_string();
    if let Shape::ProviderUrl(_) = sym.shape
        && let Some(p) = site.strip_suffix(".url")
        && p.contains("aws_iam_openid_connect_provider.")
        && !p.contains(['(', ' ', '"'])
    {
        return Some(format!("{p}.arn"));
    }
    match issuer {
        Issuer::Cluster(addr) if addr.starts_with("module.") => {
            let cluster = facts.infra.cluster(addr)?;
            match &cluster.kind {
                ClusterKind::EksModule(m) if m.irsa == Irsa::Enabled => {
                    Some(format!("{addr}.oidc_provider_arn"))
                }
                _ => None,
            }
        }
        Issuer::Provider(addr) => Some(format!("{addr}.arn")),
        _ => unique_provider(facts, issuer),
    }
}

/// The ARN expression of the one provider resource in the module registered for `issuer`.
pub fn unique_provider(facts: &ModuleFacts, issuer: &Issuer) -> Option<String> {
    let mut found = facts.providers.iter().filter(|p| {
        p.address.starts_with("aws_iam_openid_connect_provider.") && &p.issuer == issuer
    });
    let p = found.next()?;
    found.next().is_none().then(|| format!("{}.arn", p.address))
}

/// True when `st` is rendered by a role module from a provider-ARN input that is not an ARN
/// (a URL, a host): XR005 reports that input, and the principal and condition keys the module
/// derives from it are the same mistake, not more findings.
pub fn from_misshapen_provider_input(cx: &Context<'_>, st: &Statement) -> bool {
    cx.policy.form == PolicyForm::Module
        && st.principals_of("Federated").any(|leaf| {
            cx.facts
                .not_provider_arns
                .iter()
                .any(|n| n.span == leaf.span)
        })
}

/// A policy's rule context inside a module-level check.
pub fn policy_context<'c>(cx: &'c ModuleContext<'_>, policy: &'c Policy) -> Context<'c> {
    Context {
        policy,
        sources: cx.sources,
        facts: cx.facts,
        settings: cx.settings,
    }
}

/// True when an edit at `span` stays inside `written` and lands in a `.tf` file, where
/// `${…}` interpolation of module and resource references is available (not in a `file()`
/// JSON or a `templatefile()` template).
pub fn editable_in_tf(sources: &Sources, span: Span, written: Span) -> bool {
    written.contains(span) && is_tf(sources, span)
}

/// True when `span` lies in a Terraform `.tf` file (or OpenTofu `.tofu` file): HCL syntax.
pub fn is_tf(sources: &Sources, span: Span) -> bool {
    sources
        .get(span.file)
        .path
        .extension()
        .is_some_and(|e| e == "tf" || e == "tofu")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators_parse() {
        let op = Operator::parse("ForAllValues:StringEqualsIfExists");
        assert_eq!(op.set.as_deref(), Some("ForAllValues"));
        assert_eq!(op.base, "StringEquals");
        assert!(op.if_exists && op.is_exact_string() && !op.is_negated());
        assert!(Operator::parse("StringNotLike").is_negated());
    }

    #[test]
    fn globbing() {
        assert!(glob_match(
            "system:serviceaccount:ns:*",
            "system:serviceaccount:ns:sa"
        ));
        assert!(glob_match("repo:o/r:?ef", "repo:o/r:ref"));
        assert!(!glob_match("repo:o/*:main", "repo:o/r:dev"));
        assert!(glob_match("sts:*", "sts:assumerolewithwebidentity"));
    }
}
