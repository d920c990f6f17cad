//! The rule registry. Each rule lives in its own file: a unit struct with a [`RuleMeta`]
//! (stable code, kebab-case name, severity, kind, summary and its doc page) and a check over one
//! trust policy.

pub mod ci;
pub mod cog;
mod declare;
mod helpers;
pub mod irsa;
pub mod modules;
pub mod oidcp;
pub mod pi;
mod policy_syntax;
pub mod settings;
pub mod stage;
pub mod wif;
pub mod xr;

use crate::base::diagnostic::Diagnostic;
use crate::base::source::Sources;
pub use crate::model::facts::ModuleFacts;
use crate::model::policy::Policy;

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
pub struct ModuleContext<'c> {
    pub sources: &'c Sources,
    pub policies: &'c [Policy],
    pub facts: &'c ModuleFacts,
    pub settings: &'c crate::rules::settings::Settings,
}

impl ModuleContext<'_> {
    pub fn sources(&self) -> &Sources {
        self.sources
    }

    /// The trust policy of the role at `address` (`aws_iam_role.NAME`).
    pub fn role_policy(&self, address: &str) -> Option<&Policy> {
        self.policies
            .iter()
            .find(|p| p.role.as_deref() == Some(address))
    }
}

/// One module of the workspace, as a workspace rule sees it.
pub struct ModuleView<'c> {
    pub dir: &'c std::path::Path,
    pub policies: &'c [Policy],
    pub facts: &'c ModuleFacts,
    /// Set when the view is one instance of the module, analysed with its caller's values.
    pub instance: Option<InstanceOf<'c>>,
}

/// Where a module instance is called from.
#[derive(Debug, Clone, Copy)]
pub struct InstanceOf<'c> {
    /// The root module the calls start from.
    pub root: &'c std::path::Path,
    /// The calls from that root, `module.a.module.b["k"]`.
    pub address: &'c str,
}

impl ModuleView<'_> {
    /// The root module and the calls from it that this view is reached by (`""` for a root).
    pub fn address(&self) -> (&std::path::Path, &str) {
        match &self.instance {
            Some(i) => (i.root, i.address),
            None => (self.dir, ""),
        }
    }
}

/// What a workspace rule sees: every module's policies and facts (each instance of a called
/// module on its own). For rules that compare one module with another (a trust with the
/// workload that uses it).
pub struct WorkspaceContext<'c> {
    pub sources: &'c Sources,
    pub modules: Vec<ModuleView<'c>>,
    pub settings: &'c crate::rules::settings::Settings,
    /// The ServiceAccounts of the Kubernetes YAML manifests in the scanned tree, which belong
    /// to no module (those Terraform declares are in their module's facts).
    pub manifests: &'c [crate::model::facts::service_accounts::ServiceAccount],
}

/// What `declare_rule!` implements: the rule's metadata.
pub trait Declared {
    fn meta(&self) -> &'static RuleMeta;
}

pub trait Rule: Declared + Sync {
    /// Checks one trust policy.
    fn check(&self, _cx: &Context<'_>, _out: &mut Vec<Diagnostic>) {}

    /// Checks the module as a whole; called once per module after the per-policy checks.
    fn check_module(&self, _cx: &ModuleContext<'_>, _out: &mut Vec<Diagnostic>) {}

    /// Checks the workspace; called once, after every module, for rules declared with
    /// `scope: Workspace`.
    fn check_workspace(&self, _cx: &WorkspaceContext<'_>, _out: &mut Vec<Diagnostic>) {}
}

/// Every rule that checks policies, in code order.
pub static RULES: &[&dyn Rule] = &[
    &wif::wif001::WrongActionOrPrincipalType,
    &wif::wif002::MalformedProviderArn,
    &wif::wif003::ConditionKeyNotIssuerHost,
    &wif::wif004::KeyIssuerMismatch,
    &wif::wif005::WildcardUnderExactOperator,
    &wif::wif006::SetOperatorOnSingleValuedClaim,
    &wif::wif007::SeveralIssuersInOneStatement,
    &wif::wif008::DenyWithNegatedClaimCondition,
    &wif::wif009::MissingAudienceCondition,
    &wif::wif010::AudienceCannotMatch,
    &wif::wif011::PartitionMismatch,
    &wif::wif012::TrustPolicyTooLarge,
    &wif::wif013::UnknownConditionOperator,
    &wif::wif014::InvalidPolicyGrammar,
    &wif::wif015::WebIdentityWithoutClaimCondition,
    &irsa::irsa001::MalformedServiceAccountSubject,
    &irsa::irsa002::MissingOrBroadSubject,
    &irsa::irsa003::IssuerNotClusterIssuer,
    &irsa::irsa004::DualStackIssuer,
    &irsa::irsa005::ClusterIssuerWithoutIndex,
    &oidcp::oidcp001::ProviderUrlNotIssuer,
    &oidcp::oidcp002::ClientIdListLacksAudience,
    &oidcp::oidcp003::NoProviderForIssuer,
    &oidcp::oidcp004::UrlArnHostConfusion,
    &pi::pi001::RoleLacksPodIdentityTrust,
    &pi::pi002::RequestTagConditionsExcludeAssociation,
    &pi::pi003::SessionTagsDisabledButReliedOn,
    &pi::pi004::TargetRoleHopNotTrusted,
    &pi::pi005::AmbiguousOrUnscopedPodIdentity,
    &ci::gh001::GithubSubjectUnrestricted,
    &ci::gh002::GithubSubjectCannotMatch,
    &ci::tfc001::HcpTerraformTrust,
    &ci::gl001::GitlabTrust,
    &cog::cog001::CognitoIdentityPoolTrust,
    &modules::mod001::UnpinnedModuleRemovedInV6,
    &xr::xr001::ServiceAccountNotTrusted,
    &xr::xr002::AnnotationArnMissesRoleName,
    &xr::xr003::MalformedAnnotationRoleArn,
    &xr::xr004::AudienceAnnotationNotTrusted,
    &xr::xr006::AddonRoleTrustsWrongServiceAccount,
    &xr::xr005::ModuleInputShape,
];

/// Metadata of every rule, including the ones reported by other stages (`PARSE`).
pub fn all_meta() -> Vec<&'static RuleMeta> {
    let mut all: Vec<&'static RuleMeta> = RULES.iter().map(|r| r.meta()).collect();
    all.push(&stage::PARSE);
    all.push(&stage::UNUSED_IGNORE);
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

/// The rules a run uses: `RULES` filtered by the selection, once, so a rule that is not
/// selected never runs.
pub fn enabled_rules(enabled: &dyn Fn(&RuleMeta) -> bool) -> Vec<&'static dyn Rule> {
    RULES
        .iter()
        .copied()
        .filter(|r| enabled(r.meta()))
        .collect()
}

fn checks_workspace(rule: &dyn Rule) -> bool {
    rule.meta().scope == crate::base::rule_meta::Scope::Workspace
}

/// True when one of `rules` checks the workspace (so the engine keeps every module's policies
/// and facts for it).
pub fn any_workspace_rule(rules: &[&dyn Rule]) -> bool {
    rules.iter().any(|r| checks_workspace(*r))
}

/// Runs each of `rules` on one policy.
pub fn check_policy(cx: &Context<'_>, rules: &[&dyn Rule], out: &mut Vec<Diagnostic>) {
    for rule in rules {
        rule.check(cx, out);
    }
}

/// Runs each of `rules`' module-level check.
pub fn check_module(cx: &ModuleContext<'_>, rules: &[&dyn Rule], out: &mut Vec<Diagnostic>) {
    for rule in rules {
        rule.check_module(cx, out);
    }
}

/// Runs the workspace check of the workspace rules among `rules`.
pub fn check_workspace(rules: &[&dyn Rule], cx: &WorkspaceContext<'_>, out: &mut Vec<Diagnostic>) {
    for rule in rules.iter().filter(|r| checks_workspace(**r)) {
        rule.check_workspace(cx, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::source::Span;
    use crate::rules::declare::declare_rule;

    declare_rule! {
        /// A workspace rule that reports how many modules it saw.
        pub struct CountsModules;
        code: "WIF001",
        name: "counts-modules",
        severity: Info,
        kind: Hardening,
        fix: None,
        summary: "test probe",
        scope: Workspace,
    }

    impl Rule for CountsModules {
        fn check_workspace(&self, cx: &WorkspaceContext<'_>, out: &mut Vec<Diagnostic>) {
            let message = format!("{} modules", cx.modules.len());
            out.push(Diagnostic::new(
                &META,
                Span::new(crate::base::source::FileId(0), 0..0),
                message,
            ));
        }
    }

    #[test]
    fn workspace_rules_see_every_module_once() {
        let sources = Sources::new();
        let facts = ModuleFacts::default();
        let settings = crate::rules::settings::Settings::default();
        let view = |dir: &'static str| ModuleView {
            dir: std::path::Path::new(dir),
            policies: &[],
            facts: &facts,
            instance: None,
        };
        let cx = WorkspaceContext {
            sources: &sources,
            modules: vec![view("a"), view("b")],
            settings: &settings,
            manifests: &[],
        };
        let mut out = Vec::new();
        // Module-scoped rules are not called; a workspace rule that is not enabled is not either.
        let rules: [&dyn Rule; 2] = [&wif::wif003::ConditionKeyNotIssuerHost, &CountsModules];
        check_workspace(&rules[..1], &cx, &mut out);
        assert!(out.is_empty());
        assert!(!any_workspace_rule(&rules[..1]) && any_workspace_rule(&rules));
        check_workspace(&rules, &cx, &mut out);
        let messages: Vec<_> = out.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["2 modules"]);
        assert!(any_workspace_rule(&enabled_rules(&|_| true)));
        // PI001–PI004 check associations naming another module's role across the workspace.
        let cross_module = |code: &str| {
            code.starts_with("XR") || matches!(code, "PI001" | "PI002" | "PI003" | "PI004")
        };
        assert!(!any_workspace_rule(&enabled_rules(&|m| !cross_module(
            m.code
        ))));
        assert!(any_workspace_rule(&enabled_rules(&|m| m.code == "PI004")));
    }
}
