//! The Wine side of tests/windows_wine.rs: a fresh 64-bit prefix under the
//! target folder, programs run in it, the test-only `bcryptprimitives.dll`
//! and the registry read back.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The frozen clock every program in the prefix sees.
const NOW: &str = "2026-11-30T10:00";
const UNINSTALL_KEY: &str = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\Daicho";

/// The first of `names` that exists: an absolute path as is, else looked up in PATH.
pub fn find_tool(names: &[&str]) -> Option<PathBuf> {
    names
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_absolute() && p.is_file())
        .or_else(|| {
            let path = std::env::var_os("PATH")?;
            names
                .iter()
                .flat_map(|n| std::env::split_paths(&path).map(move |d| d.join(n)))
                .find(|p| p.is_file())
        })
}

/// A finished program's status and output, for assertion messages.
pub fn text(out: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A fresh 64-bit Wine prefix under the target folder.
pub struct Wine {
    pub wine: PathBuf,
    pub wineserver: PathBuf,
    pub prefix: PathBuf,
    /// `drive_c/users/<user>` inside the prefix.
    pub home: PathBuf,
    /// The same folder as Windows sees it, `C:\users\<user>`.
    pub win_home: String,
}

impl Wine {
    pub fn new(wine: PathBuf, wineserver: PathBuf) -> Wine {
        let prefix = Path::new(env!("CARGO_TARGET_TMPDIR")).join("wine-prefix");
        let _ = std::fs::remove_dir_all(&prefix);
        std::fs::create_dir_all(&prefix).unwrap();
        let mut w = Wine {
            wine,
            wineserver,
            prefix,
            home: PathBuf::new(),
            win_home: String::new(),
        };
        let boot = w.run("wineboot", &["-i"]);
        assert!(boot.status.success(), "wineboot: {}", text(&boot));
        w.wait();
        let users = w.prefix.join("drive_c/users");
        let user = std::fs::read_dir(&users)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .find(|n| n != "Public")
            .expect("the prefix has a user folder");
        w.home = users.join(&user);
        w.win_home = format!(r"C:\users\{user}");
        w
    }

    pub fn command(&self, program: &str) -> Command {
        let mut c = Command::new(&self.wine);
        c.arg(program)
            .env("WINEPREFIX", &self.prefix)
            .env("WINEDEBUG", "-all")
            // No Mono/Gecko download prompts: there is no network in CI.
            .env("WINEDLLOVERRIDES", "mscoree,mshtml=")
            .env("DAICHO_NOW", NOW)
            .env_remove("DAICHO_DB")
            .env_remove("DAICHO_USER")
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY");
        c
    }

    pub fn run(&self, program: &str, args: &[&str]) -> Output {
        self.command(program).args(args).output().unwrap()
    }

    /// Waits until every process of the prefix has ended (the uninstaller
    /// runs from a copy in %TEMP% after the one started returns).
    pub fn wait(&self) {
        let s = Command::new(&self.wineserver)
            .arg("-w")
            .env("WINEPREFIX", &self.prefix)
            .status()
            .unwrap();
        assert!(s.success(), "wineserver -w failed");
    }

    /// Wine 8 has no `bcryptprimitives.dll`, whose `ProcessPrng` Rust's std
    /// uses for randomness: without it every Rust exe exits at once. This
    /// shim, built here and put into the prefix only, forwards to
    /// `SystemFunction036` (RtlGenRandom). It is never shipped.
    pub fn add_prng_shim(&self, gcc: &Path) {
        let dir = self.prefix.join("shim-src");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("bp.c"),
            "#include <windows.h>\n\
             typedef BOOLEAN (WINAPI *Gen)(PVOID, ULONG);\n\
             BOOL WINAPI ProcessPrng(PBYTE p, SIZE_T n) {\n\
               static Gen f;\n\
               if (!f) f = (Gen)GetProcAddress(LoadLibraryA(\"advapi32.dll\"), \"SystemFunction036\");\n\
               if (!f) return FALSE;\n\
               while (n) {\n\
                 ULONG k = n > 0x7fffffff ? 0x7fffffff : (ULONG)n;\n\
                 if (!f(p, k)) return FALSE;\n\
                 p += k; n -= k;\n\
               }\n\
               return TRUE;\n\
             }\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("bp.def"),
            "LIBRARY bcryptprimitives\nEXPORTS\nProcessPrng\n",
        )
        .unwrap();
        let dll = self
            .prefix
            .join("drive_c/windows/system32/bcryptprimitives.dll");
        let out = Command::new(gcc)
            .args(["-shared", "-O2", "-o"])
            .arg(&dll)
            .arg(dir.join("bp.c"))
            .arg(dir.join("bp.def"))
            .output()
            .unwrap();
        assert!(out.status.success(), "shim build: {}", text(&out));
    }

    /// Stands in for a running window: holds its single-instance mutex
    /// (tauri-plugin-single-instance names it `<identifier>-sim`) until killed.
    pub fn hold_app_mutex(&self, gcc: &Path) -> std::process::Child {
        let dir = self.prefix.join("shim-src");
        std::fs::write(
            dir.join("hold.c"),
            "#include <windows.h>\n\
             int main(void) {\n\
               CreateMutexW(NULL, TRUE, L\"jp.daicho.app-sim\");\n\
               CreateFileW(L\"C:\\\\holding\", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);\n\
               Sleep(INFINITE);\n\
               return 0;\n\
             }\n",
        )
        .unwrap();
        let exe = dir.join("hold.exe");
        let out = Command::new(gcc)
            .arg("-o")
            .arg(&exe)
            .arg(dir.join("hold.c"))
            .output()
            .unwrap();
        assert!(out.status.success(), "hold.exe: {}", text(&out));
        let marker = self.prefix.join("drive_c/holding");
        let _ = std::fs::remove_file(&marker);
        let mut child = self.command(exe.to_str().unwrap()).spawn().unwrap();
        for _ in 0..300 {
            if marker.exists() {
                return child;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("hold.exe did not start");
    }

    /// A path under the user's folder, as the host sees it.
    pub fn host(&self, rel: &str) -> PathBuf {
        self.home.join(rel.replace('\\', "/"))
    }

    /// The same path as Windows sees it.
    pub fn win(&self, rel: &str) -> String {
        format!(r"{}\{}", self.win_home, rel.replace('/', "\\"))
    }

    /// The uninstall key as `reg export` writes it (UTF-16), or None when absent.
    pub fn uninstall_key(&self) -> Option<String> {
        let file = self.prefix.join("drive_c/key.reg");
        let _ = std::fs::remove_file(&file);
        let out = self.run("reg", &["export", UNINSTALL_KEY, r"C:\key.reg", "/y"]);
        if !out.status.success() {
            return None;
        }
        let bytes = std::fs::read(&file).unwrap();
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        Some(String::from_utf16_lossy(&units))
    }
}
