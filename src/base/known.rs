//! Names AWS and the identity providers define, written once: the web-identity action, the STS
//! audience, the service-account subject prefix, issuer hosts; and the text arithmetic on
//! issuer URLs and provider ARNs that every layer needs.

/// The action a web-identity trust allows.
pub const WEB_IDENTITY_ACTION: &str = "sts:AssumeRoleWithWebIdentity";
/// The audience EKS service-account tokens carry for IRSA (and GitHub's default for AWS).
pub const STS_AUDIENCE: &str = "sts.amazonaws.com";
/// How a Kubernetes service account is named in a token's `sub` claim.
pub const SA_PREFIX: &str = "system:serviceaccount:";

/// `hostpath(x)`: strips `https://` (any case) and a trailing `/`; for a provider ARN, the part
/// after `oidc-provider/`.
pub fn hostpath(text: &str) -> String {
    let t = text.trim();
    let t = match t.find(":oidc-provider/") {
        Some(i) if t.starts_with("arn:") => &t[i + ":oidc-provider/".len()..],
        _ => t,
    };
    let t = strip_scheme(t);
    t.strip_suffix('/').unwrap_or(t).to_string()
}

/// Strips `https://` or `http://` in any letter case.
pub fn strip_scheme(t: &str) -> &str {
    for scheme in ["https://", "http://"] {
        // `get` rather than indexing: the cut may fall inside a multi-byte character.
        if let Some(head) = t.get(..scheme.len())
            && head.eq_ignore_ascii_case(scheme)
        {
            return &t[scheme.len()..];
        }
    }
    t
}

/// True for `oidc.eks.<region>.amazonaws.com[.cn]/id/...` hosts (loosely: the EKS issuer family).
pub fn is_eks_host(host: &str) -> bool {
    let h = host.to_ascii_lowercase();
    h.starts_with("oidc.eks.") || (h.starts_with("oidc.") && h.contains(".eks.amazonaws.com"))
}

pub const GITHUB_HOST: &str = "token.actions.githubusercontent.com";
pub const TFC_HOST: &str = "app.terraform.io";
pub const GITLAB_HOST: &str = "gitlab.com";
pub const COGNITO: &str = "cognito-identity.amazonaws.com";

/// Web identity providers built into IAM (Federated values without an ARN).
pub const BUILT_IN_IDPS: [&str; 4] = [
    COGNITO,
    "accounts.google.com",
    "graph.facebook.com",
    "www.amazon.com",
];
