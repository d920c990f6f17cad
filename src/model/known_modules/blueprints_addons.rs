//! EKS Blueprints add-on bundles: v4 `modules/kubernetes-addons` of
//! aws-ia/terraform-aws-eks-blueprints and aws-ia `eks-blueprints-addons` (v1). Each
//! `enable_<add-on> = true` creates an IRSA role for the add-on's service account; the tables
//! below are what the code reads: the flag, the default namespace and service account, and the
//! inputs that override them. Each enabled add-on's trust becomes one policy, its role
//! `module.CALL.module.<add-on>` (the address Terraform gives it), and the service account it
//! creates is kept for cross-resource rules.
//!
//! v4 (`<add-on>_helm_config = { namespace, service_account, name }`): the issuer host is
//! `eks_oidc_provider` (no `https://`), else the cluster `eks_cluster_id` names; the principal is
//! `arn:<partition>:iam::<account>:oidc-provider/<host>` and the trust is the v4 `modules/irsa`
//! one (StringLike on `sub` and `aud`).
//!
//! v1 (`<add-on> = { namespace, service_account_name, create_role }`): the principal is
//! `oidc_provider_arn`, the key its host, StringEquals on `sub` and `aud`
//! (`eks-blueprints-addon`'s default).

use super::policy::{Builder, host_of_arn, symbolic_leaf};
use crate::base::known::STS_AUDIENCE;
use crate::base::source::Span;
use crate::input::module::span_of;
use crate::model::facts::pod_identity::cluster_of;
use crate::model::policy::{Leaf, Leaves, Policy};
use crate::value::{Origin, Shape, SymStr, Value};

/// One add-on of v4 `modules/kubernetes-addons`.
pub struct V4Addon {
    /// `enable_aws_load_balancer_controller`.
    pub flag: &'static str,
    /// `aws_load_balancer_controller_helm_config`.
    pub helm_config: &'static str,
    /// The module's address inside the bundle (`aws_load_balancer_controller`).
    pub module: &'static str,
    pub namespace: &'static str,
    pub service_account: &'static str,
    /// The chart name (`helm_config.name`) feeds the default service account name (and for
    /// some the namespace): a call that renames the chart has defaults this table cannot give.
    pub renamable: bool,
    /// `helm_config.service_account` overrides the name (cert-manager's is fixed).
    pub service_account_override: bool,
}

const fn v4(
    flag: &'static str,
    helm_config: &'static str,
    module: &'static str,
    namespace: &'static str,
    service_account: &'static str,
) -> V4Addon {
    V4Addon {
        flag,
        helm_config,
        module,
        namespace,
        service_account,
        renamable: false,
        service_account_override: true,
    }
}

const fn renamable(a: V4Addon) -> V4Addon {
    V4Addon {
        renamable: true,
        ..a
    }
}

/// v4.32.1 `modules/kubernetes-addons` (the add-ons whose role the bundle creates through
/// `helm-addon` → `modules/irsa`).
pub const V4_ADDONS: &[V4Addon] = &[
    v4(
        "enable_aws_load_balancer_controller",
        "aws_load_balancer_controller_helm_config",
        "aws_load_balancer_controller",
        "kube-system",
        "aws-load-balancer-controller-sa",
    ),
    renamable(v4(
        "enable_external_dns",
        "external_dns_helm_config",
        "external_dns",
        "external-dns",
        "external-dns-sa",
    )),
    renamable(v4(
        "enable_cluster_autoscaler",
        "cluster_autoscaler_helm_config",
        "cluster_autoscaler",
        "kube-system",
        "cluster-autoscaler-sa",
    )),
    renamable(v4(
        "enable_aws_efs_csi_driver",
        "aws_efs_csi_driver_helm_config",
        "aws_efs_csi_driver",
        "kube-system",
        "aws-efs-csi-driver-sa",
    )),
    v4(
        "enable_self_managed_aws_ebs_csi_driver",
        "self_managed_aws_ebs_csi_driver_helm_config",
        "aws_ebs_csi_driver",
        "kube-system",
        "ebs-csi-controller-sa",
    ),
    v4(
        "enable_karpenter",
        "karpenter_helm_config",
        "karpenter",
        "karpenter",
        "karpenter",
    ),
    V4Addon {
        service_account_override: false,
        ..v4(
            "enable_cert_manager",
            "cert_manager_helm_config",
            "cert_manager",
            "cert-manager",
            "cert-manager",
        )
    },
    v4(
        "enable_external_secrets",
        "external_secrets_helm_config",
        "external_secrets",
        "external-secrets",
        "external-secrets-sa",
    ),
    v4(
        "enable_aws_for_fluentbit",
        "aws_for_fluentbit_helm_config",
        "aws_for_fluent_bit",
        "aws-for-fluent-bit",
        "aws-for-fluent-bit-sa",
    ),
    v4(
        "enable_keda",
        "keda_helm_config",
        "keda",
        "keda",
        "keda-operator-sa",
    ),
    v4(
        "enable_aws_cloudwatch_metrics",
        "aws_cloudwatch_metrics_helm_config",
        "aws_cloudwatch_metrics",
        "amazon-cloudwatch",
        "cloudwatch-agent",
    ),
];

/// One add-on of `eks-blueprints-addons` v1: flag `enable_<name>`, configuration object
/// `<name>`, module `module.<name>`.
pub struct V1Addon {
    pub name: &'static str,
    pub namespace: &'static str,
    /// (configuration field, default name) of each service account the role trusts.
    pub service_accounts: &'static [(&'static str, &'static str)],
    /// A list input that must be non-empty for the role to exist, and whether its default is.
    pub requires: Option<(&'static str, bool)>,
}

const SA: &str = "service_account_name";

const fn v1(
    name: &'static str,
    namespace: &'static str,
    sa: &'static [(&'static str, &'static str)],
) -> V1Addon {
    V1Addon {
        name,
        namespace,
        service_accounts: sa,
        requires: None,
    }
}

/// v1.24 (the same defaults since 1.0.0).
pub const V1_ADDONS: &[V1Addon] = &[
    v1(
        "aws_load_balancer_controller",
        "kube-system",
        &[(SA, "aws-load-balancer-controller-sa")],
    ),
    V1Addon {
        requires: Some(("external_dns_route53_zone_arns", false)),
        ..v1("external_dns", "external-dns", &[(SA, "external-dns-sa")])
    },
    v1(
        "cluster_autoscaler",
        "kube-system",
        &[(SA, "cluster-autoscaler-sa")],
    ),
    v1(
        "aws_efs_csi_driver",
        "kube-system",
        &[
            ("controller_service_account_name", "efs-csi-controller-sa"),
            ("node_service_account_name", "efs-csi-node-sa"),
        ],
    ),
    v1(
        "aws_fsx_csi_driver",
        "kube-system",
        &[
            (
                "controller_service_account_name",
                "aws-fsx-csi-controller-sa",
            ),
            ("node_service_account_name", "aws-fsx-csi-node-sa"),
        ],
    ),
    v1("karpenter", "karpenter", &[(SA, "karpenter")]),
    V1Addon {
        requires: Some(("cert_manager_route53_hosted_zone_arns", true)),
        ..v1("cert_manager", "cert-manager", &[(SA, "cert-manager")])
    },
    v1(
        "external_secrets",
        "external-secrets",
        &[(SA, "external-secrets-sa")],
    ),
    v1(
        "aws_for_fluentbit",
        "kube-system",
        &[(SA, "aws-for-fluent-bit-sa")],
    ),
    v1(
        "aws_cloudwatch_metrics",
        "amazon-cloudwatch",
        &[(SA, "aws-cloudwatch-metrics")],
    ),
    v1(
        "aws_node_termination_handler",
        "aws-node-termination-handler",
        &[(SA, "aws-node-termination-handler-sa")],
    ),
    v1("velero", "velero", &[(SA, "velero-server")]),
    v1(
        "aws_gateway_api_controller",
        "aws-application-networking-system",
        &[(SA, "gateway-api-controller")],
    ),
];

/// The service account an enabled add-on's role trusts (the bundle creates it, or the chart
/// does): kept for cross-resource rules.
#[derive(Debug, Clone)]
pub struct AddonServiceAccount {
    /// `module.CALL.module.<add-on>`: the role.
    pub role: String,
    pub namespace: Leaf,
    pub name: Leaf,
}

/// An enabled add-on: its role and the service accounts the role trusts.
struct Enabled {
    role: String,
    accounts: Vec<(Leaf, Leaf)>,
    /// False when a namespace or name could not be told (a renamed chart).
    complete: bool,
}

/// A configuration field: the call's value, or the module's default located at `at`.
fn field(config: &Option<Value>, name: &str, default: &str, at: Span) -> Option<Leaf> {
    let default_leaf = || Leaf {
        value: SymStr::text(default, Origin::Derived(at)),
        span: at,
    };
    match config {
        None | Some(Value::Null(_)) => Some(default_leaf()),
        Some(Value::Object(..)) => match config.as_ref().and_then(|c| c.get(name)) {
            None | Some(Value::Null(_)) => Some(default_leaf()),
            Some(v) => symbolic_leaf(v),
        },
        // A configuration not known: neither is any field of it.
        Some(v) => Some(Leaf {
            value: SymStr::symbol(Shape::Unknown, v.span()),
            span: v.span(),
        }),
    }
}

/// The span of the value of input `name` (the flag that enables an add-on).
fn value_span(b: &Builder<'_, '_, '_>, name: &str) -> Span {
    b.call
        .attr(name)
        .map_or(b.call.span(), |(f, e)| span_of(f, e))
}

fn v4_enabled(b: &mut Builder<'_, '_, '_>) -> Vec<Enabled> {
    let call = b.call.address();
    let mut out = Vec::new();
    for a in V4_ADDONS {
        if b.bool_input(a.flag) != Some(true) {
            continue;
        }
        let at = value_span(b, a.flag);
        let config = b.input(a.helm_config);
        let renamed = a.renamable
            && matches!(&config, Some(Value::Object(..)) if config.as_ref().and_then(|c| c.get("name")).is_some());
        let namespace = field(&config, "namespace", a.namespace, at);
        let name = if a.service_account_override {
            field(&config, "service_account", a.service_account, at)
        } else {
            field(&None, "", a.service_account, at)
        };
        let mut enabled = Enabled {
            role: format!("module.{call}.module.{}", a.module),
            accounts: Vec::new(),
            complete: !renamed,
        };
        match (namespace, name) {
            (Some(ns), Some(n)) if !renamed => enabled.accounts.push((ns, n)),
            _ => enabled.complete = false,
        }
        out.push(enabled);
    }
    out
}

fn v1_enabled(b: &mut Builder<'_, '_, '_>) -> Vec<Enabled> {
    let call = b.call.address();
    let mut out = Vec::new();
    for a in V1_ADDONS {
        let flag = format!("enable_{}", a.name);
        if b.bool_input(&flag) != Some(true) {
            continue;
        }
        let config = b.input(a.name);
        let create_role = match &config {
            Some(Value::Object(..)) => config
                .as_ref()
                .and_then(|c| c.get("create_role"))
                .map_or(Some(true), |v| v.known_text().map(|t| t == "true")),
            None | Some(Value::Null(_)) => Some(true),
            Some(_) => None,
        };
        let required = match a.requires {
            None => Some(true),
            Some((input, default)) => match b.input(input) {
                None => Some(default),
                Some(Value::List(items, _)) => Some(!items.is_empty()),
                Some(_) => None,
            },
        };
        // A role that may not exist has no trust to check.
        if create_role != Some(true) || required != Some(true) {
            continue;
        }
        let at = value_span(b, &flag);
        let mut enabled = Enabled {
            role: format!("module.{call}.module.{}", a.name),
            accounts: Vec::new(),
            complete: true,
        };
        for (sa_field, default) in a.service_accounts {
            match (
                field(&config, "namespace", a.namespace, at),
                field(&config, sa_field, default, at),
            ) {
                (Some(ns), Some(n)) => enabled.accounts.push((ns, n)),
                _ => enabled.complete = false,
            }
        }
        out.push(enabled);
    }
    out
}

/// The issuer host of a v4 bundle: `eks_oidc_provider`, else the cluster `eks_cluster_id`
/// names (a symbol of unknown shape when it names none the evaluator knows).
fn v4_host(b: &mut Builder<'_, '_, '_>) -> (SymStr, Span) {
    if let Some(host) = b.input_leaf("eks_oidc_provider") {
        return (host.value, host.span);
    }
    let (span, cluster) = match b.call.attr("eks_cluster_id") {
        Some((f, e)) => (span_of(f, e), cluster_of(b.ev, e)),
        None => (b.call.span(), None),
    };
    let shape = cluster.map_or(Shape::Unknown, Shape::IssuerHost);
    (SymStr::symbol(shape, span), span)
}

/// The trust policies of the add-ons a v4 `modules/kubernetes-addons` call enables.
pub(super) fn v4_policies(b: &mut Builder<'_, '_, '_>) -> Vec<Policy> {
    let enabled = v4_enabled(b);
    if enabled.is_empty() {
        return Vec::new();
    }
    let (host, host_span) = v4_host(b);
    let account = b.module_account();
    let principal = b.provider_arn(&account, &host, host_span);
    let key_host = host_of_arn(&principal.value, principal.span);
    let mut out = Vec::new();
    for e in enabled {
        let mut statements = Vec::new();
        for (ns, name) in e.accounts {
            let sub = b.service_account_subject(ns, name);
            let like = b.constant("StringLike");
            statements.push(b.statement(
                principal.clone(),
                &key_host,
                Some((like, leaves_of(sub))),
                Some(vec![b.constant(STS_AUDIENCE)]),
            ));
        }
        out.extend(b.role_policy(e.role, statements, e.complete));
    }
    out
}

/// The trust policies of the add-ons an `eks-blueprints-addons` v1 call enables.
pub(super) fn v1_policies(b: &mut Builder<'_, '_, '_>) -> Vec<Policy> {
    let enabled = v1_enabled(b);
    if enabled.is_empty() {
        return Vec::new();
    }
    let Some(principal) = b.input_leaf("oidc_provider_arn") else {
        return Vec::new();
    };
    let host = host_of_arn(&principal.value, principal.span);
    let mut out = Vec::new();
    for e in enabled {
        let mut statements = Vec::new();
        for (ns, name) in e.accounts {
            let sub = b.service_account_subject(ns, name);
            let test = b.constant("StringEquals");
            statements.push(b.statement(
                principal.clone(),
                &host,
                Some((test, leaves_of(sub))),
                Some(vec![b.constant(STS_AUDIENCE)]),
            ));
        }
        out.extend(b.role_policy(e.role, statements, e.complete));
    }
    out
}

/// The service accounts the add-ons of a bundle call trust (`v4`: a v4 bundle).
pub(super) fn service_accounts(b: &mut Builder<'_, '_, '_>, v4: bool) -> Vec<AddonServiceAccount> {
    let enabled = if v4 { v4_enabled(b) } else { v1_enabled(b) };
    let mut out = Vec::new();
    for e in enabled {
        for (namespace, name) in e.accounts {
            out.push(AddonServiceAccount {
                role: e.role.clone(),
                namespace,
                name,
            });
        }
    }
    out
}

fn leaves_of(leaf: Leaf) -> Leaves {
    Leaves {
        items: vec![leaf],
        complete: true,
    }
}

#[cfg(test)]
mod tests {
    use crate::base::source::Sources;
    use crate::eval::{Evaluator, Workspace};
    use crate::input::module::Module;
    use crate::input::parse::ParsedFile;
    use crate::model::known_modules::{KnownModules, addon_service_accounts};
    use std::path::PathBuf;

    /// (role, namespace, name, text at the name's span) of each service account.
    fn accounts(tf: &str) -> Vec<(String, String, String, String)> {
        let sources = Sources::new();
        let id = sources.add(PathBuf::from("/m/main.tf"), tf.to_string());
        let Ok(body) = hcl_edit::parser::parse_body(tf) else {
            return Vec::new();
        };
        let parsed = [ParsedFile { id, body }];
        let modules = [Module::new(PathBuf::from("/m"), &parsed)];
        let calls = crate::eval::Calls::default();
        let workspace = Workspace::new(&modules, &calls);
        let Some(mut ev) = Evaluator::new(&workspace, 0, &sources, &KnownModules) else {
            return Vec::new();
        };
        addon_service_accounts(&mut ev)
            .into_iter()
            .map(|a| {
                let at = tf
                    .get(a.name.span.start..a.name.span.end)
                    .unwrap_or_default();
                (
                    a.role,
                    a.namespace.value.known().unwrap_or_default(),
                    a.name.value.known().unwrap_or_default(),
                    at.to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn v1_defaults_and_overrides() {
        let tf = r#"
module "addons" {
  source                              = "aws-ia/eks-blueprints-addons/aws"
  oidc_provider_arn                   = "arn:aws:iam::111122223333:oidc-provider/x"
  enable_aws_load_balancer_controller = true
  aws_load_balancer_controller        = { service_account_name = "alb" }
  enable_aws_efs_csi_driver           = true
  enable_external_dns                 = true
  enable_karpenter                    = false
}
"#;
        let role = |a: &str| format!("module.addons.module.{a}");
        let s = |x: &str| x.to_string();
        assert_eq!(
            accounts(tf),
            vec![
                (
                    role("aws_load_balancer_controller"),
                    s("kube-system"),
                    s("alb"),
                    s("alb")
                ),
                (
                    role("aws_efs_csi_driver"),
                    s("kube-system"),
                    s("efs-csi-controller-sa"),
                    s("true")
                ),
                (
                    role("aws_efs_csi_driver"),
                    s("kube-system"),
                    s("efs-csi-node-sa"),
                    s("true")
                ),
            ]
        );
    }

    #[test]
    fn v4_defaults_overrides_and_renamed_charts() {
        let tf = r#"
module "addons" {
  source                     = "github.com/aws-ia/terraform-aws-eks-blueprints//modules/kubernetes-addons?ref=v4.32.1"
  enable_external_dns        = true
  external_dns_helm_config   = { namespace = "dns" }
  enable_cluster_autoscaler  = true
  cluster_autoscaler_helm_config = { name = "ca" }
  enable_cert_manager        = true
  cert_manager_helm_config   = { service_account = "ignored" }
}
"#;
        let role = |a: &str| format!("module.addons.module.{a}");
        let s = |x: &str| x.to_string();
        // The renamed cluster-autoscaler chart has no known defaults; cert-manager's name is
        // fixed.
        assert_eq!(
            accounts(tf),
            vec![
                (
                    role("external_dns"),
                    s("dns"),
                    s("external-dns-sa"),
                    s("true")
                ),
                (
                    role("cert_manager"),
                    s("cert-manager"),
                    s("cert-manager"),
                    s("true")
                ),
            ]
        );
    }
}
