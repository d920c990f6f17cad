use crate::base::diagnostic::{Diagnostic, Fix};
use crate::base::text::{closest, one_line_excerpt};
use crate::model::policy::{InvalidLoop, Leaf, PolicyForm, Statement};
use crate::rules::declare::declare_rule;
use crate::rules::helpers::{replace_leaf, show};
use crate::rules::{Context, Rule};

declare_rule! {
    /// WIF014: what IAM rejects as `MalformedPolicyDocument` in a trust policy: a `Version` other
    /// than the two IAM knows, no `Statement`, a statement without `Effect` (or with another
    /// value than `Allow`/`Deny`), without `Principal`, without `Action`/`NotAction`, or with a
    /// principal type IAM does not know; or JSON text that a `%{ for }` loop made invalid by
    /// rendering its values side by side with no comma.
    pub struct InvalidPolicyGrammar;
    code: "WIF014",
    name: "invalid-policy-grammar",
    severity: Error,
    kind: Breaks,
    fix: Sometimes,
    summary: "Trust policy that IAM rejects as malformed",
}

const VERSIONS: [&str; 2] = ["2012-10-17", "2008-10-17"];
const EFFECTS: [&str; 2] = ["Allow", "Deny"];
const PRINCIPAL_TYPES: [&str; 4] = ["AWS", "Federated", "Service", "CanonicalUser"];
const MALFORMED: &str = "IAM rejects the policy: MalformedPolicyDocument";

impl Rule for InvalidPolicyGrammar {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let policy = cx.policy;
        // Module policies are written by the module, which gets the grammar right.
        if policy.form == PolicyForm::Module {
            return;
        }
        if let Some(l) = &policy.invalid_loop {
            out.push(invalid_loop(cx, l));
            return;
        }
        if let Some(v) = &policy.version
            && let Some(text) = v.known()
            && !VERSIONS.contains(&text.as_str())
        {
            let fix = replace_leaf(cx, v, VERSIONS[0])
                .map(|e| Fix::unsafe_(format!("Set `Version` to `{}`", VERSIONS[0]), vec![e]));
            out.push(
                Diagnostic::new(
                    &META,
                    v.span,
                    format!(
                        "policy `Version` `{text}` is not one IAM knows (`2012-10-17` or `2008-10-17`)"
                    ),
                )
                .with_label(MALFORMED)
                .with_help("Use `2012-10-17`, the current policy language version.")
                .with_fix(fix),
            );
        }
        if policy.statements.is_empty() && policy.statements_complete {
            out.push(
                Diagnostic::new(&META, policy.span, "trust policy has no statements")
                    .with_label(MALFORMED)
                    .with_help(
                        "A trust policy needs a `Statement` with at least one statement that names a \
                         `Principal`, an `Effect` and the `Action` it may perform.",
                    ),
            );
        }
        for st in &policy.statements {
            check_statement(cx, st, out);
        }
    }
}

fn check_statement(cx: &Context<'_>, st: &Statement, out: &mut Vec<Diagnostic>) {
    let document = cx.policy.form == PolicyForm::Document;
    match &st.effect {
        // Documents default to `Allow`; JSON requires the element.
        None if !document => out.push(
            Diagnostic::new(&META, st.span, "statement has no `Effect`")
                .with_label(MALFORMED)
                .with_help("Add `\"Effect\": \"Allow\"` (or `\"Deny\"`)."),
        ),
        Some(effect) => {
            if let Some(text) = effect.known()
                && !EFFECTS.contains(&text.as_str())
            {
                out.push(
                    invalid_value(cx, effect, &text, "`Effect`", &EFFECTS, None).with_help(
                        "`Effect` is `Allow` or `Deny`, with that exact capitalisation.",
                    ),
                );
            }
        }
        None => {}
    }
    if st.principals.is_empty() && st.principals_complete && !st.not_principal {
        out.push(
            Diagnostic::new(
                &META,
                st.span,
                if document {
                    "statement has no `principals` block; every statement of a trust policy names who may assume the role"
                } else {
                    "statement has no `Principal`; every statement of a trust policy names who may assume the role"
                },
            )
            .with_label(MALFORMED)
            .with_help("Add the principal allowed to assume the role, e.g. `Federated` = the OIDC provider ARN."),
        );
    }
    for p in &st.principals {
        let Some(kind) = p.kind.known() else {
            continue;
        };
        if kind == "*" {
            // `"Principal": "*"`: the only string IAM accepts there is `*`.
            if let Some(v) = p
                .values
                .items
                .iter()
                .find(|v| v.known().is_some_and(|t| t != "*" && p.kind.span == v.span))
            {
                out.push(
                    Diagnostic::new(
                        &META,
                        v.span,
                        format!(
                            "`Principal` is the string `{}`; it must be `*` or an object such as `{{\"Federated\": …}}`",
                            show(cx, &v.value)
                        ),
                    )
                    .with_label(MALFORMED)
                    .with_help("Write the principal under its type, e.g. `\"Principal\": {\"Federated\": \"arn:…:oidc-provider/…\"}`."),
                );
            }
            continue;
        }
        if PRINCIPAL_TYPES.contains(&kind.as_str()) {
            continue;
        }
        // In JSON forms a rename to a type the statement already has would duplicate a key.
        let taken: Vec<String> = if document {
            Vec::new()
        } else {
            st.principals
                .iter()
                .filter_map(|o| o.kind.known())
                .collect()
        };
        out.push(
            invalid_value(cx, &p.kind, &kind, "principal type", &PRINCIPAL_TYPES, Some(&taken))
                .with_help("Principal types are `AWS`, `Federated`, `Service` and `CanonicalUser` (case-sensitive); web identity uses `Federated`."),
        );
    }
    if st.actions.items.is_empty() && st.actions.complete {
        out.push(
            Diagnostic::new(
                &META,
                st.span,
                if document {
                    "statement sets no `actions`; a trust statement must name the action, e.g. `sts:AssumeRoleWithWebIdentity`"
                } else {
                    "statement has no `Action`; a trust statement must name the action, e.g. `sts:AssumeRoleWithWebIdentity`"
                },
            )
            .with_label(MALFORMED)
            .with_help("Add `sts:AssumeRoleWithWebIdentity` for web identity (`sts:AssumeRole` for AWS and service principals)."),
        );
    }
}

/// Characters of each iteration quoted in the message, either side of where they meet.
const RENDERED_SHOWN: usize = 48;

fn invalid_loop(cx: &Context<'_>, l: &InvalidLoop) -> Diagnostic {
    let before = one_line_excerpt(&show(cx, &l.before), usize::MAX);
    let tail: Vec<char> = before.chars().collect();
    let tail: String = match tail.len().checked_sub(RENDERED_SHOWN) {
        Some(cut) if cut > 0 => format!("…{}", tail[cut..].iter().collect::<String>()),
        _ => before,
    };
    let head = one_line_excerpt(&show(cx, &l.after), RENDERED_SHOWN);
    Diagnostic::new(
        &META,
        l.intro,
        format!(
            "this `%{{ for }}` renders its {} JSON values with no comma between them (`{tail}{head}`), so the policy is not JSON: {}",
            l.iterations, l.json_error
        ),
    )
    .with_label(MALFORMED)
    .with_help(
        "A template loop repeats its body as written. Build the list with `jsonencode`, or \
         `${join(\",\", [for s in subjects : jsonencode(s)])}`, which put the commas in; or \
         write the comma in the body with `%{ if i > 0 },%{ endif }`.",
    )
}

/// A known value outside `valid`, with a safe rename when one valid value is close (case or a
/// small typo) and not already used (`taken`).
fn invalid_value(
    cx: &Context<'_>,
    leaf: &Leaf,
    text: &str,
    what: &str,
    valid: &[&str],
    taken: Option<&[String]>,
) -> Diagnostic {
    let candidates: Vec<String> = valid.iter().map(|v| v.to_string()).collect();
    let suggestion = closest(text, &candidates);
    let message = match suggestion {
        Some(s) => format!("`{text}` is not a valid {what}; did you mean `{s}`?"),
        None => format!("`{text}` is not a valid {what}"),
    };
    let fix = suggestion
        .filter(|s| !taken.is_some_and(|t| t.iter().any(|x| x == s)))
        .and_then(|s| {
            replace_leaf(cx, leaf, s).map(|e| Fix::safe(format!("Change it to `{s}`"), vec![e]))
        });
    Diagnostic::new(&META, leaf.span, message)
        .with_label(MALFORMED)
        .with_fix(fix)
}
