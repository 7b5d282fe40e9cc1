//! CSV for people who open it in a spreadsheet. A cell that starts with `=`, `+`, `-`,
//! `@`, a tab or a CR is read as a formula by Excel, LibreOffice and Sheets (`=HYPERLINK(…)`
//! runs on open), so such a cell is prefixed with `'`, which they show as text (OWASP's
//! rule for CSV injection). Quoting is the `csv` crate's.

use std::borrow::Cow;

/// Every field quoted, CRLF-free `\n` records, formula-like cells neutralised.
pub fn to_csv<R, C>(header: &[&str], rows: R) -> Result<String, csv::Error>
where
    R: IntoIterator<Item = C>,
    C: IntoIterator,
    C::Item: AsRef<str>,
{
    let mut out = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    out.write_record(header)?;
    for row in rows {
        out.write_record(row.into_iter().map(|c| neutralise(c.as_ref()).into_owned()))?;
    }
    let bytes = out.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8(bytes).expect("written from UTF-8 strings"))
}

/// `cell`, with `'` in front when a spreadsheet would evaluate it.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_cells_are_prefixed_and_others_kept() {
        for (cell, out) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("-2+3", "'-2+3"),
            ("+5511", "'+5511"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tcmd", "'\tcmd"),
            ("\r=1", "'\r=1"),
            ("Ana = Souza", "Ana = Souza"),
            ("2-3", "2-3"),
            ("", ""),
        ] {
            assert_eq!(neutralise(cell), out, "{cell:?}");
        }
    }

    #[test]
    fn quotes_and_line_breaks_stay_inside_their_cell() {
        let csv = to_csv(
            &["a", "b"],
            [["=HYPERLINK(\"http://x\")", "line\nbreak, \"q\""]],
        )
        .unwrap();
        assert_eq!(
            csv,
            "\"a\",\"b\"\n\"'=HYPERLINK(\"\"http://x\"\")\",\"line\nbreak, \"\"q\"\"\"\n"
        );
        let mut back = csv::Reader::from_reader(csv.as_bytes());
        let row = back.records().next().unwrap().unwrap();
        assert_eq!(&row[0], "'=HYPERLINK(\"http://x\")");
        assert_eq!(&row[1], "line\nbreak, \"q\"");
    }
}
