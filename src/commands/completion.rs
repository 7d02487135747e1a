//! `kubectl abema completion SHELL`: shell completion scripts.
//!
//! The scripts complete the binary's own name, `kubectl-abema`. Completing `kubectl abema ...`
//! is kubectl's job: kubectl >= 1.26 asks the `kubectl_complete-abema` executable (installed
//! next to `kubectl-abema`), which answers from the same clap tree (see [`crate::complete`]).

use clap::Args;
use clap_complete::Shell;

use crate::context::Ctx;
use crate::error::{ExitStatus, Result};

/// The name the generated scripts complete.
pub const BIN_NAME: &str = "kubectl-abema";

/// Print a shell completion script
///
/// Load it in the current shell, or install it once:
///
///   source <(kubectl-abema completion bash)
///   kubectl-abema completion zsh > "${fpath[1]}/_kubectl-abema"
///   kubectl-abema completion fish > ~/.config/fish/completions/kubectl-abema.fish
///
/// `kubectl abema <TAB>` needs no script: kubectl (>= 1.26) runs kubectl_complete-abema.
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct CompletionArgs {
    /// The shell to print the script for
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn run(args: &CompletionArgs, ctx: &Ctx) -> Result<ExitStatus> {
    ctx.printer.data(&script(args.shell))?;
    Ok(ExitStatus::Clean)
}

/// The completion script for a shell, as `completions/` holds it.
pub fn script(shell: Shell) -> String {
    let mut cmd = crate::cli::executable_command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, BIN_NAME, &mut buf);
    let script = String::from_utf8_lossy(&buf).into_owned();
    if shell == Shell::Bash {
        // clap_complete 4.6 names bash `case` labels of a hyphenated binary inconsistently
        // (`kubectl__subcmd__abema__...` vs `kubectl__abema__...`), so subcommand flags never
        // complete. Align the labels; tests/cli.rs runs the script in bash to prove it works.
        return script.replace("kubectl__subcmd__abema", "kubectl__abema");
    }
    script
}
