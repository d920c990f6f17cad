//! XR rules.

pub mod helpers;
pub mod xr001;
pub mod xr002;
pub mod xr003;
pub mod xr004;
pub mod xr005;
pub mod xr006;
