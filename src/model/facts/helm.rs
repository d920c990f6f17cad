//! ServiceAccounts a `helm_release` creates. A release's chart values come from `values`
//! (`yamlencode({…})`, `jsonencode({…})`, JSON text, YAML text: `file("values.yaml")`,
//! `templatefile()`, a heredoc) and then `set` / `set_sensitive` (blocks, `dynamic` blocks over
//! known lists, or the provider v3 list attributes), later ones winning as Helm merges them.
//! The common chart keys `serviceAccount.*`, `rbac.serviceAccount.*` and
//! `controller.serviceAccount.*` give the ServiceAccount; without `.name`, a few well-known
//! charts' defaults give it (`name_from_chart`). YAML values keep the spans of the file they
//! are written in, and a template's interpolations their values (the role reference); a
//! document that is not a mapping, or a template whose directives cannot be rendered, leaves
//! the release's keys unknown.

use super::pod_identity::{instances, with_each};
use super::service_accounts::{SaSource, ServiceAccount};
use crate::base::source::{FileId, Span};
use crate::eval::Evaluator;
use crate::input::module::{Item, span_of};
use crate::input::parse::json::parse_json;
use crate::input::yaml;
use crate::model::policy::Leaf;
use crate::model::policy::expand_dynamic;
use crate::model::policy::from_value::leaf;
use crate::value::{Origin, Shape, SymStr, Value};
use hcl_edit::expr::Expression;
use hcl_edit::structure::Body;

/// Values objects are walked this deep; ServiceAccount keys are three levels down.
const MAX_DEPTH: usize = 8;
/// Keys kept per release: a values object larger than this is not walked further.
const MAX_KEYS: usize = 4096;

/// The annotation that names the role (IRSA).
pub(super) const ROLE_ARN_ANNOTATION: &str = "eks.amazonaws.com/role-arn";
/// The annotation that overrides the token audience.
pub(super) const AUDIENCE_ANNOTATION: &str = "eks.amazonaws.com/audience";

/// Where charts keep their ServiceAccount settings.
const SA_PREFIXES: &[&[&str]] = &[
    &["serviceAccount"],
    &["rbac", "serviceAccount"],
    &["controller", "serviceAccount"],
];

/// How a chart names its ServiceAccount when `serviceAccount.name` is not set.
enum DefaultName {
    /// Helm's usual `<chart>.fullname`: `fullnameOverride`, else the release name when it
    /// contains the chart name (or `nameOverride`), else `<release>-<chart>`.
    Fullname,
    /// cluster-autoscaler's fullname: the name is `<cloudProvider>-cluster-autoscaler`
    /// (`aws` by default), prefixed with the release name unless they are equal.
    AutoscalerFullname,
    /// A name the chart fixes.
    Fixed(&'static str),
}

/// Well-known charts: the chart name, where its ServiceAccount settings are, and its default
/// name. The defaults other than `Fixed` depend on the release name, so they are chart
/// defaults (`name_from_chart`) and may differ between chart versions.
const CHARTS: &[(&str, &[&str], DefaultName)] = &[
    (
        "aws-load-balancer-controller",
        &["serviceAccount"],
        DefaultName::Fullname,
    ),
    ("external-dns", &["serviceAccount"], DefaultName::Fullname),
    ("cert-manager", &["serviceAccount"], DefaultName::Fullname),
    ("karpenter", &["serviceAccount"], DefaultName::Fullname),
    (
        "cluster-autoscaler",
        &["rbac", "serviceAccount"],
        DefaultName::AutoscalerFullname,
    ),
    (
        "aws-ebs-csi-driver",
        &["controller", "serviceAccount"],
        DefaultName::Fixed("ebs-csi-controller-sa"),
    ),
    (
        "aws-efs-csi-driver",
        &["controller", "serviceAccount"],
        DefaultName::Fixed("efs-csi-controller-sa"),
    ),
];

/// Chart values as Helm merges them: key paths with their values, the last one winning.
#[derive(Debug, Default)]
pub(super) struct HelmValues {
    entries: Vec<(Vec<String>, Value)>,
    /// False when some values could not be read (an unknown `values` element, a `dynamic`
    /// block over an unknown list, a key that is not known): an absent key may be set.
    pub complete: bool,
}

impl HelmValues {
    pub(super) fn new() -> HelmValues {
        HelmValues {
            entries: Vec::new(),
            complete: true,
        }
    }

    /// The value last set at `path`.
    pub(super) fn get(&self, path: &[&str]) -> Option<&Value> {
        self.entries
            .iter()
            .rev()
            .find(|(p, _)| p.iter().map(String::as_str).eq(path.iter().copied()))
            .map(|(_, v)| v)
    }

    /// The value at `prefix` + `rest`.
    pub(super) fn get_under(&self, prefix: &[&str], rest: &[&str]) -> Option<&Value> {
        let path: Vec<&str> = prefix.iter().chain(rest).copied().collect();
        self.get(&path)
    }

    /// Whether some key under `prefix` is set.
    fn has_under(&self, prefix: &[&str]) -> bool {
        self.entries.iter().any(|(p, _)| {
            p.len() > prefix.len()
                && p.iter()
                    .map(String::as_str)
                    .zip(prefix)
                    .all(|(a, b)| a == *b)
        })
    }

    fn set(&mut self, path: Vec<String>, value: Value) {
        if self.entries.len() < MAX_KEYS {
            self.entries.push((path, value));
        } else {
            self.complete = false;
        }
    }

    /// Adds every leaf of a values object (`yamlencode({…})`'s argument, decoded JSON).
    pub(super) fn merge(&mut self, v: &Value) {
        let mut path = Vec::new();
        self.walk(v, &mut path);
    }

    fn walk(&mut self, v: &Value, path: &mut Vec<String>) {
        if path.len() > MAX_DEPTH {
            return;
        }
        match v {
            Value::Object(entries, _) => {
                for (k, _, inner) in entries {
                    let Some(key) = k.known() else {
                        self.complete = false;
                        continue;
                    };
                    path.push(key);
                    self.walk(inner, path);
                    path.pop();
                }
            }
            Value::Unknown(_) | Value::PolicyDocument(..) => self.complete = false,
            // A JSON text inside values (a nested `jsonencode`) is a string to the chart.
            Value::Str(..) | Value::Null(_) | Value::List(..) => {
                if !path.is_empty() {
                    self.set(path.clone(), v.clone());
                }
            }
        }
    }

    /// Adds one `values` element or `configuration_values`: an object, JSON text, the text of
    /// `jsonencode(…)`, or YAML text (a values file, a template, a heredoc). A document that
    /// is not a mapping, or whose text is not known well enough, leaves the keys unknown.
    pub(super) fn merge_document(&mut self, v: &Value) {
        match v {
            Value::Object(..) => self.merge(v),
            Value::Str(s, span) => {
                if let Some(sym) = s.as_symbol() {
                    match &sym.shape {
                        Shape::Json(inner) => self.merge(inner),
                        _ => self.complete = false,
                    }
                    return;
                }
                // JSON first: it reads interpolations outside strings too (YAML, which
                // includes JSON, would take them for whole scalars).
                let decoded = match parse_json(s, *span) {
                    Ok(decoded) => Some(decoded),
                    Err(_) => yaml::decode(s, *span),
                };
                match decoded {
                    Some(decoded @ Value::Object(..)) => self.merge(&decoded),
                    // An empty values file (or one of comments only) sets nothing.
                    Some(Value::Null(_)) => {}
                    None if no_document(s) => {}
                    _ => self.complete = false,
                }
            }
            Value::Null(_) => {}
            _ => self.complete = false,
        }
    }

    /// Adds a `set`-style key (`a.b\.c` → `a`, `b.c`) and value.
    fn set_key(&mut self, key: &Value, value: Value) {
        match key.known_text() {
            Some(k) => self.set(split_key(&k), value),
            None => self.complete = false,
        }
    }
}

/// Whether `text` is known and holds no YAML document: blank lines and comments only.
fn no_document(text: &SymStr) -> bool {
    text.known().is_some_and(|t| {
        t.lines().all(|l| {
            let l = l.trim();
            l.is_empty() || l.starts_with('#')
        })
    })
}

/// Splits a Helm `--set` key at its unescaped dots (`\.` is a dot inside a segment).
pub(super) fn split_key(key: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut segment = String::new();
    let mut chars = key.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    segment.push(next);
                }
            }
            '.' => out.push(std::mem::take(&mut segment)),
            _ => segment.push(c),
        }
    }
    out.push(segment);
    out
}

/// The ServiceAccounts of every `helm_release` of the module (one per known instance).
pub(super) fn collect(ev: &mut Evaluator<'_, '_>) -> Vec<ServiceAccount> {
    let module = ev.module;
    let mut out = Vec::new();
    for item in module.resources_of("helm_release") {
        for (_, binding) in instances(ev, &item) {
            with_each(ev, binding, |ev| out.extend(release(ev, &item)));
        }
    }
    out
}

fn release(ev: &mut Evaluator<'_, '_>, item: &Item<'_>) -> Vec<ServiceAccount> {
    let file = item.file;
    let body = &item.block.body;
    let values = values_of(ev, file, body);
    let header = super::infra::header_span(item);
    let namespace = match body.get_attribute("namespace") {
        Some(a) => to_leaf(&ev.eval(file, &a.value)),
        // The provider's default.
        None => derived("default", header),
    };
    let release_name = body
        .get_attribute("name")
        .map(|a| (ev.eval(file, &a.value), span_of(file, &a.value)));
    let chart = body
        .get_attribute("chart")
        .map(|a| (ev.eval(file, &a.value), span_of(file, &a.value)));
    let chart_entry = chart
        .as_ref()
        .and_then(|(v, _)| v.known_text())
        .and_then(|c| {
            let name = chart_name(&c);
            CHARTS.iter().find(|(n, _, _)| *n == name)
        });
    let mut out = Vec::new();
    for prefix in SA_PREFIXES {
        let default = chart_entry.filter(|(_, p, _)| p == prefix);
        if default.is_none() && !values.has_under(prefix) {
            continue;
        }
        // The chart makes none: the pods run as one declared elsewhere.
        if values
            .get_under(prefix, &["create"])
            .is_some_and(reads_false)
        {
            continue;
        }
        let explicit = values.get_under(prefix, &["name"]).filter(|v| is_set(v));
        let (name, name_from_chart) = match explicit {
            Some(v) => (to_leaf(v), false),
            None => {
                let known_default = default.filter(|_| values.complete).and_then(|(c, _, d)| {
                    default_name(&values, c, d, release_name.as_ref(), chart.as_ref())
                });
                (known_default.unwrap_or_else(|| unknown(header)), true)
            }
        };
        let annotation = |key: &str| {
            values
                .get_under(prefix, &["annotations", key])
                .filter(|v| is_set(v))
        };
        out.push(ServiceAccount {
            source: SaSource::HelmRelease,
            namespace: namespace.clone(),
            name,
            name_from_chart,
            role_arn: annotation(ROLE_ARN_ANNOTATION).cloned(),
            audience: annotation(AUDIENCE_ANNOTATION).and_then(leaf),
            declared_at: item.span(),
        });
    }
    out
}

/// Whether a chart value is set as charts test it (`default`, `if`): null and "" are not,
/// as in the charts' own `values.yaml` (`name: ""`), which leave the choice to the chart.
fn is_set(v: &Value) -> bool {
    !matches!(v, Value::Null(_)) && v.known_text().as_deref() != Some("")
}

/// Whether a value reads as false to Helm: `false` (from `set` too), and the YAML 1.1 words
/// Helm's YAML parser takes for false (`no`, `off`, …). A quoted word is a string, which a
/// chart's `if` takes for true; taking it for false only leaves the release unchecked.
fn reads_false(v: &Value) -> bool {
    const FALSE: &[&str] = &[
        "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N",
    ];
    v.known_text().is_some_and(|t| FALSE.contains(&t.as_str()))
}

/// The chart's name in `chart`: `eks/aws-load-balancer-controller`, an OCI or archive URL.
fn chart_name(chart: &str) -> &str {
    let last = chart
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(chart);
    last.strip_suffix(".tgz")
        .and_then(|s| s.rsplit_once('-').map(|(n, _)| n))
        .unwrap_or(last)
}

/// The chart's default ServiceAccount name, spanning what it derives from; `None` when a value
/// it depends on is not known.
fn default_name(
    values: &HelmValues,
    chart: &str,
    rule: &DefaultName,
    release: Option<&(Value, Span)>,
    chart_attr: Option<&(Value, Span)>,
) -> Option<Leaf> {
    // A top-level key as Helm's `default` sees it: unset, null and "" are absent;
    // `Some(None)` is set to something unknown.
    let setting = |key: &str| {
        values
            .get(&[key])
            .filter(|v| !matches!(v, Value::Null(_)))
            .map(|v| (v.known_text(), v.span()))
            .filter(|(t, _)| t.as_deref() != Some(""))
    };
    let with_release = |name: &dyn Fn(&str) -> Option<String>| {
        if let Some((full, at)) = setting("fullnameOverride") {
            return full.map(|f| derived(&fullname_trim(&f), at));
        }
        let (release_name, release_at) = release?;
        let release_text = release_name.known_text()?;
        Some(derived(&fullname_trim(&name(&release_text)?), *release_at))
    };
    match rule {
        DefaultName::Fixed(name) => Some(derived(name, chart_attr?.1)),
        DefaultName::Fullname => with_release(&|release| {
            let name = setting("nameOverride").map_or(Some(chart.to_string()), |(t, _)| t)?;
            Some(if release.contains(&name) {
                release.to_string()
            } else {
                format!("{release}-{name}")
            })
        }),
        DefaultName::AutoscalerFullname => with_release(&|release| {
            let provider = setting("cloudProvider").map_or(Some("aws".to_string()), |(t, _)| t)?;
            let name =
                setting("nameOverride").map_or(Some(format!("{provider}-{chart}")), |(t, _)| t)?;
            Some(if name == release {
                name
            } else {
                format!("{release}-{name}")
            })
        }),
    }
}

/// `trunc 63 | trimSuffix "-"`.
fn fullname_trim(name: &str) -> String {
    let cut: String = name.chars().take(63).collect();
    cut.strip_suffix('-').map(str::to_string).unwrap_or(cut)
}

/// The release's values: `values` elements in order, then `set` and `set_sensitive`.
fn values_of(ev: &mut Evaluator<'_, '_>, file: FileId, body: &Body) -> HelmValues {
    let mut values = HelmValues::new();
    if let Some(attr) = body.get_attribute("values") {
        match &attr.value {
            Expression::Array(items) => {
                for element in items.iter() {
                    let v = encoded_argument(ev, file, element);
                    values.merge_document(&v);
                }
            }
            expr => match ev.eval(file, expr) {
                Value::List(items, _) => items.iter().for_each(|v| values.merge_document(v)),
                _ => values.complete = false,
            },
        }
    }
    for block in body.blocks() {
        let ident = block.ident.as_str();
        let label = block.labels.first().map(|l| l.as_str());
        match (ident, label) {
            ("set" | "set_sensitive", _) => set_block(ev, file, &block.body, &mut values),
            ("dynamic", Some("set" | "set_sensitive")) => {
                let known = expand_dynamic(ev, file, block, &mut |ev, content| {
                    set_block(ev, file, content, &mut values)
                });
                values.complete &= known;
            }
            _ => {}
        }
    }
    // Helm provider v3: `set = [{ name, value }]`.
    for name in ["set", "set_sensitive"] {
        if let Some(attr) = body.get_attribute(name) {
            match ev.eval(file, &attr.value) {
                Value::List(items, _) => {
                    for item in &items {
                        match (item.get("name"), item.get("value")) {
                            (Some(k), Some(v)) => values.set_key(k, v.clone()),
                            _ => values.complete = false,
                        }
                    }
                }
                _ => values.complete = false,
            }
        }
    }
    values
}

/// A `values` element: the argument of `yamlencode(…)` (which the evaluator does not encode),
/// else the element's value.
fn encoded_argument(ev: &mut Evaluator<'_, '_>, file: FileId, element: &Expression) -> Value {
    if let Expression::FuncCall(call) = element
        && !call.name.is_namespaced()
        && call.name.name.as_str() == "yamlencode"
        && call.args.len() == 1
        && let Some(arg) = call.args.iter().next()
    {
        return ev.eval(file, arg);
    }
    ev.eval(file, element)
}

fn set_block(ev: &mut Evaluator<'_, '_>, file: FileId, body: &Body, values: &mut HelmValues) {
    match (body.get_attribute("name"), body.get_attribute("value")) {
        (Some(k), Some(v)) => {
            let key = ev.eval(file, &k.value);
            let value = ev.eval(file, &v.value);
            values.set_key(&key, value);
        }
        _ => values.complete = false,
    }
}

/// A string value as a leaf; anything else is an unknown leaf where it is written.
pub(super) fn to_leaf(v: &Value) -> Leaf {
    leaf(v).unwrap_or_else(|| unknown(v.span()))
}

pub(super) fn derived(text: &str, at: Span) -> Leaf {
    Leaf {
        value: SymStr::text(text, Origin::Derived(at)),
        span: at,
    }
}

pub(super) fn unknown(at: Span) -> Leaf {
    Leaf {
        value: SymStr::symbol(Shape::Unknown, at),
        span: at,
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::{collect, split_key};
    use crate::base::source::{Sources, Span};
    use crate::eval::{Evaluator, Workspace};
    use crate::input::module::Module;
    use crate::input::parse::ParsedFile;
    use crate::model::facts::service_accounts::ServiceAccount;
    use crate::model::known_modules::KnownModules;
    use crate::value::Value;
    use std::path::PathBuf;

    /// One ServiceAccount as text: `ns@<text at its span> name@<text at its span>`, then
    /// `chart` for a chart-derived name, the role and the audience.
    pub(in crate::model::facts) fn describe(tf: &str, sa: &ServiceAccount) -> String {
        let at = |s: Span| tf.get(s.start..s.end).unwrap_or("<elsewhere>").to_string();
        describe_with(&at, sa)
    }

    /// [`describe`] with `at` rendering a span.
    fn describe_with(at: &dyn Fn(Span) -> String, sa: &ServiceAccount) -> String {
        let text = |l: &crate::model::policy::Leaf| l.known().unwrap_or_else(|| "?".to_string());
        let role = match &sa.role_arn {
            None => "-".to_string(),
            Some(v @ Value::Str(s, _)) => match s.as_symbol() {
                Some(sym) => format!("{:?}@{}", sym.shape, at(sym.site)),
                None => format!(
                    "{}@{}",
                    s.known().unwrap_or_else(|| "?".into()),
                    at(v.span())
                ),
            },
            Some(v) => format!("?@{}", at(v.span())),
        };
        let mut out = format!(
            "{}@{} {}@{} role={role}",
            text(&sa.namespace),
            at(sa.namespace.span),
            text(&sa.name),
            at(sa.name.span),
        );
        if sa.name_from_chart {
            out.push_str(" chart");
        }
        if let Some(a) = &sa.audience {
            out.push_str(&format!(" aud={}", text(a)));
        }
        out
    }

    /// The facts `collect` builds from `tf` (one module), described.
    pub(in crate::model::facts) fn facts_of(
        tf: &str,
        collect: fn(&mut Evaluator<'_, '_>) -> Vec<ServiceAccount>,
    ) -> Vec<String> {
        let sources = Sources::new();
        let id = sources.add(PathBuf::from("/m/main.tf"), tf.to_string());
        let Ok(body) = hcl_edit::parser::parse_body(tf) else {
            return vec!["unparsable".to_string()];
        };
        let parsed = [ParsedFile { id, body }];
        let modules = [Module::new(PathBuf::from("/m"), &parsed)];
        let calls = crate::eval::Calls::default();
        let workspace = Workspace::new(&modules, &calls);
        let Some(mut ev) = Evaluator::new(&workspace, 0, &sources, &KnownModules) else {
            return Vec::new();
        };
        collect(&mut ev).iter().map(|sa| describe(tf, sa)).collect()
    }

    fn releases(tf: &str) -> Vec<String> {
        facts_of(tf, collect)
    }

    /// The releases of `tf` in a directory that also holds `files`, described with each span
    /// as its text, prefixed by `file:line:column:` outside `main.tf`.
    fn releases_with(files: &[(&str, &str)], tf: &str) -> Vec<String> {
        let Ok(tmp) = tempfile::tempdir() else {
            return vec!["no temporary directory".to_string()];
        };
        for (name, text) in files {
            if std::fs::write(tmp.path().join(name), text).is_err() {
                return vec![format!("cannot write {name}")];
            }
        }
        let sources = Sources::new();
        let id = sources.add(tmp.path().join("main.tf"), tf.to_string());
        let Ok(body) = hcl_edit::parser::parse_body(tf) else {
            return vec!["unparsable".to_string()];
        };
        let parsed = [ParsedFile { id, body }];
        let modules = [Module::new(tmp.path().to_path_buf(), &parsed)];
        let calls = crate::eval::Calls::default();
        let workspace = Workspace::new(&modules, &calls);
        let Some(mut ev) = Evaluator::new(&workspace, 0, &sources, &KnownModules) else {
            return Vec::new();
        };
        let at = |s: Span| {
            let file = sources.get(s.file);
            let text = file.slice(s).to_string();
            if s.file == id {
                return text;
            }
            let pos = file.position(s.start);
            let name = file.path.file_name().unwrap_or_default().to_string_lossy();
            format!("{name}:{}:{}:{text}", pos.line, pos.column)
        };
        collect(&mut ev)
            .iter()
            .map(|sa| describe_with(&at, sa))
            .collect()
    }

    #[test]
    fn helm_keys_split_at_unescaped_dots() {
        assert_eq!(
            split_key(r"serviceAccount.annotations.eks\.amazonaws\.com/role-arn"),
            [
                "serviceAccount",
                "annotations",
                "eks.amazonaws.com/role-arn"
            ]
        );
        assert_eq!(split_key(r"a\\.b"), [r"a\", "b"]);
        assert_eq!(split_key("name"), ["name"]);
    }

    #[test]
    fn set_blocks_with_escaped_keys() {
        let tf = r#"
resource "aws_iam_role" "dns" { name = "dns" }
resource "helm_release" "dns" {
  name      = "external-dns"
  chart     = "external-dns"
  namespace = "dns"
  set {
    name  = "serviceAccount.name"
    value = "external-dns-sa"
  }
  set {
    name  = "serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn"
    value = aws_iam_role.dns.arn
  }
  set_sensitive {
    name  = "serviceAccount.annotations.eks\\.amazonaws\\.com/audience"
    value = "sts.example.com"
  }
}
"#;
        assert_eq!(
            releases(tf),
            ["dns@dns external-dns-sa@external-dns-sa \
                 role=RoleArn(\"aws_iam_role.dns\")@aws_iam_role.dns.arn aud=sts.example.com"]
        );
    }

    #[test]
    fn dynamic_set_over_a_known_list_and_v3_set_lists() {
        let tf = r#"
locals {
  sa = [
    { key = "controller.serviceAccount.name", v = "ebs" },
    { key = "controller.serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn", v = "arn:aws:iam::111122223333:role/ebs" },
  ]
}
resource "helm_release" "ebs" {
  name      = "ebs"
  chart     = "aws-ebs-csi-driver"
  namespace = "kube-system"
  dynamic "set" {
    for_each = local.sa
    iterator = s
    content {
      name  = s.value.key
      value = s.value.v
    }
  }
}
resource "helm_release" "v3" {
  name  = "app"
  chart = "./charts/app"
  set = [
    { name = "rbac.serviceAccount.name", value = "app" },
  ]
}
"#;
        assert_eq!(
            releases(tf),
            [
                // Values from elsewhere point where they are used, as in policies.
                "kube-system@kube-system ebs@s.value.v \
                 role=arn:aws:iam::111122223333:role/ebs@s.value.v",
                "default@resource \"helm_release\" \"v3\" app@app role=-",
            ]
        );
    }

    #[test]
    fn yamlencode_values_and_set_overrides() {
        let tf = r#"
module "irsa" {
  source = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks"
}
resource "helm_release" "lbc" {
  name       = "lbc"
  repository = "https://aws.github.io/eks-charts"
  chart      = "aws-load-balancer-controller"
  namespace  = "kube-system"
  values = [yamlencode({
    clusterName = "main"
    serviceAccount = {
      name = "from-values"
      annotations = { "eks.amazonaws.com/role-arn" = module.irsa.iam_role_arn }
    }
  })]
  set {
    name  = "serviceAccount.name"
    value = "aws-load-balancer-controller"
  }
}
"#;
        assert_eq!(
            releases(tf),
            [
                "kube-system@kube-system aws-load-balancer-controller@aws-load-balancer-controller \
                 role=RoleArn(\"module.irsa\")@module.irsa.iam_role_arn"
            ]
        );
    }

    #[test]
    fn chart_defaults_depend_on_the_release() {
        let tf = r#"
resource "helm_release" "lbc" {
  name      = "aws-load-balancer-controller"
  chart     = "eks/aws-load-balancer-controller"
  namespace = "kube-system"
}
resource "helm_release" "dns" {
  name  = "dns"
  chart = "oci://registry.example.com/charts/external-dns"
}
resource "helm_release" "ca" {
  name      = "ca"
  chart     = "cluster-autoscaler"
  namespace = "kube-system"
}
resource "helm_release" "efs" {
  name  = "efs"
  chart = "aws-efs-csi-driver"
  values = [jsonencode({ fullnameOverride = "ignored" })]
}
resource "helm_release" "full" {
  name   = "full"
  chart  = "karpenter"
  values = ["{\"fullnameOverride\": \"kp\"}"]
}
"#;
        assert_eq!(
            releases(tf),
            [
                "kube-system@kube-system aws-load-balancer-controller@\"aws-load-balancer-controller\" \
                 role=- chart",
                "default@resource \"helm_release\" \"dns\" dns-external-dns@\"dns\" role=- chart",
                "kube-system@kube-system ca-aws-cluster-autoscaler@\"ca\" role=- chart",
                "default@resource \"helm_release\" \"efs\" \
                 efs-csi-controller-sa@\"aws-efs-csi-driver\" role=- chart",
                "default@resource \"helm_release\" \"full\" kp@\\\"kp\\\" role=- chart",
            ]
        );
    }

    #[test]
    fn create_false_and_unknown_values() {
        let tf = r#"
variable "extra" {}
resource "helm_release" "none" {
  name  = "external-dns"
  chart = "external-dns"
  set {
    name  = "serviceAccount.create"
    value = false
  }
}
resource "helm_release" "hidden" {
  name  = "karpenter"
  chart = "karpenter"
  dynamic "set" {
    for_each = var.extra
    content {
      name  = set.value.name
      value = set.value.value
    }
  }
}
resource "helm_release" "from_file" {
  name   = "cert-manager"
  chart  = "cert-manager"
  values = [file("values.yaml")]
}
resource "helm_release" "plain" {
  name  = "app"
  chart = "app"
}
"#;
        // A dynamic block or a values file may set the name: the chart default is not used.
        assert_eq!(
            releases(tf),
            [
                "default@resource \"helm_release\" \"hidden\" ?@resource \"helm_release\" \"hidden\" \
                 role=- chart",
                "default@resource \"helm_release\" \"from_file\" \
                 ?@resource \"helm_release\" \"from_file\" role=- chart",
            ]
        );
    }

    #[test]
    fn values_files_read_as_yaml_point_into_the_file() {
        let values = "\
# The chart's values.
serviceAccount:
  create: true
  name: \"dns-sa\"
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/dns
    eks.amazonaws.com/audience: sts.amazonaws.com
";
        let tf = r#"
resource "helm_release" "dns" {
  name      = "external-dns"
  chart     = "external-dns"
  namespace = "dns"
  values    = [file("${path.module}/values.yaml")]
}
"#;
        assert_eq!(
            releases_with(&[("values.yaml", values)], tf),
            ["dns@dns dns-sa@values.yaml:4:10:dns-sa \
             role=arn:aws:iam::111122223333:role/dns@values.yaml:6:33:\
             arn:aws:iam::111122223333:role/dns aud=sts.amazonaws.com"]
        );
    }

    #[test]
    fn templatefile_values_keep_the_role_reference() {
        let template = "\
serviceAccount:
  name: ${name}
  annotations:
    eks.amazonaws.com/role-arn: ${role_arn}
%{ if create_pdb }
podDisruptionBudget:
  minAvailable: 1
%{ endif }
";
        let unknown_directive = "\
controller:
%{ if var_known }
  serviceAccount:
    name: known
%{ endif }
";
        let tf = r#"
variable "pdb" {}
module "irsa" {
  source = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks"
}
resource "helm_release" "lbc" {
  name      = "lbc"
  chart     = "aws-load-balancer-controller"
  namespace = "kube-system"
  values = [templatefile("${path.module}/values.yaml.tftpl", {
    name       = "lbc-sa"
    role_arn   = module.irsa.iam_role_arn
    create_pdb = true
  })]
}
resource "helm_release" "ebs" {
  name      = "ebs"
  chart     = "aws-ebs-csi-driver"
  namespace = "kube-system"
  values    = [templatefile("${path.module}/ebs.yaml.tftpl", { var_known = var.pdb })]
}
"#;
        // The name is written in the vars, the role where the template interpolates it, and
        // the known `%{ if }` is rendered. An `%{ if }` over an unknown condition may hide
        // keys: the chart default is not used.
        assert_eq!(
            releases_with(
                &[
                    ("values.yaml.tftpl", template),
                    ("ebs.yaml.tftpl", unknown_directive)
                ],
                tf
            ),
            [
                "kube-system@kube-system lbc-sa@lbc-sa \
                 role=RoleArn(\"module.irsa\")@values.yaml.tftpl:4:35:role_arn",
                "kube-system@kube-system ?@resource \"helm_release\" \"ebs\" role=- chart",
            ]
        );
    }

    #[test]
    fn heredoc_values_and_set_overrides_a_yaml_key() {
        let tf = r#"
resource "aws_iam_role" "ca" { name = "ca" }
resource "helm_release" "ca" {
  name      = "ca"
  chart     = "cluster-autoscaler"
  namespace = "kube-system"
  values = [<<-EOT
    rbac:
      serviceAccount:
        name: from-heredoc
        annotations: ${jsonencode({ "eks.amazonaws.com/role-arn" = aws_iam_role.ca.arn })}
    EOT
  ]
}
resource "helm_release" "dns" {
  name      = "dns"
  chart     = "external-dns"
  namespace = "dns"
  values = [<<-EOT
    serviceAccount:
      name: from-values
    EOT
  ]
  set {
    name  = "serviceAccount.name"
    value = "from-set"
  }
}
"#;
        assert_eq!(
            releases(tf),
            [
                "kube-system@kube-system from-heredoc@from-heredoc \
                 role=RoleArn(\"aws_iam_role.ca\")@aws_iam_role.ca.arn",
                "dns@dns from-set@from-set role=-",
            ]
        );
    }

    #[test]
    fn yaml_that_is_no_mapping_leaves_the_values_unknown() {
        let tf = r##"
resource "helm_release" "list" {
  name   = "list"
  chart  = "karpenter"
  values = ["- serviceAccount\n- name\n"]
}
resource "helm_release" "broken" {
  name   = "broken"
  chart  = "karpenter"
  values = ["serviceAccount: [name: x\n"]
}
resource "helm_release" "two" {
  name   = "two"
  chart  = "karpenter"
  values = ["a: 1\n---\nb: 2\n"]
}
resource "helm_release" "empty" {
  name   = "empty"
  chart  = "karpenter"
  values = ["# nothing set\n\n"]
}
resource "helm_release" "unset" {
  name   = "unset"
  chart  = "external-dns"
  values = ["serviceAccount:\n  name: \"\"\n  annotations:\n    eks.amazonaws.com/role-arn: ~\n"]
}
resource "helm_release" "none" {
  name   = "none"
  chart  = "external-dns"
  values = ["serviceAccount:\n  create: no\n  name: other\n"]
}
"##;
        // Helm reads an empty file as no values, and `""` and `~` as unset: the chart's
        // default name, no annotation.
        assert_eq!(
            releases(tf),
            [
                "default@resource \"helm_release\" \"list\" ?@resource \"helm_release\" \"list\" \
                 role=- chart",
                "default@resource \"helm_release\" \"broken\" \
                 ?@resource \"helm_release\" \"broken\" role=- chart",
                "default@resource \"helm_release\" \"two\" ?@resource \"helm_release\" \"two\" \
                 role=- chart",
                "default@resource \"helm_release\" \"empty\" empty-karpenter@\"empty\" role=- chart",
                "default@resource \"helm_release\" \"unset\" unset-external-dns@\"unset\" \
                 role=- chart",
            ]
        );
    }
}
