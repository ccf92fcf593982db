//! An ordered parallel map: work items go to a pool of threads, results come back in the
//! order of the items, so that parallel recognition writes and prints exactly what one
//! thread would.
//!
//! Memory stays bounded: at most a few items per thread are in flight, and the thread that
//! hands out items also takes the results (it never waits on a full queue while results
//! pile up behind it).

use std::collections::BTreeMap;

use anyhow::Result;
use crossbeam_channel::{bounded, TrySendError};

/// Items in flight per thread, each way.
const QUEUE_PER_THREAD: usize = 2;

/// Runs `work` on every item on `threads` threads and gives each result to `sink` in the
/// items' order. With one thread, everything runs on the caller's. The first error from
/// `sink` stops the run (the threads finish the item in hand) and is returned.
pub fn ordered_map<I, O, W, S>(
    items: impl Iterator<Item = I>,
    threads: usize,
    work: W,
    mut sink: S,
) -> Result<()>
where
    I: Send,
    O: Send,
    W: Fn(I) -> O + Sync,
    S: FnMut(O) -> Result<()>,
{
    if threads <= 1 {
        for item in items {
            sink(work(item))?;
        }
        return Ok(());
    }
    std::thread::scope(|scope| {
        let (to_do, todo) = bounded::<(u64, I)>(threads * QUEUE_PER_THREAD);
        let (to_done, done) = bounded::<(u64, O)>(threads * QUEUE_PER_THREAD);
        for _ in 0..threads {
            let (todo, to_done, work) = (todo.clone(), to_done.clone(), &work);
            scope.spawn(move || {
                for (seq, item) in todo {
                    if to_done.send((seq, work(item))).is_err() {
                        break;
                    }
                }
            });
        }
        drop((todo, to_done));
        let mut order = Reorder::new();
        let mut result: Result<()> = Ok(());
        'feed: for (seq, item) in items.enumerate() {
            let mut message = (seq as u64, item);
            loop {
                match to_do.try_send(message) {
                    Ok(()) => break,
                    Err(TrySendError::Full(back)) => {
                        message = back;
                        // the queue is full: take a result, which frees a thread
                        let Ok((seq, out)) = done.recv() else {
                            break 'feed;
                        };
                        if let Err(e) = order.push(seq, out, &mut sink) {
                            result = Err(e);
                            break 'feed;
                        }
                    }
                    Err(TrySendError::Disconnected(_)) => break 'feed,
                }
            }
            while let Ok((seq, out)) = done.try_recv() {
                if let Err(e) = order.push(seq, out, &mut sink) {
                    result = Err(e);
                    break 'feed;
                }
            }
        }
        drop(to_do);
        // the rest of the results: given to the sink, or (after an error) let go, so that no
        // thread waits on a full queue
        for (seq, out) in done {
            if result.is_ok() {
                result = order.push(seq, out, &mut sink);
            }
        }
        result
    })
}

/// Results that came back before their predecessors, until those arrive.
struct Reorder<O> {
    next: u64,
    waiting: BTreeMap<u64, O>,
}

impl<O> Reorder<O> {
    fn new() -> Reorder<O> {
        Reorder {
            next: 0,
            waiting: BTreeMap::new(),
        }
    }

    /// Takes result `seq` and gives the sink every result now in order.
    fn push(&mut self, seq: u64, out: O, sink: &mut impl FnMut(O) -> Result<()>) -> Result<()> {
        self.waiting.insert(seq, out);
        while let Some(out) = self.waiting.remove(&self.next) {
            self.next += 1;
            sink(out)?;
        }
        Ok(())
    }
}

/// The number of threads to use when none is asked for: one per core.
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_the_order_of_the_items() {
        for threads in [1, 2, 4] {
            let mut seen = Vec::new();
            ordered_map(
                0..1000u64,
                threads,
                |i| {
                    // uneven work, so that later items often finish first
                    if i % 7 == 0 {
                        std::thread::sleep(std::time::Duration::from_micros(200));
                    }
                    i * 2
                },
                |out| {
                    seen.push(out);
                    Ok(())
                },
            )
            .unwrap();
            assert_eq!(seen, (0..1000u64).map(|i| i * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_sink_error_stops_the_run_without_hanging() {
        let mut taken = 0;
        let result = ordered_map(
            0..10_000u64,
            3,
            |i| i,
            |out| {
                taken += 1;
                if out == 50 {
                    anyhow::bail!("stop at 50");
                }
                Ok(())
            },
        );
        assert_eq!(result.unwrap_err().to_string(), "stop at 50");
        assert_eq!(taken, 51);
    }
}
