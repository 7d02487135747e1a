//! `kubectl-abema`: parse -> run -> print error -> exit code; nothing else.

use std::process::ExitCode;

use kubectl_abema::context::Ctx;
use kubectl_abema::error::ErrorKind;

fn main() -> ExitCode {
    let cli = match kubectl_abema::cli::parse_from(std::env::args_os()) {
        Ok(cli) => cli,
        Err(err) => {
            // --help and --version are "errors" with exit code 0; a closed pipe is not worth a word.
            let _ = err.print();
            return ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2));
        }
    };
    let ctx = match Ctx::new(cli.global) {
        Ok(ctx) => ctx,
        Err(err) => {
            kubectl_abema::output::Printer::fallback().error(&err);
            return ExitCode::from(err.exit_status().code());
        }
    };
    match kubectl_abema::commands::run(cli.command, &ctx) {
        Ok(status) => ExitCode::from(status.code()),
        Err(err) if err.kind() == ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(err) => {
            ctx.printer.error(&err);
            ExitCode::from(err.exit_status().code())
        }
    }
}
