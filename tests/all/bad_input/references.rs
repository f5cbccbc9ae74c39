//! A reference to a fact that does not exist, one case per kind of fact: each is
//! located at the reference and suggests the nearest key.

use crate::bad_input::support::{append_section, assert_rejected, located};
use crate::project::Project;

/// Adds a section whose `text` holds `placeholder`, and expects it refused at that line.
fn dangling_placeholder(placeholder: &str, expected: &[&str]) {
    let project = Project::copy();
    let file = append_section(&project, &format!("text: \"See {placeholder} here.\""));
    let place = located(&project, &file, placeholder);
    let mut all = vec![place.as_str()];
    all.extend_from_slice(expected);
    assert_rejected(&project, &all);
}

#[test]
fn dangling_host_placeholder() {
    dangling_placeholder(
        "{host.servr}",
        &["unknown host `servr`", "did you mean `{host.server}`?"],
    );
}

#[test]
fn dangling_path_placeholder() {
    dangling_placeholder(
        "{path.app_rep}",
        &["unknown path `app_rep`", "did you mean `{path.app_repo}`?"],
    );
}

#[test]
fn dangling_container_placeholder() {
    dangling_placeholder(
        "{container.web_prd}",
        &[
            "unknown container `web_prd`",
            "did you mean `{container.web_prod}`?",
        ],
    );
}

#[test]
fn dangling_service_placeholder() {
    dangling_placeholder(
        "{service.web_prd}",
        &[
            "unknown service `web_prd`",
            "did you mean `{service.web_prod}`?",
        ],
    );
}

#[test]
fn dangling_compose_placeholder() {
    dangling_placeholder(
        "{compose.prd}",
        &["unknown compose `prd`", "did you mean `{compose.prod}`?"],
    );
}

#[test]
fn dangling_compose_file_placeholder() {
    dangling_placeholder(
        "{compose_file.prd}",
        &[
            "unknown compose_file `prd`",
            "did you mean `{compose_file.prod}`?",
        ],
    );
}

#[test]
fn dangling_network_placeholder() {
    dangling_placeholder(
        "{network.hulle}",
        &["unknown network `hulle`", "did you mean `{network.hule}`?"],
    );
}

#[test]
fn dangling_env_placeholder() {
    dangling_placeholder(
        "{env.PYTHONPAT}",
        &[
            "unknown env `PYTHONPAT`",
            "did you mean `{env.PYTHONPATH}`?",
        ],
    );
}

#[test]
fn dangling_domain_placeholder() {
    dangling_placeholder(
        "{domain.ap}",
        &["unknown domain `ap`", "did you mean `{domain.app}`?"],
    );
}

#[test]
fn dangling_db_placeholder() {
    dangling_placeholder(
        "{db.nam}",
        &["unknown db `nam`", "did you mean `{db.name}`?"],
    );
}

#[test]
fn dangling_cli_placeholder() {
    dangling_placeholder(
        "{cli.db_upgrad}",
        &[
            "unknown cli `db_upgrad`",
            "did you mean `{cli.db_upgrade}`?",
        ],
    );
}

#[test]
fn unknown_placeholder_kind() {
    dangling_placeholder(
        "{contaner.web_prod}",
        &[
            "unknown placeholder kind `contaner`",
            "did you mean `{container.web_prod}`?",
        ],
    );
}

#[test]
fn dangling_section_reference() {
    let project = Project::copy();
    let file = append_section(&project, "text: A link.\nthen: [database#no-such-section]");
    let place = located(&project, &file, "database#no-such-section");
    assert_rejected(
        &project,
        &[&place, "unknown section `database#no-such-section`"],
    );
}

#[test]
fn malformed_section_reference() {
    let project = Project::copy();
    let file = append_section(&project, "text: A link.\nsee_also: [database]");
    let place = located(&project, &file, "see_also: [database]");
    assert_rejected(
        &project,
        &[&place, "is not a section reference", "branch#section-id"],
    );
}

#[test]
fn dangling_step_host() {
    let project = Project::copy();
    let file = append_section(&project, "steps:\n  - on: servr\n    run: uptime");
    let place = located(&project, &file, "on: servr");
    assert_rejected(
        &project,
        &[&place, "unknown host `servr`", "did you mean `server`?"],
    );
}

#[test]
fn dangling_step_dir() {
    let project = Project::copy();
    let file = append_section(&project, "steps:\n  - dir: app_rep\n    run: git status");
    let place = located(&project, &file, "dir: app_rep");
    assert_rejected(
        &project,
        &[&place, "unknown path `app_rep`", "did you mean `app_repo`?"],
    );
}

#[test]
fn dangling_host_environment() {
    let project = Project::copy();
    project.edit(
        "facts/infrastructure.yaml",
        "    environment: prod\n    use_when: From anywhere",
        "    environment: prd\n    use_when: From anywhere",
    );
    let place = located(&project, "facts/infrastructure.yaml", "environment: prd");
    assert_rejected(
        &project,
        &[&place, "unknown environment `prd`", "did you mean `prod`?"],
    );
}

#[test]
fn dangling_default_host() {
    let project = Project::copy();
    project.edit(
        "facts/infrastructure.yaml",
        "default_host: server\n",
        "default_host: servr\n",
    );
    let place = located(&project, "facts/infrastructure.yaml", "default_host: servr");
    assert_rejected(
        &project,
        &[&place, "unknown host `servr`", "did you mean `server`?"],
    );
}

#[test]
fn dangling_container_network() {
    let project = Project::copy();
    let text = project.read("facts/infrastructure.yaml");
    let from = if text.contains("networks: [hule") {
        "networks: [hule"
    } else {
        "- hule"
    };
    let to = from.replace("hule", "hulle");
    project.edit("facts/infrastructure.yaml", from, &to);
    let place = located(&project, "facts/infrastructure.yaml", "hulle");
    assert_rejected(
        &project,
        &[&place, "unknown network `hulle`", "did you mean `hule`?"],
    );
}
