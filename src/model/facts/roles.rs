//! The IAM roles a module creates (`aws_iam_role` and known role modules), with the name and
//! path their ARN will carry, and the resolver that finds which of the workspace's roles a
//! role ARN value names: by reference, by a literal ARN's name and path, or not at all.

use super::infra::{InfraFacts, header_span, is_account};
use crate::base::source::Span;
use crate::eval::Evaluator;
use crate::model::known_modules;
use crate::value::{Part, Shape, SymStr, Value};
use std::path::Path;

/// The default path of an IAM role.
const DEFAULT_PATH: &str = "/";

/// One role the module creates.
#[derive(Debug, Clone)]
pub struct RoleFact {
    /// `aws_iam_role.NAME` or `module.NAME` (as `Policy.role` holds it).
    pub address: String,
    /// The name the role's ARN carries, when known.
    pub name: Option<RoleName>,
    /// The role's path (`/` by default); `None` when not known.
    pub path: Option<String>,
    /// The reference to write for the role's ARN (`aws_iam_role.x.arn`, `module.x.arn`).
    pub arn_reference: String,
    /// The account the role is created in, when its `provider "aws"` configuration is pinned
    /// to one (`allowed_account_ids` with one entry, or `assume_role { role_arn }`), with where
    /// that is written. Usually not known: most configurations take the account from the
    /// credentials they run with.
    pub account: Option<(String, Span)>,
    /// The block header.
    pub header: Span,
}

/// What is known of a role's name.
#[derive(Debug, Clone)]
pub struct RoleName {
    pub text: String,
    /// `text` is only the start of the name: Terraform appends a unique suffix
    /// (`name_prefix`, the modules' `use_name_prefix`).
    pub prefix: bool,
    /// Where the name (or prefix) is written.
    pub span: Span,
}

impl RoleName {
    /// The name as written without the separator the prefix ends with (`app-` → `app`).
    pub fn stem(&self) -> &str {
        if self.prefix {
            self.text.trim_end_matches(['-', '_'])
        } else {
            &self.text
        }
    }
}

/// The roles of the module: resources first, then known module calls.
pub fn collect(ev: &mut Evaluator<'_, '_>, infra: &InfraFacts) -> Vec<RoleFact> {
    let module = ev.module;
    let mut out = Vec::new();
    for item in module.resources_of("aws_iam_role") {
        let mut text_of = |attr: &str| {
            item.attr(attr).map(|(f, e)| {
                let v = ev.eval(f, e);
                (v.known_text(), crate::input::module::span_of(f, e))
            })
        };
        let name = match (text_of("name"), text_of("name_prefix")) {
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
        };
        let path = match text_of("path") {
            None => Some(DEFAULT_PATH.to_string()),
            Some((known, _)) => known,
        };
        let address = item.address();
        out.push(RoleFact {
            arn_reference: format!("{address}.arn"),
            account: infra.role_account(&address),
            address,
            name,
            path,
            header: header_span(&item),
        });
    }
    for mut role in known_modules::role_names::roles(ev) {
        role.account = module
            .calls
            .iter()
            .find(|c| role.address.strip_prefix("module.") == Some(c.address().as_str()))
            .and_then(|c| infra.call_account(c));
        out.push(role);
    }
    out
}

/// Which role of the workspace a role ARN value names.
#[derive(Debug, Clone, Copy)]
pub enum Resolved<'w> {
    /// The role `role` of module `module` (an index into the modules given).
    Role { module: usize, role: &'w RoleFact },
    /// A literal ARN that names a role of the workspace by the wrong name or path: `role` is
    /// the one role it was meant for.
    Misnamed {
        module: usize,
        role: &'w RoleFact,
        why: Misnaming,
    },
    /// Not a role of the workspace, or not known which.
    Unknown,
}

/// How a literal ARN misses the role's real ARN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Misnaming {
    /// The ARN names the prefix; the real name has a suffix Terraform generates.
    Prefix,
    /// The name is right, the path is not.
    Path,
    /// The name and path are right, the account is not the one the role is created in.
    Account,
}

/// The account a role ARN's known text names (`arn:aws:iam::111122223333:role/…`).
pub fn arn_account(s: &SymStr) -> Option<String> {
    let lead = s.leading_text();
    // Six fields: the account's is followed by `:`, so it is all known text.
    let fields: Vec<&str> = lead.splitn(6, ':').collect();
    match fields.as_slice() {
        ["arn", _, "iam", "", account, _] if is_account(account) => Some(account.to_string()),
        _ => None,
    }
}

/// A literal role ARN's path and name: `arn:aws:iam::1:role/a/b` → (`/a/`, `b`).
pub fn arn_path_and_name(arn: &str) -> Option<(String, &str)> {
    let (_, rest) = arn.split_once(":role/")?;
    let (dirs, name) = match rest.rsplit_once('/') {
        Some((dirs, name)) => (format!("/{dirs}/"), name),
        None => (DEFAULT_PATH.to_string(), rest),
    };
    Some((dirs, name))
}

/// The name (and path, when the whole ARN is known) a role ARN string ends with.
fn written_name(s: &SymStr) -> Option<(Option<String>, String)> {
    if !s.leading_text().starts_with("arn:") {
        return None;
    }
    if let Some(text) = s.known() {
        let (path, name) = arn_path_and_name(&text)?;
        return Some((Some(path), name.to_string()));
    }
    // `arn:aws:iam::${account}:role/app`: the name is the text after the last symbol.
    match s.parts.last()? {
        Part::Text { text, .. } if s.known_parts_text().contains(":role/") => {
            let (_, name) = text.rsplit_once('/')?;
            Some((None, name.to_string()))
        }
        _ => None,
    }
}

/// Resolves `value` against `modules` (each module's directory and roles). A reference to a
/// role resolves in the module whose file it is written in; a literal ARN resolves by name to
/// the only role of the workspace that has it.
pub fn resolve<'w>(
    value: &Value,
    modules: &[(&Path, &'w [RoleFact])],
    own: Option<usize>,
) -> Resolved<'w> {
    let Some(s) = value.as_str() else {
        return Resolved::Unknown;
    };
    if let Some(sym) = s.as_symbol() {
        let Shape::RoleArn(address) = &sym.shape else {
            return Resolved::Unknown;
        };
        // A reference names a role of the module it is written in (or of the child whose
        // output it reads): the declaring module's own entry first (one instance of a module
        // must not find another instance's role).
        let order = own.into_iter().chain(0..modules.len());
        for i in order {
            let Some((module_dir, roles)) = modules.get(i) else {
                continue;
            };
            if *module_dir == address.module()
                && let Some(role) = roles.iter().find(|r| *r.address == **address)
            {
                return Resolved::Role { module: i, role };
            }
        }
        return Resolved::Unknown;
    }
    let Some((path, name)) = written_name(s) else {
        return Resolved::Unknown;
    };
    let account = arn_account(s);
    let mut exact = Vec::new();
    let mut near = Vec::new();
    for (i, (_, roles)) in modules.iter().enumerate() {
        for role in roles.iter() {
            let Some(n) = &role.name else { continue };
            let path_differs = match (&path, &role.path) {
                (Some(a), Some(b)) => a != b,
                _ => false,
            };
            // Only when both are known: most roles' accounts are not.
            let account_differs = match (&account, &role.account) {
                (Some(a), Some((b, _))) => a != b,
                _ => false,
            };
            // The generated name of a prefixed role, copied from a plan or the console.
            let generated = n.prefix && name.len() > n.text.len() && name.starts_with(&n.text);
            if (generated || (!n.prefix && name == n.text)) && !path_differs {
                if account_differs {
                    near.push((i, role, Misnaming::Account));
                } else {
                    exact.push((i, role));
                }
            } else if n.prefix && !generated && (name == n.text || name == n.stem()) {
                near.push((i, role, Misnaming::Prefix));
            } else if !n.prefix && name == n.text {
                near.push((i, role, Misnaming::Path));
            }
        }
    }
    // One role of a module seen in several instances of it is one candidate (the rules look
    // at every instance); a name several roles share (one per environment) says nothing
    // about which one.
    let mut seen: Vec<(&Path, &str)> = Vec::new();
    let mut first = |i: usize, role: &'w RoleFact| {
        let key = (modules[i].0, role.address.as_str());
        let new = !seen.contains(&key);
        if new {
            seen.push(key);
        }
        new
    };
    exact.retain(|(i, role)| first(*i, role));
    near.retain(|(i, role, _)| first(*i, role));
    match (exact.as_slice(), near.as_slice()) {
        ([(module, role)], _) => Resolved::Role {
            module: *module,
            role,
        },
        ([], [(module, role, why)]) => Resolved::Misnamed {
            module: *module,
            role,
            why: *why,
        },
        _ => Resolved::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arn_accounts() {
        let span = Span::new(crate::base::source::FileId(0), 0..0);
        let text = |t: &str| SymStr::text(t, crate::value::Origin::Derived(span));
        assert_eq!(
            arn_account(&text("arn:aws:iam::111122223333:role/app")).as_deref(),
            Some("111122223333")
        );
        assert_eq!(arn_account(&text("arn:aws:iam::1111:role/app")), None);
        let mut built = text("arn:aws:iam::");
        built.extend(SymStr::symbol(Shape::Account, span));
        built.extend(text(":role/app"));
        assert_eq!(arn_account(&built), None);
    }

    #[test]
    fn arn_paths_and_names() {
        assert_eq!(
            arn_path_and_name("arn:aws:iam::111122223333:role/app"),
            Some(("/".to_string(), "app"))
        );
        assert_eq!(
            arn_path_and_name("arn:aws:iam::111122223333:role/eks/irsa/app"),
            Some(("/eks/irsa/".to_string(), "app"))
        );
        assert_eq!(
            arn_path_and_name("arn:aws:iam::111122223333:policy/p"),
            None
        );
    }
}
