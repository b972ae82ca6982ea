//! The environment variables a guest may not pass to a command unless the owner names them: the variables
//! glibc itself drops for setuid programs (its "unsecure" list), the other dynamic-loader variables, and the
//! start-up hooks of shells, interpreters and tools that make a program load code or run another program.

/// Variables refused by exact name: glibc's unsecure-environment list (`sysdeps/generic/unsecvars.h`; the
/// `LD_*` entries are covered by a prefix) and the start-up hooks of shells and tools.
pub const REFUSED_ENV_VARS: &[&str] = &[
    // glibc: loader, iconv, locale, resolver and malloc hooks.
    "GCONV_PATH",
    "GETCONF_DIR",
    "GLIBC_TUNABLES",
    "HOSTALIASES",
    "LOCALDOMAIN",
    "LOCPATH",
    "MALLOC_TRACE",
    "NIS_PATH",
    "NLSPATH",
    "RESOLV_HOST_CONF",
    "RES_OPTIONS",
    "TMPDIR",
    "TZDIR",
    // POSIX shells, bash, zsh.
    "BASH_ENV",
    "ENV",
    "SHELLOPTS",
    "BASHOPTS",
    "PS4",
    "PROMPT_COMMAND",
    "IFS",
    "CDPATH",
    "GLOBIGNORE",
    "BASH_XTRACEFD",
    "ZDOTDIR",
    // Interpreters.
    "PERLLIB",
    "PERLIO",
    "TCLLIBPATH",
    "PHPRC",
    "PHP_INI_SCAN_DIR",
    "JAVA_TOOL_OPTIONS",
    "_JAVA_OPTIONS",
    "JDK_JAVA_OPTIONS",
    "CLASSPATH",
    // Libraries that load modules named by the environment.
    "OPENSSL_CONF",
    "OPENSSL_ENGINES",
    "OPENSSL_MODULES",
    "GTK_MODULES",
    "GTK_PATH",
    "GIO_EXTRA_MODULES",
    "QT_PLUGIN_PATH",
    // Tools that run a program named by the environment.
    "PAGER",
    "MANPAGER",
    "EDITOR",
    "VISUAL",
    "BROWSER",
    "LESSOPEN",
    "LESSCLOSE",
    "SSH_ASKPASS",
    "SUDO_ASKPASS",
];

/// Variables refused by prefix: loader variables and the families of interpreter and tool hooks.
pub const REFUSED_ENV_PREFIXES: &[&str] = &[
    "LD_",
    "DYLD_",
    "BASH_FUNC_",
    "PYTHON",
    "PERL5",
    "RUBY",
    "NODE_",
    "LUA_",
    "GIT_",
];

/// Why `key` is refused unless the owner allows it by name, or `None` if it passes.
pub(crate) fn refused(key: &[u8]) -> Option<&'static str> {
    if key.starts_with(b"LD_") || key.starts_with(b"DYLD_") {
        return Some("it is a dynamic-loader variable, which the policy refuses");
    }
    let listed = REFUSED_ENV_VARS.iter().any(|name| name.as_bytes() == key)
        || REFUSED_ENV_PREFIXES
            .iter()
            .any(|prefix| key.starts_with(prefix.as_bytes()));
    listed.then_some(
        "it makes programs load code or run other programs, which the policy refuses unless the owner allows \
         it by name",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lists_cover_glibc_and_the_start_up_hooks() {
        for key in [
            "GCONV_PATH",
            "GETCONF_DIR",
            "GLIBC_TUNABLES",
            "HOSTALIASES",
            "LOCALDOMAIN",
            "LOCPATH",
            "MALLOC_TRACE",
            "NIS_PATH",
            "NLSPATH",
            "RESOLV_HOST_CONF",
            "RES_OPTIONS",
            "TMPDIR",
            "TZDIR",
            "BASH_ENV",
            "ENV",
            "SHELLOPTS",
            "PS4",
            "PROMPT_COMMAND",
            "IFS",
            "PYTHONPATH",
            "PYTHONSTARTUP",
            "PERL5OPT",
            "RUBYOPT",
            "NODE_OPTIONS",
            "GIT_SSH_COMMAND",
            "BASH_FUNC_ls%%",
        ] {
            assert!(refused(key.as_bytes()).is_some(), "{key} must be refused");
        }
        assert!(
            refused(b"LD_PRELOAD")
                .unwrap()
                .contains("dynamic-loader variable")
        );
        for key in [
            "HOME", "LANG", "LC_ALL", "PATH", "TERM", "USER", "TZ", "ENVX",
        ] {
            assert_eq!(refused(key.as_bytes()), None, "{key} must pass");
        }
    }
}
