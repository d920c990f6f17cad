//! ServiceAccounts a module declares with `resource "kubernetes_manifest"`: a `manifest`
//! object of `kind = "ServiceAccount"` (`apiVersion = "v1"`), its name, namespace and the
//! `eks.amazonaws.com/role-arn` and `…/audience` annotations as the evaluator knows them.
//!
//! The kubernetes provider puts a namespaced object without `metadata.namespace` in
//! `default` (it does not read the kubeconfig context's namespace), so that is the namespace
//! here, pointed at the `metadata` object that lacks it. `yamldecode(file(…))` of a
//! ServiceAccount manifest counts too; a `manifest` the evaluator cannot read (a variable) or
//! that does not spell out its kind gives no fact.

use crate::eval::Evaluator;
use crate::input::module::span_of;
use crate::model::facts::service_accounts::{SaSource, ServiceAccount};
use crate::model::facts::yaml_manifests::{AUDIENCE_ANNOTATION, ROLE_ARN_ANNOTATION};
use crate::model::policy::Leaf;
use crate::model::policy::from_value::leaf;
use crate::value::{Origin, SymStr, Value};

/// The namespace of a namespaced object the provider creates without one.
const DEFAULT_NAMESPACE: &str = "default";

/// The ServiceAccounts of the module's `kubernetes_manifest` resources.
pub fn collect(ev: &mut Evaluator<'_, '_>) -> Vec<ServiceAccount> {
    let module = ev.module;
    let mut out = Vec::new();
    for item in module.resources_of("kubernetes_manifest") {
        let Some((file, expr)) = item.attr("manifest") else {
            continue;
        };
        // Only a manifest that spells the kind (or decodes a YAML file) is evaluated: the
        // others (CRDs, large objects) cost time and could only add problems to the report.
        let spelled = {
            let source = ev.sources.get(file);
            let written = source.slice(span_of(file, expr));
            written.contains("ServiceAccount") || written.contains("yamldecode")
        };
        if !spelled {
            continue;
        }
        let manifest = ev.eval(file, expr);
        out.extend(service_account(&manifest, item.span()));
    }
    out
}

/// The ServiceAccount `manifest` describes, when its kind, API version and name are strings
/// (the name may be partly unknown: the rules compare only what is known).
fn service_account(
    manifest: &Value,
    declared_at: crate::base::source::Span,
) -> Option<ServiceAccount> {
    let text = |key: &str| manifest.get(key).and_then(Value::known_text);
    if text("apiVersion").as_deref() != Some("v1")
        || text("kind").as_deref() != Some("ServiceAccount")
    {
        return None;
    }
    let metadata = manifest.get("metadata")?;
    let name = leaf(metadata.get("name")?)?;
    let namespace = match metadata.get("namespace") {
        None | Some(Value::Null(_)) => Leaf {
            value: SymStr::text(DEFAULT_NAMESPACE, Origin::Derived(metadata.span())),
            span: metadata.span(),
        },
        Some(ns) => leaf(ns)?,
    };
    let annotation = |key: &str| {
        metadata
            .get("annotations")
            .and_then(|a| a.get(key))
            .filter(|v| !matches!(v, Value::Null(_)))
    };
    Some(ServiceAccount {
        source: SaSource::KubernetesManifest,
        namespace,
        name,
        name_from_chart: false,
        role_arn: annotation(ROLE_ARN_ANNOTATION).cloned(),
        audience: annotation(AUDIENCE_ANNOTATION).and_then(leaf),
        declared_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::source::{Sources, Span};
    use crate::eval::Workspace;
    use crate::input::module::Module;
    use crate::input::parse::ParsedFile;
    use crate::model::known_modules::KnownModules;

    /// Each ServiceAccount of `tf` as `namespace/name role audience`, each value followed by
    /// the text under its span (`?` for what is unknown).
    fn accounts(tf: &str) -> Vec<String> {
        accounts_in(std::path::Path::new("/m"), tf)
    }

    /// [`accounts`] of a module in `dir`.
    fn accounts_in(dir: &std::path::Path, tf: &str) -> Vec<String> {
        let sources = Sources::new();
        let id = sources.add(dir.join("main.tf"), tf.to_string());
        let body = hcl_edit::parser::parse_body(tf).unwrap();
        let parsed = [ParsedFile { id, body }];
        let modules = [Module::new(dir.to_path_buf(), &parsed)];
        let calls = crate::eval::Calls::default();
        let workspace = Workspace::new(&modules, &calls);
        let mut ev = Evaluator::new(&workspace, 0, &sources, &KnownModules).unwrap();
        let under = |span: Span| sources.get(span.file).slice(span).to_string();
        let known = |s: &SymStr| s.known().unwrap_or_else(|| "?".into());
        collect(&mut ev)
            .iter()
            .map(|sa| {
                assert_eq!(sa.source, SaSource::KubernetesManifest);
                assert!(under(sa.declared_at).starts_with("resource \"kubernetes_manifest\""));
                let role = sa.role_arn.as_ref().map_or("-".into(), |r| {
                    let text = r.known_text().unwrap_or_else(|| "?".into());
                    format!("{text}[{}]", under(r.span()))
                });
                let audience = sa.audience.as_ref().map_or("-".into(), |a| {
                    format!("{}[{}]", known(&a.value), under(a.span))
                });
                format!(
                    "{}[{}]/{}[{}] {role} {audience}",
                    known(&sa.namespace.value),
                    under(sa.namespace.span),
                    known(&sa.name.value),
                    under(sa.name.span),
                )
            })
            .collect()
    }

    #[test]
    fn a_yaml_file_through_yamldecode_points_into_the_file() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(
            tmp.path().join("sa.yaml"),
            "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: \"lb-controller\"\n  namespace: kube-system\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/lb\n",
        )
        .unwrap();
        let tf = r#"
resource "kubernetes_manifest" "lb" {
  manifest = yamldecode(file("${path.module}/sa.yaml"))
}
"#;
        assert_eq!(
            accounts_in(tmp.path(), tf),
            ["kube-system[kube-system]/lb-controller[lb-controller] \
                 arn:aws:iam::111122223333:role/lb[arn:aws:iam::111122223333:role/lb] -"]
        );
    }

    #[test]
    fn a_service_account_manifest_with_its_spans() {
        let tf = r#"
resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = "{}"
}

resource "kubernetes_manifest" "app" {
  manifest = {
    apiVersion = "v1"
    kind       = "ServiceAccount"
    metadata = {
      name      = "app-sa"
      namespace = var.namespace
      annotations = {
        "eks.amazonaws.com/role-arn" = aws_iam_role.app.arn
        "eks.amazonaws.com/audience" = "sts.amazonaws.com"
      }
    }
  }
}

variable "namespace" {
  default = "apps"
}
"#;
        assert_eq!(
            accounts(tf),
            [
                "apps[var.namespace]/app-sa[app-sa] ?[aws_iam_role.app.arn] \
                 sts.amazonaws.com[sts.amazonaws.com]"
            ]
        );
    }

    #[test]
    fn without_a_namespace_it_is_default_at_the_metadata() {
        let tf = r#"
resource "kubernetes_manifest" "sa" {
  manifest = {
    "apiVersion" = "v1"
    "kind"       = "ServiceAccount"
    "metadata"   = { "name" = "worker" }
  }
}
"#;
        assert_eq!(
            accounts(tf),
            [r#"default[{ "name" = "worker" }]/worker[worker] - -"#]
        );
    }

    #[test]
    fn other_kinds_and_unreadable_manifests_give_nothing() {
        let tf = r#"
resource "kubernetes_manifest" "cm" {
  manifest = {
    apiVersion = "v1"
    kind       = "ConfigMap"
    metadata   = { name = "cm" }
  }
}

resource "kubernetes_manifest" "crd_kind" {
  manifest = {
    apiVersion = "example.com/v1"
    kind       = "ServiceAccount"
    metadata   = { name = "x" }
  }
}

resource "kubernetes_manifest" "missing_yaml" {
  manifest = yamldecode(file("${path.module}/missing.yaml"))
}

resource "kubernetes_manifest" "no_name" {
  manifest = {
    apiVersion = "v1"
    kind       = "ServiceAccount"
    metadata   = { generateName = "x-" }
  }
}

resource "kubernetes_manifest" "var" {
  manifest = var.manifest
}

variable "manifest" {}

# The kind from elsewhere: not evaluated (the gate reads the manifest's own text).
locals {
  kind = "ServiceAccount"
}

resource "kubernetes_manifest" "kind_from_local" {
  manifest = {
    apiVersion = "v1"
    kind       = local.kind
    metadata   = { name = "y" }
  }
}
"#;
        assert!(accounts(tf).is_empty(), "{:?}", accounts(tf));
    }
}
