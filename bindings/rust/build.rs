//! Tells the linker where libmnistseq is. In order:
//!
//! 1. `MNISTSEQ_LIB_DIR`: a directory holding the library (a CMake build
//!    tree, or `<prefix>/lib`). The crate's own tests and examples also get
//!    it as a run-time search path (rpath), so they run without
//!    `LD_LIBRARY_PATH`.
//! 2. `pkg-config --libs mnistseq` (the `PKG_CONFIG` variable names another
//!    pkg-config program; `PKG_CONFIG_PATH` is honoured as usual).
//! 3. The linker's default search path (e.g. a library installed in
//!    /usr/lib or /usr/local/lib).
//!
//! No crate is used for this, so that the crate builds offline.

use std::env;
use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=MNISTSEQ_LIB_DIR");
    println!("cargo:rerun-if-env-changed=PKG_CONFIG");
    println!("cargo:rerun-if-env-changed=PKG_CONFIG_PATH");

    if let Some(dir) = env::var_os("MNISTSEQ_LIB_DIR") {
        let dir = Path::new(&dir);
        if !dir.is_dir() {
            panic!(
                "MNISTSEQ_LIB_DIR={} is not a directory: it must name the \
                 directory that holds libmnistseq",
                dir.display()
            );
        }
        let dir = dir.display();
        println!("cargo:rustc-link-search=native={dir}");
        println!("cargo:rustc-link-lib=dylib=mnistseq");
        println!("cargo:lib_dir={dir}");
        if env::var("CARGO_CFG_TARGET_FAMILY").as_deref() == Ok("unix") {
            println!("cargo:rustc-link-arg=-Wl,-rpath,{dir}");
        }
        return;
    }

    if let Some(libs) = pkg_config_libs() {
        let mut linked = false;
        for flag in libs.split_whitespace() {
            if let Some(dir) = flag.strip_prefix("-L") {
                println!("cargo:rustc-link-search=native={dir}");
                println!("cargo:lib_dir={dir}");
            } else if let Some(name) = flag.strip_prefix("-l") {
                println!("cargo:rustc-link-lib=dylib={name}");
                linked |= name == "mnistseq";
            }
        }
        if linked {
            return;
        }
    }

    println!("cargo:rustc-link-lib=dylib=mnistseq");
}

/// The output of `pkg-config --libs mnistseq`, or None when pkg-config is
/// missing or does not know the package.
fn pkg_config_libs() -> Option<String> {
    let program = env::var("PKG_CONFIG").unwrap_or_else(|_| "pkg-config".into());
    let output = Command::new(program)
        .args(["--libs", "mnistseq"])
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    String::from_utf8(output.stdout).ok()
}
