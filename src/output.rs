//! The binary's one way to print: standard output and error as writers that keep the
//! first failure to write standard output, so that the exit code says what happened.
//! A closed pipe (`skillgen ... | head`) ends the output quietly; any other failure
//! (`> /dev/full`) is an error the user is told about.

use std::io::{self, Write};
use std::sync::Mutex;

use skillgen::report::Printed;

/// Writes a report: standard output, then standard error.
pub fn print(printed: &Printed) {
    if !printed.stdout.is_empty() {
        let _ = stdout().write_all(printed.stdout.as_bytes());
    }
    if !printed.stderr.is_empty() {
        let _ = stderr().write_all(printed.stderr.as_bytes());
    }
}

/// The first error writing standard output, if any.
static STDOUT_FAILURE: Mutex<Option<io::Error>> = Mutex::new(None);

/// A writer to standard output or error that styles for the terminal (`anstream`) and
/// remembers a failure to write standard output.
pub struct Sink {
    inner: Box<dyn Write>,
    is_stdout: bool,
}

/// Standard output.
pub fn stdout() -> Sink {
    Sink {
        inner: Box::new(anstream::stdout()),
        is_stdout: true,
    }
}

/// Standard error.
pub fn stderr() -> Sink {
    Sink {
        inner: Box::new(anstream::stderr()),
        is_stdout: false,
    }
}

impl Sink {
    fn keep<T>(&self, result: io::Result<T>) -> io::Result<T> {
        if let Err(error) = &result
            && self.is_stdout
            && let Ok(mut failure) = STDOUT_FAILURE.lock()
            && failure.is_none()
        {
            *failure = Some(io::Error::new(error.kind(), error.to_string()));
        }
        result
    }
}

impl Write for Sink {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let result = self.inner.write(bytes);
        self.keep(result)
    }

    fn flush(&mut self) -> io::Result<()> {
        let result = self.inner.flush();
        self.keep(result)
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

/// The exit code once everything is written: `code` itself, or 2 with a message when
/// standard output could not be written for another reason than a closed pipe.
pub fn finish(code: u8) -> u8 {
    let _ = stdout().flush();
    let failure = STDOUT_FAILURE
        .lock()
        .ok()
        .and_then(|mut failure| failure.take());
    match failure {
        None => code,
        Some(error) if error.kind() == io::ErrorKind::BrokenPipe => code,
        Some(error) => {
            let _ = writeln!(
                stderr(),
                "skillgen: could not write the output: {error}\nThe output is incomplete; write it somewhere with room, or to a terminal."
            );
            2
        }
    }
}
