//! Scan benchmark (SPEC §8): generates a corpus of Terraform modules with a realistic mix of
//! IRSA roles in every policy form, local module calls into a shared role module, permission
//! policies and unrelated resources, then times
//! `irsa_lint::check` against simply reading the same files.
//!
//! `cargo bench --bench scan` runs the generated 2,000- and 10,000-file corpora;
//! `cargo bench --bench scan -- PATH...` also measures real trees.

use std::fmt::Write as _;

// The same allocator as the binary, so the numbers are what users get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// One generated `.tf` file: a few roles and a lot of ordinary infrastructure.
fn generate_file(module: usize, file: usize) -> String {
    let n = module * 100 + file;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"
resource "aws_iam_role" "irsa_{n}" {{
  name = "irsa-{n}"
  assume_role_policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect    = "Allow"
      Principal = {{ Federated = module.eks.oidc_provider_arn }}
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {{
        StringEquals = {{
          "${{module.eks.oidc_provider}}:sub" = "system:serviceaccount:team-{n}:app-{n}"
          "${{module.eks.oidc_provider}}:aud" = "sts.amazonaws.com"
        }}
      }}
    }}]
  }})
}}

data "aws_iam_policy_document" "trust_{n}" {{
  statement {{
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {{
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.eks.arn]
    }}
    condition {{
      test     = "{op}"
      variable = "${{replace(aws_iam_openid_connect_provider.eks.url, "https://", "")}}:sub"
      values   = ["system:serviceaccount:ns-{n}:{sa}"]
    }}
  }}
}}

resource "aws_iam_role" "doc_{n}" {{
  name               = "doc-{n}"
  assume_role_policy = data.aws_iam_policy_document.trust_{n}.json
}}

resource "aws_iam_policy" "perm_{n}" {{
  name = "perm-{n}"
  policy = <<-EOF
    {{
      "Version": "2012-10-17",
      "Statement": [{{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::bucket-{n}/*"}}]
    }}
  EOF
}}

resource "aws_s3_bucket" "data_{n}" {{
  bucket = "data-{n}"
  tags = {{
    Team        = "team-{n}"
    Environment = "prod"
    CostCenter  = "cc-{n}"
  }}
}}

resource "aws_security_group" "sg_{n}" {{
  name   = "sg-{n}"
  vpc_id = var.vpc_id
  ingress {{
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }}
  egress {{
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }}
}}
"#,
        op = if n.is_multiple_of(7) {
            "StringEquals"
        } else {
            "StringLike"
        },
        sa = if n.is_multiple_of(7) {
            "worker-*"
        } else {
            "worker"
        },
    );
    s
}

fn generate_module(dir: &Path, module: usize, files: usize) {
    std::fs::create_dir_all(dir).expect("create module dir");
    let header = r#"
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
}

resource "aws_iam_openid_connect_provider" "eks" {
  url            = module.eks.cluster_oidc_issuer_url
  client_id_list = ["sts.amazonaws.com"]
}

variable "vpc_id" {
  type = string
}
"#;
    // Local module calls whose arguments reach a shared child's trust policy: one
    // evaluated instance per key.
    let calls = format!(
        r#"
module "app_roles" {{
  source          = "../modules/irsa-role"
  for_each        = toset(["api-{module}", "worker-{module}"])
  oidc_host       = module.eks.oidc_provider
  provider_arn    = module.eks.oidc_provider_arn
  service_account = {{ namespace = "team-{module}", name = each.key }}
}}
"#
    );
    std::fs::write(dir.join("main.tf"), format!("{header}{calls}")).expect("write main.tf");
    for f in 1..files {
        std::fs::write(dir.join(format!("f{f}.tf")), generate_file(module, f)).expect("write file");
    }
}

/// The child module every stack calls.
const SHARED_ROLE: &str = r#"
variable "oidc_host" {
  type = string
}

variable "provider_arn" {
  type = string
}

variable "service_account" {
  type = object({ namespace = string, name = optional(string, "default") })
}

resource "aws_iam_role" "this" {
  name = "irsa-${var.service_account.namespace}-${var.service_account.name}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = var.provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${var.oidc_host}:sub" = "system:serviceaccount:${var.service_account.namespace}:${var.service_account.name}"
          "${var.oidc_host}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}
"#;

/// Writes `files` files: a shared child module, and stacks of 20 files each that call it.
fn generate(root: &Path, files: usize) {
    let shared = root.join("modules/irsa-role");
    std::fs::create_dir_all(&shared).expect("create shared module dir");
    std::fs::write(shared.join("main.tf"), SHARED_ROLE).expect("write shared module");
    let files = files.saturating_sub(1);
    let per_module = 20;
    for m in 0..files.div_ceil(per_module) {
        let count = per_module.min(files - m * per_module);
        generate_module(&root.join(format!("stack{m:05}")), m, count);
    }
}

fn tf_files(root: &Path) -> Vec<PathBuf> {
    let (modules, _) = irsa_lint::input::discover::discover(&[root.to_path_buf()]);
    modules.into_iter().flat_map(|m| m.files).collect()
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn measure(label: &str, root: &Path) {
    let files = tf_files(root);
    let bytes: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    let runs = 5;
    // Reading every file (what `cat` does) is the floor.
    let read = median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                let mut total = 0;
                for f in &files {
                    total += std::fs::read(f).map(|b| b.len()).unwrap_or(0);
                }
                std::hint::black_box(total);
                t.elapsed()
            })
            .collect(),
    );
    let mut diagnostics = 0;
    let mut policies = 0;
    let scan = median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                let report =
                    irsa_lint::check(&[root.to_path_buf()], &irsa_lint::Selection::default());
                diagnostics = report.diagnostics.len();
                policies = report.policies;
                t.elapsed()
            })
            .collect(),
    );
    let secs = scan.as_secs_f64();
    println!(
        "{label}: {} files, {:.1} MB, {policies} policies, {diagnostics} diagnostics\n  scan {:.1} ms (median of {runs}), {:.0} files/s, {:.1} MB/s; read-only {:.1} ms; ratio {:.1}x; peak RSS {:.0} MB",
        files.len(),
        bytes as f64 / 1e6,
        secs * 1e3,
        files.len() as f64 / secs,
        bytes as f64 / 1e6 / secs,
        read.as_secs_f64() * 1e3,
        secs / read.as_secs_f64().max(1e-9),
        peak_rss_mb(),
    );
}

fn main() {
    // `-- --write-corpus DIR [FILES]`: only write a generated corpus (for profiling or `cat`).
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--write-corpus") {
        let dir = args.get(i + 1).map_or("corpus", String::as_str);
        let files = args
            .get(i + 2)
            .and_then(|n| n.parse().ok())
            .unwrap_or(2_000);
        generate(Path::new(dir), files);
        println!("wrote {files} files under {dir}");
        return;
    }
    let extra: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    for files in [2_000, 10_000] {
        let tmp = tempfile::tempdir().expect("tempdir");
        generate(tmp.path(), files);
        measure(&format!("generated {files}"), tmp.path());
    }
    for path in extra {
        measure(&path, Path::new(&path));
    }
}
