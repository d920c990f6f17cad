//! Finds the trust policies of a module: every `aws_iam_role`'s `assume_role_policy`, whatever
//! form it takes, and policy documents no role uses that grant `sts:AssumeRole*` to principals
//! (trusts passed to modules).

use super::document::document_policy;
use super::from_value::policy_from_value;
use super::model::{InvalidLoop, Policy, PolicyForm, Statement};
use crate::base::diagnostic::Problem;
use crate::base::source::Span;
use crate::eval::{Evaluator, JuxtaposedLoop};
use crate::input::parse::json::parse_json;
use crate::value::{Shape, Value};
use std::collections::HashSet;

/// Trust policies found in a module, and the JSON errors met on the way.
#[derive(Debug, Default)]
pub struct Extracted {
    pub policies: Vec<Policy>,
    pub errors: Vec<Problem>,
}

pub fn extract(ev: &mut Evaluator<'_, '_>) -> Extracted {
    let mut out = Extracted::default();
    let mut documents_used = HashSet::new();
    let module = ev.module;
    for role in module.resources_of("aws_iam_role") {
        let Some((file, expr)) = role.attr("assume_role_policy") else {
            continue;
        };
        let address = role.address();
        let value = ev.eval(file, expr);
        if let Value::PolicyDocument(name, _) = &value {
            documents_used.insert(name.clone());
        }
        match policy_or_error(ev, &value, Some(address)) {
            Ok(Some(p)) => out.policies.push(p),
            Ok(None) => {}
            Err(e) => out.errors.push(*e),
        }
    }
    out.policies
        .extend(crate::model::known_modules::module_policies(ev));
    for doc in module.data_of("aws_iam_policy_document") {
        let name = crate::input::module::Module::name_of(&doc);
        if documents_used.contains(&name) {
            continue;
        }
        // A document no role uses is a trust policy when a statement grants a role-assumption
        // action (`sts:AssumeRole*`, `sts:*`, or an action not known here) to principals:
        // permission policies have no principals, and resource policies (S3, KMS, Logs) grant
        // other actions.
        if let Some(p) = document_policy(ev, &name, None)
            && p.statements.iter().any(grants_assume_role)
        {
            out.policies.push(p);
        }
    }
    out
}

/// True when `st` grants principals an action that assumes a role.
fn grants_assume_role(st: &Statement) -> bool {
    if st.principals.is_empty() || st.not_action {
        return false;
    }
    !st.actions.complete
        || st.actions.items.iter().any(|a| {
            a.known().is_none_or(|t| {
                let t = t.to_ascii_lowercase();
                t == "sts:*" || t.starts_with("sts:assumerole")
            })
        })
}

/// The policy an evaluated `assume_role_policy` value denotes (`None` when it is not known).
pub fn policy_of_value(
    ev: &mut Evaluator<'_, '_>,
    v: &Value,
    role: Option<String>,
    _depth: usize,
) -> Option<Policy> {
    policy_or_error(ev, v, role)
        .ok()
        .flatten()
        .filter(|p| p.invalid_loop.is_none())
}

fn policy_or_error(
    ev: &mut Evaluator<'_, '_>,
    v: &Value,
    role: Option<String>,
) -> Result<Option<Policy>, Box<Problem>> {
    match v {
        Value::PolicyDocument(name, _) => Ok(document_policy(ev, name, role)),
        Value::Str(s, span) => {
            if let Some(sym) = s.as_symbol() {
                return Ok(match &sym.shape {
                    Shape::Json(inner) => {
                        policy_from_value(inner, PolicyForm::JsonEncode, role, *span)
                    }
                    _ => None,
                });
            }
            match parse_json(s, *span) {
                Ok(doc) => Ok(policy_from_value(&doc, PolicyForm::JsonText, role, *span)),
                // Interpolations outside JSON strings (template directives, say) may make the
                // text valid once rendered.
                Err(e) if !e.structure_known => Ok(None),
                // A loop that put JSON values side by side broke the text: WIF014 says so.
                Err(e) => match ev.juxtaposed_loop_at(e.span) {
                    Some(l) => Ok(Some(invalid_loop_policy(l, e.message, role, *span))),
                    None => Err(Box::new(
                        Problem::error(
                            e.span,
                            format!("invalid JSON in trust policy: {}", e.message),
                        )
                        .with_label("JSON parsing stopped here"),
                    )),
                },
            }
        }
        _ => Ok(None),
    }
}

/// JSON text a `%{ for }` loop broke: a policy with no known statement, for WIF014.
fn invalid_loop_policy(
    l: &JuxtaposedLoop,
    json_error: String,
    role: Option<String>,
    span: Span,
) -> Policy {
    Policy {
        form: PolicyForm::JsonText,
        role,
        span,
        version: None,
        statements: Vec::new(),
        statements_complete: false,
        instance: None,
        invalid_loop: Some(InvalidLoop {
            intro: l.intro,
            before: l.before.clone(),
            after: l.after.clone(),
            iterations: l.iterations,
            json_error,
        }),
    }
}
