//! The generated tree of the scan benchmark (and of the pre-filter's equivalence test): it
//! looks like an infrastructure monorepo. Most stacks hold only ordinary resources (buckets,
//! security groups, databases, alarms, variables, outputs, registry module calls), some have a
//! Lambda service role or call a local network module, and one in eight is an EKS stack with
//! IRSA roles in every policy form, calls of a shared role module, locals, ServiceAccounts,
//! Kubernetes manifests and Helm releases with values files.

use std::fmt::Write as _;
use std::path::Path;

/// Files in one stack directory.
const STACK_FILES: usize = 20;

/// One stack in this many is an EKS stack with IRSA roles.
const EKS_EVERY: usize = 8;

/// An ordinary file: one of several kinds of infrastructure, none of it trust-related.
fn ordinary_file(n: usize) -> String {
    let mut s = String::new();
    match n % 6 {
        0 => {
            let _ = write!(
                s,
                r#"resource "aws_s3_bucket" "data_{n}" {{
  bucket = "${{var.prefix}}-data-{n}"
  tags   = merge(local.tags, {{ Name = "data-{n}" }})
}}

resource "aws_s3_bucket_versioning" "data_{n}" {{
  bucket = aws_s3_bucket.data_{n}.id
  versioning_configuration {{
    status = var.versioning ? "Enabled" : "Suspended"
  }}
}}

resource "aws_s3_bucket_lifecycle_configuration" "data_{n}" {{
  bucket = aws_s3_bucket.data_{n}.id
  rule {{
    id     = "expire"
    status = "Enabled"
    filter {{
      prefix = "logs/"
    }}
    expiration {{
      days = 90
    }}
    noncurrent_version_expiration {{
      noncurrent_days = 30
    }}
  }}
}}

resource "aws_s3_bucket_public_access_block" "data_{n}" {{
  bucket                  = aws_s3_bucket.data_{n}.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}}
"#
            );
        }
        1 => {
            let _ = write!(
                s,
                r#"resource "aws_security_group" "app_{n}" {{
  name        = "app-{n}"
  description = "Application traffic for service {n}"
  vpc_id      = var.vpc_id

  dynamic "ingress" {{
    for_each = var.ingress_ports
    content {{
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = [for c in var.allowed_cidrs : c if c != "0.0.0.0/0"]
    }}
  }}

  egress {{
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }}

  lifecycle {{
    create_before_destroy = true
  }}
}}

resource "aws_lb_target_group" "app_{n}" {{
  name     = "app-{n}"
  port     = 8080
  protocol = "HTTP"
  vpc_id   = var.vpc_id
  health_check {{
    path                = "/healthz"
    interval            = 15
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }}
}}
"#
            );
        }
        2 => {
            let _ = write!(
                s,
                r#"resource "aws_db_instance" "db_{n}" {{
  identifier              = "db-{n}"
  engine                  = "postgres"
  engine_version          = "16.3"
  instance_class          = var.environment == "prod" ? "db.r6g.large" : "db.t4g.medium"
  allocated_storage       = 100
  max_allocated_storage   = 500
  storage_encrypted       = true
  backup_retention_period = 7
  deletion_protection     = var.environment == "prod"
  db_subnet_group_name    = aws_db_subnet_group.db_{n}.name
  vpc_security_group_ids  = [var.database_sg_id]
  tags                    = local.tags
}}

resource "aws_db_subnet_group" "db_{n}" {{
  name       = "db-{n}"
  subnet_ids = var.private_subnet_ids
}}

resource "aws_cloudwatch_metric_alarm" "db_cpu_{n}" {{
  alarm_name          = "db-{n}-cpu"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 3
  metric_name         = "CPUUtilization"
  namespace           = "AWS/RDS"
  period              = 300
  statistic           = "Average"
  threshold           = 80
  dimensions = {{
    DBInstanceIdentifier = aws_db_instance.db_{n}.identifier
  }}
  alarm_actions = [var.alarm_topic_arn]
}}
"#
            );
        }
        3 => {
            let _ = writeln!(s, "# Inputs of service {n}.");
            for v in 0..24 {
                let _ = write!(
                    s,
                    r#"
variable "setting_{n}_{v}" {{
  description = "Setting {v} of service {n}"
  type        = string
  default     = "value-{v}"
  validation {{
    condition     = length(var.setting_{n}_{v}) > 0
    error_message = "Must not be empty."
  }}
}}
"#
                );
            }
        }
        4 => {
            let _ = write!(
                s,
                r#"locals {{
  name_{n} = "${{var.prefix}}-${{var.environment}}-{n}"
  ports_{n} = {{
    http  = 80
    https = 443
    app   = 8080 + {n} % 100
  }}
  subnets_{n} = {{ for i, id in var.private_subnet_ids : "subnet-${{i}}" => id }}
}}

resource "aws_cloudwatch_log_group" "svc_{n}" {{
  name              = "/ecs/${{local.name_{n}}}"
  retention_in_days = 30
}}

resource "aws_route53_record" "svc_{n}" {{
  zone_id = var.zone_id
  name    = "svc-{n}.${{var.domain}}"
  type    = "CNAME"
  ttl     = 300
  records = [var.lb_dns_name]
}}

output "svc_{n}_log_group" {{
  value = aws_cloudwatch_log_group.svc_{n}.name
}}
"#
            );
        }
        _ => {
            let _ = write!(
                s,
                r#"module "vpc_{n}" {{
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 5.0"

  name            = "vpc-{n}"
  cidr            = "10.{b}.0.0/16"
  azs             = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
  private_subnets = ["10.{b}.1.0/24", "10.{b}.2.0/24", "10.{b}.3.0/24"]
  public_subnets  = ["10.{b}.101.0/24", "10.{b}.102.0/24", "10.{b}.103.0/24"]

  enable_nat_gateway = true
  single_nat_gateway = var.environment != "prod"
  tags               = local.tags
}}

output "vpc_{n}_id" {{
  value = module.vpc_{n}.vpc_id
}}
"#,
                b = n % 250
            );
        }
    }
    s
}

/// A Lambda function with its service role (trust-related by its tokens, not IRSA).
fn service_role_file(n: usize) -> String {
    format!(
        r#"resource "aws_iam_role" "lambda_{n}" {{
  name = "lambda-{n}"
  assume_role_policy = jsonencode({{
    Version   = "2012-10-17"
    Statement = [{{ Effect = "Allow", Principal = {{ Service = "lambda.amazonaws.com" }}, Action = "sts:AssumeRole" }}]
  }})
}}

resource "aws_lambda_function" "fn_{n}" {{
  function_name = "fn-{n}"
  role          = aws_iam_role.lambda_{n}.arn
  runtime       = "python3.12"
  handler       = "main.handler"
  filename      = "${{path.module}}/build/fn.zip"
}}
"#
    )
}

/// The files of an EKS stack that hold its IRSA trusts and workloads, by name.
fn eks_files(m: usize) -> Vec<(String, String)> {
    let main = format!(
        r#"module "eks" {{
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
  cluster_name = "cluster-{m}"
}}

resource "aws_iam_openid_connect_provider" "eks" {{
  url            = module.eks.cluster_oidc_issuer_url
  client_id_list = ["sts.amazonaws.com"]
}}

locals {{
  oidc_host = replace(aws_iam_openid_connect_provider.eks.url, "https://", "")
  team      = "team-{m}"
}}

module "app_roles" {{
  source          = "../../../modules/irsa-role"
  for_each        = toset(["api", "worker"])
  oidc_host       = module.eks.oidc_provider
  provider_arn    = module.eks.oidc_provider_arn
  service_account = {{ namespace = local.team, name = each.key }}
}}
"#
    );
    let forms = format!(
        r#"resource "aws_iam_role" "jsonencode_{m}" {{
  name = "jsonencode-{m}"
  assume_role_policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect    = "Allow"
      Principal = {{ Federated = aws_iam_openid_connect_provider.eks.arn }}
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {{
        StringEquals = {{
          "${{local.oidc_host}}:sub" = "system:serviceaccount:${{local.team}}:jsonencode"
          "${{local.oidc_host}}:aud" = "sts.amazonaws.com"
        }}
      }}
    }}]
  }})
}}

resource "aws_iam_role" "heredoc_{m}" {{
  name               = "heredoc-{m}"
  assume_role_policy = <<-EOF
    {{
      "Version": "2012-10-17",
      "Statement": [{{
        "Effect": "Allow",
        "Principal": {{"Federated": "${{aws_iam_openid_connect_provider.eks.arn}}"}},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {{"StringLike": {{"${{local.oidc_host}}:sub": "system:serviceaccount:{ns}:heredoc-*"}}}}
      }}]
    }}
  EOF
}}

resource "aws_iam_role" "quoted_{m}" {{
  name               = "quoted-{m}"
  assume_role_policy = "{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Effect\":\"Allow\",\"Principal\":{{\"Federated\":\"${{aws_iam_openid_connect_provider.eks.arn}}\"}},\"Action\":\"sts:AssumeRoleWithWebIdentity\",\"Condition\":{{\"StringEquals\":{{\"${{local.oidc_host}}:sub\":\"system:serviceaccount:{ns}:quoted\"}}}}}}]}}"
}}

data "aws_iam_policy_document" "doc_{m}" {{
  statement {{
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {{
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.eks.arn]
    }}
    condition {{
      test     = "{op}"
      variable = "${{local.oidc_host}}:sub"
      values   = ["system:serviceaccount:{ns}:{sa}"]
    }}
  }}
}}

resource "aws_iam_role" "doc_{m}" {{
  name               = "doc-{m}"
  assume_role_policy = data.aws_iam_policy_document.doc_{m}.json
}}

resource "aws_iam_role" "file_{m}" {{
  name               = "file-{m}"
  assume_role_policy = file("${{path.module}}/trust.json")
}}

resource "aws_iam_role" "template_{m}" {{
  name = "template-{m}"
  assume_role_policy = templatefile("${{path.module}}/trust.json.tpl", {{
    provider_arn = aws_iam_openid_connect_provider.eks.arn
    oidc_host    = local.oidc_host
    namespace    = local.team
  }})
}}
"#,
        ns = format_args!("team-{m}"),
        op = if m.is_multiple_of(3) {
            "StringEquals"
        } else {
            "StringLike"
        },
        sa = if m.is_multiple_of(3) { "doc-*" } else { "doc" },
    );
    let workloads = format!(
        r#"resource "kubernetes_service_account_v1" "jsonencode" {{
  metadata {{
    name      = "jsonencode"
    namespace = local.team
    annotations = {{
      "eks.amazonaws.com/role-arn" = aws_iam_role.jsonencode_{m}.arn
    }}
  }}
}}

resource "helm_release" "quoted" {{
  name       = "quoted"
  namespace  = local.team
  repository = "https://charts.example.com"
  chart      = "quoted"
  values     = [templatefile("${{path.module}}/values.yaml", {{ role_arn = aws_iam_role.quoted_{m}.arn }})]
}}
"#
    );
    vec![
        ("main.tf".into(), main),
        ("roles.tf".into(), forms),
        ("workloads.tf".into(), workloads),
    ]
}

/// Files an EKS stack reads besides its `.tf` files.
fn eks_extras(dir: &Path, m: usize) {
    let write = |name: &str, text: String| {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("create dir");
        std::fs::write(path, text).expect("write extra file");
    };
    write(
        "trust.json",
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"Federated":"arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/{m:032X}"}},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{{"StringEquals":{{"oidc.eks.eu-west-1.amazonaws.com/id/{m:032X}:sub":"system:serviceaccount:team-{m}:file"}}}}}}]}}"#
        ),
    );
    write(
        "trust.json.tpl",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"${provider_arn}"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"${oidc_host}:sub":"system:serviceaccount:${namespace}:template"}}}]}"#
            .to_string(),
    );
    write(
        "values.yaml",
        "serviceAccount:\n  create: true\n  name: quoted\n  annotations:\n    eks.amazonaws.com/role-arn: ${role_arn}\nreplicaCount: 2\n".into(),
    );
    write(
        "k8s/service-accounts.yaml",
        format!(
            "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: template\n  namespace: team-{m}\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/template-{m}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: template\n  namespace: team-{m}\nspec:\n  replicas: 2\n"
        ),
    );
}

/// A stack of `files` `.tf` files.
fn generate_stack(dir: &Path, m: usize, files: usize) {
    std::fs::create_dir_all(dir).expect("create stack dir");
    let mut named: Vec<(String, String)> = Vec::new();
    if m.is_multiple_of(EKS_EVERY) {
        named = eks_files(m);
        eks_extras(dir, m);
    } else if m % 4 == 1 {
        named.push(("lambda.tf".into(), service_role_file(m)));
    } else if m % 4 == 2 {
        // A local module nothing in it is trust-related.
        named.push((
            "network.tf".into(),
            format!(
                "module \"network\" {{\n  source = \"../../../modules/network\"\n  name   = \"net-{m}\"\n}}\n"
            ),
        ));
    }
    named.truncate(files);
    let mut f = 0;
    while named.len() < files {
        named.push((format!("f{f}.tf"), ordinary_file(m * STACK_FILES + f)));
        f += 1;
    }
    for (name, text) in named {
        std::fs::write(dir.join(name), text).expect("write file");
    }
}

/// The role module EKS stacks call.
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

output "arn" {
  value = aws_iam_role.this.arn
}
"#;

/// A module other stacks call that has nothing to do with trust.
const SHARED_NETWORK: &str = r#"
variable "name" {
  type = string
}

resource "aws_vpc" "this" {
  cidr_block = "10.0.0.0/16"
  tags       = { Name = var.name }
}

output "vpc_id" {
  value = aws_vpc.this.id
}
"#;

/// Writes `files` `.tf` files: two shared modules, and stacks of [`STACK_FILES`] files in
/// three environments.
pub fn generate(root: &Path, files: usize) {
    for (dir, text) in [
        ("modules/irsa-role", SHARED_ROLE),
        ("modules/network", SHARED_NETWORK),
    ] {
        std::fs::create_dir_all(root.join(dir)).expect("create shared module dir");
        std::fs::write(root.join(dir).join("main.tf"), text).expect("write shared module");
    }
    let files = files.saturating_sub(2);
    for m in 0..files.div_ceil(STACK_FILES) {
        let count = STACK_FILES.min(files - m * STACK_FILES);
        let env = ["dev", "staging", "prod"][m % 3];
        generate_stack(&root.join(format!("envs/{env}/stack{m:05}")), m, count);
    }
}
