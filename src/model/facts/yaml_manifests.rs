//! ServiceAccounts of the Kubernetes YAML manifests in the scanned tree: every document of kind
//! `ServiceAccount` (`apiVersion: v1`), also as an item of a `kind: List`. The manifests belong
//! to no Terraform module, so the engine hands them to the workspace rules on their own.
//!
//! A manifest without `metadata.namespace` lands in whatever namespace it is applied to
//! (`kubectl apply -n`, a kustomization's `namespace`, an Argo CD destination): its namespace
//! is unknown, never taken for `default`, so no rule reports a mismatch the manifest does not
//! make.

use crate::input::yaml::{Manifest, Node};
use crate::model::facts::service_accounts::{SaSource, ServiceAccount};
use crate::model::policy::Leaf;
use crate::value::{Origin, Shape, SymStr, Value};

/// The annotation naming the role a ServiceAccount's pods assume (EKS IRSA).
pub const ROLE_ARN_ANNOTATION: &str = "eks.amazonaws.com/role-arn";
/// The annotation naming the audience of the projected token.
pub const AUDIENCE_ANNOTATION: &str = "eks.amazonaws.com/audience";

/// The ServiceAccounts of one manifest file, in document order.
pub fn service_accounts(manifest: &Manifest) -> Vec<ServiceAccount> {
    let mut out = Vec::new();
    for doc in &manifest.documents {
        if is_kind(doc, "List") {
            if let Some(Node::Seq { items, .. }) = doc.get("items") {
                out.extend(items.iter().filter_map(service_account));
            }
        } else {
            out.extend(service_account(doc));
        }
    }
    out
}

/// Whether `doc` is a core (`apiVersion: v1`) object of `kind`.
fn is_kind(doc: &Node, kind: &str) -> bool {
    doc.get("apiVersion").and_then(Node::as_str) == Some("v1")
        && doc.get("kind").and_then(Node::as_str) == Some(kind)
}

/// The ServiceAccount `doc` declares, when it is one with a literal name.
fn service_account(doc: &Node) -> Option<ServiceAccount> {
    if !is_kind(doc, "ServiceAccount") {
        return None;
    }
    let metadata = doc.get("metadata")?;
    let name = leaf(metadata.get("name")?)?;
    let namespace = match metadata.get("namespace") {
        Some(ns) => leaf(ns)?,
        None => Leaf {
            value: SymStr::symbol(Shape::Unknown, metadata.span()),
            span: metadata.span(),
        },
    };
    let annotations = metadata.get("annotations");
    let annotation = |key: &str| annotations.and_then(|a| a.get(key)).and_then(leaf);
    let role_arn = annotation(ROLE_ARN_ANNOTATION).map(|l| Value::Str(l.value, l.span));
    Some(ServiceAccount {
        source: SaSource::YamlManifest,
        namespace,
        name,
        name_from_chart: false,
        role_arn,
        audience: annotation(AUDIENCE_ANNOTATION),
        declared_at: doc.span(),
    })
}

/// A scalar as a known leaf; its span stands for its bytes only when the text under it is the
/// value itself (no escapes, no folding).
fn leaf(node: &Node) -> Option<Leaf> {
    let Node::Scalar {
        value, span, exact, ..
    } = node
    else {
        return None;
    };
    let origin = if *exact {
        Origin::Exact(*span)
    } else {
        Origin::Derived(*span)
    };
    Some(Leaf {
        value: SymStr::text(value.clone(), origin),
        span: *span,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::source::{FileId, Span};
    use crate::input::yaml::parse;

    fn manifest(text: &str) -> Manifest {
        let parsed = parse(FileId(0), text);
        assert!(parsed.error.is_none(), "{:?}", parsed.error);
        Manifest {
            file: FileId(0),
            documents: parsed.documents,
            problem: None,
        }
    }

    fn under(text: &str, span: Span) -> &str {
        &text[span.start..span.end]
    }

    #[test]
    fn a_service_account_with_its_annotations_and_spans() {
        let text = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ebs-csi-controller-sa\n  namespace: \"kube-system\"\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/ebs\n    eks.amazonaws.com/audience: 'sts.amazonaws.com'\n";
        let [sa] = service_accounts(&manifest(text)).try_into().unwrap();
        assert_eq!(sa.source, SaSource::YamlManifest);
        assert_eq!(sa.name.known().as_deref(), Some("ebs-csi-controller-sa"));
        assert_eq!(under(text, sa.name.span), "ebs-csi-controller-sa");
        assert_eq!(sa.namespace.known().as_deref(), Some("kube-system"));
        assert_eq!(under(text, sa.namespace.span), "kube-system");
        let role = sa.role_arn.unwrap();
        assert_eq!(
            role.known_text().as_deref(),
            Some("arn:aws:iam::111122223333:role/ebs")
        );
        assert_eq!(
            under(text, role.span()),
            "arn:aws:iam::111122223333:role/ebs"
        );
        let audience = sa.audience.unwrap();
        assert_eq!(audience.known().as_deref(), Some("sts.amazonaws.com"));
        assert_eq!(under(text, audience.span), "sts.amazonaws.com");
        assert_eq!(under(text, sa.declared_at), text.trim_end());
        assert!(!sa.name_from_chart);
    }

    #[test]
    fn without_a_namespace_it_is_unknown_not_default() {
        let text = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n";
        let [sa] = service_accounts(&manifest(text)).try_into().unwrap();
        assert_eq!(sa.namespace.known(), None);
        assert_eq!(under(text, sa.namespace.span), "name: app");
        assert!(sa.role_arn.is_none() && sa.audience.is_none());
    }

    #[test]
    fn every_document_and_list_item_other_kinds_ignored() {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ServiceAccount\n  metadata: {name: a, namespace: x}\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata: {name: d}\n- apiVersion: v1\n  kind: ServiceAccount\n  metadata: {name: b, namespace: y}\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: c\n  namespace: z\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ServiceAccount\nmetadata: {name: not-core}\n";
        let names: Vec<(String, String)> = service_accounts(&manifest(text))
            .iter()
            .map(|sa| {
                (
                    sa.namespace.known().unwrap_or_default(),
                    sa.name.known().unwrap_or_default(),
                )
            })
            .collect();
        let expected =
            [("x", "a"), ("y", "b"), ("z", "c")].map(|(ns, n)| (ns.to_string(), n.to_string()));
        assert_eq!(names, expected);
    }

    #[test]
    fn unknowable_values_give_no_fact_or_no_role() {
        // No name (or `generateName`), a name that is not a string, an alias: no fact.
        for metadata in [
            "{generateName: app-}",
            "{name: [a]}",
            "{name: *n}",
            "{name: a, namespace: {x: 1}}",
        ] {
            let text =
                format!("apiVersion: v1\nkind: ServiceAccount\nx: &n a\nmetadata: {metadata}\n");
            assert!(service_accounts(&manifest(&text)).is_empty(), "{metadata}");
        }
        let text = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: a\n  annotations:\n    eks.amazonaws.com/role-arn: {ref: x}\n";
        let [sa] = service_accounts(&manifest(text)).try_into().unwrap();
        assert!(sa.role_arn.is_none());
    }
}
