//! The IO edge's scratch store: each article's heavy parts, written once as files are read and
//! read back by position when its group and its search segment are written, so that memory
//! holds only what ordering, rows and facets need, whatever the size of the archive.
//!
//! [`Scratch::append`] takes a [`Spilled`] article from any thread and returns where it went
//! ([`SpillRef`]); [`Scratch::into_reader`] ends the writing and returns a [`Reader`] that any
//! thread reads records from. The file is the bundler's own: deleted with the scratch folder, or
//! kept in the cache ([`super::cache`]) and appended to by the next run ([`Scratch::resume`]).
//! Records are length-prefixed strings (unsigned LEB128 varints), which no other program reads;
//! each [`SpillRef`] carries its record's xxh3 hash, checked when the record is read back, so a
//! damaged or foreign file is found out ([`Damaged`]), never read as an article.

use std::fs::{self, File};
use std::io::{self, BufWriter, Seek, Write};
use std::path::Path;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use crate::search::shard::{get, put};

/// A record that is not what its [`SpillRef`] says: the file was damaged or replaced.
#[derive(Debug, thiserror::Error)]
#[error("the scratch file {path} is damaged at byte {offset}")]
pub struct Damaged {
    pub path: String,
    pub offset: u64,
}

/// What an article keeps out of memory until it is written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Spilled {
    pub title: String,
    pub excerpt: String,
    pub thumb: Option<String>,
    pub minutes: u32,
    /// The article's [`crate::model::Body`] as it goes into a pack (JSON).
    pub body: String,
    /// Plain text of the body, for the search index.
    pub text: String,
}

/// Where a [`Spilled`] article is in the scratch file, and the hash of its record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SpillRef {
    pub offset: u64,
    pub len: u32,
    /// xxh3 of the record's bytes: what the article's spilled parts are, wherever they are.
    pub hash: u64,
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

fn get_str(bytes: &[u8], at: &mut usize) -> Option<String> {
    let len = usize::try_from(get(bytes, at)?).ok()?;
    let s = std::str::from_utf8(bytes.get(*at..at.checked_add(len)?)?).ok()?;
    *at += len;
    Some(s.to_string())
}

impl Spilled {
    fn encode(&self, out: &mut Vec<u8>) {
        put_str(out, &self.title);
        put_str(out, &self.excerpt);
        match &self.thumb {
            None => put(out, 0),
            Some(t) => {
                put(out, 1);
                put_str(out, t);
            }
        }
        put(out, u64::from(self.minutes));
        put_str(out, &self.body);
        put_str(out, &self.text);
    }

    fn decode(bytes: &[u8]) -> Option<Spilled> {
        let mut at = 0;
        let title = get_str(bytes, &mut at)?;
        let excerpt = get_str(bytes, &mut at)?;
        let thumb = match get(bytes, &mut at)? {
            0 => None,
            _ => Some(get_str(bytes, &mut at)?),
        };
        let minutes = u32::try_from(get(bytes, &mut at)?).ok()?;
        let body = get_str(bytes, &mut at)?;
        let text = get_str(bytes, &mut at)?;
        (at == bytes.len()).then_some(Spilled {
            title,
            excerpt,
            thumb,
            minutes,
            body,
            text,
        })
    }
}

struct Appender {
    out: BufWriter<File>,
    at: u64,
}

/// The scratch file being written.
pub struct Scratch {
    appender: Mutex<Appender>,
    path: std::path::PathBuf,
}

impl Scratch {
    /// Creates (or empties) the scratch file at `path`.
    pub fn create(path: &Path) -> io::Result<Scratch> {
        Self::resume(path, 0)
    }

    /// Opens the scratch file at `path` to append after its first `len` bytes (the records a
    /// previous run left, which stay where they are); anything after them is cut off. Fails if
    /// the file is shorter than `len`.
    pub fn resume(path: &Path, len: u64) -> io::Result<Scratch> {
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(len == 0)
            .read(true)
            .write(true)
            .open(path)?;
        if file.metadata()?.len() < len {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!("{} is shorter than its records", path.display()),
            ));
        }
        file.set_len(len)?;
        let mut file = file;
        file.seek(io::SeekFrom::Start(len))?;
        Ok(Scratch {
            appender: Mutex::new(Appender {
                out: BufWriter::with_capacity(1 << 20, file),
                at: len,
            }),
            path: path.to_path_buf(),
        })
    }

    /// Appends `article`; returns where it is.
    pub fn append(&self, article: &Spilled) -> io::Result<SpillRef> {
        let mut bytes = Vec::with_capacity(article.body.len() + article.text.len() + 256);
        article.encode(&mut bytes);
        let len = u32::try_from(bytes.len())
            .map_err(|_| io::Error::other("an article of more than 4 GiB"))?;
        let mut appender = self
            .appender
            .lock()
            .map_err(|_| io::Error::other("a thread writing the scratch file panicked"))?;
        appender.out.write_all(&bytes)?;
        let offset = appender.at;
        appender.at += u64::from(len);
        drop(appender);
        Ok(SpillRef {
            offset,
            len,
            hash: xxh3_64(&bytes),
        })
    }

    /// Ends the writing; returns a reader of what was written.
    pub fn into_reader(self) -> io::Result<Reader> {
        let appender = self
            .appender
            .into_inner()
            .map_err(|_| io::Error::other("a thread writing the scratch file panicked"))?;
        appender.out.into_inner().map_err(|e| e.into_error())?;
        Ok(Reader {
            file: File::open(&self.path)?,
            path: self.path,
            len: appender.at,
        })
    }
}

/// Reads spilled articles, from any thread.
pub struct Reader {
    file: File,
    path: std::path::PathBuf,
    /// Bytes written: where the next run appends.
    len: u64,
}

impl Reader {
    /// The article spilled at `at`; a record whose bytes do not match `at`'s hash is
    /// [`Damaged`].
    pub fn read(&self, at: SpillRef) -> io::Result<Spilled> {
        let damaged = || {
            io::Error::new(
                io::ErrorKind::InvalidData,
                Damaged {
                    path: self.path.display().to_string(),
                    offset: at.offset,
                },
            )
        };
        let mut bytes = vec![0; at.len as usize];
        read_exact_at(&self.file, &mut bytes, at.offset).map_err(|_| damaged())?;
        if xxh3_64(&bytes) != at.hash {
            return Err(damaged());
        }
        Spilled::decode(&bytes).ok_or_else(damaged)
    }

    /// Bytes in the file.
    pub fn len(&self) -> u64 {
        self.len
    }
}

#[cfg(unix)]
fn read_exact_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_read(buf, offset)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rayon::prelude::*;

    fn spilled(i: usize) -> Spilled {
        Spilled {
            title: format!("标题 {i}"),
            excerpt: "e".repeat(i % 7),
            thumb: (i % 2 == 0).then(|| format!("https://x/{i}.png")),
            minutes: i as u32,
            body: format!("{{\"html\":\"<p>{i}</p>\"}}"),
            text: "正文 ".repeat(i % 50),
        }
    }

    #[test]
    fn records_written_from_many_threads_read_back_whole() {
        let dir = tempfile::tempdir().unwrap();
        let scratch = Scratch::create(&dir.path().join("spill")).unwrap();
        let refs: Vec<SpillRef> = (0..2000)
            .into_par_iter()
            .map(|i| scratch.append(&spilled(i)).unwrap())
            .collect();
        let reader = scratch.into_reader().unwrap();
        let back: Vec<Spilled> = refs.par_iter().map(|&r| reader.read(r).unwrap()).collect();
        for (i, s) in back.iter().enumerate() {
            assert_eq!(*s, spilled(i));
        }
        let damaged = SpillRef {
            len: refs[3].len - 1,
            ..refs[3]
        };
        assert!(reader.read(damaged).is_err());
        let foreign = SpillRef {
            hash: refs[3].hash ^ 1,
            ..refs[3]
        };
        assert!(reader.read(foreign).is_err());
    }

    #[test]
    fn a_resumed_file_keeps_the_records_before_and_cuts_what_follows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("spill");
        let scratch = Scratch::create(&path).unwrap();
        let first = scratch.append(&spilled(1)).unwrap();
        let lost = scratch.append(&spilled(2)).unwrap();
        drop(scratch.into_reader().unwrap());
        let scratch = Scratch::resume(&path, lost.offset).unwrap();
        let second = scratch.append(&spilled(3)).unwrap();
        let reader = scratch.into_reader().unwrap();
        assert_eq!(second.offset, lost.offset);
        assert_eq!(reader.read(first).unwrap(), spilled(1));
        assert_eq!(reader.read(second).unwrap(), spilled(3));
        assert!(reader.read(lost).is_err(), "the record cut off is gone");
        assert!(Scratch::resume(&path, reader.len() + 1).is_err());
    }
}
