//! kubectl's plugin-completion entry: `kubectl_complete-abema WORD...` (cobra protocol).

use std::io::Write;

fn main() -> std::process::ExitCode {
    let words: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|w| w.to_string_lossy().into_owned())
        .collect();
    let (candidates, directive) =
        kubectl_abema::complete::complete(&kubectl_abema::cli::command(), &words);
    let text = kubectl_abema::complete::render(&candidates, directive);
    // A closed pipe means the shell stopped listening: nothing to report.
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    std::process::ExitCode::SUCCESS
}
