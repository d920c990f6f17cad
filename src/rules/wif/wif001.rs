use crate::base::diagnostic::{Diagnostic, Fix};
use crate::base::known::WEB_IDENTITY_ACTION;
use crate::base::known::is_eks_host;
use crate::model::policy::Statement;
use crate::model::policy::issuer::{FederatedKind, classify_federated};
use crate::rules::declare::declare_rule;
use crate::rules::helpers::{federated, grants, replace_leaf, show};
use crate::rules::{Context, Rule};
use crate::value::Shape;

declare_rule! {
    /// WIF001: a web-identity principal with the wrong action, or an OIDC provider under the wrong
    /// principal type. STS only evaluates `sts:AssumeRoleWithWebIdentity` for `Federated` principals.
    pub struct WrongActionOrPrincipalType;
    code: "WIF001",
    name: "wrong-action-or-principal-type",
    severity: Error,
    kind: Breaks,
    fix: Sometimes,
    summary: "Web-identity principal with the wrong action or principal type",
}

impl Rule for WrongActionOrPrincipalType {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for st in &cx.policy.statements {
            if st.not_principal || st.not_action {
                continue;
            }
            check_action(cx, st, out);
            check_principal_type(cx, st, out);
        }
    }
}

/// The `sts:AssumeRole` action that should be `sts:AssumeRoleWithWebIdentity`, with its edit.
fn action_fix(cx: &Context<'_>, st: &Statement) -> Option<crate::base::diagnostic::Edit> {
    let mut assume_role = st.actions.items.iter().filter(|a| {
        a.known()
            .is_some_and(|t| t.eq_ignore_ascii_case("sts:AssumeRole"))
    });
    let leaf = assume_role.next()?;
    replace_leaf(cx, leaf, WEB_IDENTITY_ACTION)
}

fn check_action(cx: &Context<'_>, st: &Statement, out: &mut Vec<Diagnostic>) {
    let web = federated(st).into_iter().find(|f| {
        matches!(
            f.kind,
            FederatedKind::OidcProvider(_) | FederatedKind::BuiltIn(_)
        )
    });
    let Some(web) = web else { return };
    // No action at all is a grammar error (WIF014), not a wrong action.
    if grants(&st.actions, WEB_IDENTITY_ACTION) != Some(false) || st.actions.items.is_empty() {
        return;
    }
    let shown: Vec<String> = st.actions.items.iter().filter_map(|a| a.known()).collect();
    let primary = st.actions.items.first().map_or(st.span, |a| a.span);
    let message = if shown.is_empty() {
        format!(
            "statement trusts web identity `{}` but grants no action",
            show(cx, &web.leaf.value)
        )
    } else {
        format!(
            "statement trusts web identity `{}` but allows `{}`, not `{WEB_IDENTITY_ACTION}`",
            show(cx, &web.leaf.value),
            shown.join("`, `")
        )
    };
    let fix = action_fix(cx, st).map(|e| {
        Fix::safe(
            format!("Replace `sts:AssumeRole` with `{WEB_IDENTITY_ACTION}`"),
            vec![e],
        )
    });
    out.push(
        Diagnostic::new(&META, primary, message)
            .with_label("web-identity tokens need this action")
            .with_secondary(web.leaf.span, "Federated web-identity principal")
            .with_help(format!(
                "A Federated OIDC principal can only be assumed with `{WEB_IDENTITY_ACTION}`; keep `sts:TagSession` if you need it."
            ))
            .with_fix(fix),
    );
}

/// True when a value is an OIDC provider ARN or an issuer host.
fn is_oidc_value(v: &crate::value::SymStr) -> bool {
    if let Some(sym) = v.as_symbol() {
        return matches!(sym.shape, Shape::ProviderArn(_));
    }
    match v.known() {
        Some(t) => {
            matches!(classify_federated(v), FederatedKind::OidcProvider(_)) || is_eks_host(&t)
        }
        None => matches!(classify_federated(v), FederatedKind::OidcProvider(_)),
    }
}

fn check_principal_type(cx: &Context<'_>, st: &Statement, out: &mut Vec<Diagnostic>) {
    for p in &st.principals {
        let Some(kind) = p.kind.known() else { continue };
        if kind != "AWS" && kind != "Service" {
            continue;
        }
        let Some(value) = p.values.items.iter().find(|v| is_oidc_value(&v.value)) else {
            continue;
        };
        let mut edits: Vec<_> = replace_leaf(cx, &p.kind, "Federated").into_iter().collect();
        if grants(&st.actions, WEB_IDENTITY_ACTION) == Some(false)
            && let Some(e) = action_fix(cx, st)
        {
            edits.push(e);
        }
        let fix = (!edits.is_empty())
            .then(|| Fix::safe("Move the OIDC provider under `Federated`", edits));
        out.push(
            Diagnostic::new(
                &META,
                p.kind.span,
                format!(
                    "OIDC provider `{}` is under principal type `{kind}`; web identity needs `Federated`",
                    show(cx, &value.value)
                ),
            )
            .with_label(format!("`{kind}` cannot name an OIDC provider"))
            .with_secondary(value.span, "OIDC provider")
            .with_help(format!(
                "Write the provider under `Federated` and allow `{WEB_IDENTITY_ACTION}`."
            ))
            .with_fix(fix),
        );
    }
}
