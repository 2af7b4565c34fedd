//! Pictures of flagged pages: the HTML report's thumbnails and `--annotate`'s PNGs. The run
//! keeps no pixels, so each input with flagged pages is read once more and only those pages
//! are rendered, in parallel.

use std::io;
use std::path::Path;

use giroscope::pages::Pictures;
use giroscope::render::qa::{QaReport, annotate};
use giroscope::{Lang, Options};
use rayon::prelude::*;

/// Longest side of a page rendered to cut a code's thumbnail out of (an A4 page at 150 dpi).
const CUT_FROM: u32 = 1800;
/// Longest side of a thumbnail.
const THUMBNAIL: u32 = 220;
/// Longest side of an annotated page (an A4 page at 170 dpi).
const ANNOTATED: u32 = 2000;

/// Draws a thumbnail for every row with details.
pub fn thumbnails(qa: &mut QaReport, options: &Options) {
    let pages = qa.flagged_pages(true);
    let by_source = group(&pages);
    let drawn: Vec<(usize, annotate::Thumbnail)> = by_source
        .par_iter()
        .flat_map_iter(|(source, pages)| {
            let bytes = crate::run::read_input(Path::new(source), options).ok();
            let pictures = bytes
                .as_deref()
                .and_then(|b| Pictures::open(b, options).ok());
            let mut drawn = Vec::new();
            if let Some(pictures) = &pictures {
                for page in pages {
                    // Codes with small modules are cut from the page at full resolution, so
                    // that their modules stay sharp in the thumbnail.
                    let small = page
                        .symbols
                        .iter()
                        .any(|s| s.module_px.is_none_or(|px| px < 6.0));
                    let side = match (page.symbols.is_empty(), small) {
                        (true, _) => THUMBNAIL,
                        (false, true) => u32::MAX,
                        (false, false) => CUT_FROM,
                    };
                    let Some(pixels) = pictures.page(page.page, options, side) else {
                        continue;
                    };
                    for &row in &page.rows {
                        let symbol = qa.rows[row].symbol.as_deref();
                        let thumbnail = annotate::thumbnail(
                            &pixels,
                            &symbol.into_iter().collect::<Vec<_>>(),
                            THUMBNAIL,
                        );
                        drawn.push((row, thumbnail));
                    }
                }
            }
            drawn
        })
        .collect();
    for (row, thumbnail) in drawn {
        qa.set_thumbnail(row, thumbnail);
    }
}

/// Writes one PNG per flagged page into `dir`; returns how many.
///
/// # Errors
/// When `dir` cannot be created or a picture not written.
pub fn annotate(qa: &QaReport, dir: &Path, options: &Options, lang: Lang) -> io::Result<usize> {
    std::fs::create_dir_all(dir)?;
    let pages = qa.flagged_pages(false);
    let by_source = group(&pages);
    let written: io::Result<Vec<usize>> = by_source
        .par_iter()
        .map(|(source, pages)| {
            let Some(bytes) = crate::run::read_input(Path::new(source), options).ok() else {
                return Ok(0);
            };
            let Ok(pictures) = Pictures::open(&bytes, options) else {
                return Ok(0);
            };
            pages
                .par_iter()
                .map(|page| {
                    let Some(pixels) = pictures.page(page.page, options, ANNOTATED) else {
                        return Ok(0);
                    };
                    // The enlarged codes come from the page at full resolution.
                    let detail = if page.symbols.is_empty() {
                        None
                    } else {
                        pictures.page(page.page, options, u32::MAX)
                    };
                    let picture = annotate::annotate(&pixels, detail.as_ref(), &page.symbols, lang);
                    let name = match page.page {
                        Some(number) => format!("{}-p{number:04}.png", file_name(source)),
                        None => format!("{}.annotated.png", file_name(source)),
                    };
                    std::fs::write(dir.join(name), annotate::png_rgb(&picture))?;
                    Ok(1)
                })
                .sum::<io::Result<usize>>()
        })
        .collect();
    Ok(written?.iter().sum())
}

/// Flagged pages grouped by input, so each input is opened once; standard input cannot be
/// read twice and gets no pictures.
fn group<'a>(
    pages: &'a [giroscope::render::qa::FlaggedPage<'a>],
) -> Vec<(&'a str, Vec<&'a giroscope::render::qa::FlaggedPage<'a>>)> {
    let mut groups: Vec<(&str, Vec<&giroscope::render::qa::FlaggedPage<'_>>)> = Vec::new();
    for page in pages.iter().filter(|p| p.source != "-") {
        match groups.last_mut() {
            Some((source, pages)) if *source == page.source => pages.push(page),
            _ => groups.push((page.source, vec![page])),
        }
    }
    groups
}

/// A source path as one file name: `print/run/notices.pdf` → `print_run_notices.pdf`.
fn file_name(source: &str) -> String {
    source
        .trim_start_matches("./")
        .trim_start_matches('/')
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | ':') {
                '_'
            } else {
                c
            }
        })
        .collect()
}
