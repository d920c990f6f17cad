//! The name and path of the role a terraform-aws-iam role module call creates, from its inputs
//! (research §2.2): v6 `name` with `use_name_prefix` (default true: the real name is
//! `<name>-<suffix>`) and `path`; v5 `role_name`, or `role_name_prefix`, and `role_path`.
//! The other IRSA role modules (EKS Blueprints `irsa` and `eks-blueprints-addon`, cloudposse
//! `eks-iam-role`) give their role too, without a name: a reference to their ARN output
//! resolves to it, a literal ARN does not.

use super::{Kind, RoleOutput, call_kind, role_outputs};
use crate::eval::Evaluator;
use crate::input::module::span_of;
use crate::model::facts::infra::header_span;
use crate::model::facts::roles::{RoleFact, RoleName};

/// The roles of the module's terraform-aws-iam role module calls whose naming is modelled.
pub fn roles(ev: &mut Evaluator<'_, '_>) -> Vec<RoleFact> {
    let module = ev.module;
    let mut out = Vec::new();
    for call in &module.calls {
        let v6 = match call_kind(ev, call) {
            Some(Kind::ServiceAccounts | Kind::IamRoleV6) => true,
            Some(Kind::ServiceAccountsEks | Kind::AssumableRoleWithOidc) => false,
            Some(kind @ (Kind::BlueprintsIrsa | Kind::BlueprintsAddon | Kind::Cloudposse)) => {
                out.extend(unnamed(call, kind));
                continue;
            }
            _ => continue,
        };
        let mut input = |name: &str| {
            call.attr(name)
                .map(|(f, e)| (ev.eval(f, e).known_text(), span_of(f, e)))
        };
        let name = if v6 {
            let prefix = match input("use_name_prefix") {
                None => Some(true),
                Some((known, _)) => known.map(|t| t == "true"),
            };
            match (input("name"), prefix) {
                (Some((Some(text), span)), Some(prefix)) => Some(RoleName {
                    // The module passes `name_prefix = "${var.name}-"`.
                    text: if prefix { format!("{text}-") } else { text },
                    prefix,
                    span,
                }),
                _ => None,
            }
        } else {
            match (input("role_name"), input("role_name_prefix")) {
                (Some((Some(text), span)), _) => Some(RoleName {
                    text,
                    prefix: false,
                    span,
                }),
                (None, Some((Some(text), span))) => Some(RoleName {
                    text,
                    prefix: true,
                    span,
                }),
                _ => None,
            }
        };
        let path = match input(if v6 { "path" } else { "role_path" }) {
            None => Some("/".to_string()),
            Some((known, _)) => known,
        };
        let address = format!("module.{}", call.address());
        out.push(RoleFact {
            arn_reference: format!("{address}.{}", if v6 { "arn" } else { "iam_role_arn" }),
            address,
            name,
            path,
            // Set by the caller, which knows the module's provider configurations.
            account: None,
            header: header_span(call),
        });
    }
    out
}

/// The role of a call of `kind`, whose name is not modelled: found only by its ARN output.
fn unnamed(call: &crate::input::module::Item<'_>, kind: Kind) -> Option<RoleFact> {
    let (output, _) = role_outputs(kind)
        .iter()
        .find(|(_, o)| *o == RoleOutput::Arn)?;
    let address = format!("module.{}", call.address());
    Some(RoleFact {
        arn_reference: format!("{address}.{output}"),
        address,
        name: None,
        path: None,
        // Set by the caller, which knows the module's provider configurations.
        account: None,
        header: header_span(call),
    })
}
