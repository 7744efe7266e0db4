//! Values by record key (`StatusTexts::record_key`), for the scans that
//! touch every record of a ledger once per status row: keys of numbers of
//! the `I-0001` form are dense from 1, so they index a vector; other keys
//! (negative, or very large) go to a map.

use rustc_hash::FxHashMap;

/// Keys below this are slots of the vector (a megabyte or so per field at
/// the largest).
const DENSE_KEYS: i64 = 1 << 20;

#[derive(Debug, Default)]
pub struct ByKey<T> {
    dense: Vec<T>,
    sparse: FxHashMap<i64, T>,
}

impl<T: Clone + Default> ByKey<T> {
    /// The value of `key`, made with `T::default()` when new.
    pub fn slot(&mut self, key: i64) -> &mut T {
        match usize::try_from(key) {
            Ok(i) if key < DENSE_KEYS => {
                if self.dense.len() <= i {
                    self.dense.resize(i + 1, T::default());
                }
                &mut self.dense[i]
            }
            _ => self.sparse.entry(key).or_default(),
        }
    }

    /// The value of `key`, if it has a slot (which may hold the default).
    pub fn get(&self, key: i64) -> Option<&T> {
        match usize::try_from(key) {
            Ok(i) if key < DENSE_KEYS => self.dense.get(i),
            _ => self.sparse.get(&key),
        }
    }

    /// Every slot with its key (slots never set hold the default).
    pub fn iter(&self) -> impl Iterator<Item = (i64, &T)> {
        let dense = self.dense.iter().enumerate().map(|(i, v)| (i as i64, v));
        dense.chain(self.sparse.iter().map(|(k, v)| (*k, v)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_of_every_kind_find_their_values() {
        let mut m: ByKey<i64> = ByKey::default();
        for key in [3, 1, DENSE_KEYS - 1, DENSE_KEYS, DENSE_KEYS + 9, -4, 0] {
            *m.slot(key) = key * 10 + 1;
        }
        *m.slot(3) += 1;
        for key in [1, DENSE_KEYS - 1, DENSE_KEYS, DENSE_KEYS + 9, -4, 0] {
            assert_eq!(m.get(key), Some(&(key * 10 + 1)), "{key}");
        }
        assert_eq!(m.get(3), Some(&32));
        assert_eq!(m.get(2), Some(&0), "a slot never set holds the default");
        assert_eq!(m.get(-5), None);
        let mut set: Vec<i64> = m.iter().filter(|(_, v)| **v != 0).map(|(k, _)| k).collect();
        set.sort_unstable();
        assert_eq!(
            set,
            [-4, 0, 1, 3, DENSE_KEYS - 1, DENSE_KEYS, DENSE_KEYS + 9]
        );
    }
}
