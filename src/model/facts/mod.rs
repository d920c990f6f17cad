//! Facts of one module, built once before any rule runs: what rules need to know about the
//! module's resources besides its trust policies. Rules read them; they never evaluate.

mod eks_addon;
mod helm;
pub mod infra;
pub mod kubernetes;
pub mod kubernetes_manifest;
pub mod pod_identity;
pub mod roles;
pub mod service_accounts;
pub mod yaml_manifests;

use crate::base::source::{FileId, Span};
use crate::eval::Evaluator;
use crate::input::module::{Module, span_of};
use crate::model::known_modules::{self, eks, input_shapes};
use crate::model::policy::Leaves;
use crate::model::policy::from_value::leaves;
use crate::value::{Issuer, UnindexedBlockAccess};
use hcl_edit::expr::Expression;

/// An IAM OIDC provider defined in the module.
#[derive(Debug, Clone)]
pub struct ProviderFact {
    /// `aws_iam_openid_connect_provider.X` or `module.X`.
    pub address: String,
    pub issuer: Issuer,
    pub client_ids: Leaves,
    pub span: Span,
    /// The block header of the resource or module call.
    pub header: Span,
    /// Where the client IDs are written: `client_id_list` of a resource, or a module call's
    /// `openid_connect_audiences` (its header when it has none).
    pub client_ids_at: Option<ListSite>,
}

/// Where a list argument is written.
#[derive(Debug, Clone)]
pub struct ListSite {
    pub span: Span,
    /// Written as a `[…]` literal.
    pub literal: bool,
    /// The literal's last element.
    pub last: Option<Span>,
}

#[derive(Debug, Default)]
pub struct ModuleFacts {
    pub providers: Vec<ProviderFact>,
    /// EKS clusters, IAM OIDC provider blocks, `provider "aws"` regions, role providers,
    /// Cognito identity pools.
    pub infra: infra::InfraFacts,
    /// EKS Pod Identity associations and their roles; `None` when the module has none.
    pub pod_identity: Option<pod_identity::PodIdentity>,
    /// terraform-aws-iam v5 module calls that `terraform init` would look for in v6.
    pub removed_in_v6: Vec<known_modules::RemovedInV6>,
    /// IRSA module calls using the other major version's input names (XR005).
    pub foreign_inputs: Vec<known_modules::ForeignInput>,
    /// Provider-ARN inputs of role module calls that hold a URL or host instead (XR005; the
    /// policy rules leave the principals and keys built from them alone).
    pub not_provider_arns: Vec<input_shapes::NotProviderArn>,
    /// cloudposse role module calls whose trust admits every ServiceAccount (XR005; IRSA002
    /// leaves their `system:serviceaccount:*:*` alone).
    pub any_service_account: Vec<input_shapes::AnyServiceAccount>,
    /// The service accounts EKS Blueprints add-on roles trust (the bundles create them).
    pub addon_service_accounts: Vec<known_modules::blueprints_addons::AddonServiceAccount>,
    /// The ServiceAccounts the module declares, from every source (XR rules).
    pub service_accounts: Vec<service_accounts::ServiceAccount>,
    /// The IAM roles the module creates, with their names and paths (XR rules).
    pub roles: Vec<roles::RoleFact>,
    /// Cluster issuer references the evaluator met without their list indexes.
    pub unindexed_accesses: Vec<UnindexedBlockAccess>,
}

impl ModuleFacts {
    pub fn collect(ev: &mut Evaluator<'_, '_>) -> ModuleFacts {
        let module = ev.module;
        let mut providers = Vec::new();
        for item in module.resources_of("aws_iam_openid_connect_provider") {
            let name = Module::name_of(&item);
            let address = item.address();
            let issuer = ev.provider_issuer(false, &name, &address);
            let client_ids = match item.attr("client_id_list") {
                Some((f, e)) => leaves(&ev.eval(f, e)),
                None => Leaves::default(),
            };
            // Found by address as the evaluator finds the issuer: a repeated address names
            // its last block.
            let named = address
                .strip_prefix("aws_iam_openid_connect_provider.")
                .and_then(|name| module.resource("aws_iam_openid_connect_provider", name));
            providers.push(ProviderFact {
                address,
                issuer,
                client_ids,
                span: item.span(),
                header: named.map_or(item.span(), |i| infra::header_span(&i)),
                client_ids_at: named
                    .and_then(|i| i.attr("client_id_list"))
                    .map(|(f, e)| list_site(f, e)),
            });
        }
        for call in &module.calls {
            providers.extend(eks::provider(ev, call));
        }
        let infra = infra::InfraFacts::collect(ev);
        let pod_identity = pod_identity::collect(ev);
        let removed_in_v6 = known_modules::removed_in_v6(ev);
        let foreign_inputs = known_modules::foreign_inputs(ev);
        let not_provider_arns = input_shapes::not_provider_arns(ev);
        let any_service_account = input_shapes::any_service_account(ev);
        let addon_service_accounts = known_modules::addon_service_accounts(ev);
        let mut service_accounts = Vec::new();
        service_accounts.extend(kubernetes::collect(ev));
        let roles = roles::collect(ev, &infra);
        service_accounts.extend(helm::collect(ev));
        service_accounts.extend(eks_addon::collect(ev));
        service_accounts.extend(eks_addon::from_eks_calls(ev));
        if let Some(pi) = &pod_identity {
            let associated = pi.associations.iter();
            let dir = &ev.module.dir;
            service_accounts.extend(associated.filter_map(|a| a.service_account(dir)));
        }
        service_accounts.extend(kubernetes_manifest::collect(ev));
        ModuleFacts {
            providers,
            infra,
            pod_identity,
            removed_in_v6,
            foreign_inputs,
            not_provider_arns,
            any_service_account,
            addon_service_accounts,
            service_accounts,
            roles,
            // Last: every evaluation (the policies', then the facts') has run.
            unindexed_accesses: ev.take_unindexed_accesses(),
        }
    }
}

/// Where the list `expr` is written.
pub(crate) fn list_site(file: FileId, expr: &Expression) -> ListSite {
    let span = span_of(file, expr);
    match expr {
        Expression::Array(arr) => ListSite {
            span,
            literal: true,
            last: arr.iter().last().map(|e| span_of(file, e)),
        },
        _ => ListSite {
            span,
            literal: false,
            last: None,
        },
    }
}
