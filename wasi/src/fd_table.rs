//! The guest's descriptor table: `fd -> Descriptor`, lowest free number
//! first, with a per-instance cap on open descriptors.

use std::collections::BTreeMap;

use crate::descriptor::Descriptor;
use crate::errno::Errno;

/// Descriptor table of one instance. Dropping an entry closes its host
/// resource.
#[derive(Debug)]
pub(crate) struct FdTable {
    entries: BTreeMap<u32, Descriptor>,
    max_open: usize,
}

impl FdTable {
    /// An empty table that holds at most `max_open` descriptors.
    pub(crate) fn new(max_open: usize) -> Self {
        FdTable {
            entries: BTreeMap::new(),
            max_open,
        }
    }

    /// Number of open descriptors.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// The lowest number not in use.
    fn lowest_free(&self) -> Option<u32> {
        let mut expected: u32 = 0;
        for &fd in self.entries.keys() {
            if fd != expected {
                break;
            }
            expected = expected.checked_add(1)?;
        }
        // Numbers stay below 2^31 as the witx promises for path_open.
        (expected < 1 << 31).then_some(expected)
    }

    /// Adds `desc` under the lowest free number.
    ///
    /// `mfile` when the table is full (the descriptor is dropped, closing it).
    pub(crate) fn insert(&mut self, desc: Descriptor) -> Result<u32, Errno> {
        if self.entries.len() >= self.max_open {
            return Err(Errno::Mfile);
        }
        let fd = self.lowest_free().ok_or(Errno::Mfile)?;
        self.entries.insert(fd, desc);
        Ok(fd)
    }

    /// The descriptor for `fd`, or `badf`.
    pub(crate) fn get(&self, fd: u32) -> Result<&Descriptor, Errno> {
        self.entries.get(&fd).ok_or(Errno::Badf)
    }

    /// The descriptor for `fd`, mutably, or `badf`.
    pub(crate) fn get_mut(&mut self, fd: u32) -> Result<&mut Descriptor, Errno> {
        self.entries.get_mut(&fd).ok_or(Errno::Badf)
    }

    /// Removes `fd` (closing it when the returned value is dropped).
    pub(crate) fn remove(&mut self, fd: u32) -> Result<Descriptor, Errno> {
        self.entries.remove(&fd).ok_or(Errno::Badf)
    }

    /// Moves `from` to `to`, closing what `to` held.
    ///
    /// Both must be open (`badf` otherwise); `from == to` is a no-op.
    pub(crate) fn renumber(&mut self, from: u32, to: u32) -> Result<(), Errno> {
        if !self.entries.contains_key(&from) || !self.entries.contains_key(&to) {
            return Err(Errno::Badf);
        }
        if from == to {
            return Ok(());
        }
        let desc = self.entries.remove(&from).ok_or(Errno::Badf)?;
        // The old `to` entry is returned and dropped here, closing it.
        drop(self.entries.insert(to, desc));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stdio::{OutputSink, StdinSource};

    fn stdin() -> Descriptor {
        Descriptor::Stdin(StdinSource::Empty)
    }

    #[test]
    fn lowest_free_number_is_reused() {
        let mut t = FdTable::new(10);
        assert_eq!(t.insert(stdin()), Ok(0));
        assert_eq!(t.insert(stdin()), Ok(1));
        assert_eq!(t.insert(stdin()), Ok(2));
        t.remove(1).unwrap();
        assert_eq!(t.insert(stdin()), Ok(1));
        assert_eq!(t.insert(stdin()), Ok(3));
        assert_eq!(t.remove(7).err(), Some(Errno::Badf));
    }

    #[test]
    fn cap_gives_mfile() {
        let mut t = FdTable::new(2);
        t.insert(stdin()).unwrap();
        t.insert(stdin()).unwrap();
        assert_eq!(t.insert(stdin()), Err(Errno::Mfile));
        assert_eq!(t.len(), 2);
    }

    #[test]
    fn renumber_rules() {
        let mut t = FdTable::new(10);
        t.insert(stdin()).unwrap();
        t.insert(Descriptor::Output(OutputSink::Discard)).unwrap();
        assert_eq!(t.renumber(0, 5), Err(Errno::Badf), "target must be open");
        assert_eq!(t.renumber(5, 0), Err(Errno::Badf), "source must be open");
        assert_eq!(t.renumber(1, 1), Ok(()));
        assert_eq!(t.len(), 2);
        assert_eq!(t.renumber(1, 0), Ok(()));
        assert!(matches!(t.get(0), Ok(Descriptor::Output(_))));
        assert_eq!(t.get(1).err(), Some(Errno::Badf));
        assert_eq!(t.len(), 1);
    }
}
