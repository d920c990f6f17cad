use crate::base::diagnostic::{Diagnostic, Severity};
use crate::model::policy::{Leaf, Leaves, Policy, PolicyForm, Statement};
use crate::rules::declare::declare_rule;
use crate::rules::{Context, Rule};
use crate::value::{Issuer, Part, Shape, SymStr};

declare_rule! {
    /// WIF012: a role trust policy longer than IAM's quota ("Role trust policy length", counted
    /// without whitespace). Creating or updating the role fails with `LimitExceeded: Cannot
    /// exceed quota for ACLSizePerRole`.
    pub struct TrustPolicyTooLarge;
    code: "WIF012",
    name: "trust-policy-too-large",
    severity: Warning,
    kind: Breaks,
    fix: None,
    summary: "Trust policy longer than the IAM quota",
}

/// The most IAM allows even after a quota increase.
pub const MAX_SIZE_LIMIT: usize = 8192;

/// Typical lengths of values only known at apply time.
const ACCOUNT_LEN: usize = 12;
const PARTITION_LEN: usize = 3;
const REGION_LEN: usize = 9;
/// `oidc.eks.us-west-2.amazonaws.com/id/` plus a 32-character ID.
const EKS_HOST_LEN: usize = 68;
/// `arn:aws:iam::111122223333:oidc-provider/` before the host.
const ARN_PREFIX_LEN: usize = 40;
/// `https://oidc-eks.us-west-2.api.aws/id/` plus the ID.
const DUALSTACK_URL_LEN: usize = 70;
const OTHER_LEN: usize = 20;

impl Rule for TrustPolicyTooLarge {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let policy = cx.policy;
        if policy.role.is_none() {
            return;
        }
        let mut r = Renderer::default();
        r.policy(policy);
        // Module policies are rebuilt from inputs, not read as written.
        let estimated = r.estimated || policy.form == PolicyForm::Module;
        let size = r.out.chars().count();
        let about = if estimated { "about " } else { "" };
        let how = if estimated { " (estimated)" } else { "" };
        let d = if size > MAX_SIZE_LIMIT {
            Diagnostic::new(
                &META,
                policy.span,
                format!(
                    "trust policy is {about}{size} characters without whitespace{how}, over {MAX_SIZE_LIMIT}, the most IAM allows even with a raised quota"
                ),
            )
            .with_severity(Severity::Error)
        } else if size > cx.settings.trust_policy_size_limit {
            // The account's quota (IAM's default 2048, or `trust-policy-size-limit`).
            let limit = cx.settings.trust_policy_size_limit;
            Diagnostic::new(
                &META,
                policy.span,
                format!(
                    "trust policy is {about}{size} characters without whitespace{how}, over the role trust policy quota of {limit}"
                ),
            )
        } else {
            return;
        };
        out.push(
            d.with_label("LimitExceeded: Cannot exceed quota for ACLSizePerRole")
                .with_help(
                    "Split the trust over several roles, trust fewer subjects per statement (a \
                     `StringLike` pattern instead of a long list), request a higher \"Role trust \
                     policy length\" quota (at most 8192), or move EKS workloads to Pod Identity, \
                     whose trust does not grow with clusters and service accounts.",
                ),
        );
    }
}

/// Renders a policy as minified JSON, with unknown parts replaced by filler of a typical
/// length. One-element lists are rendered as plain strings (what `aws_iam_policy_document`
/// writes, and the shorter choice where the model does not record the written form).
#[derive(Default)]
struct Renderer {
    out: String,
    estimated: bool,
}

impl Renderer {
    fn policy(&mut self, p: &Policy) {
        self.out.push('{');
        let version = p.version.as_ref().map(|v| v.value.clone()).or_else(|| {
            // Terraform writes the version of a policy document itself.
            (p.form == PolicyForm::Document)
                .then(|| SymStr::text("2012-10-17", crate::value::Origin::Derived(p.span)))
        });
        if let Some(v) = version {
            self.key("Version");
            self.string(&v);
            self.out.push(',');
        }
        self.key("Statement");
        self.out.push('[');
        for (i, st) in p.statements.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            self.statement(st);
        }
        self.out.push_str("]}");
        self.estimated |= !p.statements_complete;
    }

    fn statement(&mut self, st: &Statement) {
        self.out.push('{');
        let mut first = true;
        let mut field = |r: &mut Renderer, name: &str| {
            if !first {
                r.out.push(',');
            }
            first = false;
            r.key(name);
        };
        if let Some(sid) = &st.sid {
            field(self, "Sid");
            self.string(&sid.value);
        }
        if let Some(effect) = &st.effect {
            field(self, "Effect");
            self.string(&effect.value);
        }
        if !st.principals.is_empty() || !st.principals_complete {
            field(
                self,
                if st.not_principal {
                    "NotPrincipal"
                } else {
                    "Principal"
                },
            );
            self.principals(st);
        }
        if !st.actions.items.is_empty() || !st.actions.complete {
            field(self, if st.not_action { "NotAction" } else { "Action" });
            self.list(&st.actions);
        }
        if !st.conditions.is_empty() || !st.conditions_complete {
            field(self, "Condition");
            self.conditions(st);
        }
        self.out.push('}');
    }

    fn principals(&mut self, st: &Statement) {
        self.estimated |= !st.principals_complete;
        if let [only] = st.principals.as_slice()
            && only.kind.known().as_deref() == Some("*")
        {
            self.out.push_str("\"*\"");
            return;
        }
        // Blocks of the same type become one entry.
        let mut groups: Vec<(&Leaf, Leaves)> = Vec::new();
        for p in &st.principals {
            match groups.iter_mut().find(|(k, _)| same_text(k, &p.kind)) {
                Some((_, values)) => {
                    values.items.extend(p.values.items.iter().cloned());
                    values.complete &= p.values.complete;
                }
                None => groups.push((&p.kind, p.values.clone())),
            }
        }
        self.out.push('{');
        for (i, (kind, values)) in groups.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            self.string(&kind.value);
            self.out.push(':');
            self.list(values);
        }
        self.out.push('}');
    }

    fn conditions(&mut self, st: &Statement) {
        self.estimated |= !st.conditions_complete;
        // operator → key → values, merging repeats as IAM documents group them.
        let mut ops: Vec<(&Leaf, Vec<(&Leaf, Leaves)>)> = Vec::new();
        for c in &st.conditions {
            let keys = match ops.iter_mut().find(|(o, _)| same_text(o, &c.operator)) {
                Some((_, keys)) => keys,
                None => {
                    ops.push((&c.operator, Vec::new()));
                    match ops.last_mut() {
                        Some((_, keys)) => keys,
                        None => continue,
                    }
                }
            };
            match keys.iter_mut().find(|(k, _)| same_text(k, &c.key)) {
                Some((_, values)) => {
                    values.items.extend(c.values.items.iter().cloned());
                    values.complete &= c.values.complete;
                }
                None => keys.push((&c.key, c.values.clone())),
            }
        }
        self.out.push('{');
        for (i, (op, keys)) in ops.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            self.string(&op.value);
            self.out.push_str(":{");
            for (j, (key, values)) in keys.iter().enumerate() {
                if j > 0 {
                    self.out.push(',');
                }
                self.string(&key.value);
                self.out.push(':');
                self.list(values);
            }
            self.out.push('}');
        }
        self.out.push('}');
    }

    /// A string, or a list when there is not exactly one known element.
    fn list(&mut self, values: &Leaves) {
        if !values.complete {
            // The unknown part counts as one typical value.
            self.estimated = true;
            self.out.push('[');
            for v in &values.items {
                self.string(&v.value);
                self.out.push(',');
            }
            self.filler(OTHER_LEN + 2);
            self.out.push(']');
            return;
        }
        if let [only] = values.items.as_slice() {
            self.string(&only.value);
            return;
        }
        self.out.push('[');
        for (i, v) in values.items.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            self.string(&v.value);
        }
        self.out.push(']');
    }

    fn key(&mut self, name: &str) {
        self.out.push('"');
        self.out.push_str(name);
        self.out.push_str("\":");
    }

    /// A JSON string: known text escaped as JSON does, symbols as filler.
    fn string(&mut self, s: &SymStr) {
        self.out.push('"');
        for part in &s.parts {
            match part {
                Part::Text { text, .. } => {
                    for c in text.chars() {
                        match c {
                            '"' | '\\' => {
                                self.out.push('\\');
                                self.out.push(c);
                            }
                            '\n' | '\r' | '\t' | '\u{8}' | '\u{c}' => self.out.push_str("\\n"),
                            c if (c as u32) < 0x20 => self.out.push_str("\\u0000"),
                            c => self.out.push(c),
                        }
                    }
                }
                Part::Sym(sym) => {
                    self.estimated = true;
                    self.filler(typical_len(&sym.shape));
                }
            }
        }
        self.out.push('"');
    }

    fn filler(&mut self, n: usize) {
        self.out.extend(std::iter::repeat_n('x', n));
    }
}

fn same_text(a: &Leaf, b: &Leaf) -> bool {
    match (a.known(), b.known()) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// The typical length of a value of this shape.
fn typical_len(shape: &Shape) -> usize {
    let host = |i: &Issuer| match i {
        Issuer::Host(h) => h.len(),
        _ => EKS_HOST_LEN,
    };
    match shape {
        Shape::Account => ACCOUNT_LEN,
        Shape::Partition => PARTITION_LEN,
        Shape::Region => REGION_LEN,
        Shape::IssuerHost(i) | Shape::ProviderUrl(i) => host(i),
        Shape::IssuerUrl(i) => "https://".len() + host(i),
        Shape::ProviderArn(i) => ARN_PREFIX_LEN + host(i),
        Shape::DualstackIssuerUrl(_) => DUALSTACK_URL_LEN,
        Shape::Json(_) | Shape::RoleArn(_) | Shape::RoleName(_) | Shape::Unknown => OTHER_LEN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typical_lengths_add_up() {
        // arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/<32>
        let arn = format!(
            "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/{}",
            "A".repeat(32)
        );
        assert_eq!(
            arn.len(),
            typical_len(&Shape::ProviderArn(Issuer::Cluster(
                crate::value::Address::new(std::path::Path::new("."), "module.eks")
            )))
        );
    }
}
