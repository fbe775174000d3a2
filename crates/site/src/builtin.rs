//! Built-in renderings of default-theme partials: Rust code that writes exactly the bytes the
//! theme's template would, used only while a site keeps that template unchanged.
//!
//! A record page prints every task cell through `partials/task_table.html`; through the template
//! engine that loop was a third of a 10,000-record build (docs/performance.md). A site that
//! overrides the partial (in `templates/` or its own theme) gets its template, as always: the
//! choice is made by comparing the template's text with the embedded default's. Tests render
//! random tables both ways and require the same bytes.

use std::fmt::Write;

use crate::pages::{write_escaped, write_escaped_value};
use crate::theme;
use crate::view::TableView;

/// The default theme's task table partial, by template name.
pub(crate) const TASK_TABLE: &str = "partials/task_table.html";

/// The default theme's chart partial, included once per chart by several page templates.
pub(crate) const CHART: &str = "partials/chart.html";

/// What the environment compiles in place of the default chart partial: a call of
/// `CHART_FUNCTION`, which writes the same bytes. Includes and overrides work as before.
pub(crate) const CHART_STAND_IN: &str = "{{ __leverage_chart(chart) }}";

/// The name of the function `CHART_STAND_IN` calls.
pub(crate) const CHART_FUNCTION: &str = "__leverage_chart";

/// True when `text` is the default theme's version of template `name`, so the built-in
/// rendering may stand in for it.
pub(crate) fn is_default(name: &str, text: &str) -> bool {
    theme::default_template(name).is_some_and(|default| default == text)
}

/// `partials/task_table.html` of the default theme, for one table.
pub(crate) fn task_table(table: &TableView) -> String {
    let cells: usize = table.rows.iter().map(Vec::len).sum();
    let mut out = String::with_capacity(600 + 120 * table.columns.len() + 110 * cells);
    task_table_into(&mut out, table).expect("writing to a String cannot fail");
    out
}

/// `partials/chart.html` of the default theme for one chart (a ChartView as a template value),
/// as a safe string: registered as `CHART_FUNCTION`.
pub(crate) fn chart(chart: &minijinja::Value) -> Result<minijinja::Value, minijinja::Error> {
    let mut out = String::with_capacity(4096);
    chart_into(&mut out, chart).map_err(|_| {
        minijinja::Error::new(
            minijinja::ErrorKind::InvalidOperation,
            "partials/chart.html expects `chart`: a chart with id, title, svg, caption, headers and rows",
        )
    })?;
    Ok(minijinja::Value::from_safe_string(out))
}

/// Prints a value as leverage's template formatter does: safe strings as they are, everything
/// else escaped.
fn print(out: &mut String, value: &minijinja::Value) -> std::fmt::Result {
    if value.is_undefined() {
        return Err(std::fmt::Error);
    }
    match value.as_str() {
        Some(text) if value.is_safe() => {
            out.push_str(text);
            Ok(())
        }
        _ => write_escaped_value(out, value),
    }
}

fn chart_into(out: &mut String, chart: &minijinja::Value) -> std::fmt::Result {
    let field = |name: &str| chart.get_attr(name).map_err(|_| std::fmt::Error);
    let title = field("title")?;
    out.push_str("<figure class=\"chart\" id=\"");
    print(out, &field("id")?)?;
    out.push_str("\">\n  <figcaption class=\"chart-title\">");
    print(out, &title)?;
    out.push_str("</figcaption>\n  ");
    let svg = field("svg")?;
    out.push_str(svg.as_str().ok_or(std::fmt::Error)?);
    out.push_str(
        "\n  <details class=\"chart-data\">\n    <summary>The numbers behind this chart</summary>\n    \
         <div class=\"table-scroll\" role=\"region\" aria-label=\"",
    );
    print(out, &title)?;
    out.push_str(": data\" tabindex=\"0\">\n      <table>\n        <caption>");
    print(out, &field("caption")?)?;
    out.push_str("</caption>\n        <thead>\n          <tr>");
    let headers = field("headers")?;
    for (i, header) in headers.try_iter().map_err(|_| std::fmt::Error)?.enumerate() {
        out.push_str(if i == 0 {
            "\n            <th scope=\"col\">"
        } else {
            "\n            <th scope=\"col\" class=\"num\">"
        });
        print(out, &header)?;
        out.push_str("</th>");
    }
    out.push_str("\n          </tr>\n        </thead>\n        <tbody>");
    let rows = field("rows")?;
    for row in rows.try_iter().map_err(|_| std::fmt::Error)? {
        out.push_str("\n          <tr>");
        for (i, cell) in row.try_iter().map_err(|_| std::fmt::Error)?.enumerate() {
            out.push_str(if i == 0 {
                "\n            <th scope=\"row\">"
            } else {
                "\n            <td class=\"num\">"
            });
            print(out, &cell)?;
            out.push_str(if i == 0 { "</th>" } else { "</td>" });
        }
        out.push_str("\n          </tr>");
    }
    out.push_str("\n        </tbody>\n      </table>\n    </div>\n  </details>\n</figure>\n");
    Ok(())
}

fn task_table_into(out: &mut String, table: &TableView) -> std::fmt::Result {
    let mismatch = table.rows.iter().flatten().any(|cell| cell.mismatch);
    out.push_str(
        "<div class=\"table-scroll\" role=\"region\" aria-label=\"Task table\" tabindex=\"0\">\n\
         <table class=\"tasks stack\">\n  \
         <caption><span class=\"caption-text\">Tasks: human estimate vs ",
    );
    write_escaped(out, &table.ai_label)?;
    out.push_str(" time; leverage computed");
    if mismatch {
        out.push_str(
            ". <span class=\"caption-note\">Cells marked <span class=\"stated\">stated</span> show a \
             figure the post stated that differs from the computed one.</span>",
        );
    }
    out.push_str("</span></caption>\n  <thead>\n    <tr>");
    for column in &table.columns {
        write!(out, "\n      <th scope=\"col\" class=\"col-{}", column.kind)?;
        if column.numeric {
            out.push_str(" num");
        }
        if column.added {
            out.push_str(" added\" title=\"computed by leverage\">");
        } else {
            out.push_str("\">");
        }
        write_escaped(out, &column.label)?;
        out.push_str("</th>");
    }
    out.push_str("\n    </tr>\n  </thead>\n  <tbody>");
    for row in &table.rows {
        out.push_str("\n    <tr>");
        for (cell, column) in row.iter().zip(&table.columns) {
            let task = column.kind == "task";
            let tag = if task { "th" } else { "td" };
            write!(out, "\n      <{tag}")?;
            if task {
                out.push_str(" scope=\"row\"");
            }
            write!(out, " class=\"col-{}", column.kind)?;
            if column.numeric {
                out.push_str(" num");
            }
            if cell.mismatch {
                out.push_str(" mismatch");
            }
            out.push_str("\" data-label=\"");
            write_escaped(out, &column.label)?;
            out.push_str("\">");
            match &cell.html {
                Some(html) => out.push_str(html),
                None => write_escaped(out, &cell.text)?,
            }
            if let Some(stated) = cell.stated.as_deref().filter(|s| cell.mismatch && !s.is_empty()) {
                out.push_str(" <span class=\"stated\" title=\"stated in the post\">stated ");
                write_escaped(out, stated)?;
                out.push_str("</span>");
            }
            write!(out, "</{tag}>")?;
        }
        out.push_str("\n    </tr>");
    }
    if table.rows.is_empty() {
        write!(
            out,
            "\n    <tr>\n      <td class=\"empty-row\" colspan=\"{}\">No tasks in this table.</td>\n    </tr>",
            table.columns.len()
        )?;
    }
    out.push_str("\n  </tbody>\n</table>\n</div>\n");
    Ok(())
}

#[cfg(test)]
mod tests {
    use minijinja::value::Serde;
    use proptest::prelude::*;

    use super::*;
    use crate::view::{CellView, ColumnView};

    const KINDS: [&str; 11] = [
        "number",
        "task",
        "human",
        "ai",
        "supervisory",
        "tokens",
        "leverage",
        "supervisory_leverage",
        "weeks",
        "workstream",
        "other",
    ];

    /// The default template's output for `table`.
    fn through_template(table: &TableView) -> String {
        let mut env = crate::pages::environment();
        let text = theme::default_template(TASK_TABLE).expect("the default theme has the partial");
        env.add_template(TASK_TABLE, text).expect("the default partial parses");
        let template = env.get_template(TASK_TABLE).expect("just added");
        template.render(minijinja::context! { table => Serde(table) }).expect("the default partial renders")
    }

    /// Text with the characters HTML escaping cares about, markup and non-ASCII.
    fn text() -> impl Strategy<Value = String> {
        "[a-z <>&\"'/é—0-9.x]{0,12}"
    }

    fn cell() -> impl Strategy<Value = CellView> {
        (text(), proptest::option::of("[a-z<>&]{0,8}"), proptest::option::of(text()), any::<bool>())
            .prop_map(|(text, html, stated, mismatch)| CellView { text, html, stated, mismatch })
    }

    fn table() -> impl Strategy<Value = TableView> {
        let column = (0..KINDS.len(), text(), any::<bool>(), any::<bool>())
            .prop_map(|(k, label, numeric, added)| ColumnView { label, kind: KINDS[k], numeric, added });
        (text(), proptest::collection::vec(column, 1..6), 0usize..5).prop_flat_map(
            |(ai_label, columns, rows)| {
                let width = columns.len();
                proptest::collection::vec(proptest::collection::vec(cell(), width), rows).prop_map(
                    move |rows| TableView { ai_label: ai_label.clone(), columns: columns.clone(), rows },
                )
            },
        )
    }

    proptest! {
        #[test]
        fn writes_what_the_default_template_writes(table in table()) {
            prop_assert_eq!(task_table(&table), through_template(&table));
        }
    }

    /// The default chart partial's output for `chart`, and the stand-in's.
    fn chart_both_ways(view: &crate::view::ChartView) -> (String, String) {
        let mut env = crate::pages::environment();
        let text = theme::default_template(CHART).expect("the default theme has the partial");
        env.add_template("real.html", text).expect("the default partial parses");
        env.add_template("stand-in.html", CHART_STAND_IN).expect("the stand-in parses");
        env.add_function(CHART_FUNCTION, |c: minijinja::Value| super::chart(&c));
        let render = |name: &str| {
            let template = env.get_template(name).expect("added");
            template.render(minijinja::context! { chart => Serde(view) }).expect("renders")
        };
        (render("real.html"), render("stand-in.html"))
    }

    fn chart_view() -> impl Strategy<Value = crate::view::ChartView> {
        let row = proptest::collection::vec(text(), 0..4);
        (
            text(),
            text(),
            text(),
            "<svg>[a-z<>&]{0,8}</svg>",
            text(),
            proptest::collection::vec(text(), 0..4),
            proptest::collection::vec(row, 0..4),
        )
            .prop_map(|(id, title, description, svg, caption, headers, rows)| {
                crate::view::ChartView { id, title, description, svg, caption, headers, rows }
            })
    }

    proptest! {
        #[test]
        fn the_chart_stand_in_writes_what_the_default_partial_writes(chart in chart_view()) {
            let (real, stand_in) = chart_both_ways(&chart);
            prop_assert_eq!(stand_in, real);
        }
    }

    #[test]
    fn only_the_default_text_counts_as_default() {
        let text = theme::default_template(TASK_TABLE).expect("the default theme has the partial");
        assert!(is_default(TASK_TABLE, text));
        assert!(!is_default(TASK_TABLE, &format!("{text}<!-- mine -->")));
        assert!(!is_default("partials/none.html", text));
    }
}
