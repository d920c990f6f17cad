//! Reading a reference as written: `root.a.b[0].c` → its root and its static steps. The one
//! reader of traversals, for the evaluator and for the facts that recognise a reference by its
//! shape (`aws_iam_policy.NAME.arn`, `module.NAME.cluster_name`).

use hcl_edit::Decorated;
use hcl_edit::expr::{Expression, TraversalOperator};

/// The static steps of a traversal: attribute names and literal indexes; `?` for a step that
/// is computed (`[var.i]`) or a splat.
pub fn steps(ops: &[Decorated<TraversalOperator>]) -> Vec<String> {
    ops.iter()
        .map(|op| match op.value() {
            TraversalOperator::GetAttr(id) => id.as_str().to_string(),
            TraversalOperator::LegacyIndex(i) => i.value().to_string(),
            TraversalOperator::Index(Expression::Number(n)) => n.to_string().trim().to_string(),
            _ => "?".to_string(),
        })
        .collect()
}

/// `root.steps…` of a reference expression (a bare variable has no steps); `None` for anything
/// else.
pub fn reference(expr: &Expression) -> Option<(&str, Vec<String>)> {
    match expr {
        Expression::Variable(v) => Some((v.as_str(), Vec::new())),
        Expression::Traversal(t) => match &t.expr {
            Expression::Variable(root) => Some((root.as_str(), steps(&t.operators))),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Expression {
        text.parse().expect("an expression")
    }

    #[test]
    fn roots_and_steps() {
        let e = parse("data.aws_eks_cluster.main.identity[0].oidc.0.issuer");
        assert_eq!(
            reference(&e),
            Some((
                "data",
                [
                    "aws_eks_cluster",
                    "main",
                    "identity",
                    "0",
                    "oidc",
                    "0",
                    "issuer"
                ]
                .map(String::from)
                .to_vec()
            ))
        );
        assert_eq!(reference(&parse("aws")), Some(("aws", Vec::new())));
        let (_, s) = reference(&parse("module.eks[var.i].arn")).expect("a reference");
        assert_eq!(s, ["eks", "?", "arn"]);
        assert_eq!(reference(&parse("\"text\"")), None);
    }
}
