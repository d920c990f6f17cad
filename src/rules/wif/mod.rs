//! Web-identity rules that hold for every issuer.

pub mod wif001;
pub mod wif002;
pub mod wif003;
pub mod wif004;
pub mod wif005;
pub mod wif006;
pub mod wif007;
pub mod wif008;
pub mod wif009;
pub mod wif010;
pub mod wif011;
pub mod wif012;
pub mod wif013;
pub mod wif014;
pub mod wif015;
