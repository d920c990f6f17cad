//! The rule registry. Each rule lives in its own file: a unit struct with a [`RuleMeta`]
//! (stable code, kebab-case name, severity, kind, summary and its doc page) and a check over one
//! trust policy.

pub mod cog001;
mod common;
pub mod facts;
pub mod facts_cluster;
pub mod gh001;
pub mod gh002;
mod github;
pub mod gl001;
pub mod ign001;
pub mod irsa001;
pub mod irsa002;
pub mod irsa003;
pub mod irsa004;
pub mod oidcp001;
pub mod oidcp002;
pub mod oidcp003;
pub mod oidcp004;
pub mod parse;
pub mod pi001;
pub mod pi002;
pub mod pi003;
pub mod pi004;
pub mod pi005;
mod pod_identity;
pub mod settings;
pub mod tfc001;
pub mod wif001;
pub mod wif002;
pub mod wif003;
pub mod wif004;
pub mod wif005;
pub mod wif006;
pub mod wif007;
pub mod wif008;
pub mod wif009;
pub mod wif010;
pub mod wif011;
pub mod wif012;
pub mod wif013;
pub mod wif014;

use crate::base::diagnostic::Diagnostic;
use crate::base::source::Sources;
use crate::eval::Evaluator;
use crate::model::policy::Policy;
pub use facts::ModuleFacts;

pub use crate::base::rule_meta::{FixAvailability, RuleMeta};

/// What a rule sees: one trust policy, plus facts about its module.
pub struct Context<'c> {
    pub policy: &'c Policy,
    pub sources: &'c Sources,
    pub facts: &'c ModuleFacts,
    pub settings: &'c crate::rules::settings::Settings,
}

impl Context<'_> {
    /// The source text under `span`.
    pub fn text(&self, span: crate::base::source::Span) -> String {
        self.sources.get(span.file).slice(span).to_string()
    }
}

/// What a module-level rule sees: the module (through its evaluator), every trust policy
/// found in it, and the module facts. For rules about resources rather than one policy
/// (OIDC providers, Pod Identity associations).
pub struct ModuleContext<'c, 'm, 'a> {
    pub ev: &'c mut Evaluator<'m, 'a>,
    pub policies: &'c [Policy],
    pub facts: &'c ModuleFacts,
    pub settings: &'c crate::rules::settings::Settings,
}

impl ModuleContext<'_, '_, '_> {
    pub fn sources(&self) -> &Sources {
        self.ev.sources
    }

    /// The trust policy of the role at `address` (`aws_iam_role.NAME`).
    pub fn role_policy(&self, address: &str) -> Option<&Policy> {
        self.policies
            .iter()
            .find(|p| p.role.as_deref() == Some(address))
    }
}

pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;

    /// Checks one trust policy.
    fn check(&self, _cx: &Context<'_>, _out: &mut Vec<Diagnostic>) {}

    /// Checks the module as a whole; called once per module after the per-policy checks.
    fn check_module(&self, _cx: &mut ModuleContext<'_, '_, '_>, _out: &mut Vec<Diagnostic>) {}
}

/// Every rule that checks policies, in code order.
pub static RULES: &[&dyn Rule] = &[
    &wif001::WrongActionOrPrincipalType,
    &wif002::MalformedProviderArn,
    &wif003::ConditionKeyNotIssuerHost,
    &wif004::KeyIssuerMismatch,
    &wif005::WildcardUnderExactOperator,
    &wif006::SetOperatorOnSingleValuedClaim,
    &wif007::SeveralIssuersInOneStatement,
    &wif008::DenyWithNegatedClaimCondition,
    &wif009::MissingAudienceCondition,
    &wif010::AudienceCannotMatch,
    &wif011::PartitionMismatch,
    &wif012::TrustPolicyTooLarge,
    &wif013::UnknownConditionOperator,
    &wif014::InvalidPolicyGrammar,
    &irsa001::MalformedServiceAccountSubject,
    &irsa002::MissingOrBroadSubject,
    &irsa003::IssuerNotClusterIssuer,
    &irsa004::DualStackIssuer,
    &oidcp001::ProviderUrlNotIssuer,
    &oidcp002::ClientIdListLacksAudience,
    &oidcp003::NoProviderForIssuer,
    &oidcp004::UrlArnHostConfusion,
    &pi001::RoleLacksPodIdentityTrust,
    &pi002::RequestTagConditionsExcludeAssociation,
    &pi003::SessionTagsDisabledButReliedOn,
    &pi004::TargetRoleHopNotTrusted,
    &pi005::AmbiguousOrUnscopedPodIdentity,
    &gh001::GithubSubjectUnrestricted,
    &gh002::GithubSubjectCannotMatch,
    &tfc001::HcpTerraformTrust,
    &gl001::GitlabTrust,
    &cog001::CognitoIdentityPoolTrust,
];

/// Metadata of every rule, including the ones reported by other stages (`PARSE`).
pub fn all_meta() -> Vec<&'static RuleMeta> {
    let mut all: Vec<&'static RuleMeta> = RULES.iter().map(|r| r.meta()).collect();
    all.push(&parse::PARSE);
    all.push(&ign001::UNUSED_IGNORE);
    all.sort_by_key(|m| code_order(m.code));
    all
}

/// Sort key: by group prefix order of SPEC §5, then number.
fn code_order(code: &str) -> (usize, &str) {
    const GROUPS: [&str; 11] = [
        "WIF", "IRSA", "OIDCP", "XR", "PI", "GH", "TFC", "GL", "COG", "PARSE", "IGN",
    ];
    let group = GROUPS
        .iter()
        .position(|g| code.starts_with(g))
        .unwrap_or(GROUPS.len());
    (group, code)
}

/// Finds a rule by code or name (case-insensitive).
pub fn find(code_or_name: &str) -> Option<&'static RuleMeta> {
    all_meta().into_iter().find(|m| {
        m.code.eq_ignore_ascii_case(code_or_name) || m.name.eq_ignore_ascii_case(code_or_name)
    })
}

/// Runs every rule on one policy.
pub fn check_policy(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for rule in RULES {
        rule.check(cx, out);
    }
}

/// Runs every rule's module-level check.
pub fn check_module(cx: &mut ModuleContext<'_, '_, '_>, out: &mut Vec<Diagnostic>) {
    for rule in RULES {
        rule.check_module(cx, out);
    }
}
