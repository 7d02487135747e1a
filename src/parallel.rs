//! Running independent work on every core (documents of a large file, files of an input,
//! personas of a parity run), with results in input order. Scoped std threads: the work items
//! are few and coarse, so a thread pool crate would buy nothing.

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

#[cfg(test)]
mod tests {
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
