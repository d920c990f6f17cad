use crate::base::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::base::known::SA_PREFIX;
use crate::base::rule_meta::RuleMeta;
use crate::base::text::closest;
use crate::model::facts::service_accounts::{SaSource, ServiceAccount};
use crate::model::policy::Leaf;
use crate::rules::declare::declare_rule;
use crate::rules::helpers::{replace_leaf, verbatim_edit};
use crate::rules::xr::helpers::{
    Mismatch, mismatches, role_shown, source_phrase, written_literally,
};
use crate::rules::{Context, Rule, WorkspaceContext};

declare_rule! {
    /// XR001: a ServiceAccount annotated with a role whose web-identity trust admits no
    /// `system:serviceaccount:<namespace>:<name>` of it. STS refuses the pod's token with
    /// AccessDenied (`Not authorized to perform sts:AssumeRoleWithWebIdentity`).
    pub struct ServiceAccountNotTrusted;
    code: "XR001",
    name: "service-account-not-trusted",
    severity: Error,
    kind: Breaks,
    fix: Sometimes,
    summary: "ServiceAccount is not admitted by its role's trust subjects",
    scope: Workspace,
}

/// At most this many admitted subjects are named in a message.
const SHOWN: usize = 3;

impl Rule for ServiceAccountNotTrusted {
    fn check_workspace(&self, cx: &WorkspaceContext<'_>, out: &mut Vec<Diagnostic>) {
        // Add-ons run as a ServiceAccount EKS names: XR006 reports those.
        let mismatches = mismatches(cx).into_iter();
        out.extend(
            mismatches
                .filter(|m| !matches!(m.sa.source, SaSource::EksAddon(_)))
                .filter_map(|m| diagnose(&META, cx, &m)),
        );
    }
}

/// The finding for `m`, under rule `meta` (XR001, or XR006 for an add-on).
pub(super) fn diagnose(
    meta: &'static RuleMeta,
    wcx: &WorkspaceContext<'_>,
    m: &Mismatch<'_>,
) -> Option<Diagnostic> {
    let view = wcx.modules.get(m.module)?;
    let cx = Context {
        policy: m.policy,
        sources: wcx.sources,
        facts: view.facts,
        settings: wcx.settings,
    };
    let (sa, sub, subjects) = (m.sa, m.sub.as_str(), m.subjects.as_slice());
    let role = role_shown(wcx, m.module, m.role);
    let texts: Vec<String> = subjects.iter().filter_map(|l| l.known()).collect();
    let nearest = match texts.as_slice() {
        [one] => Some(one.as_str()),
        _ => closest(sub, &texts),
    };
    let nearest_leaf =
        nearest.and_then(|n| subjects.iter().find(|l| l.known().as_deref() == Some(n)));
    // The part of the subject that disagrees, where it is written (a module's subject built
    // from its caller's arguments: at the argument), else the whole subject.
    let differing = nearest_leaf.and_then(|l| differing_part(l, sub).map(|p| (l, p)));
    let trust_at = differing
        .and_then(|(l, (a, b, _))| l.value.span_of(a, b))
        .or(nearest_leaf.or(subjects.first()).map(|l| l.span))
        .unwrap_or(cx.policy.span);
    let ns = sa.namespace.known().unwrap_or_default();
    let name = sa.name.known().unwrap_or_default();
    let what = match sa.source {
        SaSource::EksAddon(addon) => {
            format!("EKS add-on `{addon}` (ServiceAccount `{ns}/{name}`)")
        }
        source => format!("{} ServiceAccount `{ns}/{name}`", source_phrase(source)),
    };
    let admitted = match nearest {
        Some(n) => format!("`{n}`"),
        None => {
            let mut shown: Vec<String> =
                texts.iter().take(SHOWN).map(|t| format!("`{t}`")).collect();
            if texts.len() > SHOWN {
                shown.push(format!("{} more", texts.len() - SHOWN));
            }
            shown.join(", ")
        }
    };
    let chart = if sa.name_from_chart {
        "; the name is the chart's default, which depends on the release name"
    } else {
        ""
    };
    let message = format!(
        "{what} uses role `{role}`, whose trust admits no `{sub}` (it admits {admitted}){chart}"
    );
    let differing_text = differing.and_then(|(l, (a, b, want))| {
        let text = l.known()?;
        Some((text.get(a..b)?.to_string(), want))
    });
    let trust_label = match (nearest, differing_text) {
        (Some(_), Some((have, want))) if trust_at != nearest_leaf.map_or(trust_at, |l| l.span) => {
            format!("the trust admits `{have}` here, not `{want}`")
        }
        (Some(_), _) => format!("the trust admits this subject, not `{sub}`"),
        (None, _) => format!("the trust's subjects do not include `{sub}`"),
    };
    let sa_label = match sa.source {
        SaSource::EksAddon(addon) => format!("`{addon}` runs as `{ns}/{name}`"),
        _ => format!("the ServiceAccount is `{ns}/{name}`"),
    };
    // Point at the namespace when that is the part the nearest subject disagrees on.
    let nearest_namespace = nearest
        .and_then(|n| n.strip_prefix(SA_PREFIX))
        .and_then(|rest| rest.split_once(':'))
        .map(|(n, _)| n);
    let sa_at = match nearest_namespace {
        Some(n) if n != ns => sa.namespace.span,
        _ => sa.name.span,
    };
    // A ServiceAccount written out in a resource or manifest, or the one EKS runs an add-on
    // as, is what the workload really is; the trust's subject was typed by hand for it.
    let trust_is_wrong = written_literally(sa) || matches!(sa.source, SaSource::EksAddon(_));
    let d = if trust_is_wrong {
        Diagnostic::new(meta, trust_at, message)
            .with_label(trust_label)
            .with_secondary(sa_at, sa_label)
    } else {
        Diagnostic::new(meta, sa_at, message)
            .with_label(sa_label)
            .with_secondary(trust_at, trust_label)
    };
    let d = if sa.name_from_chart {
        d.with_severity(Severity::Warning)
    } else {
        d
    };
    let help = match (nearest, sa.source) {
        (Some(n), _) if n.eq_ignore_ascii_case(sub) => {
            format!("Subjects are compared case-sensitively: write `{sub}` in the trust.")
        }
        _ if sa.name_from_chart => format!(
            "The chart names its ServiceAccount after the release (`{name}` here): set the chart's `serviceAccount.name` to the name the trust admits, or admit `{sub}` in the trust."
        ),
        (Some(n), SaSource::EksAddon(addon)) => format!(
            "EKS runs `{addon}` as `{ns}/{name}` (unless `configuration_values` renames it): write `{sub}` instead of `{n}` in the trust (or `{ns}:{name}` in the module's `namespace_service_accounts`)."
        ),
        (Some(n), _) => format!(
            "Did the trust mean `{sub}` instead of `{n}`? Make the trust's subject (or the module's `namespace_service_accounts` entry) and the ServiceAccount agree."
        ),
        (None, _) => format!(
            "Add `{sub}` to the trust's `:sub` condition (or `{ns}:{name}` to the module's `namespace_service_accounts`), or point the ServiceAccount at the role meant for it."
        ),
    };
    // The side the finding points at is the one the fix edits: the ServiceAccount's value
    // when it is written verbatim there and differs from the nearest subject in one part,
    // else the trust. A chart-derived name is a guess at the chart's template: no edit.
    let sa_fix = nearest
        .filter(|_| !trust_is_wrong)
        .and_then(|n| service_account_fix(&cx, sa, n));
    let trust_fix = || {
        nearest_leaf
            .and_then(|l| subject_edit(&cx, l, sub))
            .or_else(|| differing.and_then(|(l, (a, b, to))| argument_edit(&cx, l, a, b, to)))
            .map(|e| Fix::unsafe_(format!("Make the trust admit `{sub}`"), vec![e]))
    };
    let fix = if sa.name_from_chart {
        None
    } else {
        sa_fix.or_else(trust_fix)
    };
    Some(d.with_help(help).with_fix(fix).about(m.views()))
}

/// A fix making the ServiceAccount's namespace or name (whichever alone differs) read as in
/// the admitted subject `nearest`, when that value is written verbatim where it is declared.
fn service_account_fix(cx: &Context<'_>, sa: &ServiceAccount, nearest: &str) -> Option<Fix> {
    let (want_ns, want_name) = nearest.strip_prefix(SA_PREFIX)?.split_once(':')?;
    let (ns, name) = (sa.namespace.known()?, sa.name.known()?);
    let (leaf, to, what) = if ns == want_ns && name != want_name {
        (&sa.name, want_name, "name")
    } else if ns != want_ns && name == want_name {
        (&sa.namespace, want_ns, "namespace")
    } else {
        return None;
    };
    let len = leaf.known()?.len();
    let edit = replace_leaf(cx, leaf, to).or_else(|| argument_edit(cx, leaf, 0, len, to))?;
    Some(Fix::unsafe_(
        format!("Set the ServiceAccount's {what} to `{to}`, which the trust admits"),
        vec![edit],
    ))
}

/// The byte range of the admitted subject `leaf`'s namespace or name (whichever alone differs
/// from `sub`'s), with the text `sub` has there.
fn differing_part<'s>(leaf: &Leaf, sub: &'s str) -> Option<(usize, usize, &'s str)> {
    let text = leaf.known()?;
    let (ns, name) = text.strip_prefix(SA_PREFIX)?.split_once(':')?;
    let (want_ns, want_name) = sub.strip_prefix(SA_PREFIX)?.split_once(':')?;
    let start = SA_PREFIX.len();
    if ns != want_ns && name == want_name {
        Some((start, start + ns.len(), want_ns))
    } else if ns == want_ns && name != want_name {
        Some((start + ns.len() + 1, text.len(), want_name))
    } else {
        None
    }
}

/// An edit of bytes `a..b` of `leaf`'s text when they are written verbatim in another file
/// than the leaf: a caller's argument or a `templatefile()` variable, which gives this value.
/// Unsafe (every XR001 fix is): the text may be used elsewhere too.
fn argument_edit(cx: &Context<'_>, leaf: &Leaf, a: usize, b: usize, to: &str) -> Option<Edit> {
    verbatim_edit(cx, &leaf.value, a, b, to).filter(|e| e.span.file != leaf.span.file)
}

/// An edit making the trust subject `leaf` read `sub`: the whole value when written
/// verbatim, else the `<namespace>:<name>` a module prefixes with `system:serviceaccount:`.
fn subject_edit(cx: &Context<'_>, leaf: &Leaf, sub: &str) -> Option<Edit> {
    if let Some(e) = replace_leaf(cx, leaf, sub) {
        return Some(e);
    }
    let flat = leaf.value.known_parts_text();
    let rest = sub.strip_prefix(SA_PREFIX)?;
    if !flat.starts_with(SA_PREFIX) {
        return None;
    }
    verbatim_edit(cx, &leaf.value, SA_PREFIX.len(), flat.len(), rest)
        .filter(|e| leaf.span.contains(e.span))
}
