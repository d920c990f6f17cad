//! `declare_rule!`: a rule's metadata written once, as clippy's `declare_clippy_lint!` and
//! oxc's `declare_oxc_lint!` do. It declares the unit struct, its `META` (the code given once:
//! the doc page is `docs/rules/<code>.md`, compiled in) and its [`Declared`](super::Declared)
//! impl; the file then implements [`Rule`](super::Rule) with the checks only. `scope:` is
//! `Module` unless given (`scope: Workspace` for a rule that compares modules).

macro_rules! declare_rule {
    (
        $(#[$attr:meta])*
        pub struct $rule:ident;
        code: $code:literal,
        name: $name:literal,
        severity: $severity:ident,
        kind: $kind:ident,
        fix: $fix:ident,
        summary: $summary:literal $(,)?
    ) => {
        $crate::rules::declare::declare_rule! {
            $(#[$attr])*
            pub struct $rule;
            code: $code,
            name: $name,
            severity: $severity,
            kind: $kind,
            fix: $fix,
            summary: $summary,
            scope: Module,
        }
    };
    (
        $(#[$attr:meta])*
        pub struct $rule:ident;
        code: $code:literal,
        name: $name:literal,
        severity: $severity:ident,
        kind: $kind:ident,
        fix: $fix:ident,
        summary: $summary:literal,
        scope: $scope:ident $(,)?
    ) => {
        $(#[$attr])*
        pub struct $rule;

        pub static META: $crate::base::rule_meta::RuleMeta = $crate::base::rule_meta::RuleMeta {
            code: $code,
            name: $name,
            severity: $crate::base::diagnostic::Severity::$severity,
            kind: $crate::base::diagnostic::Kind::$kind,
            summary: $summary,
            doc: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules/", $code, ".md")),
            fix: $crate::base::rule_meta::FixAvailability::$fix,
            scope: $crate::base::rule_meta::Scope::$scope,
        };

        impl $crate::rules::Declared for $rule {
            fn meta(&self) -> &'static $crate::base::rule_meta::RuleMeta {
                &META
            }
        }
    };
}

pub(crate) use declare_rule;
