//! "Did you mean": the nearest known name to a misspelt one.

/// The candidate closest to `unknown`, if any is close enough to be a likely typo.
pub fn nearest<'a>(
    unknown: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(unknown, candidate), candidate))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::nearest;

    #[test]
    fn suggests_a_close_name_and_nothing_for_a_far_one() {
        let keys = ["alias", "address", "environment"];
        assert_eq!(nearest("alais", keys), Some("alias"));
        assert_eq!(nearest("enviroment", keys), Some("environment"));
        assert_eq!(nearest("colour", keys), None);
    }
}
