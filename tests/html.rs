//! `--format html` from the command line: every example gives a page, `check` gives the
//! portfolio page with the same exit code as its other formats, and a run with nothing valid
//! still writes a whole page. (How the pages look in a browser: `html_browser.rs`.)

mod support;

use support::{archfit_args, VALID};

/// The number of profile sections in a page.
fn articles(html: &str) -> usize {
    html.matches("<article class=\"profile\">").count()
}

fn assert_whole_page(html: &str, what: &str) {
    assert!(html.starts_with("<!DOCTYPE html>"), "{what}");
    assert!(html.trim_end().ends_with("</html>"), "{what}");
    assert!(!html.contains("<script"), "{what}: a script");
}

#[test]
fn every_example_gives_a_page_including_the_hybrids_and_the_custom_pack() {
    let mut examples: Vec<String> = std::fs::read_dir("examples")
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| p.display().to_string())
        .collect();
    examples.sort();
    assert!(examples.len() >= 8);
    let mut maps = 0;
    for example in &examples {
        let (code, html, err) = archfit_args(&["recommend", "--format", "html", example]);
        assert_eq!(code, 0, "{example}: {err}");
        assert_whole_page(&html, example);
        assert_eq!(articles(&html), 1, "{example}");
        assert!(html.contains("data-chart=\"ranking\""), "{example}");
        maps += usize::from(html.contains("data-chart=\"components\""));
    }
    assert!(
        maps >= 1,
        "the example with components draws its component map"
    );
    for profile in [
        "examples/custom-pack/profiles/clinic-intake.yaml",
        "examples/custom-pack/profiles/payments-band.yaml",
    ] {
        let (code, html, err) = archfit_args(&[
            "--rules",
            "examples/custom-pack",
            "recommend",
            "--format",
            "html",
            profile,
        ]);
        assert_eq!(code, 0, "{profile}: {err}");
        assert_whole_page(&html, profile);
        assert_eq!(articles(&html), 1, "{profile}");
        assert!(
            html.contains("rule pack <code>example-org</code>"),
            "{profile}: the page names the pack it was judged by"
        );
    }
}

#[test]
fn several_profiles_share_one_page_in_input_order() {
    let (code, html, err) = archfit_args(&["recommend", "--format", "html", "examples"]);
    assert_eq!(code, 0, "{err}");
    assert_whole_page(&html, "examples/");
    assert_eq!(html.matches("<!DOCTYPE html>").count(), 1);
    let (_, json, _) = archfit_args(&["recommend", "--format", "json", "examples"]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let names: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["profile"].as_str().unwrap())
        .collect();
    assert_eq!(articles(&html), names.len());
    let at: Vec<usize> = names
        .iter()
        .map(|n| html.find(&format!("<h2>{n}</h2>")).unwrap())
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "input order");
}

#[test]
fn check_writes_the_portfolio_page_with_the_exit_code_of_its_other_formats() {
    let (text_code, _, _) = archfit_args(&["check", "examples"]);
    let (code, html, _) = archfit_args(&["check", "--format", "html", "examples"]);
    assert_eq!(code, text_code);
    assert_whole_page(&html, "check");
    assert!(html.contains("<title>archfit check:"));
    assert!(html.contains("id=\"summary\""));
    assert!(html.contains("data-chart=\"portfolio\""));
    assert!(html.matches("<section class=\"profile\"").count() >= 8);
}

#[test]
fn invalid_inputs_are_reported_and_the_page_is_still_whole() {
    let dir = tempfile::tempdir().unwrap();
    let good = support::write(dir.path(), "good.yaml", VALID);
    let bad = support::write(dir.path(), "bad.yaml", "team_size: many\n");
    let (good, bad) = (good.display().to_string(), bad.display().to_string());

    let (code, html, err) = archfit_args(&["recommend", "--format", "html", &bad]);
    assert_eq!(code, 2);
    assert!(err.contains("bad.yaml"), "{err}");
    assert_whole_page(&html, "nothing valid");
    assert_eq!(articles(&html), 0);
    assert!(html.contains("No valid profile to report on"));

    let (code, html, _) = archfit_args(&["recommend", "--format", "html", &good, &bad]);
    assert_eq!(code, 2);
    assert_eq!(articles(&html), 1);
    assert!(!html.contains("No valid profile"));

    let (code, html, err) = archfit_args(&["check", "--format", "html", &good, &bad]);
    assert_eq!(code, 2, "{err}");
    assert!(html.contains("id=\"invalid\""));
    assert!(html.contains("bad.yaml"));
    assert!(html.contains("data-verdict=\"invalid\""));
}

#[test]
fn ask_takes_the_html_format_too() {
    // Without a terminal `ask` stops before any question; the format word itself is accepted.
    let (code, _, err) = archfit_args(&["ask", "--format", "html"]);
    assert_eq!(code, 2);
    assert!(err.contains("on a terminal"), "{err}");
    let (code, _, err) = archfit_args(&["ask", "--format", "pdf"]);
    assert_eq!(code, 2);
    assert!(err.contains("html"), "the error lists html: {err}");
}
