//! Amazon Cognito identity pools.

pub mod cog001;
