//! The Landlock sandbox of commands: what a command may execute, read and write, whether it may use TCP, and
//! whom it may signal.
//!
//! Everything that needs paths or allocations happens in the parent: when the policy is built, every granted path
//! is opened (`O_PATH`) and, for an allow-list, one ruleset covering all allowed programs is created; a run whose
//! program is outside it (allow-all, or a program that did not exist at build time) gets its own ruleset, built
//! before `fork`. Between `fork` and `exec` the child only calls `prctl(PR_SET_NO_NEW_PRIVS)` and
//! `landlock_restrict_self` on the finished ruleset fd (spawn.rs).

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::error::Error;

/// How the sandbox is applied to commands (`--process-sandbox`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SandboxMode {
    /// Enforce everything the kernel supports; what it cannot enforce is listed in the
    /// [`SandboxReport`] (the CLI prints it once at start-up). The default.
    #[default]
    Auto,
    /// Refuse every run (status -1 and a note) when any part of the sandbox cannot be enforced on this kernel.
    Strict,
    /// No Landlock sandbox (resource limits, `no_new_privs` and the environment rules still apply).
    Off,
}

impl SandboxMode {
    /// The mode's name as the CLI spells it: `auto`, `strict` or `off`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::Strict => "strict",
            Self::Off => "off",
        }
    }
}

impl fmt::Display for SandboxMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SandboxMode {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Error> {
        match text {
            "auto" => Ok(Self::Auto),
            "strict" => Ok(Self::Strict),
            "off" => Ok(Self::Off),
            other => Err(Error::InvalidSandboxMode(other.to_owned())),
        }
    }
}

/// What a directory grant lets commands do beneath it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DirAccess {
    /// Read files and list directories.
    ReadOnly,
    /// Also create, write, truncate, rename and remove files, directories, fifos, sockets and symlinks (never
    /// device nodes, never execute).
    ReadWrite,
}

/// Paths commands may read by default (files and directories a dynamically linked program needs); those missing
/// on the host are skipped. Extend with [`ProcessPolicyBuilder::read_path`](crate::ProcessPolicyBuilder::read_path).
///
/// The program directories (`/usr/bin`, `/bin`, `/usr/sbin`, `/sbin`, `/usr/libexec`, `/usr/local/bin`, ...) are
/// left out on purpose: the dynamic loader, which every dynamically linked program may execute, runs any ELF file
/// it can read (`ld.so /usr/bin/rm ...`), so a command that can start a program with chosen arguments (`find
/// -exec`, `env`, `xargs`) could otherwise run every program on the host. The allowed programs and their
/// interpreters are readable through their own rules.
pub const DEFAULT_READ_PATHS: &[&str] = &[
    "/usr/lib",
    "/usr/lib64",
    "/usr/lib32",
    "/usr/libx32",
    "/usr/share",
    "/usr/local/lib",
    "/usr/local/share",
    "/lib",
    "/lib64",
    "/lib32",
    "/libx32",
    "/etc/ld.so.cache",
    "/etc/ld.so.conf",
    "/etc/ld.so.conf.d",
    "/etc/ld.so.preload",
    "/etc/localtime",
    "/etc/locale.alias",
    "/etc/nsswitch.conf",
    "/etc/passwd",
    "/etc/group",
    "/etc/hosts",
    "/etc/host.conf",
    "/etc/resolv.conf",
    "/etc/gai.conf",
    "/etc/services",
    "/etc/protocols",
    "/etc/mime.types",
    "/etc/magic",
    "/etc/terminfo",
    "/etc/alternatives",
];

/// Device files every command may read and write.
pub const DEVICE_PATHS: &[&str] = &[
    "/dev/null",
    "/dev/zero",
    "/dev/full",
    "/dev/random",
    "/dev/urandom",
];

/// What a policy's sandbox enforces on this host, for the start-up note and the audit log.
///
/// The items are short names, documented in the README's Landlock table: `fs` (reads only beneath the read
/// paths and grants, writes only beneath read-write grants), `exec` (executes only the allowed programs and
/// their interpreters), `truncate`, `ioctl_dev`, `tcp` (no TCP bind or connect), `abstract_unix_socket`,
/// `signal` (no signals to processes outside the command), and `no_new_privs` (always set).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SandboxReport {
    /// The configured mode.
    pub mode: SandboxMode,
    /// The kernel's Landlock ABI version; 0 when Landlock is unavailable.
    pub landlock_abi: u32,
    /// What every command is held to.
    pub enforced: Vec<&'static str>,
    /// What the mode asks for but this kernel cannot enforce; in [`SandboxMode::Strict`] a non-empty list refuses
    /// every run.
    pub not_enforced: Vec<&'static str>,
    /// Known limits of the sandbox on this kernel that no mode removes (see the README): for example
    /// `pathname_unix_socket` below Landlock ABI 9, `udp` always.
    pub limits: Vec<&'static str>,
}

impl SandboxReport {
    fn new(mode: SandboxMode, abi: u32, allow_net: bool) -> Self {
        let mut report = Self {
            mode,
            landlock_abi: abi,
            enforced: vec!["no_new_privs"],
            not_enforced: Vec::new(),
            limits: Vec::new(),
        };
        if mode == SandboxMode::Off {
            return report;
        }
        let mut need = |item: &'static str, since: u32| {
            if abi >= since {
                report.enforced.push(item);
            } else {
                report.not_enforced.push(item);
            }
        };
        need("fs", 1);
        need("exec", 1);
        need("truncate", 3);
        need("ioctl_dev", 5);
        if !allow_net {
            need("tcp", 4);
        }
        need("abstract_unix_socket", 6);
        need("signal", 6);
        if abi < 9 {
            report.limits.push("pathname_unix_socket");
        }
        if !allow_net {
            report.limits.push("udp");
        }
        report
    }

    /// One line saying what could not be enforced, or `None` when everything was.
    pub fn gaps_note(&self) -> Option<String> {
        if self.not_enforced.is_empty() {
            return None;
        }
        let abi = match self.landlock_abi {
            0 => "this kernel has no Landlock".to_owned(),
            n => format!("this kernel has Landlock ABI {n}"),
        };
        Some(format!(
            "process sandbox ({}): {abi}; not enforced for commands: {}",
            self.mode,
            self.not_enforced.join(", ")
        ))
    }
}

/// Longest chain of `#!` interpreters followed when resolving what a program needs to execute.
const MAX_INTERPRETER_DEPTH: usize = 4;

/// The program and every interpreter it needs: `#!` interpreters and ELF `PT_INTERP` loaders, in order. Only
/// absolute interpreter paths are followed; unreadable files end the chain.
pub(crate) fn exec_chain(program: &Path) -> Vec<PathBuf> {
    let mut chain: Vec<PathBuf> = Vec::new();
    let mut next = Some(program.to_path_buf());
    while let Some(path) = next.take() {
        if chain.contains(&path) || chain.len() > MAX_INTERPRETER_DEPTH {
            break;
        }
        next = interpreter_of(&path);
        chain.push(path);
    }
    chain
}

/// The `#!` interpreter or ELF program interpreter of the file at `path`.
fn interpreter_of(path: &Path) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::FileExt;

    let file = std::fs::File::open(path).ok()?;
    let mut head = [0u8; 256];
    let n = file.read_at(&mut head, 0).ok()?;
    let head = head.get(..n)?;
    let interp = if let Some(rest) = head.strip_prefix(b"#!") {
        let line = rest.split(|&b| b == b'\n').next()?;
        let start = line.iter().position(|&b| b != b' ' && b != b'\t')?;
        let line = line.get(start..)?;
        let end = line
            .iter()
            .position(|&b| b == b' ' || b == b'\t' || b == 0)
            .unwrap_or(line.len());
        line.get(..end)?.to_vec()
    } else {
        elf_interpreter(&file, head)?
    };
    let interp = PathBuf::from(std::ffi::OsStr::from_bytes(&interp));
    interp.is_absolute().then_some(interp)
}

/// The `PT_INTERP` path of an ELF file whose first bytes are `head`.
fn elf_interpreter(file: &std::fs::File, head: &[u8]) -> Option<Vec<u8>> {
    use std::os::unix::fs::FileExt;

    const PT_INTERP: u32 = 3;
    const MAX_PHNUM: u64 = 512;
    const MAX_INTERP_LEN: u64 = 4096;
    if head.get(..4)? != b"\x7fELF" {
        return None;
    }
    let wide = match *head.get(4)? {
        1 => false,
        2 => true,
        _ => return None,
    };
    let big = match *head.get(5)? {
        1 => false,
        2 => true,
        _ => return None,
    };
    let int = |bytes: &[u8], at: usize, len: usize| -> Option<u64> {
        let field = bytes.get(at..at.checked_add(len)?)?;
        let mut value = 0u64;
        for i in 0..len {
            let byte = if big {
                field.get(i)?
            } else {
                field.get(len - 1 - i)?
            };
            value = (value << 8) | u64::from(*byte);
        }
        Some(value)
    };
    let (phoff, phentsize, phnum) = if wide {
        (
            int(head, 0x20, 8)?,
            int(head, 0x36, 2)?,
            int(head, 0x38, 2)?,
        )
    } else {
        (
            int(head, 0x1c, 4)?,
            int(head, 0x2a, 2)?,
            int(head, 0x2c, 2)?,
        )
    };
    let entry_len = if wide { 0x38 } else { 0x20 };
    if phentsize < entry_len || phnum > MAX_PHNUM {
        return None;
    }
    let mut entry = vec![0u8; usize::try_from(phentsize).ok()?];
    for index in 0..phnum {
        let at = phoff.checked_add(index.checked_mul(phentsize)?)?;
        file.read_exact_at(&mut entry, at).ok()?;
        if int(&entry, 0, 4)? != u64::from(PT_INTERP) {
            continue;
        }
        let (offset, size) = if wide {
            (int(&entry, 8, 8)?, int(&entry, 0x20, 8)?)
        } else {
            (int(&entry, 4, 4)?, int(&entry, 16, 4)?)
        };
        if size == 0 || size > MAX_INTERP_LEN {
            return None;
        }
        let mut interp = vec![0u8; usize::try_from(size).ok()?];
        file.read_exact_at(&mut interp, offset).ok()?;
        let end = interp.iter().position(|&b| b == 0).unwrap_or(interp.len());
        interp.truncate(end);
        return Some(interp);
    }
    None
}

/// The settings a [`Sandbox`] is prepared from.
#[derive(Debug)]
pub(crate) struct SandboxConfig<'a> {
    pub(crate) mode: SandboxMode,
    pub(crate) allow_net: bool,
    /// Read paths beyond the defaults; each must exist.
    pub(crate) extra_read: &'a [PathBuf],
    /// The guest's directory grants; each must exist.
    pub(crate) grants: &'a [(PathBuf, DirAccess)],
    /// Programs of the allow-list (those that exist get execute rights in the shared ruleset).
    pub(crate) programs: Vec<&'a Path>,
    /// Directories whose programs may be executed (the search path, with allow-all).
    pub(crate) exec_dirs: &'a [PathBuf],
}

pub(crate) use imp::Sandbox;

#[cfg(target_os = "linux")]
mod imp {
    use std::os::fd::{AsRawFd, OwnedFd, RawFd};
    use std::path::{Path, PathBuf};

    use landlock::{
        Access, AccessFs, AccessNet, BitFlags, CompatLevel, Compatible, PathBeneath, PathFd,
        Ruleset, RulesetAttr, RulesetCreatedAttr, Scope, make_bitflags,
    };

    use super::{
        DEFAULT_READ_PATHS, DEVICE_PATHS, DirAccess, SandboxConfig, SandboxMode, SandboxReport,
        exec_chain,
    };
    use crate::error::Error;

    /// The newest Landlock ABI whose rights capvm requests; older kernels get what they support (best effort,
    /// with the gaps listed in the report).
    const ABI: landlock::ABI = landlock::ABI::V9;

    const READ: BitFlags<AccessFs> = make_bitflags!(AccessFs::{ReadFile | ReadDir});
    const WRITE: BitFlags<AccessFs> = make_bitflags!(AccessFs::{
        ReadFile | ReadDir | WriteFile | RemoveDir | RemoveFile | MakeDir | MakeReg | MakeSock | MakeFifo
        | MakeSym | Refer | Truncate | ResolveUnix
    });
    const DEVICE: BitFlags<AccessFs> =
        make_bitflags!(AccessFs::{ReadFile | WriteFile | Truncate | IoctlDev});
    const EXEC: BitFlags<AccessFs> = make_bitflags!(AccessFs::{Execute | ReadFile | ReadDir});

    /// One opened path and the rights it gets.
    #[derive(Debug)]
    struct Grant {
        path: PathBuf,
        fd: PathFd,
        access: BitFlags<AccessFs>,
    }

    impl Grant {
        /// Opens `path`; rights that only apply to directories are dropped for a file.
        fn open(path: &Path, access: BitFlags<AccessFs>) -> std::io::Result<Self> {
            let is_dir = std::fs::metadata(path)?.is_dir();
            let fd = PathFd::new(path).map_err(std::io::Error::other)?;
            let access = if is_dir {
                access
            } else {
                access & AccessFs::from_file(ABI)
            };
            Ok(Self {
                path: path.to_path_buf(),
                fd,
                access,
            })
        }
    }

    /// A policy's prepared sandbox.
    #[derive(Debug)]
    pub(crate) struct Sandbox {
        report: SandboxReport,
        allow_net: bool,
        /// Read, write and device rules.
        grants: Vec<Grant>,
        /// Execute rules: programs, their interpreters, and allow-all's search directories.
        exec: Vec<Grant>,
        /// The ruleset of all `grants` and `exec`, shared by every run whose program it covers.
        shared: Option<OwnedFd>,
    }

    /// A ruleset fd for one run: the policy's shared one or one made for this run.
    #[derive(Debug)]
    pub(crate) enum RunRuleset<'a> {
        Shared(&'a OwnedFd),
        Own(OwnedFd),
    }

    impl RunRuleset<'_> {
        pub(crate) fn raw(&self) -> RawFd {
            match self {
                Self::Shared(fd) => fd.as_raw_fd(),
                Self::Own(fd) => fd.as_raw_fd(),
            }
        }
    }

    impl Sandbox {
        /// Opens every path and, unless the mode is off or the kernel lacks Landlock, creates the shared ruleset.
        pub(crate) fn prepare(config: &SandboxConfig<'_>) -> Result<Self, Error> {
            let abi = kernel_abi();
            let report = SandboxReport::new(config.mode, abi, config.allow_net);
            let mut sandbox = Self {
                report,
                allow_net: config.allow_net,
                grants: Vec::new(),
                exec: Vec::new(),
                shared: None,
            };
            if config.mode == SandboxMode::Off || abi == 0 {
                return Ok(sandbox);
            }
            let invalid = |path: &Path| {
                let path = path.to_path_buf();
                move |source| Error::InvalidGrant { path, source }
            };
            for path in DEFAULT_READ_PATHS {
                if let Ok(grant) = Grant::open(Path::new(path), READ) {
                    sandbox.grants.push(grant);
                }
            }
            for path in DEVICE_PATHS {
                if let Ok(grant) = Grant::open(Path::new(path), DEVICE) {
                    sandbox.grants.push(grant);
                }
            }
            for path in config.extra_read {
                sandbox
                    .grants
                    .push(Grant::open(path, READ).map_err(invalid(path))?);
            }
            for (path, access) in config.grants {
                let rights = match access {
                    DirAccess::ReadOnly => READ,
                    DirAccess::ReadWrite => WRITE,
                };
                sandbox
                    .grants
                    .push(Grant::open(path, rights).map_err(invalid(path))?);
            }
            for dir in config.exec_dirs {
                if let Ok(grant) = Grant::open(dir, EXEC) {
                    sandbox.exec.push(grant);
                }
            }
            for program in &config.programs {
                sandbox.add_exec_chain(program);
            }
            let shared = sandbox.create(&[]).map_err(Error::Sandbox)?;
            sandbox.shared = Some(shared);
            Ok(sandbox)
        }

        fn add_exec_chain(&mut self, program: &Path) {
            for path in exec_chain(program) {
                if self.exec.iter().any(|g| g.path == path) {
                    continue;
                }
                if let Ok(grant) = Grant::open(&path, EXEC) {
                    self.exec.push(grant);
                }
            }
        }

        /// A sandbox that confines nothing (the deny-all default policy runs no command).
        pub(crate) fn off() -> Self {
            Self {
                report: SandboxReport::new(SandboxMode::Off, 0, false),
                allow_net: false,
                grants: Vec::new(),
                exec: Vec::new(),
                shared: None,
            }
        }

        pub(crate) fn report(&self) -> &SandboxReport {
            &self.report
        }

        /// The ruleset for a run of `program`: `Ok(None)` when the sandbox is off or unavailable.
        ///
        /// # Errors
        ///
        /// A sentence for the guest's note when a ruleset for this program cannot be made.
        pub(crate) fn ruleset_for(&self, program: &Path) -> Result<Option<RunRuleset<'_>>, String> {
            let Some(shared) = &self.shared else {
                return Ok(None);
            };
            let chain = exec_chain(program);
            let covered = chain.iter().all(|path| {
                self.exec.iter().any(|g| {
                    &g.path == path
                        || (g.access.contains(AccessFs::ReadDir) && path.starts_with(&g.path))
                })
            });
            if covered {
                return Ok(Some(RunRuleset::Shared(shared)));
            }
            let mut extra = Vec::new();
            for path in chain {
                if let Ok(grant) = Grant::open(&path, EXEC) {
                    extra.push(grant);
                }
            }
            self.create(&extra).map(|fd| Some(RunRuleset::Own(fd)))
        }

        /// Creates a ruleset with every prepared rule plus `extra`.
        fn create(&self, extra: &[Grant]) -> Result<OwnedFd, String> {
            let failed =
                |err: landlock::RulesetError| format!("Landlock refused the ruleset: {err}");
            let mut ruleset = Ruleset::default()
                .set_compatibility(CompatLevel::BestEffort)
                .handle_access(AccessFs::from_all(ABI))
                .map_err(failed)?;
            if !self.allow_net {
                ruleset = ruleset
                    .handle_access(AccessNet::BindTcp | AccessNet::ConnectTcp)
                    .map_err(failed)?;
            }
            ruleset = ruleset.scope(Scope::from_all(ABI)).map_err(failed)?;
            let mut created = ruleset.create().map_err(failed)?;
            for grant in self.grants.iter().chain(&self.exec).chain(extra) {
                created = created
                    .add_rule(PathBeneath::new(&grant.fd, grant.access))
                    .map_err(|err| {
                        format!(
                            "Landlock refused the rule for {}: {err}",
                            grant.path.display()
                        )
                    })?;
            }
            Option::<OwnedFd>::from(created)
                .ok_or_else(|| "the kernel created no Landlock ruleset".to_owned())
        }
    }

    /// The kernel's Landlock ABI version, 0 without Landlock.
    #[allow(
        unsafe_code,
        reason = "the version query is a raw system call that libc does not wrap"
    )]
    fn kernel_abi() -> u32 {
        const LANDLOCK_CREATE_RULESET_VERSION: libc::c_uint = 1;
        // SAFETY: with a NULL attribute pointer, size 0 and the VERSION flag, landlock_create_ruleset reads no
        // memory and creates no fd; it only returns the ABI version or -1.
        let version = unsafe {
            libc::syscall(
                libc::SYS_landlock_create_ruleset,
                std::ptr::null::<libc::c_void>(),
                0usize,
                LANDLOCK_CREATE_RULESET_VERSION,
            )
        };
        u32::try_from(version).unwrap_or(0)
    }
}

#[cfg(not(target_os = "linux"))]
mod imp {
    use std::path::Path;

    use super::{SandboxConfig, SandboxReport};
    use crate::error::Error;

    /// Without Landlock there is nothing to prepare; the report lists everything as not enforced.
    #[derive(Debug)]
    pub(crate) struct Sandbox {
        report: SandboxReport,
    }

    /// Never constructed on this platform.
    #[derive(Debug)]
    pub(crate) enum RunRuleset {}

    impl RunRuleset {
        pub(crate) fn raw(&self) -> i32 {
            match *self {}
        }
    }

    impl Sandbox {
        pub(crate) fn prepare(config: &SandboxConfig<'_>) -> Result<Self, Error> {
            Ok(Self {
                report: SandboxReport::new(config.mode, 0, config.allow_net),
            })
        }

        pub(crate) fn off() -> Self {
            Self {
                report: SandboxReport::new(super::SandboxMode::Off, 0, false),
            }
        }

        pub(crate) fn report(&self) -> &SandboxReport {
            &self.report
        }

        pub(crate) fn ruleset_for(&self, _program: &Path) -> Result<Option<RunRuleset>, String> {
            Ok(None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_parse() {
        assert_eq!("auto".parse::<SandboxMode>().unwrap(), SandboxMode::Auto);
        assert_eq!(
            "strict".parse::<SandboxMode>().unwrap(),
            SandboxMode::Strict
        );
        assert_eq!("off".parse::<SandboxMode>().unwrap(), SandboxMode::Off);
        assert!("on".parse::<SandboxMode>().is_err());
    }

    #[test]
    fn reports_follow_the_abi() {
        let r = SandboxReport::new(SandboxMode::Auto, 7, false);
        assert_eq!(
            r.enforced,
            [
                "no_new_privs",
                "fs",
                "exec",
                "truncate",
                "ioctl_dev",
                "tcp",
                "abstract_unix_socket",
                "signal"
            ]
        );
        assert!(r.not_enforced.is_empty() && r.gaps_note().is_none());
        assert_eq!(r.limits, ["pathname_unix_socket", "udp"]);
        let r = SandboxReport::new(SandboxMode::Strict, 4, true);
        assert_eq!(
            r.not_enforced,
            ["ioctl_dev", "abstract_unix_socket", "signal"]
        );
        assert_eq!(
            r.gaps_note().unwrap(),
            "process sandbox (strict): this kernel has Landlock ABI 4; not enforced for commands: ioctl_dev, \
             abstract_unix_socket, signal"
        );
        let r = SandboxReport::new(SandboxMode::Auto, 0, false);
        assert!(r.not_enforced.contains(&"fs") && r.not_enforced.contains(&"exec"));
        let r = SandboxReport::new(SandboxMode::Off, 7, false);
        assert_eq!(r.enforced, ["no_new_privs"]);
        assert!(r.not_enforced.is_empty());
    }

    #[test]
    fn interpreters_are_found() {
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("s");
        std::fs::write(&script, "#!  /bin/sh -e\necho\n").unwrap();
        let chain = exec_chain(&script);
        assert_eq!(chain.first(), Some(&script));
        assert_eq!(
            chain.get(1).map(PathBuf::as_path),
            Some(Path::new("/bin/sh"))
        );
        // /bin/sh is (on every Linux we run on) a dynamically linked ELF file: its loader comes next.
        #[cfg(target_os = "linux")]
        if let Some(loader) = chain.get(2) {
            assert!(loader.to_string_lossy().contains("ld"), "{chain:?}");
        }
        let relative = dir.path().join("r");
        std::fs::write(&relative, "#!sh\n").unwrap();
        assert_eq!(exec_chain(&relative), std::slice::from_ref(&relative));
        let looping = dir.path().join("l");
        std::fs::write(&looping, format!("#!{}\n", looping.display())).unwrap();
        assert_eq!(exec_chain(&looping), std::slice::from_ref(&looping));
        assert_eq!(exec_chain(Path::new("/nonexistent/x")).len(), 1);
    }
}
