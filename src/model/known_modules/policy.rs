//! What the modules' trust policies are built from: a [`Builder`] that reads one call's inputs
//! and writes statements the way the modules render them, and the leaf helpers they share. Each
//! leaf points at the input that produces it, so findings land on the line the user wrote;
//! what the module writes itself is located at the module block.

use super::version::Release;
use crate::base::known::{SA_PREFIX, WEB_IDENTITY_ACTION};
use crate::base::source::Span;
use crate::eval::Evaluator;
use crate::input::module::Item;
use crate::model::policy::from_value::{leaf, leaves};
use crate::model::policy::{Condition, Leaf, Leaves, Policy, PolicyForm, Principal, Statement};
use crate::value::{Origin, Part, Shape, SymStr, Symbol, Value, sub_part};

pub(super) struct Builder<'b, 'm, 'a> {
    pub(super) ev: &'b mut Evaluator<'m, 'a>,
    pub(super) call: Item<'a>,
    /// The releases the call's `version` admits.
    pub(super) release: Release,
}

impl Builder<'_, '_, '_> {
    pub(super) fn input(&mut self, name: &str) -> Option<Value> {
        self.call.attr(name).map(|(f, e)| self.ev.eval(f, e))
    }

    /// A string input as a leaf; an input whose value is not known (a variable without a
    /// default, a remote-state attribute) is a symbol of unknown shape at the argument, so the
    /// statement is still rendered and what is known about it still checked.
    pub(super) fn input_leaf(&mut self, name: &str) -> Option<Leaf> {
        self.input(name).as_ref().and_then(symbolic_leaf)
    }

    /// A constant the module writes itself, located at the module block.
    pub(super) fn constant(&self, text: &str) -> Leaf {
        let span = self.call.span();
        Leaf {
            value: SymStr::text(text, Origin::Derived(span)),
            span,
        }
    }

    /// A string input (symbolic when unknown), or the module's default.
    pub(super) fn string_or(&mut self, name: &str, default: &str) -> Leaf {
        self.input_leaf(name)
            .unwrap_or_else(|| self.constant(default))
    }

    pub(super) fn bool_input(&mut self, name: &str) -> Option<bool> {
        self.input(name)
            .and_then(|v| v.known_text())
            .map(|t| t == "true")
    }

    pub(super) fn list_input(&mut self, name: &str) -> Leaves {
        match self.input(name) {
            Some(v) => leaves(&v),
            None => Leaves {
                items: Vec::new(),
                complete: true,
            },
        }
    }

    /// The module's trust policy from its statements (`complete`: nothing was left out).
    pub(super) fn policy(&self, statements: Vec<Statement>, complete: bool) -> Option<Policy> {
        let role = format!("module.{}", self.call.address());
        self.role_policy(role, statements, complete)
    }

    /// The trust policy of `role`, one of several roles the call creates.
    pub(super) fn role_policy(
        &self,
        role: String,
        statements: Vec<Statement>,
        complete: bool,
    ) -> Option<Policy> {
        if statements.is_empty() && complete {
            return None;
        }
        Some(Policy {
            form: PolicyForm::Module,
            role: Some(role),
            span: self.call.span(),
            version: Some(self.constant("2012-10-17")),
            statements,
            statements_complete: complete,
            instance: None,
            invalid_loop: None,
        })
    }

    /// `system:serviceaccount:<namespace>:<name>`, located at the name.
    pub(super) fn service_account_subject(&self, namespace: Leaf, name: Leaf) -> Leaf {
        let mut value = self.constant(SA_PREFIX).value;
        value.extend(namespace.value);
        value.extend(SymStr::text(":", Origin::Derived(namespace.span)));
        value.extend(name.value);
        Leaf {
            value,
            span: name.span,
        }
    }

    pub(super) fn account_leaf(&mut self, input: &str) -> Leaf {
        self.input_leaf(input)
            .unwrap_or_else(|| self.module_account())
    }

    /// The account the module reads from `aws_caller_identity` itself.
    pub(super) fn module_account(&self) -> Leaf {
        let span = self.call.span();
        Leaf {
            value: SymStr::symbol(Shape::Account, unwritten(span)),
            span,
        }
    }

    /// `arn:<partition>:iam::<account>:oidc-provider/<host>` as the module builds it.
    pub(super) fn provider_arn(&self, account: &Leaf, host: &SymStr, span: Span) -> Leaf {
        let module_span = self.call.span();
        let mut s = SymStr::text("arn:", Origin::Derived(module_span));
        s.push(Part::Sym(Symbol {
            shape: Shape::Partition,
            site: unwritten(module_span),
        }));
        s.push(Part::Text {
            text: ":iam::".into(),
            origin: Origin::Derived(module_span),
        });
        s.extend(account.value.clone());
        s.push(Part::Text {
            text: ":oidc-provider/".into(),
            origin: Origin::Derived(module_span),
        });
        s.extend(host.clone());
        Leaf { value: s, span }
    }

    pub(super) fn key(&self, host: &SymStr, claim: &str) -> Leaf {
        let mut s = host.clone();
        s.push(Part::Text {
            text: format!(":{claim}"),
            origin: Origin::Derived(self.call.span()),
        });
        Leaf {
            span: host.span().unwrap_or(self.call.span()),
            value: s,
        }
    }

    pub(super) fn condition(&self, operator: Leaf, key: Leaf, values: Leaves) -> Condition {
        let entry = values.items.first().map_or(key.span, |v| v.span);
        Condition {
            key_written: key.span,
            operator,
            key,
            values,
            entry,
            siblings: 1,
        }
    }

    /// Subjects: exact ones under StringEquals, patterns under StringLike; none → no condition.
    pub(super) fn add_subjects(
        &self,
        st: &mut Statement,
        host: &SymStr,
        exact: &Leaves,
        wildcard: &Leaves,
    ) {
        if !exact.items.is_empty() || !exact.complete {
            let key = self.key(host, "sub");
            st.conditions
                .push(self.condition(self.constant("StringEquals"), key, exact.clone()));
        }
        if !wildcard.items.is_empty() || !wildcard.complete {
            let key = self.key(host, "sub");
            st.conditions
                .push(self.condition(self.constant("StringLike"), key, wildcard.clone()));
        }
        st.conditions_complete &= exact.complete && wildcard.complete;
    }

    /// One web-identity statement with optional `sub` (operator, values) and `aud` values.
    pub(super) fn statement(
        &self,
        principal: Leaf,
        host: &SymStr,
        subs: Option<(Leaf, Leaves)>,
        audiences: Option<Vec<Leaf>>,
    ) -> Statement {
        let span = self.call.span();
        let mut st = Statement {
            span,
            sid: None,
            effect: Some(self.constant("Allow")),
            principals: vec![Principal {
                kind: self.constant("Federated"),
                span: principal.span,
                values: complete_leaves(vec![principal]),
            }],
            principals_complete: true,
            not_principal: false,
            actions: complete_leaves(vec![self.constant(WEB_IDENTITY_ACTION)]),
            not_action: false,
            conditions: Vec::new(),
            conditions_complete: true,
            condition_block: None,
        };
        if let Some((test, values)) = subs {
            st.conditions_complete &= values.complete;
            let key = self.key(host, "sub");
            st.conditions
                .push(self.condition(test.clone(), key, values));
            if let Some(auds) = audiences {
                let key = self.key(host, "aud");
                st.conditions
                    .push(self.condition(test, key, complete_leaves(auds)));
            }
        } else if let Some(auds) = audiences {
            let key = self.key(host, "aud");
            st.conditions.push(self.condition(
                self.constant("StringEquals"),
                key,
                complete_leaves(auds),
            ));
        }
        st
    }
}

/// Subject inputs: exact values (StringEquals) and patterns (StringLike).
pub(super) struct Subjects<'s> {
    pub(super) exact: &'s Leaves,
    pub(super) wildcard: &'s Leaves,
}

/// One statement per issuer URL, as the generic OIDC modules (v5
/// `iam-assumable-role-with-oidc`, v6 `iam-role`) render them; audiences (if any) under
/// `aud_operator`.
pub(super) fn url_statements(
    b: &Builder<'_, '_, '_>,
    urls: &Leaves,
    account: &Leaf,
    subjects: &Subjects<'_>,
    audiences: &Leaves,
    aud_operator: &str,
) -> Vec<Statement> {
    let mut out = Vec::new();
    for url in &urls.items {
        let host = host_of_url(&url.value, url.span);
        let principal = b.provider_arn(account, &host, url.span);
        let mut st = b.statement(principal, &host, None, None);
        b.add_subjects(&mut st, &host, subjects.exact, subjects.wildcard);
        if !audiences.items.is_empty() {
            let key = b.key(&host, "aud");
            st.conditions
                .push(b.condition(b.constant(aud_operator), key, audiences.clone()));
        }
        out.push(st);
    }
    out
}

/// The `[{ test, variable, values }]` conditions of the call's `input`, joined to every
/// statement the module renders them into; unknown ones leave those statements incomplete.
pub(super) fn join_document_conditions(
    b: &mut Builder<'_, '_, '_>,
    input: &str,
    statements: &mut [Statement],
) {
    if b.call.attr(input).is_none() {
        return;
    }
    let (extra, known) = match b.input(input) {
        Some(v) => document_conditions(b, &v),
        None => (Vec::new(), false),
    };
    for st in statements {
        st.conditions.extend(extra.iter().cloned());
        st.conditions_complete &= known;
    }
}

/// `[{ test, variable, values }]` as the module's `dynamic "condition"` writes them; false
/// when some are not known.
pub(super) fn document_conditions(b: &Builder<'_, '_, '_>, v: &Value) -> (Vec<Condition>, bool) {
    let Value::List(items, _) = v else {
        return (Vec::new(), matches!(v, Value::Null(_)));
    };
    let mut out = Vec::new();
    let mut known = true;
    for item in items {
        let parts = (
            item.get("test").and_then(symbolic_leaf),
            item.get("variable").and_then(symbolic_leaf),
            item.get("values"),
        );
        let (Some(test), Some(variable), Some(values)) = parts else {
            known = false;
            continue;
        };
        let values = leaves(values);
        known &= values.complete;
        let mut c = b.condition(test, variable, values);
        c.entry = item.span();
        out.push(c);
    }
    (out, known)
}

/// One policy-document statement written as an object (`trust_policy_permissions`,
/// `trust_policy_statements`): `effect` defaults to Allow; `principals` and the conditions are
/// lists of objects, the conditions under `condition_field` (the modules name it differently).
pub(super) fn document_statement(
    b: &Builder<'_, '_, '_>,
    v: &Value,
    condition_field: &str,
) -> Statement {
    let span = v.span();
    let present = |name: &str| v.get(name).filter(|x| !matches!(x, Value::Null(_)));
    let (actions, not_action) = match (present("actions"), present("not_actions")) {
        (Some(a), _) => (leaves(a), false),
        (None, Some(a)) => (leaves(a), true),
        (None, None) => (complete_leaves(Vec::new()), false),
    };
    let (principal_list, not_principal) = match (present("principals"), present("not_principals")) {
        (Some(p), _) => (Some(p), false),
        (None, Some(p)) => (Some(p), true),
        (None, None) => (None, false),
    };
    let mut principals = Vec::new();
    let mut principals_complete = true;
    match principal_list {
        Some(Value::List(items, _)) => {
            for p in items {
                match (p.get("type").and_then(symbolic_leaf), p.get("identifiers")) {
                    (Some(kind), Some(ids)) => principals.push(Principal {
                        kind,
                        values: leaves(ids),
                        span: p.span(),
                    }),
                    _ => principals_complete = false,
                }
            }
        }
        Some(_) => principals_complete = false,
        None => {}
    }
    let (conditions, conditions_complete) = match present(condition_field) {
        Some(c) => document_conditions(b, c),
        None => (Vec::new(), true),
    };
    Statement {
        span,
        sid: present("sid").and_then(symbolic_leaf),
        effect: Some(
            present("effect")
                .and_then(symbolic_leaf)
                .unwrap_or_else(|| b.constant("Allow")),
        ),
        principals,
        principals_complete,
        not_principal,
        actions,
        not_action,
        conditions,
        conditions_complete,
        condition_block: None,
    }
}

/// A string value as a leaf, or a symbol of unknown shape for a value not known at all.
pub(super) fn symbolic_leaf(v: &Value) -> Option<Leaf> {
    match v {
        Value::Unknown(span) => Some(Leaf {
            value: SymStr::symbol(Shape::Unknown, *span),
            span: *span,
        }),
        _ => leaf(v),
    }
}

/// An empty span at the module block: the value is computed inside the module, not written.
fn unwritten(span: Span) -> Span {
    Span::new(span.file, span.start..span.start)
}

pub(super) fn complete_leaves(items: Vec<Leaf>) -> Leaves {
    Leaves {
        items,
        complete: true,
    }
}

/// `prefix` + each value (the module adds it; the value as written keeps its span).
pub(super) fn prefixed(values: &Leaves, prefix: &str) -> Leaves {
    Leaves {
        items: values
            .items
            .iter()
            .map(|v| Leaf {
                value: prefixed_str(&v.value, prefix, v.span),
                span: v.span,
            })
            .collect(),
        complete: values.complete,
    }
}

pub(super) fn prefixed_if_missing(values: &Leaves, prefix: &str) -> Leaves {
    Leaves {
        items: values
            .items
            .iter()
            .map(|v| {
                if v.value.leading_text().starts_with(prefix) {
                    v.clone()
                } else {
                    Leaf {
                        value: prefixed_str(&v.value, prefix, v.span),
                        span: v.span,
                    }
                }
            })
            .collect(),
        complete: values.complete,
    }
}

pub(super) fn prefixed_str(s: &SymStr, prefix: &str, span: Span) -> SymStr {
    let mut out = SymStr::text(prefix, Origin::Derived(span));
    out.extend(s.clone());
    out
}

/// The host the module derives from a provider ARN with `replace(arn, "/^(.*provider/)/", "")`.
pub(super) fn host_of_arn(arn: &SymStr, span: Span) -> SymStr {
    if let Some(sym) = arn.as_symbol() {
        return match &sym.shape {
            Shape::ProviderArn(i) => SymStr::symbol(Shape::IssuerHost(i.clone()), sym.site),
            // The regex leaves anything else unchanged: the key is as wrong as the input.
            other => SymStr::symbol(other.clone(), sym.site),
        };
    }
    let flat = arn.known_parts_text();
    match flat.rfind("provider/") {
        Some(i) => arn.split_at(i + "provider/".len()).1,
        None if arn.is_known() => arn.clone(),
        None => SymStr::symbol(Shape::Unknown, span),
    }
}

/// The host the module derives from an issuer URL by stripping `https://`.
pub(super) fn host_of_url(url: &SymStr, span: Span) -> SymStr {
    if let Some(sym) = url.as_symbol() {
        return match &sym.shape {
            Shape::IssuerUrl(i) | Shape::ProviderUrl(i) | Shape::IssuerHost(i) => {
                SymStr::symbol(Shape::IssuerHost(i.clone()), sym.site)
            }
            other => SymStr::symbol(other.clone(), sym.site),
        };
    }
    match url.parts.first() {
        Some(Part::Text { text, origin }) => {
            let rest = crate::base::known::strip_scheme(text);
            let cut = text.len() - rest.len();
            let mut out = SymStr::default();
            out.push(sub_part(text, origin, cut, text.len()));
            for p in &url.parts[1..] {
                out.push(p.clone());
            }
            out
        }
        _ => SymStr::symbol(Shape::Unknown, span),
    }
}
