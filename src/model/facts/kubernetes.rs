//! ServiceAccounts declared by `kubernetes_service_account` and `kubernetes_service_account_v1`
//! resources: `metadata { name, namespace, annotations }`, evaluated with the module's
//! evaluator, each part pointing where it is written.

use super::infra::header_span;
use super::service_accounts::{SaSource, ServiceAccount};
use crate::eval::Evaluator;
use crate::input::module::{Item, span_of};
use crate::model::policy::Leaf;
use crate::model::policy::from_value::leaf;
use crate::value::{Origin, SymStr};

pub const ROLE_ANNOTATION: &str = "eks.amazonaws.com/role-arn";
pub const AUDIENCE_ANNOTATION: &str = "eks.amazonaws.com/audience";
/// Kubernetes puts an object without `namespace` in `default`.
const DEFAULT_NAMESPACE: &str = "default";

/// The ServiceAccounts of the module's Kubernetes provider resources.
pub fn collect(ev: &mut Evaluator<'_, '_>) -> Vec<ServiceAccount> {
    let module = ev.module;
    let mut out = Vec::new();
    for kind in [
        "kubernetes_service_account",
        "kubernetes_service_account_v1",
    ] {
        for item in module.resources_of(kind) {
            out.extend(read(ev, &item));
        }
    }
    out
}

fn read(ev: &mut Evaluator<'_, '_>, item: &Item<'_>) -> Option<ServiceAccount> {
    // Instances of a `for_each` differ by key, which this reading does not follow; a
    // `count` known to be 0 declares nothing.
    if item.attr("for_each").is_some() {
        return None;
    }
    if let Some((f, e)) = item.attr("count")
        && ev.eval(f, e).known_text().as_deref() == Some("0")
    {
        return None;
    }
    let metadata = item
        .block
        .body
        .blocks()
        .find(|b| b.ident.as_str() == "metadata")?;
    let mut attr = |name: &str| {
        metadata
            .body
            .get_attribute(name)
            .map(|a| ev.eval(item.file, &a.value))
    };
    let name = leaf(&attr("name")?)?;
    let namespace = match attr("namespace") {
        Some(v) => leaf(&v)?,
        None => {
            let at = span_of(item.file, metadata);
            Leaf {
                value: SymStr::text(DEFAULT_NAMESPACE, Origin::Derived(at)),
                span: header_span(item),
            }
        }
    };
    let annotations = attr("annotations");
    let annotation = |key: &str| annotations.as_ref().and_then(|a| a.get(key)).cloned();
    Some(ServiceAccount {
        source: SaSource::KubernetesResource,
        namespace,
        name,
        name_from_chart: false,
        role_arn: annotation(ROLE_ANNOTATION),
        audience: annotation(AUDIENCE_ANNOTATION).as_ref().and_then(leaf),
        declared_at: header_span(item),
    })
}
