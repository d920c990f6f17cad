//! cloudposse `helm-release`: with `iam_role_enabled = true` it creates a role through
//! cloudposse `eks-iam-role` 2.1.1, passing its own inputs of the same names (research §2.4),
//! so its trust is that module's.
//!
//! | input | default | trust |
//! |---|---|---|
//! | `enabled` | `true` | `false`: no role |
//! | `iam_role_enabled` | `false` | `true`: the role and its trust exist |
//! | `eks_cluster_oidc_issuer_url`, `aws_account_number`, `service_account_name`, `service_account_namespace` | as `eks-iam-role` | passed through; both names unset give `system:serviceaccount:*:*` |

use super::cloudposse_eks_iam_role::trust;
use super::policy::Builder;
use crate::model::policy::Statement;

/// `None` when the call creates no role (or whether it does is not known).
pub(super) fn helm_release(b: &mut Builder<'_, '_, '_>) -> Option<(Vec<Statement>, bool)> {
    if b.bool_input("enabled") == Some(false) || b.bool_input("iam_role_enabled") != Some(true) {
        return None;
    }
    // The module passes no namespace/name list to eks-iam-role.
    if b.call.attr("service_account_namespace_name_list").is_some() {
        return Some((Vec::new(), false));
    }
    Some(trust(b))
}
