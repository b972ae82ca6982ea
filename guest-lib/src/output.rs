//! [`Output`]: what a finished command left.

/// The result of [`Command::output`](crate::Command::output): the command's status and everything it wrote.
///
/// `status` is the exit code as a signed byte (255 reads -1); 110 means the host's timeout fired; -1 also means
/// the host refused or could not run the command, in which case `stderr` says why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// The status of the process (see above).
    pub status: i32,
    /// What the process wrote to its stdout.
    pub stdout: Vec<u8>,
    /// What the process wrote to its stderr, followed by any line the host added about a failure.
    pub stderr: Vec<u8>,
}

impl Output {
    /// True when the command exited with status 0.
    ///
    /// ```
    /// use capvm_guest::Output;
    ///
    /// let ok = Output { status: 0, stdout: b"hi\n".to_vec(), stderr: Vec::new() };
    /// assert!(ok.success());
    /// let timed_out = Output { status: 110, stdout: Vec::new(), stderr: Vec::new() };
    /// assert!(!timed_out.success());
    /// ```
    pub fn success(&self) -> bool {
        self.status == 0
    }
}
