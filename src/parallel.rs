//! Running independent work on every core (documents of a large file, files of an input,
//! personas of a parity run), with results in input order. Scoped std threads: the work items
//! are few and coarse, so a thread pool crate would buy nothing.

use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, mpsc};

/// `f` over `items` on every core when there are at least `per_thread` items for each thread
/// (below that, on this thread); results in input order. A panic in `f` is re-raised.
pub fn map<T: Sync, R: Send>(items: &[T], per_thread: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(items.len() / per_thread.max(1))
        .max(1);
    if threads == 1 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let f = &f;
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| match h.join() {
                Ok(part) => part,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    })
}

/// Items made on one thread and taken by index on others: [`Feed::take`] waits until item `i`
/// is there or the producer is done, so readers start on the first file a walk finds. Each
/// item is taken once and the taken front is dropped: the feed holds what is not read yet,
/// not the input.
pub struct Feed<T> {
    state: Mutex<FeedState<T>>,
    ready: Condvar,
}

struct FeedState<T> {
    /// Items `offset..`, `None` once taken.
    items: VecDeque<Option<T>>,
    offset: usize,
    closed: bool,
    waiting: usize,
}

impl<T> Feed<T> {
    pub fn new() -> Self {
        Self {
            state: Mutex::new(FeedState {
                items: VecDeque::new(),
                offset: 0,
                closed: false,
                waiting: 0,
            }),
            ready: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, FeedState<T>> {
        // A panicking producer is re-raised by the scope; the items stay usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Appends an item (waking readers only when one waits: no system call per item).
    pub fn push(&self, item: T) {
        let mut state = self.lock();
        state.items.push_back(Some(item));
        if state.waiting > 0 {
            self.ready.notify_all();
        }
    }

    /// No more items: readers past the end get `None`.
    pub fn close(&self) {
        self.lock().closed = true;
        self.ready.notify_all();
    }

    /// Takes item `i` (each index once), once it is there; `None` when the producer closed
    /// the feed before it.
    pub fn take(&self, i: usize) -> Option<T> {
        let mut state = self.lock();
        loop {
            let at = i.checked_sub(state.offset)?;
            if at < state.items.len() {
                let item = state.items.get_mut(at).and_then(Option::take);
                while state.items.front().is_some_and(Option::is_none) {
                    state.items.pop_front();
                    state.offset += 1;
                }
                return item;
            }
            if state.closed {
                return None;
            }
            state.waiting += 1;
            state = self.ready.wait(state).unwrap_or_else(|e| e.into_inner());
            state.waiting -= 1;
        }
    }
}

impl<T> Default for Feed<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// Closes a feed when dropped, so readers never wait for a producer that panicked.
pub struct Closer<'a, T>(pub &'a Feed<T>);

impl<T> Drop for Closer<'_, T> {
    fn drop(&mut self) {
        self.0.close();
    }
}

/// `f` over the items `produce` hands over, on every core while it is still producing;
/// `consume` gets each item with its result in production order, on this thread. Results wait
/// for their turn only behind a slower item (a large file), not behind the whole input.
pub fn stream_map<T, R>(
    produce: impl FnOnce(&mut dyn FnMut(T)) + Send,
    f: impl Fn(&T) -> R + Sync,
    mut consume: impl FnMut(T, R),
) where
    T: Send + Sync,
    R: Send,
{
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let feed = Feed::new();
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel::<Vec<(usize, T, R)>>();
    std::thread::scope(|scope| {
        let feed = &feed;
        scope.spawn(move || {
            let _close = Closer(feed);
            produce(&mut |item| feed.push(item));
        });
        for _ in 0..workers {
            let (tx, next, f) = (tx.clone(), &next, &f);
            scope.spawn(move || {
                // A few items per claim and per send: one wake-up of the consumer per chunk,
                // not per item.
                loop {
                    let start = next.fetch_add(CHUNK, Ordering::SeqCst);
                    let mut done = Vec::with_capacity(CHUNK);
                    for i in start..start + CHUNK {
                        let Some(item) = feed.take(i) else { break };
                        let r = f(&item);
                        done.push((i, item, r));
                    }
                    let last = done.len() < CHUNK;
                    if (!done.is_empty() && tx.send(done).is_err()) || last {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut pending = BTreeMap::new();
        let mut expected = 0;
        for chunk in rx {
            for (i, item, r) in chunk {
                pending.insert(i, (item, r));
            }
            while let Some((item, r)) = pending.remove(&expected) {
                consume(item, r);
                expected += 1;
            }
        }
    });
}

/// How many items a [`stream_map`] worker claims at once.
const CHUNK: usize = 8;

#[cfg(test)]
mod tests {
    #[test]
    fn streams_in_production_order() {
        let mut got = Vec::new();
        super::stream_map(
            |push| (0..2000usize).for_each(push),
            |i| {
                if i % 97 == 0 {
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
                i * 3
            },
            |i, r| got.push((i, r)),
        );
        assert_eq!(got, (0..2000).map(|i| (i, i * 3)).collect::<Vec<_>>());
        let mut none = 0;
        super::stream_map(|_push: &mut dyn FnMut(u8)| {}, |_| (), |_, ()| none += 1);
        assert_eq!(none, 0);
    }

    #[test]
    fn keeps_order_whatever_the_split() {
        let items: Vec<usize> = (0..1000).collect();
        for per_thread in [1, 7, 64, 5000] {
            assert_eq!(
                super::map(&items, per_thread, |i| i * 2),
                (0..1000).map(|i| i * 2).collect::<Vec<_>>()
            );
        }
    }
}
