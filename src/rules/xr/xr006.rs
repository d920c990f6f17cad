use crate::base::diagnostic::Diagnostic;
use crate::model::facts::service_accounts::SaSource;
use crate::rules::declare::declare_rule;
use crate::rules::xr::helpers::mismatches;
use crate::rules::xr::xr001::diagnose;
use crate::rules::{Rule, WorkspaceContext};

declare_rule! {
    /// XR006: an EKS add-on (`aws_eks_addon`, or an EKS module's add-on entry) whose
    /// `service_account_role_arn` names a role whose web-identity trust admits no subject of
    /// the ServiceAccount the add-on runs as. The add-on's pods get AccessDenied from STS.
    pub struct AddonRoleTrustsWrongServiceAccount;
    code: "XR006",
    name: "addon-role-trusts-wrong-service-account",
    severity: Error,
    kind: Breaks,
    fix: Sometimes,
    summary: "EKS add-on's role does not trust the add-on's ServiceAccount",
    scope: Workspace,
}

impl Rule for AddonRoleTrustsWrongServiceAccount {
    fn check_workspace(&self, cx: &WorkspaceContext<'_>, out: &mut Vec<Diagnostic>) {
        // The other ServiceAccounts are XR001's: one mismatch, one finding.
        let mismatches = mismatches(cx).into_iter();
        out.extend(
            mismatches
                .filter(|m| matches!(m.sa.source, SaSource::EksAddon(_)))
                .filter_map(|m| diagnose(&META, cx, &m)),
        );
    }
}
