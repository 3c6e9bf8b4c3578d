fn main() {
    // With a custom capabilities path, tauri-build leaves the rebuild trigger to us: without
    // it, an edited capability keeps the old permissions in the binary.
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    tauri_build::try_build(
        tauri_build::Attributes::new().capabilities_path_pattern("./src-tauri/capabilities/**/*"),
    )
    .expect("tauri build step failed");
}
