//! Typed indices into a pack's tables, so a rule's index can never be used to look up a
//! pattern (in the manner of rust-analyzer's `la_arena::Idx<T>`).
//!
//! Ids are made by the pack that owns the table (when it is loaded or decoded, both of which
//! check every id against its table), so indexing an [`IdVec`] with an id of the same pack
//! cannot go out of range.

use std::fmt;
use std::marker::PhantomData;
use std::ops::{Index, IndexMut};

/// An index into one kind of table.
pub trait Id: Copy + Eq + Ord + std::hash::Hash + fmt::Debug {
    /// The position in the table.
    fn index(self) -> usize;
    /// The id at a position. Only the pack makes ids; others take them from its tables.
    #[doc(hidden)]
    fn from_index(index: usize) -> Self;
}

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
        pub struct $name(u32);

        impl Id for $name {
            fn index(self) -> usize {
                self.0 as usize
            }
            fn from_index(index: usize) -> Self {
                // Tables are far smaller than 2^32 entries (a pack file is at most 1 MiB).
                $name(u32::try_from(index).unwrap_or(u32::MAX))
            }
        }

        impl $name {
            /// The position in the table.
            pub fn index(self) -> usize {
                Id::index(self)
            }
        }
    };
}

id!(
    /// An architecture pattern of a pack (`monolith`, …), in the pack's order: simplest first.
    PatternId
);
id!(
    /// A rule of a pack, in the order the rule files define them.
    RuleId
);
id!(
    /// A field of a pack's catalog (`team_size`, …), in catalog order.
    FieldId
);

/// A table indexed by one kind of id.
#[derive(PartialEq)]
pub struct IdVec<I, T> {
    items: Vec<T>,
    id: PhantomData<fn(I) -> I>,
}

/// By hand, so `clone_from` reuses the allocation as `Vec`'s does (a derived `Clone` would
/// allocate anew): the what-if search copies tallies in its inner loop.
impl<I, T: Clone> Clone for IdVec<I, T> {
    fn clone(&self) -> Self {
        self.items.clone().into()
    }

    fn clone_from(&mut self, source: &Self) {
        self.items.clone_from(&source.items);
    }
}

impl<I: Id, T> IdVec<I, T> {
    pub fn new() -> Self {
        Vec::new().into()
    }

    /// An empty table with room for `capacity` items.
    pub fn with_capacity(capacity: usize) -> Self {
        Vec::with_capacity(capacity).into()
    }

    /// A table of `len` copies of `value`: one slot for each id of a table of that length.
    pub fn filled(len: usize, value: T) -> Self
    where
        T: Clone,
    {
        vec![value; len].into()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Appends an item and returns its id.
    pub fn push(&mut self, item: T) -> I {
        self.items.push(item);
        I::from_index(self.items.len() - 1)
    }

    pub fn get(&self, id: I) -> Option<&T> {
        self.items.get(id.index())
    }

    pub fn get_mut(&mut self, id: I) -> Option<&mut T> {
        self.items.get_mut(id.index())
    }

    /// Every id, in order.
    pub fn ids(&self) -> impl DoubleEndedIterator<Item = I> + ExactSizeIterator {
        (0..self.items.len()).map(I::from_index)
    }

    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, T> {
        self.items.iter_mut()
    }

    /// Every item with its id, in order.
    pub fn iter_enumerated(&self) -> impl DoubleEndedIterator<Item = (I, &T)> {
        self.items
            .iter()
            .enumerate()
            .map(|(i, t)| (I::from_index(i), t))
    }

    /// The id of the first item that satisfies `pred`.
    pub fn position(&self, pred: impl FnMut(&T) -> bool) -> Option<I> {
        self.items.iter().position(pred).map(I::from_index)
    }

    /// Whether `id` is an id of this table (used when checking decoded data).
    pub fn contains(&self, id: I) -> bool {
        id.index() < self.items.len()
    }

    pub fn as_slice(&self) -> &[T] {
        &self.items
    }

    pub fn into_vec(self) -> Vec<T> {
        self.items
    }
}

impl<I: Id, T> Default for IdVec<I, T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<I, T> From<Vec<T>> for IdVec<I, T> {
    fn from(items: Vec<T>) -> Self {
        IdVec {
            items,
            id: PhantomData,
        }
    }
}

impl<I: Id, T> FromIterator<T> for IdVec<I, T> {
    fn from_iter<It: IntoIterator<Item = T>>(iter: It) -> Self {
        iter.into_iter().collect::<Vec<T>>().into()
    }
}

impl<I: Id, T> Index<I> for IdVec<I, T> {
    type Output = T;
    fn index(&self, id: I) -> &T {
        &self.items[id.index()]
    }
}

impl<I: Id, T> IndexMut<I> for IdVec<I, T> {
    fn index_mut(&mut self, id: I) -> &mut T {
        &mut self.items[id.index()]
    }
}

impl<'a, I: Id, T> IntoIterator for &'a IdVec<I, T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<I, T: fmt::Debug> fmt::Debug for IdVec<I, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.items.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_index_their_own_table() {
        let mut rules: IdVec<RuleId, &str> = IdVec::new();
        let a = rules.push("a");
        let b = rules.push("b");
        assert_eq!((rules[a], rules[b]), ("a", "b"));
        assert_eq!(rules.ids().collect::<Vec<_>>(), [a, b]);
        assert_eq!(rules.position(|r| *r == "b"), Some(b));
        assert!(rules.contains(b) && !rules.contains(RuleId::from_index(2)));
    }
}
