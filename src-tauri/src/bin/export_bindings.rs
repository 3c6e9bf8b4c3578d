//! Writes the TypeScript bindings of every command, type and event to
//! ui/src/lib/backend/bindings.ts (or the path given as the first argument).

fn main() {
    let out = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/ui/src/lib/backend/bindings.ts"
        )
        .to_string()
    });
    qbox_lib::export_bindings(&out).expect("exporting bindings");
    println!("bindings written to {out}");
}
