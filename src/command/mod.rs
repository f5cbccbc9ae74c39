//! The command layer: a line of shell becomes commands, and each command says what it
//! means (where it runs, the docker or compose call it makes). The facts loader and the
//! lint rules both read commands through it, so each is understood one way.

pub mod app_cli;
pub mod docker;
pub mod docker_flags;
pub mod lex;
pub mod program;
pub mod script;
pub mod server;
pub mod ssh;
pub mod tty;
pub mod words;

pub use script::{
    LOCAL_MARKER, LocalMarker, SHELL_LANGUAGES, ShellCommand, ShellError, ShellScript,
    is_shell_fence, parse_fence, parse_remote, parse_script,
};
pub use ssh::{SshCall, ssh_call};
pub use words::{local_expansion, unquote};
