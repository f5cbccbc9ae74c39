//! The flags of the docker and docker compose subcommands skills use, and a check of a command's flags against them.
//!
//! The tables follow the docker/cli and docker/compose sources (cobra/pflag flag
//! definitions, hidden and deprecated flags included, since docker still accepts them).
//! A flag is checked the way pflag parses it: `-itd` is a cluster of short flags, `-n100`
//! and `-uroot` give a value-taking letter the rest of its word, `--tail=5` and
//! `--tail 5` both give `--tail` its value, and `--` ends the options. `docker exec`,
//! `docker run`, `docker top`, `docker compose exec`, `docker compose run` and the
//! `docker compose` root stop reading options at their first operand (the container,
//! image or service; what follows belongs to the inner command); every other subcommand
//! reads options anywhere, as cobra does, so `docker logs web --tial 5` is caught too.

use std::sync::LazyLock;

/// What one flag is: its long name, its short letter if any, and whether it takes a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlagSpec {
    pub long: &'static str,
    pub short: Option<char>,
    pub takes_value: bool,
}

/// One unknown flag found in a command's option words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownFlag {
    /// The flag as written, without any `=value`: `--tial`, or `-T` (one letter of a
    /// cluster such as `-iT` is named alone).
    pub flag: String,
    /// The index, in the words given, of the word holding the flag.
    pub word_index: usize,
    pub suggestion: Option<Suggestion>,
}

/// What to tell the user beside "unknown flag".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Suggestion {
    /// The flag of this subcommand that was probably meant, e.g. `--tail` for `--tial`.
    DidYouMean(String),
    /// Why the flag does not belong here, as a phrase with Markdown code spans, e.g.
    /// "`-T` is a `docker compose exec` flag; `docker exec` allocates no terminal
    /// unless given `-t`, so drop `-T`". Given when the flag exists, but on the
    /// `docker compose` form of the subcommand, on the plain docker form, or on the
    /// `docker compose` root (where it goes before the subcommand).
    Explain(String),
}

/// One subcommand's table: its path after `docker`, whether options end at the first
/// operand, and its flags in `docker --help` notation (`-e --env=`: short `-e`, long
/// `--env`, `=` when it takes a value).
type Spec = (&'static [&'static str], bool, &'static str);

#[rustfmt::skip]
const SPECS: &[Spec] = &[
    (&["exec"], true, "-d --detach --detach-keys= -e --env= --env-file= -i --interactive --privileged \
        -t --tty -u --user= -w --workdir="),
    (&["run"], true, "--add-host= --annotation= -a --attach= --blkio-weight= --blkio-weight-device= \
        --cap-add= --cap-drop= --cgroup-parent= --cgroupns= --cidfile= --cpu-count= --cpu-percent= \
        --cpu-period= --cpu-quota= --cpu-rt-period= --cpu-rt-runtime= -c --cpu-shares= --cpus= \
        --cpuset-cpus= --cpuset-mems= -d --detach --detach-keys= --device= --device-cgroup-rule= \
        --device-read-bps= --device-read-iops= --device-write-bps= --device-write-iops= \
        --disable-content-trust --dns= --dns-opt= --dns-option= --dns-search= --domainname= \
        --entrypoint= -e --env= --env-file= --expose= --gpus= --group-add= --health-cmd= \
        --health-interval= --health-retries= --health-start-interval= --health-start-period= \
        --health-timeout= -h --hostname= --init -i --interactive --io-maxbandwidth= --io-maxiops= \
        --ip= --ip6= --ipc= --isolation= --kernel-memory= -l --label= --label-file= --link= \
        --link-local-ip= --log-driver= --log-opt= --mac-address= -m --memory= --memory-reservation= \
        --memory-swap= --memory-swappiness= --mount= --name= --net= --net-alias= --network= \
        --network-alias= --no-healthcheck --oom-kill-disable --oom-score-adj= --pid= --pids-limit= \
        --platform= --privileged -p --publish= -P --publish-all --pull= -q --quiet --read-only \
        --restart= --rm --runtime= --security-opt= --shm-size= --sig-proxy --stop-signal= \
        --stop-timeout= --storage-opt= --sysctl= --tmpfs= -t --tty --ulimit= --use-api-socket \
        -u --user= --userns= --uts= -v --volume= --volume-driver= --volumes-from= -w --workdir="),
    (&["logs"], false, "-d --delay= --details -f --follow --since= -n --tail= -t --timestamps --until="),
    (&["ps"], false, "-a --all -f --filter= --format= -n --last= -l --latest --no-trunc -q --quiet \
        -s --size"),
    (&["inspect"], false, "-f --format= -s --size --type="),
    (&["restart"], false, "-s --signal= -t --timeout= --time="),
    (&["stop"], false, "-s --signal= -t --timeout= --time="),
    (&["start"], false, "-a --attach --checkpoint= --checkpoint-dir= --detach-keys= -i --interactive \
        --start-healthy-timeout="),
    (&["kill"], false, "-s --signal="),
    (&["rm"], false, "-f --force -l --link -v --volumes"),
    (&["cp"], false, "-a --archive -L --follow-link -q --quiet"),
    (&["stats"], false, "-a --all --format= --no-stream --no-trunc"),
    (&["top"], true, ""),
    (&["images"], false, "-a --all --digests -f --filter= --format= --no-trunc -q --quiet --tree"),
    (&["pull"], false, "-a --all-tags --disable-content-trust --platform= -q --quiet"),
    (&["volume", "ls"], false, "--cluster -f --filter= --format= -q --quiet"),
    (&["volume", "inspect"], false, "-f --format="),
    (&["volume", "rm"], false, "-f --force"),
    (&["volume", "create"], false, "--availability= -d --driver= --group= --label= --limit-bytes= \
        --name= -o --opt= --required-bytes= --scope= --secret= --sharing= --topology-preferred= \
        --topology-required= --type="),
    (&["network", "ls"], false, "-f --filter= --format= --no-trunc -q --quiet"),
    (&["network", "inspect"], false, "-f --format= -v --verbose"),
    (&["network", "connect"], false, "--alias= --driver-opt= --gw-priority= --ip= --ip6= --link= \
        --link-local-ip= --mac-address="),
    (&["network", "disconnect"], false, "-f --force"),
    (&["network", "create"], false, "--attachable --aux-address= --config-from= --config-only \
        -d --driver= --gateway= --ingress --internal --ip-range= --ipam-driver= --ipam-opt= --ipv4 \
        --ipv6 --label= -o --opt= --scope= --subnet="),
    (&["network", "rm"], false, "-f --force"),
    (&["system", "df"], false, "--format= -v --verbose"),
    (&["system", "prune"], false, "-a --all --filter= -f --force --volumes"),
    (&["image", "prune"], false, "-a --all --filter= -f --force"),
    (&["compose"], true, "--all-resources --ansi= --compatibility --dry-run --env-file= -f --file= \
        --no-ansi --parallel= --profile= --progress= --project-directory= -p --project-name= \
        --verbose -v --version --workdir="),
    (&["compose", "up"], false, "--abort-on-container-exit --abort-on-container-failure \
        --always-recreate-deps --attach= --attach-dependencies --build -d --detach --exit-code-from= \
        --force-recreate --menu --no-attach= --no-build --no-color --no-deps --no-log-prefix \
        --no-recreate --no-start --pull= --quiet-build --quiet-pull --remove-orphans \
        -V --renew-anon-volumes --scale= -t --timeout= --timestamps --wait --wait-timeout= \
        -w --watch -y --yes"),
    (&["compose", "down"], false, "--remove-orphans --rmi= -t --timeout= -v --volumes --volume"),
    (&["compose", "exec"], true, "-d --detach -e --env= --index= -i --interactive --privileged \
        -t --tty -T --no-tty --no-TTY -u --user= -w --workdir="),
    (&["compose", "run"], true, "--build --cap-add= --cap-drop= -d --detach --entrypoint= -e --env= \
        --env-from-file= -i --interactive -l --label= --labels= --name= --no-deps -T --no-TTY \
        --no-tty -p --publish= --pull= -q --quiet --quiet-build --quiet-pull --remove-orphans --rm \
        -P --service-ports -t --tty --use-aliases -u --user= -v --volume= --volumes= -w --workdir="),
    (&["compose", "logs"], false, "-f --follow --index= --no-color --no-log-prefix --since= \
        -n --tail= -t --timestamps --until="),
    (&["compose", "build"], false, "--build-arg= --builder= --check --compress --force-rm \
        -m --memory= --no-cache --no-rm --parallel --print --progress= --provenance= --pull --push \
        -q --quiet --sbom= --ssh= --with-dependencies"),
    (&["compose", "pull"], false, "--ignore-buildable --ignore-pull-failures --include-deps \
        --no-parallel --parallel --policy= -q --quiet"),
    (&["compose", "ps"], false, "-a --all --filter= --format= --no-trunc --orphans -q --quiet \
        --services --status="),
    (&["compose", "restart"], false, "--no-deps -t --timeout="),
    (&["compose", "stop"], false, "-t --timeout="),
    (&["compose", "start"], false, "--wait --wait-timeout="),
    (&["compose", "config"], false, "--environment --format= --hash= --images --lock-image-digests \
        --models --networks --no-consistency --no-env-resolution --no-interpolate --no-normalize \
        --no-path-resolution -o --output= --profiles -q --quiet --resolve-image-digests --services \
        --variables --volumes"),
    (&["compose", "images"], false, "--format= -q --quiet"),
    (&["compose", "rm"], false, "-a --all -f --force -s --stop -v --volumes"),
    (&["compose", "top"], false, ""),
];

/// Every docker command has `--help`, and `-h` for it unless the letter is taken
/// (`docker run -h` is `--hostname`).
const HELP: FlagSpec = flag("help", Some('h'), false);
/// The one persistent flag of the `docker compose` root: every compose subcommand has it.
const DRY_RUN: FlagSpec = flag("dry-run", None, false);

const fn flag(long: &'static str, short: Option<char>, takes_value: bool) -> FlagSpec {
    FlagSpec {
        long,
        short,
        takes_value,
    }
}

struct Table {
    path: &'static [&'static str],
    stops_at_operand: bool,
    flags: Vec<FlagSpec>,
}

static TABLES: LazyLock<Vec<Table>> = LazyLock::new(|| {
    SPECS
        .iter()
        .map(|&(path, stops_at_operand, spec)| Table {
            path,
            stops_at_operand,
            flags: parse(spec),
        })
        .collect()
});

fn parse(spec: &'static str) -> Vec<FlagSpec> {
    let mut flags = Vec::new();
    let mut short = None;
    for token in spec.split_whitespace() {
        if let Some(long) = token.strip_prefix("--") {
            let (long, takes_value) = match long.strip_suffix('=') {
                Some(long) => (long, true),
                None => (long, false),
            };
            flags.push(flag(long, short.take(), takes_value));
        } else {
            short = token
                .strip_prefix('-')
                .and_then(|letter| letter.chars().next());
        }
    }
    flags
}

/// The `docker X` subcommands that `docker container X` also names.
const CONTAINER_VERBS: &[&str] = &[
    "exec", "run", "logs", "restart", "stop", "start", "kill", "rm", "cp", "stats", "top",
];

/// The table's path for the aliases docker gives the same command: `container exec`,
/// `container ls`, `image ls`, `image pull`, `volume list`, `network remove` ...
fn canonical<'a>(path: &[&'a str]) -> Vec<&'a str> {
    match path {
        ["container", "ls" | "list" | "ps"] => vec!["ps"],
        ["container", "remove"] => vec!["rm"],
        ["container", verb] if CONTAINER_VERBS.contains(verb) => vec![*verb],
        ["image", "ls" | "list"] => vec!["images"],
        ["image", "pull"] => vec!["pull"],
        [object @ ("volume" | "network"), "list"] => vec![*object, "ls"],
        [object @ ("volume" | "network"), "remove"] => vec![*object, "rm"],
        _ => path.to_vec(),
    }
}

fn table(path: &[&str]) -> Option<&'static Table> {
    let path = canonical(path);
    TABLES.iter().find(|table| table.path == path.as_slice())
}

/// The known flags of one subcommand path, e.g. `["exec"]`, `["network", "connect"]`,
/// `["compose", "up"]`, or `["compose"]` for the compose root; `None` when that
/// subcommand is not in the table (then nothing is checked). `--help`, and `--dry-run`
/// under `compose`, are accepted everywhere without being listed.
pub fn flags_of(path: &[&str]) -> Option<&'static [FlagSpec]> {
    table(path).map(|table| table.flags.as_slice())
}

/// The global flags of `docker compose`, which go before its subcommand: `-f/--file`,
/// `-p/--project-name`, `--profile`, `--env-file`, `--project-directory`, `--ansi`, ...
pub fn compose_global_flags() -> &'static [FlagSpec] {
    flags_of(&["compose"]).unwrap_or_default()
}

impl Table {
    /// The table's flags, then `--help` and, under `compose`, `--dry-run`.
    fn all(&self) -> impl Iterator<Item = &FlagSpec> {
        let compose = self.path.len() > 1 && self.path[0] == "compose";
        self.flags
            .iter()
            .chain([&HELP])
            .chain(compose.then_some(&DRY_RUN))
    }

    fn long(&self, name: &str) -> Option<&FlagSpec> {
        self.all().find(|flag| flag.long == name)
    }

    fn short(&self, letter: char) -> Option<&FlagSpec> {
        self.all().find(|flag| flag.short == Some(letter))
    }

    /// The table's flag for `flag` as written: `--name` or `-x`.
    fn find(&self, flag: &str) -> Option<&FlagSpec> {
        match (flag.strip_prefix("--"), flag.strip_prefix('-')) {
            (Some(name), _) => self.long(name),
            (None, Some(letter)) => letter.chars().next().and_then(|c| self.short(c)),
            _ => None,
        }
    }
}

/// Checks the option words of a subcommand: the words after its path (for `docker
/// compose up`, the words after `up`). Returns each unknown flag once per occurrence,
/// in word order; a word with several unknown letters counts its first, as docker stops
/// there. Nothing is returned for a path not in the table.
pub fn unknown_flags(path: &[&str], words: &[String]) -> Vec<UnknownFlag> {
    let mut unknown = Vec::new();
    if let Some(table) = table(path) {
        scan(table, words, &mut unknown);
    }
    unknown
}

/// The index of the first operand among a subcommand's words (the container of `docker
/// exec`, the subcommand after `docker compose -f FILE`), skipping options and their
/// values; `None` when there is none or the path is not in the table.
pub fn first_positional(path: &[&str], words: &[String]) -> Option<usize> {
    table(path).and_then(|table| scan(table, words, &mut Vec::new()))
}

fn scan(table: &Table, words: &[String], unknown: &mut Vec<UnknownFlag>) -> Option<usize> {
    let mut first_operand = None;
    let mut index = 0;
    while let Some(word) = words.get(index) {
        let word_index = index;
        index += 1;
        if word == "--" {
            return first_operand.or((index < words.len()).then_some(index));
        }
        if let Some(long) = word.strip_prefix("--") {
            let (name, inline_value) = match long.split_once('=') {
                Some((name, _)) => (name, true),
                None => (long, false),
            };
            match table.long(name) {
                Some(flag) if flag.takes_value && !inline_value => index += 1,
                Some(_) => {}
                None => unknown.push(report(table, format!("--{name}"), word, word_index)),
            }
        } else if let Some(cluster) = word.strip_prefix('-').filter(|rest| !rest.is_empty()) {
            for (at, letter) in cluster.char_indices() {
                let rest = &cluster[at + letter.len_utf8()..];
                match table.short(letter) {
                    Some(flag) if flag.takes_value => {
                        index += usize::from(rest.is_empty());
                        break;
                    }
                    Some(_) if rest.starts_with('=') => break,
                    Some(_) => {}
                    None => {
                        unknown.push(report(table, format!("-{letter}"), word, word_index));
                        break;
                    }
                }
            }
        } else {
            first_operand.get_or_insert(word_index);
            if table.stops_at_operand {
                break;
            }
        }
    }
    first_operand
}

fn report(table: &Table, flag: String, word: &str, word_index: usize) -> UnknownFlag {
    let suggestion = explain(table, &flag).or_else(|| nearest(table, &flag, word));
    UnknownFlag {
        flag,
        word_index,
        suggestion,
    }
}

/// The note for a flag that exists elsewhere: on the compose root, or on the other of
/// `docker X` and `docker compose X`.
fn explain(table: &Table, flag: &str) -> Option<Suggestion> {
    let (compose, verb) = match table.path {
        ["compose", verb] => (true, *verb),
        [verb] => (false, *verb),
        _ => return None,
    };
    // The root's hidden `-v/--version` and `--verbose` are not what `up -v` means.
    let root = self::table(&["compose"]).and_then(|root| root.find(flag));
    if compose && root.is_some_and(|spec| !matches!(spec.long, "version" | "verbose")) {
        let text = format!("`{flag}` is a `docker compose` flag: put it before `{verb}`");
        return Some(Suggestion::Explain(text));
    }
    let other: &[&str] = if compose { &[verb] } else { &["compose", verb] };
    let other = self::table(other).filter(|other| other.find(flag).is_some())?;
    let (here, there) = (table.path.join(" "), other.path.join(" "));
    let no_tty = flag == "-T" || flag.eq_ignore_ascii_case("--no-tty");
    let text = if no_tty && !compose {
        format!(
            "`{flag}` is a `docker {there}` flag; `docker {here}` allocates no terminal \
             unless given `-t`, so drop `{flag}`"
        )
    } else {
        format!("`{flag}` is a `docker {there}` flag; `docker {here}` has no such flag")
    };
    Some(Suggestion::Explain(text))
}

/// The known flag nearest a misspelt one: a long name close by Jaro-Winkler (as
/// `crate::suggest` judges names), the other case of a short letter, or for a
/// single-dash word like `-tail` the long flag it spells.
fn nearest(table: &Table, flag: &str, word: &str) -> Option<Suggestion> {
    let closest = |name: &str| {
        table
            .all()
            .map(|known| (strsim::jaro_winkler(name, known.long), known.long))
            .filter(|(score, _)| *score >= 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, long)| Suggestion::DidYouMean(format!("--{long}")))
    };
    if let Some(name) = flag.strip_prefix("--") {
        return closest(name.trim_start_matches('-'));
    }
    let spelt = word
        .trim_start_matches('-')
        .split('=')
        .next()
        .unwrap_or_default();
    if let Some(found) = Some(spelt)
        .filter(|s| s.chars().count() >= 4)
        .and_then(closest)
    {
        return Some(found);
    }
    let letter = flag.strip_prefix('-')?.chars().next()?;
    let other = letter
        .to_lowercase()
        .chain(letter.to_uppercase())
        .find(|c| *c != letter)?;
    table
        .short(other)
        .map(|_| Suggestion::DidYouMean(format!("-{other}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    fn unknown(path: &[&str], line: &str) -> Vec<UnknownFlag> {
        unknown_flags(path, &words(line))
    }

    /// What the first unknown flag of `line` comes with.
    fn hint(path: &[&str], line: &str) -> Option<Suggestion> {
        unknown(path, line).into_iter().next()?.suggestion
    }

    fn did_you_mean(flag: &str) -> Option<Suggestion> {
        Some(Suggestion::DidYouMean(flag.to_owned()))
    }

    #[test]
    fn every_subcommand_skills_use_has_a_table() {
        let docker = "exec run logs ps inspect restart stop start kill rm cp stats top images pull \
            volume.ls volume.inspect volume.rm volume.create network.ls network.inspect \
            network.connect network.disconnect network.create network.rm system.df system.prune \
            image.prune compose compose.up compose.down compose.exec compose.run compose.logs \
            compose.build compose.pull compose.ps compose.restart compose.stop compose.start \
            compose.config compose.images compose.rm compose.top container.exec image.ls";
        for path in docker.split_whitespace() {
            let path: Vec<&str> = path.split('.').collect();
            assert!(flags_of(&path).is_some(), "docker {}", path.join(" "));
        }
        let globals = compose_global_flags();
        assert!(globals.iter().any(|f| f.long == "project-name"));
        assert_eq!(flags_of(&["frobnicate"]), None);
        assert!(unknown(&["frobnicate"], "--anything -Z").is_empty());
    }

    #[test]
    fn tables_name_each_flag_and_letter_once() {
        for table in TABLES.iter() {
            let mut seen = std::collections::HashSet::new();
            for flag in &table.flags {
                let fresh = seen.insert(format!("--{}", flag.long))
                    && flag.short.is_none_or(|c| seen.insert(format!("-{c}")));
                assert!(fresh && !flag.long.is_empty(), "{:?} {flag:?}", table.path);
            }
        }
    }

    #[test]
    fn docker_exec_dash_capital_t_is_a_compose_flag() {
        let found = unknown(&["exec"], "-T web ls");
        let first = (found.len(), found[0].flag.as_str(), found[0].word_index);
        assert_eq!(first, (1, "-T", 0));
        let Some(Suggestion::Explain(text)) = &found[0].suggestion else {
            panic!("{found:?}")
        };
        let compose_note = text.contains("`docker compose exec`");
        assert!(compose_note && text.contains("drop `-T`"), "{text}");
        assert_eq!(unknown(&["exec"], "-iT web sh")[0].flag, "-T");
        assert!(unknown(&["compose", "exec"], "-T web ls").is_empty());
        assert!(unknown(&["compose", "exec"], "--no-TTY web ls").is_empty());
    }

    #[test]
    fn common_exec_and_logs_forms_pass() {
        for line in "-it web sh|-e A=1 web env|--env=A=1 web|-uroot web id|-itd web".split('|') {
            assert!(unknown(&["exec"], line).is_empty(), "docker exec {line}");
        }
        for line in "--tail 100 web|-n100 web|-f --since=10m web|web --tail=5 -t".split('|') {
            assert!(unknown(&["logs"], line).is_empty(), "docker logs {line}");
        }
        assert!(unknown(&["compose", "up"], "-d --build --remove-orphans web").is_empty());
        assert!(unknown(&["compose", "down"], "-v -t 30 --dry-run").is_empty());
        assert!(unknown(&["ps"], "-a --format {{.Names}} --help").is_empty());
    }

    #[test]
    fn a_misspelt_flag_suggests_the_one_meant() {
        let found = unknown(&["logs"], "web --tial 100");
        assert_eq!(
            found.len(),
            1,
            "options after the container count: {found:?}"
        );
        assert_eq!(found[0].suggestion, did_you_mean("--tail"));
        assert_eq!(hint(&["logs"], "-tail 100 web"), did_you_mean("--tail"));
        assert_eq!(hint(&["ps"], "-A"), did_you_mean("-a"));
    }

    #[test]
    fn a_flag_of_the_other_docker_form_is_explained() {
        let Some(Suggestion::Explain(up)) = hint(&["compose", "up"], "-f prod.yml -d") else {
            panic!("no note for `compose up -f`")
        };
        assert!(up.contains("put it before `up`"), "{up}");
        let Some(Suggestion::Explain(logs)) = hint(&["compose", "logs"], "--details web") else {
            panic!("no note for `compose logs --details`")
        };
        assert!(logs.contains("is a `docker logs` flag"), "{logs}");
    }

    #[test]
    fn the_inner_command_and_words_after_double_dash_are_not_checked() {
        assert!(unknown(&["exec"], "web ls -la --foo").is_empty());
        assert!(unknown(&["exec"], "-w /app web sh -c --weird").is_empty());
        assert!(unknown(&["run"], "--rm -h box alpine ls -Z").is_empty());
        assert!(unknown(&["compose", "run"], "--rm web pytest -x --tb=short").is_empty());
        assert!(unknown(&["logs"], "-- --not-a-flag").is_empty());
        assert_eq!(unknown(&["logs"], "--bogus -- --not-a-flag").len(), 1);
    }

    #[test]
    fn the_first_operand_is_found_past_option_values() {
        let compose = words("-f a.yml -p proj --profile dev up -d");
        assert_eq!(first_positional(&["compose"], &compose), Some(6));
        let run = words("-h box -e X=1 alpine sh");
        assert_eq!(first_positional(&["run"], &run), Some(4));
        assert_eq!(first_positional(&["exec"], &words("-it")), None);
        assert_eq!(first_positional(&["exec"], &words("-d -- web ls")), Some(2));
    }

    #[test]
    fn odd_words_never_panic() {
        let odd = "|-|--|---|---x|--=|-=|-=x|-é|--é=ü|-ü100|-n|--tail|-\u{0}|--\u{feff}|-itdé|-d=\
            |--tail=|\u{1F600}|-\u{1F600}x|=| |- -";
        for path in SPECS.iter().map(|spec| spec.0) {
            for a in odd.split('|') {
                for b in odd.split('|') {
                    let line = [a.to_owned(), b.to_owned(), "x".to_owned()];
                    let _ = (unknown_flags(path, &line), first_positional(path, &line));
                }
            }
        }
        assert_eq!(unknown(&["exec"], "---x web")[0].flag, "---x");
        assert_eq!(unknown(&["exec"], "-é web")[0].flag, "-é");
    }
}
