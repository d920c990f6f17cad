//! ServiceAccounts of `aws_eks_addon`s: each add-on runs as a ServiceAccount EKS names (the
//! built-in table), which `configuration_values` may rename where the add-on's schema has
//! `serviceAccount.name` or `controller.serviceAccount.name`. The role is
//! `service_account_role_arn`, else a role annotation in `configuration_values`.

use super::helm::{
    AUDIENCE_ANNOTATION, HelmValues, ROLE_ARN_ANNOTATION, derived, to_leaf, unknown,
};
use super::pod_identity::{instances, with_each};
use super::service_accounts::{SaSource, ServiceAccount};
use crate::base::source::Span;
use crate::eval::Evaluator;
use crate::input::module::{Item, span_of};
use crate::model::known_modules::eks;
use crate::model::policy::from_value::leaf;
use crate::value::Value;

/// Add-on name → the namespace and ServiceAccount its role must trust (research §5 XR-006;
/// verify against the add-on documentation when EKS adds or renames one).
pub(crate) const ADDON_SERVICE_ACCOUNTS: &[(&str, &str, &str)] = &[
    ("vpc-cni", "kube-system", "aws-node"),
    ("aws-ebs-csi-driver", "kube-system", "ebs-csi-controller-sa"),
    ("aws-efs-csi-driver", "kube-system", "efs-csi-controller-sa"),
    (
        "aws-mountpoint-s3-csi-driver",
        "kube-system",
        "s3-csi-driver-sa",
    ),
    (
        "amazon-cloudwatch-observability",
        "amazon-cloudwatch",
        "cloudwatch-agent",
    ),
    ("aws-fsx-csi-driver", "kube-system", "fsx-csi-controller-sa"),
];

/// Where add-on configuration schemas keep their ServiceAccount.
const SA_PREFIXES: &[&[&str]] = &[&["serviceAccount"], &["controller", "serviceAccount"]];

/// The ServiceAccount of each known instance of an `aws_eks_addon` in the table.
pub(super) fn collect(ev: &mut Evaluator<'_, '_>) -> Vec<ServiceAccount> {
    let module = ev.module;
    let mut out = Vec::new();
    for item in module.resources_of("aws_eks_addon") {
        for (_, binding) in instances(ev, &item) {
            with_each(ev, binding, |ev| out.extend(addon(ev, &item)));
        }
    }
    out
}

fn addon(ev: &mut Evaluator<'_, '_>, item: &Item<'_>) -> Option<ServiceAccount> {
    let (f, e) = item.attr("addon_name")?;
    let addon_name = ev.eval(f, e).known_text()?;
    let config = item
        .attr("configuration_values")
        .map(|(f, e)| ev.eval(f, e));
    let role = item
        .attr("service_account_role_arn")
        .map(|(f, e)| ev.eval(f, e));
    service_account(&addon_name, span_of(f, e), config, role, item.span())
}

/// The add-ons of terraform-aws-eks calls: `cluster_addons` (v20) or `addons` (v21), keyed
/// by add-on name unless an entry sets `name`.
pub(super) fn from_eks_calls(ev: &mut Evaluator<'_, '_>) -> Vec<ServiceAccount> {
    let module = ev.module;
    let mut out = Vec::new();
    for call in &module.calls {
        if eks::cluster(ev, call).is_none() {
            continue;
        }
        for input in ["cluster_addons", "addons"] {
            let Some((f, e)) = call.attr(input) else {
                continue;
            };
            let Value::Object(entries, _) = ev.eval(f, e) else {
                continue;
            };
            for (key, key_at, entry) in entries {
                let named = entry
                    .get("name")
                    .and_then(|v| Some((v.known_text()?, v.span())));
                let Some((addon_name, at)) = named.or_else(|| Some((key.known()?, key_at))) else {
                    continue;
                };
                let config = entry.get("configuration_values").cloned();
                let role = entry.get("service_account_role_arn").cloned();
                out.extend(service_account(&addon_name, at, config, role, entry.span()));
            }
        }
    }
    out
}

/// The ServiceAccount of add-on `addon_name` (written at `at`), when the table knows it.
fn service_account(
    addon_name: &str,
    at: Span,
    config: Option<Value>,
    role: Option<Value>,
    declared_at: Span,
) -> Option<ServiceAccount> {
    let (addon, namespace, name) = ADDON_SERVICE_ACCOUNTS
        .iter()
        .find(|(n, _, _)| *n == addon_name)?;
    let mut values = HelmValues::new();
    if let Some(v) = &config {
        values.merge_document(v);
    }
    let setting = |key: &[&str]| {
        SA_PREFIXES
            .iter()
            .find_map(|p| values.get_under(p, key))
            .filter(|v| !matches!(v, Value::Null(_)))
    };
    let name = match setting(&["name"]) {
        Some(v) => to_leaf(v),
        // A configuration that is not known may rename it.
        None if !values.complete => unknown(at),
        None => derived(name, at),
    };
    let role_arn = role
        .filter(|v| !matches!(v, Value::Null(_)))
        .or_else(|| setting(&["annotations", ROLE_ARN_ANNOTATION]).cloned());
    Some(ServiceAccount {
        source: SaSource::EksAddon(addon),
        namespace: derived(namespace, at),
        name,
        name_from_chart: false,
        role_arn,
        audience: setting(&["annotations", AUDIENCE_ANNOTATION]).and_then(leaf),
        declared_at,
    })
}

#[cfg(test)]
mod tests {
    use super::{collect, from_eks_calls};
    use crate::model::facts::helm::tests::facts_of;

    #[test]
    fn built_in_service_accounts_and_overrides() {
        let tf = r#"
resource "aws_iam_role" "ebs" { name = "ebs" }
resource "aws_eks_addon" "ebs" {
  cluster_name             = "main"
  addon_name               = "aws-ebs-csi-driver"
  service_account_role_arn = aws_iam_role.ebs.arn
}
resource "aws_eks_addon" "this" {
  for_each     = toset(["vpc-cni", "coredns"])
  cluster_name = "main"
  addon_name   = each.key
  configuration_values = jsonencode({ env = { ENABLE_PREFIX_DELEGATION = "true" } })
}
resource "aws_eks_addon" "efs" {
  cluster_name = "main"
  addon_name   = "aws-efs-csi-driver"
  configuration_values = jsonencode({
    controller = {
      serviceAccount = {
        name        = "efs-sa"
        annotations = { "eks.amazonaws.com/role-arn" = "arn:aws:iam::111122223333:role/efs" }
      }
    }
  })
}
resource "aws_eks_addon" "s3" {
  cluster_name         = "main"
  addon_name           = "aws-mountpoint-s3-csi-driver"
  configuration_values = file("s3.yaml")
}
"#;
        assert_eq!(
            facts_of(tf, collect),
            [
                "kube-system@\"aws-ebs-csi-driver\" ebs-csi-controller-sa@\"aws-ebs-csi-driver\" \
                 role=RoleArn(\"aws_iam_role.ebs\")@aws_iam_role.ebs.arn",
                // coredns runs without an IAM role: not in the table.
                "kube-system@each.key aws-node@each.key role=-",
                "kube-system@\"aws-efs-csi-driver\" efs-sa@efs-sa \
                 role=arn:aws:iam::111122223333:role/efs@\"arn:aws:iam::111122223333:role/efs\"",
                // A configuration that cannot be read may rename it.
                "kube-system@\"aws-mountpoint-s3-csi-driver\" ?@\"aws-mountpoint-s3-csi-driver\" role=-",
            ]
        );
    }

    #[test]
    fn terraform_aws_eks_cluster_addons() {
        let tf = r#"
module "ebs_irsa" {
  source = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks"
}
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
  cluster_addons = {
    coredns = {}
    aws-ebs-csi-driver = { service_account_role_arn = module.ebs_irsa.iam_role_arn }
    cni = { name = "vpc-cni", service_account_role_arn = null }
  }
}
module "other" {
  source         = "./modules/other"
  cluster_addons = { vpc-cni = {} }
}
"#;
        assert_eq!(
            facts_of(tf, from_eks_calls),
            [
                "kube-system@aws-ebs-csi-driver ebs-csi-controller-sa@aws-ebs-csi-driver \
                 role=RoleArn(\"module.ebs_irsa\")@module.ebs_irsa.iam_role_arn",
                "kube-system@\"vpc-cni\" aws-node@\"vpc-cni\" role=-",
            ]
        );
    }
}
