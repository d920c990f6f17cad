//! The values rules read that a configuration may change (`.irsa-lint.toml`).

use crate::base::known::STS_AUDIENCE;

/// Values rules read.
#[derive(Debug, Clone)]
pub struct Settings {
    /// IAM's "Role trust policy length" quota (2,048 by default, raisable).
    pub trust_policy_size_limit: usize,
    /// Audiences IRSA tokens may carry (the pod identity webhook's `--token-audience`).
    pub expected_audiences: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            trust_policy_size_limit: 2048,
            expected_audiences: vec![STS_AUDIENCE.to_string()],
        }
    }
}
