//! The HTML page's structure, on the small test pack (so nothing here depends on the default
//! pack's numbers). How it looks and lays out is checked in a browser: `tests/html_browser.rs`.

use super::*;
use crate::engine::check::{self, Entry};
use crate::engine::{evaluate, Evaluation};
use crate::profile::{parse_stream, Profile};
use crate::report::check::{html::Html as CheckHtml, Format as _};
use crate::report::Stream;

fn parse(pack: &RulePack, text: &str) -> Profile {
    parse_stream(text, "p.yaml", "p", pack)
        .remove(0)
        .unwrap_or_else(|d| panic!("{d:?}"))
}

/// The whole page for `text`, as `recommend --format html` writes it.
fn page(text: &str) -> (RulePack, Evaluation, String) {
    let pack = crate::test_support::small_pack();
    let profile = parse(&pack, text);
    let eval = evaluate(&pack, &profile);
    let html = Html::new(&pack, Style::default());
    let mut out = Vec::new();
    let mut stream = Stream::open(&mut out, html.framing()).unwrap();
    let report = html.render(&Item {
        profile: &profile,
        eval: &eval,
    });
    stream.write(&report).unwrap();
    stream.close().unwrap();
    (pack, eval, String::from_utf8(out).unwrap())
}

/// The values of `attribute` in the order they appear in `html`.
fn attribute_values<'h>(html: &'h str, attribute: &str) -> Vec<&'h str> {
    let needle = format!("{attribute}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

/// The part of `html` from the element carrying `marker` to the next `</figure>`.
fn figure<'h>(html: &'h str, marker: &str) -> &'h str {
    let start = html.find(marker).unwrap_or_else(|| panic!("no {marker}"));
    let end = html[start..].find("</figure>").unwrap() + start;
    &html[start..end]
}

#[test]
fn a_page_is_one_self_contained_document_that_loads_nothing() {
    let (_, _, html) = page("name: shop\nteam_size: 5\n");
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(html.trim_end().ends_with("</html>"));
    assert_eq!(html.matches("<body>").count(), 1);
    assert_eq!(html.matches("</body>").count(), 1);
    assert!(html.contains("Content-Security-Policy"));
    assert!(html.contains(POLICY));
    // No script, and nothing fetched: no source or link to another document or host.
    for forbidden in [
        "<script", " src=", "<link", "@import", "url(", "http://", "https://",
    ] {
        assert!(!html.contains(forbidden), "the page holds {forbidden:?}");
    }
    assert_eq!(html.matches("<article class=\"profile\">").count(), 1);
}

#[test]
fn profile_text_is_escaped_everywhere() {
    let name = "<script>alert(1)</script> & \"q\"";
    let (_, _, html) = page(&format!(
        "name: '{name}'\nteam_size: 5\ncomponents:\n  - name: '</svg><b>x'\n    traffic: spiky\n"
    ));
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;"));
    assert!(!html.contains("</svg><b>x"));
    assert!(html.contains("&lt;/svg&gt;&lt;b&gt;x"));
}

#[test]
fn the_ranking_chart_has_a_bar_per_pattern_in_the_rankings_order() {
    // team_size 7 costs serverless a point; long_running vetoes it.
    let (pack, eval, html) = page("team_size: 7\nlong_running: true\n");
    let chart = figure(&html, "data-chart=\"ranking\"");
    let drawn = attribute_values(chart, "data-bar");
    let expected: Vec<&str> = eval.ranking.iter().map(|&p| pack.pattern_id(p)).collect();
    assert_eq!(drawn, expected);
    assert_eq!(attribute_values(chart, "data-pattern"), expected);
    // The vetoed pattern is drawn as vetoed, with its veto's reason under it.
    let serverless = pack.pattern_index("serverless").unwrap();
    assert!(eval.system.is_vetoed(serverless));
    assert_eq!(chart.matches("class=\"vetoed\"").count(), 1);
    let veto = pack.rules.iter().find(|r| r.id == "s.long").unwrap();
    assert!(
        chart.contains(&format!("Vetoed: {}", veto.because)),
        "{chart}"
    );
    // The margin is shaded on every row and named in the caption.
    assert_eq!(chart.matches("class=\"band\"").count(), expected.len());
    assert!(chart.contains("close-call margin (1.5 points)"), "{chart}");
}

#[test]
fn the_bars_are_drawn_to_one_scale_from_a_common_axis() {
    // monolith 3, serverless -1 (tie rule at 7 without spiky traffic), the rest 0.
    let (_, _, html) = page("team_size: 7\n");
    let chart = figure(&html, "data-chart=\"ranking\"");
    // Every bar rect: its x and width follow its value on one scale over [-1, 3].
    let bars: Vec<(f64, f64, f64)> = chart
        .split("data-bar=")
        .skip(1)
        .map(|rect| {
            let get = |a: &str| attribute_values(rect, a)[0].parse::<f64>().unwrap();
            (get("data-value"), get(" x"), get(" width"))
        })
        .collect();
    assert_eq!(bars.len(), 4);
    let unit = 1000.0 / 4.0;
    let zero = unit;
    for (value, x, width) in bars {
        assert!(
            (width - value.abs() * unit).abs() < 0.01,
            "{value}: {width}"
        );
        let start = if value < 0.0 {
            zero + value * unit
        } else {
            zero
        };
        assert!((x - start).abs() < 0.01, "{value}: x {x}");
    }
}

#[test]
fn a_hybrid_made_by_components_gets_a_component_map_with_each_part_in_its_patterns_lane() {
    let (pack, eval, html) = page(
        "team_size: 5\ncomponents:\n  - name: bursts\n    traffic: spiky\n  - name: calm\n    traffic: steady\n",
    );
    assert!(eval.by_components, "{eval:?}");
    let map = figure(&html, "data-chart=\"components\"");
    let lanes = attribute_values(map, "data-lane");
    assert_eq!(
        lanes[0],
        pack.pattern_id(eval.core),
        "the core's lane first"
    );
    let parts = attribute_values(map, "data-part");
    let patterns = attribute_values(map, "data-pattern");
    let mut expected = vec![("core", pack.pattern_id(eval.core))];
    for c in &eval.components {
        expected.push((c.name.as_str(), pack.pattern_id(c.recommendation)));
    }
    let mut drawn: Vec<(&str, &str)> = parts.into_iter().zip(patterns).collect();
    drawn.sort();
    expected.sort();
    assert_eq!(drawn, expected);
    // Hybrid's row says why it leads with fewer points.
    let ranking = figure(&html, "data-chart=\"ranking\"");
    assert!(ranking.contains("First because components need other patterns than the core"));
    assert!(
        !ranking.contains("class=\"band\""),
        "no margin when hybrid did not win on points"
    );
}

#[test]
fn the_what_if_chart_marks_the_profiles_value_and_where_the_answer_flips() {
    let (pack, eval, html) = page("team_size: 5\n");
    assert!(!eval.what_if.is_empty(), "{eval:?}");
    let chart = figure(&html, "data-chart=\"what-if\"");
    for w in &eval.what_if {
        let f = &pack.catalog.fields[w.field];
        let stop = format!(
            "data-value=\"{}\" data-flip-to=\"{}\"",
            f.format(w.to),
            pack.pattern_id(w.recommendation)
        );
        assert!(chart.contains(&stop), "{stop} in {chart}");
        assert!(chart.contains(&format!("<li data-field=\"{}\">", f.name)));
    }
    assert_eq!(
        chart.matches("class=\"stop now\"").count(),
        attribute_values(chart, "data-field").len()
    );
}

#[test]
fn no_change_that_flips_it_says_so_instead_of_an_empty_chart() {
    let pack = crate::test_support::small_pack();
    let profile = parse(&pack, "team_size: 5\n");
    let mut eval = evaluate(&pack, &profile);
    eval.what_if.clear();
    let body = profile::body(
        &pack,
        &Item {
            profile: &profile,
            eval: &eval,
        },
        Style::default(),
    )
    .into_string();
    assert!(!body.contains("data-chart=\"what-if\""));
    assert!(body.contains("No single change to one field flips this recommendation."));
}

#[test]
fn assumed_fields_are_marked_and_explain_adds_every_rule_that_fired() {
    let pack = crate::test_support::small_pack();
    let profile = parse(&pack, "team_size: 25\nteams: 3\n");
    let eval = evaluate(&pack, &profile);
    let item = Item {
        profile: &profile,
        eval: &eval,
    };
    let plain = profile::body(&pack, &item, Style::default()).into_string();
    let assumed: Vec<&str> = plain
        .split("data-field=\"")
        .skip(1)
        .filter(|row| {
            row.split_once('>')
                .is_some_and(|(tag, _)| tag.contains("data-assumed"))
        })
        .filter_map(|row| row.split('"').next())
        .collect();
    let expected: Vec<&str> = profile
        .assumed
        .iter()
        .map(|&i| &*pack.catalog.fields[i].name)
        .collect();
    assert_eq!(assumed, expected);
    assert!(!plain.contains("Every rule that fired"));
    let explained = profile::body(
        &pack,
        &item,
        Style {
            explain: true,
            ..Style::default()
        },
    )
    .into_string();
    for &r in &eval.system.fired {
        assert!(
            explained.contains(&*pack.rules[r].id),
            "{}",
            pack.rules[r].id
        );
    }
}

#[test]
fn the_portfolio_page_puts_the_summary_first_and_every_input_in_input_order() {
    let pack = crate::test_support::small_pack();
    let html = CheckHtml::new(&pack);
    let texts = [
        "name: a\nteam_size: 5\ncurrent: monolith\n",
        "name: b\nteam_size: 30\nteams: 3\ncurrent: monolith\n",
        "name: c\nteam_size: 5\n",
    ];
    let mut entries = Vec::new();
    // Rendered out of order, as threads may; the page follows the entries' order.
    let mut rendered = Vec::new();
    for (n, text) in texts.iter().enumerate() {
        let profile = parse_stream(text, &format!("p{n}.yaml"), "p", &pack)
            .remove(0)
            .unwrap();
        let eval = evaluate(&pack, &profile);
        let checked = check::assess(&pack, &profile, &eval, false);
        rendered.push((profile, eval, checked.clone()));
        entries.push(Entry::Checked(checked));
    }
    for (profile, eval, checked) in rendered.iter().rev() {
        let item = Item { profile, eval };
        assert!(html.render(&item, checked).is_none(), "kept for the end");
    }
    let diags = [crate::pack::Diagnostic::new(
        "bad.yaml",
        None,
        "missing required field `team_size`",
    )];
    entries.insert(1, Entry::Invalid(check::invalid(&diags)));
    let page = html.finish(&entries);

    assert!(page.starts_with("<!DOCTYPE html>"));
    let summary = page.find("id=\"summary\"").unwrap();
    let first_profile = page.find("<section class=\"profile\"").unwrap();
    assert!(summary < first_profile);
    // Counts: a fits, b does not, c has no `current:`, one invalid input.
    for (count, n) in [
        ("fits", 1),
        ("misfits", 1),
        ("validated-only", 1),
        ("invalid", 1),
    ] {
        assert!(
            page.contains(&format!("data-count=\"{count}\"><dt>")),
            "{count}"
        );
        let at = page.find(&format!("data-count=\"{count}\"")).unwrap();
        assert!(page[at..].contains(&format!("<dd>{n}</dd>")), "{count}");
    }
    // Rows link to sections in input order; the invalid input to its errors.
    let links = attribute_values(&page, "href");
    assert_eq!(links, ["#input-1", "#input-2", "#input-3", "#input-4"]);
    let ids = attribute_values(&page, " id");
    assert_eq!(
        ids,
        ["summary", "profiles", "invalid", "input-2", "input-1", "input-3", "input-4"]
    );
    assert!(page.contains("missing required field `team_size`"));
    let sections: Vec<usize> = ["<h2>a</h2>", "<h2>b</h2>", "<h2>c</h2>"]
        .iter()
        .map(|h| page.find(h).unwrap())
        .collect();
    assert!(sections.windows(2).all(|w| w[0] < w[1]), "input order");
    // The portfolio chart counts each recommended pattern.
    let chart = figure(&page, "data-chart=\"portfolio\"");
    let drawn: Vec<&str> = attribute_values(chart, "data-value");
    assert_eq!(drawn, ["2", "1"], "{chart}");
}
