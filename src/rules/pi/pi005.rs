use crate::base::diagnostic::{Diagnostic, Severity};
use crate::model::policy::issuer::IssuerRef;
use crate::rules::declare::declare_rule;
use crate::rules::helpers::policy_context;
use crate::rules::helpers::{claim_conditions, grants, is_eks_statement, is_oidc_statement, show};
use crate::rules::pi::helpers::{ASSUME, allows, pod_principal};
use crate::rules::{Context, ModuleContext, Rule};

declare_rule! {
    /// PI005: (a) a service account both associated through Pod Identity and trusted through an
    /// IRSA subject of another role; (b) a Pod Identity trust statement without any condition
    /// that scopes it to clusters, namespaces or service accounts.
    pub struct AmbiguousOrUnscopedPodIdentity;
    code: "PI005",
    name: "ambiguous-or-unscoped-pod-identity",
    severity: Warning,
    kind: Exposes,
    fix: None,
    summary: "Service account under both IRSA and Pod Identity, or an unscoped Pod Identity trust",
}

impl Rule for AmbiguousOrUnscopedPodIdentity {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for st in &cx.policy.statements {
            // A statement granting only `sts:TagSession` lets nobody assume the role.
            if allows(st) != Some(true)
                || pod_principal(st) != Some(true)
                || !st.conditions_complete
                || (!st.not_action && grants(&st.actions, ASSUME) == Some(false))
            {
                continue;
            }
            let scoped = st.conditions.iter().any(|c| match c.key.known() {
                Some(k) => {
                    let k = k.to_ascii_lowercase();
                    k.starts_with("aws:requesttag/")
                        || k == "aws:sourceaccount"
                        || k == "aws:sourcearn"
                }
                // An unknown key may be a scoping one.
                None => true,
            });
            if scoped {
                continue;
            }
            let whose = match &cx.policy.role {
                Some(r) => format!("`{r}`"),
                None => "this role".to_string(),
            };
            out.push(
                Diagnostic::new(
                    &META,
                    st.condition_block.unwrap_or(st.span),
                    format!(
                        "Pod Identity trust of {whose} has no `aws:RequestTag/…`, `aws:SourceAccount` or `aws:SourceArn` condition: any Pod Identity association in the account can use the role"
                    ),
                )
                .with_severity(Severity::Info)
                .with_label("unscoped Pod Identity trust")
                .with_help(
                    "Scope the statement with `StringEquals` on `aws:RequestTag/kubernetes-namespace` and `aws:RequestTag/kubernetes-service-account` (and `aws:RequestTag/eks-cluster-arn`).",
                ),
            );
        }
    }

    fn check_module(&self, cx: &ModuleContext<'_>, out: &mut Vec<Diagnostic>) {
        let Some(pi) = &cx.facts.pod_identity else {
            return;
        };
        for a in &pi.associations {
            let (Some(role), Some(ns), Some(sa)) = (
                a.role.as_deref(),
                a.namespace.as_ref().and_then(|x| x.text.as_deref()),
                a.service_account.as_ref(),
            ) else {
                continue;
            };
            let Some(sa_name) = sa.text.as_deref() else {
                continue;
            };
            let subject = format!("system:serviceaccount:{ns}:{sa_name}");
            for policy in cx.policies {
                // The same role under both mechanisms gives the pods the same permissions.
                let Some(irsa_role) = policy.role.as_deref().filter(|r| *r != role) else {
                    continue;
                };
                let pcx = policy_context(cx, policy);
                for st in &policy.statements {
                    if allows(st) != Some(true) || !is_oidc_statement(st) || !is_eks_statement(st) {
                        continue;
                    }
                    for c in claim_conditions(st) {
                        if c.key.claim != "sub" || !c.op.is_positive_string() {
                            continue;
                        }
                        // A subject of another cluster is another service account.
                        if let (IssuerRef::Symbolic(i), Some(cluster)) = (&c.issuer, &a.cluster)
                            && i.certainly_differs(cluster)
                        {
                            continue;
                        }
                        for v in &c.cond.values.items {
                            let Some(p) = v.known() else { continue };
                            // Named exactly: a pattern covering it is not a deliberate overlap.
                            if p.contains(['*', '?']) || !c.op.matches(&p, &subject) {
                                continue;
                            }
                            out.push(
                                Diagnostic::new(
                                    &META,
                                    v.span,
                                    format!(
                                        "service account `{ns}/{sa_name}` is trusted through IRSA by `{irsa_role}` and also gets `{role}` through {}; which role its pods receive depends on the SDK's credential chain",
                                        a.what
                                    ),
                                )
                                .with_label(format!(
                                    "IRSA subject on `{}`",
                                    show(&pcx, &c.cond.key.value)
                                ))
                                .with_secondary(sa.span, "the same service account under Pod Identity")
                                .with_help(
                                    "Keep one mechanism per service account: drop the IRSA subject (and the `eks.amazonaws.com/role-arn` annotation) or the association. An overlap during a migration is expected; suppress the finding there.",
                                ),
                            );
                        }
                    }
                }
            }
        }
    }
}
