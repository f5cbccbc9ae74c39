//! A reference to a fact that does not exist, one case per kind of fact: each is
//! located at the reference and suggests the nearest key.

use crate::bad_input::support::{append_section, assert_rejected, located};
use crate::project::Project;

/// Adds a section whose `text` holds `placeholder`, and expects it refused at that line.
fn dangling_placeholder(placeholder: &str, expected: &[&str]) {
    let project = Project::fixture();
    let file = append_section(&project, &format!("text: \"See {placeholder} here.\""));
    let place = located(&project, &file, placeholder);
    let mut all = vec![place.as_str()];
    all.extend_from_slice(expected);
    assert_rejected(&project, &all);
}

#[test]
fn dangling_host_placeholder() {
    dangling_placeholder(
        "{host.boxx}",
        &["unknown host `boxx`", "did you mean `{host.box}`?"],
    );
}

#[test]
fn dangling_path_placeholder() {
    dangling_placeholder(
        "{path.shop_rep}",
        &[
            "unknown path `shop_rep`",
            "did you mean `{path.shop_repo}`?",
        ],
    );
}

#[test]
fn dangling_container_placeholder() {
    dangling_placeholder(
        "{container.webb}",
        &[
            "unknown container `webb`",
            "did you mean `{container.web}`?",
        ],
    );
}

#[test]
fn dangling_service_placeholder() {
    dangling_placeholder(
        "{service.webb}",
        &["unknown service `webb`", "did you mean `{service.web}`?"],
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
        "{network.edgee}",
        &["unknown network `edgee`", "did you mean `{network.edge}`?"],
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
        "{cli.migrat}",
        &["unknown cli `migrat`", "did you mean `{cli.migrate}`?"],
    );
}

#[test]
fn unknown_placeholder_kind() {
    dangling_placeholder(
        "{contaner.web}",
        &[
            "unknown placeholder kind `contaner`",
            "did you mean `{container.web}`?",
        ],
    );
}

#[test]
fn dangling_section_reference() {
    let project = Project::fixture();
    let file = append_section(&project, "text: A link.\nthen: [data#no-such-section]");
    let place = located(&project, &file, "data#no-such-section");
    assert_rejected(
        &project,
        &[&place, "unknown section `data#no-such-section`"],
    );
}

#[test]
fn malformed_section_reference() {
    let project = Project::fixture();
    let file = append_section(&project, "text: A link.\nsee_also: [data]");
    let place = located(&project, &file, "see_also: [data]");
    assert_rejected(
        &project,
        &[&place, "is not a section reference", "branch#section-id"],
    );
}

#[test]
fn dangling_step_host() {
    let project = Project::fixture();
    let file = append_section(&project, "steps:\n  - on: boxx\n    run: uptime");
    let place = located(&project, &file, "on: boxx");
    assert_rejected(
        &project,
        &[&place, "unknown host `boxx`", "did you mean `box`?"],
    );
}

#[test]
fn dangling_step_dir() {
    let project = Project::fixture();
    let file = append_section(&project, "steps:\n  - dir: shop_rep\n    run: git status");
    let place = located(&project, &file, "dir: shop_rep");
    assert_rejected(
        &project,
        &[
            &place,
            "unknown path `shop_rep`",
            "did you mean `shop_repo`?",
        ],
    );
}

#[test]
fn dangling_host_environment() {
    let project = Project::fixture();
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
    let project = Project::fixture();
    project.edit(
        "facts/infrastructure.yaml",
        "default_host: box\n",
        "default_host: boxx\n",
    );
    let place = located(&project, "facts/infrastructure.yaml", "default_host: boxx");
    assert_rejected(
        &project,
        &[&place, "unknown host `boxx`", "did you mean `box`?"],
    );
}

#[test]
fn dangling_container_network() {
    let project = Project::fixture();
    let text = project.read("facts/infrastructure.yaml");
    let from = if text.contains("networks: [edge") {
        "networks: [edge"
    } else {
        "- edge"
    };
    let to = from.replace("edge", "edgee");
    project.edit("facts/infrastructure.yaml", from, &to);
    let place = located(&project, "facts/infrastructure.yaml", "edgee");
    assert_rejected(
        &project,
        &[&place, "unknown network `edgee`", "did you mean `edge`?"],
    );
}
