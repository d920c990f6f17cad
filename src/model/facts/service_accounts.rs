//! Kubernetes ServiceAccounts a workload runs as, from every source that declares one, with
//! the role they name: what the cross-resource rules (XR) compare with the roles' trusts.
//! Collected once per module (facts); the sources fill [`ServiceAccount`]s, rules only read.

use crate::model::policy::Leaf;
use crate::value::Value;

/// Where a ServiceAccount is declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaSource {
    /// `resource "kubernetes_service_account"` / `kubernetes_service_account_v1`.
    KubernetesResource,
    /// `resource "kubernetes_manifest"` with `kind = "ServiceAccount"`.
    KubernetesManifest,
    /// A Kubernetes YAML manifest in the scanned tree.
    YamlManifest,
    /// A `helm_release`'s values (`set`, `values`).
    HelmRelease,
    /// An `aws_eks_addon` or an EKS module's add-on entry: its name (from the built-in
    /// table) and its ServiceAccount.
    EksAddon(&'static str),
    /// An `aws_eks_pod_identity_association`.
    PodIdentityAssociation,
}

/// One ServiceAccount and the role it asks for.
#[derive(Debug, Clone)]
pub struct ServiceAccount {
    pub source: SaSource,
    /// Its namespace and name, each with the span where it is written (or derived from).
    pub namespace: Leaf,
    pub name: Leaf,
    /// The name comes from a chart's default (no `serviceAccount.name`), so it depends on the
    /// release: findings about it are warnings that say so.
    pub name_from_chart: bool,
    /// The role it names: the `eks.amazonaws.com/role-arn` annotation's value, a `role_arn`,
    /// an add-on's `service_account_role_arn`; `None` when it names none.
    pub role_arn: Option<Value>,
    /// The `eks.amazonaws.com/audience` annotation, when set.
    pub audience: Option<Leaf>,
    /// The block, manifest document or release that declares it.
    pub declared_at: crate::base::source::Span,
}
