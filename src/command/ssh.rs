//! `ssh [options] DESTINATION [COMMAND...]`: the host, the terminal flag and the
//! command the remote shell runs.

/// `ssh [options] HOST [REMOTE...]`, split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SshCall {
    /// The destination as written, e.g. `deploy@hemma`.
    pub destination: String,
    /// The host alias: the destination without a `user@` part.
    pub host: String,
    /// Whether `-t` asks for a terminal.
    pub tty: bool,
    /// The options before the destination, as written.
    pub options: Vec<String>,
    /// The command the remote shell runs: the remaining words joined with spaces, the
    /// way ssh sends them. `None` for an interactive login.
    pub remote: Option<String>,
    /// An expansion (`$(...)`, a backtick, `$VAR`) the workstation's shell performs in
    /// the arguments before ssh sends them, as written.
    pub local_expansion: Option<String>,
}

/// ssh options that take an argument (from ssh(1)).
const SSH_OPTIONS_WITH_ARGUMENT: &str = "BbcDEeFIiJLlmOoPpQRSWw";

/// Splits `ssh [options] DESTINATION [COMMAND...]` (words already unquoted).
pub fn ssh_call(words: &[String]) -> Option<SshCall> {
    let (name, rest) = words.split_first()?;
    if name != "ssh" {
        return None;
    }
    let mut options = Vec::new();
    let mut tty = false;
    let mut index = 0;
    while let Some(word) = rest.get(index) {
        if word == "--" {
            index += 1;
            break;
        }
        let Some(flags) = word.strip_prefix('-').filter(|flags| !flags.is_empty()) else {
            break;
        };
        options.push(word.clone());
        index += 1;
        for (at, flag) in flags.char_indices() {
            if flag == 't' {
                tty = true;
            }
            if SSH_OPTIONS_WITH_ARGUMENT.contains(flag) {
                if at + flag.len_utf8() == flags.len()
                    && let Some(argument) = rest.get(index)
                {
                    options.push(argument.clone());
                    index += 1;
                }
                break;
            }
        }
    }
    let destination = rest.get(index)?.clone();
    let host = destination
        .rsplit_once('@')
        .map_or(destination.as_str(), |(_, host)| host)
        .to_string();
    let remote = &rest[index + 1..];
    Some(SshCall {
        destination,
        host,
        tty,
        options,
        remote: (!remote.is_empty()).then(|| remote.join(" ")),
        local_expansion: None,
    })
}
