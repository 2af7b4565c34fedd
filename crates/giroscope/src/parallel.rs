//! Pages side by side on rayon's pool with the `parallel` feature (the default), one after
//! another without it (WebAssembly, or a caller that wants no threads). Each call site is one
//! code path either way: `par_iter` or `into_par_iter`, then `map` and `collect`, which rayon's
//! iterators and the standard ones both have. Results keep their order either way; only the
//! time they take differs.

// Only a multi-page TIFF's pages go through `into_par_iter`, only a PDF's through `par_iter`.
#[cfg(feature = "parallel")]
#[cfg_attr(not(all(feature = "tiff", feature = "pdf")), allow(unused_imports))]
pub(crate) use rayon::iter::{IntoParallelIterator, IntoParallelRefIterator, ParallelIterator};

#[cfg(all(not(feature = "parallel"), feature = "tiff"))]
pub(crate) use sequential::IntoParallelIterator;
#[cfg(all(not(feature = "parallel"), feature = "pdf"))]
pub(crate) use sequential::IntoParallelRefIterator;

/// rayon's entry points as plain iterators.
#[cfg(not(feature = "parallel"))]
mod sequential {
    /// `into_par_iter` is `into_iter`.
    #[cfg(feature = "tiff")]
    pub(crate) trait IntoParallelIterator: IntoIterator + Sized {
        fn into_par_iter(self) -> Self::IntoIter {
            self.into_iter()
        }
    }

    #[cfg(feature = "tiff")]
    impl<I: IntoIterator> IntoParallelIterator for I {}

    /// `par_iter` is `iter`.
    #[cfg(feature = "pdf")]
    pub(crate) trait IntoParallelRefIterator<T> {
        fn par_iter(&self) -> std::slice::Iter<'_, T>;
    }

    #[cfg(feature = "pdf")]
    impl<T> IntoParallelRefIterator<T> for [T] {
        fn par_iter(&self) -> std::slice::Iter<'_, T> {
            self.iter()
        }
    }
}
