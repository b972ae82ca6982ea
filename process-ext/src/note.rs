//! The lines the host writes into a command's captured stderr.

/// Every host-written line starts with this, so a guest's user can tell it from the command's own output.
pub(crate) const PREFIX: &str = "capvm-process: ";

/// Longest part of a guest-supplied name quoted in a note (the rest is elided).
const MAX_SHOWN: usize = 200;

/// The exact upstream text a denied command reads on stderr (process-abi.md §3.3), trailing newline included.
pub(crate) fn permission_denied(name: &[u8]) -> Vec<u8> {
    let mut msg = Vec::with_capacity(170 + 3 * name.len());
    msg.extend_from_slice(b"Permission denied: Command \"");
    msg.extend_from_slice(name);
    msg.extend_from_slice(b"\" is not in the white list. Please use --allow-command=");
    msg.extend_from_slice(name);
    msg.extend_from_slice(b" or --allow-command-all to add \"");
    msg.extend_from_slice(name);
    msg.extend_from_slice(b"\" command into the white list.\n");
    msg
}

/// A guest-supplied name as one printable line: escaped bytes, cut after [`MAX_SHOWN`] bytes.
pub(crate) fn shown(name: &[u8]) -> String {
    let head = name.get(..MAX_SHOWN).unwrap_or(name);
    let mut out = head.escape_ascii().to_string();
    if head.len() < name.len() {
        out.push_str("...");
    }
    out
}

/// Appends one host line to `stderr`, starting it on a fresh line if the command left a partial one.
pub(crate) fn append(stderr: &mut Vec<u8>, text: &str) {
    if stderr.last().is_some_and(|&b| b != b'\n') {
        stderr.push(b'\n');
    }
    stderr.extend_from_slice(PREFIX.as_bytes());
    stderr.extend_from_slice(text.as_bytes());
    stderr.push(b'\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permission_message_is_upstream_text() {
        assert_eq!(
            permission_denied(b"c++"),
            b"Permission denied: Command \"c++\" is not in the white list. Please use --allow-command=c++ or \
              --allow-command-all to add \"c++\" command into the white list.\n"
        );
    }

    #[test]
    fn shown_names_are_one_escaped_line() {
        assert_eq!(shown(b"ls\0x\n"), "ls\\x00x\\n");
        let long = vec![b'a'; 300];
        let s = shown(&long);
        assert_eq!(s.len(), MAX_SHOWN + 3);
        assert!(s.ends_with("..."));
    }

    #[test]
    fn notes_start_on_their_own_line() {
        let mut err = b"partial".to_vec();
        append(&mut err, "timed out");
        assert_eq!(err, b"partial\ncapvm-process: timed out\n");
        let mut empty = Vec::new();
        append(&mut empty, "x");
        assert_eq!(empty, b"capvm-process: x\n");
    }
}
