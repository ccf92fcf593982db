//! Prints the recognizer's raw candidates for one sentence, to debug the rules:
//! `cargo run --example candidates "CIA Director William J. Burns said"`.
fn main() {
    let text = std::env::args().nth(1).unwrap_or_default();
    let gaz = newsindex::entities::Gazetteer::build(&[]);
    for c in newsindex::entities::rules::candidates(&gaz, &text) {
        println!(
            "{:?} {:?} {:?} team={}",
            &text[c.start..c.end],
            c.kind,
            c.evidence,
            c.team
        );
    }
}
