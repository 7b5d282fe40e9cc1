//! Writes the specimens the E2E suite picks through the real file dialog:
//! `cargo run -p doc-specimens --example e2e_fixtures -- tests/fixtures`
//! - `poa-blurry.jpg`: a photographed utility bill, out of focus (rejected as blurry);
//! - `poa-sharp.jpg`: the same bill, sharp (what the customer sends next).

use std::path::PathBuf;

fn main() {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "tests/fixtures".into()),
    );
    let bill = doc_specimens::proof_of_address_scan(9);
    let small = doc_specimens::resized(&bill, 930, 1316);
    let blurry = doc_specimens::blurred(&small, 4.0, 2);
    std::fs::write(
        dir.join("poa-blurry.jpg"),
        doc_specimens::jpeg(&blurry, 80, None),
    )
    .unwrap();
    std::fs::write(
        dir.join("poa-sharp.jpg"),
        doc_specimens::jpeg(&small, 80, None),
    )
    .unwrap();
}
