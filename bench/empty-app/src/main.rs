//! An empty Tauri window showing one static page: the benchmark baseline.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("error while running the empty Tauri app");
}
