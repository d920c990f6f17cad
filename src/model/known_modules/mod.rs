//! Registry modules irsa-lint knows without reading their source, one file per module: the
//! trust policy a call's inputs produce (SPEC §3 form 4), the symbols its outputs stand for,
//! and what its calls say about the infrastructure (facts). Each file opens with its tables
//! (inputs → trust, outputs → symbols). This file recognises a module by its `source` and
//! dispatches to the module's file.

mod blueprints_addon;
pub mod blueprints_addons;
mod blueprints_irsa;
mod cloudposse_eks_iam_role;
mod cloudposse_helm_release;
pub mod eks;
pub mod eks_pod_identity;
mod iam_assumable_role_with_oidc;
mod iam_github_oidc_role;
pub mod iam_oidc_provider;
mod iam_role;
mod iam_role_for_service_accounts;
pub mod input_shapes;
mod policy;
pub mod role_names;
pub mod version;

use crate::base::source::Span;
use crate::eval::{Evaluator, KnownOutputs};
use crate::input::module::{Item, span_of};
use crate::model::policy::Policy;
use crate::value::{Address, Shape, SymStr, Value};
use policy::Builder;
use version::{Constraint, Release};

/// The outputs of known modules, for the evaluator.
pub struct KnownModules;

impl KnownOutputs for KnownModules {
    fn output(
        &self,
        call: &Address,
        source: Option<&str>,
        output: &str,
        span: Span,
    ) -> Option<Value> {
        let role_outputs = source.and_then(kind_of).map_or(&[][..], role_outputs);
        match role_outputs.iter().find(|(name, _)| *name == output) {
            Some((_, RoleOutput::Arn)) => Some(role_symbol(Shape::RoleArn(call.clone()), span)),
            Some((_, RoleOutput::Name)) => Some(role_symbol(Shape::RoleName(call.clone()), span)),
            None => eks::output(call, output, span),
        }
    }
}

/// What a role module's output is: the ARN or the name of the role the call creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RoleOutput {
    Arn,
    Name,
}

/// The outputs that name the one role a call of `kind` creates, from each module's table.
fn role_outputs(kind: Kind) -> &'static [(&'static str, RoleOutput)] {
    match kind {
        Kind::ServiceAccounts => iam_role_for_service_accounts::OUTPUTS,
        Kind::ServiceAccountsEks => iam_role_for_service_accounts::EKS_OUTPUTS,
        Kind::IamRoleV6 => iam_role::OUTPUTS,
        Kind::AssumableRoleWithOidc => iam_assumable_role_with_oidc::OUTPUTS,
        Kind::GithubOidcRole => iam_github_oidc_role::OUTPUTS,
        Kind::BlueprintsAddon => blueprints_addon::OUTPUTS,
        Kind::PodIdentity => eks_pod_identity::OUTPUTS,
        Kind::BlueprintsIrsa => blueprints_irsa::OUTPUTS,
        Kind::Cloudposse => cloudposse_eks_iam_role::OUTPUTS,
        Kind::Eks
        | Kind::IamOidcProvider
        | Kind::CloudposseHelmRelease
        | Kind::BlueprintsKubernetesAddons
        | Kind::BlueprintsAddons => &[],
    }
}

fn role_symbol(shape: Shape, span: Span) -> Value {
    Value::Str(SymStr::symbol(shape, span), span)
}

/// Which known module a call uses, from its `source`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// terraform-aws-modules/eks itself, not its sub-modules.
    Eks,
    /// terraform-aws-iam `iam-oidc-provider`.
    IamOidcProvider,
    /// terraform-aws-iam v6 `iam-role-for-service-accounts`.
    ServiceAccounts,
    /// terraform-aws-iam v5 `iam-role-for-service-accounts-eks`.
    ServiceAccountsEks,
    /// terraform-aws-iam v6 `iam-role`.
    IamRoleV6,
    /// terraform-aws-iam v5 `iam-assumable-role-with-oidc`.
    AssumableRoleWithOidc,
    /// terraform-aws-iam v5 `iam-github-oidc-role`.
    GithubOidcRole,
    /// eks-blueprints v4 `modules/irsa`.
    BlueprintsIrsa,
    /// aws-ia `eks-blueprints-addon`.
    BlueprintsAddon,
    /// cloudposse `eks-iam-role`.
    Cloudposse,
    /// cloudposse `helm-release`.
    CloudposseHelmRelease,
    /// terraform-aws-modules `eks-pod-identity`.
    PodIdentity,
    /// eks-blueprints v4 `modules/kubernetes-addons`.
    BlueprintsKubernetesAddons,
    /// aws-ia `eks-blueprints-addons` (v1).
    BlueprintsAddons,
}

/// Whether `source` names a module irsa-lint knows without reading it: its policies come from
/// the call's inputs, so its directory, when on disk, need not be evaluated as an instance.
pub fn is_known(source: &str) -> bool {
    kind_of(source).is_some()
}

/// The known module a registry, git or local `source` names; `None` for any other module.
fn kind_of(source: &str) -> Option<Kind> {
    let s = source.to_ascii_lowercase();
    let sub = if s.contains("//") {
        s.rsplit("//").next().unwrap_or_default()
    } else {
        s.as_str()
    };
    let iam_repo = s.contains("terraform-aws-modules/iam") || s.contains("terraform-aws-iam");
    // Local paths into a checkout of terraform-aws-iam (its own examples) count too, for the
    // role modules.
    let local = s.starts_with("./") || s.starts_with("../");
    let iam = iam_repo || (local && s.contains("modules/iam-"));
    if is_eks(&s) {
        Some(Kind::Eks)
    } else if iam_repo
        && s.trim_end_matches('/')
            .ends_with("modules/iam-oidc-provider")
    {
        Some(Kind::IamOidcProvider)
    } else if iam && sub.contains("iam-role-for-service-accounts-eks") {
        Some(Kind::ServiceAccountsEks)
    } else if iam && sub.contains("iam-role-for-service-accounts") {
        Some(Kind::ServiceAccounts)
    } else if iam && sub.contains("iam-assumable-role-with-oidc") {
        Some(Kind::AssumableRoleWithOidc)
    } else if iam && sub.contains("iam-github-oidc-role") {
        Some(Kind::GithubOidcRole)
    } else if iam && sub.trim_end_matches('/').ends_with("modules/iam-role") {
        Some(Kind::IamRoleV6)
    } else if s.contains("eks-blueprints-addons") {
        Some(Kind::BlueprintsAddons)
    } else if s.contains("eks-blueprints-addon") {
        Some(Kind::BlueprintsAddon)
    } else if s.contains("eks-blueprints") && sub.contains("modules/irsa") {
        Some(Kind::BlueprintsIrsa)
    } else if s.contains("eks-blueprints") && sub.contains("modules/kubernetes-addons") {
        Some(Kind::BlueprintsKubernetesAddons)
    } else if s.contains("terraform-aws-modules/eks-pod-identity")
        || s.contains("terraform-aws-eks-pod-identity")
    {
        Some(Kind::PodIdentity)
    } else if s.contains("cloudposse/eks-iam-role") || s.contains("terraform-aws-eks-iam-role") {
        Some(Kind::Cloudposse)
    } else if s.contains("cloudposse/helm-release") || s.contains("terraform-aws-helm-release") {
        Some(Kind::CloudposseHelmRelease)
    } else {
        None
    }
}

/// terraform-aws-modules/eks itself (registry or git; `s` lower case), not its sub-modules and
/// not other modules whose names start the same (`terraform-aws-eks-pod-identity`).
fn is_eks(s: &str) -> bool {
    if let Some(i) = s.find("//modules/")
        && !s[..i].ends_with(':')
    {
        return false;
    }
    let registry = s
        .split("//")
        .next()
        .is_some_and(|head| head.trim_end_matches('/') == "terraform-aws-modules/eks/aws");
    let git = s
        .match_indices("terraform-aws-modules/terraform-aws-eks")
        .any(|(i, m)| {
            s[i + m.len()..]
                .chars()
                .next()
                .is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        });
    registry || git
}

/// The known text of `call`'s `source`.
fn source_of(ev: &mut Evaluator<'_, '_>, call: &Item<'_>) -> Option<String> {
    call.attr("source")
        .and_then(|(f, e)| ev.eval(f, e).known_text())
}

/// The known module `call` uses, from the known text of its `source`.
fn call_kind(ev: &mut Evaluator<'_, '_>, call: &Item<'_>) -> Option<Kind> {
    source_of(ev, call).as_deref().and_then(kind_of)
}

/// The releases a call of a module from `source` may install: the registry `version`
/// constraint (every release when there is none), or the `ref=` of a git source.
fn release_of(ev: &mut Evaluator<'_, '_>, call: &Item<'_>, source: &str) -> Release {
    if source.starts_with("./") || source.starts_with("../") {
        return Release::Unknown;
    }
    if let Some(at) = source.find("ref=") {
        let rest = &source[at + "ref=".len()..];
        let end = rest.find(['&', '/']).unwrap_or(rest.len());
        return match Constraint::parse(&rest[..end]) {
            Some(c) => Release::Admits(c),
            None => Release::Unknown,
        };
    }
    // Other git, HTTP and archive sources install whatever the default branch holds.
    if source.contains("::") || source.starts_with("github.com/") || source.starts_with("git@") {
        return Release::Unknown;
    }
    match call.attr("version") {
        None => Release::Admits(Constraint::any()),
        Some((f, e)) => match ev
            .eval(f, e)
            .known_text()
            .as_deref()
            .and_then(Constraint::parse)
        {
            Some(c) => Release::Admits(c),
            None => Release::Unknown,
        },
    }
}

/// The first terraform-aws-iam release without the v5 role module paths.
const IAM_V6: version::Version = version::Version(6, 0, 0);

/// A registry call of a terraform-aws-iam module path that 6.0.0 renamed or removed, whose
/// `version` admits 6.x (or is missing): `terraform init` installs 6.x and fails to find it.
#[derive(Debug, Clone)]
pub struct RemovedInV6 {
    /// `module.X`.
    pub address: String,
    /// `iam-assumable-role-with-oidc`.
    pub path: &'static str,
    /// The `source` value.
    pub source: Span,
    /// The `version` value, when the call has one.
    pub version: Option<Span>,
}

/// The calls of the module that `terraform init` cannot install on terraform-aws-iam v6.
pub fn removed_in_v6(ev: &mut Evaluator<'_, '_>) -> Vec<RemovedInV6> {
    let module = ev.module;
    let mut out = Vec::new();
    for call in &module.calls {
        let Some((file, expr)) = call.attr("source") else {
            continue;
        };
        let Some(source) = ev.eval(file, expr).known_text() else {
            continue;
        };
        let path = match kind_of(&source) {
            Some(Kind::ServiceAccountsEks) => "iam-role-for-service-accounts-eks",
            Some(Kind::AssumableRoleWithOidc) => "iam-assumable-role-with-oidc",
            Some(Kind::GithubOidcRole) => "iam-github-oidc-role",
            _ => continue,
        };
        // Only the registry installs "the newest release"; git and local sources name theirs.
        let registry = source
            .to_ascii_lowercase()
            .starts_with("terraform-aws-modules/iam/aws//");
        if !registry || !release_of(ev, call, &source).may_install_from(IAM_V6) {
            continue;
        }
        out.push(RemovedInV6 {
            address: format!("module.{}", call.address()),
            path,
            source: span_of(file, expr),
            version: call.attr("version").map(|(f, e)| span_of(f, e)),
        });
    }
    out
}

/// The service accounts the add-ons of every EKS Blueprints bundle call trust.
pub fn addon_service_accounts(
    ev: &mut Evaluator<'_, '_>,
) -> Vec<blueprints_addons::AddonServiceAccount> {
    let module = ev.module;
    let mut out = Vec::new();
    for call in &module.calls {
        let Some(source) = source_of(ev, call) else {
            continue;
        };
        let v4 = match kind_of(&source) {
            Some(Kind::BlueprintsKubernetesAddons) => true,
            Some(Kind::BlueprintsAddons) => false,
            _ => continue,
        };
        let release = release_of(ev, call, &source);
        let mut b = Builder {
            ev,
            call: *call,
            release,
        };
        out.extend(blueprints_addons::service_accounts(&mut b, v4));
    }
    out
}

/// Builds the trust policies of every call of a known role module.
pub fn module_policies(ev: &mut Evaluator<'_, '_>) -> Vec<Policy> {
    let module = ev.module;
    let mut out = Vec::new();
    for call in &module.calls {
        let Some(source) = source_of(ev, call) else {
            continue;
        };
        let Some(kind) = kind_of(&source) else {
            continue;
        };
        let release = release_of(ev, call, &source);
        let mut b = Builder {
            ev,
            call: *call,
            release,
        };
        // `None`: the call creates no role.
        let generated = match kind {
            Kind::BlueprintsKubernetesAddons => {
                out.extend(blueprints_addons::v4_policies(&mut b));
                continue;
            }
            Kind::BlueprintsAddons => {
                out.extend(blueprints_addons::v1_policies(&mut b));
                continue;
            }
            Kind::PodIdentity => eks_pod_identity::trust(&mut b),
            Kind::ServiceAccounts => iam_role_for_service_accounts::trust(&mut b, false),
            Kind::ServiceAccountsEks => iam_role_for_service_accounts::trust(&mut b, true),
            Kind::IamRoleV6 => iam_role::trust(&mut b),
            Kind::AssumableRoleWithOidc => iam_assumable_role_with_oidc::trust(&mut b),
            Kind::GithubOidcRole => iam_github_oidc_role::trust(&mut b),
            Kind::BlueprintsIrsa => blueprints_irsa::trust(&mut b),
            Kind::BlueprintsAddon => blueprints_addon::trust(&mut b),
            Kind::Cloudposse => cloudposse_eks_iam_role::eks_iam_role(&mut b),
            Kind::CloudposseHelmRelease => cloudposse_helm_release::helm_release(&mut b),
            // Not role modules: what they say is in the facts.
            Kind::Eks | Kind::IamOidcProvider => None,
        };
        let Some((statements, complete)) = generated else {
            continue;
        };
        out.extend(b.policy(statements, complete));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_module_sources() {
        assert_eq!(
            kind_of("terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts"),
            Some(Kind::ServiceAccounts)
        );
        assert_eq!(
            kind_of("terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks"),
            Some(Kind::ServiceAccountsEks)
        );
        assert_eq!(
            kind_of("terraform-aws-modules/iam/aws//modules/iam-role"),
            Some(Kind::IamRoleV6)
        );
        assert_eq!(
            kind_of("cloudposse/eks-iam-role/aws"),
            Some(Kind::Cloudposse)
        );
        assert_eq!(
            kind_of("cloudposse/helm-release/aws"),
            Some(Kind::CloudposseHelmRelease)
        );
        assert_eq!(
            kind_of("aws-ia/eks-blueprints-addon/aws"),
            Some(Kind::BlueprintsAddon)
        );
        assert_eq!(kind_of("terraform-aws-modules/eks/aws"), Some(Kind::Eks));
        assert_eq!(
            kind_of("terraform-aws-modules/eks-pod-identity/aws"),
            Some(Kind::PodIdentity)
        );
        assert_eq!(
            kind_of("aws-ia/eks-blueprints-addons/aws"),
            Some(Kind::BlueprintsAddons)
        );
        assert_eq!(
            kind_of(
                "github.com/aws-ia/terraform-aws-eks-blueprints//modules/kubernetes-addons?ref=v4.32.1"
            ),
            Some(Kind::BlueprintsKubernetesAddons)
        );
    }

    #[test]
    fn eks_module_sources() {
        let eks = |s| kind_of(s) == Some(Kind::Eks);
        assert!(eks("terraform-aws-modules/eks/aws"));
        assert!(eks(
            "git::https://github.com/terraform-aws-modules/terraform-aws-eks.git?ref=v21.0.0"
        ));
        assert!(!eks("terraform-aws-modules/eks/aws//modules/karpenter"));
        assert!(!eks(
            "github.com/terraform-aws-modules/terraform-aws-eks-pod-identity"
        ));
        assert!(!eks("cloudposse/eks-cluster/aws"));
    }

    #[test]
    fn iam_oidc_module_sources() {
        let oidc = |s| kind_of(s) == Some(Kind::IamOidcProvider);
        assert!(oidc(
            "terraform-aws-modules/iam/aws//modules/iam-oidc-provider"
        ));
        assert!(oidc(
            "git::https://github.com/terraform-aws-modules/terraform-aws-iam.git//modules/iam-oidc-provider/"
        ));
        assert!(!oidc("terraform-aws-modules/iam/aws//modules/iam-role"));
        assert!(!oidc("./modules/iam-oidc-provider"));
    }
}

/// An input of one terraform-aws-iam major version written on a call of the other's IRSA
/// module (v5 `iam-role-for-service-accounts-eks` ↔ v6 `iam-role-for-service-accounts`):
/// Terraform rejects the unknown argument.
#[derive(Debug, Clone)]
pub struct ForeignInput {
    /// `module.X`.
    pub address: String,
    /// The module path the call uses.
    pub path: &'static str,
    /// The input as written, and the name it has in the called version.
    pub input: &'static str,
    pub renamed: &'static str,
    /// The input's name, where it is written.
    pub key: Span,
}

/// v5 `-eks` input ↔ v6 input (the module's UPGRADE-6.0.md).
const IRSA_RENAMES: &[(&str, &str)] = &[
    ("assume_role_condition_test", "trust_condition_test"),
    ("role_name", "name"),
];

/// The calls of the module that use the other major version's IRSA input names.
pub fn foreign_inputs(ev: &mut Evaluator<'_, '_>) -> Vec<ForeignInput> {
    let module = ev.module;
    let mut out = Vec::new();
    for call in &module.calls {
        let Some((file, expr)) = call.attr("source") else {
            continue;
        };
        let Some(source) = ev.eval(file, expr).known_text() else {
            continue;
        };
        let (path, v5) = match kind_of(&source) {
            Some(Kind::ServiceAccountsEks) => ("iam-role-for-service-accounts-eks", true),
            Some(Kind::ServiceAccounts) => ("iam-role-for-service-accounts", false),
            _ => continue,
        };
        for (v5_name, v6_name) in IRSA_RENAMES {
            let (input, renamed) = if v5 {
                (*v6_name, *v5_name)
            } else {
                (*v5_name, *v6_name)
            };
            // Both written: the rename would write a duplicate argument, and the call has
            // a bigger problem than a name.
            if call.attr(renamed).is_some() {
                continue;
            }
            if let Some(a) = call.block.body.get_attribute(input) {
                out.push(ForeignInput {
                    address: format!("module.{}", call.address()),
                    path,
                    input,
                    renamed,
                    key: span_of(call.file, &a.key),
                });
            }
        }
    }
    out
}
