//! Which program a command runs: past `sudo` and past the commands that run another
//! (`timeout 10`, `nohup`, `xargs`, `env`, `exec`, ...), so that `timeout 10 docker ps`
//! is known to run docker, and whether `sudo` comes first.

/// The program a command's words run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Program {
    /// Index of the program's word.
    pub index: usize,
    /// `sudo` runs it.
    pub sudo: bool,
    /// `env NAME=value` sets variables for it.
    pub env_before: bool,
}

/// Commands that run the command after their options (and, for some, one argument).
/// Each is (name, options that take a value, arguments before the command).
const WRAPPERS: &[(&str, &[&str], usize)] = &[
    (
        "sudo",
        &["-u", "-g", "-h", "-p", "-C", "-D", "-R", "-T", "-U"],
        0,
    ),
    ("timeout", &["-s", "--signal", "-k", "--kill-after"], 1),
    ("nohup", &[], 0),
    ("exec", &["-a"], 0),
    ("command", &[], 0),
    ("builtin", &[], 0),
    ("time", &["-f", "-o"], 0),
    ("nice", &["-n", "--adjustment"], 0),
    ("ionice", &["-c", "-n", "-p", "-P", "-u"], 0),
    ("stdbuf", &["-i", "-o", "-e"], 0),
    ("watch", &["-n", "--interval", "-d", "--differences"], 0),
    (
        "xargs",
        &[
            "-I",
            "-i",
            "-n",
            "-P",
            "-d",
            "-L",
            "-l",
            "-s",
            "-E",
            "-e",
            "-a",
            "--arg-file",
        ],
        0,
    ),
    (
        "env",
        &["-u", "--unset", "-C", "--chdir", "-S", "--split-string"],
        0,
    ),
];

/// The last path segment: `/usr/bin/docker` is `docker`.
pub fn base_name(word: &str) -> &str {
    word.rsplit('/').next().unwrap_or(word)
}

/// The program `words` run, past `sudo` and the commands that run another.
pub fn program(words: &[String]) -> Option<Program> {
    let mut found = Program {
        index: 0,
        sudo: false,
        env_before: false,
    };
    loop {
        let word = words.get(found.index)?;
        let Some(&(name, with_value, arguments)) = WRAPPERS
            .iter()
            .find(|(name, _, _)| *name == base_name(word))
        else {
            return Some(found);
        };
        found.sudo |= name == "sudo";
        let mut index = found.index + 1;
        while let Some(word) = words.get(index) {
            if word == "--" {
                index += 1;
                break;
            }
            if !word.starts_with('-') || word.len() < 2 {
                break;
            }
            index += if with_value.contains(&word.as_str()) {
                2
            } else {
                1
            };
        }
        index += arguments;
        if name == "env" {
            while words.get(index).is_some_and(|word| word.contains('=')) {
                found.env_before = true;
                index += 1;
            }
        }
        found.index = index;
    }
}

/// The name of the program `words` run (`chpasswd` for `sudo -u root /usr/sbin/chpasswd`)
/// and the words after it.
pub fn named_program(words: &[String]) -> Option<(&str, &[String])> {
    let found = program(words)?;
    Some((base_name(&words[found.index]), &words[found.index + 1..]))
}

/// The program `words` run, when it is `docker` or `docker-compose`.
pub fn runs_docker(words: &[String]) -> Option<Program> {
    let found = program(words)?;
    matches!(base_name(&words[found.index]), "docker" | "docker-compose").then_some(found)
}

/// Where a word as written runs docker inside a command substitution (`$(docker ...)`,
/// a backtick, `<(docker ...)`), outside single quotes: the opener, as written.
pub fn nested_docker(raw: &str) -> Option<&'static str> {
    let bytes = raw.as_bytes();
    let mut single = false;
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'\\' if !single => index += 1,
            b'\'' => single = !single,
            b'$' | b'<' | b'>'
                if !single
                    && bytes.get(index + 1) == Some(&b'(')
                    && starts_docker(&raw[index + 2..]) =>
            {
                return Some(if bytes[index] == b'$' { "$(" } else { "<(" });
            }
            b'`' if !single && starts_docker(&raw[index + 1..]) => return Some("`"),
            _ => {}
        }
        index += 1;
    }
    None
}

/// Whether a command text begins, after blanks, with the word `docker` or
/// `docker-compose`.
fn starts_docker(text: &str) -> bool {
    let text = text.trim_start_matches([' ', '\t']);
    text.strip_prefix("docker").is_some_and(|rest| {
        rest.is_empty() || rest.starts_with([' ', '\t', ')', '`']) || rest.starts_with("-compose")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn the_program_is_found_past_sudo_and_wrappers() {
        let at = |text: &str| runs_docker(&words(text)).map(|p| (p.index, p.sudo, p.env_before));
        assert_eq!(at("docker ps"), Some((0, false, false)));
        assert_eq!(at("sudo -u root docker ps"), Some((3, true, false)));
        assert_eq!(at("timeout 10 docker ps"), Some((2, false, false)));
        assert_eq!(
            at("timeout -s KILL 10 sudo docker ps"),
            Some((5, true, false))
        );
        assert_eq!(at("nohup /usr/bin/docker ps"), Some((1, false, false)));
        assert_eq!(at("xargs -n 1 docker rm"), Some((3, false, false)));
        assert_eq!(at("env X=1 docker ps"), Some((2, false, true)));
        assert_eq!(at("time -p docker ps"), Some((2, false, false)));
        assert_eq!(at("which docker"), None);
        assert_eq!(at("echo docker"), None);
        assert_eq!(at("sudo"), None);
    }

    #[test]
    fn docker_in_a_substitution_is_found_outside_single_quotes() {
        assert_eq!(nested_docker("$(docker ps -q)"), Some("$("));
        assert_eq!(nested_docker("\"$( docker ps)\""), Some("$("));
        assert_eq!(nested_docker("`docker ps`"), Some("`"));
        assert_eq!(nested_docker("<(docker logs web)"), Some("<("));
        assert_eq!(nested_docker("'$(docker ps)'"), None);
        assert_eq!(nested_docker("$(dockerize)"), None);
        assert_eq!(nested_docker("\\$(docker ps)"), None);
    }
}
