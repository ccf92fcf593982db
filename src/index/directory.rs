//! The index directory as tantivy sees it: a memory-mapped directory that readers can open
//! without being able to write to it.
//!
//! tantivy's reader takes `.tantivy-meta.lock` (an exclusive lock on a file it creates) while
//! it opens the segments, so that a writer's garbage collection cannot delete them halfway.
//! On a read-only mount, or an index owned by another user, creating or opening that file
//! for writing fails and no query could run. [`ReadableDir`] then takes a *shared* lock on
//! the existing lock file, opened for reading (which a writer's exclusive lock still waits
//! for), or no lock at all when the file does not exist: a directory nobody can write to
//! has no writer to guard against.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle,
    WritePtr, META_LOCK,
};

/// A memory-mapped directory whose reader lock falls back to a shared lock when the
/// directory cannot be written.
#[derive(Debug, Clone)]
pub struct ReadableDir {
    inner: MmapDirectory,
    path: PathBuf,
}

impl ReadableDir {
    pub fn open(path: &Path) -> tantivy::Result<ReadableDir> {
        Ok(ReadableDir {
            inner: MmapDirectory::open(path)?,
            path: path.to_path_buf(),
        })
    }

    /// Gives a file the permissions of the index's marker file. tantivy writes `meta.json`
    /// and `.managed.json` through a temporary file, which is readable by its owner only;
    /// every other file of the index is created with the usual permissions (the marker's),
    /// so without this another user who may read the index could not open it.
    fn share_like_marker(&self, path: &Path) {
        if let Ok(marker) = std::fs::metadata(self.path.join(super::MARKER)) {
            let _ = std::fs::set_permissions(self.path.join(path), marker.permissions());
        }
    }

    /// A shared lock on the lock file, opened for reading; none when there is no such file.
    fn shared_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match File::open(self.path.join(&lock.filepath)) {
            Ok(file) => {
                file.lock_shared().map_err(LockError::wrap_io_error)?;
                // the lock is released when the file is closed, with the returned guard
                Ok(DirectoryLock::from(Box::new(file)))
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(DirectoryLock::from(Box::new(()))),
            Err(e) => Err(LockError::wrap_io_error(e)),
        }
    }
}

/// An error that says the directory or the lock file cannot be written.
fn is_not_writable(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
    )
}

impl Directory for ReadableDir {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.inner.atomic_write(path, data)?;
        self.share_like_marker(path);
        Ok(())
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.inner.acquire_lock(lock) {
            // only the readers' lock falls back: the writer's lock must stay exclusive
            Err(LockError::IoError(e)) if lock.filepath == META_LOCK.filepath => {
                if is_not_writable(&e) {
                    self.shared_lock(lock)
                } else {
                    Err(LockError::IoError(e))
                }
            }
            other => other,
        }
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}
