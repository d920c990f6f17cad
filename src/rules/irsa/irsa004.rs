use crate::base::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::base::known::strip_scheme;
use crate::base::source::Span;
use crate::model::facts::infra::{ClusterKind, Irsa};
use crate::model::policy::{PolicyForm, Statement};
use crate::rules::declare::declare_rule;
use crate::rules::helpers::{claim_conditions, editable_in_tf, is_tf, show, verbatim_edit};
use crate::rules::{Context, ModuleContext, Rule};
use crate::value::{Part, Shape, SymStr};

declare_rule! {
    /// IRSA004: the dual-stack issuer host `oidc-eks.<region>.api.aws` used as an IAM identity (in
    /// a provider URL, a Federated ARN or a condition key), or terraform-aws-eks 21.0.0, which
    /// registered the cluster's IAM OIDC provider with that host.
    pub struct DualStackIssuer;
    code: "IRSA004",
    name: "dual-stack-issuer",
    severity: Error,
    kind: Breaks,
    fix: Sometimes,
    summary: "Dual-stack EKS issuer host used as an IAM identity",
}

const OUTPUT: &str = "cluster_dualstack_oidc_issuer_url";
const HELP: &str = "EKS tokens are issued by `https://oidc.eks.<region>.amazonaws.com/id/<ID>` even though the discovery document is also served from `oidc-eks.<region>.api.aws`. Use `cluster_oidc_issuer_url` for the provider URL and `oidc_provider` / `oidc_provider_arn` in trusts.";

impl Rule for DualStackIssuer {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        // Module inputs are checked where the module call is modelled (XR005).
        if cx.policy.form == PolicyForm::Module {
            return;
        }
        for st in cx.policy.statements.iter().filter(|s| !s.not_principal) {
            let found = statement_uses(st);
            let Some(first) = found.first() else { continue };
            let mut diag = Diagnostic::new(
                &META,
                first.span(),
                format!(
                    "{} `{}` {}; EKS tokens are issued by `oidc.eks.<region>.amazonaws.com`, so it never matches",
                    if first.is_key { "condition key" } else { "Federated principal" },
                    show(cx, first.whole),
                    first.describe(cx),
                ),
            )
            .with_label("dual-stack host")
            .with_help(HELP);
            for other in &found[1..] {
                diag = diag.with_secondary(other.span(), "the dual-stack issuer again");
            }
            let fix = combined_fix(found.iter().map(|u| u.edit(cx, true)));
            out.push(diag.with_fix(fix));
        }
    }

    fn check_module(&self, cx: &ModuleContext<'_>, out: &mut Vec<Diagnostic>) {
        provider_urls(cx, out);
        module_pins(cx, out);
    }
}

/// One use of the dual-stack issuer.
struct Use<'p> {
    /// The whole principal or key.
    whole: &'p SymStr,
    is_key: bool,
    written: Span,
    what: What<'p>,
}

enum What<'p> {
    /// A `cluster_dualstack_oidc_issuer_url` symbol written at `site`.
    Symbol(Span),
    /// Literal host text at bytes `start..start + host.len()` of the flattened value.
    Text {
        value: &'p SymStr,
        start: usize,
        host: String,
    },
}

impl Use<'_> {
    fn span(&self) -> Span {
        match &self.what {
            What::Symbol(site) => *site,
            What::Text { value, start, host } => value
                .span_of(*start, start + host.len())
                .unwrap_or(self.written),
        }
    }

    fn describe(&self, cx: &Context<'_>) -> String {
        match &self.what {
            What::Symbol(site) => {
                format!("is built from the dual-stack issuer (`{}`)", cx.text(*site))
            }
            What::Text { host, .. } => format!("names the dual-stack issuer host `{host}`"),
        }
    }

    /// The edit back to the token issuer; `host` when a host (not a URL) is needed there.
    fn edit(&self, cx: &Context<'_>, host: bool) -> Option<(Edit, Applicability)> {
        match &self.what {
            What::Symbol(site) => symbol_edit(cx.sources, *site, host)
                .filter(|(e, _)| editable_in_tf(cx.sources, e.span, self.written)),
            What::Text { value, start, host } => {
                let fixed = issuer_host(host)?;
                let e = verbatim_edit(cx, value, *start, start + host.len(), &fixed)?;
                self.written
                    .contains(e.span)
                    .then_some((e, Applicability::Safe))
            }
        }
    }
}

/// The dual-stack uses of a statement: in Federated values that are more than a single
/// reference (a lone URL reference is OIDCP004's), and in condition-key prefixes.
fn statement_uses(st: &Statement) -> Vec<Use<'_>> {
    let mut out = Vec::new();
    for leaf in st.principals_of("Federated") {
        if leaf.value.as_symbol().is_some() {
            continue;
        }
        let flat = leaf.value.known_parts_text();
        let after = flat
            .find(":oidc-provider/")
            .map(|m| m + ":oidc-provider/".len());
        push_uses(&leaf.value, after, false, leaf.span, &mut out);
    }
    for c in claim_conditions(st) {
        push_uses(
            &c.cond.key.value,
            Some(0),
            true,
            c.cond.key_written,
            &mut out,
        );
    }
    out
}

fn push_uses<'p>(
    value: &'p SymStr,
    host_at: Option<usize>,
    is_key: bool,
    written: Span,
    out: &mut Vec<Use<'p>>,
) {
    for p in &value.parts {
        if let Part::Sym(sym) = p
            && matches!(sym.shape, Shape::DualstackIssuerUrl(_))
        {
            out.push(Use {
                whole: value,
                is_key,
                written,
                what: What::Symbol(sym.site),
            });
            return;
        }
    }
    let Some(at) = host_at else { return };
    let flat = value.known_parts_text();
    let Some(rest) = flat.get(at..) else { return };
    // The host runs to the claim separator in a key, to the end in an ARN.
    let end = if is_key {
        match rest.rfind(':') {
            Some(i) => i,
            None => return,
        }
    } else {
        rest.len()
    };
    let host = &rest[..end];
    let scheme = host.len() - strip_scheme(host).len();
    let bare = &host[scheme..];
    if is_dualstack_host(bare) && value.split_at(at + end).0.is_known() {
        out.push(Use {
            whole: value,
            is_key,
            written,
            what: What::Text {
                value,
                start: at + scheme,
                host: bare.to_string(),
            },
        });
    }
}

/// `oidc-eks.<region>.api.aws/…`: the dual-stack host of an EKS issuer.
fn is_dualstack_host(host: &str) -> bool {
    host.to_ascii_lowercase().starts_with("oidc-eks.")
}

/// The token issuer host for a dual-stack host written out (`oidc-eks.R.api.aws/id/X` →
/// `oidc.eks.R.amazonaws.com/id/X`).
fn issuer_host(host: &str) -> Option<String> {
    let rest = host.strip_prefix("oidc-eks.")?;
    let (domain, path) = rest.split_at(rest.find('/')?);
    let region = domain.strip_suffix(".api.aws")?;
    (!region.is_empty() && !region.contains('.'))
        .then(|| format!("oidc.eks.{region}.amazonaws.com{path}"))
}

/// The edit of a `module.X.cluster_dualstack_oidc_issuer_url` reference: safe for a direct
/// reference (to `oidc_provider` where a host is needed, else to `cluster_oidc_issuer_url`),
/// unsafe inside a larger expression (the output name alone is swapped).
fn symbol_edit(
    sources: &crate::base::source::Sources,
    site: Span,
    host: bool,
) -> Option<(Edit, Applicability)> {
    let text = sources.get(site.file).slice(site).to_string();
    if let Some(module) = text.strip_suffix(&format!(".{OUTPUT}"))
        && module.starts_with("module.")
        && !module.contains(['(', ' ', '"'])
    {
        let output = if host {
            "oidc_provider"
        } else {
            "cluster_oidc_issuer_url"
        };
        return Some((
            Edit::replace(site, format!("{module}.{output}")),
            Applicability::Safe,
        ));
    }
    let mut found = text.match_indices(OUTPUT);
    let (at, _) = found.next()?;
    if found.next().is_some() {
        return None;
    }
    let span = Span::new(site.file, site.start + at..site.start + at + OUTPUT.len());
    Some((
        Edit::replace(span, "cluster_oidc_issuer_url"),
        Applicability::Unsafe,
    ))
}

/// One fix from several edits: none if any use cannot be edited; unsafe if any edit is.
fn combined_fix(edits: impl Iterator<Item = Option<(Edit, Applicability)>>) -> Option<Fix> {
    let mut all = Vec::new();
    let mut safe = true;
    for e in edits {
        let (edit, applicability) = e?;
        safe &= applicability == Applicability::Safe;
        if !all.iter().any(|x: &Edit| x.span == edit.span) {
            all.push(edit);
        }
    }
    let description = "Use the cluster's token issuer instead of the dual-stack host";
    Some(if safe {
        Fix::safe(description, all)
    } else {
        Fix::unsafe_(description, all)
    })
}

/// `url` of `aws_iam_openid_connect_provider` resources and data sources.
fn provider_urls(cx: &ModuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for block in &cx.facts.infra.provider_blocks {
        let Some(url) = &block.url else {
            continue;
        };
        let (address, span) = (&block.address, url.span);
        let mut uses = Vec::new();
        push_uses(&url.value, Some(0), false, span, &mut uses);
        let Some(u) = uses.first() else { continue };
        let sources = cx.sources();
        let (primary, shown, edit) = match &u.what {
            What::Symbol(site) => (
                *site,
                format!("`{}`", sources.get(site.file).slice(*site)),
                symbol_edit(sources, *site, false).filter(|(e, _)| is_tf(sources, e.span)),
            ),
            What::Text { value, start, host } => {
                let at = value.span_of(*start, start + host.len()).unwrap_or(span);
                let text = sources.get(at.file).slice(at).to_string();
                // Only text written in this `url` itself, not a shared local or default.
                let edit = issuer_host(host)
                    .filter(|_| text == *host && span.contains(at))
                    .map(|h| (Edit::replace(at, h), Applicability::Safe));
                (at, format!("`{host}`"), edit)
            }
        };
        let outcome = if block.lookup {
            "the lookup finds no provider, because the cluster's provider is registered under its token issuer"
        } else {
            "STS finds no provider for the cluster's tokens (InvalidIdentityToken)"
        };
        out.push(
            Diagnostic::new(
                &META,
                primary,
                format!(
                    "`{address}` url is the dual-stack issuer {shown}; EKS tokens carry `iss` `https://oidc.eks.<region>.amazonaws.com/id/<ID>`, so {outcome}"
                ),
            )
            .with_label("dual-stack host")
            .with_help(HELP)
            .with_fix(combined_fix(std::iter::once(edit))),
        );
    }
}

/// terraform-aws-eks pinned to exactly 21.0.0 with IRSA enabled.
fn module_pins(cx: &ModuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for cluster in &cx.facts.infra.clusters {
        let ClusterKind::EksModule(m) = &cluster.kind else {
            continue;
        };
        if matches!(m.irsa, Irsa::Disabled(_)) {
            continue;
        }
        let Some((version, span)) = &m.version else {
            continue;
        };
        let bare = version
            .trim()
            .trim_start_matches('=')
            .trim()
            .trim_start_matches('v');
        if bare != "21.0.0" {
            continue;
        }
        let primary = span.unwrap_or(cluster.span);
        let fix = span.and_then(|s| {
            let written = cx.sources().get(s.file).slice(s).to_string();
            let at = written.find("21.0.0")?;
            let e = Edit::replace(
                Span::new(s.file, s.start + at..s.start + at + "21.0.0".len()),
                "21.0.1",
            );
            Some(Fix::unsafe_("Upgrade terraform-aws-eks to 21.0.1", vec![e]))
        });
        out.push(
            Diagnostic::new(
                &META,
                primary,
                format!(
                    "terraform-aws-eks `{version}` registers the cluster's IAM OIDC provider with the dual-stack issuer URL, so IRSA tokens of `{}` are rejected (InvalidIdentityToken)",
                    cluster.address
                ),
            )
            .with_label("fixed in 21.0.1")
            .with_secondary(cluster.span, "this module creates the cluster's IAM OIDC provider")
            .with_help("terraform-aws-eks 21.0.0 built the provider URL from the dual-stack issuer; 21.0.1 went back to the cluster's token issuer. Upgrade the module (or set `enable_irsa = false` and manage the provider yourself).")
            .with_fix(fix),
        );
    }
}
