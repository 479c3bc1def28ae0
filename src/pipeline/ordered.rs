//! Findings of items scanned in parallel, handed on in item order. An
//! item's findings go straight through while every item before it is
//! finished; they are held only while an earlier item is still being
//! scanned. With threads taking items in order, that is a few files'
//! findings at a time, so a report can be written while the scan runs and
//! a file of 100,000 secrets is never held as a list of findings.

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};

/// The receiver of a parallel scan's findings (`T`), in item order.
pub struct Ordered<'a, T> {
    state: Mutex<State<'a, T>>,
}

struct State<'a, T> {
    /// The first item not yet finished.
    next: usize,
    /// Finished items after `next`, with their findings.
    ready: BTreeMap<usize, Vec<T>>,
    emit: &'a mut (dyn FnMut(T) + Send),
}

impl<T> State<'_, T> {
    /// Item `index` is finished, `held` its findings not yet handed on.
    fn finish(&mut self, index: usize, held: Vec<T>) {
        if index != self.next {
            self.ready.insert(index, held);
            return;
        }
        held.into_iter().for_each(&mut *self.emit);
        self.next += 1;
        while let Some(later) = self.ready.remove(&self.next) {
            later.into_iter().for_each(&mut *self.emit);
            self.next += 1;
        }
    }
}

/// How many findings an item holds before it checks again whether it may
/// hand them on directly.
const CHECK_EVERY: usize = 256;

impl<'a, T> Ordered<'a, T> {
    /// Hands findings to `emit`, item by item from item 0 on.
    pub fn new(emit: &'a mut (dyn FnMut(T) + Send)) -> Self {
        Ordered {
            state: Mutex::new(State {
                next: 0,
                ready: BTreeMap::new(),
                emit,
            }),
        }
    }

    /// Where item `index`'s findings go, in their order. Every index from
    /// 0 on must be taken once (an item without findings too): the items
    /// after it wait for it. Dropping the handle finishes the item.
    pub fn item(&self, index: usize) -> Item<'_, 'a, T> {
        Item {
            ordered: self,
            index,
            held: Vec::new(),
            direct: false,
        }
    }

    fn lock(&self) -> MutexGuard<'_, State<'a, T>> {
        // A panic elsewhere is propagated by the thread pool; the state
        // itself is never left half-changed.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// One item's findings on their way (see [`Ordered::item`]).
pub struct Item<'o, 'a, T> {
    ordered: &'o Ordered<'a, T>,
    index: usize,
    held: Vec<T>,
    /// Every earlier item is finished: findings go straight through.
    direct: bool,
}

impl<T> Item<'_, '_, T> {
    /// The item's next finding.
    pub fn push(&mut self, f: T) {
        if self.direct {
            (self.ordered.lock().emit)(f);
            return;
        }
        self.held.push(f);
        if self.held.len().is_multiple_of(CHECK_EVERY) {
            let mut state = self.ordered.lock();
            if state.next == self.index {
                self.direct = true;
                self.held.drain(..).for_each(&mut *state.emit);
            }
        }
    }
}

impl<T> Drop for Item<'_, '_, T> {
    fn drop(&mut self) {
        let held = std::mem::take(&mut self.held);
        self.ordered.lock().finish(self.index, held);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_finished_out_of_order_come_out_in_order() {
        // Item 1 has more findings than are held before it checks again.
        let sizes = [3, CHECK_EVERY * 2 + 1, 2, 0, 4];
        let of = |item: usize| (0..sizes[item]).map(move |k| (item, k));
        let expected: Vec<(usize, usize)> = (0..sizes.len()).flat_map(of).collect();
        let mut got = Vec::new();
        let mut emit = |x: (usize, usize)| got.push(x);
        {
            let ordered = Ordered::new(&mut emit);
            // Item 0 stays open while 2, 4 and 1 finish; 3 finishes last,
            // after 0, and lets 4 through.
            let mut first = ordered.item(0);
            for i in [2, 4, 1] {
                let mut item = ordered.item(i);
                of(i).for_each(|x| item.push(x));
            }
            of(0).for_each(|x| first.push(x));
            drop(first);
            let mut item = ordered.item(3);
            of(3).for_each(|x| item.push(x));
        }
        assert_eq!(got, expected);
    }

    #[test]
    fn the_first_item_goes_straight_through() {
        let mut got = Vec::new();
        let mut emit = |x: usize| got.push(x);
        let ordered = Ordered::new(&mut emit);
        let mut item = ordered.item(0);
        // A later item waits for it; its findings are written once it has
        // held enough to check, not when it ends.
        let later = ordered.item(1);
        (0..CHECK_EVERY).for_each(|x| item.push(x));
        item.push(CHECK_EVERY);
        assert_eq!(ordered.lock().ready.len(), 0);
        assert!(item.direct);
        assert!(item.held.is_empty());
        drop(later);
        assert_eq!(ordered.lock().ready.len(), 1);
        drop(item);
        assert_eq!(ordered.lock().next, 2);
        drop(ordered);
        assert_eq!(got, (0..=CHECK_EVERY).collect::<Vec<_>>());
    }
}
