//! The clap tree: global options (flattened into every subcommand) and the command enum.
//!
//! Help text follows jj's style guide: the first line of each doc comment is an imperative
//! sentence without a period (shown by `-h`); the rest is full sentences with an example
//! (shown by `--help`). Usage lines say `kubectl abema`, the way people invoke the plugin.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::commands::{
    check::CheckArgs, completion::CompletionArgs, deprecations::DeprecationsArgs,
    nodepool::NodepoolArgs, rbac::RbacArgs, seal::SealArgs, unseal::UnsealArgs,
};
use crate::output::{ColorChoice, OutputFormat};

/// Walk your workloads through the platform's rules on GKE and EKS
///
/// kubectl-abema is a kubectl plugin. Each command turns one of the platform's rules into a
/// check you can run from a shell, from CI or from a pre-commit hook.
///
/// Examples:
///
///   kubectl abema check .
///   kubectl abema deprecations manifests/ --target-version v1.33
///   kubectl abema nodepool select overlays/gke --deployment api
///   kubectl abema seal secret.yaml --in-place
///   helm template my-release ./chart | kubectl abema deprecations -
#[derive(Debug, Parser)]
#[command(
    name = "kubectl-abema",
    verbatim_doc_comment,
    version,
    propagate_version = true,
    max_term_width = 100,
    after_help = "Exit codes: 0 clean, 1 error, 2 usage error, 3 problems found, 4 removed APIs found.\n\
                  Documentation: https://github.com/abema/kubectl-abema#readme"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every subcommand accepts (kubectl passes no flags to plugins, so we parse our own).
#[derive(Debug, Default, Args)]
#[command(next_help_heading = "Global Options")]
pub struct GlobalArgs {
    /// Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)
    #[arg(long, global = true, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub kubeconfig: Option<PathBuf>,

    /// The kubeconfig context to use (default: the current context)
    #[arg(long, global = true, value_name = "NAME")]
    pub context: Option<String>,

    /// The namespace to use (default: the context's namespace)
    #[arg(short = 'n', long, global = true, value_name = "NAME")]
    pub namespace: Option<String>,

    /// Look in every namespace (live-cluster modes)
    #[arg(short = 'A', long, global = true)]
    pub all_namespaces: bool,

    /// Output format
    #[arg(
        short = 'o',
        long,
        global = true,
        value_enum,
        default_value_t,
        value_name = "FORMAT"
    )]
    pub output: OutputFormat,

    /// When to colour diagnostics (NO_COLOR and TERM=dumb turn `auto` off)
    #[arg(long, global = true, value_enum, default_value_t, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Print only data and errors (no status lines or warnings)
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Print more detail on stderr (can be repeated)
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Use this configuration file instead of the nearest .abema.yaml
    #[arg(long, global = true, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub config: Option<PathBuf>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    Check(CheckArgs),
    Deprecations(DeprecationsArgs),
    Nodepool(NodepoolArgs),
    Seal(Box<SealArgs>),
    Unseal(UnsealArgs),
    Rbac(RbacArgs),
    Completion(CompletionArgs),
}

/// The clap tree as people see it: usage lines say `kubectl abema ...`.
pub fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command().bin_name("kubectl abema")
}

/// The clap tree under the executable's own name, for shell completion scripts (clap_complete
/// derives shell function names from the binary name, which must not contain a space).
pub fn executable_command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}

/// Parses a command line (the first item is the program name).
pub fn parse_from<I, T>(args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let mut cmd = command();
    let matches = cmd.try_get_matches_from_mut(args)?;
    <Cli as clap::FromArgMatches>::from_arg_matches(&matches).map_err(|e| e.format(&mut cmd))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_is_consistent() {
        command().debug_assert();
    }

    #[test]
    fn global_flags_work_after_the_subcommand() {
        let cli = parse_from([
            "kubectl-abema",
            "deprecations",
            "-o",
            "json",
            "-q",
            "--color",
            "never",
            "x.yaml",
        ])
        .expect("valid command line");
        assert_eq!(cli.global.output, OutputFormat::Json);
        assert!(cli.global.quiet);
        assert_eq!(cli.global.color, ColorChoice::Never);
    }
}
