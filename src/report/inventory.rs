//! `irsa-lint inventory`: every trust policy found, as role → trusted principals → the
//! conditions on their claims (subjects, audiences), and the workloads that use each role
//! (ServiceAccounts, add-ons, Pod Identity associations) with whether its trust admits them,
//! for reviews and audits.

use crate::base::known::hostpath;
use crate::base::source::Sources;
use crate::engine::check::{Report, WorkloadLink};
use crate::model::facts::service_accounts::SaSource;
use crate::model::policy::issuer::{IssuerSource, claim_key, trusted_issuers};
use crate::model::policy::{Leaf, Leaves, Policy, PolicyForm};
use crate::report::terminal;
use serde::Serialize;

#[derive(Serialize)]
struct Entry {
    role: String,
    form: &'static str,
    path: String,
    line: usize,
    statements: Vec<StatementEntry>,
    /// False when some statements could not be evaluated.
    complete: bool,
    /// What uses the role, sorted by path and line.
    workloads: Vec<WorkloadEntry>,
    /// The subjects a CI (or other non-EKS) issuer may assume the role with: the graph's
    /// third kind of node. The JSON lists them under `statements`.
    #[serde(skip)]
    subjects: Vec<SubjectEntry>,
}

/// A `:sub` value an Allow statement admits for a non-EKS issuer (GitHub Actions, GitLab,
/// HCP Terraform, …): a CI job that may assume the role.
struct SubjectEntry {
    issuer: String,
    operator: String,
    value: String,
}

/// A ServiceAccount (of any source) whose role ARN resolves to the entry's role.
#[derive(Serialize)]
struct WorkloadEntry {
    source: &'static str,
    namespace: String,
    name: String,
    /// The name is the chart's default (no `serviceAccount.name`): it depends on the release.
    name_from_chart: bool,
    path: String,
    line: usize,
    /// The module instance declaring it (`module.dns`), when a module declares it for its
    /// caller.
    #[serde(skip_serializing_if = "Option::is_none")]
    instance: Option<String>,
    /// `yes`, `no` or `unknown`: whether the trust lets it assume the role.
    admitted: &'static str,
}

#[derive(Serialize)]
struct StatementEntry {
    effect: String,
    principals: Vec<PrincipalEntry>,
    /// The issuer every claim key names, when the `Federated` principal is not known.
    #[serde(skip_serializing_if = "Option::is_none")]
    issuer_named_by_keys: Option<String>,
    actions: Vec<String>,
    conditions: Vec<ConditionEntry>,
}

#[derive(Serialize)]
struct PrincipalEntry {
    #[serde(rename = "type")]
    kind: String,
    values: Vec<String>,
}

#[derive(Serialize)]
struct ConditionEntry {
    operator: String,
    key: String,
    values: Vec<String>,
}

fn show(sources: &Sources, leaf: &Leaf) -> String {
    leaf.value
        .display(&|s| sources.get(s.file).slice(s).to_string())
}

fn all(sources: &Sources, leaves: &Leaves) -> Vec<String> {
    let mut out: Vec<String> = leaves.items.iter().map(|l| show(sources, l)).collect();
    if !leaves.complete {
        out.push("<unknown>".into());
    }
    out
}

/// The name `source` has in the inventory: the Terraform type or the kind of file.
fn source_name(source: SaSource) -> &'static str {
    match source {
        SaSource::KubernetesResource => "kubernetes_service_account",
        SaSource::KubernetesManifest => "kubernetes_manifest",
        SaSource::YamlManifest => "manifest",
        SaSource::HelmRelease => "helm_release",
        SaSource::EksAddon(_) => "aws_eks_addon",
        SaSource::PodIdentityAssociation => "aws_eks_pod_identity_association",
    }
}

fn workload(sources: &Sources, link: &WorkloadLink) -> WorkloadEntry {
    let sa = &link.sa;
    let file = sources.get(sa.declared_at.file);
    WorkloadEntry {
        source: source_name(sa.source),
        namespace: show(sources, &sa.namespace),
        name: show(sources, &sa.name),
        name_from_chart: sa.name_from_chart,
        path: file.display_path.clone(),
        line: file.position(sa.declared_at.start).line,
        instance: link.declared_in.clone(),
        admitted: link.admitted,
    }
}

/// The workloads using the role of `p` through this trust (the engine links each workload to
/// the trusts of the instance it uses).
fn workloads_of(sources: &Sources, p: &Policy, links: &[WorkloadLink]) -> Vec<WorkloadEntry> {
    let mut out: Vec<WorkloadEntry> = links
        .iter()
        .filter(|l| {
            l.policy == p.span
                && l.instance == p.instance
                && Some(l.role.as_str()) == p.role.as_deref()
        })
        .map(|l| workload(sources, l))
        .collect();
    out.sort_by(|a, b| (&a.path, a.line, &a.name).cmp(&(&b.path, b.line, &b.name)));
    out
}

fn entry(sources: &Sources, p: &Policy, links: &[WorkloadLink]) -> Entry {
    let file = sources.get(p.span.file);
    let form = match p.form {
        PolicyForm::JsonEncode => "jsonencode",
        PolicyForm::JsonText => "json",
        PolicyForm::Document => "aws_iam_policy_document",
        PolicyForm::Module => "module",
    };
    let role = p.role.clone().unwrap_or_else(|| "(policy document)".into());
    Entry {
        // A module instance's role is named by its address from the root, as Terraform does.
        role: match &p.instance {
            Some(instance) => format!("{instance}.{role}"),
            None => role,
        },
        form,
        path: file.display_path.clone(),
        line: file.position(p.span.start).line,
        complete: p.statements_complete,
        workloads: workloads_of(sources, p, links),
        subjects: subjects_of(sources, p),
        statements: p
            .statements
            .iter()
            .map(|st| StatementEntry {
                effect: st
                    .effect
                    .as_ref()
                    .map_or_else(|| "<none>".into(), |e| show(sources, e)),
                principals: st
                    .principals
                    .iter()
                    .map(|pr| PrincipalEntry {
                        kind: show(sources, &pr.kind),
                        values: all(sources, &pr.values),
                    })
                    .collect(),
                issuer_named_by_keys: trusted_issuers(st).iter().find_map(|t| match t.source {
                    IssuerSource::ConditionKeys { key, .. } => {
                        let key = show(sources, key);
                        key.rsplit_once(':').map(|(issuer, _)| issuer.to_string())
                    }
                    IssuerSource::Principal(_) => None,
                }),
                actions: all(sources, &st.actions),
                conditions: st
                    .conditions
                    .iter()
                    .map(|c| ConditionEntry {
                        operator: show(sources, &c.operator),
                        key: show(sources, &c.key),
                        values: all(sources, &c.values),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// The `:sub` values of the policy's Allow statements whose issuer is known and not an EKS
/// cluster's (those subjects are ServiceAccounts, shown as workloads), under positive string
/// operators.
fn subjects_of(sources: &Sources, p: &Policy) -> Vec<SubjectEntry> {
    let mut out = Vec::new();
    for st in &p.statements {
        if st.effect.is_some() && !st.is_allow() {
            continue;
        }
        let issuers: Vec<String> = trusted_issuers(st)
            .iter()
            .filter(|t| !t.issuer.is_eks())
            .filter_map(|t| t.issuer.text().map(str::to_string))
            .collect();
        for c in &st.conditions {
            let Some(key) = claim_key(&c.key.value) else {
                continue;
            };
            let Some(operator) = c.operator.known() else {
                continue;
            };
            let positive = operator.contains("String") && !operator.contains("Not");
            let issuer = key.prefix.known().map(|k| hostpath(&k));
            let Some(issuer) = issuer.filter(|i| issuers.contains(i)) else {
                continue;
            };
            if key.claim != "sub" || !positive {
                continue;
            }
            for v in &c.values.items {
                out.push(SubjectEntry {
                    issuer: issuer.clone(),
                    operator: operator.clone(),
                    value: show(sources, v),
                });
            }
        }
    }
    out
}

fn entries(report: &Report) -> Vec<Entry> {
    let mut out: Vec<Entry> = report
        .trust_policies
        .iter()
        .map(|p| entry(&report.sources, p, &report.links))
        .collect();
    out.sort_by(|a, b| (&a.path, a.line, &a.role).cmp(&(&b.path, b.line, &b.role)));
    out
}

pub fn render_json(report: &Report) -> String {
    let mut out = serde_json::to_string_pretty(&entries(report)).unwrap_or_default();
    out.push('\n');
    out
}

pub fn render_human(report: &Report) -> String {
    let mut out = String::new();
    // Roles, paths and values come from the scanned tree: each line is made safe as a whole
    // (a value's line break is escaped, and no line can start a workflow command).
    let mut line = |text: String| {
        out.push_str(&terminal::safe(&text));
        out.push('\n');
    };
    for e in entries(report) {
        line(format!("{}  ({}:{}, {})", e.role, e.path, e.line, e.form));
        for st in &e.statements {
            let principals: Vec<String> = st
                .principals
                .iter()
                .map(|p| match &st.issuer_named_by_keys {
                    Some(issuer) if p.kind == "Federated" => format!(
                        "{} {} (the condition keys name {issuer})",
                        p.kind,
                        p.values.join(", ")
                    ),
                    _ => format!("{} {}", p.kind, p.values.join(", ")),
                })
                .collect();
            line(format!(
                "  {} {} → {}",
                st.effect,
                if principals.is_empty() {
                    "<no principal>".to_string()
                } else {
                    principals.join("; ")
                },
                st.actions.join(", ")
            ));
            for c in &st.conditions {
                line(format!(
                    "      {} {} = {}",
                    c.operator,
                    c.key,
                    c.values.join(" | ")
                ));
            }
        }
        if !e.complete {
            line("  (some statements could not be evaluated)".to_string());
        }
        for w in &e.workloads {
            let chart = if w.name_from_chart {
                ", the chart's default name"
            } else {
                ""
            };
            let instance = w
                .instance
                .as_ref()
                .map_or_else(String::new, |i| format!(", in {i}"));
            line(format!(
                "  used by {} ServiceAccount {}/{} ({}:{}{instance}{chart}): trust admits it: {}",
                w.source, w.namespace, w.name, w.path, w.line, w.admitted
            ));
        }
    }
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    out.push_str(&format!(
        "{} in {}.\n",
        plural(report.policies, "trust policy", "trust policies"),
        plural(report.files, "file", "files")
    ));
    out
}

/// A node of the inventory graph: a role, a workload or a CI subject.
struct Node {
    /// `r0`, `w0`, `s0`: made here, never from input text.
    id: String,
    kind: NodeKind,
    /// Input text, escaped by each format.
    label: String,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum NodeKind {
    Role,
    Workload,
    Subject,
}

/// How an edge into a role is drawn.
#[derive(Clone, Copy, PartialEq, Eq)]
enum EdgeKind {
    /// A workload the trust admits.
    Admitted,
    /// A workload the trust rejects.
    Rejected,
    /// A workload it is not known whether the trust admits.
    Unknown,
    /// A subject the trust itself lists.
    Trusted,
}

struct Edge {
    from: usize,
    to: usize,
    kind: EdgeKind,
    /// `admitted: yes`, `trusted: StringLike`.
    label: String,
}

/// The inventory as a graph: every role, each workload and CI subject with an edge to the
/// role it uses. Nodes are numbered in the order of the sorted inventory, so the output is
/// the same on every run; a workload used by several roles (module instances) is one node.
struct Graph {
    nodes: Vec<Node>,
    edges: Vec<Edge>,
}

fn graph(report: &Report) -> Graph {
    let mut g = Graph {
        nodes: Vec::new(),
        edges: Vec::new(),
    };
    let mut seen: std::collections::HashMap<(NodeKind, String), usize> =
        std::collections::HashMap::new();
    let mut node = |g: &mut Graph, kind: NodeKind, label: String| -> usize {
        *seen.entry((kind, label.clone())).or_insert_with(|| {
            let prefix = match kind {
                NodeKind::Role => "r",
                NodeKind::Workload => "w",
                NodeKind::Subject => "s",
            };
            let n = g.nodes.iter().filter(|n| n.kind == kind).count();
            g.nodes.push(Node {
                id: format!("{prefix}{n}"),
                kind,
                label,
            });
            g.nodes.len() - 1
        })
    };
    for e in entries(report) {
        let role = node(
            &mut g,
            NodeKind::Role,
            format!("{} ({}:{})", e.role, e.path, e.line),
        );
        for w in &e.workloads {
            let label = format!(
                "{} ServiceAccount {}/{} ({}:{})",
                w.source, w.namespace, w.name, w.path, w.line
            );
            let from = node(&mut g, NodeKind::Workload, label);
            let kind = match w.admitted {
                "yes" => EdgeKind::Admitted,
                "no" => EdgeKind::Rejected,
                _ => EdgeKind::Unknown,
            };
            g.push_edge(from, role, kind, format!("admitted: {}", w.admitted));
        }
        for s in &e.subjects {
            let from = node(
                &mut g,
                NodeKind::Subject,
                format!("{} sub {}", s.issuer, s.value),
            );
            g.push_edge(
                from,
                role,
                EdgeKind::Trusted,
                format!("trusted: {}", s.operator),
            );
        }
    }
    g
}

impl Graph {
    fn push_edge(&mut self, from: usize, to: usize, kind: EdgeKind, label: String) {
        let duplicate = self
            .edges
            .iter()
            .any(|e| e.from == from && e.to == to && e.label == label);
        if !duplicate {
            self.edges.push(Edge {
                from,
                to,
                kind,
                label,
            });
        }
    }
}

/// Input text for a Mermaid string: one line, no control characters, no workflow command
/// (as the human inventory), then Mermaid's entity codes for the characters that end a
/// string or start markup.
fn mermaid_text(s: &str) -> String {
    let mut out = String::new();
    for c in terminal::safe(s).chars() {
        match c {
            '#' => out.push_str("#35;"),
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '|' => out.push_str("#124;"),
            '`' => out.push_str("#96;"),
            c => out.push(c),
        }
    }
    out
}

/// `irsa-lint inventory --format mermaid`: a flowchart from workloads and CI subjects to
/// roles; an edge the trust rejects is dashed and red, one not known dashed.
pub fn render_mermaid(report: &Report) -> String {
    let g = graph(report);
    let mut out = String::from("flowchart LR\n");
    for n in &g.nodes {
        let label = mermaid_text(&n.label);
        let shape = match n.kind {
            NodeKind::Role => format!("[\"{label}\"]"),
            NodeKind::Workload => format!("([\"{label}\"])"),
            NodeKind::Subject => format!("{{{{\"{label}\"}}}}"),
        };
        out.push_str(&format!("  {}{shape}\n", n.id));
    }
    let mut rejected = Vec::new();
    for (i, e) in g.edges.iter().enumerate() {
        let arrow = match e.kind {
            EdgeKind::Admitted | EdgeKind::Trusted => "-->",
            EdgeKind::Rejected | EdgeKind::Unknown => "-.->",
        };
        if e.kind == EdgeKind::Rejected {
            rejected.push(i.to_string());
        }
        out.push_str(&format!(
            "  {} {arrow}|\"{}\"| {}\n",
            g.nodes[e.from].id,
            mermaid_text(&e.label),
            g.nodes[e.to].id
        ));
    }
    if !rejected.is_empty() {
        out.push_str(&format!(
            "  linkStyle {} stroke:#d00,color:#d00\n",
            rejected.join(",")
        ));
    }
    out
}

/// Input text for a DOT quoted string: one line, no control characters, no workflow command,
/// then DOT's escapes for `\` and `"` (so no `\N`-style sequence comes from the input).
fn dot_text(s: &str) -> String {
    let mut out = String::new();
    for c in terminal::safe(s).chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c => out.push(c),
        }
    }
    out
}

/// `irsa-lint inventory --format dot`: the same graph for Graphviz; an edge the trust rejects
/// is dashed and red, one not known dotted.
pub fn render_dot(report: &Report) -> String {
    let g = graph(report);
    let mut out = String::from("digraph inventory {\n  rankdir=LR;\n");
    for n in &g.nodes {
        let shape = match n.kind {
            NodeKind::Role => "box",
            NodeKind::Workload => "ellipse",
            NodeKind::Subject => "hexagon",
        };
        out.push_str(&format!(
            "  {} [label=\"{}\", shape={shape}];\n",
            n.id,
            dot_text(&n.label)
        ));
    }
    for e in &g.edges {
        let style = match e.kind {
            EdgeKind::Admitted | EdgeKind::Trusted => "",
            EdgeKind::Rejected => ", style=dashed, color=red, fontcolor=red",
            EdgeKind::Unknown => ", style=dotted",
        };
        out.push_str(&format!(
            "  {} -> {} [label=\"{}\"{style}];\n",
            g.nodes[e.from].id,
            g.nodes[e.to].id,
            dot_text(&e.label)
        ));
    }
    out.push_str("}\n");
    out
}
