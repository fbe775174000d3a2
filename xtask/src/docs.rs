//! Generated documentation of the command line: shell completions (clap_complete) and man pages
//! (clap_mangen), both from `leverage_cli::args`, the clap types the binary parses with.

use std::path::Path;

use anyhow::{Context, Result};
use clap::CommandFactory;
use clap_complete::Shell;

/// Writes completions for every shell clap_complete knows into `out`.
pub(crate) fn completions(out: &Path) -> Result<()> {
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::Elvish, Shell::PowerShell] {
        let path =
            clap_complete::generate_to(shell, &mut leverage_cli::args::Cli::command(), "leverage", out)
                .with_context(|| format!("writing {shell} completions"))?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}

/// Writes `leverage.1` and one page per command into `out`.
pub(crate) fn man(out: &Path) -> Result<()> {
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let command = leverage_cli::args::Cli::command();
    clap_mangen::generate_to(command, out)
        .with_context(|| format!("writing man pages into {}", out.display()))?;
    eprintln!("wrote man pages into {}", out.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completions_cover_every_command() {
        let dir = std::env::temp_dir().join(format!("leverage-completions-{}", std::process::id()));
        completions(&dir).expect("written");
        let bash = std::fs::read_to_string(dir.join("leverage.bash")).expect("bash completions");
        for command in ["build", "serve", "check", "stats", "new", "log", "init", "import", "deploy"] {
            assert!(bash.contains(command), "{command}");
        }
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn man_pages_have_one_page_per_command() {
        let dir = std::env::temp_dir().join(format!("leverage-man-{}", std::process::id()));
        man(&dir).expect("written");
        let main = std::fs::read_to_string(dir.join("leverage.1")).expect("the main page");
        assert!(main.contains("time\\-record") || main.contains("time-record"), "{main}");
        assert!(dir.join("leverage-log.1").exists() && dir.join("leverage-deploy.1").exists());
        let _ = std::fs::remove_dir_all(dir);
    }
}
