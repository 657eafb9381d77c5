//! "Did you mean …?" for mistyped keys, values and rule ids.

/// Inputs longer than this get no suggestion.
const MAX_INPUT: usize = 256;

/// The candidate closest to `input`, if it is close enough to be a plausible typo.
///
/// Uses the optimal-string-alignment distance, so a swapped pair of letters (`team_szie`)
/// counts as one edit; comparison ignores case, dashes and underscores.
pub fn closest<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    // Names are short. An input far longer than any plausible typo of one (a hostile file's
    // 500 KB key) has no suggestion, and costs nothing: the edit distance takes time in the
    // product of the two lengths.
    if input.len() > MAX_INPUT {
        return None;
    }
    let norm = |s: &str| s.to_lowercase().replace(['-', '_'], "");
    let wanted = norm(input);
    let wanted_len = wanted.chars().count();
    let budget = (wanted_len / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let candidate_norm = norm(candidate);
        // The distance is at least the difference in length.
        if candidate_norm.chars().count().abs_diff(wanted_len) > budget {
            continue;
        }
        let distance = strsim::osa_distance(&wanted, &candidate_norm);
        let closer = best.is_none_or(|(d, _)| distance < d);
        if distance <= budget && closer {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// `did you mean `x`?` for a hint, when there is a close candidate.
pub fn did_you_mean<'a, I>(input: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    closest(input, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_transpositions_and_small_typos() {
        let keys = ["team_size", "teams", "traffic", "stage"];
        assert_eq!(closest("team_szie", keys), Some("team_size"));
        assert_eq!(closest("trafic", keys), Some("traffic"));
        assert_eq!(closest("Team-Size", keys), Some("team_size"));
        assert_eq!(closest("budget", keys), None);
        assert_eq!(closest(&"team_size".repeat(1000), keys), None);
    }
}
